"""The printed papers of polling day (A4, Chinese): ballots, tally sheets, certificates, the result sheet.

Each function returns the template context of one paper, built from the voting round's contests (the
candidates in list order), its boxes' agreed tallies, the rules engine's result JSON and the elected
members. Persons are printed by their label — the name, with the villager group (then the year of
birth) where two on the round share a name, so that a ballot with two namesakes is unambiguous (issue 17);
never an ID number. The marking rules printed on a ballot follow the profile:
whether too many marks void that post's section or the whole ballot (B15 `overvote_scope`), and whether
the same person chosen for two posts voids it; a party ballot has for / against / abstain (P5).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from huanjie.auditlog import anchor
from huanjie.core.dates import zh_date
from huanjie.elections.models import Election
from huanjie.polling import tally, writeins
from huanjie.polling.lines import people_of
from huanjie.polling.models import BallotBox, Contest, ElectedMember, VotingRound
from huanjie.rules import profiles
from huanjie.rules.terms import POST_RANK, POST_ZH, Post

CELLS_PER_ROW = 8  # name cells per row of a ballot: wider rows are too narrow to write a name in
WRITE_IN_ROWS = 3  # empty rows of a tally sheet for the persons voters wrote in
TICK_CELLS = 8  # ruled cells per row for the tellers' strokes (正), so that a row reads in blocks
KIND_ZH = {"first": "第一轮投票", "runoff": "另行选举", "tie_revote": "得票相等再次投票"}
BOX_ZH = {"central": "中心会场", "sub": "投票站", "mobile": "流动票箱"}


def round_zh(vr: VotingRound) -> str:
    """A voting round as the papers name it; a party organisation's plenary is its own sitting (A2 step 5)."""
    if vr.sitting == "committee":
        return "委员会全体会议选举" + ("" if vr.kind == VotingRound.Kind.FIRST else f"·{KIND_ZH[vr.kind]}")
    if is_party(vr.election):
        return "党员大会选举" + ("" if vr.kind == VotingRound.Kind.FIRST else f"·{KIND_ZH[vr.kind]}")
    return KIND_ZH[vr.kind]


def post_zh(post: str) -> str:
    return POST_ZH[Post(post)]


def is_party(election: Election) -> bool:
    return election.kind == "party_branch"


def committee_zh(election: Election) -> str:
    """Who issues the papers: the unit's election committee, or the party organisation itself."""
    if is_party(election):
        return election.body.name
    people = "村民" if election.kind == "villagers_committee" else "居民"
    return f"{election.unit.name}{people}选举委员会"


def per_mille(part: int, whole: int) -> str:
    """A share as a percentage with one decimal, by integer arithmetic (DESIGN.md rule 6)."""
    if whole <= 0:
        return "—"
    tenths = (2000 * part + whole) // (2 * whole)  # rounded half up
    return f"{tenths // 10}.{tenths % 10}%"


# --- ballots ----------------------------------------------------------------------------------------


@dataclass
class BallotSection:
    post: str
    label: str
    seats: int
    equal: bool  # as many candidates as seats (等额)
    rows: list[list[str | None]] = field(default_factory=list)  # None: a write-in cell


def _section(contest: Contest, write_ins: bool) -> BallotSection:
    lines = list(contest.entries.all())
    cells: list[str | None] = [line.label for line in lines]
    if write_ins:
        cells += [None] * contest.seats  # one "另选他人" cell per seat (B15: the voter may write anyone in)
    rows = [cells[i : i + CELLS_PER_ROW] for i in range(0, len(cells), CELLS_PER_ROW)] or [[None]]
    return BallotSection(
        post=contest.post,
        label=post_zh(contest.post),
        seats=contest.seats,
        equal=len(lines) == contest.seats,
        rows=rows,
    )


