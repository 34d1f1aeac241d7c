"""sitefiles.Addresses: the same address reverse() gives, from one reverse() per view."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from huanjie.bulletin.sitefiles import Addresses


def test_it_gives_what_reverse_gives_even_for_arguments_that_look_like_its_marks() -> None:
    addresses = Addresses()
    cases = [
        ("home", ()),
        ("notice", (5,)),
        ("notice_en", (7,)),
        ("unit_en", ("620102023201",)),
        ("data_election_json", (1, "620102023201", "committee")),
        # An argument holding a later argument's mark is put in as it is, never searched again.
        ("data_election_json", (987654322, "987654323", "x")),
        ("data_election_json", (2, "398765432300", "party-branch")),
    ]
    for name, args in cases * 2:  # the second time from the kept pattern
        assert addresses(name, *args) == reverse(f"bulletin:{name}", args=args)


def test_anything_else_goes_through_reverse_and_its_errors() -> None:
    addresses = Addresses()
    assert addresses("unit", "a b") == reverse("bulletin:unit", args=["a b"])  # quoted
    with pytest.raises(NoReverseMatch):
        addresses("notice", "../admin")  # not an address argument: reverse's own error
