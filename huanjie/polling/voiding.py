"""Voiding an election for misconduct (B25, OL Art.17; a community's under its residents' committee
measures): the district records its decision, the engine says which seats fall vacant, the elected lose
those seats, the new vote is opened and the result notice is corrected by a new version."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import action, audit
from huanjie.core.errors import ActionError
from huanjie.elections.actions import CORRECTION_EN, CORRECTION_ZH, check_evidence, publish_notice
from huanjie.elections.models import Election, Notice
from huanjie.elections.notices import NoticeText
from huanjie.polling.actions import HERE, create_round
from huanjie.polling.lines import people_of, shown
from huanjie.polling.models import ElectedMember, Voiding, VotingRound
from huanjie.rules import misconduct
from huanjie.rules.calendar import Stage
from huanjie.rules.citations import in_chinese
from huanjie.rules.terms import POST_ZH, Post

REASON_MAX = 2000


def _result_notice(election: Election) -> Notice | None:
    """The newest version of the election's result notice, if one is published."""
    return (
        Notice.objects.filter(election=election, stage=Stage.RESULT, replaced_by__isnull=True)
        .order_by("-version")
        .first()
    )


def _correction(
    notice: Notice,
    voiding: misconduct.Voiding,
    grounds: str,
    ref: str,
    day: dt.date,
    names: dict[str, str],
) -> NoticeText:
    """The corrected notice; `names` gives each voided person's label (the engine names them by reference)."""
    what_zh = (
        "本次选举无效，全部当选人员的当选无效"
        if voiding.whole
        else "、".join(
            f"{POST_ZH[p]}{'、'.join(names.get(r, r) for r in refs)}" for p, refs in voiding.vacated.items()
        )
        + "的当选无效"
    )
    what_en = (
        "the whole election is void"
        if voiding.whole
        else "the election of "
        + "; ".join(
            f"{', '.join(names.get(r, r) for r in refs)} ({p.value})" for p, refs in voiding.vacated.items()
        )
        + " is void"
    )
    article = voiding.reasons[0].article
    zh = (
        f"{notice.body_zh}\n\n更正：经区换届选举工作领导小组办公室{day.year}年{day.month}月{day.day}日决定"
        f"（{ref}），因以{misconduct.GROUNDS_ZH[misconduct.Grounds(grounds)]}等不正当手段进行选举，{what_zh}"
        f"（依据：{in_chinese(article)}）。空缺名额将重新投票选举，结果另行公告。"
    )
    en = (
        f"{notice.body_en}\n\nCorrection: by the district election office's decision of {day.isoformat()} "
        f"({ref}), on the grounds of {grounds.replace('_', ' ')}, {what_en} ({article}). The vacant seats "
        "are filled by a new vote, whose result will be published."
    )
    return NoticeText(
        f"{notice.title_zh.removesuffix(CORRECTION_ZH)}{CORRECTION_ZH}",
        f"{notice.title_en.removesuffix(CORRECTION_EN)}{CORRECTION_EN}",
        zh,
        en,
        notice.issuer_zh,
        notice.issuer_en,
    )


