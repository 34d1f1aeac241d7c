"""The elected member's details (issue 17): sex, year of birth and ethnicity are read from the person's
record; education and party membership are edited on the resident, once, for every election and figure;
the previous post is the elected member's own. A member not tied to a person yet cannot be given them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.polling.actions import do_add_box, do_count, do_enter_tally, do_open_voting_round
from huanjie.polling.models import ElectedMember
from huanjie.voters.models import Resident
from tests.candidates.conftest import villagers
from tests.elections.conftest import committee
from tests.polling.people import ballot, keyed

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


def _elect(rnd: Any, today: dt.date) -> ElectedMember:
    election = committee(rnd, SHIGOU)
    villagers(election, ["甲", "乙"], "male")
    vr = do_open_voting_round(
        election, held_on=today, registered=10, actor=SYSTEM,
        contests=ballot(election, [{"post": "director", "seats": 1, "candidates": ["甲", "乙"]}]),
    )  # fmt: skip
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    data = {"voters_signed": 9, "ballots_issued": 9, "ballots_collected": 9, "invalid": 0, "blank": 0,
            "tally": {"director": {"甲": 7, "乙": 2}}}  # fmt: skip
    for teller in ("一", "二"):
        do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant=teller)
    do_count(vr, actor=SYSTEM)
    return ElectedMember.objects.get(election=election)


def test_it_edits_the_persons_record_not_a_copy(client: Any, rnd: Any, today: dt.date, clerk: Any) -> None:
    member = _elect(rnd, today)
    resident = member.resident  # the count tied the elected member to the ballot line's person
    assert resident == Resident.objects.get(name="甲")
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


def test_a_member_not_tied_to_a_person_gets_no_details_until_the_clerk_says_who(
    rnd: Any, today: dt.date
) -> None:
    """An elected member the migration of names could not tie (two of that name, or no one) is refused
    education and party membership — there is no record to write them on — until resolved."""
    from django.utils import translation

    from huanjie.core.errors import ActionError
    from huanjie.polling.elected import do_update_elected
    from huanjie.reports.resolve import do_resolve_person

    member = _elect(rnd, today)
    resident = member.resident
    assert resident is not None
    ElectedMember.objects.filter(pk=member.pk).update(resident=None)  # as polling 0008 leaves such a row
    member.refresh_from_db()
    with translation.override("en"), pytest.raises(ActionError, match="not tied"):
        do_update_elected(member, details={"education": "senior"}, actor=SYSTEM)
    do_resolve_person(member, person=resident, actor=SYSTEM)
    member.refresh_from_db()
    assert member.resident == resident and member.ref  # the reference the result carries, kept
    do_update_elected(member, details={"education": "senior"}, actor=SYSTEM)
    assert Resident.objects.get(pk=resident.pk).education == "senior"
