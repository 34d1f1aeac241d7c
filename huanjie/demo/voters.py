"""The demo's voter rolls: each committee election's roll built from the demo residents, through the
same actions the office uses, and a couple of objections once the list is posted.

`build_voters_demo(rnd, as_of)` must run after the election days are fixed and before any election's
VOTER_LIST stage is completed (the list as posted is the roll at that moment); the objections are
lodged and decided only for elections whose list is already posted by then, each on its own day (what
they publish carries that day, as the rest of the replayed round does) — call it again after the
stage completions to add them (it is idempotent: a roll already built is left as it is, an election
that already has objections gets no more).
"""

from __future__ import annotations

import datetime as dt

from huanjie.core import clock
from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election, Round
from huanjie.rules.eligibility import age_on
from huanjie.voters.actions import COMMITTEES, do_build_roll
from huanjie.voters.models import Objection, ObjectionKind, Resident, Voter, VoterStatus
from huanjie.voters.objections import do_decide_objection, do_lodge_objection, window

OBJECTION_UNITS = ("石沟村", "上坪村")


def build_voters_demo(rnd: Round, as_of: dt.date) -> None:
    elections = (
        Election.objects.filter(round=rnd, kind__in=COMMITTEES, election_day__isnull=False)
        .select_related("round", "unit", "body")
        .order_by("unit__code")
    )
    for election in elections:
        if not Voter.objects.filter(election=election).exists():
            do_build_roll(election, actor=SYSTEM)
    for election in elections.filter(unit__name__in=OBJECTION_UNITS):
        _objections(election, as_of)


def _objections(election: Election, as_of: dt.date) -> None:
    span = window(election)
    if span is None or Objection.objects.filter(election=election).exists():
        return
    first, last = span
    lodged = min(first + dt.timedelta(days=2), last)
    if lodged > as_of:
        return
    day = election.election_day
    assert day is not None  # window() is None without an election day
    # An adult villager away from home, left off the list: the objection the law is made for (B2 cat. 2).
    away = next(
        (
            r
            for r in Resident.objects.filter(unit=election.unit, hukou_here=True, lives_here=False)
            .exclude(voters__election=election)
            .order_by("pk")
            if age_on(r.birth_date, day) >= 18
        ),
        None,
    )
    if away is not None:
        with clock.replaying(lodged):
            objection = do_lodge_objection(
                election,
                resident=away,
                kind=ObjectionKind.OMITTED,
                lodged_by=f"{away.name}的家属",
                grounds="本人户籍在本村，常年在外务工，已书面表示参加本届选举，但未列入选民名单。",
                lodged_on=lodged,
                actor=SYSTEM,
            )
        decided = min(lodged + dt.timedelta(days=2), as_of)
        if decided == lodged + dt.timedelta(days=2):
            with clock.replaying(decided):
                do_decide_objection(
                    objection,
                    accept=True,
                    reasons="经核实，申诉人户籍在本村，本人已书面表示参加选举，符合登记条件（第二类）。",
                    decided_on=decided,
                    actor=SYSTEM,
                )
    listed = (
        Voter.objects.filter(election=election, status=VoterStatus.REGISTERED, resident__lives_here=True)
        .select_related("resident")
        .order_by("pk")
        .first()
    )
    if listed is not None:
        with clock.replaying(lodged):
            objection = do_lodge_objection(
                election,
                resident=listed.resident,
                kind=ObjectionKind.WRONGLY_LISTED,
                lodged_by="村民李某",
                grounds="认为此人已迁往兰州市区居住，不应列入本村选民名单。",
                lodged_on=lodged,
                actor=SYSTEM,
            )
        if lodged + dt.timedelta(days=1) <= as_of:
            with clock.replaying(lodged + dt.timedelta(days=1)):
                do_decide_objection(
                    objection,
                    accept=False,
                    reasons="经核实，此人户籍在本村且仍在本村居住，申诉理由不成立，维持原选民名单。",
                    decided_on=lodged + dt.timedelta(days=1),
                    actor=SYSTEM,
                )
