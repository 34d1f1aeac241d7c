"""The long work Huanjie hands to jobs. Each kind is idempotent: run again after a dead attempt it makes
the same result from the records (a file stored under the new attempt's name, or the static site's files,
each replaced whole)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.bulletin import conf
from huanjie.core import clock
from huanjie.core.errors import ActionError
from huanjie.elections.models import Round
from huanjie.jobs.context import JobContext
from huanjie.jobs.registry import job_kind
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


@job_kind("bulletin.publish", gettext_lazy("Publish the static bulletin"), Capability.MANAGE_ROUNDS)
def publish(ctx: JobContext) -> None:
    """First run: one part per street, each a job of its own. Run again when the last part is done: the
    common pages, and the manifest of everything."""
    from huanjie.bulletin.publisher import Parts
    from huanjie.bulletin.publisher import publish as write_site

    parts = ctx.parts()
    if not parts:
        streets = Parts().streets()
        ctx.log(
            _("Publishing to %(dir)s: %(n)d streets, each its own job.")
            % {"dir": publish_dir(), "n": len(streets)}
        )
        ctx.spawn_parts("bulletin.publish_part", [{"street": code} for code in streets])
        # No streets (nothing published yet): the common part alone, below.
    failed = [p for p in parts if p.state != "done"]
    if failed:
        raise ActionError(
            _("%(n)d of the %(total)d parts failed; publish again to retry them.")
            % {"n": len(failed), "total": len(parts)}
        )
    ctx.log(_("All parts written; now the common pages and the manifest."))
    report = write_site(
        publish_dir(), parts=[(p.data.get("files", {}), p.data.get("keys", {})) for p in parts]
    )
    written = len(report.written) + sum(int(p.data.get("written", 0)) for p in parts)
    ctx.log(
        _("%(written)d files written, %(removed)d removed, the rest unchanged.")
        % {"written": written, "removed": len(report.removed)}
    )
    ctx.finish_link(conf.base_url() + "/")


@job_kind("bulletin.publish_part", gettext_lazy("Publish one street's pages"), Capability.MANAGE_ROUNDS)
def publish_part(ctx: JobContext) -> None:
    from huanjie.bulletin.publisher import publish_part as write_part

    street = str(ctx.params["street"])
    files, keys, report = write_part(publish_dir(), street, progress=ctx.progress)
    ctx.log(_("Street %(code)s: %(n)d files written.") % {"code": street, "n": len(report.written)})
    ctx.finish({"files": files, "keys": keys, "written": len(report.written)})


@job_kind("elections.snapshot", gettext_lazy("Daily progress snapshot"), Capability.MANAGE_ROUNDS)
def snapshot(ctx: JobContext) -> None:
    from huanjie.elections.snapshot import refresh

    day = clock.today()
    ctx.progress(0, 1)
    rows = refresh(day, Round.objects.filter(district__path__startswith=ctx.job.division.path))
    ctx.log(_("Progress snapshot of %(day)s: %(n)d rows.") % {"day": day.isoformat(), "n": rows})
    ctx.progress(1, 1)
