"""The statistics pages and the work summary's downloads. Scoped: the division asked for must lie in the
user's scope (404 otherwise); the round must be one the user sees."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.errors import ActionError, FileRejected, RowError
from huanjie.core.scope import get_visible
from huanjie.core.uploads import keep_errors, read_upload
from huanjie.elections.models import Round
from huanjie.reports import render as rendering
from huanjie.reports import resolve
from huanjie.reports.actions import do_import_previous_term
from huanjie.reports.basics import BAND_EN, BAND_ZH, BODY_EN, BODY_ZH, EDU_EN, EDU_ZH
from huanjie.reports.data import Figures, load
from huanjie.reports.models import Match, PreviousMember
from huanjie.reports.previous import template_xlsx
from huanjie.reports.stats import holders, pairing, percent, rounded, structure
from huanjie.reports.summary import build_summary
from huanjie.reports.tables import tables_xlsx
from huanjie.supervision.access import current_round
from huanjie.units.models import Division
from huanjie.web.forms import submit
from huanjie.web.request import require, staff


class ResolveForm(forms.Form):
    person = forms.ChoiceField(label=_lazy("Who this is"))

    def __init__(self, *args: Any, options: list[resolve.Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(o.key, o.label) for o in options]


KINDS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "html": "text/html; charset=utf-8"}  # fmt: skip


def _context(request: HttpRequest) -> tuple[Round, Division]:
    user = staff(request)
    rnd = current_round(user, request.GET.get("round"))
    if rnd is None:
        raise Http404("no round in your scope")
    code = request.GET.get("division")
    scope = get_visible(user, Division, code=code) if code else (user.scope or rnd.district)
    if scope.level not in ("district", "street", "unit") or not scope.path.startswith(rnd.district.path):
        raise Http404("not a division of this round")
    return rnd, scope


def _lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    if not request.GET.get("division") and user.scope and user.scope.level in ("province", "city"):
        # A province's or a city's user: the roll-up of its districts first (reports.province).
        return redirect("reports:province")
    rnd, scope = _context(request)
    fig = load(rnd, scope)
    zh = _lang() == "zh"
    return render(
        request,
        "reports/index.html",
        {
            "rnd": rnd,
            "scope": scope,
            "fig": fig,
            "groups": _groups(fig, zh),
            "completion": _completion_rows(fig),
            "children": _children(fig, scope),
            "previous_count": PreviousMember.objects.filter(round=rnd).count(),
            "previous_source": fig.previous_source,
            "can_import": can(staff(request), Capability.MANAGE_ROUNDS),
        },
    )


def _groups(fig: Figures, zh: bool) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for kind in ("village", "community"):
        for body in ("party", "committee"):
            people = fig.teams.get((kind, body), [])
            previous = fig.previous.get((kind, body), [])
            if not people and not previous:
                continue
            cur, old = structure(people), structure(previous)
            head = "secretary" if body == "party" else "director"
            heads, old_heads = structure(holders(people, head)), structure(holders(previous, head))
            rows: list[tuple[str, object, object, str, str]] = [
                (_("members"), cur.n, old.n if previous else "—", "", ""),
                (_("average age"), rounded(cur.average_age, 1),
                 rounded(old.average_age, 1) if previous else "—", "", ""),
                (_("average age of the heads"), rounded(heads.average_age, 1),
                 rounded(old_heads.average_age, 1) if previous else "—", "", ""),
            ]  # fmt: skip
            # Distribution rows carry bar widths (share of the team): the dashboard's charts, drawn in CSS.
            for i, band in enumerate(BAND_ZH if zh else BAND_EN):
                a, b = _at(cur.age_bands, i), _at(old.age_bands, i) if previous else "—"
                rows.append((band, a, b, _share(a, cur.n), _share(b, old.n)))
            for key in EDU_ZH:
                a, b = _get(cur.education, key), _get(old.education, key) if previous else "—"
                rows.append(((EDU_ZH if zh else EDU_EN)[key], a, b, _share(a, cur.n), _share(b, old.n)))
            rows += [
                (_("women"), _v(cur.women), _v(old.women) if previous else "—", "", ""),
                (_("party members"), _v(cur.party), _v(old.party) if previous else "—", "", ""),
                (_("ethnic minorities"), _v(cur.minority), _v(old.minority) if previous else "—", "", ""),
                (_("re-elected"), _v(cur.reelected), "—", "", ""),
                (_("elected after a runoff or tie re-vote"), cur.after_runoff, "—", "", ""),
            ]
            turnout = fig.turnout.get((kind, body))
            pair = pairing(fig.teams.get((kind, "party"), []), fig.teams.get((kind, "committee"), []))
            out.append(
                {
                    "label": (BODY_ZH if zh else BODY_EN)[(kind, body)],
                    "rows": rows,
                    "missing": [*cur.missing_age, *cur.missing_education, *cur.missing_sex],
                    "no_previous": not previous,
                    "turnout": percent(turnout.voted, turnout.registered) if turnout else "—",
                    "one_shoulder": f"{pair.one_shoulder}/{pair.units_with_both} "
                    f"({percent(pair.one_shoulder, pair.units_with_both)})"
                    if body == "committee"
                    else "",
                    "cross": f"{pair.cross}/{pair.party_members_total} ({percent(pair.cross, pair.party_members_total)})"
                    if body == "party"
                    else "",
                }
            )
    return out


def _share(value: object, whole: int) -> str:
    """A bar's width in per cent of the team, as a CSS length ("" for no bar)."""
    return f"{100 * value // whole}%" if isinstance(value, int) and whole else ""


