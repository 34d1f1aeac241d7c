"""Issue 15, finding 2: no notice holds an ID number, however it is written, and the published SHA-256
is of the published text — so neither the page, the feed, the JSON, the search nor the hash gives one back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client

from huanjie.accounts.models import User
from huanjie.bulletin.cache import forget
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.elections.actions import do_complete_stage, do_correct_notice
from huanjie.elections.models import Finding, Notice, Round
from huanjie.elections.notices import NoticeText, content_hash
from huanjie.rules.idnumber import check_digit
from tests.elections.conftest import committee, stage

FIRST17 = "62010219800101123"
ID_NUMBER = FIRST17 + check_digit(FIRST17)
LEGACY = "620102800101123"  # a first-generation 15-digit number
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
SHIGOU = "620102023201"

# Each way the probe got a number past the old pattern, and the plain ones.
WRITTEN = {
    "plain": ID_NUMBER,
    "legacy": LEGACY,
    "lower-case x": next(
        f"6201021980010{n:04d}x" for n in range(10_000) if check_digit(f"6201021980010{n:04d}") == "X"
    ),
    "letter before": "证号A" + ID_NUMBER,
    "digits after": ID_NUMBER + "0",
    "spaces": f"{ID_NUMBER[:6]} {ID_NUMBER[6:14]} {ID_NUMBER[14:]}",
    "hyphens": f"{ID_NUMBER[:6]}-{ID_NUMBER[6:14]}-{ID_NUMBER[14:]}",
    "dots": ".".join(ID_NUMBER[i : i + 3] for i in range(0, 18, 3)),
    "full width": ID_NUMBER.translate(FULL_WIDTH),
    "ideographic spaces": "\u3000".join(ID_NUMBER[i : i + 6] for i in range(0, 18, 6)),
    "zero-width space": "\u200b".join(ID_NUMBER),
    "zero-width joiner": ID_NUMBER[:9] + "\u200d" + ID_NUMBER[9:],
    "byte-order mark": ID_NUMBER[:4] + "\ufeff" + ID_NUMBER[4:],
    "soft hyphen": ID_NUMBER[:10] + "\u00ad" + ID_NUMBER[10:],
    "word joiner": ID_NUMBER[:2] + "\u2060" + ID_NUMBER[2:],
}


@pytest.mark.parametrize("how", sorted(WRITTEN))
def test_it_refuses_a_stage_note_holding_an_id_number(rnd: Round, today: dt.date, how: str) -> None:
    row = stage(committee(rnd, SHIGOU), "election_committee")
    notes = f"选举委员会主任：王伟，{WRITTEN[how]}。"
    with pytest.raises(ActionError) as refused:
        do_complete_stage(row, completed_on=today, actor=SYSTEM, notes=notes)
    assert refused.value.field == "notes"
    # The message marks the place, and never repeats the digits.
    assert ID_NUMBER[6:14] not in refused.value.message
    row.refresh_from_db()
    assert row.status == "pending"
    assert not Notice.objects.filter(election=row.election).exists()


def test_it_keeps_dates_phone_numbers_and_division_codes(rnd: Round, today: dt.date) -> None:
    notes = "2026-12-03—2026-12-10 办公，电话 0931-12345678，村代码 620102023201，第1、2、3组。"
    completed = do_complete_stage(
        stage(committee(rnd, SHIGOU), "election_committee"), completed_on=today, actor=SYSTEM, notes=notes
    )
    assert completed.notice is not None and notes in completed.notice.body_zh


def test_it_refuses_a_correction_holding_an_id_number_with_the_place_marked(
    rnd: Round, today: dt.date, clerk: User, client_for: Any
) -> None:
    completed = do_complete_stage(
        stage(committee(rnd, SHIGOU), "election_committee"), completed_on=today, actor=SYSTEM
    )
    notice = completed.notice
    assert notice is not None
    with pytest.raises(ActionError):
        do_correct_notice(
            notice, body_zh=f"更正：{WRITTEN['zero-width space']}", body_en="Corrected.", actor=clerk
        )
    client = client_for(clerk)
    response = client.post(
        f"/office/notices/{notice.pk}/",
        {"body_zh": notice.body_zh + "\n联系人 " + WRITTEN["hyphens"], "body_en": notice.body_en},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "ID number" in page or "身份号码" in page
    # The clerk's own text comes back in the form to be fixed; the refusal, shown beside the form (at the
    # field it names), names the place, not the digits.
    form = response.context["form"]
    message = " ".join(str(e) for errors in form.errors.values() for e in errors)
    assert ID_NUMBER[6:14] not in message and "联系人" in message
    assert Notice.objects.filter(election=notice.election).count() == 1


def legacy_notice(made: Notice, body_zh: str) -> Notice:
    """A notice as published before ID numbers were refused: its body holds one, its SHA-256 covers it.
    Written past the actions (they refuse it now), as the old code wrote it."""
    text = NoticeText(made.title_zh, made.title_en, body_zh, made.body_en, made.issuer_zh, made.issuer_en)
    at = made.published_at + dt.timedelta(seconds=1)
    return Notice.objects.create(
        round=made.round,
        unit=made.unit,
        election=made.election,
        stage=made.stage,
        title_zh=made.title_zh,
        title_en=made.title_en,
        body_zh=body_zh,
        body_en=made.body_en,
        issuer_zh=made.issuer_zh,
        issuer_en=made.issuer_en,
        published_at=at,
        version=made.version + 1,
        replaces=made,
        sha256=content_hash(
            text,
            unit_code=made.unit.code,
            stage=made.stage,
            published_at=at.isoformat(),
            version=made.version + 1,
        ),
    )


def _recovered(notice_json: dict[str, Any], hidden: str) -> bool:
    """The probe's attack: put a candidate number where the asterisks are and compare the hash."""
    hashed = dict(notice_json["hashed"])
    hashed["body_zh"] = hashed["body_zh"].replace("*" * 18, hidden)
    text = NoticeText(
        *(hashed[k] for k in ("title_zh", "title_en", "body_zh", "body_en", "issuer_zh", "issuer_en"))
    )
    guess = content_hash(
        text,
        unit_code=hashed["unit"],
        stage=hashed["stage"],
        published_at=hashed["published_at"],
        version=hashed["version"],
    )
    return bool(guess == notice_json["sha256"])


