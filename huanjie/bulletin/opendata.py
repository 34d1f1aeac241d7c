"""Open data: each round's published results as JSON and CSV, each result notice as JSON, and an index
with the SHA-256 of every file, so that `tools/verify_results.py` can check a copy offline.

Tallies and elected persons are not recorded yet (issue 6); until they are, a result is its result
notice: which unit's which body, the election day, the notice's text and its SHA-256. When tallies land,
they join each result's JSON here and the verifier recomputes outcomes from them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from django.urls import reverse

from huanjie.bulletin import public, qr
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


def _results(rnd: Round) -> list[dict[str, object]]:
    current = {
        n.election_id: n
        for n in public.notices().filter(round=rnd, stage__in=RESULT_STAGES).order_by("published_at", "pk")
    }
    rows: list[dict[str, object]] = []
    for e in (
        Election.objects.filter(round=rnd).select_related("unit", "street").order_by("unit__code", "kind")
    ):
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
            }
        )
    return rows


def results_json(rnd: Round) -> bytes:
    return dumps({"round": rnd.name, "district": rnd.district.code, "results": _results(rnd)})


def results_csv(rnd: Round) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _results(rnd):
        writer.writerow({k: "" if row[k] is None else row[k] for k in CSV_COLUMNS})
    return out.getvalue().encode("utf-8")


def round_files(rnd: Round) -> dict[str, bytes]:
    """Every open-data file of a round by its address, the index last (it lists the others' hashes)."""
    files = {
        reverse("bulletin:data_results_json", args=[rnd.pk]): results_json(rnd),
        reverse("bulletin:data_results_csv", args=[rnd.pk]): results_csv(rnd),
    }
    for n in public.notices().filter(round=rnd, stage__in=RESULT_STAGES).order_by("pk"):
        files[reverse("bulletin:data_notice", args=[n.pk])] = notice_json(n)
    index = {
        "round": rnd.name,
        "district": rnd.district.code,
        "files": {path: hashlib.sha256(data).hexdigest() for path, data in sorted(files.items())},
        "tallies": None,  # not recorded yet (issue 6)
    }
    files[reverse("bulletin:data_index", args=[rnd.pk])] = dumps(index)
    return files
