"""PDFs from templates: WeasyPrint with the machine's CJK fonts, refusing any character they cannot draw.

A notice, a voter list or a voter card printed with an empty box where a villager's name should be is
worse than no PDF at all: it gets posted on the wall. So `render_pdf` lays the document out, collects
every character of the text it will draw, and raises `MissingGlyphs` if one of them is absent from the
cmap of every font the PDF may use (`FONT_FAMILIES`, found with fontconfig). Templates set their text in
those families (`PDF_FONT_STACK` in CSS); a template that asks for another font is checked against these
anyway, which can only refuse more, never less.

Resources: `/static/…` URLs are read from the static files finders, `data:` URLs are decoded; nothing
is ever fetched from the network while a PDF renders.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import ssl
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string

FONT_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
PDF_FONT_STACK = ", ".join(f'"{name}"' for name in FONT_FAMILIES)

# Characters that are laid out but never drawn with a glyph of their own.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}

# WeasyPrint logs every rendering step at INFO; a server rendering notices has no use for that.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfError(RuntimeError):
    """The PDF could not be made."""


class MissingGlyphs(PdfError):
    """The text holds characters that no available font can draw; the PDF is refused."""

    def __init__(self, characters: Iterable[str]) -> None:
        self.characters = sorted(set(characters))
        shown = ", ".join(f"U+{ord(c):04X} {c!r}" for c in self.characters)
        super().__init__(f"no font for: {shown}")


@functools.cache
def _font_file(family: str, bold: bool = False) -> tuple[Path, int]:
    """The file and face index fontconfig chooses for a family; PdfError if the family is not installed."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{family}\t%{file}\t%{index}", family + (":bold" if bold else "")],
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise PdfError(f"fontconfig is not available: {exc}") from exc
    families, file, index = out.split("\t")
    if family not in families.split(","):
        raise PdfError(f"the font {family!r} is not installed (Debian: fonts-noto-cjk)")
    return Path(file), int(index or 0)


@functools.cache
def covered_characters() -> frozenset[int]:
    """Code points that at least one of FONT_FAMILIES maps to a glyph."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    points: set[int] = set()
    for family in FONT_FAMILIES:
        file, index = _font_file(family)
        font = TTFont(file, fontNumber=index, lazy=True)
        try:
            cmap = font.getBestCmap() or {}
            points.update(point for point, glyph in cmap.items() if glyph != ".notdef")
        finally:
            font.close()
    return frozenset(points)


def missing_characters(text: str) -> set[str]:
    """The characters of `text` that the PDF fonts cannot draw (spaces and control characters aside)."""
    covered = covered_characters()
    return {
        ch
        for ch in set(text)
        if not ch.isspace()
        and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
        and ord(ch) not in covered
    }


def _texts(box: Any) -> Iterator[str]:
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]

    stack = [box]
    while stack:
        current = stack.pop()
        if isinstance(current, boxes.TextBox):
            yield current.text
        stack.extend(getattr(current, "children", ()))


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """WeasyPrint's fetcher makes a default SSL context for its HTTPS handler when given none: 30 ms of
    reading the system's certificates for every PDF, though this fetcher never opens an HTTPS URL."""
    return ssl.create_default_context()


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        """Static files from the finders, data: URLs decoded; every other URL is refused."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = unquote(urlsplit(url).path)
            if path.startswith(settings.STATIC_URL):
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                if isinstance(found, str):
                    mime = mimetypes.guess_type(found)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, Path(found).read_bytes(), headers={"Content-Type": mime})
            raise ValueError(f"a PDF may not load {url}")

    return LocalFetcher(ssl_context=_ssl_context())


# Both families in both weights, in Chinese and Latin: what every paper draws (warm).
_WARM_HTML = "".join(
    f"<p style='font-family: {PDF_FONT_STACK}; font-weight: {w}'>换届选举 Huanjie 2027</p>"
    for w in (400, 700)
)


def warm() -> None:
    """Load the fonts and the renderer once, before a process's first paper: a worker process at its start
    (jobs/worker.py). A process's first PDF costs about two seconds more than its next ones — fontconfig,
    the fonts' character maps read for `covered_characters`, WeasyPrint's imports and its font files —
    which a job rendering one notice's PDF would otherwise pay, and a publish waiting on it."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    covered_characters()
    HTML(string=_WARM_HTML).write_pdf()


def render_pdf(
    template_name: str, context: dict[str, object], *, request: HttpRequest | None = None
) -> bytes:
    """Render a template to a PDF; MissingGlyphs if any character of its text has no glyph in the fonts.

    The result is deterministic for the same template and context (no creation date, a fixed
    identifier), so a published PDF's hash changes only when its content does.
    """
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else "http://localhost/"
    document = HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).render()
    text = "".join(chunk for page in document.pages for chunk in _texts(page._page_box))
    missing = missing_characters(text)
    if missing:
        raise MissingGlyphs(missing)
    data = document.write_pdf(pdf_identifier=b"huanjie")
    if not isinstance(data, bytes):  # write_pdf returns bytes when no target is given
        raise PdfError("WeasyPrint returned no PDF")
    return data
