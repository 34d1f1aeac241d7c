"""Polling day in the office: open a voting round, enter each box twice, release held boxes, count."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.candidates.lists import formal_contests
from huanjie.core import clock
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election
from huanjie.polling import writeins
from huanjie.polling.actions import (
    do_add_box,
    do_count,
    do_enter_tally,
    do_open_follow_up,
    do_open_voting_round,
    do_release_box,
)
from huanjie.polling.forms import (
    BoxForm,
    FollowUpForm,
    OpenRoundForm,
    ReleaseForm,
    TallyForm,
)
from huanjie.polling.lines import people_of, shown
from huanjie.polling.models import BallotBox, Candidate, VotingRound
from huanjie.rules.terms import BODY_POSTS, Body
from huanjie.voters.models import Voter, VoterStatus
from huanjie.voters.people import office_label
from huanjie.web.forms import Button, submit
from huanjie.web.labels import post_name
from huanjie.web.request import require, staff


def _ballot_initial(election: Election) -> dict[str, object]:
    """The first ballot as the formal candidate list and the roll have it, for the clerk to check."""
    initial: dict[str, object] = {"held_on": election.election_day or clock.today()}
    registered = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).count()
    if registered:
        initial["registered"] = registered
    return initial


def shown_result(result: dict[str, Any] | None, english: bool) -> dict[str, Any] | None:
    """A counted round's result as people read it: each person's reference as their label (namesakes
    apart), the engine's reasons in the page's language with the labels in them, write-ins reported."""
    if not result:
        return None
    names = people_of(result)
    out = dict(result)
    out["contests"] = []
    for contest in result["contests"]:
        c = dict(contest)
        c["label"] = post_name(c["post"])
        for key in ("elected", "tie_revote", "runoff_candidates", "provisional_on"):
            c[key] = [names.get(ref, ref) for ref in c.get(key, [])]
        c["reasons"] = [
            (r["rule"], r["article"], shown(r["text_en"] if english else r["text_zh"], names))
            for r in c["trace"]
        ]
        c["write_ins"] = [{**w, "shown": names.get(w["ref"], w["written"])} for w in c.get("write_ins", [])]
        out["contests"].append(c)
    # The engine's trace of the round repeats each post's lines; show the round's own ones only here.
    per_post = {(r["rule"], r["text_en"]) for c in result["contests"] for r in c["trace"]}
    out["reasons"] = [
        (r["rule"], r["article"], shown(r["text_en"] if english else r["text_zh"], names))
        for r in result["trace"]
        if (r["rule"], r["text_en"]) not in per_post
    ]
    out["reason"] = shown(result.get("reason") or "", names)
    return out


def _round(request: HttpRequest, pk: int) -> VotingRound:
    return get_visible(
        staff(request),
        VotingRound.objects.select_related("election__unit", "election__round", "election__body"),
        pk=pk,
    )


def _box(request: HttpRequest, pk: int) -> BallotBox:
    """The box, its round, election and unit, and the round's ballot (contests and lines: the tally form
    and the entry's check read them once)."""
    return get_visible(
        staff(request),
        BallotBox.objects.select_related("voting_round__election__unit").prefetch_related(
            "voting_round__contests__entries"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def polling(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = get_visible(user, Election, pk=pk)
    posts = [p.value for p in BODY_POSTS[Body(election.kind)]]
    formal = {c["post"]: c for c in formal_contests(election)}
    initial = _ballot_initial(election)
    initial.update({f"seats_{post}": c["seats"] for post, c in formal.items()})
    form = OpenRoundForm(
        request.POST or None,
        posts=posts,
        formal={post: c["candidates"] for post, c in formal.items()},
        initial=initial,
    )

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "polling/polling.html",
            {
                "election": election,
                "rounds": election.voting_rounds.all(),
                "form": form,
                "elected": [
                    (
                        m,
                        office_label(m.name, m.resident.group, m.resident.birth_year)
                        if m.resident
                        else m.name,
                    )
                    for m in election.elected.select_related("resident").order_by("pk")
                ],
                "editable": can(user, Capability.EDIT_UNITS),
                "unresolved": Candidate.objects.filter(
                    contest__voting_round__election=election, resident__isnull=True, member__isnull=True
                ).count(),
            },
            status=status,
        )

    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        return submit(
            request,
            form,
            lambda d: do_open_voting_round(
                election,
                held_on=d["held_on"],
                registered=d["registered"],
                contests=form.contests(),
                actor=user,
            ),
            "",  # the round's own page is the answer
            request.path,
            page,
            to=lambda vr: reverse("polling:round", args=[vr.pk]),
        )
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def voting_round(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    vr = _round(request, pk)
    box_form = BoxForm(request.POST or None)
    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        return submit(
            request,
            box_form,
            lambda d: do_add_box(vr, name=d["name"], kind=d["kind"], actor=user),
            "",  # the new box is the answer, on the page
            # The row of fields shows no errors, and no form at all once the round is closed: messages.
            reverse("polling:round", args=[vr.pk]),
        )
    english = (get_language() or "").startswith("en")
    result = shown_result(vr.result, english)
    return render(
        request,
        "polling/round.html",
        {
            "vr": vr,
            "boxes": vr.boxes.prefetch_related("entries"),
            "box_form": box_form,
            "result": result,
            "editable": can(user, Capability.EDIT_UNITS),
            "supervisor": can(user, Capability.SUPERVISE_COUNT),
            "release_form": ReleaseForm(),
            "follow_form": FollowUpForm(initial={"held_on": clock.today()}),
            "contests": [(c, post_name(c.post)) for c in vr.contests.prefetch_related("entries")],
            "write_ins": writeins.rows(vr),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enter_tally(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    box = _box(request, pk)
    form = TallyForm(request.POST or None, contests=list(box.voting_round.contests.all()))

    def page(status: int = 200) -> HttpResponse:
        return render(request, "polling/tally.html", {"box": box, "form": form}, status=status)

    if request.method == "POST":
        return submit(
            request,
            form,
            lambda _d: do_enter_tally(box, data=form.tally(), actor=user),
            lambda saved: _("Entry saved. Box status: %(status)s.") % {"status": saved.get_status_display()},
            reverse("polling:round", args=[box.voting_round_id]),
            page,
        )
    return page()


@login_required
@require_POST
def release_box(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.SUPERVISE_COUNT)
    box = _box(request, pk)
    form = ReleaseForm(request.POST)
    return submit(
        request,
        form,
        lambda d: do_release_box(box, accept=d["accept"], resolution=d["resolution"], actor=user),
        "",  # the box's new status is the answer, on the page
        reverse("polling:round", args=[box.voting_round_id]),
    )


@login_required
@require_POST
def count_round(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    vr = _round(request, pk)
    return submit(
        request,
        Button(request.POST),
        lambda _d: do_count(vr, actor=user),
        _("Counted."),
        reverse("polling:round", args=[vr.pk]),
    )


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    vr = _round(request, pk)
    form = FollowUpForm(request.POST)
    return submit(
        request,
        form,
        lambda d: do_open_follow_up(vr, held_on=d["held_on"], actor=user),
        "",  # the new round's own page is the answer
        reverse("polling:round", args=[vr.pk]),
        to=lambda new: reverse("polling:round", args=[new.pk]),
    )
