"""Who may vote (B1–B4): age on election day, registration categories, exclusions, roll uniqueness.

OL Art.13 ✅: 18 years on election day (the birthday itself counts); categories 1 (hukou here and
living here), 2 (hukou here, living away, states the wish to take part), 3 (no hukou, living here
≥ 1 year, personal application approved by 村民会议/村民代表会议); provincial extra categories come
from the profile. OL Art.13 ¶3 (B3): registered in one village only. Exclusions: deprived of political
rights (OL Art.13), lost legal capacity and unreachable during registration (BJ Art.14, B4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .explain import OL, Reason, in_body
from .profiles import Profile

WISH_STATEMENT = "wish_statement"
APPLICATION = "application"
ASSEMBLY_APPROVAL = "assembly_approval"

Category = int | str | None


@dataclass(frozen=True, slots=True)
class VoterFacts:
    """What the election committee knows of a person at registration."""

    birth_date: date
    hukou_here: bool
    lives_here: bool
    living_here_since: date | None = None
    extra_category: str | None = None
    provided: frozenset[str] = frozenset()
    deprived_of_political_rights: bool = False
    lost_legal_capacity: bool = False
    registered_elsewhere: bool = False
    unreachable: bool = False


@dataclass(frozen=True, slots=True)
class EligibilityDecision:
    eligible: bool
    category: Category
    needs: tuple[str, ...]
    reasons: tuple[Reason, ...]


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day``; the birthday itself counts (born 29 Feb: 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def full_months(since: date, day: date) -> int:
    """Completed months from ``since`` to ``day``."""
    months = (day.year - since.year) * 12 + day.month - since.month
    return months - (day.day < since.day)


def of_voting_age(birth_date: date, day: date, profile: Profile) -> bool:
    """B1, OL Art.13: the voting age (profile ``min_voting_age``) reached on the election day."""
    return age_on(birth_date, day) >= profile.min_voting_age


def _exclusions(facts: VoterFacts, day: date, profile: Profile) -> list[Reason]:
    out = []
    age = age_on(facts.birth_date, day)
    if not of_voting_age(facts.birth_date, day, profile):
        out.append(
            Reason(
                "B1",
                f"{OL} Art.13",
                f"选举日{day.isoformat()}未满{profile.min_voting_age}周岁（{age}岁）。",
                f"Under {profile.min_voting_age} on election day {day.isoformat()} (aged {age}).",
            )
        )
    if facts.deprived_of_political_rights:
        out.append(Reason("B1", f"{OL} Art.13", "被剥夺政治权利。", "Deprived of political rights."))
    if facts.lost_legal_capacity:
        out.append(
            Reason("B4", "BJ Art.14 ✅; elsewhere practice ✎", "丧失行为能力。", "Has lost legal capacity.")
        )
    if facts.unreachable and profile.exclude_unreachable:
        out.append(
            Reason(
                "B4",
                profile.article("exclude_unreachable"),
                "登记期间经多种方式通知仍无法联系，暂不列入名单（选举日前情形消失的补登）。",
                "Unreachable during registration despite notice; re-added if found before election day.",
            )
        )
    if facts.registered_elsewhere:
        out.append(
            Reason(
                "B3",
                f"{OL} Art.13 ¶3",
                "已在其他村登记参加选举，不得重复登记。",
                "Already registered in another village; a person may vote in one village only.",
            )
        )
    return out


def _category(facts: VoterFacts, day: date, profile: Profile) -> tuple[Category, tuple[str, ...], Reason]:
    art = f"{OL} Art.13 ¶2"
    if facts.hukou_here and facts.lives_here:
        return (
            1,
            (),
            Reason("B2", art, "户籍在本村且在本村居住（第一类）。", "Hukou and home here (category 1)."),
        )
    if facts.hukou_here:
        return (
            2,
            (WISH_STATEMENT,),
            Reason(
                "B2",
                art,
                "户籍在本村、不在本村居住，本人表示参加选举的予以登记（第二类）。",
                "Hukou here but living away: registered if the person states the wish to take part "
                "(category 2).",
            ),
        )
    months = full_months(facts.living_here_since, day) if facts.living_here_since else 0
    if facts.lives_here and months >= profile.cat3_residence_months:
        needs = (APPLICATION, ASSEMBLY_APPROVAL, *profile.cat3_extra_needs)
        return (
            3,
            needs,
            Reason(
                "B2",
                art,
                f"户籍不在本村、在本村居住{months}个月（满{profile.cat3_residence_months}个月），"
                "本人申请并经村民会议或村民代表会议同意的予以登记（第三类）。",
                f"No hukou here, living here {months} months (≥ {profile.cat3_residence_months}): "
                "registered on "
                "application approved by the villagers' (representatives') assembly (category 3).",
            ),
        )
    for extra in profile.extra_categories:
        if extra.key == facts.extra_category:
            return (
                extra.key,
                extra.needs,
                Reason(
                    "B2",
                    profile.article("extra_categories"),
                    f"本省增设登记类别：{extra.text_zh}。",
                    f"Provincial registration category: {extra.text_en}.",
                ),
            )
    return (
        None,
        (),
        Reason(
            "B2",
            art,
            f"户籍不在本村且在本村居住不满{profile.cat3_residence_months}个月，不属于任何登记类别。",
            f"No hukou here and living here less than {profile.cat3_residence_months} months "
            f"({months}): no registration category applies.",
        ),
    )


def check_voter(
    facts: VoterFacts, election_day: date, profile: Profile, body: str = "villagers_committee"
) -> EligibilityDecision:
    """May this person be put on the voter roll for ``election_day``? Lists what is still needed. A
    community's reasons cite the residents' committee law and measures (A3), never the OL."""
    excluded = _exclusions(facts, election_day, profile)
    category, required, why = _category(facts, election_day, profile)
    needs = tuple(n for n in required if n not in facts.provided)
    eligible = not excluded and category is not None and not needs
    reasons = in_body((*excluded, why), body)
    return EligibilityDecision(eligible=eligible, category=category, needs=needs, reasons=reasons)
