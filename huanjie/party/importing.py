"""The member roll from a CSV or XLSX file, all rows or none, every error located (row, column, rule).

A row with a resident ID number is matched to the unit's household register (the number is hashed, never
stored here); a row without one is a member not on the register and needs name and sex. Columns, in
Chinese or English: 身份证号 id_number, 姓名 name, 性别 sex, 出生日期 birth_date, 文化程度 education,
党员类别 standing (正式/预备), 有选举权 voting_rights (是/否, default 是), 上届职务 previous_post.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError, FileRejected, RowError
from huanjie.core.tabular import read_table
from huanjie.elections.models import Election
from huanjie.party import validate
from huanjie.party.actions import HERE, ensure_open, party_election
from huanjie.party.models import PartyMember
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident

ALIASES = {
    "身份证号": "id_number",
    "公民身份号码": "id_number",
    "id_number": "id_number",
    "姓名": "name",
    "name": "name",
    "性别": "sex",
    "sex": "sex",
    "出生日期": "birth_date",
    "birth_date": "birth_date",
    "文化程度": "education",
    "学历": "education",
    "education": "education",
    "党员类别": "standing",
    "standing": "standing",
    "有选举权": "voting_rights",
    "voting_rights": "voting_rights",
    "上届职务": "previous_post",
    "previous_post": "previous_post",
}
SEX = {"男": "male", "女": "female", "male": "male", "female": "female"}
STANDING = {"正式": "full", "正式党员": "full", "预备": "probationary", "预备党员": "probationary"}
STANDING.update({"full": "full", "probationary": "probationary"})
EDUCATION = {"小学": "primary", "初中": "junior", "高中": "senior", "中专": "senior", "大专": "college"}
EDUCATION.update({"本科": "university", "研究生": "university", "": ""})
YES_NO = {"是": True, "否": False, "yes": True, "no": False, "": True}


def _row(
    n: int, cells: dict[str, str], residents: dict[bytes, Resident]
) -> tuple[dict[str, Any], Resident | None]:
    """One row's details, or FileRejected-ready RowErrors raised as a list."""
    errors: list[RowError] = []
    number = cells.get("id_number", "").upper()
    resident = residents.get(idcrypto.id_hash(number)) if number else None
    if number and resident is None:
        errors.append(RowError(n, "id_number", "register", "not a resident of this unit"))
    details: dict[str, Any] = {"name": cells.get("name", ""), "previous_post": cells.get("previous_post", "")}
    for column, table in (("sex", SEX), ("standing", STANDING), ("education", EDUCATION)):
        value = cells.get(column, "").strip().lower()
        if value not in table and not (column == "sex" and resident is not None):
            errors.append(RowError(n, column, "value", f"unknown value {value!r}"))
        details[column] = table.get(value, "")
    voting = cells.get("voting_rights", "").strip().lower()
    if voting not in YES_NO:
        errors.append(RowError(n, "voting_rights", "value", f"unknown value {voting!r}"))
    details["voting_rights"] = YES_NO.get(voting, True)
    birth = cells.get("birth_date", "").strip()
    if birth:
        try:
            details["birth_date"] = dt.date.fromisoformat(birth.replace("/", "-").replace(".", "-"))
        except ValueError:
            errors.append(RowError(n, "birth_date", "date", f"not a date: {birth!r}"))
    if errors:
        raise FileRejected(errors)
    try:
        validate.member_details(details, resident)
    except ActionError as exc:
        raise FileRejected([RowError(n, exc.field or "", "value", exc.message)]) from exc
    return details, resident


@action(
    "party.import_members",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_import_members(election: Election, file_name: str, data: bytes, *, actor: Actor) -> int:
    """Add every row of the file to the roll; returns how many were added."""
    party_election(election)
    ensure_open(election)
    _columns, rows = read_table(file_name, data, ALIASES, {"standing"})
    residents = {r.id_hash: r for r in Resident.objects.filter(unit=election.unit)}
    on_roll = set(PartyMember.objects.filter(election=election).values_list("resident_id", flat=True))
    errors: list[RowError] = []
    members: list[PartyMember] = []
    seen: set[int] = set()
    for n, cells in rows:
        try:
            details, resident = _row(n, cells, residents)
        except FileRejected as exc:
            errors.extend(exc.errors)
            continue
        if resident is not None and (resident.pk in on_roll or resident.pk in seen):
            errors.append(RowError(n, "id_number", "duplicate", "already on the roll"))
            continue
        if resident is not None:
            seen.add(resident.pk)
        members.append(
            PartyMember(election=election, resident=resident, **validate.member_details(details, resident))
        )
    if errors:
        raise FileRejected(errors)
    PartyMember.objects.bulk_create(members)
    audit(
        object_type="elections.election",
        object_id=str(election.pk),
        object_repr=str(election)[:200],
        division_path=election.unit.path,
        after={"file": file_name, "members": len(members)},
    )
    return len(members)
