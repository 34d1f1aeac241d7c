"""Guard: huanjie/rules imports only the standard library and itself, and never uses floats."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import huanjie.rules

PACKAGE = Path(huanjie.rules.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            out.append((node.lineno, "." * node.level + (node.module or "")))
    return out


def _allowed(name: str) -> bool:
    if name.startswith(".") or name == "huanjie.rules" or name.startswith("huanjie.rules."):
        return True
    return name.split(".")[0] in sys.stdlib_module_names or name == "__future__"


def test_it_finds_the_modules() -> None:
    names = {p.stem for p in MODULES}
    assert {
        "counting",
        "calendar",
        "idnumber",
        "party",
        "candidates",
        "officials",
        "cli",
        "__init__",
    } <= names


def test_it_imports_only_the_standard_library_and_itself() -> None:
    bad = [
        f"{path.relative_to(PACKAGE)}:{line}: {name}"
        for path in MODULES
        for line, name in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if not _allowed(name)
    ]
    assert bad == []


def test_it_rejects_django_and_app_imports_in_the_guard_itself() -> None:
    tree = ast.parse(
        "import django\nfrom huanjie.units import models\nimport hypothesis\nfrom . import arith\n"
    )
    assert [name for _, name in _imports(tree) if not _allowed(name)] == [
        "django",
        "huanjie.units",
        "hypothesis",
    ]


def _float_uses(tree: ast.AST) -> list[str]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.Div):
            out.append(f"{node.lineno}: true division")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "float":
            out.append(f"{node.lineno}: float()")
        elif isinstance(node, ast.Constant) and isinstance(node.value, float):
            out.append(f"{node.lineno}: float literal")
    return out


def test_it_uses_no_floating_point_anywhere() -> None:
    bad = [
        f"{path.relative_to(PACKAGE)}:{use}"
        for path in MODULES
        for use in _float_uses(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert bad == []


def test_it_would_catch_floats() -> None:
    assert len(_float_uses(ast.parse("a = b / c\nd = float(e)\nf = 0.5\ng /= 2\n"))) == 4


def test_it_starts_every_module_with_a_docstring_citing_its_source() -> None:
    for path in MODULES:
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path.name} has no docstring"
