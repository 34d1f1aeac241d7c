"""The long work Huanjie hands to jobs. Each kind is idempotent: run again after a dead attempt it makes
the same result from the records (a file stored under the new attempt's name, or the static site's files,
each replaced whole)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.bulletin import conf
from huanjie.core import clock
from huanjie.core.errors import ActionError
from huanjie.elections.models import Round
from huanjie.jobs.context import JobContext
from huanjie.jobs.models import Delivery, Job
from huanjie.jobs.registry import job_kind
from huanjie.jobs.runner import enqueue, mode
from huanjie.units.models import Division

SUMMARY_TYPES = ("docx", "pdf")


def _round_and_scope(ctx: JobContext) -> tuple[Round, Division]:
    rnd = Round.objects.select_related("district").filter(pk=ctx.params["round"]).first()
    if rnd is None:
        raise ActionError(_("The round no longer exists."))
    return rnd, ctx.job.division


@job_kind("reports.summary", gettext_lazy("Work summary"))
def summary(ctx: JobContext) -> None:
    from huanjie.reports import render
    from huanjie.reports.summary import build_summary

    rnd, scope = _round_and_scope(ctx)
    fmt, lang = ctx.params["format"], ctx.params["lang"]
    ctx.progress(0, 3)
    ctx.log(_("Reading the records of %(division)s.") % {"division": scope.name})
    doc = build_summary(rnd, lang=lang, today=clock.today(), scope=scope, user=ctx.job.started_by)
    ctx.progress(1, 3)
    ctx.log(_("Writing the document (%(format)s).") % {"format": fmt.upper()})
    data = render.to_docx(doc) if fmt == "docx" else render.to_pdf(doc)
    ctx.progress(2, 3)
    ctx.finish_file(f"work-summary-{scope.code}-{lang}-{clock.today().isoformat()}.{fmt}", data)


@job_kind("reports.tables", gettext_lazy("Statistical tables"))
def tables(ctx: JobContext) -> None:
    from huanjie.reports.data import load
    from huanjie.reports.tables import tables_xlsx

    rnd, scope = _round_and_scope(ctx)
    ctx.progress(0, 2)
    ctx.log(_("Reading the records of %(division)s.") % {"division": scope.name})
    figures = load(rnd, scope)
    ctx.progress(1, 2)
    ctx.finish_file(f"statistics-{scope.code}-{clock.today():%Y%m%d}.xlsx", tables_xlsx(figures))


def publish_dir() -> Path:
    return Path(settings.PUBLISH_DIR)


# Up to this many pages of the street parts to render again (and not the whole site), the publish renders
# them itself: a job per street would cost more in hand-overs than it saves (one new notice renders about
# fifty).
INLINE_PAGES = 150
PUBLISH_PROCESSES = 2


@job_kind("bulletin.publish", gettext_lazy("Publish the static bulletin"), Capability.MANAGE_ROUNDS)
def publish(ctx: JobContext) -> None:
    """First run: the streets whose pages must be written again (bulletin/publishplan.py), one part each,
    each a job of its own — or, when they are few pages, none. Run again when the last part is done: the
    common pages and what the parts left, and the manifest of everything."""
    import json

    from huanjie.bulletin.publisher import MANIFEST, Site, make_dirs, part_pages, publish_state
    from huanjie.bulletin.publisher import publish as write_site
    from huanjie.bulletin.publishplan import plan

    parts = ctx.parts()
    if not parts and "state" not in ctx.job.data:
        state = publish_state()
        make_dirs(publish_dir())
        site = Site()
        todo = plan(publish_dir(), state, site)
        try:
            old_keys = json.loads((publish_dir() / MANIFEST).read_text()).get("keys", {})
        except (FileNotFoundError, ValueError):
            old_keys = {}
        by_street = part_pages(site, todo, old_keys)
        pages = sum(len(a) for a in by_street.values())
        ctx.keep({"state": state})
        if pages <= INLINE_PAGES and not todo.full:
            ctx.log(
                _("Publishing to %(dir)s: %(pages)d pages of %(n)d streets to write again.")
                % {"dir": publish_dir(), "pages": pages, "n": len(by_street)}
            )
        else:
            ctx.log(
                _("Publishing to %(dir)s: %(n)d streets, each its own job.")
                % {"dir": publish_dir(), "n": len(by_street)}
            )
            ctx.spawn_parts(
                "bulletin.publish_part",
                [
                    {"street": code, "addresses": None if todo.full else addresses}
                    for code, addresses in sorted(by_street.items())
                ],
            )
    failed = [p for p in parts if p.state != "done"]
    if failed:
        raise ActionError(
            _("%(n)d of the %(total)d parts failed; publish again to retry them.")
            % {"n": len(failed), "total": len(parts)}
        )
    if parts:
        ctx.log(_("All parts written; now the common pages and the manifest."))
    report = write_site(
        publish_dir(),
        parts=[(p.data.get("files", {}), p.data.get("keys", {})) for p in parts],
        state=ctx.job.data.get("state"),
        # On a worker (never inside a request's or a test's transaction) the pages left to this job and
        # the new PDFs are rendered in two processes.
        jobs=PUBLISH_PROCESSES if mode() == "celery" else 1,
    )
    written = len(report.written) + sum(int(p.data.get("written", 0)) for p in parts)
    ctx.keep(
        {
            **ctx.job.data,
            "written": written,
            "unchanged": report.unchanged + sum(int(p.data.get("unchanged", 0)) for p in parts),
            "removed": len(report.removed),
            "plan": report.plan,
        }
    )
    ctx.log(
        _("%(written)d files written, %(removed)d removed, the rest unchanged.")
        % {"written": written, "removed": len(report.removed)}
    )
    ctx.finish_link(
        conf.base_url() + "/",
        outcome=_("The static bulletin is published in %(dir)s.") % {"dir": publish_dir()},
    )


@job_kind("bulletin.publish_part", gettext_lazy("Publish one street's pages"), Capability.MANAGE_ROUNDS)
def publish_part(ctx: JobContext) -> None:
    from huanjie.bulletin.publisher import publish_part as write_part

    street = str(ctx.params["street"])
    addresses = ctx.params.get("addresses")
    files, keys, report = write_part(publish_dir(), street, addresses=addresses, progress=ctx.progress)
    ctx.log(_("Street %(code)s: %(n)d files written.") % {"code": street, "n": len(report.written)})
    ctx.finish({"files": files, "keys": keys, "written": len(report.written), "unchanged": report.unchanged})


@job_kind("bulletin.notice_pdf", gettext_lazy("A notice's PDF"))
def notice_pdf(ctx: JobContext) -> None:
    """Render a newly published notice's PDF once, into the shared storage every server serves it from."""
    from django.urls import reverse

    from huanjie.bulletin import pdfstore
    from huanjie.elections.models import Notice

    notice = Notice.objects.select_related("unit").filter(pk=ctx.params["notice"]).first()
    if notice is None:
        raise ActionError(_("The notice no longer exists."))
    pdfstore.notice_pdf(notice)
    ctx.finish_link(reverse("bulletin:notice_pdf", args=[notice.pk]))


