"""Reading a voters file and checking every row (B1–B4, GB 11643) in one streaming pass.

The file is read once; each row is checked in Python and, when good, turned into a staged tuple for the
database (`staging.py`), which then runs the checks that need the database (B3: the same person on
another unit's roll in the round) as set operations. Nothing here writes. The eligibility decision
comes from the rules engine, cached per distinct set of facts: a district's million rows have only some
tens of thousands of distinct birth dates, so `check_voter` runs a few thousand times, not a million.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huanjie.core import tabular
from huanjie.core.errors import FileRejected, RowError
from huanjie.rules import eligibility, idnumber
from huanjie.rules.explain import Reason
from huanjie.rules.profiles import Profile
from huanjie.voters import idcrypto
from huanjie.voters.models import RemoveReason, VoterStatus

# canonical column → accepted headers (compared lower-cased, spaces kept as written)
HEADERS: dict[str, tuple[str, ...]] = {
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "name": ("姓名",),
    "unit_code": ("村(社区)代码", "村（社区）代码", "区划代码", "unit"),
    "group": ("村民小组", "居民小组", "小组"),
    "household": ("户号",),
    "hukou_here": ("户籍在本村", "户籍在本社区", "户籍在本村(社区)"),
    "lives_here": ("居住在本村", "居住在本社区", "居住在本村(社区)"),
    "living_since": ("居住起始日期", "居住起始时间"),
    "sex": ("性别",),
    "birth_date": ("出生日期",),
    "ethnicity": ("民族",),
    "wish_statement": ("本人表示参加选举", "本人表示参加"),
    "application_on": ("申请日期", "本人申请日期"),
    "approval_on": ("会议同意日期", "村民会议同意日期", "居民会议同意日期"),
    "approval_by": ("同意会议", "审议会议"),
    "extra_category": ("其他登记类别", "extra category"),
    "deprived": ("被剥夺政治权利",),
    "lost_capacity": ("丧失行为能力",),
}
ALIASES: dict[str, str] = {
    alias.lower(): canonical for canonical, names in HEADERS.items() for alias in (canonical, *names)
}
REQUIRED = frozenset({"id_number", "name", "hukou_here", "lives_here"})
TEMPLATE_COLUMNS: tuple[str, ...] = (
    *("id_number", "name", "unit_code", "group", "household", "hukou_here", "lives_here", "living_since"),
    *("sex", "ethnicity", "wish_statement", "application_on", "approval_on", "approval_by"),
    *("deprived", "lost_capacity"),
)

TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "有"})
FALSE = frozenset({"否", "n", "no", "false", "0", "无", "×"})
ASSEMBLIES = ("村民会议", "村民代表会议", "居民会议", "居民代表会议")
SEXES = {"男": "male", "女": "female", "male": "male", "female": "female", "m": "male", "f": "female"}

# The order of a staged row: what the staging table holds (staging.STAGE_COLUMNS names them).
Staged = tuple[
    int,  # row
    int,  # unit_id
    int,  # election_id
    str,  # id_hash
    str,  # id_masked
    bytes,  # id_cipher
    str,  # name
    str,  # sex
    dt.date,  # birth_date
    str,  # group
    str,  # household
    bool,  # hukou_here
    bool,  # lives_here
    dt.date | None,  # living_since
    str,  # ethnicity
    str,  # voter status: "" (resident only), registered, excluded
    str,  # category
    str,  # removed_reason (exclusions)
    bool,  # wish_statement
    dt.date | None,  # application_on
    dt.date | None,  # approval_on
    str,  # approval_by
]


@dataclass(frozen=True)
class Target:
    """Where a unit's rows go: its committee election in the round, and the day ages are counted to."""

    unit_id: int
    election_id: int
    election_day: dt.date | None
    in_scope: bool


@dataclass
class Checked:
    errors: list[RowError] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)  # rows kept as residents only, with the reason
    rows: int = 0
    registered: int = 0
    excluded: int = 0
    rows_of_hash: dict[str, int] = field(default_factory=dict)


def open_table(name: str, data: bytes) -> tuple[int, list[str], Iterator[tuple[int, list[str]]]]:
    """The header (canonical names, "" for an unknown column), and the data rows; FileRejected on a bad
    header. Also an estimate of the number of rows, for the progress bar."""
    rows = enumerate(tabular._open_rows(name, data), start=1)
    header: list[str] | None = None
    header_row = 1
    for number, raw in rows:
        if any(c.strip() for c in raw):
            header, header_row = raw, number
            break
    if header is None:
        raise FileRejected([RowError(1, "", "header", _("The file is empty."))])
    columns = [ALIASES.get(title.strip().lower(), "") for title in header]
    errors = [
        RowError(header_row, title, "header", _("Unknown column %(name)s.") % {"name": title})
        for title, key in zip(header, columns, strict=True)
        if title.strip() and not key
    ]
    missing = sorted(REQUIRED - set(columns))
    errors += [
        RowError(header_row, m, "header", _("The required column %(name)s is missing.") % {"name": m})
        for m in missing
    ]
    if errors:
        raise FileRejected(errors)
    estimate = data.count(b"\n") if not name.lower().endswith((".xlsx", ".xlsm")) else max(len(data) // 40, 1)
    return estimate, columns, rows


class _Row:
    """One row's cells and the errors found in it (kept small: this runs a million times)."""

    __slots__ = ("cells", "errors", "number")

    def __init__(self, number: int, cells: dict[str, str], errors: list[RowError]) -> None:
        self.number, self.cells, self.errors = number, cells, errors

    def fail(self, column: str, rule: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, rule, message))

    def flag(self, column: str, *, required: bool = False) -> bool | None:
        value = self.cells.get(column, "").lower()
        if value in TRUE:
            return True
        if value in FALSE or (not value and not required):
            return False
        self.fail(column, "boolean", _("Write 是 or 否 (yes or no)."))
        return None

    def date(self, column: str) -> dt.date | None:
        value = self.cells.get(column, "")
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value.replace("/", "-").replace(".", "-")[:10])
        except ValueError:
            self.fail(column, "date", _("Not a date: write it as YYYY-MM-DD."))
            return None


