"""The candidates pages through HTTP: the clerk records a meeting and a withdrawal; readers see and
cannot write; outsiders get 404 everywhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.candidates.models import CommitteeMember, Nomination, Seat
from huanjie.elections.models import Election
from huanjie.voters.models import Resident
from tests.candidates.conftest import STANDARD, clear, nominate

pytestmark = pytest.mark.django_db


def _meeting(today: dt.date, director: str) -> dict[str, Any]:
    return {
        "held_on": today.isoformat(), "present": 12, "nominees_director": director,
        "nominees_deputy_director": "刘洋 7\n陈刚 4", "nominees_women_member": "孙丽 7\n马芳 4",
        "nominees_member": "杨林 9\n赵鹏 7\n黄海 5",
    }  # fmt: skip


def test_it_records_nominations_through_the_pages(
    client: Any, shigou: Election, today: dt.date, clerk: Any
) -> None:
    client.force_login(clerk)
    base = f"/office/elections/{shigou.pk}/candidates/"
    client.post(
        base + "seats/",
        {"seats_director": 1, "seats_deputy_director": 1, "seats_women_member": 1, "seats_member": 2},
    )
    assert Seat.objects.filter(election=shigou).count() == 4
    response = client.post(base + "meeting/", _meeting(today, "张伟 6\n王强 四"), follow=True)
    assert "Line 2" in response.content.decode() or "第2行" in response.content.decode()
    assert not Nomination.objects.exists()
    client.post(base + "meeting/", _meeting(today, "张伟 6\n王强 4\n李军，2"))
    assert Nomination.objects.filter(election=shigou).count() == 10
    wang = Nomination.objects.get(name="王强")
    client.post(
        f"/office/nominations/{wang.pk}/withdraw/", {"withdrawn_on": today.isoformat(), "reason": "书面申请"}
    )
    page = client.get(base).content.decode()
    assert "李军" in page and 'id="publish"' in page
    wu = Resident.objects.get(unit=shigou.unit, name="吴磊")
    # The committee's picker: the roll's villagers by search (issue 20), none listed before it, namesakes
    # shown apart by group and year of birth.
    assert f'value="{wu.pk}"' not in page
    found = client.get(base, {"q": "吴磊"}).content.decode()
    assert f'<input type="radio" name="resident" value="{wu.pk}"' in found
    client.post(base + "committee/", {"resident": wu.pk, "name": "", "duty": "委员"})
    member = CommitteeMember.objects.get()
    assert (member.name, member.resident) == ("吴磊", wu)
    client.post(
        f"/office/committee-members/{member.pk}/leave/", {"left_on": today.isoformat(), "reason": "另有任用"}
    )
    member.refresh_from_db()
    assert member.left_on == today


def test_it_shows_the_review_page_to_readers_and_refuses_their_writes(
    client: Any, shigou: Election, today: dt.date, inspector: Any, officer: Any
) -> None:
    nominate(shigou, today, **STANDARD)
    clear(shigou, today, ["张伟"], actor=officer)
    client.force_login(inspector)
    page = client.get(f"/office/elections/{shigou.pk}/review/").content.decode()
    assert "张伟" in page and "信访部门" in page
    assert client.get(f"/office/elections/{shigou.pk}/candidates/").status_code == 200
    refused = client.post(
        f"/office/elections/{shigou.pk}/review/",
        {"name": "王强", "department": "court", "verdict": "cleared", "reviewed_on": today.isoformat()},
    )
    assert refused.status_code == 403


def test_it_answers_404_outside_the_scope(
    client: Any, shigou: Election, today: dt.date, outsider: Any
) -> None:
    nominate(shigou, today, **STANDARD)
    nomination = Nomination.objects.first()
    assert nomination is not None
    client.force_login(outsider)
    for url in (
        f"/office/elections/{shigou.pk}/candidates/",
        f"/office/elections/{shigou.pk}/review/",
        f"/office/elections/{shigou.pk}/assessment/",
        f"/office/rounds/{shigou.round_id}/assessments/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/office/nominations/{nomination.pk}/withdraw/", {"withdrawn_on": today.isoformat(), "reason": "x"}
    )
    assert response.status_code == 404
    assert response.status_code == 404 and Nomination.objects.filter(withdrawn_on__isnull=False).count() == 0
