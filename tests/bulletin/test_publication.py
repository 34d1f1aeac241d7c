"""The page cache moves to a new edition on publication events only (core.actions `public=`): a change
of public content empties it; a private write, a login and a failed login do not."""

from __future__ import annotations

from typing import Any

from django.test import Client

from huanjie.accounts.actions import do_reset_password
from huanjie.bulletin import cache as bulletin_cache
from huanjie.core.actions import SYSTEM
from huanjie.units.actions import do_import_divisions
from tests.conftest import PASSWORD, TREE_CSV


def _edition() -> int:
    bulletin_cache.forget()
    return bulletin_cache.generation()


def test_a_public_change_moves_the_edition(tree: dict[str, Any]) -> None:
    before = _edition()
    renamed = TREE_CSV.replace("石沟村,Shigou Village", "石沟新村,Shigou New Village")
    do_import_divisions("tree.csv", renamed.encode(), actor=SYSTEM)
    assert _edition() == before + 1


def test_a_private_write_does_not(tree: dict[str, Any], admin: Any, clerk: Any) -> None:
    before = _edition()
    do_reset_password(clerk, password="another-long-password-8", actor=admin)
    assert _edition() == before


def test_a_login_and_a_failed_login_do_not(client: Client, admin: Any) -> None:
    before = _edition()
    assert Client().post("/office/login/", {"username": "admin", "password": "wrong"}).status_code == 200
    client.force_login(admin)
    assert client.post("/office/login/", {"username": "admin", "password": PASSWORD}).status_code in {
        200,
        302,
    }
    assert _edition() == before


def test_the_audit_anchors_follow_a_private_write(client: Client, admin: Any, clerk: Any) -> None:
    """The one public page that shows more than publications: the chain's head, which any event moves."""
    first = client.get("/data/audit-anchors.json")
    do_reset_password(clerk, password="another-long-password-8", actor=admin)
    again = client.get("/data/audit-anchors.json")
    assert first.status_code == again.status_code == 200 and first.content != again.content


def test_a_publication_is_recorded_with_its_place(tree: dict[str, Any], admin: Any, clerk: Any) -> None:
    from huanjie.bulletin.models import Publication
    from huanjie.bulletin.publications import edition
    from huanjie.core.actions import action as as_action
    from huanjie.core.actions import audit, publish

    @as_action("test.unit_notice", capability=None, scope=lambda unit: unit)
    def unit_notice(unit: Any, *, actor: Any) -> None:
        audit(unit)
        publish("notices")

    before = Publication.objects.count()
    do_reset_password(clerk, password="another-long-password-8", actor=admin)
    assert Publication.objects.count() == before  # a private write publishes nothing
    unit_notice(tree["Shigou Village"], actor=admin)
    assert Publication.objects.count() == before + 1
    last = Publication.objects.order_by("edition").last()
    assert last is not None
    assert (last.edition, last.what, last.event) == (edition(), "notices", "test.unit_notice")
    assert last.division_path == tree["Shigou Village"].path
