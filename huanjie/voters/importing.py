"""Checking every row of a voters file (B1–B4, GB 11643) before anything is written.

`Checker.run` takes the file's table (`reading.py`) whole: polars passes the plainly written good rows in
one vectorised sweep (`fastcheck.py`), and every other row goes through `_row`, the row-by-row checks
that write the located error messages. The eligibility decision comes from the rules engine once per
distinct set of facts: a district's million rows have only some tens of thousands of distinct birth
dates. The good rows leave as a frame of staged rows for the database (`staging.py`), which then runs
the checks that need it (B3: the same person on another unit's roll in the round). Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise, starmap

import polars as pl
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huanjie.core.errors import RowError
from huanjie.rules import eligibility, idnumber
from huanjie.rules.explain import Reason
from huanjie.rules.profiles import Profile
from huanjie.voters import fastcheck, idcrypto
from huanjie.voters.fastcheck import STAGE_SCHEMA, Staged, StagedRows
from huanjie.voters.models import RemoveReason, VoterStatus
from huanjie.voters.reading import HEADERS, SPACES, Table, open_table

__all__ = ["Checker", "StagedRows", "Table", "Target", "open_table", "reason_text"]

TRUE, FALSE = frozenset(fastcheck.TRUE), frozenset(fastcheck.FALSE)
ASSEMBLIES, SEXES = fastcheck.ASSEMBLIES, fastcheck.SEXES

# What the eligibility decision makes of a row: status, removal reason, category, and the note saying why
# a resident is not registered (column, rule, message), if any.
Outcome = tuple[str, str, str, tuple[str, str, str] | None]


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
    rows_of_hash: dict[bytes, int] = field(default_factory=dict)


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
        # The outcome of each set of facts met so far (FACTS, then status, removed, category, the note).
        self._outcomes: pl.DataFrame | None = None
        self.allow_legacy = profile.id_legacy_allowed

    def run(self, columns: list[str], rows: Table) -> StagedRows:
        """Check every row; the staged good rows, or none once the file has an error (it will be refused
        whole, so nothing of it is hashed, encrypted or written)."""
        parts = list(self.slices(columns, rows, size=len(rows.frame) or 1))
        if self.result.errors or not parts:
            return StagedRows(pl.DataFrame(schema=STAGE_SCHEMA))
        return parts[0]

    def slices(
        self, columns: list[str], rows: Table, *, size: int, first: int | None = None
    ) -> Iterator[StagedRows]:
        """Check the file `size` rows at a time (the first slice `first` rows), yielding each slice's staged
        good rows while the file has no error (its later slices are still checked, for the report). A
        district's first file is written slice by slice as the next is checked (bulk.py)."""
        result = self.result
        table = fastcheck.with_twice(fastcheck.cells(rows.frame, columns))
        result.rows = table.height
        targets = self._targets_frame()
        bounds = [0, *range(first or size, table.height, size), table.height] if table.height else []
        for offset, end in pairwise(bounds):
            checked = fastcheck.plain_rows(
                table.slice(offset, end - offset), targets, fixed_unit=self.fixed_unit, today=self.today
            )
            slow: list[Staged] = []
            for cells in checked.filter(~pl.col("plain")).select("row", *HEADERS).iter_rows(named=True):
                staged = self._row(_Row(cells.pop("row"), cells, result.errors))
                if staged is not None:
                    slow.append(staged)
            plain = self._decided(fastcheck.facts(checked.filter(pl.col("plain"))))
            if self.progress is not None:
                self.progress(end)
            if result.errors:
                continue
            hashes, sealed = idcrypto.protect_many(plain.get_column("id_number"))
            frame = fastcheck.staged(plain, hashes, sealed)
            yield StagedRows(pl.concat([frame, pl.DataFrame(slow, schema=STAGE_SCHEMA, orient="row")]))

    def units_named(self, columns: list[str], rows: Table) -> list[int]:
        """The ids of the units the file's rows name, of those it may name (before checking it)."""
        if self.fixed_unit:
            codes = {self.fixed_unit}
        elif "unit_code" in columns:
            index = max(i for i, c in enumerate(columns) if c == "unit_code")
            codes = set(rows.frame.get_column(f"c{index}").str.strip_chars(SPACES).unique().to_list())
        else:
            codes = set()
        return sorted(t.unit_id for code, t in self.targets.items() if code in codes)

    def _targets_frame(self) -> pl.DataFrame:
        ok = [
            (code, t.unit_id, t.election_id, t.election_day)
            for code, t in self.targets.items()
            if t.in_scope and t.election_day is not None and (not self.fixed_unit or code == self.fixed_unit)
        ]
        return pl.DataFrame(
            ok,
            schema={"unit_code": pl.String, "unit_id": pl.Int64, "election_id": pl.Int64, "day": pl.Date},
            orient="row",
        )

    def _decided(self, plain: pl.DataFrame) -> pl.DataFrame:
        """The plain rows with their outcome (status, removed, category); their notes go to `result`."""
        result = self.result
        combos = plain.select(fastcheck.FACTS).unique()
        if self._outcomes is not None:
            # A file checked slice by slice meets the same sets of facts in every slice: only the new
            # ones go to the rules engine (a district's million rows have some 29,000).
            combos = combos.join(self._outcomes, on=fastcheck.FACTS, how="anti", nulls_equal=True)
        if combos.height or self._outcomes is None:
            outcomes = list(starmap(self._combo_outcome, combos.iter_rows()))
            notes = [o[3] or ("", "", "") for o in outcomes]
            combos = combos.with_columns(
                status=pl.Series([o[0] for o in outcomes], dtype=pl.String),
                removed=pl.Series([o[1] for o in outcomes], dtype=pl.String),
                category=pl.Series([o[2] for o in outcomes], dtype=pl.String),
                note_column=pl.Series([n[0] for n in notes], dtype=pl.String),
                note_rule=pl.Series([n[1] for n in notes], dtype=pl.String),
                note=pl.Series([n[2] for n in notes], dtype=pl.String),
            )
            self._outcomes = combos if self._outcomes is None else pl.concat([self._outcomes, combos])
        plain = plain.join(
            self._outcomes, on=fastcheck.FACTS, how="left", nulls_equal=True, maintain_order="left"
        )
        status = plain.get_column("status")
        result.registered += int((status == VoterStatus.REGISTERED).sum())
        result.excluded += int((status == VoterStatus.EXCLUDED).sum())
        noted = plain.filter(pl.col("note") != "").select("row", "note_column", "note_rule", "note")
        result.notes = sorted([*result.notes, *starmap(RowError, noted.iter_rows())], key=lambda n: n.row)
        return plain

    def _combo_outcome(
        self,
        born: dt.date,
        hukou: bool,
        lives: bool,
        since: dt.date | None,
        extra: str | None,
        wish: bool,
        applied: bool,
        approved: bool,
        deprived: bool,
        lost: bool,
        day: dt.date,
    ) -> Outcome:
        """The outcome of one set of facts (fastcheck.FACTS, in that order)."""
        provided = frozenset(
            n
            for n, present in (
                (eligibility.WISH_STATEMENT, wish),
                (eligibility.APPLICATION, applied),
                (eligibility.ASSEMBLY_APPROVAL, approved),
            )
            if present
        )
        facts = eligibility.VoterFacts(
            birth_date=born,
            hukou_here=hukou,
            lives_here=lives,
            living_here_since=since,
            extra_category=extra,
            provided=provided,
            deprived_of_political_rights=deprived,
            lost_legal_capacity=lost,
        )
        return self._outcome(facts, day)

    def _outcome(self, facts: eligibility.VoterFacts, day: dt.date) -> Outcome:
        decision = self.decide(facts, day)
        if not eligibility.of_voting_age(facts.birth_date, day, self.profile):
            return "", "", "", ("id_number", "B1", reason_text(decision.reasons[0]))
        if facts.deprived_of_political_rights or facts.lost_legal_capacity:
            removed = (
                RemoveReason.DEPRIVED if facts.deprived_of_political_rights else RemoveReason.LOST_CAPACITY
            )
            category = "" if decision.category is None else str(decision.category)
            return VoterStatus.EXCLUDED, removed, category, None
        if decision.category is None:
            return "", "", "", ("living_since", "B2", reason_text(decision.reasons[-1]))
        if decision.needs:
            needs = ", ".join(NEED_LABELS.get(n, n) for n in decision.needs)
            message = _("Not registered: %(needs)s not recorded. %(why)s") % {
                "needs": needs,
                "why": reason_text(decision.reasons[-1]),
            }
            return "", "", "", (NEED_LABELS.get(decision.needs[0], ""), "B2", message)
        return VoterStatus.REGISTERED, "", str(decision.category), None

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
        status, removed, category, note = self._outcome(facts, target.election_day)
        if note is not None:
            result.notes.append(RowError(row.number, *note))
        result.registered += status == VoterStatus.REGISTERED
        result.excluded += status == VoterStatus.EXCLUDED
        return (
            row.number,
            target.unit_id,
            target.election_id,
            digest,
            idcrypto.mask(number),
            idcrypto.encrypt(number),
            name,
            parsed.sex,
            parsed.birth_date.year,
            cells.get("group", ""),
            cells.get("household", ""),
            hukou,
            lives,
            since,
            cells.get("ethnicity", "")[:20],
            status,
            category,
            removed,
            bool(wish),
            application_on,
            approval_on,
            approval_by or ("村民会议" if approval_on else ""),
        )