def _id_message(code: str) -> str:
    # The messages never repeat the number or its digits: the report goes to roles that may not see them.
    return {
        "length": _("An ID number has 18 characters (or 15 for a legacy number)."),
        "characters": _("The first 17 characters of an ID number must be digits and the last a digit or X."),
        "region": _("The first two digits of the ID number are not a province code."),
        "birth_date": _("The birth date in the ID number is not a valid date."),
        "check_digit": _("The check character of the ID number does not match its first 17 digits."),
        "legacy_refused": _("Legacy 15-digit ID numbers are not accepted here; give the 18-digit number."),
    }[code]


Decide = Callable[[eligibility.VoterFacts, dt.date], eligibility.EligibilityDecision]


def _cached_decider(profile: Profile) -> Decide:
    cache: dict[tuple[eligibility.VoterFacts, dt.date], eligibility.EligibilityDecision] = {}

    def decide(facts: eligibility.VoterFacts, day: dt.date) -> eligibility.EligibilityDecision:
        key = (facts, day)
        decision = cache.get(key)
        if decision is None:
            decision = cache[key] = eligibility.check_voter(facts, day, profile)
        return decision

    return decide


def reason_text(reason: Reason) -> str:
    """The rules engine's reason in the page's language."""
    return reason.text_zh if (get_language() or "zh-hans").startswith("zh") else reason.text_en


NEED_LABELS = {
    eligibility.WISH_STATEMENT: "wish_statement",
    eligibility.APPLICATION: "application_on",
    eligibility.ASSEMBLY_APPROVAL: "approval_on",
}


