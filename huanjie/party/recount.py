"""The party organisations' voting rounds counted again under the second reading of PR2020 (issue 14):
the majority of the members who should attend (P6), a quorum of more than four fifths (P3), nobody seated
twice in one election (P8), officers only from the committee (P9).

Run once by the migration ``party.0002_recount_party_rounds`` (with the migration's historical models) and
callable with the live registry (``django.apps.apps``). History is not silently rewritten: for each election
whose outcome changes, the round keeps its original outcome under ``result["recount"]``, the elected follow
the lawful outcome, a compliance finding records both outcomes and the article, the current result notice
gets a corrected version (the old one stays), and one audit event says what was done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from huanjie.auditlog.models import GENESIS
from huanjie.auditlog.models import Event as LiveEvent
from huanjie.core import clock
from huanjie.elections import notices
from huanjie.polling import tally
from huanjie.rules import profiles
from huanjie.rules.calendar import Stage
from huanjie.rules.cases import case_from_json, result_to_json
from huanjie.rules.counting import count
from huanjie.rules.explain import PR
from huanjie.rules.terms import POST_ZH, Post

CODE = "party_recount_pr2020"
ARTICLE = f"{PR} — P3 (quorum > 4/5 of the expected), P6 (majority of the expected), P8, P9"
ACTOR = "system: migration party.0002_recount_party_rounds"
KEYS = ("elected", "vacancies", "tie_revote", "runoff_candidates")
CORRECTION_ZH, CORRECTION_EN = "（更正）", " (correction)"


def _outcome(result: dict[str, Any]) -> dict[str, Any]:
    return {
        "valid": result["valid"],
        "contests": {c["post"]: {k: c[k] for k in KEYS} for c in result["contests"]},
    }


def _case(vr: Any, before: dict[str, list[str]]) -> dict[str, Any]:
    """The round's case from its accepted boxes, with the winners of the recounted earlier rounds."""
    contests = list(vr.contests.order_by("rank"))
    total = _by_person(vr)
    return {
        "profile": vr.election.round.profile,
        "body": "party_branch",
        "round": vr.kind,
        "registered": vr.registered,
        "sitting": vr.sitting,
        "approved_exclusions": vr.approved_exclusions,
        "voted": total["voters_signed"],
        "ballots_collected": total["ballots_collected"],
        "ballots_issued": total["ballots_issued"],
        "ballots_cast": total["ballots_collected"],
        "contests": [
            {"post": c.post, "seats": c.seats, "tally": total["tally"].get(c.post, {})} for c in contests
        ],
        "elected_before": before,
    }


def _by_person(vr: Any) -> dict[str, Any]:
    """The agreed boxes' sum. Stored since issue 17 by person's reference, with the write-ins the count
    resolved to a person (the round's result lists them) added to that person; before it, by name."""
    total = tally.add([b.accepted for b in vr.boxes.all() if b.accepted is not None])
    for c in (vr.result or {}).get("contests", []):
        for w in c.get("write_ins", []):
            if w.get("resolved"):
                votes = total["tally"].setdefault(c["post"], {})
                votes[w["ref"]] = votes.get(w["ref"], 0) + w["votes"]
    return total


def _names(result: dict[str, Any]) -> dict[str, str]:
    return {ref: p.get("label") or p.get("name") or ref for ref, p in (result.get("people") or {}).items()}


def _say(result: dict[str, Any], names: dict[str, str] | None = None) -> tuple[str, str]:
    if not result["valid"]:
        return f"选举无效（{result['reason']}）", f"void ({result['reason']})"
    shown = names or {}
    zh, en = [], []
    for c in result["contests"]:
        name = POST_ZH[Post(c["post"])]
        elected = [shown.get(n, n) for n in c["elected"]]
        tied = [shown.get(n, n) for n in c["tie_revote"]]
        zh.append(
            f"{name}当选：{'、'.join(elected) or '无'}"
            + (f"，缺额{c['vacancies']}名" if c["vacancies"] else "")
            + (f"，{'、'.join(tied)}得票相等须再投票" if tied else "")
        )
        en.append(
            f"{c['post']}: {', '.join(elected) or 'nobody'} elected"
            + (f", {c['vacancies']} seat(s) open" if c["vacancies"] else "")
            + (f", {', '.join(tied)} to a tie re-vote" if tied else "")
        )
    return "；".join(zh), "; ".join(en)


def _sync_elected(elected_model: Any, vr: Any, new: dict[str, Any], people: dict[str, Any]) -> None:
    totals = _by_person(vr)["tally"]
    # Since issue 17 the count names persons by reference (`people` says whom); before it, by name.
    key = "ref" if people else "name"
    lawful = {(c["post"], n) for c in new["contests"] for n in c["elected"]}
    for member in elected_model.objects.filter(voting_round=vr):
        if (member.post, getattr(member, key)) not in lawful:
            member.delete()
    have = set(elected_model.objects.filter(voting_round=vr).values_list("post", key))
    for post, who in sorted(lawful - have):
        person = people.get(who, {})
        extra = (
            {
                "ref": who,
                "name": person.get("name", who),
                "member_id": person.get("member"),
                "resident_id": person.get("resident"),
            }
            if people
            else {"name": who}
        )
        elected_model.objects.create(
            election=vr.election,
            voting_round=vr,
            post=post,
            votes=totals.get(post, {}).get(who, 0),
            **extra,
        )


