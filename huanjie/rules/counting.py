"""Counting a voting round (B16–B24): villagers' and residents' committees; party branches via party.py.

Round validity: box reconciliation (B16) and turnout (B17; in runoffs only where the profile says,
HN). Thresholds: first round 2·votes > voters who voted, invalid and blank ballots included (B18,
OL Art.15 ¶2); runoff: most votes and 3·votes ≥ ballots cast (B22); tie re-vote: most votes (B19).
Nobody is elected with zero votes. Posts are allocated in order director → deputy → women member →
member; a person elected to a higher post leaves the lower posts (B20), a person tied for a higher
post is held out of the lower posts of this round (interpretation). A shortfall after the first
round lists runoff candidates in round-1 vote order (B22, ``runoff_candidates``); after a runoff
the profile decides whether vacancies may stand (B23). Women's seat per ``women_rule`` (B21, see
women.py); near-relative avoidance (B24) per ``near_relative_avoidance``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from .allocation import (
    Pick,
    Ranked,
    allocate,
    no_relatives,
    passed_over_reasons,
    ranked,
    relation,
    runoff_pool,
)
from .arith import at_least_one_third, ceil_div, majority, smallest_majority
from .ballots import check_reconciliation, check_turnout
from .cases import (
    Case,
    CaseError,
    ContestInput,
    ContestResult,
    RoundResult,
    case_from_json,
    result_to_json,
    validate,
    void_result,
)
from .explain import OL, Reason, for_body
from .party import count_party
from .profiles import Profile
from .relatives import Displaced, displaced, displaced_reason, outranked, refill
from .terms import POST_EN, POST_RANK, POST_ZH, Body, Post, RoundKind
from .women import no_woman_standing, reserve_seat, reserved_reasons, runoff_fallback, with_woman

__all__ = [
    "Case",
    "CaseError",
    "ContestInput",
    "ContestResult",
    "RoundResult",
    "case_from_json",
    "count",
    "result_to_json",
]

ART15 = f"{OL} Art.15 ¶2"
EXTRA = {"remaining_plus_one": 1, "remaining_plus_two": 2}


def count(case: Case, profile: Profile) -> RoundResult:
    """Count one voting round of ``case`` under ``profile``."""
    validate(case)
    if case.body is Body.PARTY_BRANCH:
        return count_party(case, profile)
    result = _Committee(case, profile).run()
    if case.body is not Body.RESIDENTS_COMMITTEE:
        return result
    # A community's count cites the RCL and the provincial residents' committee measures (A3).
    return replace(
        result,
        trace=for_body(result.trace, case.body),
        contests=tuple(replace(c, reasons=for_body(c.reasons, case.body)) for c in result.contests),
    )


class _Committee:
    def __init__(self, case: Case, profile: Profile) -> None:
        self.case, self.profile = case, profile
        self.trace: list[Reason] = []
        self.women = case.women.union(*(c.women for c in case.contests))
        self.related = relation(case.relatives) if profile.near_relative_avoidance else no_relatives
        self.before = [n for names in case.elected_before.values() for n in names]
        self.holders = list(self.before)
        self.before_post = {n: p for p, names in case.elected_before.items() for n in names}
        self.displaced: list[Displaced] = []
        self.pending: list[str] = []
        self.picks: dict[Post, Pick] = {}
        self.provisional: dict[Post, tuple[str, ...]] = {}
        self.notes: dict[Post, list[Reason]] = {}
        self.order = sorted(case.contests, key=lambda c: POST_RANK[c.post])
        if case.round is RoundKind.FIRST:
            self.base, self.threshold = case.voted, smallest_majority(case.voted)
        else:
            self.base = case.ballots_collected if case.ballots_cast is None else case.ballots_cast
            self.threshold = max(1, ceil_div(self.base, 3)) if case.round is RoundKind.RUNOFF else 1

    def passes(self, votes: int) -> bool:
        if votes == 0:
            return False
        if self.case.round is RoundKind.FIRST:
            return majority(votes, self.base)
        return self.case.round is RoundKind.TIE_REVOTE or at_least_one_third(votes, self.base)

    def woman_seated(self) -> bool:
        return any(p in self.women for p in (*self.holders, *self.pending))

    def run(self) -> RoundResult:
        case, profile = self.case, self.profile
        rec = check_reconciliation(case.voted, case.ballots_collected, case.ballots_issued, profile=profile)
        self.trace.extend(rec.reasons)
        if not rec.ok:
            return void_result(case, self.trace)
        if case.round is RoundKind.FIRST or profile.runoff_turnout_required:
            turnout = check_turnout(case.registered, case.voted)
            self.trace.extend(turnout.reasons)
            if not turnout.ok:
                return void_result(case, self.trace)
        self.trace.append(self.threshold_reason())
        for contest in self.order:
            self.allocate_post(contest)
        if case.round is RoundKind.RUNOFF and profile.women_rule == "runoff_must_include_woman":
            self.women_fallback()
        results = {c.post: self.result(c) for c in self.order}
        for c in self.order:
            self.trace.extend(results[c.post].reasons)
        if case.round is RoundKind.FIRST:
            self.first_round_checks()
        tolerated = self.vacancies(results)
        if profile.women_required and self.women and not self.woman_seated():
            self.trace.append(
                Reason(
                    "B7",
                    f"{OL} Art.6",
                    "委员会中目前尚无女性成员。",
                    "The committee has no woman member so far.",
                )
            )
        contests = tuple(results[c.post] for c in case.contests)
        moved = tuple((d.name, d.post, d.by, self.refill(d)) for d in self.displaced)
        return RoundResult(True, None, contests, tuple(self.trace), tolerated, self.threshold, moved)

    def threshold_reason(self) -> Reason:
        kind = self.case.round
        if kind is RoundKind.FIRST:
            return Reason(
                "B18",
                ART15,
                f"当选须获得投票人数{self.base}人（含废票、空白票）的过半数，即至少{self.threshold}票。",
                f"Election needs more than half of the {self.base} who voted (invalid and blank included): "
                f"at least {self.threshold} votes.",
            )
        if kind is RoundKind.RUNOFF:
            return Reason(
                "B22",
                ART15,
                f"另行选举以得票多的当选，但得票不得少于已投选票{self.base}张的三分之一，即至少{self.threshold}票。",
                f"Runoff: most votes win, with at least one third of the {self.base} ballots cast: "
                f"at least {self.threshold} votes.",
            )
        return Reason(
            "B19",
            "ZJ/SH/BJ/HN (B19) ✅",
            "得票相等的再次投票，以得票多的当选（再次相等的继续投票 ⚠）。",
            "Tie re-vote among the tied only: most votes win (a further tie is re-voted again ⚠).",
        )

    def allocate_post(self, contest: ContestInput) -> None:
        post, notes = contest.post, []
        label = POST_ZH[post]
        higher = sorted(p for p in contest.tally if p in self.holders)
        if higher:
            notes.append(
                Reason(
                    "B20",
                    "SH, BJ, ZJ ✅ (B20)",
                    f"{label}：{'、'.join(higher)}已当选较高职务或已在前轮当选，不再参加本职务分配。",
                    f"{POST_EN[post]}: {', '.join(higher)} already elected (higher post or earlier round); "
                    "not counted for this post.",
                )
            )
        held = sorted(p for p in contest.tally if p in self.pending)
        if held:
            notes.append(
                Reason(
                    "B20",
                    "B20 (interpretation)",
                    f"{label}：{'、'.join(held)}正参加较高职务的得票相等再投票，本轮不参加本职务分配。",
                    f"{POST_EN[post]}: {', '.join(held)} await a tie re-vote for a higher post; held out of "
                    "this post.",
                )
            )
        not_women = self.not_women(contest)
        refused = no_woman_standing(contest.post, contest.tally, self.women, self.profile)
        if refused is not None:
            notes.append(refused)
        if not_women:
            notes.append(
                Reason(
                    "B21",
                    self.profile.article("women_rule"),
                    f"妇女委员职位只能由女性当选，{'、'.join(not_women)}的得票不计。",
                    f"Only a woman can take the women-member post; votes for {', '.join(not_women)} do not "
                    "count.",
                )
            )
        out = set(self.holders) | set(self.pending) | set(not_women)
        people = ranked(contest.tally, lambda p, v: p not in out and self.passes(v))
        failed = [p for p, v in ranked(contest.tally, lambda p, v: p not in out and not self.passes(v))]
        related = outranked(self.before_post, post, self.related)
        pick = allocate(people, contest.seats, self.holders, related)
        self.provisional[post] = self.depends_on(contest, [h for h in held if h not in not_women], out, pick)
        if self.provisional[post]:
            notes.append(
                Reason(
                    "B20",
                    "B19, B20 (interpretation)",
                    f"{label}：本职务结果为暂定，取决于{'、'.join(self.provisional[post])}在较高职务的得票相等再投票，"
                    "再投票决定后方为最终结果。",
                    f"{POST_EN[post]}: this result is provisional: it depends on the higher post's tie re-vote "
                    f"of {', '.join(self.provisional[post])} and is final only once that is decided.",
                )
            )
        if self.reserved_here(post):
            new, open_seat = reserve_seat(people, contest.seats, pick, self.women, self.holders, related)
            notes.extend(
                reserved_reasons(people, new, pick, open_seat, post, self.profile.article("women_rule"))
            )
            pick = new
        pick = self.settle_tie(post, label, pick, notes)
        notes.extend(passed_over_reasons(pick, self.profile.article("near_relative_avoidance")))
        for gone in displaced(self.before_post, post, pick.elected, self.related):
            notes.append(displaced_reason(gone, self.profile))
            self.holders.remove(gone.name)
            del self.before_post[gone.name]
            self.displaced.append(gone)
        self.holders.extend(pick.elected)
        self.pending.extend(pick.tied)
        self.picks[post] = pick
        self.notes[post] = notes + self.outcome_reasons(label, contest, people, pick, failed)

    def refill(self, gone: Displaced) -> str | None:
        source = self.case.refill_from.get(gone.post)
        if source is None:
            self.trace.append(
                Reason(
                    "B24",
                    self.profile.article("near_relative_avoidance"),
                    f"{POST_ZH[gone.post]}：{gone.name}让出的名额须按其当选轮次的得票递补，本次计票未提供该轮计票数据。",
                    f"{POST_EN[gone.post]}: {gone.name}'s seat is refilled from the round it was won in; that "
                    "round's tally was not given.",
                )
            )
            return None
        name, why = refill(
            gone,
            kind=source.round,
            tally=source.tally,
            base=source.base,
            holders=[*self.holders, *self.pending],
            related=self.related,
            profile=self.profile,
        )
        self.trace.append(why)
        if name is not None:
            self.holders.append(name)
        return name

    def settle_tie(self, post: Post, label: str, pick: Pick, notes: list[Reason]) -> Pick:
        """With the tie re-vote held (``case.tie_winners``), its winners take the tied seats and the
        others are free for the lower posts (B19, B20)."""
        decided = self.case.tie_winners.get(post)
        if decided is None or not pick.tied:
            return pick
        won = [n for n in pick.tied if n in decided][: pick.tie_seats]
        notes.append(
            Reason(
                "B19",
                "ZJ/SH/BJ/HN (B19) ✅",
                f"{label}：得票相等再投票已举行，{'、'.join(won) or '无人'}当选。",
                f"{POST_EN[post]}: the tie re-vote has been held; {', '.join(won) or 'nobody'} elected.",
            )
        )
        return Pick(pick.elected + won, [], 0, pick.passed_over)

    def depends_on(
        self, contest: ContestInput, held: list[str], out: set[str], pick: Pick
    ) -> tuple[str, ...]:
        """Who, held out for a higher post's tie re-vote, would change this post's allocation if the
        re-vote left them free to take it (B20: the loser of the higher post competes here)."""
        found = []
        for name in held:
            others = out - {name}
            free = ranked(contest.tally, lambda p, v: p not in others and self.passes(v))  # noqa: B023
            alt = allocate(free, contest.seats, self.holders, self.related)
            if (alt.elected, alt.tied) != (pick.elected, pick.tied):
                found.append(name)
        return tuple(found)

    def not_women(self, contest: ContestInput) -> list[str]:
        # Only a woman takes the women-member post, whether or not any woman stands (B21, OL Art.6).
        if contest.post is not Post.WOMEN_MEMBER:
            return []
        return sorted(p for p in contest.tally if p not in self.women)

    def reserved_here(self, post: Post) -> bool:
        if self.profile.women_rule != "reserved_position":
            return False
        # The reserved seat is kept for a woman even when no woman stands: it is refused, not given
        # to a man (B21).
        return post is (self.case.reserved_post or Post.MEMBER) and not self.woman_seated()

    def outcome_reasons(
        self, label: str, contest: ContestInput, people: Ranked, pick: Pick, failed: list[str]
    ) -> list[Reason]:
        votes = dict(contest.tally)
        first = self.case.round is RoundKind.FIRST
        rule, article = (
            ("B18", ART15)
            if first
            else (("B22", ART15) if self.case.round is RoundKind.RUNOFF else ("B19", "B19"))
        )
        out = []
        for name in pick.elected:
            out.append(
                Reason(
                    rule,
                    article,
                    f"{label}：{name}得{votes[name]}票（当选线{self.threshold}票），按得票多少当选。",
                    f"{POST_EN[contest.post]}: {name} elected with {votes[name]} votes (threshold "
                    f"{self.threshold}).",
                )
            )
        if pick.tied:
            out.append(
                Reason(
                    "B19",
                    "ZJ/SH/BJ/HN (B19) ✅; B24 ZJ Art.31",
                    f"{label}：{'、'.join(pick.tied)}得票相等（或系近亲属），争夺{pick.tie_seats}个名额，须就其再次投票。",
                    f"{POST_EN[contest.post]}: {', '.join(pick.tied)} tie (or are near relatives) for "
                    f"{pick.tie_seats} "
                    "seat(s): re-vote among them only.",
                )
            )
        beaten = [p for p, _ in people if p not in pick.elected and p not in pick.tied]
        beaten = [p for p in beaten if p not in {n for n, _ in pick.passed_over}]
        if beaten:
            out.append(
                Reason(
                    "B19",
                    "ZJ/SH/BJ/HN (B19) ✅",
                    f"{label}：{'、'.join(beaten)}达到当选票数，但名额已由得票更多者占满。",
                    f"{POST_EN[contest.post]}: {', '.join(beaten)} reached the threshold but the seats went "
                    "to more votes.",
                )
            )
        if failed:
            out.append(
                Reason(
                    rule,
                    article,
                    f"{label}：{'、'.join(failed)}未达到当选票数{self.threshold}票。",
                    f"{POST_EN[contest.post]}: {', '.join(failed)} below the threshold of {self.threshold} "
                    "votes.",
                )
            )
        return out

    def women_fallback(self) -> None:
        # Only the lowest post of the runoff (the seat the woman ran for): a seat left vacant there
        # cannot change the allocation of any other post of this round.
        last = self.order[-1]
        if not self.women or self.woman_seated() or not any(p in self.women for p in last.tally):
            return
        if self.picks[last.post].tied:
            return
        pick, why = runoff_fallback(self.picks[last.post], last.post, self.profile)
        self.holders = [
            p for p in self.holders if p in pick.elected or p not in self.picks[last.post].elected
        ]
        self.picks[last.post] = pick
        self.notes[last.post].append(why)

    def result(self, contest: ContestInput) -> ContestResult:
        pick = self.picks[contest.post]
        vacancies = contest.seats - pick.filled
        candidates: list[str] = []
        notes = self.notes[contest.post]
        if vacancies and self.case.round is RoundKind.FIRST:
            candidates = self.runoff_candidates(contest, vacancies, notes)
        return ContestResult(
            contest.post,
            contest.seats,
            tuple(pick.elected),
            vacancies,
            tuple(pick.tied),
            pick.tie_seats,
            tuple(candidates),
            tuple(notes),
            self.provisional[contest.post],
        )

    def runoff_candidates(self, contest: ContestInput, vacancies: int, notes: list[Reason]) -> list[str]:
        out = set(self.holders) | set(self.pending) | set(self.not_women(contest))
        blocked: Callable[[str], bool] = lambda p: any(self.related(p, h) for h in self.holders)  # noqa: E731
        pool = ranked(contest.tally, lambda p, v: v > 0 and p not in out and not blocked(p))
        rule = self.profile.runoff_candidates
        wanted = len(pool) if rule == "all_unelected" else vacancies + EXTRA[rule]
        candidates = runoff_pool(pool, wanted)
        label = POST_ZH[contest.post]
        short = len(candidates) <= vacancies
        zh_names, en_names = "、".join(candidates) or "无", ", ".join(candidates) or "none"
        notes.append(
            Reason(
                "B22",
                self.profile.article("runoff_candidates"),
                f"{label}：缺额{vacancies}名，另行选举，按第一轮得票多少确定候选人：{zh_names}"
                f"{'（人数不足差额，须另行提名）' if short else ''}。",
                f"{POST_EN[contest.post]}: {vacancies} seat(s) unfilled → runoff; candidates in round-1 vote "
                f"order: {en_names}{' (too few for a contested runoff; nominate more)' if short else ''}.",
            )
        )
        rule_w = self.profile.women_rule
        shanxi = rule_w == "runoff_must_include_woman" and contest is self.lowest_short()
        reserved = rule_w == "reserved_position" and contest.post is (self.case.reserved_post or Post.MEMBER)
        if (shanxi or reserved) and self.women and not self.woman_seated():
            candidates, why = with_woman(candidates, pool, self.women, contest.post, self.profile)
            notes.append(why)
        return candidates

    def lowest_short(self) -> ContestInput:
        return [c for c in self.order if c.seats > self.picks[c.post].filled][-1]

    def first_round_checks(self) -> None:
        if self.profile.women_rule == "separate_post" and all(
            c.post is not Post.WOMEN_MEMBER for c in self.order
        ):
            self.trace.append(
                Reason(
                    "B21",
                    self.profile.article("women_rule"),
                    "本省要求选票单列妇女委员职位，本次计票未包含该职位。",
                    "The profile requires a separate women-member post on the ballot; this count has none.",
                )
            )

    def vacancies(self, results: dict[Post, ContestResult]) -> bool | None:
        open_seats = sum(r.vacancies for r in results.values())
        if not open_seats:
            return None
        p = self.profile
        elected = len(self.before) + sum(len(r.elected) for r in results.values())
        director = bool(self.case.elected_before.get(Post.DIRECTOR)) or any(
            r.elected for r in results.values() if r.post is Post.DIRECTOR
        )
        if self.case.round is RoundKind.FIRST and not p.vacancy_after_first_round:
            self.trace.append(
                Reason(
                    "B22",
                    ART15,
                    f"缺额{open_seats}名，须就缺额另行选举。",
                    f"{open_seats} seat(s) unfilled: a runoff is held for them.",
                )
            )
            return False
        minimum = p.vacancy_min_elected
        ok = minimum is not None and elected >= minimum and (director or not p.vacancy_requires_director)
        zh = "可以暂缺（或由会议决定）" if ok else "不能暂缺，须继续选举或补选"
        en = (
            "may stay vacant (or as the assembly decides)"
            if ok
            else "may not stay vacant; a further election is needed"
        )
        self.trace.append(
            Reason(
                "B23",
                p.article("vacancy_min_elected"),
                f"已当选{elected}人，缺额{open_seats}名，{zh}。",
                f"{elected} elected, {open_seats} seat(s) unfilled: the seats {en}.",
            )
        )
        return ok
