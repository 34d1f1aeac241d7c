"""Scope checks for the actions: `in_scope` now lives in core/scope.py (the one way to see, with
`visible_to` and `get_visible`); this name stays only while actions.py modules import it from here."""

from __future__ import annotations

from huanjie.core.scope import in_scope

__all__ = ["in_scope"]
