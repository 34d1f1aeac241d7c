"""Spreadsheets this app hands out: the import template and the error report of a refused import.

Neither ever holds an ID number: the report locates a bad cell by row and column, which is what the clerk
needs to fix it in their own file.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from huanjie.core.errors import RowError
from huanjie.voters.reading import HEADERS, TEMPLATE_COLUMNS

EXAMPLE = {
    "id_number": "",
    "name": "王伟",
    "unit_code": "620102023201",
    "group": "第1村民小组",
    "household": "0001",
    "hukou_here": "是",
    "lives_here": "是",
    "living_since": "",
    "sex": "男",
    "ethnicity": "汉族",
    "wish_statement": "",
    "application_on": "",
    "approval_on": "",
    "approval_by": "",
    "deprived": "否",
    "lost_capacity": "否",
}


def template_xlsx() -> bytes:
    """Chinese headers (the English names are accepted too) and one example row without an ID number."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "选民登记"
    sheet.append([HEADERS[c][0] for c in TEMPLATE_COLUMNS])
    sheet.append([EXAMPLE[c] for c in TEMPLATE_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    notes = book.create_sheet(_("Columns"))
    notes.append([_("Column"), _("Also accepted"), _("Required")])
    for c in TEMPLATE_COLUMNS:
        notes.append([HEADERS[c][0], ", ".join((c, *HEADERS[c][1:])), _("yes") if c in _REQUIRED else ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_REQUIRED = {"id_number", "name", "unit_code", "hukou_here", "lives_here"}


def error_report_xlsx(file_name: str, errors: list[RowError], notes: list[RowError]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Errors")
    sheet.append([_("Row"), _("Column"), _("Rule"), _("Message")])
    for e in errors:
        sheet.append([e.row, e.column, e.rule, e.message])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    kept = book.create_sheet(_("Not registered"))
    kept.append([_("Row"), _("Column"), _("Rule"), _("Message")])
    for n in notes:
        kept.append([n.row, n.column, n.rule, n.message])
    about = book.create_sheet(_("File"))
    about.append([_("File"), file_name])
    about.append([_("Errors"), len(errors)])
    about.append([_("Nothing of the file was imported; fix the rows above and upload it again.")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
