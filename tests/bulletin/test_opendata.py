"""Open data of the vote (issue 9): each published result's voting rounds with tallies and outcomes, the
profile, their hashes; the offline verifier agrees with the system and fails, located, on tampering."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from huanjie.bulletin import opendata
from huanjie.bulletin.publisher import file_for
from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Notice, Round
from huanjie.polling.actions import (
    do_add_box,
    do_count,
    do_enter_tally,
    do_open_follow_up,
    do_open_voting_round,
)
from huanjie.polling.models import ElectedMember, VotingRound
from huanjie.polling.writeins import do_decide_write_in, undecided
from huanjie.rules.idnumber import check_digit
from huanjie.voters.models import Voter, VoterStatus
from huanjie.voters.people import RESIDENT, person_ref
from tests.elections.conftest import committee, party
from tests.polling.people import contests, keyed, members, refs, resident

TOOL = Path(__file__).resolve().parents[2] / "tools" / "verify_results.py"
SHIGOU, SHANGPING = "620102023201", "620102023202"
FIRST17 = "62010219800101123"
ID_NUMBER = FIRST17 + check_digit(FIRST17)  # a "write-in" a teller typed from someone's card
FORMULA = '=HYPERLINK("http://evil.example/","x")'  # a "write-in" that a spreadsheet would run (issue 15)
ID_LIKE = re.compile(rb"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_results", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def box(signed: int, tally: dict[str, dict[str, int]], invalid: int = 0, blank: int = 0) -> dict[str, Any]:
    return {
        "voters_signed": signed,
        "ballots_issued": signed,
        "ballots_collected": signed,
        "invalid": invalid,
        "blank": blank,
        "tally": tally,
    }


def vote(vr: VotingRound, boxes: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    """Each box entered twice by two tellers, then the round counted."""
    for (name, kind), data in boxes.items():
        b = do_add_box(vr, name=name, kind=kind, actor=SYSTEM)
        for teller in ("计票员甲", "计票员乙"):
            do_enter_tally(b, data=keyed(b, data), actor=SYSTEM, entrant=teller)
    for post, written in undecided(vr):  # what a teller typed in is no one on the roll
        do_decide_write_in(vr, post=post, written_as=written, unresolvable=True, actor=SYSTEM)
    return do_count(vr, actor=SYSTEM)


@pytest.fixture
def polled(results: dict[str, Notice], rnd: Round, today: dt.date) -> Round:
    """Shigou's committee: a first round in two boxes (worked examples D2, D7: one member seat short)
    and its runoff. Shangping's party branch: an assembly (D15 quorum, 2 approved exclusions) with a
    tie at the boundary, the tie re-vote, and the new committee's plenary electing the secretaries."""
    shigou = committee(rnd, SHIGOU)
    vr = do_open_voting_round(
        shigou,
        held_on=today,
        registered=900,
        actor=SYSTEM,
        contests=contests(
            shigou,
            [
                {"post": "director", "seats": 1, "candidates": ["甲", "乙"]},
                {"post": "member", "seats": 2, "candidates": ["丙", "丁", "戊"]},
            ],
        ),
    )
    first = vote(
        vr,
        {
            ("中心会场", "central"): box(
                450,
                {
                    "director": {"甲": 270, "乙": 150},
                    "member": {"丙": 250, "丁": 180, "戊": 140, ID_NUMBER: 1},
                },
                invalid=4,
                blank=6,
            ),
            ("流动票箱", "mobile"): box(
                50, {"director": {"甲": 30, "乙": 20}, "member": {"丙": 30, "丁": 20, FORMULA: 1}}
            ),
        },
    )
    assert first["contests"][1]["runoff_candidates"] == [refs(vr)["丁"], refs(vr)["戊"]]
    runoff = do_open_follow_up(vr, held_on=today, actor=SYSTEM)
    vote(runoff, {("中心会场", "central"): box(450, {"member": {"丁": 250, "戊": 180}})})

    election = party(rnd, SHANGPING)
    assembly = do_open_voting_round(
        election,
        held_on=today,
        registered=52,
        approved_exclusions=2,
        actor=SYSTEM,
        contests=members(election, [{"post": "committee_member", "seats": 5, "candidates": list("abcdefg")}]),
    )
    # PR2020: 41 of the 50 expected present (more than four fifths); 26 votes elect (half of 50, P6)
    votes = {"a": 40, "b": 38, "c": 30, "d": 27, "e": 27, "f": 27, "g": 10}
    tied = vote(assembly, {("党员大会", "central"): box(41, {"committee_member": votes})})["contests"][0]
    assert sorted(tied["tie_revote"]) == sorted(refs(assembly)[n] for n in "def")
    revote = do_open_follow_up(assembly, held_on=today, actor=SYSTEM)
    vote(revote, {("党员大会", "central"): box(41, {"committee_member": {"d": 30, "e": 25, "f": 10}})})
    plenary = do_open_voting_round(
        election,
        held_on=today,
        registered=5,
        sitting="committee",
        actor=SYSTEM,
        contests=members(
            election,
            [
                {"post": "secretary", "seats": 1, "candidates": ["a"]},
                {"post": "deputy_secretary", "seats": 1, "candidates": ["b"]},
            ],
        ),
    )
    vote(
        plenary,
        {("委员会全体会议", "central"): box(5, {"secretary": {"a": 5}, "deputy_secretary": {"b": 3}})},
    )
    return rnd


