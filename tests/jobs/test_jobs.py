"""Background jobs: started from the office as an action, run to completion, shown on a scoped page with
their progress, log and result; a job whose worker dies mid-way leaves no half-written result and is
completed by the next attempt."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from huanjie.auditlog.models import Event
from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Notice, Round
from huanjie.jobs.actions import do_start_job
from huanjie.jobs.models import Job, State
from huanjie.jobs.runner import BUSY, run_job


def _start_summary(client: Any, rnd: Round, fmt: str = "docx", division: str = "620102000000") -> Job:
    response = client.post(
        reverse("jobs:start_summary"), {"round": rnd.pk, "division": division, "format": fmt, "lang": "zh"}
    )
    assert response.status_code == 302, response.content
    job = Job.objects.latest("pk")
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    return job


def test_a_summary_job_runs_and_its_page_shows_progress_log_and_result(
    elected: Round, admin: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(admin)
    events = Event.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        job = _start_summary(client, elected)
    job.refresh_from_db()
    assert job.state == State.DONE, job.error
    assert (job.done, job.total, job.attempts) == (3, 3, 1)
    assert Event.objects.count() == events + 1  # starting it is one action; running it writes no record
    assert Event.objects.latest("seq").action == "job.start"

    page = client.get(reverse("jobs:job", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="job-bar" max="100" value="100"' in html
    assert "hx-trigger" not in html  # finished: the page stops polling
    assert "城关区" in html and job.result_name in html
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert download.status_code == 200
    data = b"".join(download.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()  # a whole Word file
    assert job.result_name in download["Content-Disposition"]
    listing = client.get(reverse("jobs:list")).content.decode()
    assert reverse("jobs:job", args=[job.pk]) in listing


def test_a_running_job_page_polls_for_its_progress(elected: Round, admin: Any, client_for: Any) -> None:
    client = client_for(admin)
    job = Job.objects.create(
        kind="reports.tables", division=admin.scope, started_by=admin, state=State.RUNNING, done=1, total=4
    )
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("jobs:progress", args=[job.pk])}"' in html
    assert 'hx-trigger="every 1s"' in html and 'value="25"' in html and "<script>" not in html
    fragment = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert fragment.startswith('<section id="job-progress"') and "1 / 4" in fragment


def test_another_districts_job_is_not_found(
    elected: Round,
    admin: Any,
    outsider: Any,
    clerk: Any,
    client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        job = _start_summary(client, elected)
    for user in (outsider, clerk):  # the neighbouring district's administrator; a village's clerk
        client.force_login(user)
        for name in ("jobs:job", "jobs:progress", "jobs:result"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (user, name)
    # Nor may the outsider start one over a division of ours.
    client.force_login(outsider)
    response = client.post(reverse("jobs:start_tables"), {"round": elected.pk, "division": "620102000000"})
    assert response.status_code == 404
    assert Job.objects.count() == 1


def test_a_clerk_starts_the_tables_of_their_unit(
    elected: Round, clerk: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:start_tables"), {"round": elected.pk, "division": "620102023201"}
        )
    job = Job.objects.get()
    assert response.status_code == 302 and job.state == State.DONE and job.division.code == "620102023201"
    assert client.get(reverse("jobs:result", args=[job.pk])).status_code == 200
    assert client.post(reverse("jobs:start_publish")).status_code == 403  # the site is the district's


class Killed(BaseException):
    """What a worker killed with -9 looks like from inside: the job's code stops, nothing is caught."""


