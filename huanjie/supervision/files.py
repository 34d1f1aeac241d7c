"""Checks on uploaded documents and photos before an action stores them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.utils.translation import gettext as _

from huanjie.core.errors import ActionError

MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".wps": "application/vnd.ms-works",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
# What an image file must begin with: a renamed document is not a photo.
IMAGE_MAGIC = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}


@dataclass(frozen=True)
class Upload:
    name: str
    content_type: str
    sha256: str
    data: bytes


def check_upload(name: str, data: bytes, *, photo: bool = False) -> Upload:
    suffix = PurePath(name).suffix.lower()
    allowed = IMAGE_MAGIC if photo else DOCUMENT_TYPES
    if suffix not in allowed:
        kinds = ", ".join(sorted(allowed))
        raise ActionError(
            _("%(name)s: this kind of file is not accepted (use %(kinds)s).")
            % {"name": name, "kinds": kinds},
            field="file",
        )
    if not data:
        raise ActionError(_("%(name)s is empty.") % {"name": name}, field="file")
    if len(data) > MAX_BYTES:
        raise ActionError(_("%(name)s is larger than 20 MB.") % {"name": name}, field="file")
    magic = IMAGE_MAGIC.get(suffix)
    if magic is not None and not data.startswith(magic):
        raise ActionError(
            _("%(name)s is not a %(kind)s image.") % {"name": name, "kind": suffix.lstrip(".").upper()},
            field="file",
        )
    return Upload(PurePath(name).name[:200], DOCUMENT_TYPES[suffix], hashlib.sha256(data).hexdigest(), data)
