"""Proxies (委托投票, B12): a written authorisation to a near relative on the same roll, within the profile's
cap and deadline, approved by the election committee, and published with the proxies stage.

The statute's conditions are the engine's (huanjie.rules.proxies.check_proxy); this module adds what only
the roll can tell: both persons are registered voters of this election, the principal has not delegated
already nor votes at a mobile box, and the holder has not himself delegated (no re-delegation, ZJ/SH).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.elections import actions as elections_actions
from huanjie.elections.models import Election, ElectionStage
from huanjie.polling.models import BallotBox, MobileVoter, Official, Proxy, Station
from huanjie.polling.officials import candidates
from huanjie.polling.registers import HERE, on_roll
from huanjie.rules import profiles
from huanjie.rules.calendar import Stage
from huanjie.rules.proxies import ProxyRequest, check_proxy, request_due
from huanjie.rules.terms import relation_zh
from huanjie.voters.models import Voter
from huanjie.voters.people import RESIDENT, person_ref


@action(
    "polling.add_proxy",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_add_proxy(
    election: Election,
    *,
    principal: Voter,
    holder: Voter,
    relation: str,
    written_on: dt.date,
    approved_on: dt.date,
    reason: str = "",
    actor: Actor,
) -> Proxy:
    """Record an authorisation the election committee approved; every refusal names its rule."""
    day = election.election_day
    if day is None:
        raise ActionError(_("Set the election day first: the proxy deadline counts from it."))
    if not on_roll(principal, election):
        raise ActionError(_("The principal is not a registered voter of this election."), field="principal")
    if not on_roll(holder, election):
        raise ActionError(
            _("The proxy must be a registered voter on the same roll as the principal (B12)."), field="holder"
        )
    if principal.pk == holder.pk:
        raise ActionError(_("A voter cannot be his own proxy."), field="holder")
    if written_on > clock.today():
        raise ActionError(_("The authorisation cannot be dated in the future."), field="written_on")
    if written_on > day:
        raise ActionError(_("The authorisation must be written before the election day."), field="written_on")
    if not written_on <= approved_on <= min(day, clock.today()):
        raise ActionError(
            _(
                "The committee approves after the authorisation is written, and no later than the election day."
            ),
            field="approved_on",
        )
    profile = profiles.load(election.round.profile)
    if Proxy.objects.filter(principal=principal).exists():
        raise ActionError(_("This voter has authorised a proxy already."), field="principal")
    if MobileVoter.objects.filter(voter=principal).exists():
        raise ActionError(_("This voter votes at a mobile ballot box."), field="principal")
    if Proxy.objects.filter(principal=holder).exists():
        raise ActionError(
            _("The proxy has authorised someone himself and may not act for others."), field="holder"
        )
    held = Proxy.objects.filter(holder=holder).count()
    request = ProxyRequest(
        relation=relation,
        proxy_is_voter_here=True,
        proxy_is_candidate=person_ref(election.pk, RESIDENT, holder.resident_id)
        in {c.ref for c in candidates(election)},
        requested_on=written_on,
        proxy_already_holds=held,
    )
    decision = check_proxy(request, day, profile, election.kind)
    if not decision.ok:
        english = (get_language() or "").startswith("en")
        due = request_due(day, profile)
        field = (
            "relation"
            if relation not in profile.proxy_relations
            else "written_on"
            if due is not None and written_on > due
            else "holder"
        )
        text = " ".join(r.text_en if english else r.text_zh for r in decision.reasons)
        raise ActionError(f"{text} (B12)", field=field)
    proxy = Proxy.objects.create(
        election=election,
        principal=principal,
        holder=holder,
        relation=relation,
        reason=reason.strip(),
        written_on=written_on,
        approved_on=approved_on,
    )
    audit(
        obj=proxy,
        division_path=election.unit.path,
        after={
            "principal": principal.pk,
            "holder": holder.pk,
            "relation": relation,
            "written_on": written_on,
            "approved_on": approved_on,
        },
    )
    return proxy


@action(
    "polling.withdraw_proxy",
    capability=Capability.EDIT_UNITS,
    scope=lambda proxy: proxy.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_withdraw_proxy(proxy: Proxy, *, actor: Actor) -> None:
    """Withdraw an authorisation before the list is published; afterwards the posted list stands."""
    election = proxy.election
    if proxy.published_on is not None:
        raise ActionError(_("This proxy is on the published list and cannot be withdrawn here."))
    audit(
        obj=proxy,
        division_path=election.unit.path,
        before={"principal": proxy.principal_id, "holder": proxy.holder_id},
    )
    proxy.delete()


def proxy_notes(election: Election) -> str:
    """The notice's list: principal and proxy (OL Art.15 ¶4), mobile boxes with monitors and voters (B13).

    Names and relations only: a posted notice never carries an ID number."""
    lines: list[str] = []
    proxies = list(
        Proxy.objects.filter(election=election).select_related("principal__resident", "holder__resident")
    )
    if proxies:
        lines.append(f"委托投票名单（共{len(proxies)}人）：")
        lines += [
            f"委托人{p.principal.resident.name}，受委托人{p.holder.resident.name}（{relation_zh(p.relation)}）"
            for p in proxies
        ]
    # Three queries however many mobile boxes (issue 20): the registers page shows this list.
    stations = (
        Station.objects.filter(election=election, kind=BallotBox.Kind.MOBILE)
        .prefetch_related(
            Prefetch(
                "monitors", Official.objects.filter(role=Official.Role.MONITOR), to_attr="notice_monitors"
            )
        )
        .prefetch_related(
            Prefetch(
                "mobile_voters",
                MobileVoter.objects.select_related("voter__resident"),
                to_attr="notice_voters",
            )
        )
    )
    for station in stations:
        monitors = [o.name for o in station.notice_monitors]
        voters = [m.voter.resident.name for m in station.notice_voters]
        lines.append(f"{station.name}监督员：{'、'.join(monitors) or '无'}。")
        lines.append(f"{station.name}投票选民（共{len(voters)}人）：{'、'.join(voters) or '无'}。")
    return "\n".join(lines)


def proxies_stage(election: Election) -> ElectionStage | None:
    return election.stages.filter(key=Stage.PROXIES).first()


@action(
    "stage.complete",
    capability=Capability.EDIT_UNITS,
    scope=lambda stage: stage.election.unit,
    denied=HERE,
    outside=HERE,
    delegates=True,
)
def do_publish_proxies(
    stage: ElectionStage, *, completed_on: dt.date, actor: Actor
) -> elections_actions.Completion:
    """Complete the proxies stage with the list as its notice, and mark the listed proxies as published.

    The stage's completion is the audit event: its notes hold the published list."""
    if stage.key != Stage.PROXIES:
        raise ActionError(_("This is not the proxies stage."))
    election = stage.election
    done = elections_actions.do_complete_stage(
        stage,
        completed_on=completed_on,
        actor=actor,
        notes=proxy_notes(election),
    )
    Proxy.objects.filter(election=election, published_on__isnull=True).update(published_on=completed_on)
    return done
