"""The party election page and its forms: the roll, the list against the differential, the attendance
against the quorum, the votes (polling's voting rounds), the higher committee's approvals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.errors import ActionError, FileRejected
from huanjie.core.scope import get_visible
from huanjie.core.uploads import keep_errors, read_upload
from huanjie.elections.models import Election
from huanjie.party import actions, summary
from huanjie.party.access import party_of
from huanjie.party.forms import (
    ApprovalForm,
    AttendanceForm,
    CandidatesForm,
    ExclusionForm,
    HeldOnForm,
    MemberForm,
)
from huanjie.party.importing import do_import_members
from huanjie.party.models import PartyMember
from huanjie.units.models import BodyKind
from huanjie.voters.models import Resident
from huanjie.voters.people import office_label
from huanjie.voters.picker import ResidentPickerField, of_voting_age
from huanjie.web.forms import Button, submit
from huanjie.web.labels import post_name
from huanjie.web.request import require, staff


def _voting(election: Election) -> Any:
    return PartyMember.objects.filter(election=election, standing="full", voting_rights=True)


@login_required
def party(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    record = party_of(election)
    roll = summary.counts(election)
    members = PartyMember.objects.filter(election=election).select_related("resident")
    listed = summary.candidates(election)
    today = clock.today()
    rounds = list(election.voting_rounds.all())
    return render(
        request,
        "party/party.html",
        {
            "election": election,
            "party": record,
            "roll": roll,
            "shape": summary.structure(election, roll),
            "members": members,
            # Namesakes on the list are shown apart, by villager group and year of birth (issue 17).
            "listed": [
                (post_name(post), [_shown(c.member) for c in people])
                for post, people in listed.items()
                if people
            ],
            "differential": _reason(summary.differential(election, record)),
            "quorum": _reason(summary.quorum(election, roll)) if record.attendance_on else None,
            "assembly": [vr for vr in rounds if vr.sitting == "assembly"],
            "plenary": [vr for vr in rounds if vr.sitting == "committee"],
            "elected": [
                (m, _shown(m.member) if m.member is not None else m.name)
                for m in election.elected.select_related("voting_round", "member__resident").order_by(
                    "voting_round__seq", "pk"
                )
            ],
            "editable": can(user, Capability.EDIT_UNITS) and not rounds,
            "can_edit": can(user, Capability.EDIT_UNITS),
            "member_form": _member_form(election, request.GET),
            "candidates_form": CandidatesForm(
                members=_voting(election),
                initial={
                    "seats": record.seats or 3,
                    "deputy": record.deputy,
                    "committee_member": [c.member for c in listed["committee_member"]],
                },
            ),
            "approval_form": ApprovalForm(initial={"approved_on": today}),
            "attendance_form": AttendanceForm(
                members=_voting(election),
                initial={"on": today, "present": [m for m in members if m.present]},
            ),
            "held_on_form": HeldOnForm(initial={"held_on": today}),
        },
    )


def _shown(member: PartyMember) -> str:
    group = member.resident.group if member.resident is not None else ""
    return office_label(member.name, group, member.birth_year)


def _reason(decision: Any) -> tuple[bool, str] | None:
    return None if decision is None else (decision.ok, summary.say(decision.reasons[0]))


def _residents(election: Election) -> Any:
    """Whom "add a member" may choose: the unit's residents of voting age not on the roll yet (what the
    picker's search with `roll=` finds)."""
    unit = Resident.objects.filter(unit=election.unit)
    return of_voting_age(unit, election).exclude(
        pk__in=PartyMember.objects.filter(election=election, resident__isnull=False).values("resident")
    )


def _member_form(election: Election, query: Any, data: Any = None) -> MemberForm:
    form = MemberForm(data, residents=_residents(election))
    picker = form.fields["resident"]
    assert isinstance(picker, ResidentPickerField)
    picker.prepare(election.unit, query, roll=election.pk)
    return form


def _page(pk: int) -> HttpResponse:
    return redirect("party:party", pk=pk)


