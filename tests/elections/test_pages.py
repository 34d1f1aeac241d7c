"""The round's pages through HTTP: scope, roles, the stage form, the matrix's constant query count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election, ElectionStage, Finding, Notice, Round
from tests.elections.conftest import DAY_OFFSET, committee, stage, walk

pytestmark = pytest.mark.django_db
SHIGOU, CHANGWA = "620102023201", "620102015201"


def test_it_shows_the_district_progress_by_street(client_for: Any, admin: Any, rnd: Round) -> None:
    body = client_for(admin).get(f"/office/rounds/{rnd.pk}/").content.decode()
    assert "青白石街道" in body and "东岗街道" in body and "七里河" not in body


def test_it_filters_the_progress_by_street(client_for: Any, admin: Any, rnd: Round) -> None:
    body = client_for(admin).get(f"/office/rounds/{rnd.pk}/?street=620102015000").content.decode()
    table = body[body.index('id="progress"') :]
    assert "东岗街道" in table and "青白石街道" not in table
    assert '<option value="620102015000" selected>' in body  # the choice is kept


def test_it_shows_a_street_officer_only_their_street(client_for: Any, officer: Any, rnd: Round) -> None:
    client = client_for(officer)
    body = client.get(f"/office/rounds/{rnd.pk}/").content.decode()
    assert "青白石街道" in body and "东岗街道" not in body
    assert client.get(f"/office/rounds/{rnd.pk}/streets/620102023000/").status_code == 200
    assert client.get(f"/office/rounds/{rnd.pk}/streets/620102015000/").status_code == 404


@pytest.mark.parametrize(
    ("persona", "unit", "status"),
    [
        ("admin", SHIGOU, 200),
        ("officer", SHIGOU, 200),
        ("officer", CHANGWA, 404),
        ("clerk", SHIGOU, 200),
        ("clerk", CHANGWA, 404),
        ("inspector", CHANGWA, 200),
        ("liaison", CHANGWA, 200),
        ("liaison", SHIGOU, 404),
        ("outsider", SHIGOU, 404),
    ],
)
def test_it_scopes_election_pages(
    request: Any, client_for: Any, rnd: Round, persona: str, unit: str, status: int
) -> None:
    client = client_for(request.getfixturevalue(persona))
    e = committee(rnd, unit)
    assert client.get(f"/office/elections/{e.pk}/").status_code == status
    s = stage(e, "election_committee")
    response = client.post(f"/office/stages/{s.pk}/complete/", {"completed_on": dt.date.today().isoformat()})
    assert response.status_code in ({302, 403} if status == 200 else {403, 404})
    assert client.get(f"/office/rounds/{rnd.pk}/alerts/").status_code == (
        404 if persona == "outsider" else 200
    )


def test_it_completes_a_stage_with_evidence_through_the_page(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    s = stage(e, "election_committee")
    png = SimpleUploadedFile("公告.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png")
    response = client_for(clerk).post(
        f"/office/stages/{s.pk}/complete/",
        {"completed_on": today.isoformat(), "notes": "主任:孙丽娟", "evidence": png},
    )
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == "done" and s.evidence.count() == 1
    notice = Notice.objects.get(election=e)
    page = client_for(clerk).get(f"/office/notices/{notice.pk}/").content.decode()
    assert notice.sha256 in page and "孙丽娟" in page
    evidence = s.evidence.get()
    assert client_for(clerk).get(f"/office/evidence/{evidence.pk}/").status_code == 200


def test_it_shows_the_guards_reason_with_its_article(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date
) -> None:
    e = committee(rnd, SHIGOU)
    walk(e, "voter_registration", today)
    s = stage(e, "voter_list")
    response = client_for(clerk).post(
        f"/office/stages/{s.pk}/complete/", {"completed_on": today.isoformat()}, follow=True
    )
    body = response.content.decode()
    assert "Art.14" in body
    s.refresh_from_db()
    assert s.status == "pending"


def test_it_refuses_a_clerk_the_schedule_and_the_review(client_for: Any, clerk: Any, rnd: Round) -> None:
    client = client_for(clerk)
    assert client.get(f"/office/rounds/{rnd.pk}/schedule/").status_code == 403
    assert client.post(f"/office/rounds/{rnd.pk}/findings/", {"action": "review"}).status_code == 403


def test_it_schedules_a_street_in_bulk_and_from_a_file(
    client_for: Any, admin: Any, rnd: Round, today: dt.date
) -> None:
    client = client_for(admin)
    day = today + dt.timedelta(days=30)
    client.post(
        f"/office/rounds/{rnd.pk}/schedule/",
        {"street": "620102023000", "kind": "villagers_committee", "election_day": day.isoformat()},
    )
    assert set(
        Election.objects.filter(
            round=rnd, street__code="620102023000", kind="villagers_committee"
        ).values_list("election_day", flat=True)
    ) == {day}
    bad = SimpleUploadedFile("days.csv", f"村(社区)代码,组织,选举日\n{CHANGWA},村委会,2099-01-01\n".encode())
    body = client.post(f"/office/rounds/{rnd.pk}/schedule/", {"file": bad}).content.decode()
    assert "import-errors" in body
    assert (
        Election.objects.get(round=rnd, unit__code=CHANGWA, kind="villagers_committee").election_day is None
    )
    good = SimpleUploadedFile(
        "days.csv", f"村(社区)代码,组织,选举日\n{CHANGWA},村委会,{day}\n{CHANGWA},党组织,{day}\n".encode()
    )
    assert client.post(f"/office/rounds/{rnd.pk}/schedule/", {"file": good}).status_code == 302
    assert Election.objects.filter(round=rnd, unit__code=CHANGWA, election_day=day).count() == 2


def test_it_runs_the_review_and_closes_a_finding(
    client_for: Any, admin: Any, rnd: Round, today: dt.date
) -> None:
    client = client_for(admin)
    e = committee(rnd, CHANGWA)
    from huanjie.elections.actions import do_set_election_day

    do_set_election_day(e, today + dt.timedelta(days=5), actor=SYSTEM)
    client.post(f"/office/rounds/{rnd.pk}/findings/", {"action": "review"})
    finding = Finding.objects.filter(round=rnd, unit__code=CHANGWA).first()
    assert finding is not None
    assert finding.text_zh in client.get(f"/office/rounds/{rnd.pk}/findings/").content.decode()
    client.post(
        f"/office/findings/{finding.pk}/close/", {"resolution": "已督促完成", "closed_on": today.isoformat()}
    )
    finding.refresh_from_db()
    assert finding.closed_on == today


def test_it_exports_progress(client_for: Any, officer: Any, rnd: Round) -> None:
    response = client_for(officer).get(f"/office/rounds/{rnd.pk}/progress.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    units = {r[1] for r in rows[1:]}
    assert "石沟村" in units and "长洼村" not in units


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_it_renders_the_pages_in_a_constant_number_of_queries(
    client_for: Any, admin: Any, rnd: Round, today: dt.date
) -> None:
    client = client_for(admin)
    urls = [f"/office/rounds/{rnd.pk}/", f"/office/rounds/{rnd.pk}/streets/620102023000/"]
    client.get("/office/")  # the session's first page checks the second factor once (docs/security.md)
    before = [_queries(client, u) for u in urls]
    walk(committee(rnd, SHIGOU), "voter_list", today)
    walk(committee(rnd, "620102023202"), "election_plan", today)
    ElectionStage.objects.filter(election__round=rnd, key="nomination").update(district_due=today)
    after = [_queries(client, u) for u in urls]
    assert before == after


def test_it_answers_a_day_form_the_one_way(client_for: Any, officer: Any, rnd: Round, today: dt.date) -> None:
    """huanjie.web.forms.submit: a bad form's errors become messages on the election's page (it has a form
    per stage, none shown bound); success is a message and a redirect, HX-Redirect for htmx."""
    e = committee(rnd, SHIGOU)
    client = client_for(officer)
    url = f"/office/elections/{e.pk}/day/"
    response = client.post(url, {}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert response.redirect_chain[-1][0] == f"/office/elections/{e.pk}/"
    assert len(shown) == 1 and ":" in shown[0]  # "<field label>: <what is wrong>"
    e.refresh_from_db()
    assert e.election_day is None
    day = today + dt.timedelta(days=DAY_OFFSET)
    done = client.post(url, {"election_day": day.isoformat()}, headers={"HX-Request": "true"})
    assert done.status_code == 200 and done["HX-Redirect"] == f"/office/elections/{e.pk}/"
    e.refresh_from_db()
    assert e.election_day == day
