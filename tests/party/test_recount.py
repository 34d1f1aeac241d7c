"""The migration's recount of stored party voting rounds (huanjie/party/recount.py): a round counted under
the old reading (base present, quorum ≥ 4/5) is recounted under PR2020 (P3 more than four fifths, P6 the
members who should attend); the change is recorded — finding, corrected notice, audit event — not hidden."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from huanjie.auditlog.models import Event
from huanjie.auditlog.record import verify_chain
from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import publish_notice
from huanjie.elections.models import Election, Finding, Notice
from huanjie.elections.notices import NoticeText
from huanjie.party.actions import do_open_assembly
from huanjie.party.recount import CODE, recount_party_rounds
from huanjie.polling.models import ElectedMember, VotingRound
from huanjie.rules import profiles
from tests.party.test_assembly import CLEAR, VOTES, _attend, _branch_of_52, _enter

pytestmark = pytest.mark.django_db
OLD = dataclasses.replace(profiles.load("gansu"), party_majority_base="present", party_quorum_strict=False)


def _old_rule_vote(
    branch: Election, today: dt.date, monkeypatch: pytest.MonkeyPatch, present: int, votes: dict[str, int]
) -> VotingRound:
    members = _branch_of_52(branch, today)
    with monkeypatch.context() as m:  # counted as the code did before the second reading
        m.setattr(profiles, "load", lambda name: OLD)
        _attend(branch, members, present, today)
        vr = do_open_assembly(branch, held_on=today, actor=SYSTEM)
        _enter(vr, present, {"committee_member": votes})
    with transaction.atomic():
        text = NoticeText(
            "石沟村党组织换届选举结果公告", "Result", "结果已经批复。", "Approved.", "选举委员会", "EC"
        )
        publish_notice(branch, stage="party_result_approval", text=text, actor=SYSTEM)
    return vr


def test_it_recounts_on_the_members_who_should_attend(
    branch: Election, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D17: 50 expected, 44 present; the old count seated a–e on the 44 present, PR2020 seats a, b, c."""
    vr = _old_rule_vote(branch, today, monkeypatch, 44, VOTES)
    assert set(ElectedMember.objects.values_list("name", flat=True)) == set("abcde")
    events = Event.objects.count()
    # the migration's kind of models (historical: no methods of the app's own), at the schema of the test
    # database — the state at party.0002 has the clear birth column that polling.0006 sealed and dropped
    state = MigrationExecutor(connection).loader.project_state()
    assert recount_party_rounds(state.apps, today) == [branch.pk]
    vr.refresh_from_db()
    assert set(ElectedMember.objects.values_list("name", flat=True)) == set("abc")
    assert vr.result is not None
    name = {ref: p["name"] for ref, p in vr.result["people"].items()}  # the count keys persons by reference
    assert [name[r] for r in vr.result["contests"][0]["runoff_candidates"]] == ["d", "e", "f"]
    assert [name[r] for r in vr.result["recount"]["original"]["contests"][0]["elected"]] == list("abcde")
    assert {m.member.name for m in ElectedMember.objects.select_related("member") if m.member} == set("abc")
    finding = Finding.objects.get(code=CODE)
    assert finding.election == branch and finding.severity == "high" and "P6" in finding.article
    assert "a、b、c、d、e" in finding.text_zh and "缺额2名" in finding.text_zh
    assert "a, b, c, d, e elected" in finding.text_en and "a, b, c elected, 2 seat(s) open" in finding.text_en
    old, new = Notice.objects.order_by("version")
    assert (
        new.replaces == old
        and new.version == 2
        and "（更正）" in new.title_zh
        and finding.text_zh in new.body_zh
    )
    assert Event.objects.count() == events + 1 and Event.objects.first().action == "party.recount"  # type: ignore[union-attr]
    assert verify_chain() is None
    assert recount_party_rounds(apps, today) == []  # once recounted, nothing changes again
    assert Finding.objects.filter(code=CODE).count() == 1 and Notice.objects.count() == 2


def test_it_voids_an_assembly_held_at_exactly_four_fifths(
    branch: Election, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D15: 40 of the 50 expected is not more than four fifths: the old count's winners are not elected."""
    _old_rule_vote(branch, today, monkeypatch, 40, {"a": 40, "b": 38, "c": 36, "d": 34, "e": 32})
    assert ElectedMember.objects.count() == 5
    assert recount_party_rounds(apps, today) == [branch.pk]
    assert not ElectedMember.objects.exists()
    assert "选举无效" in Finding.objects.get(code=CODE).text_zh


def test_it_leaves_a_lawful_outcome_alone(
    branch: Election, today: dt.date, monkeypatch: pytest.MonkeyPatch
) -> None:
    vr = _old_rule_vote(branch, today, monkeypatch, 44, CLEAR)
    assert vr.result is not None
    result = dict(vr.result)
    assert recount_party_rounds(apps, today) == []
    vr.refresh_from_db()
    assert vr.result == result and not Finding.objects.exists() and Notice.objects.count() == 1


def test_it_shows_the_district_both_outcomes(
    branch: Election, today: dt.date, monkeypatch: pytest.MonkeyPatch, admin: Any, client_for: Any
) -> None:
    _old_rule_vote(branch, today, monkeypatch, 44, VOTES)
    recount_party_rounds(apps, today)
    page = client_for(admin).get(reverse("elections:findings", args=[branch.round_id]))
    html = page.content.decode()
    assert page.status_code == 200 and "a、b、c、d、e" in html and "缺额2名" in html
