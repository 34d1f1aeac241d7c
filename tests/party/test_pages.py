"""The party election page through HTTP: the roll and its counts, the list and its differential, the
attendance and the quorum, the votes linked to polling's pages; out of scope is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.elections.models import Election, Round
from huanjie.party.models import PartyCandidate, PartyElection, PartyMember
from huanjie.polling.models import VotingRound
from tests.elections.conftest import committee
from tests.party.conftest import HIGHER, SHIGOU, add_members

pytestmark = pytest.mark.django_db


def test_it_shows_the_roll_with_its_counts_and_the_link_from_the_election(
    client_for: Any, branch: Election, clerk: Any
) -> None:
    add_members(branch, 8)
    add_members(branch, 1, prefix="预备", standing="probationary")
    client = client_for(clerk)
    page = client.get(f"/office/elections/{branch.pk}/").content.decode()
    assert f"/office/elections/{branch.pk}/party/" in page
    page = client.get(f"/office/elections/{branch.pk}/party/").content.decode()
    assert '<td class="num">9</td><td class="num">8</td><td class="num">1</td>' in page
    assert "预备0" in page and 'id="structure"' in page


def test_it_adds_a_member_and_refuses_a_bad_one_through_the_page(
    client_for: Any, branch: Election, clerk: Any
) -> None:
    client = client_for(clerk)
    url = f"/office/elections/{branch.pk}/party/members/"
    ok = client.post(url, {"name": "外来党员", "sex": "female", "standing": "full", "voting_rights": "on"})
    assert ok.status_code == 302 and PartyMember.objects.get().can_vote
    bad = client.post(url, {"name": "", "sex": "female", "standing": "full"}, follow=True)
    assert "name is needed" in bad.content.decode() or "姓名" in bad.content.decode()
    assert PartyMember.objects.count() == 1


def test_it_runs_the_list_and_the_assembly_through_the_page(
    client_for: Any, branch: Election, clerk: Any, today: dt.date
) -> None:
    members = add_members(branch, 8)
    client = client_for(clerk)
    base = f"/office/elections/{branch.pk}/party/"
    short = {"seats": 3, "committee_member": [m.pk for m in members[:3]], "secretary": members[0].pk}
    page = client.post(base + "candidates/", short, follow=True).content.decode()
    assert "P4" in page and not PartyCandidate.objects.exists()
    client.post(base + "candidates/", {**short, "committee_member": [m.pk for m in members[:4]]})
    assert PartyCandidate.objects.filter(post="committee_member").count() == 4
    client.post(base + "candidates/approval/", {"approved_on": today.isoformat(), "approved_by": HIGHER})
    assert PartyElection.objects.get().candidates_approved_by == HIGHER
    client.post(base + "attendance/", {"on": today.isoformat(), "present": [m.pk for m in members[:6]]})
    page = client.get(base).content.decode()
    assert 'id="quorum"' in page and "badge bad" in page  # 6 of 8: short of four fifths
    client.post(base + "attendance/", {"on": today.isoformat(), "present": [m.pk for m in members[:7]]})
    client.post(base + "assembly/", {"held_on": today.isoformat()})
    vr = VotingRound.objects.get(election=branch)
    assert vr.sitting == "assembly" and f"/office/voting-rounds/{vr.pk}/" in client.get(base).content.decode()


def test_it_records_an_exclusion_on_the_members_page(client_for: Any, branch: Election, clerk: Any) -> None:
    member = add_members(branch, 1)[0]
    client = client_for(clerk)
    assert client.get(f"/office/party-members/{member.pk}/").status_code == 200
    client.post(
        f"/office/party-members/{member.pk}/exclusion/", {"exclusion": "away", "exclusion_approved_by": ""}
    )
    assert PartyMember.objects.get().exclusion == ""
    client.post(
        f"/office/party-members/{member.pk}/exclusion/",
        {
            "exclusion": "away",
            "exclusion_approved_by": HIGHER,
            "exclusion_approved_on": dt.date.today().isoformat(),
        },
    )
    assert PartyMember.objects.get().exclusion == "away"


def test_it_hides_another_districts_branch(
    client_for: Any, rnd: Round, branch: Election, outsider: Any, inspector: Any
) -> None:
    member = add_members(branch, 1)[0]
    client = client_for(outsider)
    assert client.get(f"/office/elections/{branch.pk}/party/").status_code == 404
    assert client.get(f"/office/party-members/{member.pk}/").status_code == 404
    url = f"/office/elections/{branch.pk}/party/members/"
    assert client.post(url, {"name": "甲", "sex": "male", "standing": "full"}).status_code == 404
    client = client_for(inspector)  # sees the page, may not write
    assert client.get(f"/office/elections/{branch.pk}/party/").status_code == 200
    assert client.post(url, {"name": "甲", "sex": "male", "standing": "full"}).status_code == 403
    assert PartyMember.objects.count() == 1
    committee_election = committee(rnd, SHIGOU)  # not a party election: nothing to see here
    assert client.get(f"/office/elections/{committee_election.pk}/party/").status_code == 404
