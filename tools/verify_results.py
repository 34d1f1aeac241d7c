#!/usr/bin/env python3
"""Check a copy of the bulletin's open data, offline, with the Python standard library only.

usage: python tools/verify_results.py SITE_DIR [ROUND_ID ...]

SITE_DIR is the output of `huanjie publish-static` or any copy of it (a mirror, a download). For each
round (every `data/rounds/*/index.json`, or the ones named), it checks:

  1. every file the index lists exists and has the SHA-256 the index gives;
  2. every result notice's SHA-256 is recomputed from its published fields (the canonical JSON that
     huanjie/elections/notices.py content_hash hashes) — unless the bulletin redacted an ID number from
     it, which the file says and this reports;
  3. results.json and results.csv say the same, and each result names the notice file whose hash it gives;
  4. each published result (results/<unit>/<body>.json): every voting round's totals are the sum of its
     boxes, its numbers are consistent (voted <= registered, votes <= ballots, marks <= seats x ballots),
     a runoff or tie re-vote lists exactly whom the round before named, and its outcome — round valid,
     threshold, elected, vacancies, tie re-vote, runoff candidates, whether vacancies may stand — is
     recounted here from the tallies and the published profile (profile.json) and compared; the
     result's CSV says the same as its JSON.

The recount goes by each person's `ref` (a stable opaque reference, never the ID number), not by name:
two namesakes are two people. A write-in the election committee could not resolve (`write_in:
"unresolved"`) is on valid ballots but counts for no one, so the recount leaves its votes out.

The recount is written from election-law.md (B16–B23, P3–P8), not taken from Huanjie: it imports nothing
of it. Near-relative avoidance (B24) needs the pairs of relatives, which are not published: none are
recorded by polling day, so the recount has none either. Every disagreement is reported with its file,
voting round and post. Exit status 0 if everything checks, 1 otherwise.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from pathlib import Path
from typing import Any

COUNTS = ("voters_signed", "ballots_issued", "ballots_collected", "invalid", "blank")
RANK = [
    "director",
    "deputy_director",
    "women_member",
    "member",
    "secretary",
    "deputy_secretary",
    "committee_member",
]
OUTCOME = ("elected", "vacancies", "tie_revote", "tie_revote_seats", "runoff_candidates")
EXTRA = {"remaining_plus_one": 1, "remaining_plus_two": 2}
ROUND_COLUMNS = ["seq", "kind", "held_on", "sitting", "registered", "approved_exclusions", *COUNTS]
CSV_COLUMNS = ["unit_code", "unit", "body", *ROUND_COLUMNS, "valid", "threshold", "post", "seats"]
CSV_COLUMNS += ["list_order", "ref", "person", "woman", "write_in", "votes", "outcome"]
Tally = dict[str, int]
Ranked = list[tuple[str, int]]


def content_hash(fields: dict[str, object]) -> str:
    keys = ("unit", "stage", "published_at", "version", "title_zh", "title_en", "body_zh", "body_en")
    payload = {k: fields[k] for k in (*keys, "issuer_zh", "issuer_en")}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- the recount -------------------------------------------------------------------------------------


def ranked(tally: Tally, keep: Any) -> Ranked:
    """Persons by votes, most first, then by reference (an order that never depends on the file's)."""
    return sorted(((p, v) for p, v in tally.items() if keep(p, v)), key=lambda pv: (-pv[1], pv[0]))


def allocate(people: Ranked, seats: int) -> tuple[list[str], list[str], int]:
    """Seats to the highest vote groups; a group that does not fit is a tie at the boundary (B19, P7)."""
    elected: list[str] = []
    tied: list[str] = []
    tie_seats, left, i = 0, seats, 0
    while i < len(people) and left:
        group = [p for p, v in people[i:] if v == people[i][1]]
        i += len(group)
        if len(group) <= left:
            elected += group
            left -= len(group)
        else:
            tied, tie_seats, left = tied + group, tie_seats + left, 0
    return elected, tied, tie_seats


def void(contests: list[dict[str, Any]]) -> dict[str, Any]:
    """A void round (reconciliation, turnout, quorum): nobody elected, every seat open."""
    empty = {"elected": [], "tie_revote": [], "tie_revote_seats": 0, "runoff_candidates": []}
    per = {c["post"]: {**empty, "vacancies": c["seats"]} for c in contests}
    return {"valid": False, "threshold": None, "vacancy_tolerated": None, "contests": per}


def tallies(vr: dict[str, Any]) -> dict[str, Tally]:
    """Votes per post by person's ref; an unresolved write-in elects no one and is left out."""
    return {
        c["post"]: {
            v["ref"]: v["votes"] for v in c["votes"] if v["votes"] and v.get("write_in") != "unresolved"
        }
        for c in vr["contests"]
    }


def recount_committee(vr: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    """Villagers' and residents' committees, B16–B23, with the profile's choices."""
    kind, voted, collected = vr["kind"], vr["voters_signed"], vr["ballots_collected"]
    limit = vr["ballots_issued"] if p["reconciliation_against"] == "issued" else voted
    if collected > limit:  # B16
        return void(vr["contests"])
    if (kind == "first" or p["runoff_turnout_required"]) and not 2 * voted > vr["registered"]:  # B17
        return void(vr["contests"])
    base = voted if kind == "first" else collected  # B18: voters incl. invalid and blank; B22: ballots cast
    threshold = {"first": base // 2 + 1, "runoff": max(1, -(-base // 3))}.get(kind, 1)

    def passes(v: int) -> bool:
        if kind == "first":
            return v > 0 and 2 * v > base
        return v > 0 and (kind == "tie_revote" or 3 * v >= base)

    t = tallies(vr)
    women = set(vr["women"]).union(*(c["women"] for c in vr["contests"]))
    before = [n for names in vr["elected_before"].values() for n in names]
    holders, pending = list(before), list[str]()
    order = sorted(vr["contests"], key=lambda c: RANK.index(c["post"]))
    picks: dict[str, tuple[list[str], list[str], int]] = {}

    def seated() -> bool:
        return any(n in women for n in (*holders, *pending))

    def not_women(post: str) -> set[str]:
        # B21: only a woman takes the women-member post, even when no woman stands.
        return {n for n in t[post] if n not in women} if post == "women_member" else set()

    for c in order:  # B20: higher posts first; the elected and those tied for a higher post sit out
        post, out = c["post"], set(holders) | set(pending) | not_women(c["post"])
        people = ranked(t[post], lambda n, v, out=out: n not in out and passes(v))
        pick = allocate(people, c["seats"])
        reserved = p["women_rule"] == "reserved_position" and post == "member"
        if reserved and not seated() and not any(n in women for n in pick[0]):  # B21, BJ: kept for a woman
            men = allocate([pv for pv in people if pv[0] not in women], c["seats"] - 1)
            woman = allocate([pv for pv in people if pv[0] in women], 1)
            pick = (men[0] + woman[0], men[1] + woman[1], men[2] + woman[2])
        holders += pick[0]
        pending += pick[1]
        picks[post] = pick
    last = order[-1]["post"]
    vacant = p["women_rule"] == "runoff_must_include_woman" and p["women_runoff_fallback"] == "vacant"
    woman_ran = bool(women) and not seated() and any(n in women for n in t[last])
    if kind == "runoff" and vacant and woman_ran and picks[last][0] and not picks[last][1]:
        # B21, Shanxi: still no woman after the runoff; the last seat is not given to a man
        holders.remove(picks[last][0][-1])
        picks[last] = (picks[last][0][:-1], [], picks[last][2])
    result: dict[str, dict[str, Any]] = {}
    for c in order:
        elected, tied, tie_seats = picks[c["post"]]
        vacancies = c["seats"] - len(elected) - tie_seats
        candidates: list[str] = []
        if vacancies and kind == "first":  # B22: runoff candidates in round-1 vote order
            out = set(holders) | set(pending) | not_women(c["post"])
            pool = ranked(t[c["post"]], lambda n, v, out=out: v > 0 and n not in out)
            rule = p["runoff_candidates"]
            wanted = len(pool) if rule == "all_unelected" else vacancies + EXTRA[rule]
            cut = pool[wanted - 1][1] if len(pool) > wanted else 0
            candidates = [n for n, v in pool if v >= cut]
            short = [o["post"] for o in order if o["seats"] > len(picks[o["post"]][0]) + picks[o["post"]][2]]
            shanxi = p["women_rule"] == "runoff_must_include_woman" and c["post"] == short[-1]
            reserved = p["women_rule"] == "reserved_position" and c["post"] == "member"
            if (shanxi or reserved) and women and not seated() and not any(n in women for n in candidates):
                best = [pv for pv in pool if pv[0] in women]
                candidates += [n for n, v in best if v == best[0][1]] if best else []
        result[c["post"]] = {
            "elected": elected,
            "vacancies": vacancies,
            "tie_revote": tied,
            "tie_revote_seats": tie_seats,
            "runoff_candidates": candidates,
        }
    open_seats = sum(r["vacancies"] for r in result.values())
    tolerated: bool | None = None
    if open_seats:  # B23
        count = len(before) + sum(len(r["elected"]) for r in result.values())
        director = bool(vr["elected_before"].get("director")) or bool(
            result.get("director", {}).get("elected")
        )
        minimum = p["vacancy_min_elected"]
        tolerated = (kind != "first" or p["vacancy_after_first_round"]) and (
            minimum is not None and count >= minimum and (director or not p["vacancy_requires_director"])
        )
    return {"valid": True, "threshold": threshold, "vacancy_tolerated": tolerated, "contests": result}


def recount_party(vr: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    """A party assembly (quorum P3, majority P6) or the committee's plenary (all its members, P9)."""
    voted, collected = vr["voters_signed"], vr["ballots_collected"]
    if collected > vr["ballots_issued"]:  # P5
        return void(vr["contests"])
    before = vr["elected_before"]
    if vr["sitting"] == "committee":
        if any(c["post"] == "committee_member" for c in vr["contests"]):  # a plenary elects officers only
            return void(vr["contests"])
        base = vr["registered"]
        held = ("secretary", "deputy_secretary")
        committee = set(before.get("committee_member", []))
    else:
        expected = vr["registered"] - vr["approved_exclusions"]
        quorum = 5 * voted > 4 * expected if p["party_quorum_strict"] else 5 * voted >= 4 * expected
        if not quorum:
            return void(vr["contests"])
        base = voted if p["party_majority_base"] == "present" else expected
        held, committee = tuple(before), set()
    threshold = 1 if vr["kind"] == "tie_revote" else base // 2 + 1
    # P8: nobody elected in an earlier round of this election is seated again; P9: in the plenary only
    # committee members (where the earlier rounds name them) can be elected
    t, result = tallies(vr), {}
    holders = [n for post in held for n in before.get(post, [])]
    for c in sorted(vr["contests"], key=lambda c: RANK.index(c["post"])):
        outside = {n for n in t[c["post"]] if committee and n not in committee}
        out = set(holders) | outside
        people = ranked(t[c["post"]], lambda n, v, out=out: n not in out and v >= threshold)
        elected, tied, tie_seats = allocate(people, c["seats"])
        holders += elected
        vacancies = c["seats"] - len(elected) - tie_seats
        # P8: no plurality fill; a further vote among every unelected person with votes
        out = set(holders) | outside
        further = [n for n, _ in ranked(t[c["post"]], lambda n, v, out=out: v > 0 and n not in out)]
        result[c["post"]] = {
            "elected": elected,
            "vacancies": vacancies,
            "tie_revote": tied,
            "tie_revote_seats": tie_seats,
            "runoff_candidates": further if vacancies else [],
        }
    tolerated = False if any(r["vacancies"] for r in result.values()) else None
    return {"valid": True, "threshold": threshold, "vacancy_tolerated": tolerated, "contests": result}


# --- checks of one published result --------------------------------------------------------------------


def check_totals(vr: dict[str, Any], where: str) -> list[str]:
    """The round's numbers are the sum of its boxes and consistent with each other."""
    problems = []
    for key in COUNTS:
        total = sum(b[key] for b in vr["boxes"])
        if vr[key] != total:
            problems.append(f"{where}: {key} {vr[key]} but the boxes add up to {total}")
    for b in vr["boxes"]:
        if b["invalid"] + b["blank"] > b["ballots_collected"]:
            problems.append(f"{where}, box {b['name']}: invalid and blank exceed the ballots collected")
    if vr["voters_signed"] > vr["registered"]:
        problems.append(f"{where}: {vr['voters_signed']} voted but only {vr['registered']} registered")
    collected = vr["ballots_collected"]
    for c in vr["contests"]:
        here = f"{where}, {c['post']}"
        summed: Tally = {}
        for b in vr["boxes"]:
            for person, n in b["tally"].get(c["post"], {}).items():
                summed[person] = summed.get(person, 0) + n
        listed = {v["ref"]: v["votes"] for v in c["votes"]}
        for person in sorted(set(summed) | set(listed)):
            if summed.get(person, 0) != listed.get(person, 0):
                problems.append(
                    f"{here}: {person} has {listed.get(person, 0)} votes but the boxes add up to "
                    f"{summed.get(person, 0)}"
                )
            if listed.get(person, 0) > collected:
                problems.append(f"{here}: {person} has more votes than the {collected} ballots")
        if sum(listed.values()) > c["seats"] * collected:
            problems.append(f"{here}: more marks than {c['seats']} seat(s) x {collected} ballots")
    return problems


def check_sequence(rounds: list[dict[str, Any]], where: str) -> list[str]:
    """Who was elected before each round, and the candidates of a follow-up round (B19, B22)."""
    problems = []
    by_seq = {vr["seq"]: vr for vr in rounds}
    for vr in rounds:
        here = f"{where}: voting round {vr['seq']} ({vr['kind']})"
        before: dict[str, list[str]] = {}
        for prev in rounds:
            if prev["seq"] < vr["seq"]:
                for c in prev["contests"]:
                    before.setdefault(c["post"], []).extend(c["elected"])
        expected = {post: sorted(names) for post, names in before.items() if names}
        if {k: sorted(v) for k, v in vr["elected_before"].items() if v} != expected:
            problems.append(f"{here}: elected_before differs from the earlier rounds' elected")
        parent = by_seq.get(vr["follows"]) if vr["follows"] is not None else None
        if parent is None or vr["kind"] == "first" or not parent["outcome"]["valid"]:
            continue
        named = {c["post"]: c for c in parent["contests"]}
        for c in vr["contests"]:
            want = named.get(c["post"], {})
            names, seats = (
                ("tie_revote", "tie_revote_seats")
                if vr["kind"] == "tie_revote"
                else ("runoff_candidates", "vacancies")
            )
            if sorted(c["candidates"]) != sorted(want.get(names, [])) or c["seats"] != want.get(seats):
                problems.append(
                    f"{here}, {c['post']}: candidates or seats differ from round {parent['seq']}'s {names}"
                )
    return problems


def compare(vr: dict[str, Any], mine: dict[str, Any], where: str) -> list[str]:
    problems = []
    published = vr["outcome"]
    for key in ("valid", "threshold", "vacancy_tolerated"):
        if published[key] != mine[key]:
            problems.append(f"{where}: {key} is {published[key]!r}, the recount gives {mine[key]!r}")
    for c in vr["contests"]:
        for key in OUTCOME:
            if c[key] != mine["contests"][c["post"]][key]:
                problems.append(
                    f"{where}, {c['post']}: {key} is {c[key]!r}, the recount gives {mine['contests'][c['post']][key]!r}"
                )
    return problems


def inert(text: str) -> str:
    """A CSV text as Huanjie writes it: one that a spreadsheet would take for a formula (`= + - @`, tab,
    CR first) has a leading apostrophe (huanjie/core/export.py)."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def csv_rows(head: dict[str, Any], rounds: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The rows the result's CSV must have: one per voting round x post x person."""

    def cell(value: Any) -> str:
        return inert(
            "" if value is None else ("true" if value else "false") if isinstance(value, bool) else str(value)
        )

    rows = []
    for vr in rounds:
        base = {k: head[k] for k in ("unit_code", "unit", "body")} | {k: vr[k] for k in ROUND_COLUMNS}
        base |= {"valid": vr["outcome"]["valid"], "threshold": vr["outcome"]["threshold"]}
        for c in vr["contests"]:
            empty = {
                "ref": None,
                "person": None,
                "list_order": None,
                "woman": None,
                "write_in": None,
                "votes": None,
            }
            for v in c["votes"] or [empty]:
                who = v["ref"]
                outcome = next((o for k, o in ORDER if who in c[k]), "")
                row = base | {"post": c["post"], "seats": c["seats"]} | v | {"outcome": outcome}
                rows.append({k: cell(row[k]) for k in CSV_COLUMNS})
    return rows


ORDER = (("elected", "elected"), ("tie_revote", "tie_revote"), ("runoff_candidates", "runoff_candidate"))


def check_result(site: Path, address: str, profile: dict[str, Any], row: dict[str, Any]) -> list[str]:
    try:
        data = json.loads((site / address.lstrip("/")).read_text(encoding="utf-8"))
        lines = list(
            csv.DictReader(io.StringIO((site / row["data_csv"].lstrip("/")).read_text(encoding="utf-8")))
        )
    except (OSError, ValueError) as exc:
        return [f"{address}: unreadable ({exc})"]
    problems = []
    if data["notice_sha256"] != row["sha256"]:
        problems.append(f"{address}: its notice's SHA-256 differs from results.json")
    if data["profile"] != profile["address"] or data["profile_sha256"] != profile["sha256"]:
        problems.append(f"{address}: counted under a profile other than the round's {profile['address']}")
    params = {k: v.get("value") for k, v in profile["data"]["parameters"].items()}
    rounds = data["voting_rounds"]
    try:
        problems += check_sequence(rounds, address)
        for vr in rounds:
            where = f"{address}: voting round {vr['seq']} ({vr['kind']})"
            problems += check_totals(vr, where)
            mine = (recount_party if data["body"] == "party_branch" else recount_committee)(vr, params)
            problems += compare(vr, mine, where)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        problems.append(f"{address}: malformed ({type(exc).__name__}: {exc})")
        return problems
    expected = csv_rows(data, rounds)
    if len(lines) != len(expected):
        problems.append(f"{row['data_csv']}: {len(lines)} rows, {address} gives {len(expected)}")
    for i, (line, want) in enumerate(zip(lines, expected, strict=False), start=2):
        for key in CSV_COLUMNS:
            if line.get(key) != want[key]:
                where = f"voting round {want['seq']}, {want['post']}, {want['person'] or '-'}"
                problems.append(
                    f"{row['data_csv']} line {i} ({where}): {key} {line.get(key)!r}, JSON {want[key]!r}"
                )
    return problems


# --- a round --------------------------------------------------------------------------------------------


def check_round(site: Path, index_path: Path, counted: list[int] | None = None) -> list[str]:
    problems: list[str] = []
    index = json.loads(index_path.read_text(encoding="utf-8"))
    files: dict[str, str] = index["files"]
    for address, expected in sorted(files.items()):
        target = site / address.lstrip("/")
        if not target.is_file():
            problems.append(f"{address}: missing")
            continue
        actual = hashlib.sha256(target.read_bytes()).hexdigest()
        if actual != expected:
            problems.append(f"{address}: SHA-256 {actual} but the index says {expected}")
    results_address = next((a for a in files if a.endswith("/results.json")), None)
    csv_address = next((a for a in files if a.endswith("/results.csv")), None)
    if results_address is None or csv_address is None:
        return [*problems, f"{index_path}: the index lists no results.json or results.csv"]
    try:
        rows = json.loads((site / results_address.lstrip("/")).read_text(encoding="utf-8"))["results"]
        csv_rows_ = list(
            csv.DictReader(io.StringIO((site / csv_address.lstrip("/")).read_text(encoding="utf-8")))
        )
    except (OSError, ValueError, KeyError) as exc:
        return [*problems, f"{results_address}: unreadable ({exc})"]
    if len(rows) != len(csv_rows_):
        problems.append(f"{csv_address}: {len(csv_rows_)} rows, results.json has {len(rows)}")
    for row, line in zip(rows, csv_rows_, strict=False):
        for key, value in line.items():
            if inert("" if row.get(key) is None else str(row.get(key))) != value:
                problems.append(
                    f"{csv_address}: {row['unit_code']} {row['body']} {key} differs from results.json"
                )
    profile: dict[str, Any] = {"address": index.get("profile"), "sha256": files.get(index.get("profile", ""))}
    try:
        profile["data"] = json.loads((site / str(profile["address"]).lstrip("/")).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [*problems, f"{profile['address']}: the round's profile is unreadable ({exc})"]
    for row in rows:
        if row["notice"] is None:
            continue
        if row["notice"] not in files:
            problems.append(f"{results_address}: {row['notice']} is not in the index")
            continue
        try:
            notice = json.loads((site / row["notice"].lstrip("/")).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{row['notice']}: unreadable ({exc})")
            continue
        if notice["sha256"] != row["sha256"]:
            problems.append(f"{row['notice']}: SHA-256 differs from results.json")
        if notice.get("redacted"):
            print(f"note: {row['notice']}: an ID number was removed; its hash cannot be recomputed here")
        elif content_hash(notice["hashed"]) != notice["sha256"]:
            problems.append(f"{row['notice']}: its content does not match its SHA-256")
        if not row.get("data_json") or row["data_json"] not in files or row.get("data_csv") not in files:
            problems.append(
                f"{results_address}: {row['unit_code']} {row['body']}: its result data is not in the index"
            )
            continue
        problems += check_result(site, row["data_json"], profile, row)
        if counted is not None:
            counted.append(
                len(
                    json.loads((site / row["data_json"].lstrip("/")).read_text(encoding="utf-8"))[
                        "voting_rounds"
                    ]
                )
            )
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    site = Path(argv[0])
    rounds = argv[1:]
    indexes = (
        [site / "data" / "rounds" / r / "index.json" for r in rounds]
        if rounds
        else sorted((site / "data" / "rounds").glob("*/index.json"))
    )
    if not indexes:
        print(f"{site}: no open data (data/rounds/*/index.json)", file=sys.stderr)
        return 1
    failed = False
    for index in indexes:
        if not index.is_file():
            print(f"{index}: missing", file=sys.stderr)
            failed = True
            continue
        counted: list[int] = []
        problems = check_round(site, index, counted)
        for problem in problems:
            print(problem, file=sys.stderr)
        status = "FAILED" if problems else "ok"
        files = len(json.loads(index.read_text())["files"])
        print(
            f"{index.parent.name}: {status} ({files} files, {len(counted)} results, "
            f"{sum(counted)} voting rounds recounted)"
        )
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
