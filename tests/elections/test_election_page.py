"""A unit's election page and its forms through HTTP (elections/views/election.py), as a district
administrator, a street officer and a village clerk: each form's success, its refusal with the reason
shown beside the page, a wrong role's 403 and an out-of-scope 404, with nothing changed on refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.auditlog.models import Event
from huanjie.elections.actions import do_complete_stage, do_request_day_change
from huanjie.elections.models import DayChange, Election, Evidence, Notice, Round, StageStatus
from tests.elections.conftest import committee, stage, walk

pytestmark = pytest.mark.django_db
SHIGOU, CHANGWA = "620102023201", "620102015201"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


def _levels(response: Any) -> list[str]:
    return [m.level_tag for m in response.context["messages"]]


def _events(action: str) -> int:
    return Event.objects.filter(action=action).count()


def test_it_shows_a_clerk_the_stage_forms_but_not_the_schedule(
    client_for: Any, clerk: Any, rnd: Round
) -> None:
    e = committee(rnd, SHIGOU)
    response = client_for(clerk).get(f"/office/elections/{e.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"/office/stages/{stage(e, 'election_committee').pk}/complete/" in body
    assert f"/office/elections/{e.pk}/day/" not in body  # scheduling is the street's and the district's
    assert 'name="override"' not in body


def test_it_shows_a_district_administrator_the_schedule_and_the_override(
    client_for: Any, admin: Any, rnd: Round
) -> None:
    e = committee(rnd, SHIGOU)
    body = client_for(admin).get(f"/office/elections/{e.pk}/").content.decode()
    assert f"/office/elections/{e.pk}/day/" in body and 'name="override"' in body


def test_it_fixes_the_election_day_through_the_page(
    client_for: Any, officer: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    day = today + dt.timedelta(days=30)
    response = client_for(officer).post(
        f"/office/elections/{e.pk}/day/", {"election_day": day.isoformat()}, follow=True
    )
    assert _levels(response) == ["success"]
    assert day.isoformat() in response.content.decode()
    e.refresh_from_db()
    assert e.election_day == day


def test_it_refuses_a_day_outside_the_round_and_changes_nothing(
    client_for: Any, admin: Any, rnd: Round
) -> None:
    e = committee(rnd, SHIGOU)
    client = client_for(admin)  # logging in is itself an event
    before = Event.objects.count()
    response = client.post(f"/office/elections/{e.pk}/day/", {"election_day": "2099-01-01"}, follow=True)
    assert _levels(response) == ["error"]
    e.refresh_from_db()
    assert e.election_day is None and Event.objects.count() == before


@pytest.mark.parametrize(("persona", "status"), [("clerk", 403), ("inspector", 403), ("liaison", 403)])
def test_it_refuses_the_election_day_to_roles_that_do_not_schedule(
    request: Any, client_for: Any, rnd: Round, today: dt.date, persona: str, status: int
) -> None:
    e = committee(rnd, SHIGOU if persona == "clerk" else CHANGWA)
    client = client_for(request.getfixturevalue(persona))
    day = (today + dt.timedelta(days=30)).isoformat()
    assert client.post(f"/office/elections/{e.pk}/day/", {"election_day": day}).status_code == status
    assert (
        client.post(f"/office/elections/{e.pk}/day-change/", {"to_day": day, "reason": "雨季"}).status_code
        == status
    )
    e.refresh_from_db()
    assert e.election_day is None


def test_it_hides_another_streets_election_from_an_officer(client_for: Any, officer: Any, rnd: Round) -> None:
    e = committee(rnd, CHANGWA)
    client = client_for(officer)
    assert client.get(f"/office/elections/{e.pk}/").status_code == 404
    assert client.post(f"/office/elections/{e.pk}/day/", {"election_day": "2027-01-01"}).status_code == 404
    assert Election.objects.get(pk=e.pk).election_day is None


def test_it_requests_and_approves_a_postponement(
    client_for: Any, officer: Any, admin: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    walk(e, "election_committee", today)
    e.refresh_from_db()
    assert e.election_day is not None
    later = e.election_day + dt.timedelta(days=7)
    response = client_for(officer).post(
        f"/office/elections/{e.pk}/day-change/",
        {"to_day": later.isoformat(), "reason": "雨季道路中断"},
        follow=True,
    )
    assert _levels(response) == ["success"]
    change = DayChange.objects.get(election=e)
    assert change.status == DayChange.Status.PENDING and _events("election.request_day_change") == 1
    # the officer may request but not decide
    assert (
        client_for(officer).post(f"/office/day-changes/{change.pk}/decide/", {"approve": "1"}).status_code
        == 403
    )

    page = client_for(admin).get(f"/office/elections/{e.pk}/").content.decode()
    assert f"/office/day-changes/{change.pk}/decide/" in page and "雨季道路中断" in page
    response = client_for(admin).post(
        f"/office/day-changes/{change.pk}/decide/", {"approve": "1", "note": "同意"}, follow=True
    )
    assert _levels(response) == ["success"]
    change.refresh_from_db()
    e.refresh_from_db()
    assert change.status == DayChange.Status.APPROVED and e.election_day == later
    assert _events("election.decide_day_change") == 1
    # a second decision is refused beside the page and changes nothing
    response = client_for(admin).post(
        f"/office/day-changes/{change.pk}/decide/", {"approve": "0"}, follow=True
    )
    assert _levels(response) == ["error"]
    change.refresh_from_db()
    assert change.status == DayChange.Status.APPROVED and _events("election.decide_day_change") == 1


def test_it_refuses_a_request_without_a_reason_or_a_day(
    client_for: Any, officer: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    client = client_for(officer)
    # no day fixed yet: the action's own refusal
    day = (today + dt.timedelta(days=20)).isoformat()
    response = client.post(
        f"/office/elections/{e.pk}/day-change/", {"to_day": day, "reason": "x"}, follow=True
    )
    assert _levels(response) == ["error"]
    # the form's refusal: no reason
    response = client.post(f"/office/elections/{e.pk}/day-change/", {"to_day": day}, follow=True)
    assert _levels(response) == ["error"]
    assert not DayChange.objects.exists()


def test_it_refuses_an_outsider_the_decision_as_not_found(
    client_for: Any, officer: Any, outsider: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    walk(e, "election_committee", today)
    e.refresh_from_db()
    assert e.election_day is not None
    change = do_request_day_change(e, e.election_day + dt.timedelta(days=3), reason="雨季", actor=officer)
    response = client_for(outsider).post(f"/office/day-changes/{change.pk}/decide/", {"approve": "1"})
    assert response.status_code == 404
    change.refresh_from_db()
    assert change.status == DayChange.Status.PENDING


def test_it_attaches_evidence_to_a_recorded_stage_and_refuses_a_non_image(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    s = stage(e, "election_committee")
    do_complete_stage(s, completed_on=today, actor=clerk)
    client = client_for(clerk)
    bad = SimpleUploadedFile("notice.txt", b"plain text", content_type="text/plain")
    response = client.post(f"/office/stages/{s.pk}/evidence/", {"evidence": bad}, follow=True)
    assert _levels(response) == ["error"] and s.evidence.count() == 0
    good = SimpleUploadedFile("公告.png", PNG, content_type="image/png")
    response = client.post(f"/office/stages/{s.pk}/evidence/", {"evidence": good}, follow=True)
    assert _levels(response) == ["success"] and s.evidence.count() == 1
    assert "公告.png" in response.content.decode()
    evidence = s.evidence.get()
    download = client.get(f"/office/evidence/{evidence.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG


def test_it_hides_evidence_and_stages_outside_the_scope(
    client_for: Any, clerk: Any, admin: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, CHANGWA)
    s = stage(e, "election_committee")
    do_complete_stage(s, completed_on=today, actor=admin, evidence=("公告.png", PNG))
    evidence = Evidence.objects.get(stage=s)
    client = client_for(clerk)  # Shigou's clerk
    assert client.get(f"/office/evidence/{evidence.pk}/").status_code == 404
    png = SimpleUploadedFile("x.png", PNG, content_type="image/png")
    assert client.post(f"/office/stages/{s.pk}/evidence/", {"evidence": png}).status_code == 404
    assert s.evidence.count() == 1


def test_it_refuses_stage_forms_to_roles_that_do_not_edit(
    client_for: Any, inspector: Any, liaison: Any, rnd: Round, today: dt.date
) -> None:
    s = stage(committee(rnd, CHANGWA), "election_committee")
    for persona in (inspector, liaison):
        client = client_for(persona)
        assert (
            client.post(f"/office/stages/{s.pk}/complete/", {"completed_on": today.isoformat()}).status_code
            == 403
        )
        png = SimpleUploadedFile("x.png", PNG, content_type="image/png")
        assert client.post(f"/office/stages/{s.pk}/evidence/", {"evidence": png}).status_code == 403
    s.refresh_from_db()
    assert s.status == StageStatus.PENDING


def test_it_shows_the_field_error_of_an_incomplete_stage_form(
    client_for: Any, clerk: Any, rnd: Round
) -> None:
    s = stage(committee(rnd, SHIGOU), "election_committee")
    response = client_for(clerk).post(
        f"/office/stages/{s.pk}/complete/", {"completed_on": "not a date"}, follow=True
    )
    assert _levels(response) == ["error"]
    s.refresh_from_db()
    assert s.status == StageStatus.PENDING


def test_it_refuses_a_future_completion_and_a_second_one(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date
) -> None:
    s = stage(committee(rnd, SHIGOU), "election_committee")
    client = client_for(clerk)
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    response = client.post(f"/office/stages/{s.pk}/complete/", {"completed_on": tomorrow}, follow=True)
    assert _levels(response) == ["error"]
    s.refresh_from_db()
    assert s.status == StageStatus.PENDING
    response = client.post(
        f"/office/stages/{s.pk}/complete/", {"completed_on": today.isoformat()}, follow=True
    )
    assert "success" in _levels(response)
    events = Event.objects.count()
    response = client.post(
        f"/office/stages/{s.pk}/complete/", {"completed_on": today.isoformat()}, follow=True
    )
    assert _levels(response) == ["error"] and Event.objects.count() == events


def test_it_lets_a_district_administrator_override_a_guard_with_a_justification(
    client_for: Any, admin: Any, clerk: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    walk(e, "voter_registration", today)
    s = stage(e, "voter_list")
    # the clerk is refused with the article and no offer to override
    response = client_for(clerk).post(
        f"/office/stages/{s.pk}/complete/", {"completed_on": today.isoformat()}, follow=True
    )
    assert _levels(response) == ["error"]
    # the administrator is told an override is possible, then overrides with a justification
    response = client_for(admin).post(
        f"/office/stages/{s.pk}/complete/", {"completed_on": today.isoformat()}, follow=True
    )
    assert _levels(response) == ["error", "error"]
    response = client_for(admin).post(
        f"/office/stages/{s.pk}/complete/",
        {"completed_on": today.isoformat(), "override": "区换届办批准:补登记后提前公布"},
        follow=True,
    )
    assert "success" in _levels(response) and "warning" in _levels(response)  # recorded as a finding
    s.refresh_from_db()
    assert s.status == StageStatus.DONE and s.override.startswith("区换届办批准")


def test_it_publishes_a_correction_of_a_notice_as_a_new_version(
    client_for: Any, clerk: Any, liaison: Any, inspector: Any, outsider: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    do_complete_stage(stage(e, "election_committee"), completed_on=today, actor=clerk, notes="主任:孙丽娟")
    notice = Notice.objects.get(election=e)
    client = client_for(clerk)
    page = client.get(f"/office/notices/{notice.pk}/").content.decode()
    assert "孙丽娟" in page and 'name="body_zh"' in page
    # an incomplete correction re-renders the form with its error, and changes nothing
    response = client.post(f"/office/notices/{notice.pk}/", {"body_zh": "更正"})
    assert response.status_code == 200 and response.context["form"].errors
    assert Notice.objects.filter(election=e).count() == 1
    response = client.post(
        f"/office/notices/{notice.pk}/",
        {"body_zh": "主任:孙丽娟(更正)", "body_en": "Chair: Sun Lijuan (corrected)"},
        follow=True,
    )
    corrected = Notice.objects.get(election=e, version=2)
    assert response.redirect_chain[-1][0] == f"/office/notices/{corrected.pk}/"
    assert "更正" in response.content.decode()
    # the replaced version no longer offers the form, and a second correction of it is refused
    old = client.get(f"/office/notices/{notice.pk}/").content.decode()
    assert 'name="body_zh"' not in old
    response = client.post(
        f"/office/notices/{notice.pk}/", {"body_zh": "再改", "body_en": "again"}, follow=True
    )
    assert _levels(response) == ["error"] and Notice.objects.filter(election=e).count() == 2
    # a liaison officer of another street, and another district, cannot see it; an inspector reads it
    # but may not correct it
    assert client_for(outsider).get(f"/office/notices/{corrected.pk}/").status_code == 404
    assert client_for(liaison).get(f"/office/notices/{corrected.pk}/").status_code == 404
    reader = client_for(inspector)
    assert 'name="body_zh"' not in reader.get(f"/office/notices/{corrected.pk}/").content.decode()
    response = reader.post(f"/office/notices/{corrected.pk}/", {"body_zh": "改", "body_en": "changed"})
    assert response.status_code == 403 and Notice.objects.filter(election=e).count() == 2
