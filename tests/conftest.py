"""Personas for the app tests — district admin, street officer, village clerk, inspector, outsider —
whose data is made by calling actions (DESIGN.md). Imports are inside fixtures so that the rules tests
run without Django."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from django.test import Client

    from huanjie.accounts.models import User
    from huanjie.units.models import Division

PASSWORD = "a-long-test-password-7"

# Two districts: personas live in the first; the second is outside every persona's scope but the outsider's.
TREE_CSV = """区划代码,名称,英文名称,层级,上级代码,类型,涉农,选举办法
620000000000,甘肃省,Gansu,省,,,,gansu
620100000000,兰州市,Lanzhou,市,620000000000,,,
620102000000,城关区,Chengguan,区,620100000000,,,
620102023000,青白石街道,Qingbaishi Street,街道,620102000000,,是,
620102023201,石沟村,Shigou Village,村,620102023000,村,,
620102023202,上坪村,Shangping Village,村,620102023000,村,,
620102023001,金城社区,Jincheng Community,社区,620102023000,社区,,
620102015000,东岗街道,Donggang Street,街道,620102000000,,是,
620102015201,长洼村,Changwa Village,村,620102015000,村,,
620102015001,和平社区,Heping Community,社区,620102015000,社区,,
620103000000,七里河区,Qilihe,区,620100000000,,,
620103001000,西园街道,Xiyuan Street,街道,620103000000,,,
620103001001,西湖社区,Xihu Community,社区,620103001000,社区,,
"""


# The SQLite subset (`-m sqlite`; scripts/test.sh): the app suite runs whole on PostgreSQL, production's
# database, and on SQLite only what goes down a path of its own there. Each entry says why.
SQLITE_SUBSET = {
    "tests/voters/": "the import's fast path (voters/staging.py, bulk.py) and column types differ by vendor",
    "tests/units/": "scope is a LIKE on the division path (path__startswith)",
    "tests/auditlog/": "the chain head's lock: SELECT … FOR UPDATE is a no-op, IMMEDIATE transactions lock",
    "tests/party/test_recount.py": "the recount chain's head is locked the same way",
    "tests/elections/test_snapshot.py": "progress snapshots are JSON fields",
    "tests/polling/test_counting.py": "tallies and results are JSON fields",
    "tests/bulletin/test_verify.py": "a notice is found by a prefix of its digest (LIKE)",
    "tests/reports/test_summary_scope.py": "report queries filter by path prefix",
    "tests/supervision/test_scope.py": "supervision's scope filters by path prefix",
    "tests/accounts/test_lockouts.py": "django-axes' attempt counters under SQLite's write lock",
}
# Not on SQLite: the end-of-round demo (tests/demo), built once per run, on PostgreSQL. What its build does
# on SQLite — bulk inserts, the audit chain's lock, path scopes — the tests above exercise there.


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist each worker gets its own var directory (the papers cache, the databases of the
    commands a test starts): workers would otherwise overwrite each other's files. MEDIA_ROOT stays shared:
    the demo template's uploaded files (scripts/demo_template.py) live there for every clone, and uploads
    are stored under their content's digest, so two workers never write different bytes to one name."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    from django.conf import settings

    var = Path(settings.VAR_DIR) / worker
    var.mkdir(parents=True, exist_ok=True)
    os.environ["HUANJIE_VAR"] = str(var)  # for the subprocesses some tests start
    settings.VAR_DIR = var


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(str(config.rootpath))
    for item in items:
        where = Path(str(item.path)).relative_to(root).as_posix()
        if any(where.startswith(prefix) for prefix in SQLITE_SUBSET):
            item.add_marker(pytest.mark.sqlite)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """PBKDF2 at production strength costs a second a user; tests need none of it."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # to check what the demo made
    ]
    settings.HUANJIE_TODAY = ""  # tests run on the real date, whatever the shell's demo setting


@pytest.fixture(autouse=True)
def _one_event_per_action() -> Any:
    """Every action run by any test records exactly one audit event (core.actions): a miscount fails the
    test even where the code under test caught the ActionMiscount."""
    from huanjie.core import actions

    wrong: list[str] = []

    def observe(frame: actions.Frame) -> None:
        if frame.miscount:
            wrong.append(frame.miscount)

    actions.observers.append(observe)
    yield
    actions.observers.remove(observe)
    assert wrong == [], wrong


@pytest.fixture
def tree(db: Any) -> dict[str, Division]:
    from huanjie.core.actions import SYSTEM
    from huanjie.units.actions import do_import_divisions
    from huanjie.units.models import Division

    do_import_divisions("tree.csv", TREE_CSV.encode(), actor=SYSTEM)
    return {d.name_en: d for d in Division.objects.all()}


def _user(tree: dict[str, Division], username: str, role: str, scope: str) -> User:
    from huanjie.accounts.actions import do_create_user
    from huanjie.core.actions import SYSTEM

    return do_create_user(username=username, password=PASSWORD, role=role, scope=tree[scope], actor=SYSTEM)


@pytest.fixture
def admin(tree: dict[str, Division]) -> User:
    return _user(tree, "admin", "district_admin", "Chengguan")


@pytest.fixture
def officer(tree: dict[str, Division]) -> User:
    return _user(tree, "officer", "street_officer", "Qingbaishi Street")


@pytest.fixture
def clerk(tree: dict[str, Division]) -> User:
    return _user(tree, "clerk", "clerk", "Shigou Village")


@pytest.fixture
def inspector(tree: dict[str, Division]) -> User:
    return _user(tree, "inspector", "inspector", "Chengguan")


@pytest.fixture
def liaison(tree: dict[str, Division]) -> User:
    return _user(tree, "liaison", "liaison", "Donggang Street")


@pytest.fixture
def outsider(tree: dict[str, Division]) -> User:
    """A district administrator of the neighbouring district."""
    return _user(tree, "outsider", "district_admin", "Qilihe")


@pytest.fixture
def client_for(client: Client) -> Any:
    def login(user: User) -> Client:
        client.force_login(user)
        return client

    return login
