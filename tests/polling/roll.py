"""A small roll for the polling-day register tests: named voters in chosen households of Shigou Village."""

from __future__ import annotations

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election
from huanjie.polling.actions import do_open_voting_round
from huanjie.polling.models import VotingRound
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Voter
from tests.polling.people import contests
from tests.voters.conftest import SHIGOU, csv_file, person

# name → household. 甲 and 乙 stand for director; 甲's wife 甲妻 shares his household.
PEOPLE = {
    "甲": "0001",
    "甲妻": "0001",
    "乙": "0002",
    "丙": "0003",
    "丁": "0004",
    "戊": "0005",
    "己": "0006",
    "庚": "0007",
    "辛": "0008",
    "壬": "0009",
    "癸": "0010",
}


def build(election: Election) -> dict[str, Voter]:
    rows = [
        [person(i), name, SHIGOU, "第1村民小组", household, "是", "是", ""]
        for i, (name, household) in enumerate(PEOPLE.items())
    ]
    do_import_voters(election.round, "roll.csv", csv_file(rows), actor=SYSTEM)
    return {v.resident.name: v for v in Voter.objects.filter(election=election).select_related("resident")}


def ballot(election: Election, held_on: object) -> VotingRound:
    return do_open_voting_round(
        election,
        held_on=held_on,  # type: ignore[arg-type]
        registered=len(PEOPLE),
        actor=SYSTEM,
        contests=contests(election, [{"post": "director", "seats": 1, "candidates": ["甲", "乙"]}]),
    )
