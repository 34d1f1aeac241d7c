"""Voiding an election for misconduct (B25, OL Art.17): the district's decision through the office page,
the seats that fall vacant, the new vote, the corrected result notice, exactly one audit event, scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings

from huanjie.auditlog.models import Event
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.elections.actions import do_complete_stage
from huanjie.elections.models import Election, Notice, Round
from huanjie.polling.actions import do_add_box, do_count, do_enter_tally, do_open_voting_round
from huanjie.polling.models import ElectedMember, Voiding, VotingRound
from huanjie.polling.voiding import do_void_election
from tests.elections.conftest import committee, stage
from tests.polling.people import contests, keyed, refs

pytestmark = pytest.mark.django_db
SHIGOU, JINCHENG = "620102023201", "620102023001"


def _counted(election: Election, today: dt.date) -> VotingRound:
    """A first round: director 甲 elected (320 of 600), members 丙 and 丁 elected, 戊 not."""
    vr = do_open_voting_round(
        election,
        held_on=today,
        registered=1000,
        actor=SYSTEM,
        contests=contests(
            election,
            [
                {"post": "director", "seats": 1, "candidates": ["甲", "乙"]},
                {"post": "member", "seats": 2, "candidates": ["丙", "丁", "戊"]},
            ],
        ),
    )
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    data = {
        "voters_signed": 600,
        "ballots_issued": 600,
        "ballots_collected": 600,
        "invalid": 0,
        "blank": 0,
        "tally": {"director": {"甲": 320, "乙": 270}, "member": {"丙": 400, "丁": 350, "戊": 310}},
    }
    do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant="计票人一")
    do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant="计票人二")
    do_count(vr, actor=SYSTEM)
    return vr


def _publish_result(election: Election, today: dt.date, admin: Any) -> Notice:
    completion = do_complete_stage(
        stage(election, "result"), completed_on=today, actor=admin, override="公布结果(测试)"
    )
    assert completion.notice is not None
    return completion.notice


def test_it_voids_one_persons_election_through_the_page(
    client: Any, rnd: Round, today: dt.date, admin: Any
) -> None:
    election = committee(rnd, SHIGOU)
    first = _counted(election, today)
    old = _publish_result(election, today, admin)
    client.force_login(admin)
    page = client.get(f"/office/elections/{election.pk}/").content.decode()
    assert f"/office/elections/{election.pk}/void/" in page
    ding = ElectedMember.objects.get(election=election, name="丁")
    before = Event.objects.count()
    response = client.post(
        f"/office/elections/{election.pk}/void/",
        {
            "whole": "0",
            "members": [ding.pk],
            "grounds": "bribery",
            "reason": "丁在选举前向选民发放购物卡,经调查属实。",
            "document_ref": "城关区换届办〔2026〕3号",
            "decided_on": today.isoformat(),
            "new_vote_on": (today + dt.timedelta(days=7)).isoformat(),
        },
    )
    decision = Voiding.objects.get(election=election)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/voting-rounds/{decision.new_round_id}/"
    )
    # Exactly one audit event, and it names the article.
    events = list(Event.objects.order_by("seq")[before:])
    assert [e.action for e in events] == ["polling.void_election"]
    assert "村民委员会组织法 (2018) Art.17" in str(events[0].after)
    # 丁 loses the seat; 甲 and 丙 keep theirs; the decision keeps what was voided.
    assert sorted(ElectedMember.objects.filter(election=election).values_list("name", flat=True)) == [
        "丙",
        "甲",
    ]
    ding_ref = refs(first)["丁"]
    assert decision.voided == [{"post": "member", "ref": ding_ref, "name": "丁", "votes": 350, "round": 1}]
    assert decision.grounds == "bribery" and decision.reasons[0]["article"].endswith("Art.17")
    # The new vote: one member seat under first-round rules, 丁 not a candidate (ZJ Art.41, B22).
    new = decision.new_round
    assert new is not None and new.kind == "first" and new.parent_id == first.pk
    contest = new.contests.get()
    assert (contest.post, contest.seats) == ("member", 1)
    assert [c.name for c in contest.entries.all()] == ["丙", "戊"]
    first.refresh_from_db()
    assert first.status == "counted"
    # The result notice is corrected by a new version; the old one stays as it was.
    corrected = Notice.objects.get(replaces=old)
    assert corrected.version == 2 and "（更正）" in corrected.title_zh
    assert (
        "贿赂" in corrected.body_zh
        and "丁" in corrected.body_zh
        and "（依据：《中华人民共和国村民委员会组织法》第十七条" in corrected.body_zh
    )
    assert "bribery" in corrected.body_en and decision.notice == corrected
    assert Notice.objects.get(pk=old.pk).body_zh == old.body_zh
    # The page lists the decision in both languages.
    zh = client.get(f"/office/elections/{election.pk}/void/").content.decode()
    assert "城关区换届办〔2026〕3号" in zh and "贿赂" in zh and "以贿赂等不正当手段当选" in zh
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get(f"/office/elections/{election.pk}/void/").content.decode()
    assert "Void for misconduct" in en and "obtained the election by bribery" in en


def test_it_voids_the_whole_election_and_reopens_every_seat(rnd: Round, today: dt.date, admin: Any) -> None:
    election = committee(rnd, SHIGOU)
    first = _counted(election, today)
    decision = do_void_election(
        election,
        grounds="false_count",
        reason="计票人虚报票数。",
        document_ref="城关区换届办〔2026〕4号",
        decided_on=today,
        new_vote_on=today,
        actor=admin,
    )
    assert decision.whole and not ElectedMember.objects.filter(election=election).exists()
    first.refresh_from_db()
    assert first.status == "voided"
    new = decision.new_round
    assert new is not None
    assert [(c.post, c.seats, [e.name for e in c.entries.all()]) for c in new.contests.all()] == [
        ("director", 1, ["甲", "乙"]),
        ("member", 2, ["丙", "丁", "戊"]),
    ]
    assert decision.notice is None  # no result notice was published yet: nothing to correct


def test_it_cites_the_residents_committee_law_for_a_community(rnd: Round, today: dt.date, admin: Any) -> None:
    election = committee(rnd, JINCHENG)
    _counted(election, today)
    old = _publish_result(election, today, admin)
    member = ElectedMember.objects.get(election=election, name="甲")
    decision = do_void_election(
        election,
        members=[member],
        grounds="threats",
        reason="以威胁手段迫使居民投票。",
        document_ref="城关区换届办〔2026〕5号",
        decided_on=today,
        new_vote_on=today,
        actor=admin,
    )
    corrected = Notice.objects.get(replaces=old)
    for text in (corrected.body_zh, corrected.body_en, str(decision.reasons)):
        assert "村民委员会组织法" not in text and "OL Art." not in text
    assert "城市居民委员会组织法" in corrected.body_zh


def test_it_refuses_bad_decisions_and_other_roles(
    client: Any, rnd: Round, today: dt.date, admin: Any, officer: Any, clerk: Any, outsider: Any
) -> None:
    election = committee(rnd, SHIGOU)
    _counted(election, today)
    member = ElectedMember.objects.get(election=election, name="甲")
    args: dict[str, Any] = {
        "grounds": "bribery",
        "reason": "理由",
        "document_ref": "文号",
        "decided_on": today,
        "new_vote_on": today,
    }
    with pytest.raises(ActionError) as err:
        do_void_election(election, actor=admin, **(args | {"reason": " "}))
    assert err.value.field == "reason"
    with pytest.raises(ActionError) as err:
        do_void_election(election, actor=admin, **(args | {"grounds": "rumour"}))
    assert err.value.field == "grounds"
    with pytest.raises(ActionError) as err:
        do_void_election(election, actor=admin, **(args | {"new_vote_on": today - dt.timedelta(days=1)}))
    assert err.value.field == "new_vote_on"
    with pytest.raises(ActionError) as err:
        do_void_election(election, actor=admin, **(args | {"document": ("x.txt", b"hello")}))
    assert err.value.field == "evidence"
    assert not Voiding.objects.exists() and ElectedMember.objects.filter(election=election).count() == 3
    # A street officer may not void; the form is not shown to a clerk; an outsider gets a 404.
    client.force_login(officer)
    url = f"/office/elections/{election.pk}/void/"
    assert client.post(url, {"whole": "1", **{k: str(v) for k, v in args.items()}}).status_code == 403
    client.force_login(clerk)
    assert 'id="void-form"' not in client.get(url).content.decode()
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    # The form says what is missing.
    client.force_login(admin)
    page = client.post(url, {"whole": "0", **{k: str(v) for k, v in args.items()}}).content.decode()
    assert "errorlist" in page and not Voiding.objects.exists()
    assert member.pk  # untouched
