"""The statistics pages: the dashboard with drill-down, the summary and table downloads, the previous
term's import with located errors — scoped to the user's divisions."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from huanjie.auditlog.models import Event
from huanjie.elections.models import Round
from huanjie.reports.models import PreviousMember
from tests.reports.test_summary import PREVIOUS

BAD = PREVIOUS + "620102023201,党组织,组长,错职务,男,1970-13-01,初中,是,汉族,2021-12-20,\n"


def test_it_shows_the_district_with_its_streets_and_drills_down(
    client: Any, admin: Any, elected: Round
) -> None:
    client.force_login(admin)
    page = client.get(f"/office/reports/?round={elected.pk}").content.decode()
    assert "青白石街道" in page and "东岗街道" in page and "no-previous" in page
    street = client.get(f"/office/reports/?round={elected.pk}&division=620102023000").content.decode()
    assert "石沟村" in street and "上坪村" in street and "长洼村" not in street
    unit = client.get(f"/office/reports/?round={elected.pk}&division=620102023201")
    assert unit.status_code == 200


def test_it_keeps_officers_to_their_scope(client: Any, officer: Any, outsider: Any, elected: Round) -> None:
    client.force_login(officer)  # Qingbaishi Street
    assert client.get(f"/office/reports/?round={elected.pk}&division=620102015201").status_code == 404
    assert (
        client.get(f"/office/reports/tables.xlsx?round={elected.pk}&division=620102015000").status_code == 404
    )
    client.force_login(outsider)
    assert client.get(f"/office/reports/?round={elected.pk}").status_code == 404
    assert client.get(f"/office/reports/summary.docx?round={elected.pk}").status_code == 404


def test_it_downloads_the_summary_and_the_tables(client: Any, admin: Any, elected: Round) -> None:
    client.force_login(admin)
    docx = client.get(f"/office/reports/summary.docx?round={elected.pk}")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    html = client.get(f"/office/reports/summary.html?round={elected.pk}&lang=en").content.decode()
    assert "1. Basic information" in html and "<svg" in html
    xlsx = client.get(f"/office/reports/tables.xlsx?round={elected.pk}")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:3] == ["各街道汇总", "各单位明细", "当选人员"]
    names = {row[3] for row in book["当选人员"].iter_rows(min_row=2, values_only=True)}
    assert names == {"王建国", "李秀英", "赵强", "张福", "刘芳"}
    assert client.get(f"/office/reports/summary.odt?round={elected.pk}").status_code == 404


def test_it_imports_the_previous_term_whole_or_not_at_all(client: Any, admin: Any, elected: Round) -> None:
    client.force_login(admin)
    template = client.get("/office/reports/previous-term/template.xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    url = f"/office/reports/previous-term/?round={elected.pk}"
    events = Event.objects.count()
    bad = client.post(url, {"file": SimpleUploadedFile("p.csv", BAD.encode())}).content.decode()
    assert "组长" in bad and "1970-13-01" in bad  # located: the bad post and the bad date, on row 5
    assert PreviousMember.objects.count() == 0 and Event.objects.count() == events
    for _ in range(2):  # the same file twice: the same three members, not six
        client.post(url, {"file": SimpleUploadedFile("p.csv", PREVIOUS.encode())})
        assert PreviousMember.objects.filter(round=elected).count() == 3
    page = client.get(f"/office/reports/?round={elected.pk}").content.decode()
    assert "no-previous" not in page


def test_it_lets_only_the_office_import(client: Any, officer: Any, clerk: Any, elected: Round) -> None:
    client.force_login(clerk)
    url = f"/office/reports/previous-term/?round={elected.pk}"
    assert client.post(url, {"file": SimpleUploadedFile("p.csv", PREVIOUS.encode())}).status_code == 403
    assert PreviousMember.objects.count() == 0


def test_the_pages_offer_the_summary_paper_only_as_a_job(client: Any, admin: Any, elected: Round) -> None:
    """Issue 20: the Word and PDF of a district's summary take seconds at real size; the statistics page
    and the summary's web page only start the job, whose page follows it to the file."""
    from huanjie.jobs.models import Job

    client.force_login(admin)
    for url in (
        f"/office/reports/?round={elected.pk}",
        f"/office/reports/summary.html?round={elected.pk}&lang=en",
    ):
        page = client.get(url).content.decode()
        assert "summary.docx" not in page and "summary.pdf" not in page, url
        assert 'action="/office/jobs/start/summary/"' in page and 'value="pdf"' in page, url
    started = client.post(
        "/office/jobs/start/summary/", {"round": elected.pk, "division": "620102000000", "format": "pdf"}
    )
    job = Job.objects.get(kind="reports.summary")
    assert started.status_code == 302 and started["Location"] == f"/office/jobs/{job.pk}/"
    assert job.params["format"] == "pdf"