def test_a_job_whose_worker_dies_leaves_no_result_and_the_retry_completes_it(
    elected: Round,
    admin: Any,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    real_save = default_storage.save
    calls: list[str] = []

    def dies_while_storing(name: str, content: Any, **kw: Any) -> str:
        calls.append(name)
        if len(calls) == 1:  # the first attempt stores half the file, then its worker is killed
            real_save(name, io.BytesIO(content.read()[:100]))
            raise Killed
        return str(real_save(name, content, **kw))

    monkeypatch.setattr(default_storage, "save", dies_while_storing)
    client = client_for(admin)
    with pytest.raises(Killed), django_capture_on_commit_callbacks(execute=True):
        _start_summary(client, elected)
    job = Job.objects.get()
    assert job.state == State.RUNNING and job.result_file == "" and job.attempts == 1
    assert default_storage.listdir(f"jobs/{job.pk}/1")[1]  # the dead attempt's half file
    assert "hx-trigger" in client.get(reverse("jobs:job", args=[job.pk])).content.decode()

    # While its heartbeat is fresh another delivery leaves it alone; once it has stopped, it takes over.
    assert run_job(job.pk) == BUSY
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(seconds=61))
    assert run_job(job.pk) == State.DONE
    job.refresh_from_db()
    assert job.attempts == 2 and job.result_file.startswith(f"jobs/{job.pk}/2/")
    assert default_storage.listdir(f"jobs/{job.pk}/1")[1] == []  # the half file is gone
    with default_storage.open(job.result_file) as f:
        assert zipfile.ZipFile(f).namelist()
    assert "attempt 2" in job.log or "第 2 次" in job.log
    # A late redelivery of the finished job changes nothing.
    assert run_job(job.pk) == "skipped"


