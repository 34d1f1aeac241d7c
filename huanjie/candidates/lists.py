"""An election's candidate lists from the records: preliminary, formal (with backfills), the review's
status of each candidate, and the checks. Also the formal list as polling's contests and as the notice
text of the candidate-list stage. Reads only; writes are in actions.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from huanjie.candidates import departments
from huanjie.candidates.models import Nomination, Override, Review, Seat, Verdict
from huanjie.elections.models import Election
from huanjie.rules import candidates as rules
from huanjie.rules import profiles
from huanjie.rules.explain import Reason
from huanjie.rules.terms import BODY_POSTS, POST_RANK, POST_ZH, Body, Post
from huanjie.rules.women import no_woman_standing
from huanjie.voters.people import RESIDENT, person_ref

PENDING, CLEARED, FLAGGED, OVERRIDDEN = "pending", "cleared", "flagged", "overridden"


@dataclass(frozen=True)
class ReviewStatus:
    ref: str  # the person's reference in the election (issue 17): the key, never the name
    name: str
    status: str  # PENDING, CLEARED, FLAGGED, OVERRIDDEN
    verdicts: dict[str, Review]  # department → its verdict
    override: Override | None


def review_status(election: Election, refs: list[str] | None = None) -> dict[str, ReviewStatus]:
    """Each candidate's standing in the joint review, by person (ref): flagged by any department (and not
    overridden), cleared by every department, or still pending. Rows whose person is not resolved yet
    (an empty ref, from before issue 17) count for no one."""
    reviews: dict[str, dict[str, Review]] = {}
    names: dict[str, str] = {}
    for r in Review.objects.filter(election=election).exclude(ref=""):
        reviews.setdefault(r.ref, {})[r.department] = r
        names[r.ref] = r.name
    overrides = {o.ref: o for o in Override.objects.filter(election=election).exclude(ref="")}
    out = {}
    for ref in refs if refs is not None else sorted(reviews):
        verdicts = reviews.get(ref, {})
        if any(v.verdict == Verdict.FLAGGED for v in verdicts.values()):
            status = OVERRIDDEN if ref in overrides else FLAGGED
        elif set(verdicts) >= set(departments.DEPARTMENT_KEYS):
            status = CLEARED
        else:
            status = PENDING
        out[ref] = ReviewStatus(ref, names.get(ref, ""), status, verdicts, overrides.get(ref))
    return out


def nomination_ref(nomination: Nomination) -> str:
    return person_ref(nomination.election_id, RESIDENT, nomination.resident_id)


@dataclass(frozen=True)
class Lists:
    posts: list[rules.PostList]
    nominations: dict[str, list[Nomination]]  # post → in vote order
    reviews: dict[str, ReviewStatus]  # by person (ref; `nomination_ref`)
    checks: list[rules.Check]

    @property
    def ok(self) -> bool:
        return bool(self.posts) and all(c.ok for c in self.checks)


def seats_of(election: Election) -> dict[str, Seat]:
    return {s.post: s for s in Seat.objects.filter(election=election)}


def _posts(election: Election) -> list[str]:
    return [p.value for p in BODY_POSTS[Body(election.kind)]]


def lists(election: Election) -> Lists:
    seats = seats_of(election)
    noms = list(
        Nomination.objects.filter(election=election).select_related("resident").order_by("-votes", "pk")
    )
    refs = {n.pk: nomination_ref(n) for n in noms}
    reviews = review_status(election, sorted(set(refs.values())))
    posts: list[rules.PostList] = []
    by_post: dict[str, list[Nomination]] = {}
    for post in _posts(election):
        if post not in seats:
            continue
        mine = [n for n in noms if n.post == post]
        by_post[post] = mine
        nominees = [
            rules.Nominee(
                n.name,
                n.votes,
                woman=n.resident.sex == "female",
                out="withdrawn"
                if n.withdrawn_on
                else ("flagged" if reviews[refs[n.pk]].status == FLAGGED else ""),
            )
            for n in mine
        ]
        posts.append(rules.post_list(post, seats[post].seats, seats[post].size, nominees))
    profile = profiles.load(election.round.profile)
    checks = rules.list_checks(posts, profile) if posts else []
    for pl in posts:
        # B21: the women-member post without a woman candidate is refused, never filled by a man.
        refused = no_woman_standing(
            Post(pl.post),
            [n.name for n in pl.formal],
            [n.name for n in pl.formal if n.woman],
            profile,
        )
        if refused is not None:
            checks.append(rules.Check(False, refused))
    pending = {n.name for n in noms if reviews[refs[n.pk]].status == PENDING}
    unreviewed = sorted({n.name for pl in posts for n in pl.formal if n.name in pending})
    if posts:
        checks.append(
            rules.Check(
                not unreviewed,
                Reason(
                    "A1",
                    departments.REVIEW_ARTICLE,
                    "正式候选人均已通过资格联审。"
                    if not unreviewed
                    else f"{'、'.join(unreviewed)}的资格联审尚未完成。",
                    "Every formal candidate is cleared by the joint review."
                    if not unreviewed
                    else f"The joint review of {', '.join(unreviewed)} is not finished.",
                ),
            )
        )
    return Lists(posts, by_post, reviews, checks)


def formal_contests(election: Election) -> list[dict[str, Any]]:
    """The formal list in polling's contest format, in post order: [{"post", "seats", "candidates":
    [Resident, ... in list order]}] — the persons nominated, never their names (issue 17; whether one is a
    woman is their record's). Empty where no seats are set (a party election, or nothing yet)."""
    current = lists(election)
    out = []
    for pl in current.posts:
        # Each formal nominee is the standing nomination of that post it was made from, in vote order: two
        # namesakes stay two persons (matched on the nomination's own name or person reference, and votes).
        left = [n for n in current.nominations.get(pl.post, []) if not n.withdrawn_on]
        people = []
        for nominee in pl.formal:
            match = next(
                (
                    n
                    for n in left
                    if nominee.name in (n.name, person_ref(election.pk, RESIDENT, n.resident_id))
                    and n.votes == nominee.votes
                ),
                None,
            )
            if match is not None:
                left.remove(match)
                people.append(match.resident)
        out.append({"post": pl.post, "seats": pl.seats, "candidates": people})
    return sorted(out, key=lambda c: POST_RANK[Post(c["post"])])


def candidate_notes(election: Election) -> str:
    """The candidate-list notice's body: the formal candidates post by post in list order, with their
    nomination votes, as the board shows them (Chinese, the official text)."""
    current = lists(election)
    lines = []
    for pl in current.posts:
        names = "、".join(f"{n.name}{'（女）' if n.woman else ''}（提名得票{n.votes}）" for n in pl.formal)
        lines.append(f"{POST_ZH[Post(pl.post)]}（应选{pl.seats}名，候选人{len(pl.formal)}名）：{names}")
    if not lines:
        return ""
    backfills = [f"{new}递补{old}" for pl in current.posts for new, old in pl.backfills]
    tail = (
        f"\n退出或未通过资格联审的候选人依提名得票多少依次递补：{'、'.join(backfills)}。" if backfills else ""
    )
    return "正式候选人名单（按提名得票多少排序）：\n" + "\n".join(lines) + tail
