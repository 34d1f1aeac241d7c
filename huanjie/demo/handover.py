"""Handovers in the demo: each committee elected on polling day opens its handover the next day and signs it
off within the 10 days, except two villages that sign late and one that is still open at the round's end.

`plan` gives the replay its dated steps for an election's handover and archive stages: the sign-off
completes the handover stage (a late one with the system's override, which the review then shows as a
finding), and the archive follows the sign-off. An election the demo did not vote (a roll too small to
draw candidates from) completes its handover stage plainly, as the replay did before.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_complete_stage
from huanjie.elections.models import Election, ElectionStage, StageStatus
from huanjie.handover.actions import do_open_handover, do_sign_off, do_update_item
from huanjie.handover.models import Handover, HandoverItem
from huanjie.polling.models import ElectedMember
from huanjie.rules.calendar import Stage

D = dt.timedelta
LATE = {"红山根村": 13, "石门沟村": 12}  # days after polling day on which they sign (10 are allowed)
STILL_OPEN = "沈家坡村"  # the collective-assets inventory is disputed: not signed by the round's end
NOTES: dict[str, str] = {
    HandoverItem.Kind.SEAL: "村委会公章1枚、财务专用章1枚，当场交接。",
    HandoverItem.Kind.ACCOUNTS: "现金日记账、银行存款日记账及会计凭证，经街道三资代理中心核对。",
    HandoverItem.Kind.ASSETS: "办公用房、办公设备及固定资产登记簿，逐项清点。",
    HandoverItem.Kind.ARCHIVES: "文书档案、选举工作档案，按目录移交。",
    HandoverItem.Kind.OPEN_MATTERS: "未办结事项清单一份，新一届委员会接续办理。",
}
WITNESS_GIVEN = "志远建华文斌国庆海涛玉兰"
SURNAMES = "王李张刘陈杨赵黄周吴"


def _signed_after(unit: str, pk: int) -> int | None:
    if unit == STILL_OPEN:
        return None
    return LATE.get(unit, 3 + pk % 6)


def _stage(pk: int) -> ElectionStage:
    return ElectionStage.objects.select_related("election__round", "election__unit", "election__body").get(
        pk=pk
    )


def _person(rng: random.Random) -> str:
    i = rng.randrange(len(WITNESS_GIVEN) // 2)
    return rng.choice(SURNAMES) + WITNESS_GIVEN[2 * i : 2 * i + 2]


def _open(election_pk: int) -> Callable[[], None]:
    def run() -> None:
        election = Election.objects.select_related("round", "unit", "body").get(pk=election_pk)
        if ElectedMember.objects.filter(election=election).exists():
            handover = do_open_handover(election, actor=SYSTEM)
            if election.unit.name == STILL_OPEN:
                for item in handover.items.filter(
                    kind__in=[HandoverItem.Kind.SEAL, HandoverItem.Kind.ARCHIVES]
                ):
                    do_update_item(
                        item, status=HandoverItem.Status.DONE, notes=NOTES[item.kind], actor=SYSTEM
                    )

    return run


def _sign(election_pk: int, stage_pk: int, day: dt.date) -> Callable[[], None]:
    def run() -> None:
        handover = Handover.objects.filter(election_id=election_pk).select_related("election__unit").first()
        if handover is None:  # nobody was voted in by the demo: the stage is completed as before
            stage = _stage(stage_pk)
            if stage.status == StageStatus.PENDING:
                do_complete_stage(stage, completed_on=day, actor=SYSTEM)
            return
        for item in handover.items.all():
            do_update_item(
                item, status=HandoverItem.Status.DONE, notes=NOTES.get(item.kind, ""), actor=SYSTEM
            )
        director = ElectedMember.objects.filter(election_id=election_pk, post="director").first()
        rng = random.Random(f"handover:{election_pk}")
        outgoing = _person(rng)
        incoming = director.name if director else outgoing
        witness = _person(random.Random(f"witness:{handover.election.street_id}"))
        while witness in (outgoing, incoming):
            witness = _person(rng)
        do_sign_off(
            handover,
            outgoing_head=outgoing,
            incoming_head=incoming,
            witness=witness,
            signed_on=day,
            actor=SYSTEM,
        )

    return run


def _archive(stage_pk: int, day: dt.date) -> Callable[[], None]:
    def run() -> None:
        stage = _stage(stage_pk)
        handover_done = stage.election.stages.filter(key=Stage.HANDOVER, status=StageStatus.DONE).exists()
        if stage.status == StageStatus.PENDING and handover_done:
            do_complete_stage(stage, completed_on=day, actor=SYSTEM)

    return run


def plan(stage: ElectionStage, election_day: dt.date) -> list[tuple[dt.date, Callable[[], None]]]:
    """The dated steps of a committee election's handover or archive stage."""
    election = stage.election
    after = _signed_after(election.unit.name, election.pk)
    if stage.key == Stage.HANDOVER:
        steps = [(election_day + D(days=1), _open(election.pk))]
        if after is not None:
            steps.append(
                (election_day + D(days=after), _sign(election.pk, stage.pk, election_day + D(days=after)))
            )
        return steps
    if after is None:
        return []
    return [
        (
            election_day + D(days=max(9, after + 1)),
            _archive(stage.pk, election_day + D(days=max(9, after + 1))),
        )
    ]
