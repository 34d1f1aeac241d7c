from __future__ import annotations

from datetime import date

from huanjie.rules.profiles import load
from huanjie.rules.proxies import ProxyRequest, check_proxy, proxy_vote_counts, request_due

D = date(2025, 6, 30)


def test_it_accepts_a_near_relative_voter() -> None:
    d = check_proxy(ProxyRequest("spouse", True), D, load("national"))
    assert d.ok and d.reasons[0].rule == "B12"


def test_it_has_no_cap_or_deadline_nationally() -> None:
    req = ProxyRequest("sibling", True, proxy_is_candidate=True, requested_on=D, proxy_already_holds=9)
    assert check_proxy(req, D, load("national")).ok
    assert request_due(D, load("national")) is None


def test_it_lists_every_failed_condition() -> None:
    req = ProxyRequest("friend", False, proxy_is_candidate=True, requested_on=D, proxy_already_holds=3)
    d = check_proxy(req, D, load("zhejiang"))
    assert not d.ok and len(d.reasons) == 5
    assert "2025-06-27" in d.reasons[-1].text_en


def test_it_uses_the_provincial_deadlines() -> None:
    assert request_due(D, load("zhejiang")) == date(2025, 6, 27)
    assert request_due(D, load("shanghai")) == date(2025, 6, 25)
    assert request_due(D, load("beijing")) == date(2025, 6, 29)


def test_it_voids_unpublished_proxies_where_the_profile_says() -> None:
    assert proxy_vote_counts(True, load("zhejiang")).ok
    assert not proxy_vote_counts(False, load("zhejiang")).ok
    national = proxy_vote_counts(False, load("national"))
    assert national.ok and "breach" in national.reasons[0].text_en