@login_required
@require_POST
def add_member(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    form = _member_form(election, request.GET, request.POST)

    def run(data: dict[str, Any]) -> object:
        return actions.do_add_member(election, details=form.details(), resident=data["resident"], actor=user)

    return submit(request, form, run, _("Added to the roll."), reverse("party:party", args=[pk]))


@login_required
@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    m = get_visible(user, PartyMember, pk=pk)
    # A resident's date of birth comes from the household register, and beside the masked number it gives
    # the number away: a role that may not see ID numbers neither sees nor types it (issue 15).
    hide_birth = m.resident_id is not None and not can(user, Capability.VIEW_ID_NUMBERS)
    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        form = MemberForm(request.POST)
        if hide_birth:
            del form.fields["birth_date"]
        return submit(
            request,
            form,
            lambda _data: actions.do_update_member(m, details=form.details(), actor=user),
            _("Saved."),
            reverse("party:member", args=[m.pk]),
        )
    initial = {f: getattr(m, f) for f in actions.MEMBER_FIELDS if not (hide_birth and f == "birth_date")}
    exclusion = {f: getattr(m, f) for f in ("exclusion", "exclusion_approved_by", "exclusion_approved_on")}
    shown = MemberForm(initial=initial)
    if hide_birth:
        del shown.fields["birth_date"]
    return render(
        request,
        "party/member.html",
        {
            "member": m,
            "election": m.election,
            "form": shown,
            "exclusion_form": ExclusionForm(initial=exclusion),
            "editable": can(user, Capability.EDIT_UNITS) and not m.election.voting_rounds.exists(),
        },
    )


@login_required
@require_POST
def exclusion(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    m = get_visible(user, PartyMember, pk=pk)
    return submit(
        request,
        ExclusionForm(request.POST),
        lambda d: actions.do_exclude_member(
            m,
            reason=d["exclusion"],
            approved_by=d["exclusion_approved_by"],
            approved_on=d["exclusion_approved_on"],
            actor=user,
        ),
        _("Saved."),
        reverse("party:member", args=[m.pk]),
    )


@login_required
@require_POST
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    return submit(
        request,
        CandidatesForm(request.POST, members=_voting(election)),
        lambda d: actions.do_set_candidates(
            election,
            seats=d["seats"],
            deputy=d["deputy"],
            committee=list(d["committee_member"]),
            secretary=[d["secretary"]],
            deputy_secretary=[d["deputy_secretary"]] if d["deputy_secretary"] else [],
            actor=user,
        ),
        _("The candidate list is saved; it needs the higher committee's approval."),
        reverse("party:party", args=[pk]),
    )


@login_required
@require_POST
def approve_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    return submit(
        request,
        ApprovalForm(request.POST),
        lambda d: actions.do_approve_candidates(
            election,
            approved_on=d["approved_on"],
            approved_by=d["approved_by"],
            document=d["document"],
            actor=user,
        ),
        _("The approval is recorded."),
        reverse("party:party", args=[pk]),
    )


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    return submit(
        request,
        AttendanceForm(request.POST, members=_voting(election)),
        lambda d: actions.do_record_attendance(
            election, present={m.pk for m in d["present"]}, on=d["on"], actor=user
        ),
        _("The attendance is recorded."),
        reverse("party:party", args=[pk]),
    )


@login_required
@require_POST
def assembly(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    return submit(
        request,
        HeldOnForm(request.POST),
        lambda d: actions.do_open_assembly(election, held_on=d["held_on"], actor=user),
        _("The assembly's voting round is open: enter the ballot box on its page."),
        reverse("party:party", args=[pk]),
    )


@login_required
@require_POST
def plenary(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    return submit(
        request,
        HeldOnForm(request.POST),
        lambda d: actions.do_open_plenary(election, held_on=d["held_on"], actor=user),
        _("The plenary's voting round is open: enter the ballot box on its page."),
        reverse("party:party", args=[pk]),
    )


@login_required
@require_POST
def approve_result(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    return submit(
        request,
        ApprovalForm(request.POST),
        lambda d: actions.do_approve_result(
            election,
            approved_on=d["approved_on"],
            approved_by=d["approved_by"],
            document=d["document"],
            actor=user,
        ),
        _("The approval is recorded."),
        reverse("party:party", args=[pk]),
    )


@login_required
@require_POST
def elected_details(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    return submit(
        request,
        Button(request.POST),
        lambda _d: actions.copy_elected_details(election, actor=user),
        lambda n: _("Details copied from the roll: %(n)s changed.") % {"n": n},
        reverse("party:party", args=[pk]),
    )


@login_required
@require_POST
def import_members(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV or XLSX file."))
        return _page(pk)
    try:
        n = do_import_members(election, upload.name or "", read_upload(upload), actor=user)
    except FileRejected as exc:
        messages.error(request, exc.message)
        for e in keep_errors(request, upload.name or "", exc.errors)[:30]:  # located: row, column, rule
            messages.error(request, f"{e.row} · {e.column} · {e.rule}: {e.message}")
        messages.info(request, _("Every error of the file: %(url)s") % {"url": reverse("office:file_errors")})
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s members imported.") % {"n": n})
    return _page(pk)