def open_data(rnd: Round, site: Path) -> Path:
    """The round's open-data files as publish-static writes them (without the pages and PDFs)."""
    for address, data in opendata.round_files(rnd).items():
        target = site / file_for(address)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return site


def result_file(site: Path, rnd: Round, code: str, body: str) -> Path:
    return site / f"data/rounds/{rnd.pk}/results/{code}/{body}.json"


def check(site: Path) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, TOOL, str(site)], capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def test_it_publishes_every_voting_round_and_the_verifier_agrees_with_the_count(
    polled: Round, tmp_path: Path, client: Client
) -> None:
    site = tmp_path / "site"
    call_command("publish-static", str(site), "--jobs=1", stdout=StringIO())
    code, out, err = check(site)
    assert code == 0, err
    assert "2 results, 5 voting rounds recounted" in out, out

    for unit, body in ((SHIGOU, "villagers_committee"), (SHANGPING, "party_branch")):
        published = json.loads(result_file(site, polled, unit, body).read_text())
        rounds = VotingRound.objects.filter(election__unit__code=unit, election__kind=body)
        assert [r["seq"] for r in published["voting_rounds"]] == [vr.seq for vr in rounds]
        for vr, data in zip(rounds, published["voting_rounds"], strict=True):
            assert vr.result is not None
            assert data["kind"] == vr.kind and data["outcome"]["valid"] == vr.result["valid"]
            assert data["outcome"]["threshold"] == vr.result["threshold"]
            for mine, theirs in zip(data["contests"], vr.result["contests"], strict=True):
                for key in ("elected", "vacancies", "tie_revote", "runoff_candidates"):
                    assert mine[key] == theirs[key], (vr, key)
        members = ElectedMember.objects.filter(election__unit__code=unit, election__kind=body)
        assert {
            (c["post"], v["ref"], v["name"], v["votes"])
            for r in published["voting_rounds"]
            for c in r["contests"]
            for v in c["votes"]
            if v["ref"] in c["elected"]
        } == {(m.post, m.ref, m.name, m.votes) for m in members}

    shigou = json.loads(result_file(site, polled, SHIGOU, "villagers_committee").read_text())
    first = shigou["voting_rounds"][0]
    assert (first["registered"], first["voters_signed"], first["invalid"], first["blank"]) == (900, 500, 4, 6)
    assert [b["name"] for b in first["boxes"]] == ["中心会场", "流动票箱"]
    assert [v["person"] for v in first["contests"][1]["votes"]][:3] == ["丙", "丁", "戊"]  # list order
    assert any(r["rule"] == "B18" and r["text_zh"] for r in first["outcome"]["reasons"])
    index = json.loads((site / f"data/rounds/{polled.pk}/index.json").read_text())
    profile = (site / f"data/rounds/{polled.pk}/profile.json").read_bytes()
    assert index["files"][index["profile"]] == hashlib.sha256(profile).hexdigest()
    assert json.loads(profile)["parameters"]["runoff_candidates"]["value"] == "remaining_plus_one"

    # the dynamic site serves the same bytes; a result not published yet has no data
    for path in (
        f"data/rounds/{polled.pk}/results/{SHIGOU}/villagers_committee.json",
        f"data/rounds/{polled.pk}/results/{SHANGPING}/party_branch.csv",
        f"data/rounds/{polled.pk}/profile.json",
        f"data/rounds/{polled.pk}/index.json",
    ):
        assert client.get(f"/{path}").content == (site / path).read_bytes(), path
    assert (
        client.get(f"/data/rounds/{polled.pk}/results/{SHANGPING}/villagers_committee.json").status_code
        == 404
    )

    page = client.get(f"/en/rounds/{polled.pk}/results/").content.decode()
    assert f"/data/rounds/{polled.pk}/results/{SHIGOU}/villagers_committee.csv" in page

    # a formula-like write-in is text in the CSV (a leading apostrophe), the verifier agreeing
    shigou_csv = (site / f"data/rounds/{polled.pk}/results/{SHIGOU}/villagers_committee.csv").read_text()
    assert "'" + FORMULA.replace('"', '""') in shigou_csv
    assert not re.search(r'(^|,)"?=', shigou_csv, re.M)

    # no ID number in any published file, the teller's "write-in" included
    for file in (p for p in site.rglob("*") if p.is_file() and p.suffix != ".pdf"):
        assert not ID_LIKE.search(file.read_bytes()), file
    assert "*" * 18 in json.dumps(first, ensure_ascii=False)


