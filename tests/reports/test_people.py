"""Issue 17: the elected members' figures are their person records' — the resident's education, sex,
birth date and ethnicity — and the previous term is matched by ID number, or flagged, never by name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, FileRejected
from huanjie.demo.people import make_id_number
from huanjie.polling.elected import do_update_elected
from huanjie.polling.models import ElectedMember
from huanjie.reports.actions import do_import_previous_term
from huanjie.reports.data import load
from huanjie.reports.models import Match, PreviousMember
from huanjie.reports.resolve import do_resolve_person, person_of, rows_for
from huanjie.reports.stats import age_on, structure
from huanjie.units.models import Division
from huanjie.voters.models import Resident
from tests.reports.test_summary import WANG_ID

pytestmark = pytest.mark.django_db
OTHER_ID = make_id_number("620102", dt.date(1990, 1, 1), 7, "male")  # a namesake's: no one's here
HEADER = "村(社区)代码,组织,职务,姓名,性别,出生日期,学历,是否党员,民族,当选日期,身份证号\n"


def _figures(rnd: Any) -> Any:
    fig = load(rnd, Division.objects.get(code="620102000000"))
    return fig.teams[("village", "committee")], fig.teams[("village", "party")]


def test_it_computes_the_figures_from_the_resident_records(elected: Any) -> None:
    committee, party = _figures(elected)
    members = ElectedMember.objects.filter(election__round=elected).select_related("resident", "voting_round")
    for m in members:
        shown = next(p for p in committee + party if p.resident == m.resident_id and m.post in p.posts)
        assert m.resident is not None
        assert (shown.sex, shown.education, shown.ethnicity) == (
            m.resident.sex,
            m.resident.education,
            m.resident.ethnicity,
        )
        assert shown.age == age_on(m.resident.birth_date, m.voting_round.held_on)
    before = structure(committee)
    assert before.education is not None and before.college_plus == 1  # 王建国 college
    zhao = Resident.objects.get(name="赵强")
    member = ElectedMember.objects.get(election__round=elected, name="赵强")
    do_update_elected(member, details={"education": "university"}, actor=SYSTEM)
    zhao.refresh_from_db()
    assert zhao.education == "university"  # recorded on the person, once
    after = structure(_figures(elected)[0])
    assert after.education is not None and after.college_plus == 2


def test_it_matches_the_previous_term_by_id_number_and_flags_the_rest(elected: Any) -> None:
    rows = (
        HEADER
        + f"620102023201,党组织,委员,王建国,男,1981-05-01,高中,是,汉族,2021-12-20,{WANG_ID}\n"
        + "620102023201,党组织,委员,张福,男,1970-01-01,高中,是,汉族,2021-12-20,\n"
        + f"620102023201,党组织,委员,王建国,男,1990-01-01,初中,是,汉族,2021-12-20,{OTHER_ID}\n"
    )
    do_import_previous_term(elected, "previous.csv", rows.encode(), actor=SYSTEM)
    wang = Resident.objects.get(name="王建国")
    by_id, no_number, namesake = PreviousMember.objects.order_by("pk")
    assert (by_id.match, by_id.resident) == (Match.BY_ID, wang)
    # No number, and a namesake whose number is no one's here: flagged, never matched by name.
    assert (no_number.match, no_number.resident) == (Match.FLAGGED, None)
    assert (namesake.match, namesake.resident) == (Match.FLAGGED, None)
    party = _figures(elected)[1]
    assert all(p.reelected is None for p in party)  # unsure until the clerk has confirmed
    flagged = [r for r in rows_for(None, elected) if r.kind == "previous"]
    assert [r.name for r in flagged] == ["张福", "王建国"]
    zhang = Resident.objects.get(name="张福")
    with translation.override("en"), pytest.raises(ActionError, match="listed"):  # those of that name only
        person_of("previous", no_number, f"r{Resident.objects.get(name='赵强').pk}")
    do_resolve_person(no_number, person=zhang, actor=SYSTEM)
    do_resolve_person(namesake, person=None, actor=SYSTEM)
    no_number.refresh_from_db()
    assert (no_number.match, no_number.resident) == (Match.CONFIRMED, zhang)
    party = _figures(elected)[1]
    assert {p.name for p in party if p.reelected} == {"王建国", "张福"}
    assert {p.name for p in party if p.reelected is False} == {"刘芳"}
    assert not [r for r in rows_for(None, elected) if r.kind == "previous"]


def test_it_refuses_a_bad_id_number_without_echoing_it(elected: Any) -> None:
    rows = (
        HEADER + "620102023201,党组织,委员,王建国,男,1981-05-01,高中,是,汉族,2021-12-20,620102198105010012\n"
    )
    with pytest.raises(FileRejected) as caught:
        do_import_previous_term(elected, "previous.csv", rows.encode(), actor=SYSTEM)
    text = str([(e.row, e.column, e.message) for e in caught.value.errors])
    assert "id_number" in text and "620102198105010012" not in text
    assert not PreviousMember.objects.exists()


def test_it_keeps_the_day_of_birth_on_the_record_only(elected: Any) -> None:
    member = ElectedMember.objects.get(election__round=elected, name="李秀英")
    assert member.birth_date == dt.date(1991, 6, 1) and member.birth_year == 1991
    assert "birth_date" not in {f.name for f in ElectedMember._meta.concrete_fields}


def test_it_lets_the_clerk_confirm_a_flagged_row_on_the_page(
    client: Any, elected: Any, clerk: Any, liaison: Any
) -> None:
    rows = HEADER + "620102023201,党组织,委员,张福,男,1970-01-01,高中,是,汉族,2021-12-20,\n"
    do_import_previous_term(elected, "previous.csv", rows.encode(), actor=SYSTEM)
    row = PreviousMember.objects.get()
    zhang = Resident.objects.get(name="张福")
    client.force_login(liaison)  # Donggang Street: Shigou lies outside
    assert "张福" not in client.get(f"/office/reports/people-to-resolve/?round={elected.pk}").content.decode()
    url = f"/office/reports/people-to-resolve/previous/{row.pk}/"
    assert client.post(url, {"person": f"r{zhang.pk}"}).status_code in (403, 404)
    client.force_login(clerk)
    page = client.get(f"/office/reports/people-to-resolve/?round={elected.pk}").content.decode()
    assert "张福" in page and 'value="none"' in page  # "not a resident here"
    client.post(url, {"person": "r999999"})  # not among the options: refused, nothing changes
    row.refresh_from_db()
    assert row.match == Match.FLAGGED
    client.post(url, {"person": f"r{zhang.pk}"})
    row.refresh_from_db()
    assert (row.match, row.resident) == (Match.CONFIRMED, zhang)