def _at(values: tuple[int, ...] | None, i: int) -> object:
    return "—" if values is None else values[i]


def _get(values: dict[str, int] | None, key: str) -> object:
    return "—" if values is None else values[key]


def _v(value: int | None) -> object:
    return "—" if value is None else value


def _completion_rows(fig: Figures) -> list[dict[str, object]]:
    return [
        {"kind": kind, "c": c, "late": c.late, "unfinished": c.unfinished}
        for kind, c in sorted(fig.completion.items(), reverse=True)
        if c.units
    ]


def _children(fig: Figures, scope: Division) -> list[dict[str, object]]:
    """One row per street (or per unit, below a street): the drill-down."""
    if scope.level == "unit":
        return []
    below = fig.streets if scope.level == "district" else sorted(fig.units.values(), key=lambda u: u.code)
    rows: list[dict[str, object]] = []
    people = [p for group in fig.teams.values() for p in group]
    for d in below:
        units = [d] if d.level == "unit" else [u for u in fig.units.values() if u.parent_id == d.pk]
        codes = {u.code for u in units}
        group = [p for p in people if p.unit in codes]
        states = [fig.state.get(u.code, ("", None))[0] for u in units]
        rows.append(
            {
                "bar": _share(states.count("on_time"), len(units)),
                "division": d,
                "units": len(units),
                "on_time": states.count("on_time"),
                "late": states.count("late"),
                "unfinished": states.count("unfinished"),
                "elected": len(group),
                "age": rounded(structure(group).average_age, 1) if group else "—",
            }
        )
    return rows


@login_required
def summary(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in KINDS:
        raise Http404
    rnd, scope = _context(request)
    lang = request.GET.get("lang") or _lang()
    if lang not in ("zh", "en"):
        raise Http404
    doc = build_summary(
        rnd, lang=lang, today=clock.today(), scope=scope, svg=fmt == "html", user=staff(request)
    )
    if fmt == "html":
        return render(request, "reports/summary.html", {**rendering.context(doc), "rnd": rnd, "scope": scope})
    data = rendering.to_docx(doc) if fmt == "docx" else rendering.to_pdf(doc)
    response = HttpResponse(data, content_type=KINDS[fmt])
    name = f"work-summary-{scope.code}-{lang}-{clock.today().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def tables(request: HttpRequest) -> HttpResponse:
    rnd, scope = _context(request)
    response = HttpResponse(
        tables_xlsx(load(rnd, scope)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="statistics-{scope.code}-{clock.today():%Y%m%d}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def previous(request: HttpRequest) -> HttpResponse:
    user = require(request, Capability.MANAGE_ROUNDS)
    rnd, _scope = _context(request)
    errors: list[RowError] = []
    error_total = 0
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to import."))
        else:
            try:
                n = do_import_previous_term(rnd, upload.name or "", read_upload(upload), actor=user)
            except FileRejected as exc:
                errors, error_total = keep_errors(request, upload.name or "", exc.errors), len(exc.errors)
                messages.error(request, _("The file was not imported: %(n)d errors.") % {"n": error_total})
            except ActionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Imported %(n)d members of the previous term.") % {"n": n})
                return redirect(f"{request.path}?round={rnd.pk}")
    members = PreviousMember.objects.filter(round=rnd).select_related("unit").order_by("unit__code", "body")
    return render(
        request,
        "reports/previous.html",
        {
            "rnd": rnd,
            "errors": errors,
            "total": error_total,
            "count": members.count(),
            "members": members[:200],
            "flagged": members.filter(match=Match.FLAGGED).count(),
        },
    )


@login_required
def previous_template(request: HttpRequest) -> HttpResponse:
    staff(request)
    response = HttpResponse(
        template_xlsx(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="previous-term-template.xlsx"'
    return response


@login_required
@require_http_methods(["GET"])
def people(request: HttpRequest) -> HttpResponse:
    """People to resolve (issue 17): rows not tied to a person yet — carried over by name, or previous-term
    rows no ID number matched — in the user's scope, each with the people it may be."""
    user = staff(request)
    rnd, _scope = _context(request)
    rows = resolve.rows_for(user, rnd)
    return render(
        request,
        "reports/people.html",
        {
            "rnd": rnd,
            "rows": rows,
            "editable": can(user, Capability.EDIT_UNITS),
            "can_import": can(user, Capability.MANAGE_ROUNDS),
        },
    )


@login_required
@require_http_methods(["POST"])
def resolve_person(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    model = resolve.KINDS.get(kind)
    if model is None:
        raise Http404("no such kind of row")
    related = {"previous": "unit", "line": "contest__voting_round__election__unit"}.get(
        kind, "election__unit"
    )
    row = get_visible(user, model.objects.select_related(related), pk=pk)
    election = resolve.election_of(row)
    back = f"{reverse('reports:people')}?round={row.round_id if election is None else election.round_id}"
    form = ResolveForm(request.POST, options=resolve.options(kind, row))
    return submit(
        request,
        form,
        lambda d: resolve.do_resolve_person(
            row, person=resolve.person_of(kind, row, d["person"]), actor=user
        ),
        _("Recorded."),
        back,
        invalid=_("Choose one of the people listed."),
    )
