"""Importing a unit's or a district's file: every check with its bad row, all or nothing, idempotent."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook

from huanjie.auditlog.models import Event
from huanjie.core.errors import ActionError, FileRejected, NotAllowed
from huanjie.elections.models import Election, Round
from huanjie.voters import idcrypto
from huanjie.voters.actions import ImportRejected, do_import_voters
from huanjie.voters.models import Resident, Voter, VoterStatus
from tests.voters.conftest import DAYS_AHEAD, HEADER, SHIGOU, csv_file, good_rows, person

pytestmark = pytest.mark.django_db
FULL = [
    *HEADER,
    "性别",
    "出生日期",
    "本人表示参加",
    "申请日期",
    "会议同意日期",
    "被剥夺政治权利",
    "丧失行为能力",
]


def row(n: int, **over: Any) -> list[Any]:
    values = {
        "id": person(n),
        "name": f"张{n}",
        "unit": SHIGOU,
        "group": "第1村民小组",
        "household": f"{n:04d}",
        "hukou": "是",
        "lives": "是",
        "since": "",
        "sex": "",
        "birth": "",
        "wish": "",
        "applied": "",
        "approved": "",
        "deprived": "",
        "lost": "",
    }
    values.update(over)
    return list(values.values())


def test_it_imports_a_good_file_and_registers_the_voters(shigou: Election, admin: Any) -> None:
    summary = do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 30)), actor=admin)
    assert (summary.rows, summary.registered, summary.voters_added, summary.residents_added) == (
        30,
        30,
        30,
        30,
    )
    assert Voter.objects.filter(election=shigou, status=VoterStatus.REGISTERED, category="1").count() == 30
    r = Resident.objects.get(name="村民0")
    assert idcrypto.decrypt(r.id_cipher) == person(0)  # stored encrypted, hash and mask beside it
    assert r.id_hash == idcrypto.id_hash(person(0)) and "*" in r.id_masked
    assert Event.objects.filter(action="voters.import").count() == 1


def test_it_imports_the_same_file_again_without_changing_anything(shigou: Election, admin: Any) -> None:
    data = csv_file(good_rows(SHIGOU, 20))
    do_import_voters(shigou.round, "a.csv", data, actor=admin)
    before = list(Resident.objects.values_list("pk", "name", "id_cipher", "group").order_by("pk"))
    voters = list(Voter.objects.values_list("pk", "status", "created_at").order_by("pk"))
    again = do_import_voters(shigou.round, "a.csv", data, actor=admin)
    assert (again.voters_added, again.residents_added, again.residents_updated) == (0, 0, 0)
    assert list(Resident.objects.values_list("pk", "name", "id_cipher", "group").order_by("pk")) == before
    assert list(Voter.objects.values_list("pk", "status", "created_at").order_by("pk")) == voters


BAD_ROWS = [
    (
        "bad check digit",
        {"id": person(5)[:17] + ("0" if person(5)[17] != "0" else "1")},
        "id_number",
        "GB11643",
    ),
    ("bad birth date in the ID", {"id": "62010219991332" + "0013"}, "id_number", "GB11643"),
    ("short ID", {"id": "6201021990"}, "id_number", "GB11643"),
    ("missing ID", {"id": ""}, "id_number", "required"),
    ("missing name", {"name": ""}, "name", "required"),
    ("unknown unit", {"unit": "620102023299"}, "unit_code", "unit"),
    ("unit of another district", {"unit": "620103001001"}, "unit_code", "unit"),
    ("bad yes/no", {"hukou": "maybe"}, "hukou_here", "boolean"),
    ("bad date", {"hukou": "否", "since": "last spring"}, "living_since", "date"),
    ("birth date differs from the ID", {"birth": "1901-01-01"}, "birth_date", "birth_date"),
    ("sex differs from the ID", {"sex": "女"}, "sex", "sex"),
    ("no hukou, no residence date", {"hukou": "否"}, "living_since", "B2"),
    (
        "category 3 application without approval",
        {"hukou": "否", "since": "2015-01-01", "applied": "2026-01-02"},
        "approval_on",
        "B2",
    ),
    (
        "approval without application",
        {"hukou": "否", "since": "2015-01-01", "approved": "2026-01-02"},
        "application_on",
        "B2",
    ),
    (
        "approval before application",
        {"hukou": "否", "since": "2015-01-01", "applied": "2026-01-05", "approved": "2026-01-02"},
        "approval_on",
        "B2",
    ),
    ("future residence date", {"hukou": "否", "since": "2999-01-01"}, "living_since", "date"),
]


@pytest.mark.parametrize(("what", "bad", "column", "rule"), BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_it_refuses_the_whole_file_for_one_bad_row(
    shigou: Election, admin: Any, what: str, bad: dict[str, str], column: str, rule: str
) -> None:
    rows = [row(1), row(2), row(3, **bad), row(4)]
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "bad.csv", csv_file(rows, FULL), actor=admin)
    errors = info.value.errors
    assert [(e.row, e.column, e.rule) for e in errors] == [(4, column, rule)], what
    assert errors[0].message
    # The good rows of the same file are not imported either.
    assert not Resident.objects.exists() and not Voter.objects.exists()
    assert not Event.objects.filter(action="voters.import").exists()


def test_it_finds_duplicates_within_the_file(shigou: Election, admin: Any) -> None:
    rows = [row(1), row(2), row(1, name="张一")]
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "dup.csv", csv_file(rows, FULL), actor=admin)
    [error] = info.value.errors
    assert (error.row, error.column, error.rule) == (4, "id_number", "duplicate_in_file")
    assert "2" in error.message  # names the first row
    assert not Resident.objects.exists()


def test_it_never_puts_an_id_number_in_a_message(shigou: Election, admin: Any) -> None:
    bad = person(7)[:17] + ("0" if person(7)[17] != "0" else "1")
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "bad.csv", csv_file([row(7, id=bad), row(7)], FULL), actor=admin)
    for e in info.value.errors:
        assert bad[6:14] not in e.message and person(7) not in e.message


def test_it_keeps_minors_as_residents_and_applies_the_categories(shigou: Election, admin: Any) -> None:
    day = shigou.election_day
    assert day is not None
    turns_18_on_the_day = make_born(day.replace(year=day.year - 18), 11)
    one_day_short = make_born(day.replace(year=day.year - 18) + dt.timedelta(days=1), 12)
    rows = [
        row(1),
        row(2, id=turns_18_on_the_day),
        row(3, id=one_day_short),
        row(4, lives="否", wish="是"),  # category 2 with the statement
        row(5, lives="否"),  # category 2 without it: not registered
        row(6, hukou="否", since="2015-01-01", applied="2026-01-02", approved="2026-01-09"),  # category 3
        row(7, hukou="否", since="2015-01-01"),  # no application: not registered
        row(8, hukou="否", since=(day - dt.timedelta(days=200)).isoformat()),  # < 12 months: no category
        row(9, deprived="是"),
        row(10, lost="是"),
    ]
    summary = do_import_voters(shigou.round, "mixed.csv", csv_file(rows, FULL), actor=admin)
    assert summary.rows == 10 and summary.residents_added == 10
    registered = dict(
        Voter.objects.filter(election=shigou, status="registered").values_list("resident__name", "category")
    )
    assert registered == {"张1": "1", "张2": "1", "张4": "2", "张6": "3"}
    excluded = dict(Voter.objects.filter(status="excluded").values_list("resident__name", "removed_reason"))
    assert excluded == {"张9": "deprived", "张10": "lost_capacity"}
    assert sorted((n.row, n.rule) for n in summary.notes) == [(4, "B1"), (6, "B2"), (8, "B2"), (9, "B2")]
    cat3 = Voter.objects.get(resident__name="张6")
    assert cat3.application_on == dt.date(2026, 1, 2) and cat3.approval_on == dt.date(2026, 1, 9)
    assert cat3.approval_by == "村民会议"


def make_born(born: dt.date, n: int) -> str:
    from huanjie.demo.people import make_id_number

    return make_id_number("620102", born, n, "male")


def test_it_refuses_a_bad_header_and_a_file_of_another_kind(shigou: Election, admin: Any) -> None:
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "x.csv", b"\xe5\xa7\x93\xe5\x90\x8d,foo\n", actor=admin)
    assert {(e.column, e.rule) for e in info.value.errors} >= {("foo", "header"), ("id_number", "header")}
    with pytest.raises(FileRejected):
        do_import_voters(shigou.round, "x.pdf", b"%PDF", actor=admin)


def test_it_reads_xlsx_with_english_headers(shigou: Election, admin: Any) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id_number", "name", "unit_code", "group", "hukou_here", "lives_here"])
    for i in range(5):
        sheet.append([person(i), f"李{i}", SHIGOU, "第2村民小组", "yes", "yes"])
    out = io.BytesIO()
    book.save(out)
    summary = do_import_voters(shigou.round, "f.xlsx", out.getvalue(), actor=admin)
    assert summary.registered == 5


def test_it_holds_a_units_file_to_that_unit(shigou: Election, shangping: Election, clerk: Any) -> None:
    rows = [
        [person(1), "甲", SHIGOU, "", "", "是", "是", ""],
        [person(2), "乙", "620102023202", "", "", "是", "是", ""],
    ]
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "f.csv", csv_file(rows), unit=shigou.unit, actor=clerk)
    assert [(e.row, e.rule) for e in info.value.errors] == [(3, "unit")]
    # Without the column, the unit's file takes the unit.
    header = ["身份证号", "姓名", "户籍在本村", "居住在本村"]
    summary = do_import_voters(
        shigou.round,
        "f.csv",
        csv_file([[person(1), "甲", "是", "是"]], header),
        unit=shigou.unit,
        actor=clerk,
    )
    assert summary.registered == 1


def test_it_keeps_a_clerk_to_their_unit(
    shigou: Election, shangping: Election, clerk: Any, inspector: Any
) -> None:
    with pytest.raises(NotAllowed):
        do_import_voters(
            shigou.round, "f.csv", csv_file(good_rows("620102023202", 2)), unit=shangping.unit, actor=clerk
        )
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "f.csv", csv_file(good_rows("620102023202", 2)), actor=clerk)
    assert {e.rule for e in info.value.errors} == {"scope"}
    with pytest.raises(NotAllowed):
        do_import_voters(shigou.round, "f.csv", csv_file(good_rows(SHIGOU, 2)), actor=inspector)


def test_it_needs_the_election_day(rnd: Round, admin: Any) -> None:
    with pytest.raises(FileRejected) as info:
        do_import_voters(rnd, "f.csv", csv_file(good_rows(SHIGOU, 2)), actor=admin)
    assert {e.rule for e in info.value.errors} == {"election_day"}


def test_it_refuses_a_unit_without_a_committee_election(days: Round, admin: Any, tree: Any) -> None:
    with pytest.raises(ActionError):
        do_import_voters(days, "f.csv", csv_file([]), unit=tree["Qingbaishi Street"], actor=admin)


def test_it_reports_the_rows_not_registered_with_the_errors(shigou: Election, admin: Any) -> None:
    day = shigou.election_day
    assert day is not None
    rows = [row(1, id=make_born(day - dt.timedelta(days=365 * 10), 3)), row(2, hukou="bad")]
    with pytest.raises(ImportRejected) as info:
        do_import_voters(shigou.round, "f.csv", csv_file(rows, FULL), actor=admin)
    assert [n.rule for n in info.value.notes] == ["B1"]
    assert DAYS_AHEAD > 20
