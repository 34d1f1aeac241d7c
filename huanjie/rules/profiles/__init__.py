"""Province profiles: the parameters of election-law.md section C, one TOML data file per province.

Every file names every parameter as a table ``[name]`` with ``value`` and ``source`` (the article it
comes from, with ⚠ where uncertain). An optional parameter whose value is "not set" (e.g. no proxy cap
in national law) omits ``value``. Adding a province is adding a file; the loader refuses a file that
misses a parameter, names an unknown one, or gives a value of the wrong type.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field, fields
from importlib import resources
from typing import Any, Literal

OvervoteScope = Literal["post", "ballot"]
ReconciliationAgainst = Literal["voted", "issued"]
RunoffCandidates = Literal["remaining_plus_one", "remaining_plus_two", "all_unelected"]
WomenRule = Literal["separate_post", "runoff_must_include_woman", "reserved_position", "none"]
WomenFallback = Literal["vacant", "man_elected"]
MajorityBase = Literal["present", "expected"]
RestDayRule = Literal["stands", "next_working_day"]

CHOICES: dict[str, tuple[str, ...]] = {
    "overvote_scope": ("post", "ballot"),
    "reconciliation_against": ("voted", "issued"),
    "runoff_candidates": ("remaining_plus_one", "remaining_plus_two", "all_unelected"),
    "women_rule": ("separate_post", "runoff_must_include_woman", "reserved_position", "none"),
    "women_runoff_fallback": ("vacant", "man_elected"),
    "party_majority_base": ("present", "expected"),
    "deadline_on_rest_day": ("stands", "next_working_day"),
}
METADATA = ("name", "title_zh", "title_en")


CANDIDATE_MARGIN_POSTS = ("director", "deputy_director", "women_member", "member")


class ProfileError(ValueError):
    """A profile file that is missing, unknown, or malformed; the message names the parameter."""


@dataclass(frozen=True, slots=True)
class ExtraCategory:
    """A provincial registration category beyond OL Art.13's three (B2)."""

    key: str
    needs: tuple[str, ...]
    text_zh: str
    text_en: str


@dataclass(frozen=True, slots=True)
class Margin:
    """How many formal candidates a post has over its seats (B9): at least ``fewest`` more (OL Art.15:
    more candidates than seats, so never below 1) and at most ``most`` more (None: no ceiling)."""

    post: str
    fewest: int
    most: int | None


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title_zh: str
    title_en: str
    # term and structure (B6, B7, B26, A3, P2)
    term_years: int
    postpone_max_months: int | None
    vc_size_min: int
    vc_size_max: int
    rc_size_min: int
    rc_size_max: int
    election_committee_min: int
    election_committee_max: int | None
    women_required: bool
    # candidates (B9)
    candidate_margins: tuple[Margin, ...]
    # voters (B1–B4) and ID numbers
    min_voting_age: int
    cat3_residence_months: int
    cat3_extra_needs: tuple[str, ...]
    extra_categories: tuple[ExtraCategory, ...]
    exclude_unreachable: bool
    id_legacy_allowed: bool
    # calendar (A1, B5, B11–B13, B22, B30)
    voter_list_days_before: int
    objection_lodge_days: int
    objection_decide_days: int
    candidate_list_days_before: int
    polling_notice_days_before: int | None
    proxy_request_days_before: int | None
    proxy_list_days_before: int | None
    result_publish_days_after: int
    runoff_max_days: int | None
    handover_days: int
    archive_years: int
    # proxies (B12)
    proxy_cap: int | None
    proxy_relations: tuple[str, ...]
    proxy_candidate_barred: bool
    proxy_unpublished_void: bool
    # polling officials and mobile boxes (B13, B14)
    official_barred_relations: tuple[str, ...]
    official_household_barred: bool
    mobile_box_min_monitors: int
    # ballots and rounds (B15, B16, B17)
    overvote_scope: OvervoteScope
    same_person_two_posts_invalid: bool
    reconciliation_against: ReconciliationAgainst
    # counting (B18–B24)
    runoff_candidates: RunoffCandidates
    runoff_turnout_required: bool
    women_rule: WomenRule
    women_runoff_fallback: WomenFallback
    near_relative_avoidance: bool
    vacancy_min_elected: int | None
    vacancy_requires_director: bool
    vacancy_after_first_round: bool
    # party organisation (P2–P8)
    party_term_years: int
    party_committee_min_members: int
    party_quorum_strict: bool
    party_majority_base: MajorityBase
    party_differential_percent: int
    # party organisation and calendar, second reading (P2, A1 periods ending on a rest day)
    party_committee_seats_min: int
    party_committee_seats_max: int
    deadline_on_rest_day: RestDayRule
    sources: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def source(self, parameter: str) -> str:
        """The source of one parameter: article, status mark, ⚠ where uncertain."""
        try:
            return self.sources[parameter]
        except KeyError:
            raise ProfileError(f"{parameter}: not a profile parameter") from None

    def article(self, parameter: str) -> str:
        """A short citation for explanations: the profile name and the parameter's source."""
        return f"{self.title_en} profile — {parameter}: {self.source(parameter)}"


