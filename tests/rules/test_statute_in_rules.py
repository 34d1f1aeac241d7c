"""Contract: the statute lives in huanjie/rules alone (DESIGN.md rule 10).

The apps ask the engine; they never re-decide a threshold, margin, size or conflict. This test reads the
syntax tree of every module of huanjie/ outside the engine (migrations and demo data builders excluded:
a migration replays history, a demo builder makes plausible numbers, neither decides anyone's right) and
fails on the shapes a statutory rule takes in code:

- ``fraction``: a comparison with an integer multiple or part of a count — ``2 * votes > voted``,
  ``5 * present >= 4 * expected``, ``votes > voted // 2`` (majorities, quorums, one-thirds);
- ``margin``: a comparison with seats plus or times something — ``size <= seats + 2``,
  ``total > seats * cast`` (differentials, over-votes);
- ``bound``: a count named like a statutory quantity (seats, votes, monitors, members, candidates,
  present, registered, expected, size, turnout) compared with a literal number of 2 or more —
  ``monitors >= 3``, ``seats <= 7``;
- ``profile``: a comparison with a profile's statutory number — ``total <= profile.vc_size_max``;
- ``cap``: a count of names compared with a post's seats — ``named > seats`` (the nomination cap);
- ``constant``: a module constant naming a statutory number — ``MIN_MONITORS = 3``, ``MAX_SEATS = 5``;
- ``relatives``: a literal collection of two or more near-relative relations — the conflict lists.

A finding the law does not make (a page size, a year's digits) or a rule another branch owns goes in
ALLOWED below with the reason; an ALLOWED entry that no longer matches anything fails too, so the list
only shrinks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import huanjie
from huanjie.rules.profiles import Profile, parameters

ROOT = Path(huanjie.__file__).parent
RELATIONS = {"spouse", "parent", "child", "sibling", "grandparent", "grandchild"}
# Words of the statutory counts: a comparison of one of these with a literal number is a rule.
COUNT_WORDS = (
    "seat",
    "vote",
    "monitor",
    "member",
    "candidate",
    "present",
    "registered",
    "expected",
    "size",
    "turnout",
    "quorum",
    "cast",
    "named",
    "nominee",
    "signer",
)
# Words of a module constant that names a statutory number (MIN_MONITORS, MAX_SEATS, QUORUM, …).
CONSTANT_WORDS = (
    "SEAT",
    "MONITOR",
    "MEMBER",
    "CANDIDATE",
    "VOTE",
    "QUORUM",
    "MAJORITY",
    "THRESHOLD",
    "DIFFERENTIAL",
    "MARGIN",
    "TURNOUT",
    "VOTING_AGE",
)
# The profile's numbers (ints): a comparison with one of them in an app re-decides the rule.
PROFILE_NUMBERS = {
    p
    for p in parameters()
    if str(next(f.type for f in Profile.__dataclass_fields__.values() if f.name == p)).startswith("int")
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    function: str
    kind: str
    line: int
    text: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.function, self.kind)


# (module, enclosing function or "<module>", kind): why it is not a statutory rule, or who moves it.
ALLOWED: dict[tuple[str, str, str], str] = {
    # Page layout of the printed voter list: room for a heading and two rows before the page's foot.
    ("voters/printing.py", "list_pdf", "fraction"): "layout arithmetic of the printed list",
    # The seats form's initial values: a suggestion the clerk changes; the engine checks what is sent
    # (huanjie.rules.candidates.committee_size), so a default outside a profile's band is refused.
    ("candidates/forms.py", "<module>", "constant"): "initial values of the seats form",
    # Operating settings, not the statute: the size of an uploaded voter file above which a background job
    # checks and imports it (the import's rules are the same either way).
    ("settings.py", "<module>", "constant"): "VOTER_UPLOAD_JOB_BYTES, an upload size",
    # An input limit of the tally form (every input has one), far above any box; the engine checks what a
    # tally may hold (B15, huanjie.rules.ballots.check_box).
    ("polling/forms.py", "<module>", "constant"): "MAX_VOTES, an input limit of the tally form",
    # A sealed date's shortest valid length: a nonce block and a tag block (AES-SIV), nothing about voters.
    ("voters/idcrypto.py", "open_date", "fraction"): "cipher block arithmetic",
}


def _names(node: ast.AST) -> list[str]:
    out = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            out.append(sub.id)
        elif isinstance(sub, ast.Attribute):
            out.append(sub.attr)
    return out


def _is_int(node: ast.AST, least: int = 0) -> bool:
    return (isinstance(node, ast.Constant) and type(node.value) is int and node.value >= least) or (
        isinstance(node, ast.UnaryOp) and _is_int(node.operand, least)
    )


def _counts(node: ast.AST) -> bool:
    return any(word in name.lower() for name in _names(node) for word in COUNT_WORDS)


def _fraction(node: ast.AST) -> bool:
    """An integer multiple or part of a count: ``2 * x``, ``x * 4``, ``x // 2``, ``x / 5``."""
    for sub in ast.walk(node):
        if not isinstance(sub, ast.BinOp):
            continue
        if isinstance(sub.op, ast.Mult) and (
            (_is_int(sub.left, 2) and not _is_int(sub.right))
            or (_is_int(sub.right, 2) and not _is_int(sub.left))
        ):
            return True
        if isinstance(sub.op, (ast.FloorDiv, ast.Div)) and _is_int(sub.right, 2):
            return True
    return False


