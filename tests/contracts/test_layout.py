"""Contracts of the layout (issue 16), read from the source without Django: each rule has a check over the
whole package and a check that the rule would catch a breach (so it cannot pass by finding nothing).

- a view never fetches with `.objects.get(`: one object is `get_visible(user, Model, **lookup)`
  (core/scope.py), which answers 404 outside the user's scope;
- no role comparison outside accounts: what a role may do is a capability (accounts/roles.py);
- no app imports `office`: what views share lives in `huanjie.web`;
- no import cycle between apps;
- no module over 500 lines (migrations and translations aside): a longer one is split by subject.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import huanjie

PACKAGE = Path(huanjie.__file__).parent
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)
TEMPLATES = sorted((PACKAGE / "templates").rglob("*.html"))


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def _is_view_module(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return len(parts) >= 2 and (parts[1] == "views.py" or parts[1] == "views")


# --- .objects.get( in a view ------------------------------------------------------------------------------

UNSCOPED_GET = re.compile(r"\.(objects|_default_manager)\.get\(|\bget_object_or_404\(")


def _unscoped_gets(source: str) -> list[int]:
    return [n for n, line in enumerate(source.splitlines(), 1) if UNSCOPED_GET.search(line)]


def test_no_view_fetches_with_objects_get() -> None:
    views = [p for p in MODULES if _is_view_module(p)]
    assert len(views) > 20, "the view modules were not found"
    bad = [f"{_rel(p)}:{n}" for p in views for n in _unscoped_gets(p.read_text(encoding="utf-8"))]
    assert bad == [], "use get_visible(user, Model, ...) from huanjie.core.scope"


def test_the_view_rule_would_catch_one() -> None:
    source = "x = Voter.objects.get(pk=pk)\ny = get_visible(user, Voter, pk=pk)\nz = get_object_or_404(Voter, pk=1)\n"
    assert _unscoped_gets(source) == [1, 3]


# --- role comparisons ---------------------------------------------------------------------------------------

# Not a permission but a fact about another account: a liaison officer's record may link only an account
# that IS a liaison officer's (a district administrator holds every capability, so no capability says
# it). This list may only shrink.
ROLE_ALLOWED = {"huanjie/supervision/actions/group.py"}

TEMPLATE_ROLE = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)")


def _role_comparisons(tree: ast.AST) -> list[int]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Attribute) and o.attr == "role" for o in operands):
                out.append(node.lineno)
    return out


def test_no_role_comparison_outside_accounts() -> None:
    bad = [
        f"{_rel(p)}:{n}"
        for p in MODULES
        if p.relative_to(PACKAGE).parts[0] != "accounts" and _rel(p) not in ROLE_ALLOWED
        for n in _role_comparisons(ast.parse(p.read_text(encoding="utf-8")))
    ]
    bad += [
        f"{_rel(t)}:{n}"
        for t in TEMPLATES
        for n, line in enumerate(t.read_text(encoding="utf-8").splitlines(), 1)
        if TEMPLATE_ROLE.search(line)
    ]
    assert bad == [], "ask can(user, Capability.X) (templates: user|can:'x'), not the role"


def test_the_role_rule_would_catch_one() -> None:
    tree = ast.parse('a = user.role == "clerk"\nb = u.role in (Role.CLERK,)\nc = can(user, Capability.X)\n')
    assert _role_comparisons(tree) == [1, 2]
    assert TEMPLATE_ROLE.search('{% if user.role != "clerk" %}')


def test_the_role_allow_list_holds_only_files_that_still_need_it() -> None:
    for name in ROLE_ALLOWED:
        path = PACKAGE.parent / name
        assert _role_comparisons(ast.parse(path.read_text(encoding="utf-8"))), (
            f"{name}: remove it from the list"
        )


# --- imports between apps -------------------------------------------------------------------------------


def _imports(tree: ast.Module) -> list[tuple[int, str]]:
    """Every import, but those under `if TYPE_CHECKING:` (they never run, so they cannot make a cycle)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.append((node.lineno, node.module))
    return out


def _app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "huanjie" and parts[1] in APPS else None


