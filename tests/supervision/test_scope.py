"""Every page of the leading group against each persona, inside and outside its scope: outside is a 404.

Records sit in Qingbaishi Street (the street officer's and the clerk's) and in Donggang Street (the
liaison officer's); the outsider administers the neighbouring district, which has no round.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Finding
from huanjie.supervision import actions
from huanjie.supervision.models import WorkPlan
from huanjie.units.models import Division
from tests.supervision.conftest import CHANGWA, SHANGPING

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "officer", "clerk", "inspector", "liaison", "outsider"]


@pytest.fixture
def records(rnd: Any, tree: Any) -> dict[str, int]:
    qingbaishi, donggang = tree["Qingbaishi Street"], tree["Donggang Street"]
    shangping, changwa = Division.objects.get(code=SHANGPING), Division.objects.get(code=CHANGWA)
    day = dt.date(2026, 12, 1)
    officer = actions.do_station_liaison_officer(rnd, street=qingbaishi, name="刘佳", department="区财政局", since=day,
                                                 actor=SYSTEM)  # fmt: skip
    actions.do_set_work_plan_due(rnd, due_on=dt.date(2026, 11, 26), actor=SYSTEM)
    deadline = actions.do_set_deadline(rnd, division=qingbaishi, title="选委会", due_on=dt.date(2026, 11, 11),
                                       stage="election_committee", actor=SYSTEM)  # fmt: skip
    training = actions.do_record_training(rnd, division=qingbaishi, title="街道培训", held_on=day, place="会议室",
                                          audience="村干部", topics="程序", actor=SYSTEM)  # fmt: skip
    publicity = actions.do_record_publicity(
        rnd, division=shangping, kind="slogan", count=3, started_on=day, actor=SYSTEM
    )
    other = actions.do_record_publicity(
        rnd, division=changwa, kind="slogan", count=9, started_on=day, actor=SYSTEM
    )
    team = actions.do_form_team(rnd, kind="inspection", name="督导组", leader="张华", starts_on=day,
                                ends_on=dt.date(2026, 12, 4), actor=SYSTEM)  # fmt: skip
    visit = actions.do_record_visit(team, division=qingbaishi, visited_on=day, actor=SYSTEM)
    finding = actions.do_record_inspection_finding(visit, unit=shangping, text="宣传不到位。", actor=SYSTEM)
    petition = actions.do_receive_petition(
        rnd, division=shangping, channel="letter", received_on=day, subject="信访", content="内容",
        petitioners="甲", petitioner_count=1, actor=SYSTEM,
    )  # fmt: skip
    return {
        "officer": officer.pk, "plan": WorkPlan.objects.get(street=qingbaishi).pk, "deadline": deadline.pk,
        "training": training.pk, "publicity": publicity.pk, "other_publicity": other.pk, "team": team.pk,
        "visit": visit.pk, "finding": finding.pk, "petition": petition.pk, "donggang_plan":
        WorkPlan.objects.get(street=donggang).pk,
    }  # fmt: skip


LISTS = [
    "/office/supervision/", "/office/supervision/agenda/", "/office/supervision/group/",
    "/office/supervision/contacts/", "/office/supervision/liaison/", "/office/supervision/plans/",
    "/office/supervision/deadlines/", "/office/supervision/training/", "/office/supervision/training/staff/",
    "/office/supervision/publicity/", "/office/supervision/teams/", "/office/supervision/findings/",
]  # fmt: skip

# A street's shared work (plan, deadline, training, liaison officer, visit) is seen below it too;
# a unit's records (publicity, finding, petition) only by those whose scope contains the unit.
STREET = {"admin": 200, "officer": 200, "clerk": 200, "inspector": 200, "liaison": 404, "outsider": 404}
UNIT = {"admin": 200, "officer": 200, "clerk": 404, "inspector": 200, "liaison": 404, "outsider": 404}
DISTRICT = {"admin": 200, "officer": 200, "clerk": 200, "inspector": 200, "liaison": 200, "outsider": 404}
PETITION = {**UNIT, "clerk": 403}
PAGES = [
    ("liaison/{officer}/", STREET),
    ("plans/{plan}/", STREET),
    ("plans/{donggang_plan}/", {**STREET, "officer": 404, "clerk": 404, "liaison": 200}),
    ("deadlines/{deadline}/", STREET),
    ("training/{training}/", STREET),
    ("publicity/{publicity}/", UNIT),
    ("publicity/{other_publicity}/", {**UNIT, "officer": 404, "liaison": 200}),
    ("teams/{team}/", DISTRICT),
    ("teams/{team}/report/", DISTRICT),
    ("visits/{visit}/", STREET),
    ("findings/{finding}/", UNIT),
    ("petitions/{petition}/", PETITION),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("page", "expected"), PAGES)
def test_it_scopes_every_record_page(
    request: Any, client_for: Any, records: dict[str, int], persona: str, page: str, expected: dict[str, int]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    url = "/office/supervision/" + page.format(**records)
    assert client.get(url).status_code == expected[persona], url


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_serves_every_list_page_in_scope(
    request: Any, client_for: Any, records: Any, persona: str
) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        if persona == "outsider":
            assert "督导组" not in response.content.decode() and "刘佳" not in response.content.decode()
    coverage = client.get("/office/supervision/training/coverage/")
    assert coverage.status_code == (404 if persona == "outsider" else 200)
    petitions = client.get("/office/supervision/petitions/")
    assert petitions.status_code == (403 if persona == "clerk" else 200)


def test_it_refuses_a_round_outside_scope(client_for: Any, outsider: Any, records: Any, rnd: Any) -> None:
    assert client_for(outsider).get(f"/office/supervision/publicity/?round={rnd.pk}").status_code == 404


@pytest.mark.parametrize(
    ("persona", "visible", "hidden"),
    [
        ("officer", ["上坪村"], ["长洼村"]),
        ("clerk", [], ["上坪村", "长洼村"]),
        ("liaison", ["长洼村"], ["上坪村"]),
        ("inspector", ["上坪村", "长洼村"], []),
    ],
)
def test_it_lists_only_records_in_scope(
    request: Any, client_for: Any, records: Any, persona: str, visible: list[str], hidden: list[str]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    body = client.get("/office/supervision/publicity/").content.decode()
    export = client.get("/office/supervision/publicity/?format=xlsx").content
    for name in visible:
        assert name in body
    for name in hidden:
        assert name not in body
    from openpyxl import load_workbook

    cells = {str(c.value) for row in load_workbook(io.BytesIO(export)).active.iter_rows() for c in row}  # type: ignore[union-attr]
    assert not any(name in cells for name in hidden)
    findings = client.get("/office/supervision/findings/").content.decode()
    assert ("宣传不到位" in findings) == ("上坪村" in visible)


def test_it_refuses_writes_outside_scope(client_for: Any, officer: Any, records: Any) -> None:
    client = client_for(officer)
    before = Finding.objects.count()
    response = client.post(f"/office/supervision/visits/{records['visit']}/",
                           {"form": "finding", "f-unit": CHANGWA, "f-text": "x", "f-severity": "low"})  # fmt: skip
    assert response.status_code == 200 and Finding.objects.count() == before  # Changwa is not a choice
    assert (
        client.post(f"/office/supervision/plans/{records['donggang_plan']}/", {"form": "file"}).status_code
        == 404
    )
    assert client.post(f"/office/supervision/group/members/{999}/remove/").status_code == 404


def test_it_sends_anonymous_users_to_login(client: Any, records: Any) -> None:
    for url in [*LISTS, "/office/supervision/petitions/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/office/login/"), url
