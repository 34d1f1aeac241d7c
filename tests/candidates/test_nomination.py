"""Nomination: meeting results and individual forms with each voter's cap, the formal list in vote order,
withdrawal and backfill, the differential and women checks, committee members who must leave."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.auditlog.models import Event
from huanjie.candidates.actions import (
    do_add_committee_member,
    do_record_leaving,
    do_record_nomination_form,
    do_record_nomination_meeting,
    do_set_seats,
    do_withdraw_nomination,
)
from huanjie.candidates.lists import formal_contests, lists
from huanjie.candidates.models import Nomination, NominationSlip, Seat
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Election, Round
from huanjie.voters.models import Resident
from tests.candidates.conftest import SEATS, SHIGOU, STANDARD, nominate, open_nomination, person, villagers

pytestmark = pytest.mark.django_db


def _failed(election: Election) -> list[str]:
    return [c.reason.rule for c in lists(election).checks if not c.ok]


def test_it_orders_the_formal_list_by_nomination_votes(shigou: Election, today: dt.date, clerk: Any) -> None:
    do_set_seats(shigou, seats=SEATS, sizes={"member": 3}, actor=clerk)
    results = {**STANDARD, "director": [("李军", 2), ("张伟", 6), ("王强", 4)]}
    do_record_nomination_meeting(shigou, held_on=today, present=12, results=results, actor=clerk)
    # The formal list as polling takes it: persons (residents), never names (issue 17).
    assert [
        (c["post"], c["seats"], [(r.name, r.sex == "female") for r in c["candidates"]])
        for c in formal_contests(shigou)
    ] == [
        ("director", 1, [("张伟", False), ("王强", False)]),
        ("deputy_director", 1, [("刘洋", False), ("陈刚", False)]),
        ("women_member", 1, [("孙丽", True), ("马芳", True)]),
        ("member", 2, [("杨林", False), ("赵鹏", False), ("黄海", False)]),
    ]
    assert Event.objects.filter(action="candidates.record_meeting").count() == 1
    # Only the review is outstanding: the differential and the women check pass.
    assert _failed(shigou) == ["A1"]


def test_it_refuses_a_meeting_whose_votes_exceed_each_voters_cap(shigou: Election, today: dt.date) -> None:
    do_set_seats(shigou, seats=SEATS, sizes={}, actor=SYSTEM)
    with pytest.raises(ActionError, match="more than each naming 1"):
        do_record_nomination_meeting(
            shigou, held_on=today, present=12, results={**STANDARD, "director": [("张伟", 8), ("王强", 7)]},
            actor=SYSTEM,
        )  # fmt: skip
    with pytest.raises(ActionError, match="between 0 and the voters present"):
        do_record_nomination_meeting(
            shigou, held_on=today, present=5, results={"director": [("张伟", 6)]}, actor=SYSTEM
        )
    with pytest.raises(ActionError, match="not a registered voter"):
        do_record_nomination_meeting(
            shigou, held_on=today, present=5, results={"director": [("路人", 1)]}, actor=SYSTEM
        )
    assert not Nomination.objects.exists()


def test_it_caps_each_voters_nomination_forms(shigou: Election, today: dt.date, clerk: Any) -> None:
    do_set_seats(shigou, seats=SEATS, sizes={}, actor=clerk)
    with pytest.raises(ActionError, match="at most 1"):
        do_record_nomination_form(
            shigou,
            voter_name="吴磊",
            post="director",
            nominees=["张伟", "王强"],
            submitted_on=today,
            actor=clerk,
        )
    do_record_nomination_form(
        shigou, voter_name="吴磊", post="director", nominees=["张伟"], submitted_on=today, actor=clerk
    )
    with pytest.raises(ActionError, match="named 1 already"):
        do_record_nomination_form(
            shigou, voter_name="吴磊", post="director", nominees=["王强"], submitted_on=today, actor=clerk
        )
    do_record_nomination_form(
        shigou, voter_name="周斌", post="member", nominees=["张伟", "黄海"], submitted_on=today, actor=clerk
    )
    do_record_nomination_form(
        shigou, voter_name="黄海", post="director", nominees=["张伟"], submitted_on=today, actor=clerk
    )
    votes = dict(Nomination.objects.filter(post="director").values_list("name", "votes"))
    assert votes == {"张伟": 2} and NominationSlip.objects.count() == 4
    with pytest.raises(ActionError, match="already recorded"):
        do_record_nomination_meeting(
            shigou, held_on=today, present=12, results={"director": [("王强", 3)]}, actor=clerk
        )
    # 张伟 stands for two posts: the formal list says he must choose one in writing.
    assert "B8" in _failed(shigou)


def test_it_backfills_a_withdrawal_in_vote_order(shigou: Election, today: dt.date, clerk: Any) -> None:
    nominate(shigou, today, **STANDARD)
    second = Nomination.objects.get(election=shigou, post="director", name="王强")
    with pytest.raises(ActionError, match="in writing"):
        do_withdraw_nomination(second, withdrawn_on=today, reason=" ", actor=clerk)
    do_withdraw_nomination(second, withdrawn_on=today, reason="本人书面申请退出", actor=clerk)
    director = lists(shigou).posts[0]
    assert [n.name for n in director.formal] == ["张伟", "李军"]
    assert director.backfills == (("李军", "王强"),)
    with pytest.raises(ActionError, match="already withdrawn"):
        do_withdraw_nomination(second, withdrawn_on=today, reason="再次", actor=clerk)


def test_it_checks_the_differential_and_a_woman_among_the_candidates(
    shigou: Election, today: dt.date
) -> None:
    # No separate women-member post here: then the women check looks at all the candidates.
    do_set_seats(shigou, seats={"director": 1, "deputy_director": 1, "member": 3}, sizes={}, actor=SYSTEM)
    do_record_nomination_meeting(
        shigou, held_on=today, present=12,
        results={"director": [("张伟", 6)], "deputy_director": [("刘洋", 7), ("陈刚", 4)],
                 "member": [("杨林", 9), ("赵鹏", 7), ("黄海", 5), ("周斌", 2), ("孙丽", 1)]},
        actor=SYSTEM,
    )  # fmt: skip
    checks = lists(shigou).checks
    texts = [c.reason.text_zh for c in checks if not c.ok]
    assert "主任：应选1名，正式候选人1名，应至少2名。" in texts  # OL Art.15: more than the seats
    assert any("提名得票最多的女性孙丽" in t for t in texts)
    with pytest.raises(ActionError, match="profile allows 3 to 7"):
        do_set_seats(shigou, seats={"director": 1, "member": 7}, sizes={}, actor=SYSTEM)
    with pytest.raises(ActionError, match="need at least 3"):
        do_set_seats(shigou, seats={"director": 1, "member": 2}, sizes={"member": 2}, actor=SYSTEM)
    assert Seat.objects.filter(election=shigou).count() == 3


def test_it_refuses_a_man_for_the_women_member_post(shigou: Election, today: dt.date) -> None:
    do_set_seats(shigou, seats=SEATS, sizes={}, actor=SYSTEM)
    with pytest.raises(ActionError, match="only women"):
        do_record_nomination_meeting(
            shigou,
            held_on=today,
            present=12,
            results={"women_member": [("孙丽", 5), ("张伟", 3)]},
            actor=SYSTEM,
        )
    assert not Nomination.objects.exists()


def test_it_refuses_a_committee_member_until_they_leave(shigou: Election, today: dt.date, clerk: Any) -> None:
    zhang = person(shigou, "张伟")
    member = do_add_committee_member(shigou, resident=zhang, duty="主任", actor=clerk)
    assert (member.name, member.resident) == ("张伟", zhang)
    do_set_seats(shigou, seats=SEATS, sizes={}, actor=clerk)
    with pytest.raises(ActionError, match="sits on the election committee"):
        nominate(shigou, today, **STANDARD)
    assert not Nomination.objects.exists()
    with pytest.raises(ActionError, match="why they leave"):
        do_record_leaving(member, left_on=today, reason="", actor=clerk)
    do_record_leaving(member, left_on=today, reason="被提名为主任候选人,依法退出选举委员会", actor=clerk)
    nominate(shigou, today, **STANDARD)
    assert Nomination.objects.filter(name="张伟").exists()


def test_it_finds_the_committee_member_by_person_not_name(
    shigou: Election, today: dt.date, clerk: Any
) -> None:
    """OL Art.12 by the record: a namesake of a sitting member may be nominated; a sitting member the
    office has not tied to a resident stops nominees of that name until it says who they are."""
    villagers(shigou, ["张伟"], "male", start=30)  # a second 张伟, registered after the roll: not a voter
    other = Resident.objects.filter(unit=shigou.unit, name="张伟").order_by("-pk").first()
    assert other is not None
    do_add_committee_member(shigou, resident=other, duty="委员", actor=clerk)
    do_set_seats(shigou, seats=SEATS, sizes={}, actor=clerk)
    first = Resident.objects.filter(unit=shigou.unit, name="张伟").order_by("pk").first()
    assert first is not None
    do_record_nomination_meeting(
        shigou, held_on=today, present=12, results={"director": [(first, 6), ("王强", 4)]}, actor=clerk
    )
    assert Nomination.objects.get(name="张伟").resident == first
    do_add_committee_member(shigou, name="王强", duty="委员", actor=clerk)  # by name: not tied to anyone
    with pytest.raises(ActionError, match="not tied to a resident"):
        do_record_nomination_meeting(
            shigou, held_on=today, present=12, results={"member": [("王强", 3)]}, actor=clerk
        )


def test_it_refuses_writes_outside_the_scope_and_for_readers(
    shigou: Election, today: dt.date, liaison: Any, inspector: Any
) -> None:
    for actor in (liaison, inspector):
        with pytest.raises(NotAllowed):
            do_set_seats(shigou, seats=SEATS, sizes={}, actor=actor)
    assert not Seat.objects.exists()


def test_it_refuses_nominations_before_the_voter_list(rnd: Any, today: dt.date) -> None:
    from tests.elections.conftest import committee

    election = committee(rnd, "620102023202")
    with pytest.raises(ActionError, match="voter list first"):
        do_record_nomination_meeting(
            election, held_on=today, present=1, results={"director": [("x", 1)]}, actor=SYSTEM
        )


def _profile(election: Election, name: str) -> Election:
    Round.objects.filter(pk=election.round_id).update(profile=name)
    return Election.objects.select_related("round", "unit").get(pk=election.pk)


@pytest.mark.parametrize(
    ("profile", "post", "seats", "size", "lawful"),
    [
        ("national", "director", 1, 3, True),  # OL Art.15: more than the seats, no ceiling
        ("national", "director", 1, 1, False),  # an equal-number election
        ("henan", "director", 1, 3, False),  # HN: director +1
        ("beijing", "director", 1, 3, True),  # BJ: every post +1..+2
        ("shanghai", "member", 3, 6, True),  # SH: members +1..+3
        ("shanghai", "member", 3, 7, False),
    ],
)
def test_it_takes_the_provinces_differential(
    shigou: Election, profile: str, post: str, seats: int, size: int, lawful: bool
) -> None:
    election = _profile(shigou, profile)
    wanted = {"director": 1, "deputy_director": 1, "member": 3, post: seats}
    if lawful:
        do_set_seats(election, seats=wanted, sizes={post: size}, actor=SYSTEM)
        assert Seat.objects.get(election=election, post=post).size == size
    else:
        with pytest.raises(ActionError, match="formal candidates") as refused:
            do_set_seats(election, seats=wanted, sizes={post: size}, actor=SYSTEM)
        assert refused.value.field == "seats" and not Seat.objects.filter(election=election).exists()


def test_it_refuses_a_formal_list_whose_women_member_post_has_no_woman(
    shigou: Election, today: dt.date
) -> None:
    # B21, OL Art.6: the women-member post with no woman candidate is refused, not left to men.
    do_set_seats(shigou, seats=SEATS, sizes={}, actor=SYSTEM)
    nominate(shigou, today, **{k: v for k, v in STANDARD.items() if k != "women_member"})
    current = lists(shigou)
    refused = [c.reason for c in current.checks if not c.ok and c.reason.rule == "B21"]
    assert refused and "no woman stands" in refused[0].text_en and "Art.6" in refused[0].article
    assert not current.ok


def test_it_takes_namesakes_by_their_villager_group(rnd: Round, today: dt.date, clerk: Any) -> None:
    """Two 王建国 on the roll: the name alone is refused (which one?), the name with the group in brackets,
    as the notices write it, nominates that one."""
    election = open_nomination(rnd, SHIGOU, today, namesakes=2)
    do_set_seats(election, seats=SEATS, sizes={}, actor=clerk)
    with pytest.raises(ActionError, match="villager group in brackets"):
        do_record_nomination_meeting(
            election, held_on=today, present=12, results={"member": [("王建国", 5)]}, actor=clerk
        )
    do_record_nomination_meeting(
        election, held_on=today, present=12, actor=clerk,
        results={"member": [("王建国（第2组）", 5), ("王建国(第1组)", 4)]},
    )  # fmt: skip
    groups = {n.resident.group: n.votes for n in Nomination.objects.filter(election=election, name="王建国")}
    assert groups == {"第2组": 5, "第1组": 4}
