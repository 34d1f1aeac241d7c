"""The roll of an election: entries, counts, changes, the import with its error report."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.auditlog.access import shown
from huanjie.core.errors import ActionError, FileRejected, RowError
from huanjie.core.scope import get_visible
from huanjie.core.uploads import clipped, read_upload
from huanjie.elections.models import Election
from huanjie.voters import idcrypto, reports
from huanjie.voters.actions import (
    ImportRejected,
    Registration,
    do_add_voter,
    do_build_roll,
    do_import_voters,
    do_remove_voter,
)
from huanjie.voters.forms import AddVoterForm, ImportForm, RemoveVoterForm
from huanjie.voters.jobs import start_voter_import
from huanjie.voters.models import Resident, Voter, VoterStatus
from huanjie.voters.picker import ResidentPickerField, of_voting_age
from huanjie.voters.publication import list_notice
from huanjie.web.forms import Button, submit
from huanjie.web.request import require, staff

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _committee_election(request: HttpRequest, pk: int) -> Election:
    election = get_visible(staff(request), Election, pk=pk)
    if election.kind == "party_branch":
        from django.http import Http404

        raise Http404("party elections have a member roll")
    return election


def _not_on_roll(election: Election) -> Any:
    listed = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).values("resident_id")
    residents = Resident.objects.filter(unit=election.unit).exclude(pk__in=listed)
    return of_voting_age(residents, election).order_by("group", "name")


@login_required
def roll(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = _committee_election(request, pk)
    status = request.GET.get("status", VoterStatus.REGISTERED)
    if status not in VoterStatus.values:
        status = VoterStatus.REGISTERED
    entries = (
        Voter.objects.filter(election=election, status=status)
        .select_related("resident")
        .order_by("resident__group", "resident__household", "pk")
    )
    counts = dict(
        Voter.objects.filter(election=election).values_list("status").annotate(n=Count("pk")).order_by()
    )
    categories = (
        Voter.objects.filter(election=election, status=VoterStatus.REGISTERED)
        .values_list("category")
        .annotate(n=Count("pk"))
        .order_by("category")
    )
    editable = can(user, Capability.EDIT_UNITS)
    add_form = None
    if editable:
        add_form = AddVoterForm(residents=_not_on_roll(election))
        picker = add_form.fields["resident"]
        assert isinstance(picker, ResidentPickerField)
        picker.prepare(election.unit, request.GET, roll=election.pk)
    remove_form = RemoveVoterForm() if editable else None
    # The same three fields follow each of the page's 100 entries: rendered once, not 300 times (issue
    # 20: the widgets' templates were most of the page's time at a unit's real size).
    remove_fields = (
        mark_safe(
            "".join(str(remove_form[f]) for f in ("reason", "on", "note"))
        )  # widgets, escaped as they render
        if remove_form is not None
        else ""
    )
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    shown(request, len(page), election.unit)
    return render(
        request,
        "voters/roll.html",
        {
            "election": election,
            "page": page,
            "status": status,
            "statuses": VoterStatus.choices,
            "counts": counts,
            "categories": categories,
            "residents": Resident.objects.filter(unit=election.unit).count(),
            "notice": list_notice(election),
            "editable": editable,
            "add_form": add_form,
            "remove_form": remove_form,
            "remove_fields": remove_fields,
        },
    )


@login_required
def voter(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    entry = get_visible(user, Voter, pk=pk)
    # The plain number is decrypted for this page only, for roles that may see it; never in a URL or log.
    plain = idcrypto.decrypt(entry.resident.id_cipher) if can(user, Capability.VIEW_ID_NUMBERS) else None
    shown(request, 1, entry.election.unit, entry.resident.name)
    return render(
        request, "voters/voter.html", {"voter": entry, "election": entry.election, "id_number": plain}
    )


@login_required
@require_POST
def build_roll(request: HttpRequest, pk: int) -> HttpResponse:
    election = _committee_election(request, pk)  # outside the scope: 404 before anything else
    user = require(request, Capability.EDIT_UNITS)
    return submit(
        request,
        Button(request.POST),
        lambda _d: do_build_roll(election, actor=user),
        lambda n: _("%(n)d residents registered from the household data.") % {"n": n},
        reverse("voters:roll", args=[election.pk]),
    )


@login_required
@require_POST
def add_voter(request: HttpRequest, pk: int) -> HttpResponse:
    election = _committee_election(request, pk)  # outside the scope: 404 before anything else
    user = require(request, Capability.EDIT_UNITS)
    form = AddVoterForm(request.POST, residents=_not_on_roll(election))
    return submit(
        request,
        form,
        lambda d: do_add_voter(
            election,
            d["resident"],
            reason=d["reason"],
            on=d["on"],
            registration=Registration(
                wish_statement=d["wish_statement"],
                application_on=d["application_on"],
                approval_on=d["approval_on"],
                approval_by=d["approval_by"],
            ),
            note=d["note"],
            actor=user,
        ),
        lambda added: _("%(name)s is on the roll.") % {"name": added.resident.name},
        reverse("voters:roll", args=[election.pk]),
    )


@login_required
@require_POST
def remove_voter(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_visible(staff(request), Voter, pk=pk)
    user = require(request, Capability.EDIT_UNITS)
    form = RemoveVoterForm(request.POST)
    return submit(
        request,
        form,
        lambda d: do_remove_voter(entry, actor=user, **d),
        _("%(name)s is off the roll.") % {"name": entry.resident.name},
        reverse("voters:roll", args=[entry.election_id]),
        invalid=_("Give the reason and the date."),
    )


def _report_key(election: Election) -> str:
    return f"voters-import-report-{election.pk}"


def _rows(errors: list[RowError]) -> list[list[Any]]:
    return [[e.row, e.column, e.rule, e.message] for e in errors]


@login_required
@require_http_methods(["GET", "POST"])
def import_voters(request: HttpRequest, pk: int) -> HttpResponse:
    election = _committee_election(request, pk)  # outside the scope: 404 before anything else
    user = require(request, Capability.EDIT_UNITS)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"election": election, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.VOTER_UPLOAD_JOB_BYTES:
            # A large file is checked by a background job; the page that follows shows its progress.
            return start_voter_import(request, election, upload)
        try:
            summary = do_import_voters(
                election.round, upload.name, read_upload(upload), unit=election.unit, actor=user
            )
        except FileRejected as exc:
            notes = exc.notes if isinstance(exc, ImportRejected) else []
            # The report holds them all (to IMPORT_MAX_ERRORS), the page the first IMPORT_ERRORS_SHOWN,
            # each message clipped: some quote the cell they refuse, and a cell may be huge.
            errors, notes_kept = clipped(exc.errors), clipped(notes)
            request.session[_report_key(election)] = {
                "file": upload.name,
                "total": len(exc.errors),
                "errors": _rows(errors),
                "notes": _rows(notes_kept),
            }
            shown = settings.IMPORT_ERRORS_SHOWN
            context.update(
                errors=errors[:shown],
                error_total=len(exc.errors),
                notes=notes_kept[:shown],
                note_total=len(notes),
                file_name=upload.name,
            )
        except ActionError as exc:
            form.add_error(None, exc.message)
        else:
            request.session.pop(_report_key(election), None)
            context.update(
                summary=summary,
                notes=clipped(summary.notes)[: settings.IMPORT_ERRORS_SHOWN],
                note_total=len(summary.notes),
            )
    return render(request, "voters/import.html", context)


@login_required
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    election = _committee_election(request, pk)
    require(request, Capability.EDIT_UNITS)
    stored = request.session.get(_report_key(election))
    if not stored:
        messages.error(request, _("There is no error report: upload the file again."))
        return redirect("voters:import", pk=election.pk)
    data = reports.error_report_xlsx(
        stored["file"],
        [RowError(*r) for r in stored["errors"]],
        [RowError(*r) for r in stored["notes"]],
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="import-errors-{election.unit.code}.xlsx"'
    return response


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    staff(request)
    response = HttpResponse(reports.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="voters-template.xlsx"'
    return response
