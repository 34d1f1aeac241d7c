"""Training: sessions, attendance ticked or imported, and who was not trained before registration."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import FileRejected
from huanjie.supervision.actions import (
    do_add_staff_member,
    do_import_attendance,
    do_mark_attendance,
    do_record_training,
)
from huanjie.supervision.coverage import coverage, registration_starts
from huanjie.supervision.models import Attendance, StaffMember, Training
from huanjie.units.models import Division
from tests.supervision.conftest import JINCHENG, SHANGPING, SHIGOU

pytestmark = pytest.mark.django_db

REGISTRATION = dt.date(2026, 12, 20)  # the committees' voter registration (election day 10 January)


def _training(rnd: Any, division: Any, held_on: dt.date, actor: Any = SYSTEM) -> Training:
    return do_record_training(
        rnd, division=division, title="换届选举业务培训", held_on=held_on, place="区委党校",
        audience="村(社区)书记、主任", topics="选举程序", actor=actor,
    )  # fmt: skip


def _sheet(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_knows_when_registration_starts(rnd: Any) -> None:
    starts = registration_starts(rnd)
    assert starts[Division.objects.get(code=SHIGOU).pk] == REGISTRATION


def test_it_lists_who_was_not_trained_before_registration(rnd: Any, tree: Any) -> None:
    shigou, shangping = Division.objects.get(code=SHIGOU), Division.objects.get(code=SHANGPING)
    early = do_add_staff_member(rnd, division=shigou, name="孙丽娟", post="director", actor=SYSTEM)
    late = do_add_staff_member(rnd, division=shangping, name="王海", post="secretary", actor=SYSTEM)
    never = do_add_staff_member(rnd, division=shangping, name="李红", post="director", actor=SYSTEM)
    street = do_add_staff_member(
        rnd, division=tree["Qingbaishi Street"], name="赵文华", post="secretary", actor=SYSTEM
    )
    district = _training(rnd, tree["Chengguan"], dt.date(2026, 11, 23))
    do_mark_attendance(district, candidates=[early, street], present={early.pk, street.pk}, actor=SYSTEM)
    makeup = _training(rnd, tree["Chengguan"], REGISTRATION)  # the day registration starts is too late
    do_mark_attendance(makeup, candidates=[late], present={late.pk}, actor=SYSTEM)
    rows = {r.staff.name: r for r in coverage(rnd, StaffMember.objects.all())}
    assert rows["孙丽娟"].status == "in_time"
    assert rows["赵文华"].status == "in_time" and rows["赵文华"].registration_starts == REGISTRATION
    assert rows["王海"].status == "late" and rows["王海"].trained_on == REGISTRATION
    assert rows["李红"].status == "missing" and rows["李红"].urgent(REGISTRATION)
    assert not rows["李红"].urgent(REGISTRATION - dt.timedelta(days=1))
    assert never.pk


def test_it_shows_coverage_and_filters_the_untrained(rnd: Any, client_for: Any, officer: Any) -> None:
    do_add_staff_member(
        rnd, division=Division.objects.get(code=SHANGPING), name="李红", post="director", actor=SYSTEM
    )
    do_add_staff_member(
        rnd, division=Division.objects.get(code=SHIGOU), name="孙丽娟", post="director", actor=SYSTEM
    )
    training = _training(rnd, Division.objects.get(code="620102023000"), dt.date(2026, 11, 28))
    do_mark_attendance(training, candidates=list(StaffMember.objects.filter(name="孙丽娟")),
                       present={StaffMember.objects.get(name="孙丽娟").pk}, actor=SYSTEM)  # fmt: skip
    body = client_for(officer).get("/office/supervision/training/coverage/?untrained=on").content.decode()
    assert "李红" in body and "孙丽娟" not in body and "2026年12月20日" in body


def test_it_imports_a_sign_in_sheet(rnd: Any, tree: Any) -> None:
    training = _training(rnd, tree["Chengguan"], dt.date(2026, 11, 23))
    data = _sheet([["姓名", "单位", "职务", "电话", "签到"],
                   ["孙丽娟", SHIGOU, "主任", "13800000000", "是"],
                   ["王海", "上坪村", "书记", "", ""],
                   ["李红", "金城社区", "选委会成员", "", "否"]])  # fmt: skip
    summary = do_import_attendance(training, "签到表.xlsx", data, actor=SYSTEM)
    assert summary == {"rows": 2, "added": 2, "new_staff": 2}
    assert set(training.attendees.values_list("name", flat=True)) == {"孙丽娟", "王海"}
    again = do_import_attendance(training, "签到表.xlsx", data, actor=SYSTEM)
    assert again == {"rows": 2, "added": 0, "new_staff": 0}


def test_it_refuses_a_malformed_sheet_whole(rnd: Any, tree: Any, officer: Any) -> None:
    training = _training(rnd, tree["Qingbaishi Street"], dt.date(2026, 11, 28), actor=officer)
    csv = "姓名,单位,职务\n孙丽娟,石沟村,主任\n,石沟村,书记\n王海,长洼村,书记\n李红,上坪村,厨师\n孙丽娟,石沟村,主任\n"
    with pytest.raises(FileRejected) as exc:
        do_import_attendance(training, "sheet.csv", csv.encode(), actor=officer)
    located = {(e.row, e.column, e.rule) for e in exc.value.errors}
    assert located == {(3, "name", "required"), (4, "division", "unknown"), (5, "post", "unknown"),
                       (6, "name", "duplicate")}  # fmt: skip
    assert not StaffMember.objects.exists() and not Attendance.objects.exists()
    with pytest.raises(FileRejected) as exc:
        do_import_attendance(training, "sheet.csv", "名字,单位\n孙丽娟,石沟村\n".encode(), actor=officer)
    assert {e.rule for e in exc.value.errors} == {"header"}


def test_it_ticks_attendance_on_the_page(rnd: Any, client_for: Any, admin: Any, tree: Any) -> None:
    a = do_add_staff_member(
        rnd, division=Division.objects.get(code=SHIGOU), name="孙丽娟", post="director", actor=SYSTEM
    )
    b = do_add_staff_member(
        rnd, division=Division.objects.get(code=JINCHENG), name="王海", post="secretary", actor=SYSTEM
    )
    training = _training(rnd, tree["Chengguan"], dt.date(2026, 11, 23))
    client = client_for(admin)
    url = f"/office/supervision/training/{training.pk}/"
    assert client.post(url, {"form": "tick", "present": [str(a.pk)]}).status_code == 302
    assert set(training.attendance.values_list("staff_id", flat=True)) == {a.pk}
    client.post(url, {"form": "tick", "present": [str(b.pk)]})
    assert set(training.attendance.values_list("staff_id", flat=True)) == {b.pk}
    bad = client.post(url, {"form": "import", "file": io.BytesIO(b"x")}, format="multipart")
    assert bad.status_code == 200
    body = client.get(url).content.decode()
    assert "王海" in body and "2026年11月23日" in body
    assert client.get(url + "?format=xlsx").content[:2] == b"PK"


def test_it_shows_a_page_error_for_a_bad_upload(rnd: Any, client_for: Any, admin: Any, tree: Any) -> None:
    training = _training(rnd, tree["Chengguan"], dt.date(2026, 11, 23))
    upload = io.BytesIO("姓名,单位\n孙丽娟,不存在村\n".encode())
    upload.name = "sheet.csv"
    body = client_for(admin).post(
        f"/office/supervision/training/{training.pk}/", {"form": "import", "file": upload}
    )
    text = body.content.decode()
    assert 'id="import-errors"' in text and "不存在村" in text
    assert not StaffMember.objects.exists()
