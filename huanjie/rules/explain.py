"""Explanations: every decision of the rules engine carries the rule and the article it applies.

Rule ids follow election-law.md (A1, B1–B30, P1–P9, GB11643); the article names the statute
(OL = 村民委员会组织法 2018; PR2020 = 中国共产党基层组织选举工作条例) or the profile's source text.
"""

from __future__ import annotations

from dataclasses import dataclass

OL = "村民委员会组织法 (2018)"
RCL = "城市居民委员会组织法 (2018)"
PR = "中国共产党基层组织选举工作条例 (2020) ◐"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a decision was taken: rule id, article, and one sentence in Chinese and in English."""

    rule: str
    article: str
    text_zh: str
    text_en: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "article": self.article, "text_zh": self.text_zh, "text_en": self.text_en}


@dataclass(frozen=True, slots=True)
class Decision:
    """A yes/no decision with its reasons (turnout, reconciliation, quorum, petitions, …)."""

    ok: bool
    reasons: tuple[Reason, ...]


def decision(ok: bool, reason: Reason) -> Decision:
    return Decision(ok=ok, reasons=(reason,))
