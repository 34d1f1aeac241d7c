"""The province summary (issue 19): the districts' rounds rolled up per city and district, as a Word or PDF
document made by a job split into a part per district. Its figures against the records counted here
independently, its scope (a district user: 404; a city user: their city only), and the split job's
document against the one made in one process."""

from __future__ import annotations

import datetime as dt
import io
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from huanjie.accounts.actions import do_create_user
from huanjie.accounts.models import Role, User
from huanjie.core import clock
from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_open_round
from huanjie.elections.models import Election, ElectionStage, Round
from huanjie.elections.progress import State as StageState
from huanjie.elections.progress import state_of
from huanjie.jobs.models import Job, State
from huanjie.polling.models import ElectedMember
from huanjie.reports import render
from huanjie.reports.actions import do_save_previous_term
from huanjie.reports.document import Table
from huanjie.reports.models import PreviousMember
from huanjie.reports.previous import PreviousRow
from huanjie.reports.province_figures import district_part
from huanjie.reports.province_summary import build_province_summary, compose, to_pdf
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import Division
from huanjie.voters.models import Resident

JINCHANG = """区划代码,名称,英文名称,层级,上级代码,类型,涉农,选举办法
620300000000,金昌市,Jinchang,市,620000000000,,,
620302000000,金川区,Jinchuan,区,620300000000,,,
620302001000,宁远堡镇,Ningyuanbao Town,镇,620302000000,,是,
620302001201,龙景村,Longjing Village,村,620302001000,村,,
"""
PREVIOUS_DAY = dt.date(2021, 12, 20)
# Shigou's previous villagers' committee: (name, post, education, party member); residents of the unit,
# so each row is matched to its person by the ID number's hash.
PREVIOUS = (("王建国", "director", "college", True), ("张福", "member", "senior", True),
            ("刘芳", "women_member", "junior", False))  # fmt: skip


@pytest.fixture(autouse=True)
def _jobs_here(settings: Any, tmp_path: Path) -> None:
    settings.JOBS_MODE = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def province(elected: Round, tree: dict[str, Division]) -> Round:
    """Three districts in two cities, each with a round: Chengguan with Shigou's teams elected and its
    previous villagers' committee imported; Qilihe (Lanzhou) and Jinchuan (Jinchang) with none yet."""
    do_import_divisions("jinchang.csv", JINCHANG.encode(), actor=SYSTEM)
    for code in ("620103000000", "620302000000"):
        do_open_round(
            district=Division.objects.get(code=code),
            name="2026年换届",
            profile="gansu",
            starts_on=elected.starts_on,
            ends_on=elected.ends_on,
            bodies=["party_branch", "villagers_committee", "residents_committee"],
            actor=SYSTEM,
        )
    shigou = Division.objects.get(code="620102023201")
    residents = {r.name: r for r in Resident.objects.filter(unit=shigou)}
    rows = [
        PreviousRow(n, shigou, "villagers_committee", post, name, residents[name].sex,
                    _birth(residents[name]), edu, party, "汉族", PREVIOUS_DAY, residents[name].id_hash)
        for n, (name, post, edu, party) in enumerate(PREVIOUS)
    ]  # fmt: skip
    do_save_previous_term(elected, rows, actor=SYSTEM, source="test")
    return elected


def _birth(resident: Resident) -> dt.date:
    from tests.reports.conftest import PEOPLE

    return PEOPLE[resident.name][1]


def _user(name: str, code: str, role: str = Role.INSPECTOR) -> User:
    return do_create_user(
        username=name,
        password="a-long-test-password-7",
        role=role,
        scope=Division.objects.get(code=code),
        actor=SYSTEM,
    )


def _table(doc: Any, caption: str) -> Table:
    return next(b for b in doc.blocks if isinstance(b, Table) and b.caption.startswith(caption))


def _row(table: Table, name: str) -> tuple[str, ...]:
    return next(r for r in table.rows if r[0].strip("\u3000") == name)


def _age(members: list[tuple[dt.date, dt.date]]) -> str:
    """Average age, one decimal, half up: counted here from birth dates and election days."""
    ages = [day.year - b.year - ((day.month, day.day) < (b.month, b.day)) for b, day in members]
    tenths = (Fraction(sum(ages) * 10, len(ages)) + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}"


