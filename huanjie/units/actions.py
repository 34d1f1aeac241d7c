"""Writes to the division tree. Each action: one transaction, guards, one audit event."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from huanjie.core.actions import Actor, action, audit, is_system
from huanjie.core.capabilities import Capability
from huanjie.core.errors import FileRejected, RowError
from huanjie.core.tabular import read_table
from huanjie.units.codes import LEVEL_ALIASES, code_problem, parent_problem
from huanjie.units.models import PARENT_LEVEL, Body, BodyKind, Division, Level, UnitKind, bodies_for

DIVISION_COLUMNS: dict[str, str] = {
    "code": "code",
    "区划代码": "code",
    "代码": "code",
    "name": "name",
    "名称": "name",
    "name_en": "name_en",
    "英文名称": "name_en",
    "level": "level",
    "层级": "level",
    "parent_code": "parent_code",
    "上级代码": "parent_code",
    "kind": "kind",
    "类型": "kind",
    "agricultural": "agricultural",
    "涉农": "agricultural",
    "profile": "profile",
    "选举办法": "profile",
}
KIND_ALIASES = {
    "village": UnitKind.VILLAGE,
    "村": UnitKind.VILLAGE,
    "community": UnitKind.COMMUNITY,
    "社区": UnitKind.COMMUNITY,
}
TRUE_WORDS = {"1", "yes", "true", "是", "y"}


@dataclass(frozen=True)
class _Row:
    number: int
    code: str
    name: str
    name_en: str
    level: str
    parent_code: str
    kind: str
    agricultural: bool
    profile: str


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int


def _parse_rows(rows: list[tuple[int, dict[str, str]]]) -> tuple[list[_Row], list[RowError]]:
    parsed: list[_Row] = []
    errors: list[RowError] = []
    for number, cells in rows:
        level = LEVEL_ALIASES.get(cells.get("level", "").lower(), "")
        raw_kind = cells.get("kind", "") or cells.get("level", "")
        kind = KIND_ALIASES.get(raw_kind.lower(), "") if level == Level.UNIT else ""
        row = _Row(
            number,
            cells.get("code", ""),
            cells.get("name", ""),
            cells.get("name_en", ""),
            level,
            cells.get("parent_code", ""),
            kind,
            cells.get("agricultural", "").lower() in TRUE_WORDS,
            cells.get("profile", ""),
        )
        if not level:
            errors.append(RowError(number, "level", "level", f"unknown level {cells.get('level', '')!r}"))
            continue
        if problem := code_problem(row.code, level):
            errors.append(RowError(number, "code", "code", problem))
        if not row.name:
            errors.append(RowError(number, "name", "required", "the name is empty"))
        if level == Level.UNIT and not kind:
            errors.append(RowError(number, "kind", "kind", "a unit is a village or a community"))
        parsed.append(row)
    return parsed, errors


def _check_tree(rows: list[_Row], actor: Actor) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[str, _Row] = {}
    for row in rows:
        if row.code in seen:
            errors.append(
                RowError(
                    row.number, "code", "duplicate", f"code {row.code} is also on row {seen[row.code].number}"
                )
            )
        seen.setdefault(row.code, row)
    existing = {d.code: d for d in Division.objects.filter(code__in={*seen, *(r.parent_code for r in rows)})}
    scope_path = actor.scope.path if not is_system(actor) and actor.scope is not None else ""
    for row in rows:
        want = PARENT_LEVEL[row.level]
        old = existing.get(row.code)
        if want is None:
            if row.parent_code:
                errors.append(RowError(row.number, "parent_code", "parent", "a province has no parent"))
        else:
            parent_level = (
                seen[row.parent_code].level
                if row.parent_code in seen
                else (existing[row.parent_code].level if row.parent_code in existing else None)
            )
            if parent_level is None:
                errors.append(
                    RowError(
                        row.number,
                        "parent_code",
                        "parent",
                        f"parent {row.parent_code or '(empty)'} is neither in the file nor known",
                    )
                )
            elif parent_level != want:
                errors.append(
                    RowError(
                        row.number, "parent_code", "parent", f"the parent of a {row.level} must be a {want}"
                    )
                )
            elif problem := parent_problem(row.code, row.parent_code, parent_level):
                errors.append(RowError(row.number, "code", "code", problem))
        if old is not None:
            if old.level != row.level:
                errors.append(RowError(row.number, "level", "level", f"{row.code} is already a {old.level}"))
            if (old.parent.code if old.parent else "") != row.parent_code:
                errors.append(
                    RowError(
                        row.number,
                        "parent_code",
                        "parent",
                        f"{row.code} already belongs elsewhere; moving divisions is not supported",
                    )
                )
        if scope_path:
            inside = (old.path if old else "").startswith(scope_path) or _will_be_inside(
                row, seen, existing, scope_path
            )
            unchanged_ancestor = old is not None and scope_path.startswith(old.path) and _same(old, row)
            if not inside and not unchanged_ancestor:
                errors.append(RowError(row.number, "code", "scope", f"{row.code} is outside your scope"))
    return errors


def _will_be_inside(row: _Row, seen: dict[str, _Row], existing: dict[str, Division], scope_path: str) -> bool:
    parent = row.parent_code
    for _step in range(6):
        if parent in existing:
            return existing[parent].path.startswith(scope_path)
        if parent not in seen:
            return False
        parent = seen[parent].parent_code
    return False


def _same(old: Division, row: _Row) -> bool:
    return (old.name, old.name_en, old.kind, old.agricultural, old.profile) == (
        row.name,
        row.name_en,
        row.kind,
        row.agricultural,
        row.profile,
    )


@action(
    "divisions.import",
    capability=Capability.IMPORT_DIVISIONS,
    public="divisions",
    denied=gettext_lazy("Only a district administrator may import divisions."),
)
def do_import_divisions(file_name: str, data: bytes, *, actor: Actor) -> ImportSummary:
    """Import a division tree from CSV/XLSX: all rows or none. Re-importing the same file changes nothing."""
    _columns, table = read_table(file_name, data, DIVISION_COLUMNS, {"code", "name", "level"})
    rows, errors = _parse_rows(table)
    if not errors:
        errors = _check_tree(rows, actor)
    if errors:
        raise FileRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    order: list[str] = [Level.PROVINCE, Level.CITY, Level.DISTRICT, Level.STREET, Level.UNIT]
    rows.sort(key=lambda r: (order.index(r.level), r.code))  # parents before children
    created = updated = unchanged = 0
    known = {
        d.code: d
        for d in Division.objects.filter(code__in=[r.code for r in rows] + [r.parent_code for r in rows])
    }
    for row in rows:
        old = known.get(row.code)
        if old is not None and _same(old, row):
            unchanged += 1
            continue
        if old is not None:
            old.name, old.name_en, old.kind = row.name, row.name_en, row.kind
            old.agricultural, old.profile = row.agricultural, row.profile
            old.save(update_fields=["name", "name_en", "kind", "agricultural", "profile"])
            updated += 1
            continue
        division = Division(
            code=row.code,
            name=row.name,
            name_en=row.name_en,
            level=row.level,
            kind=row.kind,
            parent=known.get(row.parent_code),
            agricultural=row.agricultural,
            profile=row.profile,
        )
        division.path = division.compute_path()
        division.save()
        known[row.code] = division
        if division.is_unit:
            Body.objects.bulk_create(
                Body(unit=division, kind=k, name=body_name(division, k)) for k in bodies_for(division.kind)
            )
        created += 1
    summary = ImportSummary(created, updated, unchanged)
    audit(
        object_type="units.division",
        object_repr=file_name,
        division_path=actor.scope.path if not is_system(actor) and actor.scope else "",
        after={"created": created, "updated": updated, "unchanged": unchanged, "rows": len(rows)},
    )
    return summary


def body_name(unit: Division, kind: str) -> str:
    """The official Chinese name of a unit's body, e.g. 长洼村党支部, 长洼村村民委员会."""
    suffix = {
        BodyKind.PARTY_BRANCH: "党支部" if unit.kind == UnitKind.VILLAGE else "党组织",
        BodyKind.VILLAGERS_COMMITTEE: "村民委员会",
        BodyKind.RESIDENTS_COMMITTEE: "居民委员会",
    }[BodyKind(kind)]
    return f"{unit.name}{suffix}"
