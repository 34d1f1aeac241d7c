"""No ID number in any public page or file, even one a clerk typed into a stage's notes."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import Client

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_complete_stage
from huanjie.elections.models import Notice, Round
from huanjie.rules.idnumber import check_digit
from tests.bulletin.test_notice_id_numbers import legacy_notice
from tests.elections.conftest import committee, stage

FIRST17 = "62010219800101123"
ID_NUMBER = FIRST17 + check_digit(FIRST17)
ID_LIKE = re.compile(rb"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")  # not inside a hex hash


def test_no_id_number_reaches_a_public_page_or_file(
    client: Client, results: dict[str, Notice], rnd: Round, today: dt.date, tmp_path: Path
) -> None:
    # A notice published before notices refused ID numbers (tests/bulletin/test_notice_id_numbers.py),
    # and not yet redacted by the migration: the bulletin's last guard must still hide the number.
    jincheng = committee(rnd, "620102023001")
    do_complete_stage(stage(jincheng, "election_committee"), completed_on=today, actor=SYSTEM)
    made = Notice.objects.get(election=jincheng)
    notice = legacy_notice(made, f"选举委员会主任联系方式:身份证 {ID_NUMBER},旧证 620102800101123。")
    assert ID_NUMBER in notice.body_zh  # the stored notice holds it; the bulletin must not show it

    site = tmp_path / "site"
    call_command("publish-static", str(site), "--jobs=1", stdout=StringIO())
    files = [p for p in site.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        if path.suffix == ".pdf":
            import subprocess

            data = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
        assert ID_NUMBER.encode() not in data, path
        assert not ID_LIKE.search(data), (path, ID_LIKE.search(data))

    for address in (
        f"/notices/{notice.pk}/",
        f"/en/notices/{notice.pk}/",
        "/search/?q=620102",
        f"/verify/?code={notice.sha256}",
        "/units/620102023001/feed.atom",
    ):
        body = client.get(address).content
        assert not ID_LIKE.search(body), address
    assert "*" * 18 in client.get(f"/notices/{notice.pk}/").content.decode()
