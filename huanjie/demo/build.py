"""Builds the demo district: structure (through the division import), accounts, synthetic residents."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from huanjie.accounts.actions import do_create_user
from huanjie.accounts.models import Role, User
from huanjie.core import clock
from huanjie.core.actions import SYSTEM, SystemActor, action, audit
from huanjie.demo import district
from huanjie.demo.people import residents
from huanjie.demo.previous_term import build_previous_term
from huanjie.demo.round import build_round
from huanjie.elections.models import Round
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import Division, Level
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident

DEMO_PASSWORD = "huanjie-demo-2026"
SCALES: dict[str, tuple[int, int]] = {  # residents per village, per community
    "small": (60, 30),
    "full": (1500, 3000),
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope_code: str
    full_name: str
    note: str


def _unit_code(street: district.Street, index: int) -> str:
    return f"{street.code[:9]}{index:03d}"


def _street_by_name(name: str) -> district.Street:
    return next(s for s in district.STREETS if s.name == name)


def _village_code(street_name: str, village: str) -> str:
    street = _street_by_name(street_name)
    index = [v[0] for v in street.villages].index(village)
    return _unit_code(street, 200 + index + 1)  # villages numbered 2xx, communities 0xx, as codes often are


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin", Role.DISTRICT_ADMIN, district.DISTRICT[0], "李卫东", "district leading-group office"
    ),
    DemoAccount(
        "qingbaishi", Role.STREET_OFFICER, _street_by_name("青白石街道").code, "赵文华", "Qingbaishi Street"
    ),
    DemoAccount(
        "donggang", Role.STREET_OFFICER, _street_by_name("东岗街道").code, "马建军", "Donggang Street"
    ),
    DemoAccount(
        "shigou", Role.CLERK, _village_code("青白石街道", "石沟村"), "孙丽娟", "Shigou Village clerk"
    ),
    DemoAccount(
        "changwa", Role.CLERK, _village_code("东岗街道", "长洼村"), "王海平", "Changwa Village clerk"
    ),
    DemoAccount("inspector", Role.INSPECTOR, district.DISTRICT[0], "周明", "district inspection team"),
    DemoAccount(
        "liaison", Role.LIAISON, _street_by_name("青白石街道").code, "刘佳", "liaison officer, Qingbaishi"
    ),
)


def division_csv() -> bytes:
    """The demo district as the division-import file a district would upload."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["区划代码", "名称", "英文名称", "层级", "上级代码", "类型", "涉农", "选举办法"])
    province, city, dist = district.PROVINCE, district.CITY, district.DISTRICT
    writer.writerow([province[0], province[1], province[2], "省", "", "", "", province[3]])
    writer.writerow([city[0], city[1], city[2], "市", province[0], "", "", ""])
    writer.writerow([dist[0], dist[1], dist[2], "区", city[0], "", "", ""])
    names = iter(district.community_names())
    for street in district.STREETS:
        writer.writerow(
            [
                street.code,
                street.name,
                street.name_en,
                "街道",
                dist[0],
                "",
                "是" if street.agricultural else "",
                "",
            ]
        )
        for i in range(street.communities):
            name, name_en = next(names)
            writer.writerow([_unit_code(street, i + 1), name, name_en, "社区", street.code, "社区", "", ""])
        for j, (name, name_en) in enumerate(street.villages):
            writer.writerow([_unit_code(street, 200 + j + 1), name, name_en, "村", street.code, "村", "", ""])
    return out.getvalue().encode("utf-8")


def is_loaded() -> bool:
    return Division.objects.filter(code=district.DISTRICT[0]).exists()


def build(scale: str = "small", seed: int = 2026, progress: Callable[[str], None] = print) -> None:
    """All or nothing: a build that fails half-way leaves no demo behind, so the next run starts clean."""
    with transaction.atomic():
        _build(scale, seed, progress)