@action(
    "polling.void_election",
    capability=Capability.VOID_ELECTIONS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
    public="results",
)
def do_void_election(
    election: Election,
    *,
    grounds: str,
    reason: str,
    document_ref: str,
    decided_on: dt.date,
    new_vote_on: dt.date,
    actor: User,
    members: list[ElectedMember] | None = None,
    document: tuple[str, bytes] | None = None,
) -> Voiding:
    """Record the district's decision that the election (``members`` empty) or the named members'
    election is void for misconduct; their seats fall vacant, the new vote is opened, and a published
    result notice is corrected by a new version. One transaction, one audit event."""
    members = members or []
    if not reason.strip():
        raise ActionError(_("Say why the election is void."), field="reason")
    if len(reason) > REASON_MAX:
        raise ActionError(_("The reason is longer than 2000 characters."), field="reason")
    if not document_ref.strip():
        raise ActionError(_("Give the number of the decision document."), field="document_ref")
    if decided_on > clock.today():
        raise ActionError(_("A decision cannot be dated in the future."), field="decided_on")
    if new_vote_on < decided_on:
        raise ActionError(_("The new vote cannot be held before the decision."), field="new_vote_on")
    if any(m.election_id != election.pk for m in members):
        raise ActionError(_("That person was not elected in this election."), field="members")
    counted = list(election.voting_rounds.filter(status=VotingRound.Status.COUNTED))
    if not counted:
        raise ActionError(_("No counted voting round: there is no election to void."))
    kind = check_evidence(*document) if document else ""
    first = election.voting_rounds.order_by("seq").first()
    assert first is not None
    seats = {Post(c.post): c.seats for c in first.contests.all()}
    elected: dict[Post, list[str]] = {}
    all_members = list(ElectedMember.objects.filter(election=election))
    for m in all_members:
        elected.setdefault(Post(m.post), []).append(m.ref)
    try:
        # By the person's reference: voiding one 王建国's election never touches his namesake's seat.
        outcome = misconduct.void(
            election.kind, elected, seats, grounds, [m.ref for m in members] if members else ()
        )
    except misconduct.VoidingError as exc:
        raise ActionError(exc.message, field=exc.field) from exc
    lost = all_members if outcome.whole else members
    candidates = {c.post: list(c.entries.all()) for c in first.contests.prefetch_related("entries")}
    contests = [
        {
            "post": post.value,
            "seats": n,
            "candidates": [line for line in candidates[post.value] if line.ref not in outcome.barred],
        }
        for post, n in outcome.seats.items()
    ]
    last = counted[-1]
    if outcome.whole:
        election.voting_rounds.filter(status=VotingRound.Status.COUNTED).update(
            status=VotingRound.Status.VOIDED
        )
    voided = [
        {"post": m.post, "ref": m.ref, "name": m.name, "votes": m.votes, "round": m.voting_round.seq}
        for m in lost
    ]
    labels = {ref: label for vr in counted for ref, label in people_of(vr.result).items()}
    labels.update({m.ref: labels.get(m.ref, m.name) for m in all_members})
    ElectedMember.objects.filter(pk__in=[m.pk for m in lost]).delete()
    new_round = create_round(
        election,
        VotingRound.Kind.FIRST,
        new_vote_on,
        first.registered,
        contests,
        parent=last,
    )
    old = _result_notice(election)
    notice = None
    if old is not None:
        notice = publish_notice(
            election,
            stage=old.stage,
            text=_correction(old, outcome, grounds, document_ref.strip(), decided_on, labels),
            actor=actor,
            replaces=old,
        )
    decision = Voiding(
        election=election,
        whole=outcome.whole,
        grounds=grounds,
        reason=reason.strip(),
        document_ref=document_ref.strip(),
        decided_on=decided_on,
        decided_by=actor,
        voided=voided,
        # The engine names persons by reference; the decision keeps its reasons as people read them.
        reasons=[
            {**r.to_json(), "text_zh": shown(r.text_zh, labels), "text_en": shown(r.text_en, labels)}
            for r in outcome.reasons
        ],
        new_round=new_round,
        notice=notice,
    )
    if document and kind:
        digest = hashlib.sha256(document[1]).hexdigest()
        decision.document_name, decision.document_sha256 = document[0][:200], digest
        decision.document.save(digest, ContentFile(document[1]), save=False)
    decision.save()
    audit(
        obj=decision,
        division_path=election.unit.path,
        before={"elected": voided},
        after={
            "whole": outcome.whole,
            "grounds": grounds,
            "reason": decision.reason,
            "document_ref": decision.document_ref,
            "document_sha256": decision.document_sha256,
            "new_round": new_round.pk,
            "notice": notice.pk if notice else None,
            "articles": sorted({r.article for r in outcome.reasons}),
        },
    )
    return decision