def test_it_fails_on_a_tampered_vote_naming_file_round_and_post(polled: Round, tmp_path: Path) -> None:
    site = open_data(polled, tmp_path / "site")
    target = result_file(site, polled, SHIGOU, "villagers_committee")
    data = json.loads(target.read_text())
    runoff = data["voting_rounds"][1]
    # Swap the runoff's votes everywhere (box and total) so that the sums still agree...
    ref = {v["name"]: v["ref"] for v in runoff["contests"][0]["votes"]}
    swapped = {ref["丁"]: 180, ref["戊"]: 250}
    runoff["boxes"][0]["tally"]["member"] = swapped
    runoff["contests"][0]["votes"] = [
        {**v, "votes": swapped[v["ref"]]} for v in runoff["contests"][0]["votes"]
    ]
    target.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    code, _, err = check(site)
    assert code == 1
    address = f"/data/rounds/{polled.pk}/results/{SHIGOU}/villagers_committee.json"
    assert f"{address}: SHA-256" in err
    # ...and even with the index's hash rewritten to match, the recount disagrees, located.
    index_path = site / f"data/rounds/{polled.pk}/index.json"
    index = json.loads(index_path.read_text())
    index["files"][address] = hashlib.sha256(target.read_bytes()).hexdigest()
    index_path.write_text(json.dumps(index))
    code, _, err = check(site)
    assert code == 1
    assert "SHA-256" not in err
    # the recount goes by reference: it names the persons by theirs
    assert (
        f"{address}: voting round 2 (runoff), member: elected is ['{ref['丁']}'], the recount gives ['{ref['戊']}']"
        in err
    )


def test_it_fails_on_totals_that_are_not_the_sum_of_the_boxes(polled: Round, tmp_path: Path) -> None:
    site = open_data(polled, tmp_path / "site")
    target = result_file(site, polled, SHANGPING, "party_branch")
    data = json.loads(target.read_text())
    data["voting_rounds"][0]["voters_signed"] = 39  # quorum no longer met: 5 × 39 < 4 × 50
    target.write_text(json.dumps(data))
    mod = verifier()
    problems = mod.check_round(site, site / f"data/rounds/{polled.pk}/index.json")
    place = f"/data/rounds/{polled.pk}/results/{SHANGPING}/party_branch.json: voting round 1 (first)"
    assert f"{place}: voters_signed 39 but the boxes add up to 41" in problems
    assert f"{place}: valid is True, the recount gives False" in problems


