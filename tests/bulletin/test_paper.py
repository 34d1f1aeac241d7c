"""Every notice as an A4 PDF whose QR code opens the notice's online page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from huanjie.bulletin.public import code_of
from huanjie.elections.models import Notice


def test_it_prints_a_notice_with_a_qr_code_that_opens_its_page(
    client: Client, results: dict[str, Notice], tmp_path: Path
) -> None:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.fail("zbarimg is missing: apt-get install zbar-tools (.ci/run installs it)")
    n = results["shigou"]
    response = client.get(f"/notices/{n.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    decoded = subprocess.run([zbarimg, "-q", "--raw", str(page)], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == f"https://gonggao.example.cn/notices/{n.pk}/"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert n.title_zh in text and n.issuer_zh in text
    assert code_of(n) in text and n.sha256[:32] in text.replace("\n", "")
