"""Limits on what a visitor may send: the size of an upload while it arrives, the rows and the expansion of
an imported table, and how much of a refused file's errors a page shows (issue 15, finding 9).

- `UploadLimitMiddleware` refuses a request whose Content-Length is over the limit before its body is
  read; `LimitedUploadHandler` counts each file's bytes as they arrive and, past the limit, keeps none of
  the rest (a body without a Content-Length, or one that lies, is still cut there). `read_upload` then
  refuses the marked file with a message, and reads any file in chunks, stopping at the limit.
- `check_table` refuses, before a table is parsed, an XLSX whose parts expand more than the ratio or past
  the expanded size, and a CSV with more lines than the row limit; readers stop at the row limit.
- `keep_errors` keeps the first errors for the page and all of them (to a cap) for the error file that
  `file_errors` hands out as CSV; messages are clipped, since some quote the cell they refuse.
The limits are settings (README: "Limits"), read on each call so that tests and deployments can change them.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from huanjie.core.errors import FileRejected, RowError

MB = 1024 * 1024
SESSION_KEY = "huanjie-file-errors"
MESSAGE_CLIP = 300


@dataclass(frozen=True)
class Limits:
    """What one imported table may be: bytes, data rows, expansion of an XLSX (ratio and size)."""

    max_bytes: int | None
    max_rows: int | None
    max_ratio: int
    max_expanded: int | None

    @classmethod
    def uploads(cls) -> Limits:
        return cls(
            settings.UPLOAD_MAX_BYTES,
            settings.IMPORT_MAX_ROWS,
            settings.IMPORT_MAX_RATIO,
            settings.IMPORT_MAX_EXPANDED_BYTES,
        )

    @classmethod
    def commands(cls) -> Limits:
        """An operator's file on the server (`huanjie import-voters`): a district's million rows, but still
        no zip bomb."""
        return cls(None, None, settings.IMPORT_MAX_RATIO, None)


def _mb(n: int) -> str:
    return f"{n / MB:.0f}" if n >= MB else f"{n / MB:.2f}"


def too_large(name: str, limit: int) -> FileRejected:
    message = _("%(name)s is larger than %(mb)s MB, the limit for an upload.") % {
        "name": name,
        "mb": _mb(limit),
    }
    refused = FileRejected([RowError(0, "", "size", message)], message)
    refused.field = "file"
    return refused


def check_table(name: str, data: bytes, limits: Limits) -> None:
    """Refuse a table file that is too big, expands too much, or has too many rows, before parsing it."""
    if limits.max_bytes is not None and len(data) > limits.max_bytes:
        raise too_large(name, limits.max_bytes)
    if data[:4] == b"PK\x03\x04":  # XLSX is a zip: what its parts expand to is written in its directory
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                expanded = sum(part.file_size for part in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise FileRejected([RowError(0, "", "file", _("Not a readable XLSX file."))]) from exc
        if expanded > limits.max_ratio * max(len(data), 1) or (
            limits.max_expanded is not None and expanded > limits.max_expanded
        ):
            raise FileRejected(
                [
                    RowError(
                        0,
                        "",
                        "expansion",
                        _(
                            "%(name)s expands to %(mb)s MB, more than %(ratio)d times its size: it is not "
                            "read. Save the table again from the spreadsheet, or as CSV."
                        )
                        % {"name": name, "mb": _mb(expanded), "ratio": limits.max_ratio},
                    )
                ]
            )
    elif limits.max_rows is not None and data.count(b"\n") > limits.max_rows + 1:
        raise too_many_rows(name, limits.max_rows)


def too_many_rows(name: str, limit: int) -> FileRejected:
    return FileRejected(
        [
            RowError(
                0,
                "",
                "rows",
                _("%(name)s has more than %(n)d rows, the limit for an upload; split it.")
                % {"name": name, "n": limit},
            )
        ]
    )


def csv_field_error(line: int, exc: csv.Error) -> FileRejected:
    """Python's csv refuses a cell over 131,072 characters (and a few malformed ones): a located error."""
    message = (
        _("A cell is longer than %(n)d characters.") % {"n": csv.field_size_limit()}
        if "field larger" in str(exc)
        else _("The CSV file cannot be read here: %(why)s") % {"why": str(exc)[:200]}
    )
    return FileRejected([RowError(line, "", "csv", message)])


