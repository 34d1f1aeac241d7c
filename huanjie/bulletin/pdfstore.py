"""Notices' PDFs made once and kept in the shared file storage (MEDIA_ROOT, or S3), so that every
application server serves the same file and none renders it again.

A notice is immutable (its SHA-256 names it) and so is its PDF while the layout — the template, the
renderer and the bulletin's address in the QR code — stays the same; the stored name holds both. With
workers (JOBS_BROKER_URL) a job renders each new notice's PDF as soon as it is published
(huanjie/jobs/kinds.py); otherwise the first request renders and stores it. publish-static takes stored
PDFs instead of rendering them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from huanjie.bulletin import conf
from huanjie.elections.models import Notice

# What a stored notice PDF is made from besides the notice: its template, the renderer, what the paper's
# view hands the template (the fields, the Chinese date, the QR code's address and drawing). A change to
# any of them makes every stored PDF stale, so it is rendered again under a new key.
LAYOUT_SOURCES = (
    "templates/bulletin/notice_pdf.html",
    "core/pdf.py",
    "bulletin/views/paper.py",
    "bulletin/qr.py",
    "core/dates.py",
)


@functools.cache
def _layout_sources() -> bytes:
    package = Path(__file__).resolve().parent.parent
    return b"".join((package / name).read_bytes() for name in LAYOUT_SOURCES)


def layout_key() -> str:
    """Changes when the PDF's template, its renderer, the context its view builds or the bulletin's
    address (in the QR code) does."""
    return hashlib.sha256(_layout_sources() + conf.base_url().encode()).hexdigest()


def name_for(notice_sha256: str) -> str:
    return f"papers/notices/{layout_key()[:20]}/{notice_sha256}.pdf"


def stored(notice: Notice) -> bytes | None:
    name = name_for(notice.sha256)
    try:
        with default_storage.open(name, "rb") as f:
            return bytes(f.read())
    except FileNotFoundError:
        return None


def store(notice: Notice, data: bytes) -> None:
    """Keep the PDF, whole or not at all (a temporary name, then a rename, on a shared directory; one
    PUT on object storage)."""
    name = name_for(notice.sha256)
    if isinstance(default_storage, FileSystemStorage):
        target = Path(default_storage.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).chmod(0o644)
        Path(tmp).replace(target)
    elif not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))


def notice_pdf(notice: Notice) -> bytes:
    """The notice's PDF: the stored one, or rendered now and stored for every later request."""
    from huanjie.bulletin.views.paper import notice_pdf_bytes

    data = stored(notice)
    if data is None:
        data = notice_pdf_bytes(notice)
        store(notice, data)
    return data
