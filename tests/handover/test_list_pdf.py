"""The handover list (移交清单) as an A4 PDF for the signatures: the checklist, the deadline, the names."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from huanjie.elections.models import Election
from huanjie.handover.actions import do_add_item, do_open_handover, do_sign_off
from tests.handover.conftest import settle_all

pytestmark = pytest.mark.django_db


def test_it_prints_the_list_with_every_item_and_the_signatories(
    client_for: Any, clerk: Any, elect: Callable[..., Election], today: dt.date, tmp_path: Path
) -> None:
    election = elect(days_ago=12)
    h = do_open_handover(election, actor=clerk)
    do_add_item(h, title="村集体经济合作社印章", actor=clerk)
    settle_all(h)
    do_sign_off(
        h, outgoing_head="张德福", incoming_head="王建国", witness="刘志远", signed_on=today, actor=clerk
    )
    response = client_for(clerk).get(f"/office/handovers/{h.pk}/list.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(response.content)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = "".join(out.stdout.split())
    assert "石沟村村民委员会工作移交清单" in text and "第二十条" in text
    for line in ("公章", "财务账目", "集体资产", "档案资料", "未办结事项", "村集体经济合作社印章"):
        assert line in text
    for name in ("张德福", "王建国", "刘志远", "青白石街道"):
        assert name in text
    due = h.due
    assert f"{due.year}年{due.month}月{due.day}日" in text
    assert "晚于法定期限" in text  # elected 12 days ago, signed today