def test_it_fails_on_a_tampered_hash_or_csv(polled: Round, tmp_path: Path) -> None:
    site = open_data(polled, tmp_path / "site")
    assert check(site)[0] == 0
    csv_path = site / f"data/rounds/{polled.pk}/results/{SHIGOU}/villagers_committee.csv"
    original = csv_path.read_text()
    assert ",甲,false,,300,elected" in original
    csv_path.write_text(original.replace(",甲,false,,300,elected", ",甲,false,,310,elected"))
    code, _, err = check(site)
    assert code == 1 and "villagers_committee.csv line 2 (voting round 1, director, 甲): votes '310'" in err

    csv_path.write_text(original)
    index_path = site / f"data/rounds/{polled.pk}/index.json"
    index = json.loads(index_path.read_text())
    profile = index["profile"]
    index["files"][profile] = "0" * 64
    index_path.write_text(json.dumps(index))
    code, _, err = check(site)
    assert code == 1 and f"{profile}: SHA-256" in err and f"the index says {'0' * 64}" in err


def test_it_publishes_two_namesakes_apart_and_the_verifier_recounts_by_reference(
    results: dict[str, Notice], rnd: Round, today: dt.date, tmp_path: Path
) -> None:
    """Two 王建国 on one ballot (issue 17): the open data keys them by two opaque references, prints them
    apart, and the offline recount, by reference, agrees; a write-in of the name resolved by the election
    committee to the first adds to his votes, an unresolvable one to no one's."""
    shigou = committee(rnd, SHIGOU)
    one = resident(shigou, "王建国", group="第一村民小组", year=1972)
    two = resident(shigou, "王建国", group="第三村民小组", year=1980)
    li = resident(shigou, "李明", group="第二村民小组")
    Voter.objects.create(
        election=shigou,
        round=rnd,
        resident=one,
        id_hash=one.id_hash,
        status=VoterStatus.REGISTERED,
        added_on=today,
    )
    vr = do_open_voting_round(
        shigou,
        held_on=today,
        registered=900,
        actor=SYSTEM,
        contests=[{"post": "member", "seats": 2, "candidates": [one, two, li]}],
    )
    one_ref, two_ref, li_ref = (person_ref(shigou.pk, RESIDENT, r.pk) for r in (one, two, li))
    data = {
        **box(500, {"member": {one_ref: 230, two_ref: 260, li_ref: 240}}),
        "write_ins": {"member": {"王建国(一组)": 50, "查无此人": 9}},
    }
    b = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    for teller in ("计票员甲", "计票员乙"):
        do_enter_tally(b, data=data, actor=SYSTEM, entrant=teller)
    do_decide_write_in(vr, post="member", written_as="王建国(一组)", resident=one, actor=SYSTEM)
    do_decide_write_in(vr, post="member", written_as="查无此人", unresolvable=True, actor=SYSTEM)
    result = do_count(vr, actor=SYSTEM)
    assert result["contests"][0]["elected"] == [one_ref, two_ref]  # 280 and 260 of 500; 李明 240 is not
    site = open_data(rnd, tmp_path / "site")
    code, _out, err = check(site)
    assert code == 0, err
    published = json.loads(result_file(site, rnd, SHIGOU, "villagers_committee").read_text())
    votes = published["voting_rounds"][0]["contests"][0]["votes"]
    rows = {v["ref"]: (v["person"], v["name"], v["votes"], v["write_in"]) for v in votes}
    assert rows[one_ref] == ("王建国（第一村民小组）", "王建国", 280, None)
    assert rows[two_ref] == ("王建国（第三村民小组）", "王建国", 260, None)
    assert next(v for v in votes if v["write_in"] == "unresolved")["votes"] == 9
    text = json.dumps(published, ensure_ascii=False)
    assert '"resident"' not in text and one.id_masked not in text  # no record number, no ID number
    csv_text = (site / f"data/rounds/{rnd.pk}/results/{SHIGOU}/villagers_committee.csv").read_text()
    assert f",{one_ref},王建国（第一村民小组）,false,,280,elected" in csv_text
    assert f",{two_ref},王建国（第三村民小组）,false,,260,elected" in csv_text
