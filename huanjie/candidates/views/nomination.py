"""The candidates page of an election: seats, the election committee, nominations per post, the
preliminary and formal lists with their checks, withdrawals and backfill, and the publish button."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.candidates import actions, persons
from huanjie.candidates.forms import (
    LeaveForm,
    MeetingForm,
    MemberForm,
    PublishForm,
    SeatsForm,
    SlipForm,
    WithdrawForm,
)
from huanjie.candidates.lists import (
    CLEARED,
    FLAGGED,
    OVERRIDDEN,
    PENDING,
    Lists,
    lists,
    nomination_ref,
    seats_of,
)
from huanjie.candidates.models import CommitteeMember, Nomination
from huanjie.core import clock
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election, Notice
from huanjie.rules.calendar import Stage
from huanjie.rules.candidates import Check
from huanjie.rules.explain import cite
from huanjie.rules.terms import BODY_POSTS, Body
from huanjie.voters.models import Resident, VoterStatus
from huanjie.voters.picker import ResidentPickerField
from huanjie.web.forms import submit
from huanjie.web.labels import post_name
from huanjie.web.request import require, staff


def _posts(election: Election) -> list[str]:
    return [p.value for p in BODY_POSTS[Body(election.kind)]]


def _back(election: Election) -> str:
    return reverse("candidates:candidates", args=[election.pk])


def review_label(status: str) -> str:
    return {
        PENDING: _("review pending"),
        CLEARED: _("cleared"),
        FLAGGED: _("flagged"),
        OVERRIDDEN: _("flagged, overridden in writing"),
    }[status]


def checks_shown(checks: list[Check]) -> list[tuple[bool, str, str, str]]:
    english = (get_language() or "").startswith("en")
    return [
        (c.ok, c.reason.rule, c.reason.article, c.reason.text_en if english else c.reason.text_zh)
        for c in checks
    ]


def _rows(current: Lists) -> list[dict[str, Any]]:
    out = []
    for pl in current.posts:
        formal = {n.name for n in pl.formal}
        moved = dict(pl.backfills)
        rows = []
        for rank, nom in enumerate(current.nominations[pl.post], start=1):
            status = current.reviews[nomination_ref(nom)].status
            rows.append(
                {
                    "rank": rank,
                    "nomination": nom,
                    "formal": nom.name in formal,
                    "backfills": moved.get(nom.name, ""),
                    "review": review_label(status),
                    "review_state": status,
                }
            )
        out.append({"post": pl.post, "label": post_name(pl.post), "list": pl, "rows": rows})
    return out


def _member_form(election: Election, query: Any, data: Any = None) -> MemberForm:
    """An election committee member of a committee election is a villager of the roll (the unit's residents
    before there is one): chosen with the type-ahead picker (name, group, year of birth — namesakes
    apart), never from a list of a community's 3,000 voters (issue 20). A party election's roll is short:
    its members are listed."""
    if election.kind == "party_branch":
        return MemberForm(data, people=persons.choices(election, nominated=False))
    form = MemberForm(data, people=[])
    voters = Resident.objects.filter(voters__election=election, voters__status=VoterStatus.REGISTERED)
    on_roll = voters.exists()
    everyone = voters if on_roll else Resident.objects.filter(unit=election.unit_id)
    picker = ResidentPickerField(label=_("Villager"), queryset=everyone.distinct(), required=False)
    form.fields["resident"] = picker  # the same place in the form, the same name
    picker.prepare(election.unit, query, voters=election.pk if on_roll else None)
    return form


@login_required
@require_GET
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = get_visible(user, Election, pk=pk)
    posts = _posts(election)
    seats = seats_of(election)
    initial: dict[str, Any] = {}
    for post, seat in seats.items():
        initial[f"seats_{post}"], initial[f"size_{post}"] = seat.seats, seat.size
    for post in posts:
        if seats and post not in seats:
            initial[f"seats_{post}"] = 0
    current = lists(election)
    today = {"held_on": clock.today(), "submitted_on": clock.today(), "published_on": clock.today()}
    stage = election.stages.filter(key=Stage.CANDIDATE_LIST).first()
    notice = Notice.objects.filter(election=election, stage=Stage.CANDIDATE_LIST).order_by("-version").first()
    return render(
        request,
        "candidates/candidates.html",
        {
            "election": election,
            "party": election.kind == "party_branch",
            "ec_article": cite(election.kind, "B6", "Art.12"),
            "seats": [(post_name(p), seats[p]) for p in posts if p in seats],
            "seats_form": SeatsForm(posts=posts, initial=initial),
            "meeting_form": MeetingForm(posts=[p for p in posts if p in seats], initial=today),
            "slip_form": SlipForm(posts=[p for p in posts if p in seats], initial=today),
            "withdraw_form": WithdrawForm(initial={"withdrawn_on": clock.today()}),
            "member_form": _member_form(election, request.GET),
            "member_picker": election.kind != "party_branch",
            "leave_form": LeaveForm(initial={"left_on": clock.today()}),
            "publish_form": PublishForm(initial=today),
            "members": CommitteeMember.objects.filter(election=election),
            "posts": _rows(current),
            "checks": checks_shown(current.checks),
            "list_ok": current.ok,
            "stage": stage,
            "notice": notice,
            "editable": can(user, Capability.EDIT_UNITS),
        },
    )


@login_required
@require_POST
def set_seats(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk)
    form = SeatsForm(request.POST, posts=_posts(election))
    return submit(
        request,
        form,
        lambda _data: actions.do_set_seats(election, seats=form.seats(), sizes=form.sizes(), actor=user),
        _("Seats saved."),
        _back(election),
    )


@login_required
@require_POST
def record_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk)
    form = MeetingForm(request.POST, posts=list(seats_of(election)))

    def act(d: dict[str, Any]) -> object:
        return actions.do_record_nomination_meeting(
            election, held_on=d["held_on"], present=d["present"], results=d["results"], actor=user
        )

    return submit(request, form, act, _("Nomination meeting recorded."), _back(election))


@login_required
@require_POST
def record_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk)
    form = SlipForm(request.POST, posts=list(seats_of(election)))

    def act(d: dict[str, Any]) -> object:
        actions.do_record_nomination_form(
            election,
            voter_name=d["voter"],
            post=d["post"],
            nominees=d["nominees"].splitlines(),
            submitted_on=d["submitted_on"],
            actor=user,
        )
        return None

    return submit(request, form, act, _("Nomination form recorded."), _back(election))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    nomination = get_visible(user, Nomination, pk=pk)
    form = WithdrawForm(request.POST)
    return submit(
        request,
        form,
        lambda d: actions.do_withdraw_nomination(
            nomination,
            withdrawn_on=d["withdrawn_on"],
            reason=d["reason"],
            actor=user,
        ),
        _("Withdrawal recorded; the next in vote order moves up."),
        _back(nomination.election),
    )


@login_required
@require_POST
def add_member(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk)
    form = _member_form(election, request.GET, request.POST)

    def act(d: dict[str, Any]) -> object:
        chosen = d["resident"]
        if chosen and not isinstance(chosen, Resident):  # a party election's roll: the member's key
            chosen = persons.record(election, chosen, nominated=False)
        if isinstance(chosen, Resident):
            return actions.do_add_committee_member(election, resident=chosen, duty=d["duty"], actor=user)
        return actions.do_add_committee_member(election, name=d["name"], duty=d["duty"], actor=user)

    return submit(
        request,
        form,
        act,
        _("Committee member recorded."),
        _back(election),
    )


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    member = get_visible(user, CommitteeMember, pk=pk)
    form = LeaveForm(request.POST)
    return submit(
        request,
        form,
        lambda d: actions.do_record_leaving(member, left_on=d["left_on"], reason=d["reason"], actor=user),
        _("Recorded: the member has left the election committee."),
        _back(member.election),
    )


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk)
    form = PublishForm(request.POST)
    return submit(
        request,
        form,
        lambda d: actions.do_publish_candidate_list(election, published_on=d["published_on"], actor=user),
        _("The formal candidate list is published."),
        _back(election),
    )