def _margin(node: ast.AST) -> bool:
    """Seats plus or times something: ``seats + 2``, ``c.seats * cast``."""
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.BinOp)
            and isinstance(sub.op, (ast.Add, ast.Mult))
            and any("seat" in name.lower() for name in _names(sub))
        ):
            return True
    return False


def _compare_kinds(node: ast.Compare) -> list[str]:
    sides = [node.left, *node.comparators]
    kinds = []
    if any(_fraction(side) for side in sides):
        kinds.append("fraction")
    elif any(_margin(side) for side in sides):
        kinds.append("margin")
    if any(name in PROFILE_NUMBERS for side in sides for name in _names(side)):
        kinds.append("profile")
    ordering = any(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in node.ops)
    if ordering and any(_is_int(side, 2) for side in sides) and any(_counts(s) for s in sides):
        kinds.append("bound")
    named = [s for s in sides if not _is_int(s)]
    if (
        ordering
        and len(named) >= 2
        and any(all("seat" in n.lower() for n in _names(s)) and _names(s) for s in named)
        and any(not any("seat" in n.lower() for n in _names(s)) for s in named)
        and "margin" not in kinds
        and "fraction" not in kinds
    ):
        kinds.append("cap")
    return kinds


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, source: str) -> None:
        self.path, self.lines, self.stack = path, source.splitlines(), ["<module>"]
        self.found: list[Finding] = []

    def _add(self, node: ast.AST, kind: str) -> None:
        line = getattr(node, "lineno", 0)
        text = self.lines[line - 1].strip() if line else ""
        self.found.append(Finding(self.path, ".".join(self.stack[1:]) or "<module>", kind, line, text))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    def visit_Compare(self, node: ast.Compare) -> None:
        for kind in _compare_kinds(node):
            self._add(node, kind)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        statutory = any(w in t for t in targets for w in CONSTANT_WORDS) and any(t.isupper() for t in targets)
        if statutory and any(_is_int(sub, 1) for sub in ast.walk(node.value)):
            self._add(node, "constant")
        self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> None:
        # A literal set, tuple or list of near-relative relations is a conflict list.
        if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
            if len(words & RELATIONS) >= 2:
                self._add(node, "relatives")
        super().generic_visit(node)


def scan(path: str, source: str) -> list[Finding]:
    scanner = _Scanner(path, source)
    scanner.visit(ast.parse(source))
    return scanner.found


def _app_modules() -> list[Path]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "rules" or "migrations" in rel.parts:
            continue
        if rel.parts[0] == "demo" or rel.stem.startswith("demo"):
            continue  # demo builders make plausible data; they decide nobody's rights
        out.append(path)
    return out


def _findings() -> list[Finding]:
    return [f for p in _app_modules() for f in scan(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))]


def test_it_scans_the_apps() -> None:
    scanned = {str(p.relative_to(ROOT)) for p in _app_modules()}
    assert {"polling/tally.py", "candidates/actions.py", "party/validate.py"} <= scanned
    assert not any(s.startswith(("rules/", "demo/")) or "/migrations/" in s for s in scanned)


def test_it_finds_no_statutory_rule_outside_the_engine() -> None:
    bad = [f"{f.path}:{f.line} {f.function} [{f.kind}] {f.text}" for f in _findings() if f.key not in ALLOWED]
    assert bad == [], "re-decided outside huanjie/rules (ask the engine instead):\n" + "\n".join(bad)


def test_it_keeps_the_allow_list_honest() -> None:
    used = {f.key for f in _findings()}
    assert sorted(set(ALLOWED) - used) == []


# The scanner itself: each shape a statutory rule takes is caught, ordinary code is not.
CAUGHT = {
    "fraction": [
        "ok = 2 * votes > voted",
        "ok = 5 * present >= 4 * expected",
        "ok = votes > voted // 2",
        "ok = votes * 3 >= cast",
    ],
    "margin": ["ok = size <= seats + 2", "hold = total > c.seats * cast"],
    "bound": ["ok = monitors >= 3", "ok = len(seats) <= 7", "ok = 3 <= total_seats <= 7"],
    "profile": ["ok = total <= profile.vc_size_max", "late = days > p.voter_list_days_before"],
    "cap": ["if named > seats: pass", "if len(names) > seat.seats: pass"],
    "constant": ["MIN_MONITORS = 3", "MAX_SEATS = 5", "DIFFERENTIAL = {'director': (1, 1)}"],
    "relatives": ["BARRED = frozenset({'spouse', 'parent', 'child'})", "x = ('sibling', 'spouse')"],
}
IGNORED = [
    "ok = len(rows) > 100",
    "ok = page >= 2",
    "x = total * 2",
    "ok = votes > 0",
    "ok = a == b",
    "PAGE_SIZE = 50",
    "MAX_BYTES = 20 * 1024 * 1024",
    "ok = seats == other",
    "ok = seats < 1",
    "x = ('spouse',)",
    "ok = clean == data",
]


def test_it_catches_every_shape_of_a_statutory_rule() -> None:
    for kind, lines in CAUGHT.items():
        for line in lines:
            assert kind in {f.kind for f in scan("x.py", line)}, (kind, line)


def test_it_leaves_ordinary_code_alone() -> None:
    for line in IGNORED:
        assert scan("x.py", line) == [], line


def test_it_names_the_function_it_found_the_rule_in() -> None:
    (finding,) = scan("x.py", "class A:\n    def f(self):\n        return 2 * v > n\n")
    assert (finding.function, finding.kind, finding.line, finding.text) == (
        "A.f",
        "fraction",
        3,
        "return 2 * v > n",
    )
