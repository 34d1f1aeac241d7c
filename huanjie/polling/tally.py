"""A box's tally as plain data, its validation, and why a box is held (B15, B16: asked of the engine).

    {"voters_signed": int, "ballots_issued": int, "ballots_collected": int, "invalid": int, "blank": int,
     "tally": {"<post>": {"<person>": votes, ...}, ...}}

Everything is an integer; a malformed entry is refused with the field it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from huanjie.core.errors import ActionError
from huanjie.rules.ballots import check_box
from huanjie.rules.profiles import Profile

COUNTS = ("voters_signed", "ballots_issued", "ballots_collected", "invalid", "blank")


@dataclass(frozen=True)
class Seats:
    post: str
    seats: int


def normalise(data: dict[str, Any], contests: list[Seats]) -> dict[str, Any]:
    """A canonical copy (so that two equal entries compare equal), or ActionError naming the field."""
    out: dict[str, Any] = {}
    for key in COUNTS:
        value = data.get(key)
        if type(value) is not int or value < 0:
            raise ActionError(
                _("%(field)s: a whole number of at least 0 is needed.") % {"field": key}, field=key
            )
        out[key] = value
    if out["invalid"] + out["blank"] > out["ballots_collected"]:
        raise ActionError(
            _("Invalid and blank ballots together cannot exceed the ballots collected."), field="invalid"
        )
    tally = data.get("tally")
    if not isinstance(tally, dict):
        raise ActionError(_("Votes per post are needed."), field="tally")
    posts = {c.post for c in contests}
    unknown = set(tally) - posts
    if unknown:
        raise ActionError(
            _("%(posts)s is not on this ballot.") % {"posts": ", ".join(sorted(unknown))}, field="tally"
        )
    out["tally"] = {}
    for post in sorted(posts):
        votes = tally.get(post, {})
        if not isinstance(votes, dict):
            raise ActionError(_("%(post)s: votes per person are needed.") % {"post": post}, field="tally")
        clean: dict[str, int] = {}
        for person, n in votes.items():
            name = str(person).strip()
            if not name:
                raise ActionError(_("%(post)s: a name is empty.") % {"post": post}, field="tally")
            if type(n) is not int or n < 0:
                raise ActionError(
                    _("%(post)s, %(name)s: votes must be a whole number of at least 0.")
                    % {"post": post, "name": name},
                    field="tally",
                )
            if n:
                clean[name] = clean.get(name, 0) + n
        out["tally"][post] = dict(sorted(clean.items()))
    return out


def hold_reasons(data: dict[str, Any], contests: list[Seats], profile: Profile) -> list[str]:
    """Why a box cannot count as entered: the engine decides (B16 reconciliation, B15 marks within seats)."""
    reasons = check_box(
        voters_signed=data["voters_signed"],
        ballots_issued=data["ballots_issued"],
        ballots_collected=data["ballots_collected"],
        invalid=data["invalid"],
        tally=data["tally"],
        seats={c.post: c.seats for c in contests},
        profile=profile,
    )
    return [f"{r.rule} {r.text_zh} / {r.text_en}" for r in reasons]


def add(boxes: list[dict[str, Any]]) -> dict[str, Any]:
    """The sum of accepted boxes."""
    total: dict[str, Any] = {key: sum(b[key] for b in boxes) for key in COUNTS}
    tally: dict[str, dict[str, int]] = {}
    for b in boxes:
        for post, votes in b["tally"].items():
            for person, n in votes.items():
                tally.setdefault(post, {})[person] = tally.setdefault(post, {}).get(person, 0) + n
    total["tally"] = tally
    return total
