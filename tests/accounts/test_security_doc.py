"""docs/security.md's table of the roles' capabilities is the code's: they cannot drift apart."""

from __future__ import annotations

from pathlib import Path

from huanjie.accounts.models import Role
from huanjie.accounts.roles import CAPABILITIES, Capability

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def _table() -> tuple[list[str], dict[str, list[str]]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Roles and their capabilities", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    body = {}
    for line in rows[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        body[cells[0]] = cells[1:]
    return header[1:], body


def test_it_documents_every_role_and_capability_as_the_code_grants_them() -> None:
    roles, body = _table()
    assert sorted(roles) == sorted(Role.values)
    assert sorted(body) == sorted(c.value for c in Capability)
    for capability, cells in body.items():
        assert len(cells) == len(roles)
        for role, cell in zip(roles, cells, strict=True):
            assert cell in {"yes", "no"}, (capability, role, cell)
            granted = Capability(capability) in CAPABILITIES[role]
            assert (cell == "yes") == granted, f"{capability} for {role}: doc says {cell}"