# --- while the request arrives -------------------------------------------------------------------------


class UploadLimitMiddleware:
    """A request announcing more than the upload limit (and a megabyte for the form) is refused unread."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_BYTES
        if length > limit + MB:
            refused = render(
                request,
                "office/too_large.html",
                {"mb": _mb(limit), "back": request.path},
                status=413,
            )
            refused["Connection"] = "close"  # the body is never read
            return refused
        response: HttpResponse = self.get_response(request)
        return response


class TooLarge(UploadedFile):  # type: ignore[type-arg]
    """What is left of a file cut at the limit: nothing but its name and how much arrived."""

    too_large = True

    def __init__(self, name: str, received: int) -> None:
        super().__init__(io.BytesIO(b""), name=name, content_type="application/octet-stream", size=received)


class LimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: passes each chunk on until the file is past the limit, then none."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None  # dropped here: the handlers after this one never store it
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:  # type: ignore[type-arg]
        if self.received > settings.UPLOAD_MAX_BYTES:
            return TooLarge(self.file_name or "", self.received)
        return None


def read_upload(upload: UploadedFile, *, limit: int | None = None) -> bytes:  # type: ignore[type-arg]
    """The file's bytes, read a chunk at a time and never past `limit` (default: the upload limit)."""
    # No file is kept past the upload limit as it arrives (LimitedUploadHandler), whatever this one's is.
    limit = settings.UPLOAD_MAX_BYTES if limit is None else min(limit, settings.UPLOAD_MAX_BYTES)
    name = upload.name or ""
    if getattr(upload, "too_large", False) or (upload.size or 0) > limit:
        raise too_large(name, limit)
    out = bytearray()
    for chunk in upload.chunks():
        out += chunk
        if len(out) > limit:
            raise too_large(name, limit)
    return bytes(out)


# --- the errors of a refused file ----------------------------------------------------------------------


def _clip(e: RowError) -> RowError:
    message = e.message if len(e.message) <= MESSAGE_CLIP else e.message[:MESSAGE_CLIP] + "…"
    return RowError(e.row, e.column[:60], e.rule[:40], message)


def clipped(errors: list[RowError]) -> list[RowError]:
    """The errors to keep (to IMPORT_MAX_ERRORS), each message clipped."""
    return [_clip(e) for e in errors[: settings.IMPORT_MAX_ERRORS]]


def keep_errors(request: HttpRequest, file_name: str, errors: list[RowError]) -> list[RowError]:
    """Keep a refused file's errors (to the cap) for `file_errors`; the first ones, for the page."""
    kept = clipped(errors)
    request.session[SESSION_KEY] = {
        "file": file_name[:200],
        "total": len(errors),
        "errors": [[e.row, e.column, e.rule, e.message] for e in kept],
    }
    return kept[: settings.IMPORT_ERRORS_SHOWN]


def file_errors(request: HttpRequest) -> HttpResponse:
    """The last refused file's errors as CSV (UTF-8 with a byte-order mark, for Excel)."""
    from huanjie.core.export import csv_bytes  # the one writer of every export: formula-like cells inert

    stored = request.session.get(SESSION_KEY)
    columns = [str(_("Row")), str(_("Column")), str(_("Rule")), str(_("Message"))]
    rows: list[dict[str, Any]] = []
    if stored:
        rows = [dict(zip(columns, error, strict=True)) for error in stored["errors"]]
        if stored["total"] > len(stored["errors"]):
            more = _("… and %(n)d more.") % {"n": stored["total"] - len(stored["errors"])}
            rows.append(dict(zip(columns, ["", "", "", more], strict=True)))
    # UTF-8 with a byte-order mark, for Excel.
    data = "\ufeff".encode() + csv_bytes(columns, rows)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="import-errors.csv"'
    response["Cache-Control"] = "no-store"
    return response
