"""The joint qualification review: each department clears or flags; a flagged candidate stays off the
formal list (the next in vote order backfills) unless a district administrator overrides in writing.
Publishing the formal list completes the stage with the list as the notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.candidates.actions import do_publish_candidate_list, do_record_nomination_meeting, do_set_seats
from huanjie.candidates.departments import DEPARTMENT_KEYS
from huanjie.candidates.lists import candidate_notes, formal_contests, lists, review_status
from huanjie.candidates.models import Override, Review
from huanjie.candidates.reviews import do_override_review, do_record_review
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Election, Notice, Round
from huanjie.voters.models import Resident
from tests.candidates.conftest import (
    NAMESAKE,
    SEATS,
    SHIGOU,
    STANDARD,
    clear,
    nominate,
    open_nomination,
    person,
)
from tests.elections.conftest import walk

pytestmark = pytest.mark.django_db
EVERYONE = [n for lines in STANDARD.values() for n, _v in lines]


def _flag(election: Election, name: str, today: dt.date, actor: Any = SYSTEM) -> None:
    do_record_review(
        election, person=person(election, name), department="petitions", verdict="flagged", reason="涉及信访事项尚未办结",
        reviewed_on=today, actor=actor,
    )  # fmt: skip


def test_it_keeps_a_flagged_candidate_off_unless_overridden(
    shigou: Election, today: dt.date, officer: Any, admin: Any
) -> None:
    nominate(shigou, today, **STANDARD)
    clear(shigou, today, EVERYONE, actor=officer)
    _flag(shigou, "王强", today, actor=officer)
    assert [r.name for r in formal_contests(shigou)[0]["candidates"]] == ["张伟", "李军"]
    assert lists(shigou).posts[0].backfills == (("李军", "王强"),)
    with pytest.raises(NotAllowed):
        do_override_review(
            shigou, person=person(shigou, "王强"), reason="经核实信访事项与本人无关", actor=officer
        )
    with pytest.raises(ActionError, match="in writing"):
        do_override_review(shigou, person=person(shigou, "王强"), reason="", actor=admin)
    with pytest.raises(ActionError, match="Only a flagged"):
        do_override_review(shigou, person=person(shigou, "张伟"), reason="无", actor=admin)
    do_override_review(shigou, person=person(shigou, "王强"), reason="经核实信访事项与本人无关", actor=admin)
    assert [r.name for r in formal_contests(shigou)[0]["candidates"]] == ["张伟", "王强"]
    assert Override.objects.count() == 1


def test_it_refuses_a_clerk_reviewing_and_a_flag_without_reason(
    shigou: Election, today: dt.date, clerk: Any, officer: Any
) -> None:
    nominate(shigou, today, **STANDARD)
    with pytest.raises(NotAllowed):
        do_record_review(
            shigou,
            person=person(shigou, "张伟"),
            department="court",
            verdict="cleared",
            reason="",
            reviewed_on=today,
            actor=clerk,
        )
    with pytest.raises(ActionError, match="needs its reason"):
        do_record_review(
            shigou,
            person=person(shigou, "张伟"),
            department="court",
            verdict="flagged",
            reason=" ",
            reviewed_on=today,
            actor=officer,
        )
    with pytest.raises(ActionError, match="not nominated"):
        do_record_review(
            shigou,
            person=person(shigou, "吴磊"),
            department="court",
            verdict="cleared",
            reason="",
            reviewed_on=today,
            actor=officer,
        )
    assert not Review.objects.exists()


def test_it_publishes_the_formal_list_as_the_stage_notice(
    client: Any, shigou: Election, today: dt.date, clerk: Any, officer: Any
) -> None:
    nominate(shigou, today, **STANDARD)
    walk(shigou, "qualification_review", today)
    with pytest.raises(ActionError, match=r"joint review of .* is not finished"):
        do_publish_candidate_list(shigou, published_on=today, actor=clerk)
    clear(shigou, today, EVERYONE, actor=officer)
    _flag(shigou, "马芳", today, actor=officer)
    assert candidate_notes(shigou) == (
        "正式候选人名单（按提名得票多少排序）：\n"
        "主任（应选1名，候选人2名）：张伟（提名得票6）、王强（提名得票4）\n"
        "副主任（应选1名，候选人2名）：刘洋（提名得票7）、陈刚（提名得票4）\n"
        "妇女委员（应选1名，候选人2名）：孙丽（女）（提名得票7）、朱燕（女）（提名得票1）\n"
        "委员（应选2名，候选人3名）：杨林（提名得票9）、赵鹏（提名得票7）、黄海（提名得票5）\n"
        "退出或未通过资格联审的候选人依提名得票多少依次递补：朱燕递补马芳。"
    )
    client.force_login(clerk)
    response = client.post(
        f"/office/elections/{shigou.pk}/candidates/publish/", {"published_on": today.isoformat()}
    )
    assert response.status_code == 302
    notice = Notice.objects.get(election=shigou, stage="candidate_list")
    assert (
        "妇女委员（应选1名，候选人2名）：孙丽（女）（提名得票7）、朱燕（女）（提名得票1）" in notice.body_zh
    )
    page = client.get(f"/office/elections/{shigou.pk}/candidates/").content.decode()
    assert f"/office/notices/{notice.pk}/" in page and 'id="publish"' not in page
    with pytest.raises(ActionError, match=r"formal list is published|正式候选人名单已公布"):
        nominate(shigou, today, director=[("吴磊", 1)])


def test_it_prefills_the_first_ballot_from_the_formal_list(
    client: Any, shigou: Election, today: dt.date, clerk: Any, officer: Any
) -> None:
    nominate(shigou, today, **STANDARD)
    clear(shigou, today, EVERYONE, actor=officer)
    client.force_login(clerk)
    page = client.get(f"/office/elections/{shigou.pk}/polling/").content.decode()
    # The formal list's persons, ticked, in list order (each with group and year of birth, a woman marked);
    # the seats as the list has them.
    director = page[page.index('name="candidates_director"') - 400 :]
    assert director.index("张伟（") < director.index("王强（") and "checked" in director
    women = page[page.index("孙丽（") :]
    assert women.index("孙丽（") < women.index("马芳（") and ("(woman)" in women or "（女）" in women)
    assert 'name="seats_member" value="2"' in page


def test_it_keeps_the_reviews_of_two_namesakes_apart(
    client: Any, rnd: Round, today: dt.date, officer: Any, admin: Any
) -> None:
    """Two 王建国 nominated for member: one is flagged, the other cleared; the list, the override and the
    review page tell them apart (by villager group)."""
    election = open_nomination(rnd, SHIGOU, today, namesakes=2)
    first, second = Resident.objects.filter(unit=election.unit, name=NAMESAKE).order_by("group")
    lines: dict[str, list[tuple[str | Resident, int]]] = {post: list(ls) for post, ls in STANDARD.items()}
    lines["member"] = [(first, 9), (second, 7), ("黄海", 5), ("周斌", 2)]
    do_set_seats(election, seats=SEATS, sizes={}, actor=SYSTEM)
    do_record_nomination_meeting(election, held_on=today, present=12, results=lines, actor=SYSTEM)
    clear(election, today, [n for post, ls in STANDARD.items() if post != "member" for n, _v in ls])
    clear(election, today, ["黄海", "周斌"])
    for department in DEPARTMENT_KEYS:
        do_record_review(
            election, person=first, department=department, verdict="cleared", reason="", reviewed_on=today,
            actor=officer,
        )  # fmt: skip
    _flag_person(election, second, today, officer)
    assert Review.objects.filter(election=election, name=NAMESAKE).count() == len(DEPARTMENT_KEYS) + 1
    member = next(pl for pl in lists(election).posts if pl.post == "member")
    assert [(n.name, n.votes) for n in member.formal] == [(NAMESAKE, 9), ("黄海", 5), ("周斌", 2)]
    status = review_status(election)
    assert {status[r].status for r in status if status[r].name == NAMESAKE} == {"cleared", "flagged"}
    do_override_review(election, person=second, reason="经核实与本人无关", actor=admin)
    assert Override.objects.get().resident == second
    client.force_login(officer)
    page = client.get(f"/office/elections/{election.pk}/review/").content.decode()
    assert "王建国（第1组" in page and "王建国（第2组" in page


def _flag_person(election: Election, who: Resident, today: dt.date, actor: Any) -> None:
    do_record_review(
        election, person=who, department="petitions", verdict="flagged", reason="涉及信访事项尚未办结",
        reviewed_on=today, actor=actor,
    )  # fmt: skip