def _build(scale: str, seed: int, progress: Callable[[str], None]) -> None:
    do_import_divisions("demo-district.csv", division_csv(), actor=SYSTEM)
    progress("divisions: 1 district, 24 streets, 125 communities, 18 villages")
    for account in ACCOUNTS:
        do_create_user(
            username=account.username,
            password=DEMO_PASSWORD,
            role=account.role,
            scope=Division.objects.get(code=account.scope_code),
            full_name=account.full_name,
            email=f"{account.username}@chengguan.example.cn",
            actor=SYSTEM,
        )
    progress(f"accounts: {len(ACCOUNTS)}")
    per_village, per_community = SCALES[scale]
    total = _load_residents(per_village, per_community, seed, actor=SYSTEM)
    progress(f"residents: {total}")
    district_division = Division.objects.get(code=district.DISTRICT[0])
    rnd = build_round(
        district_division, as_of=clock.today(), seed=seed, leading_group=_leading_group(), progress=progress
    )
    # The previous term's teams, as the office imports them for the statistics (huanjie.reports).
    progress(f"previous term: {build_previous_term(rnd, seed)} members")
    _record_build(scale, seed, total, actor=SYSTEM)


@action("demo.residents", capability=None)
def _load_residents(per_village: int, per_community: int, seed: int, *, actor: SystemActor) -> int:
    """The synthetic residents of every unit, written in bulk (the import's checks are the voters app's;
    these people are made valid)."""
    today = timezone.localdate()
    total = 0
    units = Division.objects.filter(level=Level.UNIT).order_by("code")
    for unit in units:
        count = per_village if unit.kind == "village" else per_community
        batch: list[Resident] = []
        seen: set[str] = set()
        for person in residents(unit.code, count, today, seed):
            if person.id_number in seen:
                continue
            seen.add(person.id_number)
            batch.append(
                Resident(
                    unit=unit,
                    name=person.name,
                    sex=person.sex,
                    birth_year=person.birth_date.year,
                    id_hash=idcrypto.id_hash(person.id_number),
                    id_masked=idcrypto.mask(person.id_number),
                    id_cipher=idcrypto.encrypt(person.id_number),
                    group=person.group,
                    household=person.household,
                    hukou_here=person.hukou_here,
                    lives_here=person.lives_here,
                    living_since=person.living_since,
                    ethnicity=person.ethnicity,
                )
            )
        Resident.objects.bulk_create(batch, batch_size=2000)
        total += len(batch)
    audit(
        object_type="units.division",
        object_id=district.DISTRICT[0],
        object_repr=district.DISTRICT[1],
        division_path=Division.objects.get(code=district.DISTRICT[0]).path,
        after={"residents": total, "seed": seed},
    )
    return total


@action("demo.build", capability=None)
def _record_build(scale: str, seed: int, total: int, *, actor: SystemActor) -> None:
    """The build's own entry in the audit log, once everything else is written."""
    audit(
        object_type="units.division",
        object_id=district.DISTRICT[0],
        object_repr=district.DISTRICT[1],
        division_path=Division.objects.get(code=district.DISTRICT[0]).path,
        after={"scale": scale, "seed": seed, "residents": total, "as_of": clock.today()},
    )


def _leading_group() -> Callable[[Round, dt.date], None] | None:
    """The leading group's records of the seed (training, publicity, inspections, petitions, deadlines)."""
    try:
        from huanjie.demo.supervision import build_supervision_demo
    except ImportError:  # the supervision app is not installed in this deployment
        return None
    return build_supervision_demo


def accounts_table() -> str:
    lines = ["Demo accounts (password for all: " + DEMO_PASSWORD + ")", ""]
    lines.append(f"  {'user':<12} {'role':<18} {'scope':<14} note")
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS]).select_related("scope")
    }
    for a in ACCOUNTS:
        user = users.get(a.username)
        scope = user.scope.name if user and user.scope else "?"
        lines.append(f"  {a.username:<12} {a.role:<18} {scope:<14} {a.note}")
    return "\n".join(lines)