def _edges(modules: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) → where, from {"app/module.py": source}."""
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, source in modules.items():
        app = name.split("/")[0]
        for line, module in _imports(ast.parse(source)):
            target = _app_of(module)
            if target is not None and target != app:
                edges[(app, target)].append(f"{name}:{line}")
    return edges


def _package_edges() -> dict[tuple[str, str], list[str]]:
    return _edges({p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8") for p in MODULES})


def _cycles(edges: dict[tuple[str, str], list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for pair in edges if (pair[1], pair[0]) in edges}


def test_no_app_imports_office() -> None:
    bad = [
        where for (app, target), wheres in _package_edges().items() if target == "office" for where in wheres
    ]
    assert bad == [], "import what views share from huanjie.web"


def test_the_office_rule_would_catch_one() -> None:
    edges = _edges({"voters/views.py": "from huanjie.office.homes import x\n"})
    assert ("voters", "office") in edges


# No cycle is allowed. The last one (accounts <-> units) was broken by moving the capability names to
# core/capabilities.py: units names a capability without importing accounts, which imports units (an
# account's scope is a division). An entry here would have to say why and may only shrink.
CYCLES_ALLOWED: set[frozenset[str]] = set()


def test_no_import_cycle_between_apps() -> None:
    edges = _package_edges()
    found = _cycles(edges)
    new = {
        " <-> ".join(sorted(c)): [w for a in c for b in c if a != b for w in edges[(a, b)]]
        for c in found - CYCLES_ALLOWED
    }
    assert new == {}
    assert found >= CYCLES_ALLOWED, f"broken since: {CYCLES_ALLOWED - found}; remove them from the list"


def test_the_cycle_rule_would_catch_one_and_ignores_type_checking() -> None:
    edges = _edges(
        {
            "voters/views.py": "from huanjie.polling.models import Station\n",
            "polling/models.py": "from huanjie.voters.models import Voter\n",
            "core/scope.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from huanjie.accounts import m\n",
            "accounts/models.py": "from huanjie.core.scope import x\n",
        }
    )
    assert _cycles(edges) == {frozenset({"voters", "polling"})}


# --- module size ----------------------------------------------------------------------------------------------

MAX_LINES = 500
# Modules still over MAX_LINES, each with why it is not split yet. This list may only shrink (and a listed
# module may not grow past the length it had when listed).
LONG_ALLOWED: dict[str, int] = {}


def _long_modules(root: Path) -> dict[str, int]:
    """Every module under `root` over MAX_LINES, by its path from root's parent: migrations replay history
    and are not read as code; the locale directory holds no Python of ours."""
    out = {}
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or "locale" in path.parts:
            continue
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES:
            out[path.relative_to(root.parent).as_posix()] = n
    return out


def test_no_module_over_500_lines() -> None:
    found = _long_modules(PACKAGE)
    new = {name: n for name, n in found.items() if name not in LONG_ALLOWED}
    assert new == {}, "split these by subject (a package re-exporting its names keeps imports working)"
    grown = {name: n for name, n in found.items() if n > LONG_ALLOWED.get(name, MAX_LINES)}
    assert grown == {}, "a listed module may shrink, not grow"
    stale = sorted(set(LONG_ALLOWED) - set(found))
    assert stale == [], f"no longer over {MAX_LINES} lines: remove them from LONG_ALLOWED"


def test_the_size_rule_would_catch_one(tmp_path: Path) -> None:
    root = tmp_path / "huanjie"
    for name, lines in {
        "voters/big.py": MAX_LINES + 1,
        "voters/fits.py": MAX_LINES,
        "voters/migrations/0001_initial.py": 3 * MAX_LINES,
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n" * lines, encoding="utf-8")
    assert _long_modules(root) == {"huanjie/voters/big.py": MAX_LINES + 1}


# --- a view's own form handling -----------------------------------------------------------------------------

REFUSALS = {"ActionError", "FileRejected", "NotAllowed"}


def _refusal_catchers(tree: ast.AST, prefix: str = "") -> list[str]:
    """The functions (qualified by their class) that catch an action's refusal themselves."""
    out: list[str] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef) and any(
                isinstance(h, ast.ExceptHandler) and _names(h.type) & REFUSALS for h in ast.walk(node)
            ):
                out.append(name)
            out += _refusal_catchers(node, f"{name}.")
    return out


def _names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, ast.Tuple):
        return {n for e in node.elts for n in _names(e)}
    if isinstance(node, ast.Attribute):
        return {node.attr}
    return {node.id} if isinstance(node, ast.Name) else set()


def _view_catchers() -> set[str]:
    return {
        f"{_rel(p)}::{name}"
        for p in MODULES
        if _is_view_module(p)
        for name in _refusal_catchers(ast.parse(p.read_text(encoding="utf-8")))
    }


# Views that still turn a refusal into an answer themselves, each because it differs from what
# huanjie.web.forms.submit does (docs/architecture.md, "One form → action → response"). This list may only shrink.
CATCH_ALLOWED = {
    # a GuardError is one message a violated rule, cited; success adds notices and findings as further messages
    "huanjie/elections/views/election.py::complete_stage",
    # success answers with a warning or a success depending on the result (late, stage not completed)
    "huanjie/handover/views.py::sign_off",
    # a refusal names the item it concerns (one form a row of the list)
    "huanjie/handover/views.py::update_item",
    # success shows the recovery codes once, on the page: no redirect
    "huanjie/office/views/twofactor.py::two_factor",
    # a refused file's first errors are messages, with a link to them all
    "huanjie/party/views.py::import_members",
    # no form (a bare file input) and its own message for a refused file
    "huanjie/reports/views.py::previous",
    # success shows the import's summary on the page; a large file becomes a job; its own report
    "huanjie/voters/views/roll.py::import_voters",
}


def test_views_answer_forms_through_submit() -> None:
    new = sorted(_view_catchers() - CATCH_ALLOWED)
    assert new == [], "turn the posted form into an action and an answer with huanjie.web.forms.submit"


def test_the_catch_allow_list_holds_only_views_that_still_need_it() -> None:
    stale = sorted(CATCH_ALLOWED - _view_catchers())
    assert stale == [], "these no longer catch ActionError themselves: remove them from the list"


def test_the_catch_rule_would_catch_one() -> None:
    tree = ast.parse(
        "def a(r):\n    try:\n        x()\n    except ActionError as e:\n        pass\n"
        "class V:\n    def post(self):\n        try:\n            x()\n        except (KeyError, errors.FileRejected):\n"
        "            pass\n"
        "def b(r):\n    try:\n        x()\n    except KeyError:\n        pass\n"
    )
    assert _refusal_catchers(tree) == ["a", "V.post"]