def ballot_rules(vr: VotingRound) -> list[str]:
    """The marking instructions printed on the ballot, in the order voters read them."""
    election = vr.election
    profile = profiles.load(election.round.profile)
    posts = "、".join(post_zh(c.post) for c in vr.contests.all())
    if is_party(election):
        out = [
            "对候选人表示赞成的，在其姓名下方的空格内划“○”；不赞成的，划“×”；弃权的，不划任何符号。",
            "对候选人不赞成的，可以另选他人，在“另选他人”栏内写上其姓名，并在其下方空格内划“○”；"
            "弃权的，不得另选他人。",
        ]
    else:
        out = [
            f"本选票设{posts}职务。对候选人表示赞成的，在其姓名下方的空格内划“○”；不赞成的，划“×”；"
            "弃权的，不划任何符号。",
            "如另选他人，在“另选他人”栏内写上其姓名，并在其下方空格内划“○”。",
        ]
    whole = profile.overvote_scope == "ballot"
    out.append(
        "每一职务所选人数等于或者少于应选名额的有效；多于应选名额的，"
        + ("本张选票无效。" if whole else "该职务的选票无效。")
    )
    if profile.same_person_two_posts_invalid:
        out.append("同一人在两个以上职务中被选的，本张选票无效。")
    out.append("符号不清、无法辨认或者做有其他记号的部分无效。请用黑色或蓝色笔填写，不得涂改。")
    return out


def ballot_context(vr: VotingRound) -> dict[str, Any]:
    election = vr.election
    committee_sitting = vr.sitting == "committee"
    sections = [_section(c, write_ins=True) for c in vr.contests.prefetch_related("entries")]
    if is_party(election):
        what = "书记、副书记选举" if committee_sitting else "换届选举"
        title = f"{election.body.name}{'委员会' if committee_sitting else ''}{what}选票"
    else:
        title = f"{election.body.name}换届选举选票"
    if vr.kind != VotingRound.Kind.FIRST:
        title = title.removesuffix("选票") + f"（{KIND_ZH[vr.kind]}）选票"
    return {
        "vr": vr,
        "election": election,
        "title": title,
        "equal": committee_sitting or all(s.equal for s in sections),
        "sections": sections,
        "rules": ballot_rules(vr),
        "held_on": zh_date(vr.held_on),
        "issuer": committee_zh(election),
    }


# --- tally sheets -----------------------------------------------------------------------------------


@dataclass
class TallySheet:
    box: str
    post: str
    label: str
    seats: int
    candidates: list[tuple[str, int | None]]  # in list order, with the agreed votes once the box is
    write_ins: list[tuple[str, int]]  # the agreed tally's write-ins
    counts: dict[str, int] | None


def _box_name(box: BallotBox | None) -> str:
    if box is None:
        return ""  # printed before the boxes are set up: the teller writes it in
    kind = BOX_ZH[box.kind]
    return box.name if kind in box.name else f"{box.name}（{kind}）"


def tally_context(vr: VotingRound) -> dict[str, Any]:
    """One sheet per box and post: the candidates in list order, empty rows for write-ins; a counted
    box's agreed figures are printed in, so that the paper filed matches the entry."""
    boxes: list[BallotBox | None] = list(vr.boxes.all()) or [None]
    sheets = []
    contests = list(vr.contests.prefetch_related("entries"))
    for box in boxes:
        agreed = box.accepted if box is not None else None
        for c in contests:
            votes: dict[str, int] = (agreed or {}).get("tally", {}).get(c.post, {})
            written: dict[str, int] = (agreed or {}).get("write_ins", {}).get(c.post, {})
            sheets.append(
                TallySheet(
                    box=_box_name(box),
                    post=c.post,
                    label=post_zh(c.post),
                    seats=c.seats,
                    candidates=[(e.label, votes.get(e.ref, 0) if agreed else None) for e in c.entries.all()],
                    write_ins=sorted(written.items(), key=lambda x: (-x[1], x[0])),
                    counts={k: agreed[k] for k in tally.COUNTS} if agreed else None,
                )
            )
    return {
        "vr": vr,
        "election": vr.election,
        "kind": round_zh(vr),
        "sheets": sheets,
        "blank_rows": range(WRITE_IN_ROWS),
        "ticks": range(TICK_CELLS),
        "held_on": zh_date(vr.held_on),
        "issuer": committee_zh(vr.election),
    }


# --- certificates -----------------------------------------------------------------------------------


