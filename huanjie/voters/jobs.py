"""The voter import as a background job (huanjie/jobs): a file above VOTER_UPLOAD_JOB_BYTES is stored in
the shared storage and checked and imported by a worker, the page that follows showing its progress. The
kind lives here, with the import it runs, so that the jobs app knows no domain app (the dependency goes
one way: voters → jobs)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.errors import ActionError, FileRejected
from huanjie.core.uploads import clipped
from huanjie.elections.models import Election
from huanjie.jobs.actions import do_start_job
from huanjie.jobs.context import JobContext
from huanjie.jobs.registry import job_kind
from huanjie.voters.actions import ImportRejected, do_import_voters
from huanjie.voters.reports import error_report_xlsx
from huanjie.web.request import staff


def start_voter_import(request: HttpRequest, election: Election, upload: UploadedFile[bytes]) -> HttpResponse:
    """Called by the voter import page (its checks of scope and role done) for a file above
    VOTER_UPLOAD_JOB_BYTES: the file goes to the shared storage, where any worker reads it."""
    stored = default_storage.save(f"jobs/uploads/{uuid.uuid4().hex}/upload", upload)
    params = {"election": election.pk, "upload": stored, "name": upload.name or "upload"}
    try:
        job = do_start_job("voters.import", division=election.unit, params=params, actor=staff(request))
    except ActionError as exc:
        default_storage.delete(stored)
        messages.error(request, str(exc))
        return redirect("voters:import", pk=election.pk)
    return redirect("jobs:job", pk=job.pk)


@job_kind("voters.import", gettext_lazy("Voter file import"), Capability.EDIT_UNITS)
def import_voters(ctx: JobContext) -> None:
    """A voter file uploaded through the office, too large to check inside the request. The import is
    one transaction (all rows or none; the same file again changes nothing), so a retry after a dead
    attempt starts from a database the dead attempt did not touch. The upload itself holds ID numbers:
    it is deleted once the job has finished, whatever its outcome."""
    election = Election.objects.select_related("round", "unit").filter(pk=ctx.params["election"]).first()
    upload, name = str(ctx.params["upload"]), str(ctx.params["name"])
    if election is None or not default_storage.exists(upload):
        raise ActionError(_("The election or the uploaded file is no longer there; upload the file again."))
    phases = {"check": _("Checking every row."), "cross-check": _("Checking against the other units of the round."),
              "write": _("Writing the roll.")}  # fmt: skip
    seen: set[str] = set()

    def progress(phase: str, done: int, total: int) -> None:
        if phase not in seen:
            seen.add(phase)
            ctx.log(phases.get(phase, phase))
        ctx.progress(done, max(total, done, 1))

    starter = ctx.job.started_by
    if starter is None:  # the account was deleted since: nobody answers for this import any more
        default_storage.delete(upload)
        raise ActionError(_("The account that uploaded this file no longer exists; upload the file again."))
    with default_storage.open(upload, "rb") as f:
        data = f.read()
    roll = reverse("voters:roll", args=[election.pk])
    try:
        summary = do_import_voters(
            election.round, name, data, unit=election.unit, actor=starter, progress=progress
        )
    except FileRejected as exc:
        notes = exc.notes if isinstance(exc, ImportRejected) else []
        outcome = _("%(file)s: %(n)d errors, nothing was imported. The error report lists them.") % {
            "file": name,
            "n": len(exc.errors),
        }
        ctx.log(outcome)
        report = error_report_xlsx(name, clipped(exc.errors), clipped(notes))
        ctx.finish_file(f"import-errors-{election.unit.code}.xlsx", report, outcome=outcome, url=roll)
    except Exception:
        default_storage.delete(upload)
        raise
    else:
        outcome = _(
            "%(rows)d rows: %(reg)d registered, %(exc)d excluded; %(new)d new on the roll; "
            "%(res)d residents added, %(upd)d updated."
        ) % {"rows": summary.rows, "reg": summary.registered, "exc": summary.excluded,
             "new": summary.voters_added, "res": summary.residents_added, "upd": summary.residents_updated}  # fmt: skip
        ctx.log(outcome)
        ctx.finish_link(roll, outcome=outcome)
    default_storage.delete(upload)
