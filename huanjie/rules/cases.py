"""The counting case and its result as data: the JSON contract of ``huanjie count`` (docs/rules.md).

Parsing checks every field and raises ``CaseError(field, message)`` naming the field
(``contests[1].tally.B``); the arithmetic consistency of a case (voted ≤ registered, a person's
votes ≤ ballots cast, marks ≤ seats × ballots cast) is checked here too, so bad input changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .explain import Reason
from .terms import BODY_POSTS, Body, Post, RoundKind


class CaseError(ValueError):
    """Invalid case input; ``field`` locates it (``contests[0].seats``)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True, slots=True)
class ContestInput:
    post: Post
    seats: int
    tally: Mapping[str, int]
    women: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RefillSource:
    round: RoundKind
    base: int
    tally: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Case:
    profile: str
    body: Body
    round: RoundKind
    registered: int
    voted: int
    ballots_collected: int
    contests: tuple[ContestInput, ...]
    ballots_cast: int | None = None
    ballots_issued: int | None = None
    approved_exclusions: int = 0
    relatives: tuple[tuple[str, str], ...] = ()
    women: frozenset[str] = frozenset()
    elected_before: Mapping[Post, tuple[str, ...]] = field(default_factory=dict)
    reserved_post: Post | None = None
    sitting: str = "assembly"
    # party: the branch's full members, where known — what the assembly may elect (P2)
    full_members: int | None = None
    # The winners of this round's tie re-votes, once held: counting the round again with them settles
    # the posts that were provisional on those re-votes (B19, B20).
    tie_winners: Mapping[Post, tuple[str, ...]] = field(default_factory=dict)
    # Per post, the round an earlier holder of it was elected in: its kind, base (voters who voted or
    # ballots cast) and tally, to refill a seat vacated under B24 across rounds (relatives.refill).
    refill_from: Mapping[Post, RefillSource] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ContestResult:
    post: Post
    seats: int
    elected: tuple[str, ...]
    vacancies: int
    tie_revote: tuple[str, ...] = ()
    tie_revote_seats: int = 0
    runoff_candidates: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    # Persons tied for a higher post whose re-vote can change this post's outcome: while the re-vote is
    # pending, this post's result is provisional (B19/B20 interpretation).
    provisional_on: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoundResult:
    valid: bool
    reason: str | None
    contests: tuple[ContestResult, ...]
    trace: tuple[Reason, ...]
    vacancy_tolerated: bool | None = None
    threshold: int | None = None
    # Earlier rounds' holders who give way to a near relative elected to a higher post in this round,
    # as (name, their post, the relative, who refills the seat or None): B24, ZJ Art.31, relatives.refill.
    displaced: tuple[tuple[str, Post, str, str | None], ...] = ()


# No count in an election comes near a billion: larger numbers are typing errors or an attack on the
# arithmetic (and json.dumps cannot print an integer of more than 4,300 digits).
MAX_COUNT = 10**9