def test_it_redacts_a_legacy_notice_and_publishes_the_hash_of_what_it_shows(
    rnd: Round, today: dt.date, client: Client
) -> None:
    completed = do_complete_stage(
        stage(committee(rnd, SHIGOU), "election_committee"), completed_on=today, actor=SYSTEM
    )
    assert completed.notice is not None
    old = legacy_notice(completed.notice, f"更正：选举委员会主任 王伟（{ID_NUMBER}）。")
    before = json.loads(client.get(f"/data/notices/{old.pk}.json").content)
    assert _recovered(before, ID_NUMBER)  # the attack works on the notice as it was published
    assert client.get("/search/", {"q": ID_NUMBER[6:14]}).context["notices"] == []  # the search guard

    migration = importlib.import_module("huanjie.elections.migrations.0003_redact_id_numbers_in_notices")
    migration.redact(django_apps, None)
    forget()  # this process's memory of pages; the migration empties the shared cache

    old.refresh_from_db()
    assert ID_NUMBER not in old.body_zh and "*" * 18 in old.body_zh
    after = json.loads(client.get(f"/data/notices/{old.pk}.json").content)
    assert after["redacted"] is False  # the file holds exactly what the hash covers
    assert not _recovered(after, ID_NUMBER)
    canonical = json.dumps(after["hashed"], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert hashlib.sha256(canonical.encode()).hexdigest() == old.sha256 == after["sha256"]
    assert client.get(f"/verify/?code={old.sha256}").status_code == 200
    finding = Finding.objects.get(code="notice_id_number_redacted")
    assert finding.unit_id == old.unit_id and finding.severity == "high"
    assert client.get("/search/", {"q": ID_NUMBER[6:14]}).context["notices"] == []
    for address in (f"/notices/{old.pk}/", f"/units/{SHIGOU}/feed.atom"):
        assert ID_NUMBER[6:14] not in client.get(address).content.decode(), address
