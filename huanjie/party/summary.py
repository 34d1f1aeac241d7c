"""What the party election page and the actions need to know about a roll: its counts (P1, P3), the
branch's structure (P2), the differential of the candidate list (P4) and the quorum of the assembly (P3),
each decided by the rules engine with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from huanjie.elections.models import Election
from huanjie.party.models import PartyCandidate, PartyElection, PartyMember, Standing
from huanjie.rules import party as rules
from huanjie.rules import profiles
from huanjie.rules.explain import Decision, Reason
from huanjie.rules.profiles import Profile
from huanjie.rules.terms import Post


@dataclass(frozen=True)
class RollCounts:
    members: int
    full: int
    probationary: int
    voting: int  # full members with voting rights (P1)
    excluded: int  # of those, approved exclusions (P3)
    present: int  # of those, present at the assembly

    @property
    def expected(self) -> int:
        return self.voting - self.excluded


def profile_of(election: Election) -> Profile:
    return profiles.load(election.round.profile)


def counts(election: Election) -> RollCounts:
    members = list(PartyMember.objects.filter(election=election))
    voting = [m for m in members if m.can_vote]
    return RollCounts(
        members=len(members),
        full=sum(1 for m in members if m.standing == Standing.FULL),
        probationary=sum(1 for m in members if m.standing == Standing.PROBATIONARY),
        voting=len(voting),
        excluded=sum(1 for m in voting if m.exclusion),
        present=sum(1 for m in voting if m.present),
    )


def structure(election: Election, roll: RollCounts) -> str:
    """P2: ``committee``, ``secretary_only`` or ``too_few``."""
    return rules.structure(roll.full, profile_of(election))


def quorum(election: Election, roll: RollCounts) -> Decision:
    return rules.quorum(roll.voting, roll.excluded, roll.present, profile_of(election))


def differential(election: Election, party: PartyElection) -> Decision | None:
    """P4 for the committee list; None where no committee is elected."""
    if not party.seats:
        return None
    n = PartyCandidate.objects.filter(election=election, post=Post.COMMITTEE_MEMBER).count()
    return rules.check_differential(n, party.seats, profile_of(election))


def say(reason: Reason) -> str:
    """A reason in the reader's language, with its rule."""
    english = (get_language() or "").startswith("en")
    return f"{reason.rule} {reason.text_en if english else reason.text_zh}"


def candidates(election: Election) -> dict[str, list[PartyCandidate]]:
    out: dict[str, list[PartyCandidate]] = {
        p.value: [] for p in (Post.COMMITTEE_MEMBER, Post.SECRETARY, Post.DEPUTY_SECRETARY)
    }
    for c in (
        PartyCandidate.objects.filter(election=election).select_related("member__resident").order_by("rank")
    ):
        out[c.post].append(c)
    return out
