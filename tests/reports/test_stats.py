"""Each statistic on hand-computed fixtures (huanjie.reports.stats: plain values, no database)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from huanjie.reports.stats import Person, completion, holders, pairing, percent, rounded, structure


def person(name: str, posts: tuple[str, ...], age: int | None, edu: str = "senior", **kw: object) -> Person:
    fields: dict[str, object] = {
        "unit": "U1", "unit_name": "石沟村", "street": "S1", "street_name": "青白石街道", "body": "party",
        "name": name, "posts": posts, "sex": "male", "age": age, "education": edu, "party_member": True,
        "ethnicity": "汉族", "reelected": False,
    }  # fmt: skip
    fields.update(kw)
    return Person(**fields)  # type: ignore[arg-type]


def test_it_computes_ages_bands_and_education_by_hand() -> None:
    team = [
        person("甲", ("committee_member", "secretary"), 45, "college"),
        person("乙", ("committee_member",), 35, "junior", sex="female"),
        person("丙", ("committee_member",), 56, "university", ethnicity="回族", reelected=True),
    ]
    s = structure(team)
    assert s.n == 3 and s.average_age == Fraction(136, 3) and rounded(s.average_age) == "45"
    assert rounded(s.average_age, 1) == "45.3"
    assert s.age_bands == (1, 1, 0, 1)  # 35 | 45 | — | 56
    assert s.education == {"primary": 0, "junior": 1, "senior": 0, "college": 1, "university": 1}
    assert (s.college_plus, s.senior_plus) == (2, 2)
    assert (s.women, s.party, s.minority, s.reelected, s.new) == (1, 3, 1, 1, 2)
    assert s.posts == {"committee_member": 3, "secretary": 1}
    assert structure(holders(team, "secretary")).average_age == 45


def test_it_reports_missing_data_instead_of_averaging_the_rest() -> None:
    s = structure([person("甲", ("secretary",), 40), person("乙", ("committee_member",), None, edu="")])
    assert s.average_age is None and s.age_bands is None and s.education is None
    assert s.missing_age == ("石沟村乙",) and s.missing_education == ("石沟村乙",)
    assert structure([person("甲", ("secretary",), 40, reelected=None)]).reelected is None


def test_it_counts_one_shoulder_and_cross_appointment() -> None:
    """By the person (the resident), never the name: 甲 is resident 1 in both teams; 上坪村's secretary
    and director are two namesakes 丁 (residents 4 and 5): not one shoulder."""
    party = [person("甲", ("secretary",), 45, resident=1), person("乙", ("committee_member",), 40, resident=2),
             person("丁", ("secretary",), 50, unit="U2", unit_name="上坪村", resident=4)]  # fmt: skip
    committee = [person("甲", ("director",), 45, body="committee", resident=1),
                 person("丙", ("member",), 30, body="committee", resident=3),
                 person("丁", ("director",), 39, body="committee", unit="U2", unit_name="上坪村", resident=5)]  # fmt: skip
    p = pairing(party, committee)
    assert (p.units_with_both, p.one_shoulder, p.one_shoulder_units) == (2, 1, ("石沟村",))
    assert (p.party_members_total, p.cross) == (3, 1)


def test_it_sorts_units_into_on_time_late_and_unfinished() -> None:
    end = dt.date(2027, 3, 31)
    c = completion(
        {"A": [dt.date(2027, 1, 5), dt.date(2027, 3, 31)], "B": [dt.date(2027, 4, 2), end], "C": [end, None]},
        {"A": "甲村", "B": "乙村", "C": "丙村"},
        end,
    )
    assert (c.units, c.on_time, c.late, c.unfinished) == (
        3,
        ("甲村",),
        (("乙村", dt.date(2027, 4, 2)),),
        ("丙村",),
    )


def test_it_rounds_half_up_without_floats() -> None:
    assert rounded(Fraction(89, 2)) == "45" and rounded(Fraction(179, 4), 1) == "44.8"
    assert (
        percent(1, 3) == "33.3%"
        and percent(2, 3) == "66.7%"
        and percent(None, 3) == "—"
        and percent(1, 0) == "—"
    )
