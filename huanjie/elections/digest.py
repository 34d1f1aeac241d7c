"""The digest: each responsible user gets, by mail, the overdue and due-soon stages in their scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.mail import send_mail
from django.utils import translation

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, roles_with
from huanjie.core.dates import zh_date
from huanjie.elections.models import ElectionStage
from huanjie.elections.progress import SOON_DAYS, State, annotate_state
from huanjie.elections.stages import label

# Who answers for stages: those who complete them (edit_units: the clerks of the units, the street officers
# and the district office).
RESPONSIBLE = roles_with(Capability.EDIT_UNITS)
MAX_LINES = 40


@dataclass(frozen=True)
class Digest:
    user: User
    overdue: int
    due_soon: int
    body: str


def digest_for(user: User, today: dt.date, soon_days: int = SOON_DAYS) -> Digest | None:
    stages = (
        annotate_state(ElectionStage.objects.visible_to(user), today, soon_days)
        .filter(state__in=[State.OVERDUE, State.DUE_SOON])
        .select_related("election__unit", "election__body")
        .order_by("eff_due", "election__unit__code")
    )
    rows = list(stages[: MAX_LINES + 1])
    if not rows:
        return None
    overdue = stages.filter(state=State.OVERDUE).count()
    due_soon = stages.filter(state=State.DUE_SOON).count()
    with translation.override("zh-hans"):
        lines = [
            f"{user}，您好：",
            "",
            f"截至{zh_date(today)}，您管辖范围内有 {overdue} 个步骤已逾期，"
            f"{due_soon} 个步骤将在 {soon_days} 日内到期。",
            "",
        ]
        for s in rows[:MAX_LINES]:
            mark = "【逾期】" if s.state == State.OVERDUE else "【将到期】"
            lines.append(f"{mark}{zh_date(s.eff_due)}  {s.election.body.name}  {label(s.key)}")
        if len(rows) > MAX_LINES:
            lines.append(f"……另有 {overdue + due_soon - MAX_LINES} 项，请登录换届工作台查看。")
    return Digest(user, overdue, due_soon, "\n".join(lines))


def send_digest(digest: Digest) -> None:
    subject = f"换届工作提醒：逾期 {digest.overdue} 项，即将到期 {digest.due_soon} 项"
    send_mail(subject, digest.body, None, [digest.user.email])


def send_digests(today: dt.date, *, dry_run: bool = False) -> tuple[list[Digest], list[User]]:
    """Send every responsible user their digest. Returns the digests and the users who have no e-mail.
    Keeps no ledger: `huanjie digest` and the digest job mail through jobs.kinds.deliver_digests, which
    sends each user one digest a day at most; this serves the command's dry run."""
    sent: list[Digest] = []
    unreachable: list[User] = []
    users = User.objects.filter(is_active=True, role__in=RESPONSIBLE, scope__isnull=False).select_related(
        "scope"
    )
    for user in users.order_by("username"):
        digest = digest_for(user, today)
        if digest is None:
            continue
        if not user.email:
            unreachable.append(user)
            continue
        if not dry_run:
            send_digest(digest)
        sent.append(digest)
    return sent, unreachable