def test_it_counts_the_teams_and_completion_as_the_records_say(province: Round) -> None:
    lanzhou_province = Division.objects.get(code="620000000000")
    doc = build_province_summary(lanzhou_province, lang="zh", today=clock.today())

    # The villagers' committee of Shigou, counted from the elected members' rows, one per person.
    now: dict[int, ElectedMember] = {}
    for m in ElectedMember.objects.filter(election__kind="villagers_committee").select_related(
        "voting_round"
    ):
        assert m.resident_id is not None
        now.setdefault(m.resident_id, m)
    before = list(PreviousMember.objects.filter(body="villagers_committee"))
    assert len(now) == 3 and len(before) == 3
    table = _table(doc, "村民委员会班子结构（本届/上届）")
    expect = (
        f"{len(now)}/{len(before)}",
        f"{_age([(m.birth_date, m.voting_round.held_on) for m in now.values() if m.birth_date])}/"
        f"{_age([(p.birth_date, p.elected_on) for p in before if p.birth_date])}",
    )
    women = f"{sum(m.sex == 'female' for m in now.values())}/{sum(p.sex == 'female' for p in before)}"
    college = (
        f"{sum(m.education in ('college', 'university') for m in now.values())}/"
        f"{sum(p.education in ('college', 'university') for p in before)}"
    )
    party = f"{sum(bool(m.party_member) for m in now.values())}/{sum(bool(p.party_member) for p in before)}"
    reelected = str(len(set(now) & {p.resident_id for p in before}))
    for name in ("兰州市", "城关区"):
        row = _row(table, name)
        assert row[1:3] == expect and (row[4], row[5], row[6], row[7]) == (college, women, party, reelected)
    # Jinchuan's village has no previous team: the province's total has no previous term to compare…
    assert _row(table, "合计")[1] == f"{len(now)}/—"
    assert "村民委员会：金川区未导入上届班子成员，无法与上届比较。" in doc.text()  # Qilihe has no village

    # The party branch: one-shoulder where the secretary is the director, in units with both teams.
    party_people = {
        m.resident_id
        for m in ElectedMember.objects.filter(election__kind="party_branch", resident__isnull=False)
    }
    secretaries = set(
        ElectedMember.objects.filter(election__kind="party_branch", post="secretary").values_list(
            "resident_id", flat=True
        )
    )
    directors = set(
        ElectedMember.objects.filter(election__kind="villagers_committee", post="director").values_list(
            "resident_id", flat=True
        )
    )
    shoulder = len(secretaries & directors)
    assert f"书记、主任“一肩挑”{shoulder}个，占两委均已选出的1个的100.0%" in doc.text()
    assert f"党组织班子成员交叉任职{len(party_people & set(now))}名" in doc.text()

    # Completion: every committee election's unit, counted by whether it finished by the round's end.
    completion = _table(doc, "各地换届完成情况")
    for name, code in (("城关区", "620102"), ("七里河区", "620103"), ("金川区", "620302"), ("合计", "62")):
        # A unit has finished when every one of its elections has (the party branch's too).
        elections = list(Election.objects.filter(unit__code__startswith=code).select_related("unit", "round"))
        units = {e.unit_id for e in elections}
        unfinished = {e.unit_id for e in elections if e.finished_on is None}
        late = {
            e.unit_id for e in elections if e.finished_on and e.finished_on > e.round.ends_on
        } - unfinished
        villages = len({e.unit_id for e in elections if e.unit.kind == "village"})
        row = _row(completion, name)
        assert row[2:7] == (str(villages), str(len(units) - villages), str(len(units - unfinished - late)),
                            str(len(late)), str(len(unfinished)))  # fmt: skip
    # Stages overdue and done late, by the progress pages' rule for one stage (state_of), stage by stage.
    for rnd in Round.objects.all():
        states = [state_of(s, clock.today()) for s in ElectionStage.objects.filter(election__round=rnd)]
        assert district_part(rnd, clock.today())["stages"] == [
            states.count(StageState.OVERDUE),
            states.count(StageState.LATE),
        ]
    assert [r[0] for r in completion.rows] == [
        "兰州市",
        "\u3000城关区",
        "\u3000七里河区",
        "金昌市",
        "\u3000金川区",
        "合计",
    ]


def test_a_district_user_gets_404_and_a_city_user_only_their_city(
    province: Round, admin: User, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(admin)
    url = reverse("jobs:start_province_summary")
    assert client.post(url, {"format": "docx"}).status_code == 404
    assert client.post(url, {"format": "docx", "division": "620000000000"}).status_code == 404
    assert not Job.objects.exists()

    lanzhou = _user("lanzhou", "620100000000")
    client = client_for(lanzhou)
    assert client.post(url, {"format": "docx", "division": "620300000000"}).status_code == 404
    page = client.get(reverse("reports:province"))
    assert (
        page.status_code == 200
        and "七里河区" in page.content.decode()
        and "金川区" not in page.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"format": "docx", "lang": "zh"})
    job = Job.objects.get(parent__isnull=True)
    assert response.status_code == 302 and job.state == State.DONE, job.error
    assert {p.params["round"] for p in job.parts.all()} == set(
        Round.objects.filter(district__code__in=["620102000000", "620103000000"]).values_list("pk", flat=True)
    )
    from docx import Document as Word

    word = Word(io.BytesIO(b"".join(client.get(reverse("jobs:result", args=[job.pk])).streaming_content)))
    text = "\n".join(p.text for p in word.paragraphs) + "".join(
        c.text for t in word.tables for row in t.rows for c in row.cells
    )
    assert "兰州市村（社区）“两委”换届选举工作情况汇总" in text and "城关区" in text and "金川区" not in text


def test_the_split_job_makes_the_document_of_one_process(
    province: Round, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    gansu = _user("gansu", "620000000000")
    client = client_for(gansu)
    for fmt in ("docx", "pdf"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("jobs:start_province_summary"), {"format": fmt, "lang": "en"})
        job = Job.objects.filter(parent__isnull=True).latest("pk")
        assert response.status_code == 302 and job.state == State.DONE, job.error
        parts = list(job.parts.order_by("pk"))
        assert len(parts) == 3 and all(p.state == State.DONE for p in parts)
        assert (job.done, job.total) == (4, 4)  # a part per district, then the document
        page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
        assert 'id="job-bar" max="100" value="100"' in page
        division = Division.objects.get(code="620000000000")
        alone = build_province_summary(division, lang="en", today=clock.today(), user=gansu)
        assert compose(division, [p.data for p in parts], lang="en", today=clock.today()) == alone
        stored = default_storage.open(job.result_file, "rb").read()
        expected = render.to_docx(alone) if fmt == "docx" else to_pdf(alone)
        if fmt == "pdf":
            assert stored == expected  # deterministic: the same content, the same bytes
        else:
            assert _docx_text(stored) == _docx_text(expected)
        assert job.result_name in page


def _docx_text(data: bytes) -> list[str]:
    from docx import Document as Word

    word = Word(io.BytesIO(data))
    return [p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells]
