"""Polling day through the office pages: open a round, enter a box twice, count, see the result; scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.accounts.actions import do_create_user
from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Round
from huanjie.polling.models import BallotBox, ElectedMember, VotingRound
from tests.conftest import PASSWORD
from tests.elections.conftest import committee

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


def _tally_post(signed: int, lines: str) -> dict[str, Any]:
    return {
        "voters_signed": signed,
        "ballots_issued": signed,
        "ballots_collected": signed,
        "invalid": 0,
        "blank": 0,
        "votes_director": lines,
    }


def test_it_runs_a_count_through_the_pages(
    client: Any, rnd: Round, today: dt.date, clerk: Any, tree: Any
) -> None:
    clerk2 = do_create_user(
        username="clerk2", password=PASSWORD, role="clerk", scope=tree["Shigou Village"], actor=SYSTEM
    )
    election = committee(rnd, SHIGOU)
    client.force_login(clerk)
    response = client.post(
        f"/office/elections/{election.pk}/polling/",
        {
            "held_on": today.isoformat(),
            "registered": 900,
            "seats_director": 1,
            "candidates_director": "甲\n乙(女)",
            "seats_deputy_director": 0,
            "seats_women_member": 0,
            "seats_member": 0,
        },
    )
    vr = VotingRound.objects.get(election=election)
    assert response.status_code == 302 and vr.contests.get().women == ["乙"]
    client.post(f"/office/voting-rounds/{vr.pk}/", {"name": "中心会场", "kind": "central"})
    box = BallotBox.objects.get(voting_round=vr)
    bad = client.post(f"/office/boxes/{box.pk}/tally/", _tally_post(500, "甲 二百六十"))
    assert "errorlist" in bad.content.decode() and box.entries.count() == 0
    client.post(f"/office/boxes/{box.pk}/tally/", _tally_post(500, "甲 260\n乙 240"))
    client.force_login(clerk2)
    client.post(f"/office/boxes/{box.pk}/tally/", _tally_post(500, "甲，260\n乙：240"))
    box.refresh_from_db()
    assert box.status == "accepted"
    client.post(f"/office/voting-rounds/{vr.pk}/count/")
    page = client.get(f"/office/voting-rounds/{vr.pk}/").content.decode()
    assert "B18" in page and ElectedMember.objects.get(election=election).name == "甲"
    # The elected member's details page: tests/polling/test_elected.py (issue 17: the person's record).


@pytest.mark.parametrize(
    ("persona", "status"),
    [("clerk", 200), ("officer", 200), ("inspector", 200), ("liaison", 404), ("outsider", 404)],
)
def test_it_scopes_the_polling_pages(
    request: Any, client_for: Any, rnd: Round, today: dt.date, persona: str, status: int
) -> None:
    from huanjie.polling.actions import do_add_box, do_open_voting_round

    election = committee(rnd, SHIGOU)
    vr = do_open_voting_round(
        election, held_on=today, registered=10, actor=SYSTEM, contests=[{"post": "director", "seats": 1}]
    )
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/office/elections/{election.pk}/polling/").status_code == status
    assert client.get(f"/office/voting-rounds/{vr.pk}/").status_code == status
    expected = {"clerk": 200, "officer": 200, "inspector": 403, "liaison": 403, "outsider": 404}[persona]
    assert client.get(f"/office/boxes/{box.pk}/tally/").status_code == expected
