"""The static publisher renders again only the pages whose inputs changed since its last run
(bulletin/publishplan.py): it reads the publication events the actions declare (bulletin/publications.py)
and each notice page's links, so a private write — even one about a unit of a street — renders nothing
again, and a new or corrected notice renders its unit's and street's pages and the notice pages that
point to it.

The plan reads the last run's manifest and state, never the files' content: the site here is the manifest
of every address with a placeholder file each, not rendered (tests/jobs/test_jobs.py publishes for real,
by jobs, and compares the result with a full publish)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from huanjie.bulletin.publisher import MANIFEST, Site, file_for, publish_state, write_state
from huanjie.bulletin.publishplan import COMMON, plan
from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_correct_notice
from huanjie.elections.models import Notice, Round
from huanjie.supervision.actions import do_add_staff_member
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import Division
from tests.conftest import TREE_CSV

QINGBAISHI, DONGGANG = "620102023000", "620102015000"  # Shigou and Shangping are Qingbaishi's


def _published(site: Path) -> None:
    """The site as a publish leaves it: every file in the manifest and on disk, the notice pages' keys,
    and the state."""
    state = publish_state()
    pages = Site()
    names = [file_for(p.address) for p in pages.pages] + [pages.pdf(row[0]) for row in pages.notices]
    for name in names:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(b"")
    keys = {file_for(p.address): pages.notice_keys[p.notice] for p in pages.pages if p.notice is not None}
    (site / MANIFEST).write_text(json.dumps({"files": dict.fromkeys(names, "0" * 64), "keys": keys}))
    write_state(site, state)
    assert pages.streets == [DONGGANG, QINGBAISHI]


def _rendered(site: Path) -> set[str]:
    """The pages the next publish renders again, the common pages (always rendered) aside."""
    pages = Site()
    todo = plan(site, publish_state(), pages)
    keys = json.loads((site / MANIFEST).read_text())["keys"]
    return {p.address for p in pages.pages if p.name not in COMMON and todo.renders(p, keys, pages)}


def test_only_the_pages_published_in_are_rendered_again(
    results: dict[str, Notice], tmp_path: Path, admin: Any
) -> None:
    site = tmp_path / "site"
    _published(site)
    assert _rendered(site) == set()

    # The office's own record of a unit (its election staff): no public page shows it.
    shigou = Division.objects.get(code="620102023201")
    do_add_staff_member(Round.objects.get(), division=shigou, name="孙丽娟", post="director", actor=SYSTEM)
    assert _rendered(site) == set()

    # A corrected notice of Shigou Village: its unit's and street's pages, the new version and every
    # notice page pointing to it; nothing of Donggang Street.
    old = results["shigou"]
    new = do_correct_notice(old, body_zh="更正。", body_en="Corrected.", actor=admin)
    rendered = _rendered(site)
    for address in (
        f"/notices/{new.pk}/",
        f"/en/notices/{new.pk}/",
        f"/notices/{old.pk}/",  # now "corrected", with a link to the new version
        "/units/620102023201/",
        "/en/units/620102023201/feed.atom",
        f"/streets/{QINGBAISHI}/",
    ):
        assert address in rendered, address
    assert f"/streets/{DONGGANG}/" not in rendered
    assert "/units/620102023202/" not in rendered  # Shangping, Shigou's neighbour, shows no Shigou notice
    assert {p.street for p in Site().pages if p.address in rendered} == {QINGBAISHI}


def test_a_missing_state_or_a_change_above_the_streets_renders_everything(
    results: dict[str, Notice], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    _published(site)
    state = publish_state()
    assert not plan(site, state, Site()).full
    # A state written by an earlier version (the audit log's sequence, not the edition).
    write_state(site, {k: v for k, v in state.items() if k != "edition"} | {"seq": 1})
    assert plan(site, state, Site()).full
    # Another day.
    write_state(site, state | {"day": "2000-01-01"})
    assert plan(site, state, Site()).full

    # A publication above the streets (the district renamed).
    _published(site)
    renamed = TREE_CSV.replace("城关区,Chengguan", "城关新区,Chengguan New")
    do_import_divisions("tree.csv", renamed.encode(), actor=SYSTEM)
    assert plan(site, publish_state(), Site()).full
