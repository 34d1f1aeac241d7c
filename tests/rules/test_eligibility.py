from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.eligibility import VoterFacts, age_on, check_voter, full_months
from huanjie.rules.profiles import load

D = date(2025, 6, 30)
NAT = load("national")
ADULT = date(1980, 5, 1)


def facts(**kw: object) -> VoterFacts:
    base: dict[str, object] = {"birth_date": ADULT, "hukou_here": True, "lives_here": True}
    return VoterFacts(**(base | kw))  # type: ignore[arg-type]


def test_it_counts_the_birthday_itself() -> None:
    assert age_on(date(2007, 6, 30), D) == 18
    assert age_on(date(2007, 7, 1), D) == 17
    assert age_on(date(2004, 2, 29), date(2022, 2, 28)) == 17
    assert age_on(date(2004, 2, 29), date(2022, 3, 1)) == 18


@given(st.dates(max_value=date(2030, 1, 1)), st.dates(max_value=date(2060, 1, 1)))
def test_it_ages_monotonically(birth: date, day: date) -> None:
    if day >= birth:
        assert 0 <= age_on(birth, day) <= day.year - birth.year


def test_it_counts_full_months() -> None:
    assert full_months(date(2024, 7, 30), D) == 11
    assert full_months(date(2024, 6, 30), D) == 12
    assert full_months(date(2024, 7, 1), D) == 11


def test_it_registers_category_one_automatically() -> None:
    d = check_voter(facts(), D, NAT)
    assert (d.eligible, d.category, d.needs) == (True, 1, ())
    assert d.reasons[-1].rule == "B2"


def test_it_asks_category_two_for_their_wish() -> None:
    d = check_voter(facts(lives_here=False), D, NAT)
    assert (d.eligible, d.category, d.needs) == (False, 2, ("wish_statement",))
    d = check_voter(facts(lives_here=False, provided=frozenset({"wish_statement"})), D, NAT)
    assert (d.eligible, d.category) == (True, 2)


def test_it_needs_a_year_application_and_approval_for_category_three() -> None:
    eleven = facts(hukou_here=False, living_here_since=date(2024, 7, 30))
    assert check_voter(eleven, D, NAT).category is None
    thirteen = facts(hukou_here=False, living_here_since=date(2024, 5, 30))
    d = check_voter(thirteen, D, NAT)
    assert (d.eligible, d.category, d.needs) == (False, 3, ("application", "assembly_approval"))
    hn = check_voter(thirteen, D, load("henan"))
    assert hn.needs == ("application", "assembly_approval", "hukou_certificate")


def test_it_refuses_a_non_resident_without_a_date() -> None:
    d = check_voter(facts(hukou_here=False, lives_here=True), D, NAT)
    assert (d.eligible, d.category) == (False, None)
    assert "0" in d.reasons[-1].text_en


def test_it_applies_provincial_categories() -> None:
    married = facts(hukou_here=False, lives_here=True, extra_category="married_in")
    sh = check_voter(married, D, load("shanghai"))
    assert (sh.eligible, sh.category, sh.needs) == (False, "married_in", ("election_committee_confirmation",))
    confirmed = facts(
        hukou_here=False, extra_category="married_in", provided=frozenset({"election_committee_confirmation"})
    )
    assert check_voter(confirmed, D, load("shanghai")).eligible
    assert check_voter(married, D, NAT).category is None


def test_it_excludes_with_every_reason() -> None:
    d = check_voter(
        facts(
            birth_date=date(2010, 1, 1),
            deprived_of_political_rights=True,
            lost_legal_capacity=True,
            registered_elsewhere=True,
            unreachable=True,
        ),
        D,
        load("beijing"),
    )
    assert not d.eligible and d.category == 1
    assert [r.rule for r in d.reasons] == ["B1", "B1", "B4", "B4", "B3", "B2"]
    assert [r.rule for r in check_voter(facts(unreachable=True), D, NAT).reasons] == ["B2"]