def _audit(apps: Any, election: Any, before: dict[str, Any], after: dict[str, Any]) -> None:
    """One audit event per corrected election, chained like ``auditlog.record`` (historical models)."""
    event_model, head_model = apps.get_model("auditlog", "Event"), apps.get_model("auditlog", "ChainHead")
    head, _ = head_model.objects.select_for_update().get_or_create(id=1, defaults={"seq": 0, "hash": GENESIS})
    fields: dict[str, Any] = {
        "seq": head.seq + 1,
        "at": timezone.now().astimezone(dt.UTC),
        "actor_name": ACTOR,
        "action": "party.recount",
        "object_type": "elections.election",
        "object_id": str(election.pk),
        "object_repr": str(election.unit.name)[:200],
        "division_path": election.unit.path,
        "before": before,  # plain JSON values: outcomes, a notice pk, the finding's code
        "after": after,
        "prev_hash": head.hash,
    }
    digest = LiveEvent(**fields).compute_hash()  # the hash only: nothing is read or written through it
    event_model.objects.create(actor_id=None, hash=digest, **fields)
    head.seq, head.hash = fields["seq"], digest
    head.save(update_fields=["seq", "hash"])


def _correct_notice(apps: Any, election: Any, text_zh: str, text_en: str) -> Any:
    notice_model = apps.get_model("elections", "Notice")
    current = (
        notice_model.objects.filter(
            election=election, stage=Stage.PARTY_RESULT_APPROVAL, replaced_by__isnull=True
        )
        .order_by("-version", "-pk")
        .first()
    )
    if current is None:
        return None
    now = timezone.now().astimezone(dt.UTC)
    text = notices.NoticeText(
        f"{current.title_zh.removesuffix(CORRECTION_ZH)}{CORRECTION_ZH}",
        f"{current.title_en.removesuffix(CORRECTION_EN)}{CORRECTION_EN}",
        f"{current.body_zh}\n\n{text_zh}",
        f"{current.body_en}\n\n{text_en}",
        current.issuer_zh,
        current.issuer_en,
    )
    digest = notices.content_hash(
        text,
        unit_code=election.unit.code,
        stage=current.stage,
        published_at=now.isoformat(),
        version=current.version + 1,
    )
    return notice_model.objects.create(
        round_id=current.round_id,
        unit_id=current.unit_id,
        election=election,
        stage=current.stage,
        title_zh=text.title_zh,
        title_en=text.title_en,
        body_zh=text.body_zh,
        body_en=text.body_en,
        issuer_zh=text.issuer_zh,
        issuer_en=text.issuer_en,
        published_at=now,
        version=current.version + 1,
        replaces=current,
        sha256=digest,
        created_by=None,
    )


def recount_party_rounds(apps: Any, today: dt.date | None = None) -> list[int]:
    """Recount every counted party voting round; returns the pks of the elections whose outcome changed."""
    round_model = apps.get_model("polling", "VotingRound")
    elected_model = apps.get_model("polling", "ElectedMember")
    finding_model = apps.get_model("elections", "Finding")
    found = today or clock.today()
    counted = round_model.objects.filter(election__kind="party_branch", status="counted")
    changed: list[int] = []
    for election_id in sorted(set(counted.values_list("election_id", flat=True))):
        before: dict[str, list[str]] = {}
        lines_zh, lines_en, log = [], [], []
        election = None
        for vr in (
            counted.filter(election_id=election_id)
            .select_related("election__round", "election__unit")
            .order_by("seq")
        ):
            election = vr.election
            profile = profiles.load(election.round.profile)
            new = result_to_json(count(case_from_json(_case(vr, before)), profile))
            old = vr.result
            for c in new["contests"]:
                before.setdefault(c["post"], []).extend(c["elected"])
            if _outcome(old) == _outcome(new):
                continue
            names = _names(old)
            was_zh, was_en = _say(old, names)
            now_zh, now_en = _say(new, names)
            lines_zh.append(f"第{vr.seq}轮投票：原计票结果为{was_zh}；依规重新计票为{now_zh}。")
            lines_en.append(
                f"Voting round {vr.seq}: counted as {was_en}; recounted under the rules: {now_en}."
            )
            log.append({"round": vr.seq, "was": _outcome(old), "now": _outcome(new)})
            kept = {k: old[k] for k in ("people",) if k in old}
            for c_new, c_old in zip(new["contests"], old["contests"], strict=False):
                c_new.update({k: c_old[k] for k in ("write_ins", "unresolved_votes") if k in c_old})
            vr.result = {
                **new,
                **kept,
                "recount": {"on": found.isoformat(), "article": ARTICLE, "original": old},
            }
            vr.save(update_fields=["result"])
            _sync_elected(elected_model, vr, new, old.get("people") or {})
        if election is None or not log:
            continue
        head_zh = (
            f"{election.unit.name}党组织换届选举按《中国共产党基层组织选举工作条例》重新计票（以应到会有选举权党员"
            "过半数为当选票数，到会超过应到会人数五分之四选举方为有效，已当选者不重复当选），结果与原公布不同："
        )
        head_en = (
            f"{election.unit.name}: the party organisation's election recounted under PR2020 (a majority of the "
            "members who should attend elects; the vote is valid with more than four fifths of them present; "
            "nobody is elected twice); the outcome differs from the one announced:"
        )
        text_zh, text_en = head_zh + "".join(lines_zh), " ".join([head_en, *lines_en])
        finding_model.objects.create(
            round_id=election.round_id,
            unit_id=election.unit_id,
            election=election,
            stage=Stage.PARTY_ASSEMBLY,
            code=CODE,
            article=ARTICLE[:200],
            severity="high",
            source="review",
            text_zh=text_zh,
            text_en=text_en,
            found_on=found,
            rectification_due=found + dt.timedelta(days=15),
        )
        notice = _correct_notice(apps, election, text_zh, text_en)
        _audit(
            apps,
            election,
            {"rounds": [x["was"] for x in log]},
            {"rounds": [x["now"] for x in log], "notice": notice.pk if notice else None, "finding": CODE},
        )
        changed.append(election_id)
    return changed
