from __future__ import annotations

import dataclasses

import pytest

from huanjie.rules.explain import Decision, Reason, decision


def test_it_serialises_a_reason() -> None:
    r = Reason("B18", "OL Art.15", "当选。", "Elected.")
    assert r.to_json() == {"rule": "B18", "article": "OL Art.15", "text_zh": "当选。", "text_en": "Elected."}
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.rule = "B19"  # type: ignore[misc]


def test_it_wraps_one_reason_in_a_decision() -> None:
    r = Reason("B17", "OL", "有效。", "Valid.")
    assert decision(True, r) == Decision(True, (r,))


def test_it_cites_the_residents_committee_law_for_a_community() -> None:
    from huanjie.rules.explain import RCL, cite, for_body

    r = Reason("B18", "村民委员会组织法 (2018) Art.15 ¶2", "当选。", "Elected.")
    assert for_body((r,), "villagers_committee") == (r,)
    (rc,) = for_body((r,), "residents_committee")
    assert rc.article.startswith(f"{RCL} Art.8") and (rc.text_zh, rc.rule) == ("当选。", "B18")
    assert for_body((Reason("B27", "x", "", ""),), "residents_committee")[0].article == f"{RCL} Art.10"
    assert cite("villagers_committee", "B5", "Art.14") == "村民委员会组织法 (2018) Art.14"
    assert "村民委员会组织法" not in cite("residents_committee", "B5", "Art.14")
