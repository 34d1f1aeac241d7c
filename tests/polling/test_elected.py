"""The elected member's details (issue 17): sex, year of birth and ethnicity are read from the person's
record; education and party membership are edited on the resident, once, for every election and figure;
the previous post is the elected member's own. A member not tied to a person yet cannot be given them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.polling.actions import do_add_box, do_count, do_enter_tally, do_open_voting_round
from huanjie.polling.elected import do_update_elected
from huanjie.polling.models import ElectedMember
from huanjie.reports.resolve import do_resolve_person
from huanjie.voters.models import Resident
from tests.candidates.conftest import villagers
from tests.elections.conftest import committee

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


def _elect(rnd: Any, today: dt.date) -> ElectedMember:
    election = committee(rnd, SHIGOU)
    vr = do_open_voting_round(
        election, held_on=today, registered=10, actor=SYSTEM,
        contests=[{"post": "director", "seats": 1, "candidates": ["甲", "乙"]}],
    )  # fmt: skip
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    data = {"voters_signed": 9, "ballots_issued": 9, "ballots_collected": 9, "invalid": 0, "blank": 0,
            "tally": {"director": {"甲": 7, "乙": 2}}}  # fmt: skip
    for teller in ("一", "二"):
        do_enter_tally(box, data=data, actor=SYSTEM, entrant=teller)
    do_count(vr, actor=SYSTEM)
    return ElectedMember.objects.get(election=election)


def test_it_edits_the_persons_record_not_a_copy(client: Any, rnd: Any, today: dt.date, clerk: Any) -> None:
    member = _elect(rnd, today)
    if member.resident_id is None:  # the count ties the elected to the ballot's person where it knows it
        villagers(member.election, ["甲"], "male")
        with translation.override("en"), pytest.raises(ActionError, match="not tied"):
            do_update_elected(member, details={"education": "senior"}, actor=SYSTEM)
        do_resolve_person(member, person=Resident.objects.get(name="甲"), actor=SYSTEM)
        member.refresh_from_db()
    resident = member.resident
    assert resident is not None
    client.force_login(clerk)
    page = client.get(f"/office/elected/{member.pk}/").content.decode()
    assert f"甲（{resident.birth_year}" in page  # shown as the office labels a person (year of birth)
    assert 'name="sex"' not in page and 'name="birth_date"' not in page  # the record's, not typed
    client.post(
        f"/office/elected/{member.pk}/", {"education": "senior", "party_member": "1", "previous_post": "委员"}
    )
    resident.refresh_from_db()
    member.refresh_from_db()
    assert (resident.education, resident.party_member) == ("senior", True)
    assert (member.education, member.party_member, member.previous_post) == ("senior", True, "委员")
    assert (member.sex, member.birth_year) == (resident.sex, resident.birth_year)
    bad = client.post(f"/office/elected/{member.pk}/", {"education": "phd", "previous_post": ""})
    assert bad.status_code == 400 or "errorlist" in bad.content.decode()
    resident.refresh_from_db()
    assert resident.education == "senior"
