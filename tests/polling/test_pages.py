"""Polling day through the office pages: open a round, enter a box twice, count, see the result; scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.accounts.actions import do_create_user
from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Round
from huanjie.polling.models import BallotBox, ElectedMember, VotingRound
from huanjie.voters.models import Resident
from tests.candidates.conftest import STANDARD, clear, nominate, open_nomination
from tests.conftest import PASSWORD
from tests.elections.conftest import committee

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


def _tally_post(signed: int, first: str, second: str, written: str = "") -> dict[str, Any]:
    return {
        "voters_signed": signed,
        "ballots_issued": signed,
        "ballots_collected": signed,
        "invalid": 0,
        "blank": 0,
        "votes_director_1": first,
        "votes_director_2": second,
        "writeins_director": written,
    }


def test_it_runs_a_count_through_the_pages(
    client: Any, rnd: Round, today: dt.date, clerk: Any, tree: Any
) -> None:
    clerk2 = do_create_user(
        username="clerk2", password=PASSWORD, role="clerk", scope=tree["Shigou Village"], actor=SYSTEM
    )
    election = open_nomination(rnd, SHIGOU, today)
    nominate(election, today, **STANDARD)
    clear(election, today, [n for people in STANDARD.values() for n, _votes in people])
    zhang, wang = (Resident.objects.get(unit=election.unit, name=n) for n in ("张伟", "王强"))
    client.force_login(clerk)
    page = client.get(f"/office/elections/{election.pk}/polling/").content.decode()
    # The ballot offers the formal list's persons, ticked, shown with their year of birth: no typed names.
    assert f'value="{zhang.pk}"' in page and "张伟（" in page and 'name="candidates_director"' in page
    typed = client.post(
        f"/office/elections/{election.pk}/polling/",
        {"held_on": today.isoformat(), "registered": 900, "seats_director": 1, "candidates_director": "甲"},
    )
    assert typed.status_code == 200 and not VotingRound.objects.filter(election=election).exists()
    response = client.post(
        f"/office/elections/{election.pk}/polling/",
        {
            "held_on": today.isoformat(),
            "registered": 900,
            "seats_director": 1,
            "candidates_director": [str(zhang.pk), str(wang.pk)],
            "seats_deputy_director": 0,
            "seats_women_member": 0,
            "seats_member": 0,
        },
    )
    vr = VotingRound.objects.get(election=election)
    lines = list(vr.contests.get().entries.all())
    assert response.status_code == 302 and [(c.resident, c.label) for c in lines] == [
        (zhang, "张伟"),
        (wang, "王强"),
    ]
    client.post(f"/office/voting-rounds/{vr.pk}/", {"name": "中心会场", "kind": "central"})
    box = BallotBox.objects.get(voting_round=vr)
    bad = client.post(f"/office/boxes/{box.pk}/tally/", _tally_post(500, "二百六十", "240"))
    assert "errorlist" in bad.content.decode() and box.entries.count() == 0
    bad = client.post(f"/office/boxes/{box.pk}/tally/", _tally_post(500, "260", "230", "某某 二十"))
    assert "errorlist" in bad.content.decode() and box.entries.count() == 0
    client.post(f"/office/boxes/{box.pk}/tally/", _tally_post(500, "260", "230", "李四 10"))
    client.force_login(clerk2)
    client.post(f"/office/boxes/{box.pk}/tally/", _tally_post(500, "260", "230", "李四，10"))
    box.refresh_from_db()
    assert box.accepted is not None and box.accepted["write_ins"] == {"director": {"李四": 10}}
    refused = client.post(f"/office/voting-rounds/{vr.pk}/count/", follow=True).content.decode()
    assert "李四" in refused and vr.status == "open"  # the write-in is not decided yet
    client.post(
        f"/office/voting-rounds/{vr.pk}/write-ins/1/",
        {"post": "director", "written_as": "李四", "unresolvable": "on"},
    )
    box.refresh_from_db()
    assert box.status == "accepted"
    client.post(f"/office/voting-rounds/{vr.pk}/count/")
    page = client.get(f"/office/voting-rounds/{vr.pk}/").content.decode()
    assert "B18" in page and ElectedMember.objects.get(election=election).resident == zhang
    assert "李四 10" in page  # the unresolvable write-in, reported
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
    )  # a ballot of write-ins only
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/office/elections/{election.pk}/polling/").status_code == status
    assert client.get(f"/office/voting-rounds/{vr.pk}/").status_code == status
    expected = {"clerk": 200, "officer": 200, "inspector": 403, "liaison": 403, "outsider": 404}[persona]
    assert client.get(f"/office/boxes/{box.pk}/tally/").status_code == expected


def test_a_tally_entry_reads_the_ballot_and_the_entries_once(
    client_for: Any, rnd: Round, today: dt.date, clerk: Any
) -> None:
    """The tally form's page fetches the round's ballot (contests, lines) once, for the form and for the
    entry's check; the entry reads the box's entries once, under the box's lock (a results night's
    clerks: docs/deployment.md, "The drill")."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from huanjie.polling.actions import do_add_box, do_open_voting_round
    from tests.polling.people import contests

    election = committee(rnd, SHIGOU)
    vr = do_open_voting_round(
        election,
        held_on=today,
        registered=1000,
        actor=SYSTEM,
        contests=contests(election, [{"post": "director", "seats": 1, "candidates": ["甲", "乙"]}]),
    )
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    client = client_for(clerk)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/office/boxes/{box.pk}/tally/", _tally_post(500, "260", "240"))
    assert response.status_code == 302 and box.entries.get().data["tally"]["director"]
    sql = [q["sql"] for q in queries]
    ballot = [s for s in sql if 'FROM "polling_contest"' in s or 'FROM "polling_candidate"' in s]
    entries = [s for s in sql if s.startswith("SELECT") and 'FROM "polling_tallyentry"' in s]
    locked = [s for s in sql if 'FROM "polling_ballotbox"' in s and "FOR UPDATE" in s]
    assert (len(ballot), len(entries), len(locked)) == (2, 1, 1)