def parameters() -> list[str]:
    """Names of all profile parameters, in declaration order."""
    return [f.name for f in fields(Profile) if f.name not in (*METADATA, "sources")]


def _kind(name: str) -> str:
    return str(next(f.type for f in fields(Profile) if f.name == name))


def _value(name: str, table: dict[str, Any]) -> Any:
    kind = _kind(name)
    if "value" not in table:
        if kind.endswith("| None"):
            return None
        raise ProfileError(f"{name}.value: required")
    raw = table["value"]
    if kind.startswith("int"):
        ok = isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0
    elif kind == "bool":
        ok = isinstance(raw, bool)
    elif kind == "tuple[str, ...]":
        ok = isinstance(raw, list) and all(isinstance(x, str) for x in raw)
        raw = tuple(raw) if ok else raw
    elif kind == "tuple[ExtraCategory, ...]":
        return _categories(name, raw)
    elif kind == "tuple[Margin, ...]":
        return _margins(name, raw)
    else:
        ok = raw in CHOICES[name]
    if not ok:
        raise ProfileError(f"{name}.value: {raw!r} is not a valid {kind}")
    return raw


def _categories(name: str, raw: Any) -> tuple[ExtraCategory, ...]:
    out = []
    for i, item in enumerate(raw if isinstance(raw, list) else [None]):
        try:
            out.append(
                ExtraCategory(
                    key=str(item["key"]),
                    needs=tuple(str(n) for n in item["needs"]),
                    text_zh=str(item["zh"]),
                    text_en=str(item["en"]),
                )
            )
        except (KeyError, TypeError):
            raise ProfileError(f"{name}.value[{i}]: needs key, needs, zh and en") from None
    return tuple(out)


def _margin(name: str, i: int, item: Any) -> Margin:
    try:
        post, fewest, most = item["post"], item["fewest"], item.get("most")
    except (KeyError, TypeError, AttributeError):
        raise ProfileError(f"{name}.value[{i}]: needs post and fewest (most optional)") from None
    whole = isinstance(fewest, int) and not isinstance(fewest, bool)
    ceiling = most is None or (
        isinstance(most, int) and not isinstance(most, bool) and whole and most >= fewest
    )
    # OL Art.15: more candidates than seats, so a margin below one is not a lawful profile.
    if post not in CANDIDATE_MARGIN_POSTS or not whole or fewest < 1 or not ceiling:
        raise ProfileError(f"{name}.value[{i}]: {item!r} is not a post with 1 <= fewest <= most")
    return Margin(post, fewest, most)


def _margins(name: str, raw: Any) -> tuple[Margin, ...]:
    items = raw if isinstance(raw, list) else [None]
    out = tuple(_margin(name, i, item) for i, item in enumerate(items))
    if sorted(m.post for m in out) != sorted(CANDIDATE_MARGIN_POSTS):
        raise ProfileError(f"{name}.value: one margin for each of {', '.join(CANDIDATE_MARGIN_POSTS)}")
    return out


def from_toml(text: str, expected_name: str | None = None) -> Profile:
    """Build a profile from TOML text (the format of the files in this package)."""
    data = tomllib.loads(text)
    for meta in METADATA:
        if not isinstance(data.get(meta), str):
            raise ProfileError(f"{meta}: required string")
    if expected_name is not None and data["name"] != expected_name:
        raise ProfileError(f"name: file {expected_name}.toml declares name {data['name']!r}")
    names = parameters()
    unknown = sorted(set(data) - set(names) - set(METADATA))
    if unknown:
        raise ProfileError(f"{unknown[0]}: unknown parameter")
    values: dict[str, Any] = {meta: data[meta] for meta in METADATA}
    sources: dict[str, str] = {}
    for name in names:
        table = data.get(name)
        if not isinstance(table, dict):
            raise ProfileError(f"{name}: missing (every parameter needs a [{name}] table)")
        if not isinstance(table.get("source"), str) or not table["source"].strip():
            raise ProfileError(f"{name}.source: required")
        values[name] = _value(name, table)
        sources[name] = table["source"]
    return Profile(**values, sources=sources)


def available() -> list[str]:
    """Names of the profiles shipped in this package (file stems)."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


@functools.cache
def load(name: str) -> Profile:
    """Load a shipped profile by name (``national``, ``gansu``, ``zhejiang``, …); cached."""
    if name not in available():
        raise ProfileError(f"profile: unknown profile {name!r}; available: {', '.join(available())}")
    return from_toml(resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8"), name)