class Checker:
    """Runs the per-row checks; `run` yields staged rows and fills `result` as it goes."""

    def __init__(
        self,
        *,
        targets: dict[str, Target],
        fixed_unit: str | None,
        profile: Profile,
        today: dt.date,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.targets, self.fixed_unit, self.profile, self.today = targets, fixed_unit, profile, today
        self.progress = progress
        self.result = Checked()
        self.decide = _cached_decider(profile)
        self.allow_legacy = profile.id_legacy_allowed

    def run(self, columns: list[str], rows: Iterator[tuple[int, list[str]]]) -> Iterator[Staged]:
        index = [(i, c) for i, c in enumerate(columns) if c]
        result = self.result
        for number, raw in rows:
            if not any(raw):
                continue
            cells = {c: (raw[i].strip() if i < len(raw) else "") for i, c in index}
            if not any(cells.values()):
                continue
            result.rows += 1
            if self.progress is not None and result.rows % 5000 == 0:
                self.progress(result.rows)
            staged = self._row(_Row(number, cells, result.errors))
            # Once the file has an error nothing of it will be written: keep checking, stop staging.
            if staged is not None and not result.errors:
                yield staged
        if self.progress is not None:
            self.progress(result.rows)

    def _row(self, row: _Row) -> Staged | None:
        cells, result = row.cells, self.result
        errors_before = len(row.errors)
        raw_id = cells.get("id_number", "")
        parsed = None
        if not raw_id:
            row.fail("id_number", "required", _("The ID number is missing."))
        else:
            try:
                parsed = idnumber.parse(raw_id, allow_legacy=self.allow_legacy, today=self.today)
            except idnumber.IdNumberError as exc:
                row.fail("id_number", "GB11643", _id_message(exc.code))
        name = cells.get("name", "")
        if not name:
            row.fail("name", "required", _("The name is missing."))
        elif len(name) > 60:
            row.fail("name", "length", _("The name is longer than 60 characters."))
        code = cells.get("unit_code", "") or (self.fixed_unit or "")
        target = self.targets.get(code)
        if not code:
            row.fail("unit_code", "required", _("The unit code is missing."))
        elif self.fixed_unit and code != self.fixed_unit:
            row.fail(
                "unit_code", "unit", _("This file is for unit %(code)s only.") % {"code": self.fixed_unit}
            )
        elif target is None:
            row.fail(
                "unit_code",
                "unit",
                _("No villagers' or residents' committee election in this round for unit %(code)s.")
                % {"code": code},
            )
        elif not target.in_scope:
            row.fail("unit_code", "scope", _("Unit %(code)s is outside your scope.") % {"code": code})
        elif target.election_day is None:
            row.fail(
                "unit_code",
                "election_day",
                _("The election day of unit %(code)s is not fixed: ages are counted to it.") % {"code": code},
            )
        hukou = row.flag("hukou_here", required=True)
        lives = row.flag("lives_here", required=True)
        since = row.date("living_since")
        wish = row.flag("wish_statement")
        deprived = row.flag("deprived")
        lost = row.flag("lost_capacity")
        application_on = row.date("application_on")
        approval_on = row.date("approval_on")
        approval_by = cells.get("approval_by", "")
        birth_given = row.date("birth_date")
        sex_given = cells.get("sex", "")
        sex = SEXES.get(sex_given.lower(), "") if sex_given else ""
        if sex_given and not sex:
            row.fail("sex", "sex", _("Write 男 or 女."))
        if parsed is not None:
            if birth_given is not None and birth_given != parsed.birth_date:
                row.fail(
                    "birth_date", "birth_date", _("The date of birth differs from the one in the ID number.")
                )
            if sex and sex != parsed.sex:
                row.fail("sex", "sex", _("The sex differs from the one the ID number gives."))
        if since is not None and since > self.today:
            row.fail("living_since", "date", _("The date lies in the future."))
        if hukou is False and lives and not cells.get("living_since"):
            row.fail(
                "living_since",
                "B2",
                _("Without hukou here, the date since when the person lives here decides the category."),
            )
        if approval_on is not None and application_on is None:
            row.fail("application_on", "B2", _("An assembly approval needs the person's application first."))
        if application_on is not None and approval_on is not None and approval_on < application_on:
            row.fail("approval_on", "B2", _("The assembly cannot approve before the application."))
        if application_on is not None and approval_on is None:
            row.fail(
                "approval_on",
                "B2",
                _("Category 3 needs the approval of the villagers' assembly or representatives' assembly."),
            )
        if approval_by and approval_by not in ASSEMBLIES:
            row.fail(
                "approval_by", "B2", _("Approved by: write 村民会议, 村民代表会议, 居民会议 or 居民代表会议.")
            )
        if len(cells.get("group", "")) > 40 or len(cells.get("household", "")) > 40:
            row.fail("group", "length", _("The villager group and household are at most 40 characters."))
        if len(row.errors) > errors_before or parsed is None or target is None or target.election_day is None:
            return None
        number = parsed.number
        digest = idcrypto.id_hash(number)
        first = result.rows_of_hash.setdefault(digest, row.number)
        if first != row.number:
            row.fail("id_number", "duplicate_in_file", _("The same person as row %(row)d.") % {"row": first})
            return None
        assert hukou is not None and lives is not None
        provided = frozenset(
            n
            for n, present in (
                (eligibility.WISH_STATEMENT, wish),
                (eligibility.APPLICATION, application_on is not None),
                (eligibility.ASSEMBLY_APPROVAL, approval_on is not None),
            )
            if present
        )
        facts = eligibility.VoterFacts(
            birth_date=parsed.birth_date,
            hukou_here=hukou,
            lives_here=lives,
            living_here_since=since,
            extra_category=cells.get("extra_category") or None,
            provided=provided,
            deprived_of_political_rights=bool(deprived),
            lost_legal_capacity=bool(lost),
        )
        decision = self.decide(facts, target.election_day)
        status, removed = "", ""
        if eligibility.age_on(parsed.birth_date, target.election_day) < self.profile.min_voting_age:
            result.notes.append(RowError(row.number, "id_number", "B1", reason_text(decision.reasons[0])))
        elif deprived or lost:
            status = VoterStatus.EXCLUDED
            removed = RemoveReason.DEPRIVED if deprived else RemoveReason.LOST_CAPACITY
            result.excluded += 1
        elif decision.category is None:
            result.notes.append(RowError(row.number, "living_since", "B2", reason_text(decision.reasons[-1])))
        elif decision.needs:
            needs = ", ".join(NEED_LABELS.get(n, n) for n in decision.needs)
            result.notes.append(
                RowError(
                    row.number,
                    NEED_LABELS.get(decision.needs[0], ""),
                    "B2",
                    _("Not registered: %(needs)s not recorded. %(why)s")
                    % {"needs": needs, "why": reason_text(decision.reasons[-1])},
                )
            )
        else:
            status = VoterStatus.REGISTERED
            result.registered += 1
        return (
            row.number,
            target.unit_id,
            target.election_id,
            digest,
            idcrypto.mask(number),
            idcrypto.encrypt(number),
            name,
            parsed.sex,
            parsed.birth_date,
            cells.get("group", ""),
            cells.get("household", ""),
            hukou,
            lives,
            since,
            cells.get("ethnicity", "")[:20],
            status,
            str(decision.category) if decision.category is not None and status else "",
            removed,
            bool(wish),
            application_on,
            approval_on,
            approval_by or ("村民会议" if approval_on else ""),
        )
