"""Changes to the roll: each an action with its audit event; the supplementary list shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.auditlog.models import Event
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.demo.people import make_id_number
from huanjie.elections.models import Election
from huanjie.voters import idcrypto
from huanjie.voters.actions import (
    Registration,
    do_add_voter,
    do_build_roll,
    do_import_voters,
    do_remove_voter,
)
from huanjie.voters.models import Resident, Voter, VoterStatus
from huanjie.voters.publication import list_notice, published_entries, supplementary
from tests.voters.conftest import SHIGOU, csv_file, good_rows, publish

pytestmark = pytest.mark.django_db


def _resident(election: Election, born: dt.date, n: int, **kw: Any) -> Resident:
    number = make_id_number("620102", born, n, "female")
    return Resident.objects.create(
        unit=election.unit,
        name=f"赵{n}",
        sex="female",
        birth_year=born.year,
        id_hash=idcrypto.id_hash(number),
        id_masked=idcrypto.mask(number),
        id_cipher=idcrypto.encrypt(number),
        group="第3村民小组",
        **kw,
    )


def test_it_builds_the_roll_from_the_residents_on_record(
    shigou: Election, admin: Any, today: dt.date
) -> None:
    day = shigou.election_day
    assert day is not None
    _resident(shigou, dt.date(1980, 1, 1), 1)
    _resident(shigou, day.replace(year=day.year - 17), 2)  # 17 on the day
    _resident(shigou, dt.date(1970, 1, 1), 3, lives_here=False)  # category 2: needs the statement
    assert do_build_roll(shigou, actor=admin) == 1
    assert do_build_roll(shigou, actor=admin) == 0
    assert Event.objects.filter(action="voters.build_roll").count() == 2


def test_it_adds_a_person_turning_18_and_takes_off_the_dead(
    shigou: Election, admin: Any, today: dt.date
) -> None:
    day = shigou.election_day
    assert day is not None
    young = _resident(shigou, day.replace(year=day.year - 18), 4)
    old = _resident(shigou, dt.date(1940, 5, 5), 5)
    voter = do_add_voter(shigou, young, reason="turned_18", on=today, actor=admin)
    assert voter.status == VoterStatus.REGISTERED and voter.category == "1"
    with pytest.raises(ActionError):
        do_add_voter(shigou, young, reason="turned_18", on=today, actor=admin)  # already on it
    too_young = _resident(shigou, day.replace(year=day.year - 18) + dt.timedelta(days=1), 6)
    with pytest.raises(ActionError) as info:
        do_add_voter(shigou, too_young, reason="turned_18", on=today, actor=admin)
    assert "17" in info.value.message
    entry = do_add_voter(shigou, old, reason="registration", on=today, actor=admin)
    do_remove_voter(entry, reason="died", on=today, note="死亡证明", actor=admin)
    entry.refresh_from_db()
    assert (entry.status, entry.removed_reason, entry.removed_on) == ("removed", "died", today)
    with pytest.raises(ActionError):
        do_remove_voter(entry, reason="died", on=today, actor=admin)
    assert [e.action for e in Event.objects.filter(action__startswith="voters.").order_by("seq")] == [
        "voters.add",
        "voters.add",
        "voters.remove",
    ]


def test_it_records_an_exclusion_and_category_3(shigou: Election, admin: Any, today: dt.date) -> None:
    newcomer = _resident(shigou, dt.date(1985, 3, 3), 7, hukou_here=False, living_since=dt.date(2018, 1, 1))
    with pytest.raises(ActionError):
        do_add_voter(shigou, newcomer, reason="registration", on=today, actor=admin)
    voter = do_add_voter(
        shigou,
        newcomer,
        reason="registration",
        on=today,
        registration=Registration(application_on=today, approval_on=today, approval_by="村民代表会议"),
        actor=admin,
    )
    assert (voter.category, voter.approval_by) == ("3", "村民代表会议")
    do_remove_voter(voter, reason="deprived", on=today, actor=admin)
    assert Voter.objects.get(pk=voter.pk).status == VoterStatus.EXCLUDED


def test_it_refuses_changes_outside_the_scope_and_for_readers(
    shigou: Election, clerk: Any, inspector: Any, outsider: Any, today: dt.date
) -> None:
    r = _resident(shigou, dt.date(1980, 1, 1), 8)
    for actor in (inspector, outsider):
        with pytest.raises(NotAllowed):
            do_add_voter(shigou, r, reason="registration", on=today, actor=actor)
    do_add_voter(shigou, r, reason="registration", on=today, actor=clerk)


def test_it_puts_later_changes_on_the_supplementary_list(
    shigou: Election, admin: Any, today: dt.date
) -> None:
    do_import_voters(shigou.round, "s.csv", csv_file(good_rows(SHIGOU, 5)), actor=admin)
    publish(shigou, today)
    notice = list_notice(shigou)
    assert notice is not None
    assert published_entries(shigou, notice).count() == 5
    gone = Voter.objects.filter(election=shigou).first()
    assert gone is not None
    do_remove_voter(gone, reason="moved_away", on=today, actor=admin)
    newcomer = _resident(shigou, dt.date(1990, 1, 1), 9)
    do_add_voter(shigou, newcomer, reason="moved_in", on=today, actor=admin)
    assert published_entries(shigou, notice).count() == 5  # the list as posted
    changes = supplementary(shigou, notice)
    assert sorted((c.voter.resident.name, c.added) for c in changes) == sorted(
        [(gone.resident.name, False), ("赵9", True)]
    )
