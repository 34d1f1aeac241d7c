"""The joint qualification review's departments (资格联审) and the democratic evaluation's sanity check.

Not statute: the review is the practice of the county or township (election-law.md A1 step 6, ◐), and the
departments are those the district's implementation plans name, so no profile carries them. The statute
of the candidates (differential, nomination cap, women, the formal list) is in huanjie.rules.candidates.
"""

from __future__ import annotations

from collections.abc import Sequence

REVIEW_ARTICLE = "A1 step 6 ◐ (县乡两级组织的候选人资格联审)"

# The departments of the joint qualification review: key, Chinese, English.
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("public_security", "公安机关", "public security"),
    ("procuratorate", "人民检察院", "procuratorate"),
    ("court", "人民法院", "court"),
    ("discipline", "纪检监察机关", "discipline inspection"),
    ("civil_affairs", "民政部门", "civil affairs"),
    ("petitions", "信访部门", "letters and visits"),
)
DEPARTMENT_KEYS = tuple(d[0] for d in DEPARTMENTS)
DEPARTMENT_ZH = {key: zh for key, zh, _ in DEPARTMENTS}


def evaluation_ok(participants: int, counts: Sequence[int]) -> bool:
    """A democratic evaluation: no negative count, and no more ratings than people who took part."""
    return participants >= 0 and all(c >= 0 for c in counts) and sum(counts) <= participants
