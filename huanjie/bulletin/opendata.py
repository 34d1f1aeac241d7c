"""Open data: each round's published results as JSON and CSV, each result notice as JSON, each published
result's voting rounds with their tallies and outcomes as JSON and CSV (bulletin/votes.py), the profile
they were counted under, and an index with the SHA-256 of every file, so that `tools/verify_results.py`
can check a copy offline and recount every outcome.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.urls import reverse

from huanjie.bulletin import public, qr, votes
from huanjie.bulletin.sitefiles import Addresses
from huanjie.core.export import csv_bytes
from huanjie.elections.models import Election, Notice, Round
from huanjie.rules.calendar import Stage

RESULT_STAGES = (Stage.RESULT, Stage.PARTY_RESULT_APPROVAL)
CSV_COLUMNS = [
    "unit_code",
    "unit",
    "street",
    "body",
    "election_day",
    "notice",
    "version",
    "published_at",
    "sha256",
    "data_json",
    "data_csv",
]


def dumps(value: object) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def notice_json(notice: Notice) -> bytes:
    """What the notice's SHA-256 covers, so anyone can recompute it; ID numbers removed (then the hash
    cannot be recomputed from this file, and the file says so)."""
    fields = public.hash_input(notice)
    texts = ("title_zh", "title_en", "body_zh", "body_en", "issuer_zh", "issuer_en")
    redacted = {k: public.redact(str(fields[k])) for k in texts}
    changed = any(redacted[k] != fields[k] for k in texts)
    return dumps(
        {
            "hashed": {**fields, **redacted},
            "sha256": notice.sha256,
            "redacted": changed,
            "replaces": notice.replaces.sha256 if notice.replaces else None,
            "address": qr.notice_address(reverse("bulletin:notice", args=[notice.pk])),
        }
    )


def _published(rnd: Round) -> dict[int, Notice]:
    """Each election's current result notice; oldest first, so that a correction wins over what it replaces."""
    found = public.notices().filter(round=rnd, stage__in=RESULT_STAGES, election__isnull=False)
    return {n.election_id: n for n in found.order_by("published_at", "pk") if n.election_id is not None}


def _elections(rnd: Round) -> list[Election]:
    return list(
        Election.objects.filter(round=rnd).select_related("unit", "street").order_by("unit__code", "kind")
    )


_ADDRESSES = Addresses()  # the data files' addresses have no language prefix


def election_address(rnd: Round, election: Election, ext: str) -> str:
    name = "data_election_json" if ext == "json" else "data_election_csv"
    return _ADDRESSES(name, rnd.pk, election.unit.code, election.kind)


def _results(
    rnd: Round, current: dict[int, Notice] | None = None, elections: list[Election] | None = None
) -> list[dict[str, object]]:
    current = _published(rnd) if current is None else current
    rows: list[dict[str, object]] = []
    for e in _elections(rnd) if elections is None else elections:
        n = current.get(e.pk)
        rows.append(
            {
                "unit_code": e.unit.code,
                "unit": e.unit.name,
                "street": e.street.name,
                "body": e.kind,
                "election_day": e.election_day.isoformat() if e.election_day else None,
                "notice": reverse("bulletin:data_notice", args=[n.pk]) if n else None,
                "version": n.version if n else None,
                "published_at": n.published_at.isoformat() if n else None,
                "sha256": n.sha256 if n else None,
                "data_json": election_address(rnd, e, "json") if n else None,
                "data_csv": election_address(rnd, e, "csv") if n else None,
            }
        )
    return rows


def results_json(rnd: Round, rows: list[dict[str, object]] | None = None) -> bytes:
    rows = _results(rnd) if rows is None else rows
    return dumps({"round": rnd.name, "district": rnd.district.code, "results": rows})


def results_csv(rnd: Round, rows: list[dict[str, object]] | None = None) -> bytes:
    rows = _results(rnd) if rows is None else rows
    return csv_bytes(
        CSV_COLUMNS, ({k: "" if row[k] is None else row[k] for k in CSV_COLUMNS} for row in rows)
    )


