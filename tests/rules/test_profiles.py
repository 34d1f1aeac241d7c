from __future__ import annotations

import dataclasses
from importlib import resources
from pathlib import Path

import pytest

from huanjie.rules import profiles
from huanjie.rules.profiles import ProfileError, available, from_toml, load, parameters

NATIONAL = resources.files(profiles.__name__).joinpath("national.toml").read_text(encoding="utf-8")


def test_it_ships_the_six_profiles() -> None:
    assert available() == ["beijing", "gansu", "henan", "national", "shanghai", "zhejiang"]


@pytest.mark.parametrize("name", available())
def test_it_gives_every_parameter_a_source(name: str) -> None:
    profile = load(name)
    assert profile.name == name
    for parameter in parameters():
        assert profile.source(parameter).strip()
        assert parameter in profile.article(parameter)


def test_it_marks_unverified_gansu_values() -> None:
    gansu, national = load("gansu"), load("national")
    warned = [p for p in parameters() if "⚠ Gansu value not verified; national value used" in gansu.source(p)]
    assert "runoff_max_days" in warned and "candidate_list_days_before" in warned
    for parameter in warned:
        assert getattr(gansu, parameter) == getattr(national, parameter)
    assert gansu.near_relative_avoidance and gansu.proxy_cap == 3
    assert "⚠" in gansu.source("term_years") and gansu.term_years == 5


def test_it_reads_the_provincial_values() -> None:
    zj, sh, bj, hn, nat = (load(n) for n in ("zhejiang", "shanghai", "beijing", "henan", "national"))
    assert (zj.women_rule, zj.runoff_max_days, zj.vacancy_min_elected) == ("separate_post", 30, 3)
    assert (sh.proxy_request_days_before, sh.proxy_list_days_before) == (5, 2)
    assert (bj.women_rule, bj.runoff_max_days, bj.vacancy_requires_director) == (
        "reserved_position",
        15,
        True,
    )
    assert (hn.reconciliation_against, hn.runoff_turnout_required, hn.cat3_extra_needs) == (
        "issued",
        True,
        ("hukou_certificate",),
    )
    assert nat.proxy_cap is None and "no cap" in nat.source("proxy_cap")
    assert [c.key for c in sh.extra_categories] == ["stable_resident", "married_in", "collective_member"]


def test_it_is_cached_and_frozen() -> None:
    assert load("national") is load("national")
    with pytest.raises(dataclasses.FrozenInstanceError):
        load("national").proxy_cap = 3  # type: ignore[misc]


def _broken(old: str, new: str) -> str:
    assert old in NATIONAL
    return NATIONAL.replace(old, new, 1)


MEMBER_MARGIN = '{ post = "member", fewest = 1 }'


@pytest.mark.parametrize(
    "item",
    [
        '{ post = "member", fewest = 0 }',  # OL Art.15: more candidates than seats
        '{ post = "member", fewest = 2, most = 1 }',
        '{ post = "member", fewest = true }',
        '{ post = "member", fewest = 1, most = "two" }',
        '{ post = "secretary", fewest = 1 }',
        "{ fewest = 1 }",
        '"member"',
    ],
)
def test_it_refuses_a_margin_that_is_not_lawful(item: str) -> None:
    with pytest.raises(ProfileError) as err:
        from_toml(_broken(MEMBER_MARGIN, item))
    assert str(err.value).startswith("candidate_margins.value[3]:")


def test_it_needs_a_margin_for_every_post() -> None:
    with pytest.raises(ProfileError, match="one margin for each"):
        from_toml(_broken(MEMBER_MARGIN, '{ post = "director", fewest = 1 }'))
    with pytest.raises(ProfileError, match=r"candidate_margins.value\[0\]"):
        from_toml(_broken("[candidate_margins]\nvalue = [", "[candidate_margins]\nvalue = 3\nx = ["))


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (_broken('name = "national"', ""), "name"),
        (_broken('title_en = "National"', "title_en = 3"), "title_en"),
        (_broken("[term_years]\nvalue = 5\n", "[term_yearz]\nvalue = 5\n"), "term_yearz"),
        (NATIONAL + "\n[extra]\nx = 1\n", "extra"),
        (
            _broken(
                '[handover_days]\nvalue = 10\nsource = "OL Art.20 ✅ (handover within 10 days of the new committee)"',
                "",
            ),
            "handover_days",
        ),
        (
            _broken(
                '[handover_days]\nvalue = 10\nsource = "OL Art.20', '[handover_days]\nsource = "OL Art.20'
            ),
            "handover_days.value",
        ),
        (
            _broken(
                'value = 10\nsource = "OL Art.20 ✅ (handover within 10 days of the new committee)"',
                "value = 10",
            ),
            "handover_days.source",
        ),
        (_broken("[handover_days]\nvalue = 10", "[handover_days]\nvalue = -1"), "handover_days.value"),
        (_broken("[handover_days]\nvalue = 10", "[handover_days]\nvalue = true"), "handover_days.value"),
        (_broken("[women_required]\nvalue = true", "[women_required]\nvalue = 1"), "women_required.value"),
        (
            _broken("[cat3_extra_needs]\nvalue = []", "[cat3_extra_needs]\nvalue = [1]"),
            "cat3_extra_needs.value",
        ),
        (
            _broken('[overvote_scope]\nvalue = "post"', '[overvote_scope]\nvalue = "section"'),
            "overvote_scope.value",
        ),
        (
            _broken("[extra_categories]\nvalue = []", '[extra_categories]\nvalue = [{key = "x"}]'),
            "extra_categories.value[0]",
        ),
        (
            _broken("[extra_categories]\nvalue = []", "[extra_categories]\nvalue = 3"),
            "extra_categories.value[0]",
        ),
    ],
)
def test_it_refuses_a_broken_file_naming_the_parameter(text: str, field: str) -> None:
    with pytest.raises(ProfileError) as err:
        from_toml(text)
    assert str(err.value).startswith(f"{field}:")


def test_it_refuses_a_file_declaring_another_name() -> None:
    with pytest.raises(ProfileError, match="declares name"):
        from_toml(NATIONAL, "gansu")


def test_it_refuses_unknown_names() -> None:
    with pytest.raises(ProfileError, match="unknown profile 'mars'"):
        load("mars")
    with pytest.raises(ProfileError, match="not a profile parameter"):
        load("national").source("colour")


def test_it_builds_a_province_from_a_file_alone() -> None:
    text = NATIONAL.replace('name = "national"', 'name = "shanxi"').replace(
        '[women_rule]\nvalue = "none"', '[women_rule]\nvalue = "runoff_must_include_woman"'
    )
    assert from_toml(text, "shanxi").women_rule == "runoff_must_include_woman"


def test_it_documents_every_parameter() -> None:
    docs = Path(__file__).resolve().parents[2].joinpath("docs", "rules.md").read_text(encoding="utf-8")
    missing = [p for p in parameters() if f"`{p}`" not in docs]
    assert missing == []