def _int(obj: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> int | None:
    if key not in obj and not required:
        return None
    value = obj.get(key)
    if type(value) is not int or value < 0:
        raise CaseError(f"{where}{key}", "must be a non-negative integer")
    if value > MAX_COUNT:
        raise CaseError(f"{where}{key}", f"must be at most {MAX_COUNT}")
    return value


def _req(obj: Mapping[str, Any], key: str, where: str = "") -> int:
    value = _int(obj, key, where)
    assert value is not None
    return value


def _names(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
        raise CaseError(where, "must be a list of names")
    return value


def _choice[E: (Body, RoundKind, Post)](enum: type[E], value: Any, where: str) -> E:
    try:
        return enum(value)
    except ValueError:
        raise CaseError(where, f"must be one of {', '.join(e.value for e in enum)}") from None


def _contest(obj: Any, i: int, body: Body) -> ContestInput:
    where = f"contests[{i}]."
    if not isinstance(obj, dict):
        raise CaseError(f"contests[{i}]", "must be an object")
    post = _choice(Post, obj.get("post"), f"{where}post")
    if post not in BODY_POSTS[body]:
        raise CaseError(f"{where}post", f"{post.value} is not a post of {body.value}")
    seats = _req(obj, "seats", where)
    if seats == 0:
        raise CaseError(f"{where}seats", "must be at least 1")
    tally = obj.get("tally")
    if not isinstance(tally, dict):
        raise CaseError(f"{where}tally", "must be an object of person: votes")
    for person, votes in tally.items():
        if not person:
            raise CaseError(f"{where}tally", "a person's name may not be empty")
        if type(votes) is not int or votes < 0:
            raise CaseError(f"{where}tally.{person}", "votes must be a non-negative integer")
        if votes > MAX_COUNT:
            raise CaseError(f"{where}tally.{person}", f"votes must be at most {MAX_COUNT}")
    women = _names(obj.get("women", []), f"{where}women")
    return ContestInput(post, seats, dict(tally), frozenset(women))


def case_from_json(obj: Any) -> Case:
    """Parse and validate a case (the JSON object of ``huanjie count``)."""
    if not isinstance(obj, dict):
        raise CaseError("case", "must be a JSON object")
    profile = obj.get("profile")
    if not isinstance(profile, str) or not profile:
        raise CaseError("profile", "must be a profile name")
    body = _choice(Body, obj.get("body"), "body")
    kind = _choice(RoundKind, obj.get("round", "first"), "round")
    contests = obj.get("contests")
    if not isinstance(contests, list) or not contests:
        raise CaseError("contests", "must be a non-empty list")
    parsed = tuple(_contest(c, i, body) for i, c in enumerate(contests))
    relatives = obj.get("relatives", [])
    if not isinstance(relatives, list):
        raise CaseError("relatives", "must be a list of [person, person] pairs")
    pairs = []
    for i, pair in enumerate(relatives):
        names = _names(pair, f"relatives[{i}]")
        if len(names) != 2:
            raise CaseError(f"relatives[{i}]", "must be a pair of two names")
        pairs.append((names[0], names[1]))
    before_raw = obj.get("elected_before", {})
    if not isinstance(before_raw, dict):
        raise CaseError("elected_before", "must be an object of post: [names]")
    before = {
        _choice(Post, k, f"elected_before.{k}"): tuple(_names(v, f"elected_before.{k}"))
        for k, v in before_raw.items()
    }
    winners_raw = obj.get("tie_winners", {})
    if not isinstance(winners_raw, dict):
        raise CaseError("tie_winners", "must be an object of post: [names]")
    winners = {
        _choice(Post, k, f"tie_winners.{k}"): tuple(_names(v, f"tie_winners.{k}"))
        for k, v in winners_raw.items()
    }
    refill_raw = obj.get("refill_from", {})
    if not isinstance(refill_raw, dict):
        raise CaseError("refill_from", "must be an object of post: {round, base, tally}")
    refill = {}
    for k, v in refill_raw.items():
        where = f"refill_from.{k}"
        if not isinstance(v, dict) or not isinstance(v.get("tally"), dict):
            raise CaseError(where, "must be an object with round, base and tally")
        if not all(type(n) is int and n >= 0 for n in v["tally"].values()):
            raise CaseError(f"{where}.tally", "votes must be non-negative integers")
        refill[_choice(Post, k, where)] = RefillSource(
            _choice(RoundKind, v.get("round", "first"), f"{where}.round"),
            _req(v, "base", f"{where}."),
            v["tally"],
        )
    reserved = obj.get("reserved_post")
    sitting = obj.get("sitting", "assembly")
    if sitting not in ("assembly", "committee"):
        raise CaseError("sitting", "must be assembly or committee")
    case = Case(
        profile=profile,
        body=body,
        round=kind,
        registered=_req(obj, "registered"),
        voted=_req(obj, "voted"),
        ballots_collected=_req(obj, "ballots_collected"),
        contests=parsed,
        ballots_cast=_int(obj, "ballots_cast", "", required=False),
        ballots_issued=_int(obj, "ballots_issued", "", required=False),
        approved_exclusions=_int(obj, "approved_exclusions", "", required=False) or 0,
        relatives=tuple(pairs),
        women=frozenset(_names(obj.get("women", []), "women")),
        elected_before=before,
        reserved_post=None if reserved is None else _choice(Post, reserved, "reserved_post"),
        sitting=sitting,
        full_members=_int(obj, "full_members", "", required=False),
        tie_winners=winners,
        refill_from=refill,
    )
    validate(case)
    return case


def validate(case: Case) -> None:
    """Arithmetic consistency of a case; raises CaseError naming the field."""
    if case.approved_exclusions > case.registered:
        raise CaseError("approved_exclusions", "cannot exceed registered")
    if case.full_members is not None and case.sitting == "assembly" and case.registered > case.full_members:
        raise CaseError("full_members", "the members with voting rights (registered) are full members")
    if case.voted > case.registered:
        raise CaseError("voted", f"{case.voted} voters cannot exceed the {case.registered} registered")
    cast = case.ballots_collected if case.ballots_cast is None else case.ballots_cast
    if cast > case.ballots_collected:
        raise CaseError("ballots_cast", "cannot exceed ballots_collected")
    posts = [c.post for c in case.contests]
    for i, contest in enumerate(case.contests):
        if posts.index(contest.post) != i:
            raise CaseError(f"contests[{i}].post", f"{contest.post.value} appears twice")
        for person, votes in contest.tally.items():
            if votes > cast:
                raise CaseError(
                    f"contests[{i}].tally.{person}", f"{votes} votes exceed the {cast} ballots cast"
                )
        if sum(contest.tally.values()) > contest.seats * cast:
            raise CaseError(f"contests[{i}].tally", "more marks than seats × ballots cast")


def result_to_json(result: RoundResult) -> dict[str, Any]:
    """The JSON form of a round's result (``huanjie count`` output)."""
    return {
        "valid": result.valid,
        "reason": result.reason,
        "threshold": result.threshold,
        "vacancy_tolerated": result.vacancy_tolerated,
        "displaced": [{"name": n, "post": p.value, "by": b, "refill": r} for n, p, b, r in result.displaced],
        "contests": [
            {
                "post": c.post.value,
                "seats": c.seats,
                "elected": list(c.elected),
                "vacancies": c.vacancies,
                "tie_revote": list(c.tie_revote),
                "tie_revote_seats": c.tie_revote_seats,
                "runoff_candidates": list(c.runoff_candidates),
                "provisional": bool(c.provisional_on),
                "provisional_on": list(c.provisional_on),
                "trace": [r.to_json() for r in c.reasons],
            }
            for c in result.contests
        ],
        "trace": [r.to_json() for r in result.trace],
    }


def void_result(case: Case, trace: list[Reason]) -> RoundResult:
    """A void or invalid round: nobody is elected, every seat is open, the round is re-run."""
    last = trace[-1]
    contests = tuple(ContestResult(c.post, c.seats, (), c.seats) for c in case.contests)
    return RoundResult(False, f"{last.rule}: {last.text_en}", contests, tuple(trace))
