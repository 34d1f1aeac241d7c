"""Explanations: every decision of the rules engine carries the rule and the article it applies.

Rule ids follow election-law.md (A1, B1–B30, P1–P9, GB11643); the article names the statute
(OL = 村民委员会组织法 2018; RCL = 城市居民委员会组织法 2018, for communities; PR2020 =
中国共产党基层组织选举工作条例) or the profile's source text. ``for_body`` gives a community's reasons the
residents' committee article.
"""

from __future__ import annotations

from dataclasses import dataclass

# The laws as the article references cite them, inside English text ("… (2018) Art.17"): ASCII brackets.
OL = "村民委员会组织法 (2018)"  # punctuation: ascii
RCL = "城市居民委员会组织法 (2018)"  # punctuation: ascii
PR = "中国共产党基层组织选举工作条例 (2020) ◐"  # punctuation: ascii


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


# --- Residents' committees (A3) ------------------------------------------------------------------
# A community's election is governed by the Organic Law of Urban Residents' Committees and the
# province's residents' committee measures, never by the villagers' committee law (OL). RCL Art.8
# (election by the residents, age 18, 5-year term) and Art.10 (the residents' meeting replaces and
# by-elects members) are read ✅; RCL sets no registration, turnout, threshold, proxy, runoff or
# handover rule, so those come from the provincial measures (A3 ✅), whose article numbers are not
# all read: the citation names the measures and the profile value the engine applied.
RC_MEASURES = (
    "省级居民委员会选举办法 / 实施《城市居民委员会组织法》办法 (provincial residents' committee measures) ◐"
)
RC_ARTICLES: dict[str, str] = {
    "B1": f"{RCL} Art.8",
    "B26": f"{RCL} Art.8",
    "B27": f"{RCL} Art.10",
    "B28": f"{RCL} Art.10",
}
RC_DEFAULT = f"{RCL} Art.8; {RC_MEASURES}"


def rc_article(rule: str) -> str:
    """The article a community's decision under ``rule`` cites (RCL or the provincial RC measures)."""
    return RC_ARTICLES.get(rule, RC_DEFAULT)


def for_body(reasons: tuple[Reason, ...], body: str) -> tuple[Reason, ...]:
    """Reasons as they apply to ``body``: a residents' committee's cite the RCL, never the OL.

    The engine's rules are written against the villagers' committee texts and the profiles' sources
    name those texts; a community applies the same computations under its own law (A3), so its
    reasons keep their rule and text and take the residents' committee article."""
    if body != "residents_committee":
        return reasons
    return tuple(Reason(r.rule, rc_article(r.rule), r.text_zh, r.text_en) for r in reasons)


# A village's words in the engine's sentences, and a community's (A3: 居民, 社区).
_ZH_WORDS = (("本村", "本社区"), ("其他村", "其他社区"), ("村民", "居民"))
_EN_WORDS = (
    ("another village", "another community"),
    ("this village", "this community"),
    ("village", "community"),
)


def _reword(text: str, words: tuple[tuple[str, str], ...]) -> str:
    for village, community in words:
        text = text.replace(village, community)
    return text


def in_body(reasons: tuple[Reason, ...], body: str) -> tuple[Reason, ...]:
    """``for_body``, and for a community its own words too: a resident of 本社区, not a villager of 本村
    (eligibility and proxies, whose sentences speak of the village)."""
    if body != "residents_committee":
        return reasons
    return tuple(
        Reason(r.rule, rc_article(r.rule), _reword(r.text_zh, _ZH_WORDS), _reword(r.text_en, _EN_WORDS))
        for r in reasons
    )


def cite(body: str, rule: str, ol_article: str) -> str:
    """The article an app cites for ``rule``: ``OL <ol_article>`` for a village, the RCL or the
    provincial residents' committee measures for a community."""
    return rc_article(rule) if body == "residents_committee" else f"{OL} {ol_article}"
