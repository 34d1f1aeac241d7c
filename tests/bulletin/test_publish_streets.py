"""The static publisher writes again only the streets published in since its last run
(publisher.clean_streets): it reads the publication events the actions declared (bulletin/publications.py),
so a private write — even one about a unit of a street — keeps every street's part as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from huanjie.bulletin.publisher import Parts, clean_streets, publish, publish_state, write_state
from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_correct_notice
from huanjie.elections.models import Notice, Round
from huanjie.supervision.actions import do_add_staff_member
from huanjie.units.models import Division

QINGBAISHI, DONGGANG = "620102023000", "620102015000"  # Shigou and Shangping are Qingbaishi's


def _published(site: Path) -> list[str]:
    state = publish_state()
    publish(site)
    write_state(site, state)
    streets = Parts().streets()
    assert streets == [DONGGANG, QINGBAISHI]
    return streets


def test_a_private_write_in_a_street_keeps_every_part(results: dict[str, Notice], tmp_path: Path) -> None:
    site = tmp_path / "site"
    streets = _published(site)
    assert sorted(clean_streets(site, streets, publish_state())) == streets
    shigou = Division.objects.get(code="620102023201")
    do_add_staff_member(
        Round.objects.get(), division=shigou, name="孙丽娟", post="director", actor=SYSTEM
    )  # the office's own record of a unit: no public page shows it
    assert sorted(clean_streets(site, streets, publish_state())) == streets


def test_a_publication_in_a_unit_rewrites_its_street_only(
    results: dict[str, Notice], tmp_path: Path, admin: Any
) -> None:
    site = tmp_path / "site"
    streets = _published(site)
    do_correct_notice(results["shigou"], body_zh="更正。", body_en="Corrected.", actor=admin)
    kept = clean_streets(site, streets, publish_state())
    assert list(kept) == [DONGGANG]
    files, _keys = kept[DONGGANG]
    assert "streets/620102015000/index.html" in files


def test_a_publication_above_the_streets_rewrites_them_all(
    results: dict[str, Notice], tmp_path: Path
) -> None:
    from huanjie.units.actions import do_import_divisions
    from tests.conftest import TREE_CSV

    site = tmp_path / "site"
    streets = _published(site)
    renamed = TREE_CSV.replace("城关区,Chengguan", "城关新区,Chengguan New")
    do_import_divisions("tree.csv", renamed.encode(), actor=SYSTEM)
    assert clean_streets(site, streets, publish_state()) == {}


def test_a_state_without_an_edition_rewrites_them_all(results: dict[str, Notice], tmp_path: Path) -> None:
    """A state written by an earlier version (the audit log's sequence, not the edition)."""
    site = tmp_path / "site"
    streets = _published(site)
    state = publish_state()
    old = {k: v for k, v in state.items() if k != "edition"} | {"seq": 1}
    write_state(site, old)
    assert clean_streets(site, streets, state) == {}
