"""Reading a training's sign-in sheet (CSV or XLSX) into checked rows, every error located.

The sheet names each attendee and their street or unit (by division code or by its official name); a
person not yet on the staff list is added to it when the sheet is imported.
"""

from __future__ import annotations

from dataclasses import dataclass

from huanjie.core.errors import FileRejected, RowError
from huanjie.core.tabular import read_table
from huanjie.supervision.models import StaffMember
from huanjie.units.models import Division

COLUMNS: dict[str, str] = {
    "name": "name",
    "姓名": "name",
    "division": "division",
    "unit": "division",
    "单位": "division",
    "所在单位": "division",
    "村(社区)": "division",
    "区划代码": "division",
    "post": "post",
    "职务": "post",
    "phone": "phone",
    "电话": "phone",
    "联系电话": "phone",
    "signed": "signed",
    "签到": "signed",
}
POSTS: dict[str, str] = {
    "secretary": StaffMember.Post.SECRETARY,
    "书记": StaffMember.Post.SECRETARY,
    "党组织书记": StaffMember.Post.SECRETARY,
    "党工委书记": StaffMember.Post.SECRETARY,
    "director": StaffMember.Post.DIRECTOR,
    "主任": StaffMember.Post.DIRECTOR,
    "committee": StaffMember.Post.COMMITTEE,
    "选举委员会成员": StaffMember.Post.COMMITTEE,
    "选委会成员": StaffMember.Post.COMMITTEE,
    "clerk": StaffMember.Post.CLERK,
    "工作人员": StaffMember.Post.CLERK,
    "liaison": StaffMember.Post.LIAISON,
    "liaison officer": StaffMember.Post.LIAISON,
    "联络员": StaffMember.Post.LIAISON,
    "other": StaffMember.Post.OTHER,
    "其他": StaffMember.Post.OTHER,
}
ABSENT_WORDS = {"否", "缺席", "no", "absent", "0", "n"}


@dataclass(frozen=True)
class AttendeeRow:
    number: int
    name: str
    division: Division
    post: str
    phone: str


def read_sign_in_sheet(name: str, data: bytes, divisions: dict[str, Division]) -> list[AttendeeRow]:
    """`divisions` maps codes and official names to the divisions the importer may record."""
    _columns, rows = read_table(name, data, COLUMNS, {"name", "division"})
    errors: list[RowError] = []
    out: list[AttendeeRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in rows:
        if cells.get("signed", "").strip().lower() in ABSENT_WORDS:
            continue
        person = cells.get("name", "").strip()
        where = cells.get("division", "").strip()
        post_text = cells.get("post", "").strip()
        if not person:
            errors.append(RowError(number, "name", "required", "the name is empty"))
        elif len(person) > 40:
            errors.append(RowError(number, "name", "length", "the name is longer than 40 characters"))
        division = divisions.get(where)
        if not where:
            errors.append(RowError(number, "division", "required", "the street or unit is empty"))
        elif division is None:
            errors.append(
                RowError(number, "division", "unknown", f"{where!r} is not a street or unit in your scope")
            )
        post = POSTS.get(post_text.lower(), "") if post_text else StaffMember.Post.OTHER
        if not post:
            errors.append(RowError(number, "post", "unknown", f"unknown post {post_text!r}"))
        if person and division is not None:
            key = (division.code, person)
            if key in seen:
                errors.append(
                    RowError(
                        number, "name", "duplicate", f"{person} of {where} is already on row {seen[key]}"
                    )
                )
            seen[key] = number
        if division is not None and person and post:
            out.append(AttendeeRow(number, person, division, post, cells.get("phone", "").strip()[:20]))
    if errors:
        raise FileRejected(errors)
    if not out:
        raise FileRejected([RowError(2, "", "empty", "the sheet lists no attendee")])
    return out
