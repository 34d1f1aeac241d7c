"""A voter file above VOTER_UPLOAD_JOB_BYTES, uploaded through the office, is imported by a job: the page
answers at once with the job's page; the job registers the voters, or returns the error report; the
upload (it holds ID numbers) is gone afterwards."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from huanjie.auditlog.models import Access
from huanjie.elections.models import Election
from huanjie.jobs.models import Job, State
from huanjie.voters.models import Voter
from tests.voters.conftest import SHIGOU, csv_file, days, good_rows, person, shigou  # noqa: F401


def _upload(client: Any, election: Election, data: bytes, capture: Any) -> Job:
    with capture(execute=True):
        response = client.post(
            reverse("voters:import", args=[election.pk]), {"file": SimpleUploadedFile("roll.csv", data)}
        )
    job = Job.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job", args=[job.pk])
    return job


def test_a_large_voter_file_is_imported_by_a_job(
    shigou: Election,  # noqa: F811
    clerk: Any,
    client_for: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.VOTER_UPLOAD_JOB_BYTES = 100
    client = client_for(clerk)
    job = _upload(client, shigou, csv_file(good_rows(SHIGOU, 12)), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == State.DONE, job.error
    assert Voter.objects.filter(election=shigou).count() == 12
    assert job.division.code == SHIGOU and "12" in job.outcome
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert job.outcome in page and reverse("voters:roll", args=[shigou.pk]) in page
    folders = default_storage.listdir("jobs/uploads")[0]
    assert folders and all(default_storage.listdir(f"jobs/uploads/{d}")[1] == [] for d in folders)


def test_a_large_file_with_errors_gives_the_error_report_and_imports_nothing(
    shigou: Election,  # noqa: F811
    clerk: Any,
    client_for: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.VOTER_UPLOAD_JOB_BYTES = 100
    rows = good_rows(SHIGOU, 5)
    rows[3][0] = person(3)[:-1] + ("0" if person(3)[-1] != "0" else "1")  # a wrong check digit
    client = client_for(clerk)
    job = _upload(client, shigou, csv_file(rows), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == State.DONE and Voter.objects.count() == 0
    assert job.result_name == f"import-errors-{SHIGOU}.xlsx" and "1" in job.outcome
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")
    logged = Access.objects.get(view="job result")  # the error report quotes the rows: personal data
    assert logged.username == "clerk" and logged.division_path == job.division.path


def test_a_small_file_is_still_imported_in_the_page(
    shigou: Election,  # noqa: F811
    clerk: Any,
    client_for: Any,
) -> None:
    response = client_for(clerk).post(
        reverse("voters:import", args=[shigou.pk]),
        {"file": SimpleUploadedFile("roll.csv", csv_file(good_rows(SHIGOU, 3)))},
    )
    assert response.status_code == 200 and Job.objects.count() == 0
    assert Voter.objects.filter(election=shigou).count() == 3