def test_publishing_in_parts_writes_what_the_command_writes(
    results: dict[str, Notice],
    admin: Any,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    from django.core.management import call_command

    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:start_publish"))
    job = Job.objects.get(parent__isnull=True)
    assert response.status_code == 302 and job.state == State.DONE, job.error
    parts = list(job.parts.all())
    assert len(parts) == 2 and all(p.state == State.DONE for p in parts)  # the two streets
    assert {p.params["street"] for p in parts} == {"620102023000", "620102015000"}
    assert job.result_url

    command_site = tmp_path / "by-command"
    call_command("publish-static", str(command_site), "--jobs=1", "--no-progress", stdout=io.StringIO())
    by_job = (Path(settings.PUBLISH_DIR) / ".huanjie-publish.json").read_text()
    assert by_job == (command_site / ".huanjie-publish.json").read_text()
    n = results["shigou"]
    assert (Path(settings.PUBLISH_DIR) / f"notices/{n.pk}.pdf").read_bytes().startswith(b"%PDF")
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "620102023000" in html  # its parts listed


def _publish_by_job(client: Any, capture: Any) -> Job:
    with capture(execute=True):
        client.post(reverse("jobs:start_publish"))
    job = Job.objects.filter(parent__isnull=True).latest("pk")
    assert job.state == State.DONE, job.error
    return job


def _manifest_but_anchors(site: Path) -> dict[str, str]:
    import json

    files: dict[str, str] = json.loads((site / ".huanjie-publish.json").read_text())["files"]
    return {n: digest for n, digest in files.items() if not n.startswith("data/audit-anchors.json")}


def _same_as_a_full_publish(site: Path, full: Path) -> None:
    """Every file of the incremental publish is the one a full publish into an empty directory writes."""
    import json

    from django.core.management import call_command

    call_command("publish-static", str(full), "--jobs=1", "--no-progress", stdout=io.StringIO())
    mine, theirs = (json.loads((d / ".huanjie-publish.json").read_text())["files"] for d in (site, full))
    differ = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
    # An empty feed says it was updated "now" (Django's syndication): one kept from the last publish is
    # older than one made a second ago, and rightly so. The audit chain's anchors move with every event.
    # Nothing else may differ.
    for name in differ:
        if name.startswith("data/audit-anchors.json"):
            continue
        assert name.endswith("feed.atom") and b"<entry>" not in (full / name).read_bytes(), differ


def _new_notice(rnd: Round, unit: str, today: dt.date) -> Notice:
    """Complete the next stage of the unit's committee election that publishes a notice (as its clerk
    would): a public publication event at the unit."""
    from huanjie.elections.models import ElectionStage, StageStatus
    from tests.elections.conftest import committee, walk

    election = committee(rnd, unit)
    pending = ElectionStage.objects.filter(election=election, status=StageStatus.PENDING).order_by("seq")
    key = next(s.key for s in pending if s.publishes_notice)
    before = Notice.objects.count()
    walk(election, key, today)
    assert Notice.objects.count() == before + 1
    return Notice.objects.latest("pk")


def test_a_publish_writes_again_only_what_changed_since_the_last(
    results: dict[str, Notice],
    admin: Any,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from huanjie.elections.actions import do_correct_notice, do_set_election_day
    from huanjie.jobs import kinds
    from tests.elections.conftest import committee, party

    client = client_for(admin)
    site = Path(settings.PUBLISH_DIR)
    rnd = results["shigou"].round
    today = dt.date.today()
    # Changwa (Donggang Street) has its election day: the notices below may then be published there.
    do_set_election_day(committee(rnd, "620102015201"), today + dt.timedelta(days=30), actor=SYSTEM)
    first = _publish_by_job(client, django_capture_on_commit_callbacks)
    manifest = _manifest_but_anchors(site)
    assert first.parts.count() == 2

    again = _publish_by_job(client, django_capture_on_commit_callbacks)
    assert again.parts.count() == 0  # nothing changed: nothing rendered but the common pages
    # Only the audit chain's anchors moved (starting the job is itself an audit event).
    assert _manifest_but_anchors(site) == manifest

    # A corrected notice in Shigou Village (Qingbaishi Street): few pages, written by the publish itself.
    new = do_correct_notice(results["shigou"], body_zh="更正。", body_en="Corrected.", actor=admin)
    third = _publish_by_job(client, django_capture_on_commit_callbacks)
    assert third.parts.count() == 0
    assert (site / f"notices/{new.pk}.pdf").is_file()
    _same_as_a_full_publish(site, tmp_path / "full-1")

    # A new notice in Changwa (Donggang), then one in Shangping (Qingbaishi): the second is the first's
    # "next" notice in the district, so Changwa's notice page changes though nothing was published in Donggang since.
    changwa = _new_notice(rnd, "620102015201", today)
    _publish_by_job(client, django_capture_on_commit_callbacks)
    page = site / f"notices/{changwa.pk}/index.html"
    assert f"/notices/{new.pk}/" in page.read_text()
    shangping = _new_notice(rnd, "620102023202", today)
    monkeypatch.setattr(kinds, "INLINE_PAGES", 0)  # this time by parts, each with the pages it must write
    fourth = _publish_by_job(client, django_capture_on_commit_callbacks)
    assert sorted(p.params["street"] for p in fourth.parts.all()) == ["620102015000", "620102023000"]
    assert f"/notices/{shangping.pk}/" in page.read_text()
    for part in fourth.parts.all():  # each rendered only some of its street's pages
        assert 0 < len(part.params["addresses"]) < len(part.data["files"])
    _same_as_a_full_publish(site, tmp_path / "full-2")
    packed = site / f"notices/{changwa.pk}/index.html.gz"
    assert gzip.decompress(packed.read_bytes()) == page.read_bytes()

    # Setting election days is recorded at the district (a change above the streets): every street again.
    do_set_election_day(party(rnd, "620102015201"), today + dt.timedelta(days=31), actor=SYSTEM)
    fifth = _publish_by_job(client, django_capture_on_commit_callbacks)
    assert sorted(p.params["street"] for p in fifth.parts.all()) == ["620102015000", "620102023000"]
    assert all(p.params["addresses"] is None for p in fifth.parts.all())
    _same_as_a_full_publish(site, tmp_path / "full-3")


def test_a_new_notices_pdf_is_rendered_once_by_a_worker_and_served_from_the_store(
    rnd: Round,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from huanjie.bulletin import pdfstore
    from huanjie.bulletin.views import paper
    from huanjie.jobs import kinds
    from tests.elections.conftest import committee, walk

    settings.JOBS_MODE = "celery"  # as with workers; the "queue" below runs the job at once
    monkeypatch.setattr(kinds, "enqueue", run_job)
    shigou = committee(rnd, "620102023201")
    with django_capture_on_commit_callbacks(execute=True):
        walk(shigou, "election_plan", dt.date.today())
    notices = list(Notice.objects.all())
    jobs = Job.objects.filter(kind="bulletin.notice_pdf")
    assert notices and jobs.count() == len(notices) and all(j.state == State.DONE for j in jobs)
    notice = notices[-1]
    assert default_storage.exists(pdfstore.name_for(notice.sha256))

    def no_rendering(*args: Any) -> bytes:
        raise AssertionError("rendered again")

    monkeypatch.setattr(paper, "notice_pdf_bytes", no_rendering)
    response = client.get(reverse("bulletin:notice_pdf", args=[notice.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_digest_job_mails_the_scope_once_even_when_retried(
    rnd: Round,
    admin: Any,
    officer: Any,
    clerk: Any,
    outsider: Any,
    client_for: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    from huanjie.elections.actions import do_set_election_day
    from tests.elections.conftest import committee

    for user in (admin, officer, clerk, outsider):
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    do_set_election_day(committee(rnd, "620102023201"), dt.date.today() + dt.timedelta(days=25), actor=SYSTEM)
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:start", args=["elections.digest"]))
    job = Job.objects.get()
    assert response.status_code == 302 and job.state == State.DONE, job.error
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["admin@example.cn", "clerk@example.cn", "officer@example.cn"]  # not the outsider
    assert "3" in job.outcome
    # A retry after a dead attempt (the row put back to running, as a killed worker leaves it) mails nobody twice.
    Job.objects.filter(pk=job.pk).update(
        state=State.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert run_job(job.pk) == State.DONE
    assert len(mail.outbox) == 3
    # A clerk may not start it.
    assert client_for(clerk).post(reverse("jobs:start", args=["elections.digest"])).status_code == 302
    assert Job.objects.count() == 1


def test_scheduled_jobs_are_listed_for_the_users_whose_scope_holds_them(
    tree: Any, admin: Any, outsider: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from huanjie.jobs.actions import start_scheduled

    with django_capture_on_commit_callbacks(execute=True):
        job = start_scheduled("elections.snapshot")  # over the whole tree, as beat starts it
    job.refresh_from_db()
    assert job.state == State.DONE and job.started_by is None and job.division.code == "620000000000"
    assert Event.objects.latest("seq").action == "job.start"
    # The province's job is above both districts' administrators: in neither's list nor scope.
    for user in (admin, outsider):
        client = client_for(user)
        assert 'id="scheduled-jobs"' not in client.get(reverse("jobs:list")).content.decode()
        assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        own = do_start_job("elections.snapshot", division=admin.scope, params={}, actor=SYSTEM)
    listing = client_for(admin).get(reverse("jobs:list")).content.decode()
    assert 'id="scheduled-jobs"' in listing and reverse("jobs:job", args=[own.pk]) in listing


def test_a_stored_pdfs_key_covers_what_the_paper_is_made_from(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stored name changes with the template, the renderer, the view's context (the Chinese date, the
    QR code) and the bulletin's address: each source file is read, and a change to one gives a new key."""
    from pathlib import Path

    from huanjie.bulletin import pdfstore

    package = Path(pdfstore.__file__).resolve().parent.parent
    for name in ("bulletin/views/paper.py", "core/dates.py", "bulletin/qr.py", "core/pdf.py"):
        assert name in pdfstore.LAYOUT_SOURCES and (package / name).is_file()
    before = pdfstore.layout_key()
    sources = pdfstore._layout_sources()
    assert (package / "core/dates.py").read_bytes() in sources
    monkeypatch.setattr(pdfstore, "_layout_sources", lambda: sources.replace(b"zh_date", b"zh_day"))
    assert pdfstore.layout_key() != before
