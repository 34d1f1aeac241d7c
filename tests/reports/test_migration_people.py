"""reports.0004 on a database with names (issue 17): rows that named a person by a string are tied to the
record where exactly one person of that name matches in the unit (the election's nominees first); the
others keep no person and are listed for the clerk; an elected member's typed-in education and party
membership move onto the resident, and polling.0008 drops the columns. Nothing is guessed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from huanjie.candidates.models import Assessment, CommitteeMember, Nomination, Review
from huanjie.core.actions import SYSTEM
from huanjie.demo.people import make_id_number
from huanjie.elections.models import Round
from huanjie.polling.actions import do_open_voting_round
from huanjie.polling.models import ElectedMember
from huanjie.reports.resolve import rows_for
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident
from huanjie.voters.people import RESIDENT, person_ref
from tests.elections.conftest import committee

BEFORE = [
    ("reports", "0003_previous_member_person"),
    ("candidates", "0002_reviews_assessments_committee_by_person"),
    ("polling", "0007_people_not_names"),
]


def _resident(unit: Any, name: str, k: int, group: str) -> Resident:
    number = make_id_number("620102", dt.date(1970 + k, 3, 1), 500 + k, "male")
    return Resident.objects.create(
        unit=unit, name=name, sex="male", birth_year=1970 + k, id_hash=idcrypto.id_hash(number),
        id_masked=idcrypto.mask(number), id_cipher=idcrypto.encrypt(number), group=group,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_it_resolves_names_where_exactly_one_person_matches(rnd: Round) -> None:
    election = committee(rnd, "620102023201")
    unit = election.unit
    li = _resident(unit, "李四", 1, "第1组")
    wang1, wang2 = _resident(unit, "王建国", 2, "第1组"), _resident(unit, "王建国", 3, "第2组")
    zhao = _resident(unit, "赵六", 4, "第3组")
    for post, who in (("director", li), ("member", wang1), ("member", wang2)):
        Nomination.objects.create(
            election=election, post=post, resident=who, name=who.name, votes=5, source="meeting",
            nominated_on=dt.date(2026, 11, 1),
        )  # fmt: skip
    vr = do_open_voting_round(
        election, held_on=dt.date(2026, 12, 20), registered=10, actor=SYSTEM,
        contests=[{"post": "director", "seats": 1, "candidates": [li]}],
    )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        review, assessment = old.get_model("candidates", "Review"), old.get_model("candidates", "Assessment")
        day = dt.date(2026, 11, 2)
        for name in ("李四", "王建国", "路人"):
            review.objects.create(
                election_id=election.pk, name=name, department="court", verdict="cleared", reviewed_on=day
            )
        assessment.objects.create(
            election_id=election.pk, name="赵六", post="director", held_on=day, participants=10, excellent=5,
            competent=3, basic=1, incompetent=0, talks=3, conclusion="suitable",
        )  # fmt: skip
        old.get_model("candidates", "CommitteeMember").objects.create(election_id=election.pk, name="赵六")
        old.get_model("candidates", "CommitteeMember").objects.create(election_id=election.pk, name="王建国")
        old.get_model("polling", "ElectedMember").objects.create(
            election_id=election.pk, voting_round_id=vr.pk, post="director", name="李四", votes=8,
            education="college", party_member=True, sex="male", ethnicity="汉族",
        )  # fmt: skip
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    reviews = {r.name: r for r in Review.objects.filter(election=election)}
    assert (reviews["李四"].resident, reviews["李四"].ref) == (li, person_ref(election.pk, RESIDENT, li.pk))
    assert (reviews["王建国"].resident, reviews["王建国"].ref) == (None, "")  # two nominees of that name
    assert (reviews["路人"].resident, reviews["路人"].ref) == (None, "")  # no one of that name
    assert Assessment.objects.get().resident == zhao  # not nominated: the one resident of that name
    members = {m.name: m.resident for m in CommitteeMember.objects.filter(election=election)}
    assert members == {"赵六": zhao, "王建国": None}
    elected = ElectedMember.objects.get(election=election)
    assert elected.resident == li and elected.ref == person_ref(election.pk, RESIDENT, li.pk)
    li.refresh_from_db()
    assert (li.education, li.party_member) == ("college", True)  # moved onto the person's record
    assert (elected.education, elected.party_member) == ("college", True)
    listed = {(r.kind, r.name) for r in rows_for(None, rnd)}
    assert listed == {("review", "王建国"), ("review", "路人"), ("committee", "王建国")}
    wangs = next(r for r in rows_for(None, rnd) if r.kind == "review" and r.name == "王建国")
    assert [o.key for o in wangs.options] == [f"r{wang1.pk}", f"r{wang2.pk}"]  # shown apart, not chosen
