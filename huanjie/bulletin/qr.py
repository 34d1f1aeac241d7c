"""QR codes that open a notice's online page (segno; pure Python)."""

from __future__ import annotations

import segno

from huanjie.bulletin import conf


def notice_address(path: str) -> str:
    """The absolute address of a bulletin page, under BULLETIN_URL."""
    return conf.base_url() + path


def svg_data_uri(address: str) -> str:
    """An SVG QR code (error correction M, which survives a crease or a smudge on a posted notice)."""
    code = segno.make(address, error="m", micro=False)
    return str(code.svg_data_uri(scale=4, border=4, dark="#000", light="#fff"))
