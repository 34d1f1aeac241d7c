"""People, not names (issue 17): two namesakes are two ballot lines, two tallies and two results; write-ins
are decided by the election committee; a database with names is migrated to persons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from huanjie.accounts.actions import do_create_user
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election, Round
from huanjie.polling.actions import do_add_box, do_count, do_enter_tally, do_open_voting_round
from huanjie.polling.models import Candidate, ElectedMember, VotingRound, WriteIn
from huanjie.polling.papers import ballot_context, result_sheet_context
from huanjie.polling.writeins import do_decide_write_in
from huanjie.voters.models import Voter, VoterStatus
from huanjie.voters.people import RESIDENT, person_ref, write_in_ref
from tests.conftest import PASSWORD
from tests.elections.conftest import committee
from tests.polling.people import resident

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


@pytest.fixture
def clerk2(tree: dict[str, Any]) -> Any:
    return do_create_user(
        username="clerk2", password=PASSWORD, role="clerk", scope=tree["Shigou Village"], actor=SYSTEM
    )


def _box(vr: VotingRound, clerks: tuple[Any, Any], tally: dict[str, Any], write_ins: Any = None) -> None:
    box = do_add_box(vr, name=f"箱{vr.boxes.count() + 1}", kind="central", actor=clerks[0])
    data = {
        "voters_signed": 100,
        "ballots_issued": 100,
        "ballots_collected": 100,
        "invalid": 0,
        "blank": 0,
        "tally": tally,
        "write_ins": write_ins or {},
    }
    for clerk in clerks:
        do_enter_tally(box, data=data, actor=clerk)


def _namesakes(rnd: Round, today: dt.date) -> tuple[Election, VotingRound, Any, Any, Any]:
    election = committee(rnd, SHIGOU)
    one = resident(election, "王建国", group="第一村民小组", year=1972)
    two = resident(election, "王建国", group="第三村民小组", year=1980)
    other = resident(election, "李明", group="第二村民小组")
    vr = do_open_voting_round(
        election,
        held_on=today,
        registered=150,
        actor=SYSTEM,
        contests=[{"post": "member", "seats": 2, "candidates": [one, two, other]}],
    )
    return election, vr, one, two, other


def test_it_keeps_two_namesakes_apart_on_the_ballot_the_tally_and_the_result(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    election, vr, one, two, other = _namesakes(rnd, today)
    lines = list(Candidate.objects.filter(contest__voting_round=vr).order_by("rank"))
    assert [c.resident for c in lines] == [one, two, other]
    ref_one, ref_two = (person_ref(election.pk, RESIDENT, r.pk) for r in (one, two))
    assert [c.ref for c in lines[:2]] == [ref_one, ref_two] and ref_one != ref_two
    # The ballot prints them apart by their villager group; the third name stays alone.
    assert [c.label for c in lines] == ["王建国（第一村民小组）", "王建国（第三村民小组）", "李明"]
    cells = [cell for s in ballot_context(vr)["sections"] for row in s.rows for cell in row if cell]
    assert cells == ["王建国（第一村民小组）", "王建国（第三村民小组）", "李明"]
    other_ref = lines[2].ref
    _box(vr, (clerk, clerk2), {"member": {ref_one: 30, ref_two: 70, other_ref: 60}})
    result = do_count(vr, actor=clerk)
    assert result["contests"][0]["elected"] == [ref_two, other_ref]  # the second 王建国, not the first
    elected = ElectedMember.objects.get(election=election, ref=ref_two)
    assert (elected.resident, elected.name, elected.votes) == (two, "王建国", 70)
    assert not ElectedMember.objects.filter(resident=one).exists()
    assert result["people"][ref_two]["label"] == "王建国（第三村民小组）"
    sheet = result_sheet_context(election)
    people = sheet["rounds"][0]["posts"][0]["people"]
    assert ("王建国（第一村民小组）", 30, False) in people and ("王建国（第三村民小组）", 70, True) in people


def test_it_refuses_a_tally_key_that_is_no_ballot_line(rnd: Round, today: dt.date, clerk: Any) -> None:
    election, vr, _one, _two, _other = _namesakes(rnd, today)
    box = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    data = {"voters_signed": 10, "ballots_issued": 10, "ballots_collected": 10, "invalid": 0, "blank": 0}
    for bad in ({"member": {"王建国": 5}}, {"member": {person_ref(election.pk, RESIDENT, 999999): 5}}):
        with pytest.raises(ActionError) as err:
            do_enter_tally(box, data={**data, "tally": bad}, actor=clerk)
        assert err.value.field == "tally.member"
    with pytest.raises(ActionError) as err:
        do_enter_tally(box, data={**data, "tally": {}, "write_ins": {"member": {"x" * 61: 1}}}, actor=clerk)
    assert err.value.field == "write_ins"
    assert box.entries.count() == 0


def test_it_refuses_a_typed_name_or_another_units_resident_as_a_candidate(rnd: Round, today: dt.date) -> None:
    election = committee(rnd, SHIGOU)
    elsewhere = committee(rnd, "620102015201")
    stranger = resident(elsewhere, "赵六")
    for bad in ("王建国", stranger):
        with pytest.raises(ActionError) as err:
            do_open_voting_round(
                election,
                held_on=today,
                registered=10,
                actor=SYSTEM,
                contests=[{"post": "director", "seats": 1, "candidates": [bad]}],
            )
        assert err.value.field == "contests"
    assert not VotingRound.objects.filter(election=election).exists()


def test_write_ins_are_decided_before_the_count_one_resolved_one_not(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    election, vr, one, two, other = _namesakes(rnd, today)
    written = resident(election, "张三", group="第二村民小组")
    Voter.objects.create(
        election=election,
        round=election.round,
        resident=written,
        id_hash=written.id_hash,
        status=VoterStatus.REGISTERED,
        added_on=today,
    )
    ref_one, ref_two = (person_ref(election.pk, RESIDENT, r.pk) for r in (one, two))
    other_ref = person_ref(election.pk, RESIDENT, other.pk)
    _box(
        vr,
        (clerk, clerk2),
        {"member": {ref_one: 52, ref_two: 20, other_ref: 10}},
        {"member": {"张三": 55, "张 三丰": 60}},  # 197 marks on 100 ballots for 2 seats
    )
    with pytest.raises(ActionError) as err:
        do_count(vr, actor=clerk)
    assert err.value.field == "write_ins" and "张三" in err.value.message and "张 三丰" in err.value.message
    # Not on the roll: refused at the field, nothing decided.
    with pytest.raises(ActionError) as err:
        do_decide_write_in(vr, post="member", written_as="张三", resident=other, actor=clerk)
    assert err.value.field == "resident" and not WriteIn.objects.exists()
    do_decide_write_in(vr, post="member", written_as="张三", resident=written, actor=clerk)
    do_decide_write_in(vr, post="member", written_as="张 三丰", unresolvable=True, actor=clerk)
    result = do_count(vr, actor=clerk)
    written_ref = person_ref(election.pk, RESIDENT, written.pk)
    contest = result["contests"][0]
    # 张三's 55 votes elect him; the unresolvable 60 stay on valid ballots but elect no one.
    assert contest["elected"] == [written_ref, ref_one]
    assert contest["unresolved_votes"] == 60
    assert {w["written"]: (w["resolved"], w["ref"]) for w in contest["write_ins"]} == {
        "张三": (True, written_ref),
        "张 三丰": (False, write_in_ref(election.pk, "张 三丰")),
    }
    assert ElectedMember.objects.get(ref=written_ref).resident == written
    with pytest.raises(ActionError):
        do_decide_write_in(vr, post="member", written_as="张三", unresolvable=True, actor=clerk)  # counted


def test_the_write_ins_page_lists_them_with_their_state(
    client: Any, rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    election, vr, one, _two, _other = _namesakes(rnd, today)
    ref_one = person_ref(election.pk, RESIDENT, one.pk)
    _box(vr, (clerk, clerk2), {"member": {ref_one: 40}}, {"member": {"无名氏": 7}})
    client.force_login(clerk)
    page = client.get(reverse("polling:write_ins", args=[vr.pk])).content.decode()
    assert "无名氏" in page and 'class="badge bad"' in page  # undecided
    answer = client.post(
        reverse("polling:decide_write_in", args=[vr.pk, 1]),
        {"post": "member", "written_as": "无名氏", "unresolvable": "on"},
    )
    assert answer.status_code == 302
    assert WriteIn.objects.get(voting_round=vr).unresolvable
    answer = client.post(
        reverse("polling:decide_write_in", args=[vr.pk, 1]), {"post": "member", "written_as": "x"}
    )
    assert answer.status_code == 200  # neither a person nor unresolvable: the form again


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_names_into_persons(tree: Any, client: Any, clerk: Any) -> None:
    """polling.0008 on a database with names: a name with one resident becomes that person's line, two
    namesakes and nobody stay unresolved (a keyed reference, no person); tallies and results re-keyed."""
    before, after = [("polling", "0007_people_not_names")], [("polling", "0009_contest_names_dropped")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        round_model = old.get_model("elections", "Round")
        election_model = old.get_model("elections", "Election")
        body_model = old.get_model("units", "Body")
        resident_model = old.get_model("voters", "Resident")
        unit = tree["Shigou Village"]
        rnd = round_model.objects.create(
            name="2021",
            district_id=tree["Chengguan"].pk,
            profile="gansu",
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 6, 30),
        )
        body = body_model.objects.filter(unit_id=unit.pk, kind="villagers_committee").first()
        if body is None:
            body = body_model.objects.create(
                unit_id=unit.pk, kind="villagers_committee", name="石沟村村民委员会"
            )
        election = election_model.objects.create(
            round=rnd, unit_id=unit.pk, street_id=unit.parent_id, body=body, kind="villagers_committee"
        )
        made = {}
        for i, (name, group) in enumerate([("甲", "一组"), ("乙", "一组"), ("乙", "二组")]):
            made[(name, group)] = resident_model.objects.create(
                unit_id=unit.pk,
                name=name,
                sex="male",
                birth_year=1970,
                id_hash=f"{i:032x}",  # hex: text before voters 0010, bytes after
                id_masked="x",
                id_cipher=b"x",
                group=group,
            )
        vr_model = old.get_model("polling", "VotingRound")
        vr = vr_model.objects.create(
            election=election, kind="first", seq=1, held_on=dt.date(2021, 3, 1), registered=100, status="counted",
            result={"valid": True, "contests": [{"post": "director", "elected": ["甲"], "tie_revote": [],
                    "runoff_candidates": [], "provisional_on": []}], "displaced": []},
        )  # fmt: skip
        vr.contests.create(post="director", rank=0, seats=1, candidates=["甲", "乙", "丙"], women=[])
        tally = {"voters_signed": 90, "ballots_issued": 90, "ballots_collected": 90, "invalid": 0, "blank": 0,
                 "tally": {"director": {"甲": 50, "乙": 30, "丙": 5, "丁": 5}}}  # fmt: skip
        box = vr.boxes.create(name="中心会场", kind="central", status="accepted", accepted=tally)
        box.entries.create(entrant="a", data=tally)
        old.get_model("polling", "ElectedMember").objects.create(
            election=election, voting_round=vr, post="director", name="甲", votes=50
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
    jia = made[("甲", "一组")]
    ref = person_ref(election.pk, RESIDENT, jia.pk)
    lines = list(Candidate.objects.filter(contest__voting_round_id=vr.pk).order_by("rank"))
    assert [(c.name, c.resident_id, c.ref) for c in lines] == [
        ("甲", jia.pk, ref),
        ("乙", None, write_in_ref(election.pk, "乙")),  # two residents of the name: not guessed
        ("丙", None, write_in_ref(election.pk, "丙")),  # nobody of the name
    ]
    stored = VotingRound.objects.get(pk=vr.pk)
    assert stored.result is not None and stored.result["contests"][0]["elected"] == [ref]
    accepted = stored.boxes.get().accepted
    assert accepted is not None
    assert accepted["tally"]["director"] == {
        ref: 50,
        write_in_ref(election.pk, "乙"): 30,
        write_in_ref(election.pk, "丙"): 5,
    }
    assert accepted["write_ins"] == {"director": {"丁": 5}}
    assert WriteIn.objects.get(voting_round_id=vr.pk).written == "丁"
    member = ElectedMember.objects.get(voting_round_id=vr.pk)
    assert (member.ref, member.resident_id) == (ref, jia.pk)
    # The clerk's page lists the lines the migration could not tie to one person.
    client.force_login(clerk)
    page = client.get(reverse("polling:unresolved", args=[election.pk])).content.decode()
    rows = page[page.index('id="unresolved"') :]
    assert "乙" in rows and "丙" in rows and "<td>甲</td>" not in rows
    assert (
        reverse("polling:unresolved", args=[election.pk])
        in client.get(reverse("polling:polling", args=[election.pk])).content.decode()
    )


def test_a_namesake_of_a_candidate_may_count_the_candidate_may_not(rnd: Round, today: dt.date) -> None:
    """B14 by person: the official on the roll is matched to the candidates by record, never by name."""
    from huanjie.polling.officials import do_appoint_official

    election, _vr, one, _two, _other = _namesakes(rnd, today)
    twin = resident(election, "王建国", group="第五村民小组", year=1990)  # not on the ballot
    voters = {
        r.pk: Voter.objects.create(
            election=election,
            round=election.round,
            resident=r,
            id_hash=r.id_hash,
            status=VoterStatus.REGISTERED,
            added_on=today,
        )
        for r in (one, twin)
    }
    official = do_appoint_official(election, role="teller", voter=voters[twin.pk], actor=SYSTEM)
    assert official.name == "王建国"
    with pytest.raises(ActionError) as err:
        do_appoint_official(election, role="teller", voter=voters[one.pk], actor=SYSTEM)
    assert err.value.field == "name" and "B14" in err.value.message


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [("clerk", 200, 302), ("inspector", 200, 403), ("outsider", 404, 404)],
)
def test_the_write_in_pages_keep_to_the_scope_and_the_role(
    request: Any, client_for: Any, rnd: Round, today: dt.date, persona: str, read: int, write: int
) -> None:
    election, vr, one, _two, _other = _namesakes(rnd, today)
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    data = {"voters_signed": 10, "ballots_issued": 10, "ballots_collected": 10, "invalid": 0, "blank": 0}
    ref_one = person_ref(election.pk, RESIDENT, one.pk)
    do_enter_tally(box, data={**data, "tally": {"member": {ref_one: 5}}, "write_ins": {"member": {"某": 1}}},
                   actor=SYSTEM, entrant="甲")  # fmt: skip
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("polling:write_ins", args=[vr.pk])).status_code == read
    assert client.get(reverse("polling:unresolved", args=[election.pk])).status_code == read
    posted = client.post(
        reverse("polling:decide_write_in", args=[vr.pk, 1]),
        {"post": "member", "written_as": "某", "unresolvable": "on"},
    )
    assert posted.status_code == write
    assert WriteIn.objects.filter(voting_round=vr).exists() == (write == 302)


def test_the_clerk_ties_a_ballot_line_left_by_name_to_its_person_under_the_same_reference(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    """A line the migration could not tie (two 王建国 in the unit) keeps the reference made from the name;
    the clerk picks which 王建国 it was on the people-to-resolve page: the line, the elected member and the
    result point at that person, and the reference the tallies and the open data carry does not change."""
    from huanjie.reports.resolve import do_resolve_person, options, rows_for

    election, vr, one, two, other = _namesakes(rnd, today)
    line = Candidate.objects.get(contest__voting_round=vr, resident=two)
    kept = write_in_ref(election.pk, "王建国")  # as polling 0008 keys a name it cannot tie
    Candidate.objects.filter(pk=line.pk).update(ref=kept, resident=None)
    line.refresh_from_db()
    ref_one = person_ref(election.pk, RESIDENT, one.pk)
    ref_other = person_ref(election.pk, RESIDENT, other.pk)
    _box(vr, (clerk, clerk2), {"member": {ref_one: 40, kept: 70, ref_other: 60}})
    do_count(vr, actor=clerk)
    elected = ElectedMember.objects.get(election=election, ref=kept)
    assert elected.resident is None
    listed = [r for r in rows_for(clerk, rnd) if r.kind == "line"]
    assert [r.row.pk for r in listed] == [line.pk]
    assert {o.key for o in options("line", line)} == {f"r{one.pk}", f"r{two.pk}"}  # shown apart, not chosen
    with pytest.raises(ActionError):  # 王建国 of group one has a line of his own in that vote
        do_resolve_person(line, person=one, actor=clerk)
    do_resolve_person(line, person=two, actor=clerk)
    line.refresh_from_db()
    elected.refresh_from_db()
    vr.refresh_from_db()
    assert (line.ref, line.resident) == (kept, two)
    assert (elected.ref, elected.resident) == (kept, two)
    assert vr.result is not None and vr.result["people"][kept]["resident"] == two.pk
    assert not [r for r in rows_for(clerk, rnd) if r.kind in ("line", "elected")]
