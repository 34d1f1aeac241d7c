"""The province summary (huanjie.reports.province_summary) as a job, split so that several workers share it: the job hands out one part per
district (`reports.province_summary_part`, each computing that district's figures from its round), and
when the last part is done it runs again and combines their figures into the document. The job's page
shows the parts done of all as its progress bar. Without workers (no broker) the same jobs run in the web
process's pool (huanjie/jobs/runner.py), so the office needs nothing more on a single machine.

Offered to a user whose scope is a province or a city (the province page's buttons): the document covers
that scope, or a city of it, and only the rounds the user sees.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.core import clock
from huanjie.core.errors import ActionError
from huanjie.core.scope import get_visible
from huanjie.elections.models import Round
from huanjie.jobs.context import JobContext
from huanjie.jobs.kinds import SUMMARY_TYPES
from huanjie.jobs.registry import job_kind
from huanjie.units.models import Division
from huanjie.web.request import staff

KIND = "reports.province_summary"
PART = "reports.province_summary_part"


@job_kind(KIND, gettext_lazy("Summary of the districts"))
def province_summary(ctx: JobContext) -> None:
    from huanjie.reports import render
    from huanjie.reports.province_summary import ABOVE_DISTRICT, compose, summary_rounds, to_pdf

    division = ctx.job.division
    if division.level not in ABOVE_DISTRICT:
        raise ActionError(_("A summary of the districts is made for a province or a city."))
    parts = ctx.parts()
    if not parts:
        rounds = summary_rounds(division, ctx.job.started_by)
        if not rounds:
            raise ActionError(_("No district of %(division)s has a round.") % {"division": division.name})
        ctx.log(
            _("%(n)d districts, each its own part: their figures are computed by any free worker.")
            % {"n": len(rounds)}
        )
        ctx.spawn_parts(PART, [{"round": r.pk} for r in rounds])  # stops here; runs again when all are done
    failed = [p for p in parts if p.state != "done"]
    if failed:
        raise ActionError(
            _("%(n)d of the %(total)d parts failed; start the summary again.")
            % {"n": len(failed), "total": len(parts)}
        )
    fmt, lang = ctx.params["format"], ctx.params["lang"]
    ctx.progress(len(parts), len(parts) + 1)
    ctx.log(_("All %(n)d districts counted; writing the document (%(format)s).") % {"n": len(parts),
            "format": fmt.upper()})  # fmt: skip
    doc = compose(division, [p.data for p in parts], lang=lang, today=clock.today())
    data = render.to_docx(doc) if fmt == "docx" else to_pdf(doc)
    ctx.finish_file(f"summary-of-districts-{division.code}-{lang}-{clock.today().isoformat()}.{fmt}", data)


@job_kind(PART, gettext_lazy("One district's figures for the summary of the districts"))
def province_summary_part(ctx: JobContext) -> None:
    from huanjie.reports.province_figures import district_part

    rnd = Round.objects.select_related("district__parent").filter(pk=ctx.params["round"]).first()
    if rnd is None:
        raise ActionError(_("The round no longer exists."))
    ctx.finish(district_part(rnd, clock.today()))


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Start the summary of the user's province or city, or of a city in it (`division`)."""
    from huanjie.jobs.views import _start
    from huanjie.reports.province_summary import ABOVE_DISTRICT

    user = staff(request)
    code = request.POST.get("division")
    division = get_visible(user, Division, code=code) if code else user.scope
    if division is None or division.level not in ABOVE_DISTRICT:
        raise Http404("a province's or a city's summary")
    fmt = request.POST.get("format", "docx")
    lang = request.POST.get("lang") or ("en" if (get_language() or "").startswith("en") else "zh")
    if fmt not in SUMMARY_TYPES or lang not in ("zh", "en"):
        raise Http404
    return _start(request, KIND, division, {"format": fmt, "lang": lang})
