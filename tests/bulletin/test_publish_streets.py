"""The static publisher writes again only the streets published in since its last run
(publisher.clean_streets): it reads the publication events the actions declare (bulletin/publications.py),
so a private write — even one about a unit of a street — keeps every street's part as it was.

clean_streets reads the last run's manifest, state and files, never their content: the site here is the
manifest of every address with a placeholder file each, not rendered (tests/jobs/test_jobs.py publishes
for real, by jobs, and compares the result with a full publish)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.urls import reverse

from huanjie.bulletin.publisher import (
    MANIFEST,
    Parts,
    clean_streets,
    file_for,
    page_addresses,
    publish_state,
    write_state,
)
from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_correct_notice
from huanjie.elections.models import Notice, Round
from huanjie.supervision.actions import do_add_staff_member
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import Division
from tests.conftest import TREE_CSV

QINGBAISHI, DONGGANG = "620102023000", "620102015000"  # Shigou and Shangping are Qingbaishi's


def _published(site: Path) -> list[str]:
    """The site as a publish leaves it: every file in the manifest and on disk, and the state."""
    state = publish_state()
    names = [file_for(a) for a in page_addresses()]
    names += [
        file_for(reverse("bulletin:notice_pdf", args=[pk]))
        for pk in Notice.objects.values_list("pk", flat=True)
    ]
    for name in names:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(b"")
    manifest = {"files": dict.fromkeys(names, "0" * 64), "keys": {}}
    (site / MANIFEST).write_text(json.dumps(manifest))
    write_state(site, state)
    streets = Parts().streets()
    assert streets == [DONGGANG, QINGBAISHI]
    return streets


def test_only_the_streets_published_in_are_written_again(
    results: dict[str, Notice], tmp_path: Path, admin: Any
) -> None:
    site = tmp_path / "site"
    streets = _published(site)
    assert sorted(clean_streets(site, streets, publish_state())) == streets

    # The office's own record of a unit (its election staff): no public page shows it.
    shigou = Division.objects.get(code="620102023201")
    do_add_staff_member(Round.objects.get(), division=shigou, name="孙丽娟", post="director", actor=SYSTEM)
    assert sorted(clean_streets(site, streets, publish_state())) == streets

    # A corrected notice of Shigou Village: its street, Qingbaishi, is written again; Donggang is kept whole.
    do_correct_notice(results["shigou"], body_zh="更正。", body_en="Corrected.", actor=admin)
    kept = clean_streets(site, streets, publish_state())
    assert list(kept) == [DONGGANG]
    assert "streets/620102015000/index.html" in kept[DONGGANG][0]

    # A file of a kept part gone: that street is written again too.
    _published(site)
    (site / "streets/620102015000/index.html").unlink()
    assert sorted(clean_streets(site, streets, publish_state())) == [QINGBAISHI]

    # A publication above the streets (the district renamed): every street.
    _published(site)
    renamed = TREE_CSV.replace("城关区,Chengguan", "城关新区,Chengguan New")
    do_import_divisions("tree.csv", renamed.encode(), actor=SYSTEM)
    assert clean_streets(site, streets, publish_state()) == {}


def test_a_state_without_an_edition_writes_every_street(results: dict[str, Notice], tmp_path: Path) -> None:
    """A state written by an earlier version (the audit log's sequence, not the edition)."""
    site = tmp_path / "site"
    streets = _published(site)
    state = publish_state()
    write_state(site, {k: v for k, v in state.items() if k != "edition"} | {"seq": 1})
    assert clean_streets(site, streets, state) == {}
