"""``huanjie ballot BALLOT.json``: the election committee's decision on one doubtful ballot (B15).

B15 ✅ (ZJ Art.27; SH Art.19; BJ Art.28; HN Art.35): the committee decides a doubtful ballot at the count
(ZJ, BJ); the tellers then enter it among the valid or invalid ballots of its box. The ballot as JSON:

    {"profile": "zhejiang", "seats": {"director": 1, "member": 3},
     "ballot": {"director": ["甲"], "member": ["乙", "丙", "丁", "另选:戊"]}, "marked": false}

``marked``: identifying marks or unreadable. Prints ``{"valid", "void_posts", "reasons"}``; exit 0, or
2 with one line naming the field on bad input.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from .ballots import check_ballot
from .cases import CaseError
from .cli import read_json
from .profiles import available, load


def _ballot(obj: Any) -> tuple[str, dict[str, int], dict[str, list[str]], bool]:
    if not isinstance(obj, dict):
        raise CaseError("ballot", "must be a JSON object")
    profile = obj.get("profile")
    if not isinstance(profile, str) or profile not in available():
        raise CaseError("profile", f"unknown profile {profile!r}; available: {', '.join(available())}")
    seats, marks, marked = obj.get("seats"), obj.get("ballot"), obj.get("marked", False)
    if not isinstance(seats, dict) or not seats:
        raise CaseError("seats", "must map each post to its seats")
    for post, n in seats.items():
        if type(n) is not int or n < 1:
            raise CaseError(f"seats.{post}", "must be an integer of at least 1")
    if not isinstance(marks, dict):
        raise CaseError("ballot", "must map each post to the persons marked")
    for post, names in marks.items():
        if post not in seats:
            raise CaseError(f"ballot.{post}", "has no seats")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise CaseError(f"ballot.{post}", "must be a list of names")
    if not isinstance(marked, bool):
        raise CaseError("marked", "must be true or false")
    return profile, seats, marks, marked


def ballot_main(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """``ballot BALLOT.json`` (``-`` = standard input): print the decision on one ballot as JSON."""
    try:
        if len(argv) != 1:
            raise CaseError("BALLOT", "give one ballot JSON file, or - for standard input")
        profile, seats, marks, marked = _ballot(read_json(argv[0], stdin))
        decision = check_ballot(marks, seats, load(profile), marked=marked)
    except CaseError as exc:
        stderr.write(f"huanjie ballot: {exc}\n")
        return 2
    out = {
        "valid": decision.valid,
        "void_posts": list(decision.void_posts),
        "reasons": [r.to_json() for r in decision.reasons],
    }
    stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    return 0
