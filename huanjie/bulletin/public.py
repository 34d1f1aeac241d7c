"""What the public may read, and how: current and replaced notices, codes, redaction, integrity.

Everything here is public by statute (OL Art.14, 15, 18 and the provinces' measures): the notices the
election committees post. Nothing else of a unit's records is read — no residents, no voters, no staff
names beyond the issuing committee — and any ID number a clerk typed into a notice's notes is removed
before the text reaches a page, a feed, a PDF or a data file.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language

from huanjie.elections.models import Notice
from huanjie.elections.notices import NoticeText, content_hash
from huanjie.rules.idnumber import find_in_text

CODE_LENGTH = 16  # hex digits of the SHA-256 printed as the verification code
_HEX = re.compile(r"[^0-9a-f]")


def english() -> bool:
    return (get_language() or "").startswith("en")


ID_DIGITS = 15  # the fewest digits an ID number has (the first generation's 15; today's 17 and a check)


def _too_few_digits(text: str) -> bool:
    """Whether `text` cannot hold an ID number: fewer digits than the shortest one has, counted however
    they are written (find_in_text reads each character's decimal value or its compatibility form)."""
    if sum(map(str.isdigit, text)) >= ID_DIGITS:
        return False
    return text.isascii() or sum(map(str.isdigit, unicodedata.normalize("NFKC", text))) < ID_DIGITS


@functools.lru_cache(maxsize=65536)
def redact(text: str) -> str:
    """Every run that reads as an ID number (idnumber.find_in_text) becomes asterisks. Notices refuse ID
    numbers when they are written (elections.notices.refuse_id_numbers) and the notices published before
    that were redacted in place (migration elections 0003): this is the last guard, not the first.
    The open data redacts every string of every result (names, labels, reasons): most are short and
    repeat, hence the quick count and the memory."""
    if _too_few_digits(text):
        return text
    while (found := find_in_text(text)) is not None:
        text = text[: found.start] + "*" * (found.end - found.start) + text[found.end :]
    return text


def holds_id_number(notice: Notice) -> bool:
    """Whether the stored text reads as holding an ID number (then it is searched by nobody)."""
    texts = (
        notice.title_zh,
        notice.title_en,
        notice.body_zh,
        notice.body_en,
        notice.issuer_zh,
        notice.issuer_en,
    )
    return any(find_in_text(t) is not None for t in texts)


def notices() -> QuerySet[Notice]:
    """All published notices, newest first, with what the pages show of them in one query."""
    return Notice.objects.select_related("unit__parent__parent", "round", "replaced_by", "election")


# What a list of notices never reads: the texts beyond the title, and the correction's own texts (a list
# only says that a notice was corrected).
_UNLISTED = ("body_zh", "body_en", "issuer_zh", "issuer_en", "created_by")
_UNLISTED_CORRECTION = (
    "title_zh",
    "title_en",
    "sha256",
    "election",
    "round",
    "unit",
    "stage",
    "published_at",
)


def listed() -> QuerySet[Notice]:
    """Notices as a list shows them (`Listed`): title, unit, time, version, whether corrected. Two joins
    and no texts, where `notices()` takes six joins and every text: a notice page lists up to two dozen
    others, and a publish renders dozens of notice pages."""
    return (
        Notice.objects.select_related("unit", "replaced_by")
        .defer(*_UNLISTED)
        .defer(*(f"replaced_by__{name}" for name in _UNLISTED + _UNLISTED_CORRECTION))
    )


def code_of(notice: Notice) -> str:
    """The verification code printed on paper: the SHA-256's first 16 hex digits, in groups of four."""
    head = notice.sha256[:CODE_LENGTH]
    return "-".join(head[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def find(code_or_hash: str) -> Notice | None:
    """The notice a code (at least 16 hex digits, separators ignored) or a full SHA-256 names."""
    text = _HEX.sub("", code_or_hash.strip().lower())
    if len(text) < CODE_LENGTH or len(text) > 64:
        return None
    found = list(notices().filter(sha256__startswith=text)[:2])
    return found[0] if len(found) == 1 else None


def is_current(notice: Notice) -> bool:
    return not hasattr(notice, "replaced_by")


def newest_version(notice: Notice) -> Notice:
    while hasattr(notice, "replaced_by"):
        notice = notice.replaced_by
    return notice


def versions(notice: Notice) -> list[Notice]:
    """Every version of the notice, first to newest."""
    chain = [newest_version(notice)]
    while chain[-1].replaces_id is not None:
        replaced = chain[-1].replaces
        assert replaced is not None
        chain.append(replaced)
    return chain[::-1]


def _fields(notice: Notice, title_zh: str, title_en: str) -> dict[str, object]:
    return {
        "unit": notice.unit.code,
        "stage": notice.stage,
        "published_at": notice.published_at.isoformat(),
        "version": notice.version,
        "title_zh": title_zh,
        "title_en": title_en,
        "body_zh": notice.body_zh,
        "body_en": notice.body_en,
        "issuer_zh": notice.issuer_zh,
        "issuer_en": notice.issuer_en,
    }


def _digest(fields: dict[str, object]) -> str:
    text = NoticeText(
        str(fields["title_zh"]),
        str(fields["title_en"]),
        str(fields["body_zh"]),
        str(fields["body_en"]),
        str(fields["issuer_zh"]),
        str(fields["issuer_en"]),
    )
    return content_hash(
        text,
        unit_code=str(fields["unit"]),
        stage=str(fields["stage"]),
        published_at=str(fields["published_at"]),
        version=int(str(fields["version"])),
    )


# elections.actions.do_correct_notice hashes a correction's title *before* it appends these marks.


def hash_input(notice: Notice) -> dict[str, object]:
    """The fields the notice's SHA-256 was computed from (elections/notices.py content_hash)."""
    return _fields(notice, notice.title_zh, notice.title_en)


def intact(notice: Notice) -> bool:
    """Whether the stored notice still matches its SHA-256 (a record altered behind the system's back
    would not)."""
    return _digest(hash_input(notice)) == notice.sha256


@dataclass(frozen=True)
class Shown:
    """A notice in the reader's language, redacted."""

    notice: Notice
    title: str
    body: str
    issuer: str


@dataclass(frozen=True)
class Listed:
    """A notice in a list (of `listed()`): its title in the reader's language, redacted."""

    notice: Notice
    title: str


def listed_item(notice: Notice) -> Listed:
    return Listed(notice, redact(notice.title_en if english() else notice.title_zh))


def shown(notice: Notice, *, en: bool | None = None) -> Shown:
    en = english() if en is None else en
    if en:
        return Shown(notice, redact(notice.title_en), redact(notice.body_en), redact(notice.issuer_en))
    return Shown(notice, redact(notice.title_zh), redact(notice.body_zh), redact(notice.issuer_zh))