def certificates_context(election: Election) -> dict[str, Any]:
    """当选证书, one per elected member, in post order (SH Art.22, HN Art.37: the committee issues them)."""
    members = sorted(
        ElectedMember.objects.filter(election=election).select_related("voting_round"),
        key=lambda m: (POST_RANK[Post(m.post)], -m.votes, m.pk),
    )
    last = max((m.voting_round.held_on for m in members), default=None)
    certificates = [
        {
            "no": f"{election.unit.code[-6:]}-{i:02d}",
            "name": m.name,
            "post": post_zh(m.post),
            "held_on": zh_date(m.voting_round.held_on),
        }
        for i, m in enumerate(members, start=1)
    ]
    return {
        "election": election,
        "certificates": certificates,
        "issuer": committee_zh(election),
        "issued_on": zh_date(last),
    }


# --- the result sheet -------------------------------------------------------------------------------


def _round_figures(vr: VotingRound) -> dict[str, Any]:
    accepted = [b.accepted for b in vr.boxes.all() if b.accepted is not None]
    total = tally.add(accepted) if accepted else None
    by_person = writeins.counted(vr) if accepted else None
    result = vr.result or {}
    names = {**(by_person.labels if by_person else {}), **people_of(result)}
    by_post = {c["post"]: c for c in result.get("contests", [])}
    posts = []
    for c in vr.contests.prefetch_related("entries"):
        votes = by_person.tally.get(c.post, {}) if by_person else {}
        outcome = by_post.get(c.post, {})
        elected = outcome.get("elected", [])
        listed = [e.ref for e in c.entries.all()]
        refs = listed + sorted((r for r in votes if r not in listed), key=lambda r: -votes[r])
        unresolved = [
            w for w in (by_person.write_ins.get(c.post, []) if by_person else []) if not w["resolved"]
        ]
        posts.append(
            {
                "label": post_zh(c.post),
                "seats": c.seats,
                "people": [(names.get(r, r), votes.get(r, 0), r in elected) for r in refs],
                # 另选他人 the committee could not identify: valid ballots, votes for no one
                "unresolved": [(f"{w['written']}（无法确认）", w["votes"], False) for w in unresolved],
                "vacancies": outcome.get("vacancies"),
            }
        )
    voted = total["voters_signed"] if total else None
    return {
        "kind": round_zh(vr),
        "held_on": zh_date(vr.held_on),
        "registered": vr.registered,
        "voted": voted,
        "turnout": per_mille(voted, vr.registered) if voted is not None else "—",
        "counts": total,
        "valid": result.get("valid"),
        "counted": vr.status == VotingRound.Status.COUNTED,
        "posts": posts,
    }


def result_sheet_context(election: Election) -> dict[str, Any]:
    """选举结果报告单: per post the seats, who was elected with how many votes in which round, and what
    remains vacant after the last round; then each voting round's figures; filed with the street."""
    rounds = list(election.voting_rounds.select_related("election"))
    members = list(ElectedMember.objects.filter(election=election).select_related("voting_round__election"))
    shown = {ref: label for vr in rounds for ref, label in people_of(vr.result).items()}
    # The seats of each post are those of its first vote (a party's plenary is a first vote of its own).
    seats: dict[str, int] = {}
    for vr in rounds:
        if vr.kind == VotingRound.Kind.FIRST:
            for c in vr.contests.all():
                seats.setdefault(c.post, c.seats)
    summary = []
    for post in sorted(seats, key=lambda p: POST_RANK[Post(p)]):
        elected = sorted((m for m in members if m.post == post), key=lambda m: -m.votes)
        summary.append(
            {
                "label": post_zh(post),
                "seats": seats[post],
                "elected": [(shown.get(m.ref, m.name), m.votes, round_zh(m.voting_round)) for m in elected],
                "vacancies": max(0, seats[post] - len(elected)),
            }
        )
    last = max((vr.held_on for vr in rounds if vr.status == VotingRound.Status.COUNTED), default=None)
    street = election.street.name
    return {
        "election": election,
        "summary": summary,
        "rounds": [_round_figures(vr) for vr in rounds],
        "issuer": committee_zh(election),
        "reported_on": zh_date(last),
        "to": f"报中共{street}工作委员会" if is_party(election) else f"报{street}",
        "party": is_party(election),
        # The audit chain's head as printed: filed on paper with the street, it anchors the log
        # (auditlog/anchor.py) — `verify-audit --anchor` takes the line typed back.
        "anchor": _anchor_line(),
    }


def _anchor_line() -> str:
    now = anchor.head()
    return f"#{now.seq} {anchor.printed(now)}"
