"""People, not names (issue 17): one person is one record, shown apart from their namesakes everywhere.

A person in an election is a `Resident` (villagers' and residents' committees; a party member who lives
in the unit too) or, for a party organisation, a `party.PartyMember` with no resident (a member whose
relationship is here but who is not on the unit's household register). Everything that names a person —
a candidate on a ballot, a tally's line, an elected member, a review, an assessment — points at that
record; the name beside it is for reading only, never a key.

- `person_ref(election_id, kind, pk)`: the stable opaque reference of a person in one election, the key of
  tallies, results and the open data. It is an HMAC under a key derived from the deployment's master
  secret, of the election and the record's number only — never of the ID number — so it cannot be
  turned back into anything, and the same person has the same reference in every voting round of the
  election (a runoff's tally adds to the right person). References are stored where they are made, so a
  new key never changes a published one.
- `office_label(...)`: how the office shows a person — name, villager group, year of birth — so that two
  王建国 of one village never look alike to a clerk.
- `public_labels(...)`: how a notice or a ballot shows a list of people, as the practice is: the name
  alone, and where two share a name, the name with the villager group in brackets (and the year of birth
  too where they also share the group) — enough to tell them apart, no more.
"""

from __future__ import annotations

import base64
import hmac
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from hashlib import sha256

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from huanjie.core import keys

RESIDENT = "r"  # the record is a voters.Resident
MEMBER = "m"  # the record is a party.PartyMember with no resident
REF_LENGTH = 16  # base32 characters: 80 bits, no collision in any election


@cache
def _ref_key() -> bytes:
    master = str(getattr(settings, "ID_NUMBER_KEY", "") or settings.SECRET_KEY)
    return keys.derive(master, "person-ref", 32, which="aes")


@receiver(setting_changed)
def _forget_key(*, setting: str, **_kwargs: object) -> None:
    if setting in {"ID_NUMBER_KEY", "SECRET_KEY"}:
        _ref_key.cache_clear()


def person_ref(election_id: int, kind: str, pk: int) -> str:
    """The opaque reference of record `pk` (a resident, or a party member) in election `election_id`."""
    if kind not in (RESIDENT, MEMBER):
        raise ValueError(f"unknown person kind {kind!r}")
    digest = hmac.new(_ref_key(), f"{election_id}:{kind}:{pk}".encode(), sha256).digest()
    return "p" + base64.b32encode(digest).decode("ascii").lower()[: REF_LENGTH - 1]


def write_in_ref(election_id: int, written: str) -> str:
    """The reference of a write-in (另选他人) no one could resolve to a person: keyed by what was written,
    so that the same written name across boxes is one line of the result, and never a person's."""
    digest = hmac.new(_ref_key(), f"{election_id}:w:{written.strip()}".encode(), sha256).digest()
    return "w" + base64.b32encode(digest).decode("ascii").lower()[: REF_LENGTH - 1]


@dataclass(frozen=True)
class Shown:
    """What may be shown of a person to tell them from namesakes: never the ID number itself."""

    ref: str
    name: str
    group: str = ""
    birth_year: int | None = None
    masked: str = ""  # the masked ID number (region and check character), for the office only


def office_label(name: str, group: str = "", birth_year: int | None = None) -> str:
    """王建国（三组，1972年生）: the office's way to show a person, namesakes or not."""
    parts = [p for p in (group, _("born %(year)s") % {"year": birth_year} if birth_year else "") if p]
    return f"{name}（{'，'.join(parts)}）" if parts else name


def public_labels(people: Sequence[Shown]) -> dict[str, str]:
    """Each person's label on a notice or a ballot: the name, told apart from namesakes in the list by the
    villager group, then also by the year of birth, then by the order on the list (甲, 乙 …) as a last
    resort (two of one name, one group and one year: the committee must still print distinct lines)."""
    names = Counter(p.name for p in people)
    labels: dict[str, str] = {}
    for p in people:
        labels[p.ref] = p.name
    clashing = [p for p in people if names[p.name] > 1]
    by_group = Counter((p.name, p.group) for p in clashing)
    by_year = Counter((p.name, p.group, p.birth_year) for p in clashing)
    order: Counter[tuple[str, str, int | None]] = Counter()
    for p in clashing:
        bits = [p.group] if p.group else []
        if (by_group[(p.name, p.group)] > 1 or not p.group) and p.birth_year:
            bits.append(_("born %(year)s") % {"year": p.birth_year})
        if by_year[(p.name, p.group, p.birth_year)] > 1:
            key = (p.name, p.group, p.birth_year)
            bits.append("甲乙丙丁戊己庚辛壬癸"[order[key] % 10])
            order[key] += 1
        labels[p.ref] = f"{p.name}（{'，'.join(bits)}）" if bits else p.name
    return labels


def namesakes(names: Iterable[str]) -> set[str]:
    """The names that occur more than once."""
    return {n for n, k in Counter(names).items() if k > 1}
