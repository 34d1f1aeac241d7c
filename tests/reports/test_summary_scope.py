"""The work summary shows only what the user's scope allows (issue 15 finding 3): every account used to read
the district's findings and every petition in the Word, PDF and HTML summary. A street officer gets their
street's summary (the district's one is a 404), a clerk their unit's without petitions, the district
administrator and the inspector the district's."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx  # python-docx

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_record_finding
from huanjie.elections.models import Round
from huanjie.supervision.actions import do_receive_petition
from huanjie.units.models import Division

DONGGANG_FINDING = "长洼村选举委员会推选程序不规范"
DONGGANG_PETITION = "长洼村有人反映选民登记遗漏"
SHIGOU_FINDING = "石沟村选民名单公告时间不足"
SHIGOU_PETITION = "石沟村村民反映候选人资格"


def _records(rnd: Round) -> None:
    for code, text, subject in (
        ("620102015201", DONGGANG_FINDING, DONGGANG_PETITION),
        ("620102023201", SHIGOU_FINDING, SHIGOU_PETITION),
    ):
        unit = Division.objects.get(code=code)
        do_record_finding(rnd=rnd, unit=unit, text_zh=text, text_en=text, severity="low",
                          rectification_due=None, actor=SYSTEM)  # fmt: skip
        do_receive_petition(rnd, division=unit, channel="letter", received_on=dt.date(2026, 12, 1),
                            subject=subject, content="……", petitioners="张三", petitioner_count=1, actor=SYSTEM)  # fmt: skip


def _html(client: Any, rnd: Round, extra: str = "") -> tuple[int, str]:
    response = client.get(f"/office/reports/summary.html?round={rnd.pk}&lang=zh{extra}")
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


def test_it_gives_a_street_officer_their_streets_summary_only(
    client: Any, officer: Any, elected: Round
) -> None:
    _records(elected)
    client.force_login(officer)  # Qingbaishi Street
    status, page = _html(client, elected)
    assert status == 200 and "青白石街道" in page
    assert SHIGOU_FINDING in page and SHIGOU_PETITION in page
    assert DONGGANG_FINDING not in page and DONGGANG_PETITION not in page and "长洼村" not in page
    word = client.get(f"/office/reports/summary.docx?round={elected.pk}")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    text += "\n".join(
        c.text for t in docx.Document(io.BytesIO(word.content)).tables for r in t.rows for c in r.cells
    )
    assert SHIGOU_FINDING in text and DONGGANG_FINDING not in text and DONGGANG_PETITION not in text
    assert _html(client, elected, "&division=620102000000")[0] == 404  # the district's summary
    assert _html(client, elected, "&division=620102015000")[0] == 404  # another street's


def test_it_gives_a_clerk_their_units_summary_without_petitions(
    client: Any, clerk: Any, elected: Round
) -> None:
    _records(elected)
    client.force_login(clerk)  # Shigou Village
    status, page = _html(client, elected)
    assert status == 200 and SHIGOU_FINDING in page
    assert SHIGOU_PETITION not in page and DONGGANG_FINDING not in page and DONGGANG_PETITION not in page


def test_it_gives_the_district_the_whole_summary(
    client: Any, admin: Any, inspector: Any, elected: Round
) -> None:
    _records(elected)
    for user in (admin, inspector):
        client.force_login(user)
        status, page = _html(client, elected)
        assert status == 200
        assert all(t in page for t in (SHIGOU_FINDING, DONGGANG_FINDING, SHIGOU_PETITION, DONGGANG_PETITION))