@receiver(post_save, sender="elections.Notice", dispatch_uid="jobs-notice-pdf")
def _render_new_notice(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """With workers, a new notice's PDF is made by one of them right after the publication commits. The
    job is part of the publishing action (whose one audit event records it); without workers the first
    request makes the PDF, as a demo's thread would only add to the web process's load."""
    if not created or mode() != "celery":
        return
    job = Job.objects.create(
        kind="bulletin.notice_pdf", params={"notice": instance.pk}, division_id=instance.unit_id
    )
    transaction.on_commit(lambda: enqueue(job.pk))


@dataclass
class Delivered:
    sent: list[Any] = field(default_factory=list)  # the digests mailed now
    earlier: int = 0  # users mailed (or being mailed) earlier that day, by a job or the command
    unreachable: list[Any] = field(default_factory=list)  # users with stages to act on but no address


def deliver_digests(
    users: list[Any],
    today: Any,
    *,
    job: Job | None = None,
    log: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Delivered:
    """Mail each user their digest, at most once a day whatever runs it (the digest job, `huanjie digest`,
    both): each mail is first claimed in the delivery ledger (a committed row per recipient and day), then
    sent, then marked sent. A second run the same day, or a retry after a worker died mid-send, finds the
    claim and sends nothing; a claim left `sending` by a dead attempt is reported, never sent again (a mail
    may be missed, never doubled)."""
    from huanjie.elections.digest import digest_for, send_digest

    done = Delivered()
    for i, user in enumerate(users):
        if progress is not None:
            progress(i, len(users))
        found = digest_for(user, today)
        if found is None:
            continue
        if not user.email:
            done.unreachable.append(user)
            if log is not None:
                log(_("%(user)s has stages to act on but no e-mail address.") % {"user": user.username})
            continue
        claim = claim_delivery("digest", user, today, job)
        if claim is not None:
            done.earlier += 1
            if claim == Delivery.Status.SENDING and log is not None:
                log(
                    _("%(user)s: an earlier attempt stopped while mailing them; not sent again.")
                    % {"user": user.username}
                )
            continue
        send_digest(found)
        Delivery.objects.filter(kind="digest", recipient=user, day=today).update(status=Delivery.Status.SENT)
        done.sent.append(found)
    return done


@job_kind("elections.digest", gettext_lazy("Digest of overdue and due-soon stages"), Capability.MANAGE_ROUNDS)
def digest(ctx: JobContext) -> None:
    """Mail each responsible user in the division their digest, at most once a day (`deliver_digests`)."""
    from huanjie.accounts.models import User
    from huanjie.elections.digest import RESPONSIBLE

    today = clock.today()
    users = list(
        User.objects.filter(
            is_active=True, role__in=RESPONSIBLE, scope__path__startswith=ctx.job.division.path
        )
        .select_related("scope")
        .order_by("username")
    )
    done = deliver_digests(users, today, job=ctx.job, log=ctx.log, progress=ctx.progress)
    outcome = _(
        "%(n)d digests sent for %(day)s (%(e)d sent earlier that day); %(m)d users without an e-mail address."
    ) % {"n": len(done.sent), "day": today.isoformat(), "e": done.earlier, "m": len(done.unreachable)}
    ctx.log(outcome)
    ctx.progress(len(users), len(users))
    ctx.finish({"sent": len(done.sent), "earlier": done.earlier}, outcome=outcome)


def claim_delivery(kind: str, user: Any, day: Any, job: Job | None) -> str | None:
    """Claim the one delivery of `kind` to `user` on `day`, committed before anything is sent: None when
    this call claimed it (send it), else the status of the claim an earlier attempt made (send nothing)."""
    with transaction.atomic():
        row, created = Delivery.objects.get_or_create(
            kind=kind, recipient=user, day=day, defaults={"job": job}
        )
    return None if created else str(row.status)


@job_kind("elections.snapshot", gettext_lazy("Daily progress snapshot"), Capability.MANAGE_ROUNDS)
def snapshot(ctx: JobContext) -> None:
    from huanjie.elections.snapshot import refresh

    day = clock.today()
    ctx.progress(0, 1)
    rows = refresh(day, Round.objects.filter(district__path__startswith=ctx.job.division.path))
    outcome = _("Progress snapshot of %(day)s: %(n)d rows.") % {"day": day.isoformat(), "n": rows}
    ctx.log(outcome)
    ctx.progress(1, 1)
    ctx.finish(outcome=outcome)
