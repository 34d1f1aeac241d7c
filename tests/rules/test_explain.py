from __future__ import annotations

import dataclasses

import pytest

from huanjie.rules.explain import Decision, Reason, decision


def test_it_serialises_a_reason() -> None:
    r = Reason("B18", "OL Art.15", "当选。", "Elected.")
    assert r.to_json() == {"rule": "B18", "article": "OL Art.15", "text_zh": "当选。", "text_en": "Elected."}
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.rule = "B19"  # type: ignore[misc]


def test_it_wraps_one_reason_in_a_decision() -> None:
    r = Reason("B17", "OL", "有效。", "Valid.")
    assert decision(True, r) == Decision(True, (r,))
