"""The printed papers: ballot, tally sheets, certificates of election, result sheet — each opens as a PDF
and says what it must, in order; scope; a party assembly's ballot and the profile's marking rules."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election, Round
from huanjie.polling.actions import (
    do_add_box,
    do_count,
    do_enter_tally,
    do_open_follow_up,
    do_open_voting_round,
)
from huanjie.polling.models import VotingRound
from huanjie.polling.papers import ballot_rules, per_mille
from huanjie.polling.writeins import do_decide_write_in, undecided
from tests.elections.conftest import committee, party
from tests.polling.people import contests, keyed, members

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"
CONTESTS = [
    {"post": "director", "seats": 1, "candidates": ["王建国", "李明"]},
    {"post": "women_member", "seats": 1, "candidates": ["赵秀英", "孙丽"], "women": ["赵秀英", "孙丽"]},
    {"post": "member", "seats": 2, "candidates": ["周强", "吴海", "郑刚"]},
]


def _entry(signed: int, tally: dict[str, dict[str, int]], invalid: int = 0, blank: int = 0) -> dict[str, Any]:
    return {
        "voters_signed": signed,
        "ballots_issued": signed,
        "ballots_collected": signed,
        "invalid": invalid,
        "blank": blank,
        "tally": tally,
    }


def _vote(vr: VotingRound, boxes: list[tuple[str, str, dict[str, Any]]]) -> None:
    for name, kind, data in boxes:
        box = do_add_box(vr, name=name, kind=kind, actor=SYSTEM)
        for teller in ("计票员甲", "计票员乙"):
            do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant=teller)
    for post, written in undecided(vr):  # a write-in no one on the roll answers to
        do_decide_write_in(vr, post=post, written_as=written, unresolvable=True, actor=SYSTEM)
    do_count(vr, actor=SYSTEM)


@pytest.fixture
def counted(rnd: Round, today: dt.date) -> Election:
    """A first round that leaves one member seat open (B22), and the runoff that fills it."""
    election = committee(rnd, SHIGOU)
    first = do_open_voting_round(
        election, held_on=today, registered=600, contests=contests(election, CONTESTS), actor=SYSTEM
    )
    central = {
        "director": {"王建国": 300, "李明": 140},
        "women_member": {"赵秀英": 280, "孙丽": 160},
        "member": {"周强": 320, "吴海": 200, "郑刚": 180, "冯某": 5},
    }
    mobile = {"director": {"王建国": 40}, "women_member": {"赵秀英": 30}, "member": {"周强": 30, "吴海": 10}}
    _vote(
        first,
        [
            ("中心会场", "central", _entry(460, central, invalid=4, blank=6)),
            ("流动票箱1", "mobile", _entry(40, mobile)),
        ],
    )
    runoff = do_open_follow_up(first, held_on=today, actor=SYSTEM)
    assert runoff.kind == "runoff"
    _vote(runoff, [("中心会场", "central", _entry(420, {"member": {"吴海": 250, "郑刚": 160}}))])
    return election


def _text(tmp_path: Path, response: Any, name: str) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(response.content)
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())  # spaced-out titles and wrapped lines read as one string


def _in_order(text: str, names: list[str]) -> bool:
    positions = [text.find(n) for n in names]
    return -1 not in positions and positions == sorted(positions)


def test_it_prints_the_ballot_with_the_candidates_in_list_order(
    client_for: Any, clerk: Any, counted: Election, tmp_path: Path
) -> None:
    first = counted.voting_rounds.get(seq=1)
    text = _text(tmp_path, client_for(clerk).get(f"/office/voting-rounds/{first.pk}/ballot.pdf"), "ballot")
    assert "石沟村村民委员会换届选举选票" in text
    assert _in_order(text, ["主任", "王建国", "李明", "妇女委员", "赵秀英", "孙丽", "周强", "吴海", "郑刚"])
    assert "应选2名" in text and text.count("另选他人") >= 4  # one write-in cell per seat: 1 + 1 + 2
    assert "该职务的选票无效" in text  # Gansu: too many marks void that post's section (overvote_scope)


def test_it_prints_a_runoff_ballot_with_only_the_open_seat(
    client_for: Any, clerk: Any, counted: Election, tmp_path: Path
) -> None:
    runoff = counted.voting_rounds.get(seq=2)
    text = _text(tmp_path, client_for(clerk).get(f"/office/voting-rounds/{runoff.pk}/ballot.pdf"), "runoff")
    assert "另行选举" in text and _in_order(text, ["吴海", "郑刚"]) and "王建国" not in text


def test_it_prints_a_tally_sheet_per_box_and_post(
    client_for: Any, clerk: Any, counted: Election, tmp_path: Path
) -> None:
    first = counted.voting_rounds.get(seq=1)
    text = _text(
        tmp_path, client_for(clerk).get(f"/office/voting-rounds/{first.pk}/tally-sheets.pdf"), "tally"
    )
    assert text.count("计票单") == 6  # two boxes × three posts
    assert "中心会场" in text and "流动票箱1" in text
    assert _in_order(text, ["周强", "吴海", "郑刚", "冯某"])  # list order, then the write-in
    for line in ("计票人（签名）", "唱票人（签名）", "监票人（签名）", "划“正”字计票"):
        assert line in text


def test_it_prints_blank_tally_sheets_before_any_box_exists(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date, tmp_path: Path
) -> None:
    election = committee(rnd, SHIGOU)
    vr = do_open_voting_round(
        election, held_on=today, registered=600, contests=contests(election, CONTESTS), actor=SYSTEM
    )
    text = _text(tmp_path, client_for(clerk).get(f"/office/voting-rounds/{vr.pk}/tally-sheets.pdf"), "blank")
    assert text.count("计票单") == 3 and _in_order(text, ["王建国", "李明"])


def test_it_prints_a_certificate_for_each_elected_member(
    client_for: Any, clerk: Any, counted: Election, tmp_path: Path
) -> None:
    text = _text(tmp_path, client_for(clerk).get(f"/office/elections/{counted.pk}/certificates.pdf"), "certs")
    assert text.count("当选证书") == 4
    assert _in_order(text, ["王建国", "赵秀英", "周强", "吴海"])  # post order, the runoff's winner too
    assert "石沟村村民选举委员会" in text and "特发此证" in text


def test_it_prints_the_result_sheet_with_both_rounds_and_the_totals(
    client_for: Any, clerk: Any, counted: Election, tmp_path: Path
) -> None:
    text = _text(tmp_path, client_for(clerk).get(f"/office/elections/{counted.pk}/result-sheet.pdf"), "sheet")
    assert "选举结果报告单" in text and "报青白石街道" in text
    assert "王建国" in text and "340票" in text  # 300 + 40 over both boxes
    assert "吴海" in text and "250票" in text and "另行选举" in text
    assert "83.3%" in text  # 500 of 600 voted
    assert "选举委员会主任（签名）" in text


def test_it_refuses_certificates_of_a_party_election_and_papers_out_of_scope(
    client_for: Any, clerk: Any, outsider: Any, counted: Election, rnd: Round
) -> None:
    first = counted.voting_rounds.get(seq=1)
    stranger = client_for(outsider)
    for url in (
        f"/office/voting-rounds/{first.pk}/ballot.pdf",
        f"/office/voting-rounds/{first.pk}/tally-sheets.pdf",
        f"/office/elections/{counted.pk}/certificates.pdf",
        f"/office/elections/{counted.pk}/result-sheet.pdf",
    ):
        assert stranger.get(url).status_code == 404
    branch = party(rnd, SHIGOU)
    assert client_for(clerk).get(f"/office/elections/{branch.pk}/certificates.pdf").status_code == 404
    assert client_for(clerk).get(f"/office/elections/{branch.pk}/result-sheet.pdf").status_code == 404


def test_it_prints_an_equal_number_ballot_for_a_party_committee_plenary(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date, tmp_path: Path
) -> None:
    branch = party(rnd, SHIGOU)
    vr = do_open_voting_round(
        branch,
        held_on=today,
        registered=5,
        sitting="committee",
        contests=members(branch, [{"post": "secretary", "seats": 1, "candidates": ["陈志刚"]}]),
        actor=SYSTEM,
    )
    text = _text(tmp_path, client_for(clerk).get(f"/office/voting-rounds/{vr.pk}/ballot.pdf"), "plenary")
    assert "书记、副书记选举选票" in text and "等额" in text and "陈志刚" in text
    assert "弃权的，不得另选他人" in text  # P5: only a vote against may write someone in
    assert ballot_rules(vr)[0].startswith("对候选人表示赞成的")
    _vote(vr, [("全体会议", "central", _entry(5, {"secretary": {"陈志刚": 5}}))])
    sheet = client_for(clerk).get(f"/office/elections/{vr.election_id}/result-sheet.pdf")
    text = _text(tmp_path, sheet, "party-sheet")
    assert "报中共青白石街道工作委员会" in text and "委员会全体会议选举" in text
    assert "书记" in text and "陈志刚（5票" in text and "会议主持人（签名）" in text


def test_it_links_the_papers_from_the_round_and_polling_pages(
    client_for: Any, clerk: Any, counted: Election
) -> None:
    first = counted.voting_rounds.get(seq=1)
    page = client_for(clerk).get(f"/office/voting-rounds/{first.pk}/").content.decode()
    assert f"/office/voting-rounds/{first.pk}/ballot.pdf" in page
    assert f"/office/voting-rounds/{first.pk}/tally-sheets.pdf" in page
    page = client_for(clerk).get(f"/office/elections/{counted.pk}/polling/").content.decode()
    assert f"/office/elections/{counted.pk}/certificates.pdf" in page
    assert f"/office/elections/{counted.pk}/result-sheet.pdf" in page


def test_it_rounds_turnout_by_integers() -> None:
    assert per_mille(500, 600) == "83.3%" and per_mille(1, 3) == "33.3%" and per_mille(2, 3) == "66.7%"
    assert per_mille(0, 0) == "—"
