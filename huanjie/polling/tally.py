"""A box's tally as plain data, its validation, and why a box is held (B15, B16: asked of the engine).

    {"voters_signed": int, "ballots_issued": int, "ballots_collected": int, "invalid": int, "blank": int,
     "tally": {"<post>": {"<ref>": votes, ...}, ...},
     "write_ins": {"<post>": {"<as written>": votes, ...}, ...}}

The tally names each ballot line by its person's reference (polling.lines; issue 17): a key that is not a
line of that post's contest is refused. Write-ins (另选他人) are kept as written, until the election
committee decides whom each means (polling.writeins). Everything is an integer; a malformed entry is
refused with the field it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from huanjie.core.errors import ActionError
from huanjie.rules.ballots import check_box
from huanjie.rules.profiles import Profile

COUNTS = ("voters_signed", "ballots_issued", "ballots_collected", "invalid", "blank")


WRITTEN_MAX = 60  # characters of a written name, as a name on the record
WRITE_INS_MAX = 30  # distinct written names per post and box: a tally sheet has no more rows


@dataclass(frozen=True)
class Seats:
    post: str
    seats: int
    refs: tuple[str, ...] = ()  # the contest's ballot lines


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
    lines = {c.post: set(c.refs) for c in contests}
    for post in sorted(posts):
        votes = tally.get(post, {})
        if not isinstance(votes, dict):
            raise ActionError(_("%(post)s: votes per person are needed.") % {"post": post}, field="tally")
        clean: dict[str, int] = {}
        for person, n in votes.items():
            ref = str(person).strip()
            if ref not in lines[post]:
                raise ActionError(
                    _("%(post)s: %(key)s is not a candidate on this ballot; a write-in goes on its own line.")
                    % {"post": post, "key": ref[:20] or "—"},
                    field=f"tally.{post}",
                )
            _votes(n, post, ref)
            if n:
                clean[ref] = clean.get(ref, 0) + n
        out["tally"][post] = dict(sorted(clean.items()))
    out["write_ins"] = _write_ins(data.get("write_ins") or {}, posts)
    return out


def _votes(n: Any, post: str, name: str) -> None:
    if type(n) is not int or n < 0:
        raise ActionError(
            _("%(post)s, %(name)s: votes must be a whole number of at least 0.")
            % {"post": post, "name": name},
            field=f"tally.{post}",
        )


def _write_ins(raw: Any, posts: set[str]) -> dict[str, dict[str, int]]:
    """Write-ins as written (spaces trimmed), per post; empty posts left out so that equal entries compare."""
    if not isinstance(raw, dict):
        raise ActionError(_("Write-ins are given per post."), field="write_ins")
    unknown = set(raw) - posts
    if unknown:
        raise ActionError(
            _("%(posts)s is not on this ballot.") % {"posts": ", ".join(sorted(map(str, unknown)))},
            field="write_ins",
        )
    out: dict[str, dict[str, int]] = {}
    for post in sorted(raw):
        votes = raw[post]
        if not isinstance(votes, dict):
            raise ActionError(_("%(post)s: votes per person are needed.") % {"post": post}, field="write_ins")
        clean: dict[str, int] = {}
        for written, n in votes.items():
            name = " ".join(str(written).split())
            if not name:
                raise ActionError(
                    _("%(post)s: a write-in's name is empty.") % {"post": post}, field="write_ins"
                )
            if len(name) > WRITTEN_MAX:
                raise ActionError(
                    _("%(post)s: a write-in's name is longer than %(n)d characters.")
                    % {"post": post, "n": WRITTEN_MAX},
                    field="write_ins",
                )
            _votes(n, post, name)
            if n:
                clean[name] = clean.get(name, 0) + n
        if len(clean) > WRITE_INS_MAX:
            raise ActionError(
                _("%(post)s: more than %(n)d different write-ins in one box.")
                % {"post": post, "n": WRITE_INS_MAX},
                field="write_ins",
            )
        if clean:
            out[post] = dict(sorted(clean.items()))
    return out


def marks(data: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Every mark of a box per post — ballot lines and write-ins alike — for the engine's box checks
    (B15: no more marks than seats × ballots); a write-in is keyed apart from any reference."""
    out = {post: dict(votes) for post, votes in data["tally"].items()}
    for post, votes in data.get("write_ins", {}).items():
        for written, n in votes.items():
            out.setdefault(post, {})[f"✎{written}"] = n
    return out


def hold_reasons(data: dict[str, Any], contests: list[Seats], profile: Profile) -> list[str]:
    """Why a box cannot count as entered: the engine decides (B16 reconciliation, B15 marks within seats)."""
    reasons = check_box(
        voters_signed=data["voters_signed"],
        ballots_issued=data["ballots_issued"],
        ballots_collected=data["ballots_collected"],
        invalid=data["invalid"],
        tally=marks(data),
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
    written: dict[str, dict[str, int]] = {}
    for b in boxes:
        for post, votes in b.get("write_ins", {}).items():
            for name, n in votes.items():
                written.setdefault(post, {})[name] = written.setdefault(post, {}).get(name, 0) + n
    total["write_ins"] = written
    return total
