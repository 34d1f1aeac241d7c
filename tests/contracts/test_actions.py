"""Contracts of the one way to act (core.actions), read from the source like tests/rules/test_purity.py:

- an ORM write (save, create, update, delete, bulk_*, get_or_create, update_or_create) only in a module of
  actions — one that defines `@action` functions — or in the few infrastructure modules named below;
- every `do_*` function is an `@action`;
- no call passes `actor=None` to an action (the system is `core.actions.SYSTEM`);
- every action records exactly one audit event: counted at run time by the mechanism itself and by the
  autouse fixture of tests/conftest.py in every test (checked here to be installed).

Modules not yet converted would be listed in NOT_YET_CONVERTED (now empty); the list is checked both
ways, so it can only shrink: a module that is converted must leave it, and a module not listed must obey.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import huanjie
from huanjie.core import actions

ROOT = Path(huanjie.__file__).parent
REPO = ROOT.parent
WRITES = {
    "save",
    "delete",
    "bulk_create",
    "bulk_update",
    "update_or_create",
    "get_or_create",
    "create",
    "update",
}
QUERYSET = {"objects", "filter", "exclude", "all", "select_for_update"}
NOT_ORM = {"book", "word", "super", "default_storage", "storage"}  # spreadsheets and documents saved to
# bytes; files in the shared storage (jobs' results, notices' PDFs); a model's own save()

# Writes that are not actions by design, each for its reason.
INFRASTRUCTURE = {
    "auditlog/record.py": "the audit chain itself: every action's event",
    "auditlog/rekey.py": "re-keys the chain in place; it cannot append to the chain it rewrites",
    "auditlog/access.py": "the access log of personal data: one row per read, no chain (docs/security.md)",
    "bulletin/publications.py": "the record of the actions' publication events and the pages' edition",
    "elections/snapshot.py": "the progress roll-up, derived data remade by actions' on-commit hooks",
    "party/recount.py": "a data migration's helper, on the migration's historical models",
    "jobs/context.py": "a job's own bookkeeping (progress, log, result): its start is the audited action",
    "jobs/runner.py": "claiming, heartbeats and finishing of jobs: the runner's state, not the records",
    "jobs/kinds.py": "a notice's PDF job queued inside the publishing action, which records its event; the "
    "digest's delivery ledger, claimed before a mail leaves",
}

# Modules still written the old way (hand-made checks, `actor=None` meaning the system, their own
# transaction and record()), exempted while they are converted app by app. Empty: every app is converted.
# The list can only shrink: an entry must still need converting (see the test below).
NOT_YET_CONVERTED: set[str] = set()


def _modules(root: Path) -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(root.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(root).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _receiver(node: ast.expr) -> list[str]:
    """The names along a call's receiver: `Voter.objects.filter(...).update` → [filter, objects, Voter]."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.append(node.id)
            return names


def orm_writes(tree: ast.AST) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            names = _receiver(node.func.value)
            if NOT_ORM & set(names):
                continue
            if node.func.attr == "save" or QUERYSET & set(names):
                found.append((node.lineno, node.func.attr))
    return found


def _is_action(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(target, ast.Name) and target.id == "action") or (
        isinstance(target, ast.Attribute) and target.attr == "action"
    )


def action_functions(tree: ast.Module) -> dict[str, bool]:
    """The module's top-level functions that are actions, or are named like one: name → decorated."""
    return {
        node.name: any(_is_action(d) for d in node.decorator_list)
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and (node.name.startswith("do_") or any(_is_action(d) for d in node.decorator_list))
    }


def undecorated_do(tree: ast.Module) -> list[str]:
    return [
        name for name, decorated in action_functions(tree).items() if name.startswith("do_") and not decorated
    ]


def none_actors(tree: ast.AST, names: set[str]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in names and any(
            k.arg == "actor" and isinstance(k.value, ast.Constant) and k.value.value is None
            for k in node.keywords
        ):
            found.append((node.lineno, name))
    return found


MODULES = dict(_modules(ROOT))
ACTION_MODULES = {name for name, tree in MODULES.items() if any(action_functions(tree).values())}
ACTION_NAMES = {f for name in ACTION_MODULES for f, d in action_functions(MODULES[name]).items() if d}


def test_it_finds_the_actions() -> None:
    assert {
        "accounts/actions.py",
        "units/actions.py",
        "voters/actions.py",
        "reports/actions.py",
    } <= ACTION_MODULES
    assert {"do_import_divisions", "do_create_user", "do_build_roll"} <= ACTION_NAMES


def test_orm_writes_are_in_action_modules_only() -> None:
    allowed = ACTION_MODULES | set(INFRASTRUCTURE) | NOT_YET_CONVERTED
    bad = [
        f"huanjie/{name}:{line}: .{what}()"
        for name, tree in MODULES.items()
        if name not in allowed and not name.endswith("models.py")  # a model's own save() override
        for line, what in orm_writes(tree)
    ]
    assert bad == []


def test_models_write_only_themselves() -> None:
    """models.py may override save(), calling super(): nothing else."""
    bad = [
        f"huanjie/{name}:{line}"
        for name, tree in MODULES.items()
        if name.endswith("models.py")
        for line, _what in orm_writes(tree)
    ]
    assert bad == []


def test_every_do_function_is_an_action() -> None:
    bad = [
        f"huanjie/{name}: {fn}"
        for name, tree in MODULES.items()
        if name not in NOT_YET_CONVERTED
        for fn in undecorated_do(tree)
    ]
    assert bad == []


def test_the_list_of_modules_to_convert_only_shrinks() -> None:
    """A module on the list must still have something to convert: an undecorated do_* or an ORM write
    outside an action module. Once converted, it leaves the list and the other tests hold it."""
    done = [
        name
        for name in sorted(NOT_YET_CONVERTED)
        if name in MODULES
        and not undecorated_do(MODULES[name])
        and not (name not in ACTION_MODULES and name not in INFRASTRUCTURE and orm_writes(MODULES[name]))
    ]
    assert done == [] and set(MODULES) >= NOT_YET_CONVERTED


def test_nobody_passes_none_as_the_actor_of_an_action() -> None:
    bad = [
        f"{folder}/{name}:{line}: {fn}(actor=None)"
        for folder in ("huanjie", "tests", "bench")
        for name, tree in _modules(REPO / folder)
        for line, fn in none_actors(tree, ACTION_NAMES)
    ]
    assert bad == []


def test_the_event_counter_runs_in_every_test() -> None:
    """tests/conftest.py's autouse fixture watches every action of every test for a miscount."""
    assert any(getattr(o, "__qualname__", "").startswith("_one_event_per_action") for o in actions.observers)


# --- the checks themselves fail on what they forbid ----------------------------------------------------


BROKEN = """
from huanjie.core.actions import action

def helper(voter):
    voter.save(update_fields=["status"])
    Voter.objects.filter(pk=1).update(status="x")
    Voter.objects.bulk_create([])
    book.save()

def do_remove(voter, *, actor):
    return voter

@action("voters.add", capability=None)
def do_add(voter, *, actor):
    return voter

def caller():
    do_add(1, actor=None)
    do_add(1, actor=SYSTEM)
"""


def test_the_checks_see_what_they_forbid() -> None:
    tree = ast.parse(BROKEN)
    assert orm_writes(tree) == [(5, "save"), (6, "update"), (7, "bulk_create")]
    assert undecorated_do(tree) == ["do_remove"]
    assert none_actors(tree, {"do_add"}) == [(18, "do_add")]
