"""Spreadsheets this app hands out: the import template and the error report of a refused import.

Neither ever holds an ID number: the report locates a bad cell by row and column, which is what the clerk
needs to fix it in their own file.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from huanjie.core.errors import RowError
from huanjie.core.export import Book
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
    book = Book()
    sheet = book.sheet("选民登记")
    sheet.header([HEADERS[c][0] for c in TEMPLATE_COLUMNS])
    sheet.append([EXAMPLE[c] for c in TEMPLATE_COLUMNS])
    notes = book.sheet(_("Columns"))
    notes.header([_("Column"), _("Also accepted"), _("Required")])
    for c in TEMPLATE_COLUMNS:
        notes.append([HEADERS[c][0], ", ".join((c, *HEADERS[c][1:])), _("yes") if c in _REQUIRED else ""])
    return book.save()


_REQUIRED = {"id_number", "name", "unit_code", "hukou_here", "lives_here"}


def error_report_xlsx(file_name: str, errors: list[RowError], notes: list[RowError]) -> bytes:
    book = Book()
    sheet = book.sheet(_("Errors"))
    sheet.header([_("Row"), _("Column"), _("Rule"), _("Message")])
    for e in errors:
        sheet.append([e.row, e.column, e.rule, e.message])
    kept = book.sheet(_("Not registered"))
    kept.header([_("Row"), _("Column"), _("Rule"), _("Message")])
    for n in notes:
        kept.append([n.row, n.column, n.rule, n.message])
    about = book.sheet(_("File"))
    about.append([_("File"), file_name])
    about.append([_("Errors"), len(errors)])
    about.append([_("Nothing of the file was imported; fix the rows above and upload it again.")])
    return book.save()
