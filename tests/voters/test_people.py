"""Issue 17: a person's opaque reference and how namesakes are shown apart."""

from __future__ import annotations

from django.test import override_settings

from huanjie.voters.people import MEMBER, RESIDENT, Shown, office_label, person_ref, public_labels


def test_reference_is_stable_per_election_and_differs_between_people_and_elections() -> None:
    a = person_ref(7, RESIDENT, 101)
    assert a == person_ref(7, RESIDENT, 101)
    assert len(a) == 16 and a.startswith("p") and a.isalnum()
    assert (
        len({a, person_ref(7, RESIDENT, 102), person_ref(8, RESIDENT, 101), person_ref(7, MEMBER, 101)}) == 4
    )


def test_reference_depends_on_the_key_not_only_on_the_numbers() -> None:
    a = person_ref(7, RESIDENT, 101)
    with override_settings(ID_NUMBER_KEY="another master secret for this test"):
        assert person_ref(7, RESIDENT, 101) != a


def test_names_alone_when_no_one_shares_a_name() -> None:
    people = [Shown("p1", "王建国", "一组", 1970), Shown("p2", "李芳", "一组", 1980)]
    assert public_labels(people) == {"p1": "王建国", "p2": "李芳"}


def test_namesakes_are_told_apart_by_group_then_year_then_order() -> None:
    people = [
        Shown("p1", "王建国", "三组", 1970),
        Shown("p2", "王建国", "五组", 1985),
        Shown("p3", "张伟", "二组", 1975),
        Shown("p4", "张伟", "二组", 1990),
        Shown("p5", "刘强", "四组", 1966),
        Shown("p6", "刘强", "四组", 1966),
    ]
    labels = public_labels(people)
    assert labels["p1"] == "王建国（三组）" and labels["p2"] == "王建国（五组）"
    assert labels["p3"] != labels["p4"] and "1975" in labels["p3"] and "1990" in labels["p4"]
    assert labels["p5"] != labels["p6"]
    assert len(set(labels.values())) == len(people)


def test_office_label_names_the_group_and_year() -> None:
    assert office_label("王建国", "三组", 1970).startswith("王建国（三组，")
    assert "1970" in office_label("王建国", "三组", 1970)
    assert office_label("王建国") == "王建国"
