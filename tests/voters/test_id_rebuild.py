"""Issue 15, finding 1: nothing a role without ID numbers sees combines into a resident's ID number.

The probe rebuilt 60 numbers of 60: the mask 620102********8051 hid exactly the birth date, and the birth
date was shown beside it. Here an inspector, a street officer and a liaison officer collect every page and
file that shows a resident — roll, voter card, residents of the unit, voter list and cards (PDF), the
supplementary list, objections, registers, party roll and member, the public bulletin — and the test
counts the ID numbers consistent with all of it: the region and sex shown, the birth year (assumed
known), every character any mask reveals, the full birth date if any page gives it. At least 10,000 must
remain.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from typing import Any

import pytest
from django.test import Client

from huanjie.accounts.models import User
from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election, Round
from huanjie.party.actions import do_add_member
from huanjie.party.models import PartyMember
from huanjie.rules.idnumber import check_digit, parse
from huanjie.voters import idcrypto
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Resident, Voter
from huanjie.voters.objections import do_lodge_objection
from tests.elections.conftest import party
from tests.voters.conftest import CHANGWA, SHIGOU, csv_file, good_rows, publish

MASK = re.compile(r"(?<![0-9])([0-9]{6}[0-9X*]{8,12})(?![0-9*])")


def _text(response: Any) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        pdf = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
        return str(pdf.stdout.decode())
    return str(data.decode("utf-8", "replace"))


def _seen(client: Client, election: Election, resident: Resident) -> str:
    voter = Voter.objects.get(election=election, resident=resident)
    party_election = party(election.round, election.unit.code)
    addresses = [
        f"/office/voters/elections/{election.pk}/",
        f"/office/voters/voters/{voter.pk}/",
        f"/office/divisions/{election.unit.code}/residents/",
        f"/office/voters/elections/{election.pk}/list/",
        f"/office/voters/elections/{election.pk}/list.pdf",
        f"/office/voters/elections/{election.pk}/cards.pdf",
        f"/office/voters/elections/{election.pk}/supplement.pdf",
        f"/office/voters/elections/{election.pk}/objections/",
        f"/office/elections/{election.pk}/registers/",
        f"/office/elections/{party_election.pk}/party/",
        f"/units/{election.unit.code}/",
        f"/search/?q={resident.name}",
    ]
    pages = []
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        pages.append(_text(response))
    for m in PartyMember.objects.filter(election=party_election):
        pages.append(_text(client.get(f"/office/party-members/{m.pk}/")))
    return "\n".join(pages)


def candidates(number: str, seen: str) -> int:
    """ID numbers consistent with what `seen` shows of `number`'s holder (region, sex and birth year known)."""
    person = parse(number)
    born = person.birth_date
    shown_dates = {
        born.isoformat(),
        born.strftime("%Y%m%d"),
        born.strftime("%Y/%m/%d"),
        f"{born.year}年{born.month}月{born.day}日",
        f"{born.year}.{born.month:02d}.{born.day:02d}",
    }
    if any(d in seen for d in shown_dates):
        days = [born]
    else:
        first = dt.date(born.year, 1, 1)
        days = [first + dt.timedelta(n) for n in range((dt.date(born.year + 1, 1, 1) - first).days)]
    revealed: dict[int, str] = {}
    for mask in MASK.findall(seen):
        if len(mask) == 18 and mask[:6] == number[:6]:
            for i, c in enumerate(mask):
                if c != "*":
                    revealed.setdefault(i, c)
    # Masks of other people of the same region are in `seen` too: only what agrees with this person counts.
    revealed = {i: c for i, c in revealed.items() if number[i] == c}
    parity = 1 if person.sex == "male" else 0
    count = 0
    for day in days:
        stem = number[:6] + day.strftime("%Y%m%d")
        for seq in range(parity, 1000, 2):
            first17 = f"{stem}{seq:03d}"
            full = first17 + check_digit(first17)
            if all(full[i] == c for i, c in revealed.items()):
                count += 1
    return count


@pytest.fixture
def people(days: Round, admin: User, today: dt.date) -> dict[str, tuple[Election, Resident, str]]:
    out = {}
    for start, code in enumerate((SHIGOU, CHANGWA)):
        election = Election.objects.get(round=days, unit__code=code, kind="villagers_committee")
        rows = good_rows(code, 6, start=100 * start)
        do_import_voters(days, f"{code}.csv", csv_file(rows), actor=admin)
        publish(election, today)
        number = rows[2][0]
        resident = Resident.objects.get(unit=election.unit, id_hash=idcrypto.id_hash(number))
        do_lodge_objection(
            election,
            resident=resident,
            kind="wrongly_listed",
            lodged_by="李四",
            grounds="已迁出",
            lodged_on=today,
            actor=SYSTEM,
        )
        do_add_member(
            party(days, code),
            details={"standing": "full", "voting_rights": True, "education": ""},
            resident=resident,
            actor=SYSTEM,
        )
        out[code] = (election, resident, number)
    return out


@pytest.mark.parametrize(
    ("persona", "unit"), [("inspector", SHIGOU), ("officer", SHIGOU), ("liaison", CHANGWA)]
)
def test_it_leaves_too_many_numbers_to_rebuild_one(
    persona: str, unit: str, people: dict[str, Any], client_for: Any, request: pytest.FixtureRequest
) -> None:
    election, resident, number = people[unit]
    client = client_for(request.getfixturevalue(persona))
    seen = _seen(client, election, resident)
    assert resident.name in seen
    assert number not in seen
    assert candidates(number, seen) >= 10_000


def test_it_stores_no_birth_date_and_a_mask_of_region_and_check_character(people: dict[str, Any]) -> None:
    _election, resident, number = people[SHIGOU]
    resident.refresh_from_db()
    assert resident.id_masked == number[:6] + "*" * 11 + number[-1]
    assert resident.birth_year == parse(number).birth_date.year
    assert not hasattr(Resident, "birth_date") or "birth_date" not in {f.name for f in Resident._meta.fields}
    assert candidates(number, resident.id_masked + str(resident.birth_year) + resident.sex) >= 10_000


def test_a_clerk_still_sees_the_number_on_the_voter_card(
    people: dict[str, Any], clerk: User, client_for: Any
) -> None:
    election, resident, number = people[SHIGOU]
    voter = Voter.objects.get(election=election, resident=resident)
    assert number in client_for(clerk).get(f"/office/voters/voters/{voter.pk}/").content.decode()


def test_the_old_mask_beside_a_birth_date_gave_the_number_away() -> None:
    """What the probe did, on what the pages showed before: one candidate."""
    number = good_rows(SHIGOU, 1)[0][0]
    old_mask = number[:6] + "*" * 8 + number[-4:]
    born = parse(number).birth_date.isoformat()
    assert candidates(number, f"{old_mask} {born}") == 1
