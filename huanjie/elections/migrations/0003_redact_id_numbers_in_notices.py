"""Notices published before ID numbers were refused in them: redacted in place, hashed again, and recorded.

Such a notice's page showed the number as asterisks, but its published SHA-256 covered the number and
gave it back to anyone who tried the few million numbers its visible part left. The stored text is now
the redacted text, and the SHA-256 is of that text; printed copies carry the old verification code,
which no longer verifies. A high finding for the unit says so, so that the district re-posts the paper.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.db import migrations
from django.utils import timezone

from huanjie.rules.idnumber import find_in_text

TEXTS = ("title_zh", "title_en", "body_zh", "body_en", "issuer_zh", "issuer_en")


def _redact(text: str) -> str:
    while (found := find_in_text(text)) is not None:
        text = text[: found.start] + "*" * (found.end - found.start) + text[found.end :]
    return text


def _hash(notice: Any) -> str:
    # As elections.notices.content_hash computes it, over the stored fields.
    payload = {
        "unit": notice.unit.code,
        "stage": notice.stage,
        "published_at": notice.published_at.isoformat(),
        "version": notice.version,
        **{k: getattr(notice, k) for k in TEXTS},
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def redact(apps: Any, schema_editor: Any) -> None:
    Notice = apps.get_model("elections", "Notice")
    Finding = apps.get_model("elections", "Finding")
    today = timezone.localdate()
    redacted = 0
    for notice in Notice.objects.select_related("unit").iterator():
        if not any(find_in_text(getattr(notice, k)) is not None for k in TEXTS):
            continue
        for k in TEXTS:
            setattr(notice, k, _redact(getattr(notice, k)))
        notice.sha256 = _hash(notice)
        redacted += 1
        # The one edit a published notice ever gets (Notice.save refuses edits; this goes past it).
        Notice.objects.filter(pk=notice.pk).update(sha256=notice.sha256, **{k: getattr(notice, k) for k in TEXTS})
        Finding.objects.get_or_create(
            round_id=notice.round_id,
            unit_id=notice.unit_id,
            election_id=notice.election_id,
            stage=notice.stage,
            code="notice_id_number_redacted",
            source="review",
            defaults={
                "severity": "high",
                "reference": str(notice.pk),
                "article": "GB 11643-1999; 个人信息保护法 第二十八条",
                "found_on": today,
                "text_zh": "公告中含有公民身份号码，已在系统中删除该号码并重新计算核验码；"
                "已张贴的纸质公告上的核验码不再有效，请重新张贴。",
                "text_en": "A notice held an ID number: the number was removed and the verification code "
                "computed again; the code printed on posted copies no longer verifies, post them again.",
            },
        )


    if redacted:
        cache.clear()  # the bulletin's cached pages and files of these notices showed the old hash


class Migration(migrations.Migration):
    dependencies = [("elections", "0002_progresssnapshot")]

    operations = [migrations.RunPython(redact, migrations.RunPython.noop)]
