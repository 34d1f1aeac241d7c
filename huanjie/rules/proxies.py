"""Proxy voting (委托投票), B12: OL Art.15 ¶4 and the provincial additions of the profile.

National ✅: a registered voter who is away may authorise in writing a near relative who has voting
rights in this village; the election committee publishes principal and proxy names. Provinces ✅:
at most 3 principals per proxy (ZJ, SH, BJ, HN), candidates barred (ZJ, BJ), request deadlines
(ZJ 3, SH 5 days before D), unpublished proxy → vote void (ZJ Art.25).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .explain import OL, Decision, Reason, in_body
from .profiles import Profile

ART = f"{OL} Art.15 ¶4"


@dataclass(frozen=True, slots=True)
class ProxyRequest:
    """One written authorisation: the principal asks ``proxy`` to vote for him."""

    relation: str | None
    proxy_is_voter_here: bool
    proxy_is_candidate: bool = False
    requested_on: date | None = None
    proxy_already_holds: int = 0


def request_due(election_day: date, profile: Profile) -> date | None:
    """Last day to file a proxy request, or None where the profile sets no deadline."""
    days = profile.proxy_request_days_before
    return None if days is None else election_day - timedelta(days=days)


def check_proxy(
    request: ProxyRequest, election_day: date, profile: Profile, body: str = "villagers_committee"
) -> Decision:
    """Accept or reject one authorisation; every failed condition gives a reason. A community's reasons
    cite the residents' committee law and measures (A3), never the OL."""
    decided = _check_proxy(request, election_day, profile)
    return Decision(ok=decided.ok, reasons=in_body(decided.reasons, body))


def _check_proxy(request: ProxyRequest, election_day: date, profile: Profile) -> Decision:
    refused: list[Reason] = []
    if not request.proxy_is_voter_here:
        refused.append(
            Reason(
                "B12", ART, "受委托人须是本村有选举权的选民。", "The proxy must be a voter of this village."
            )
        )
    if request.relation not in profile.proxy_relations:
        refused.append(
            Reason(
                "B12",
                profile.article("proxy_relations"),
                "受委托人须是委托人的近亲属。",
                "The proxy must be a near relative of the principal.",
            )
        )
    if request.proxy_is_candidate and profile.proxy_candidate_barred:
        refused.append(
            Reason(
                "B12",
                profile.article("proxy_candidate_barred"),
                "候选人不得接受委托。",
                "A candidate may not act as a proxy.",
            )
        )
    cap = profile.proxy_cap
    if cap is not None and request.proxy_already_holds >= cap:
        refused.append(
            Reason(
                "B12",
                profile.article("proxy_cap"),
                f"每位受委托人接受委托不得超过{cap}人。",
                f"A proxy may act for at most {cap} principals.",
            )
        )
    due = request_due(election_day, profile)
    if due is not None and request.requested_on is not None and request.requested_on > due:
        refused.append(
            Reason(
                "B12",
                profile.article("proxy_request_days_before"),
                f"委托申请须在{due.isoformat()}前（含当日）提出。",
                f"Proxy requests must be filed on or before {due.isoformat()}.",
            )
        )
    if refused:
        return Decision(ok=False, reasons=tuple(refused))
    return Decision(
        ok=True,
        reasons=(
            Reason("B12", ART, "委托投票符合规定，须张榜公布。", "Proxy accepted; it must be published."),
        ),
    )


def proxy_vote_counts(published: bool, profile: Profile) -> Decision:
    """Does a proxy vote count? Unpublished proxies are void where the profile says so (ZJ Art.25)."""
    if published:
        return Decision(
            True, (Reason("B12", ART, "委托已公布，委托投票有效。", "Proxy published: the vote counts."),)
        )
    if profile.proxy_unpublished_void:
        return Decision(
            False,
            (
                Reason(
                    "B12",
                    profile.article("proxy_unpublished_void"),
                    "未经审核公布的委托投票无效。",
                    "An unpublished proxy's vote is void.",
                ),
            ),
        )
    return Decision(
        True,
        (
            Reason(
                "B12",
                ART,
                "委托未公布，违反公布要求，但本省未规定该票无效。",
                "Proxy not published (a breach of the publication rule), but the profile does not void the "
                "vote.",
            ),
        ),
    )
