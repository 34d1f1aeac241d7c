"""Polling-day registers: the central venue, sub-stations and mobile boxes with their voter lists (B13), and
the ballots issued and collected per box of a voting round, from the agreed tallies (B16)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.polling.models import BallotBox, MobileVoter, Official, Proxy, Station, VotingRound
from huanjie.rules import profiles
from huanjie.rules.officials import monitors_short
from huanjie.voters.models import Voter, VoterStatus

HERE = gettext_lazy("Your role may not do this here.")


def on_roll(voter: Voter | None, election: Election) -> bool:
    return voter is not None and voter.election_id == election.pk and voter.status == VoterStatus.REGISTERED


@action(
    "polling.add_station",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_add_station(
    election: Election,
    *,
    kind: str,
    name: str,
    place: str = "",
    opens_at: dt.time | None = None,
    closes_at: dt.time | None = None,
    note: str = "",
    actor: Actor,
) -> Station:
    """Register the central venue, a sub-station or a mobile ballot box of the election."""
    name = name.strip()
    if not name:
        raise ActionError(_("Name the station."), field="name")
    if kind not in BallotBox.Kind.values:
        raise ActionError(_("Say what kind of station it is."), field="kind")
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise ActionError(_("The station must close after it opens."), field="closes_at")
    if kind == BallotBox.Kind.CENTRAL and election.stations.filter(kind=kind).exists():
        raise ActionError(_("The election has its central venue already."), field="kind")
    if election.stations.filter(name=name).exists():
        raise ActionError(_("There is already a station of that name."), field="name")
    station = Station.objects.create(
        election=election,
        kind=kind,
        name=name,
        place=place.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        note=note.strip(),
    )
    audit(
        obj=station,
        division_path=election.unit.path,
        after={"kind": kind, "name": name, "place": station.place},
    )
    return station


@action(
    "polling.add_mobile_voter",
    capability=Capability.EDIT_UNITS,
    scope=lambda station: station.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_add_mobile_voter(
    station: Station, *, voter: Voter, reason: str, note: str = "", actor: Actor
) -> MobileVoter:
    """Put a registered voter on a mobile box's list; he then votes there and nowhere else."""
    election = station.election
    if station.kind != BallotBox.Kind.MOBILE:
        raise ActionError(_("Only a mobile ballot box has a voter list."), field="station")
    if not on_roll(voter, election):
        raise ActionError(_("This person is not a registered voter of this election."), field="voter")
    if reason not in MobileVoter.Reason.values:
        raise ActionError(_("Say why the voter cannot come to a station."), field="reason")
    if MobileVoter.objects.filter(voter=voter).exists():
        raise ActionError(_("This voter is on a mobile box's list already."), field="voter")
    if Proxy.objects.filter(principal=voter).exists():
        raise ActionError(
            _("This voter has authorised a proxy: he cannot also vote at a mobile box."), field="voter"
        )
    entry = MobileVoter.objects.create(station=station, voter=voter, reason=reason, note=note.strip())
    audit(
        obj=entry,
        division_path=election.unit.path,
        after={"station": station.name, "voter": voter.pk, "reason": reason},
    )
    return entry


@action(
    "polling.remove_mobile_voter",
    capability=Capability.EDIT_UNITS,
    scope=lambda entry: entry.station.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_remove_mobile_voter(entry: MobileVoter, *, actor: Actor) -> None:
    election = entry.station.election
    audit(
        obj=entry,
        division_path=election.unit.path,
        before={"station": entry.station.name, "voter": entry.voter_id},
    )
    entry.delete()


def monitor_count(station: Station) -> int:
    return Official.objects.filter(station=station, role=Official.Role.MONITOR).count()


def check_box_ready(box: BallotBox) -> None:
    """Refuse a mobile box's tally while its register entry has fewer monitors than the profile's (B13).

    Elections that keep no registers (boxes entered before this register existed) are not held to it:
    for them there is no register entry to check against."""
    if box.kind != BallotBox.Kind.MOBILE:
        return
    if box.station is None and not box.voting_round.election.stations.exists():
        return
    monitors = monitor_count(box.station) if box.station is not None else 0
    profile = profiles.load(box.voting_round.election.round.profile)
    if monitors_short(monitors, profile) is not None:
        raise ActionError(
            _("%(box)s: a mobile ballot box needs at least %(least)d monitors; it has %(n)d (B13).")
            % {"box": box.name, "n": monitors, "least": profile.mobile_box_min_monitors},
            field="station",
        )


@dataclass(frozen=True)
class BoxLine:
    box: BallotBox
    station: Station | None
    signed: int | None
    issued: int | None
    collected: int | None
    invalid: int | None
    blank: int | None


@dataclass(frozen=True)
class RoundRegister:
    lines: list[BoxLine]
    signed: int
    issued: int
    collected: int
    invalid: int
    blank: int
    agreed: int

    @property
    def reconciles(self) -> bool:
        """B16: no more ballots in the boxes than voters who voted, nor than ballots issued."""
        return self.collected <= self.signed and self.collected <= self.issued


def round_register(vr: VotingRound) -> RoundRegister:
    """Ballots issued and collected per box from the agreed tallies; boxes not agreed show no numbers."""
    lines: list[BoxLine] = []
    for box in vr.boxes.select_related("station"):
        data = box.accepted or {}
        lines.append(
            BoxLine(
                box,
                box.station,
                data.get("voters_signed"),
                data.get("ballots_issued"),
                data.get("ballots_collected"),
                data.get("invalid"),
                data.get("blank"),
            )
        )
    agreed = [line for line in lines if line.box.accepted is not None]
    return RoundRegister(
        lines=lines,
        signed=sum(line.signed or 0 for line in agreed),
        issued=sum(line.issued or 0 for line in agreed),
        collected=sum(line.collected or 0 for line in agreed),
        invalid=sum(line.invalid or 0 for line in agreed),
        blank=sum(line.blank or 0 for line in agreed),
        agreed=len(agreed),
    )