def profile_json(rnd: Round) -> bytes:
    return dumps(votes.profile_data(rnd.profile))


# `kept(address, record)`: the SHA-256 of the file at `address` when the caller keeps it as it is (the
# static publisher, for a result no publication touched since its last run), else None.
Kept = Callable[[str, Election | Notice], str | None]


def election_files(
    rnd: Round,
    only: Election | None = None,
    *,
    current: dict[int, Notice] | None = None,
    elections: list[Election] | None = None,
    kept: Kept | None = None,
) -> tuple[dict[str, bytes], dict[str, str]]:
    """The JSON and CSV of each election whose result is published (or of `only`, if it is), and the
    SHA-256 of those `kept` (not made again)."""
    current = _published(rnd) if current is None else current
    chosen = [e for e in ([only] if only is not None else elections or _elections(rnd)) if e.pk in current]
    hashes: dict[str, str] = {}
    if kept is not None:
        todo = []
        for e in chosen:
            addresses = [election_address(rnd, e, ext) for ext in ("json", "csv")]
            found = [kept(a, e) for a in addresses]
            if all(found):
                hashes.update({a: str(h) for a, h in zip(addresses, found, strict=True)})
            else:
                todo.append(e)
        chosen = todo
    files: dict[str, bytes] = {}
    if not chosen:
        return files, hashes
    profile_address = reverse("bulletin:data_profile", args=[rnd.pk])
    profile_sha = hashlib.sha256(profile_json(rnd)).hexdigest()
    rounds = votes.voting_rounds(chosen)
    for e in chosen:
        n = current[e.pk]
        head = {
            "round": rnd.name,
            "district": rnd.district.code,
            "unit_code": e.unit.code,
            "unit": e.unit.name,
            "street": e.street.name,
            "body": e.kind,
            "election_day": e.election_day.isoformat() if e.election_day else None,
            "notice": reverse("bulletin:data_notice", args=[n.pk]),
            "notice_sha256": n.sha256,
            "profile": profile_address,
            "profile_sha256": profile_sha,
        }
        files[election_address(rnd, e, "json")] = dumps({**head, "voting_rounds": rounds[e.pk]})
        files[election_address(rnd, e, "csv")] = votes.election_csv(head, rounds[e.pk])
    return files, hashes


def round_files(rnd: Round, kept: Kept | None = None) -> dict[str, bytes]:
    """Every open-data file of a round by its address, the index last (it lists the others' hashes).
    Files `kept` are left out (the index lists them all)."""
    current = _published(rnd)
    elections = _elections(rnd)
    rows = _results(rnd, current, elections)
    made, hashes = election_files(rnd, current=current, elections=elections, kept=kept)
    files = {
        reverse("bulletin:data_results_json", args=[rnd.pk]): results_json(rnd, rows),
        reverse("bulletin:data_results_csv", args=[rnd.pk]): results_csv(rnd, rows),
        reverse("bulletin:data_profile", args=[rnd.pk]): profile_json(rnd),
        **made,
    }
    for n in public.notices().filter(round=rnd, stage__in=RESULT_STAGES).order_by("pk"):
        address = _ADDRESSES("data_notice", n.pk)
        # A notice never changes, nor does its file (the bulletin's address aside: a new full publish).
        found = kept(address, n) if kept is not None else None
        if found is not None:
            hashes[address] = found
        else:
            files[address] = notice_json(n)
    listed = {path: hashlib.sha256(data).hexdigest() for path, data in files.items()} | hashes
    index = {
        "round": rnd.name,
        "district": rnd.district.code,
        "profile": reverse("bulletin:data_profile", args=[rnd.pk]),
        "files": dict(sorted(listed.items())),
    }
    files[reverse("bulletin:data_index", args=[rnd.pk])] = dumps(index)
    return files
