"""The candidates page of an election: seats, the election committee, nominations per post, the
preliminary and formal lists with their checks, withdrawals and backfill, and the publish button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.candidates import actions
from huanjie.candidates.forms import (
    LeaveForm,
    MeetingForm,
    MemberForm,
    PublishForm,
    SeatsForm,
    SlipForm,
    WithdrawForm,
    post_label,
)
from huanjie.candidates.lists import CLEARED, FLAGGED, OVERRIDDEN, PENDING, Lists, lists, seats_of
from huanjie.candidates.models import CommitteeMember, Nomination
from huanjie.core import clock
from huanjie.core.errors import ActionError
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election, Notice
from huanjie.office.views.common import require, staff
from huanjie.rules.calendar import Stage
from huanjie.rules.candidates import Check
from huanjie.rules.explain import cite
from huanjie.rules.terms import BODY_POSTS, Body


def run(
    request: HttpRequest, form: forms.Form, action: Callable[[], object], done: str, back: str
) -> HttpResponse:
    """Run `action` if the form is valid; report its refusal or the form's errors; back to the page."""
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
        return redirect(back)
    try:
        action()
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back)


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
            status = current.reviews[nom.name].status
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
        out.append({"post": pl.post, "label": post_label(pl.post), "list": pl, "rows": rows})
    return out


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
            "seats": [(post_label(p), seats[p]) for p in posts if p in seats],
            "seats_form": SeatsForm(posts=posts, initial=initial),
            "meeting_form": MeetingForm(posts=[p for p in posts if p in seats], initial=today),
            "slip_form": SlipForm(posts=[p for p in posts if p in seats], initial=today),
            "withdraw_form": WithdrawForm(initial={"withdrawn_on": clock.today()}),
            "member_form": MemberForm(),
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
    return run(
        request,
        form,
        lambda: actions.do_set_seats(election, seats=form.seats(), sizes=form.sizes(), actor=user),
        _("Seats saved."),
        _back(election),
    )


@login_required
@require_POST
def record_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk)
    form = MeetingForm(request.POST, posts=list(seats_of(election)))

    def act() -> object:
        d = form.cleaned_data
        return actions.do_record_nomination_meeting(
            election, held_on=d["held_on"], present=d["present"], results=d["results"], actor=user
        )

    return run(request, form, act, _("Nomination meeting recorded."), _back(election))


@login_required
@require_POST
def record_form(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk)
    form = SlipForm(request.POST, posts=list(seats_of(election)))

    def act() -> object:
        d = form.cleaned_data
        actions.do_record_nomination_form(
            election,
            voter_name=d["voter"],
            post=d["post"],
            nominees=d["nominees"].splitlines(),
            submitted_on=d["submitted_on"],
            actor=user,
        )
        return None

    return run(request, form, act, _("Nomination form recorded."), _back(election))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    nomination = get_visible(user, Nomination, pk=pk)
    form = WithdrawForm(request.POST)
    return run(
        request,
        form,
        lambda: actions.do_withdraw_nomination(
            nomination,
            withdrawn_on=form.cleaned_data["withdrawn_on"],
            reason=form.cleaned_data["reason"],
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
    form = MemberForm(request.POST)
    return run(
        request,
        form,
        lambda: actions.do_add_committee_member(
            election, name=form.cleaned_data["name"], duty=form.cleaned_data["duty"], actor=user
        ),
        _("Committee member recorded."),
        _back(election),
    )


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    member = get_visible(user, CommitteeMember, pk=pk)
    form = LeaveForm(request.POST)
    return run(
        request,
        form,
        lambda: actions.do_record_leaving(
            member, left_on=form.cleaned_data["left_on"], reason=form.cleaned_data["reason"], actor=user
        ),
        _("Recorded: the member has left the election committee."),
        _back(member.election),
    )


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    election = get_visible(user, Election, pk=pk)
    form = PublishForm(request.POST)
    return run(
        request,
        form,
        lambda: actions.do_publish_candidate_list(
            election, published_on=form.cleaned_data["published_on"], actor=user
        ),
        _("The formal candidate list is published."),
        _back(election),
    )
