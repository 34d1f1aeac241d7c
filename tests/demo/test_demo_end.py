"""The demo at the round's end reproduces the seed's outcomes, each found by the review on its own."""

from __future__ import annotations

import pytest
from django.test import override_settings

from huanjie.elections.models import Election, Finding, Notice, Round
from huanjie.party.models import PartyCandidate, PartyElection, PartyMember
from huanjie.polling.models import ElectedMember, VotingRound
from huanjie.rules.eligibility import age_on
from tests.demo.conftest import END

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_end(demo_build: str) -> Round:
    """The end-of-round build shared with test_demo.py (tests/demo/conftest.py)."""
    return Round.objects.get()


def _finding(rnd: Round, unit: str, code: str) -> bool:
    return Finding.objects.filter(round=rnd, unit__name=unit, code=code).exists()


def test_it_finishes_17_of_18_villages_on_time_but_changwa(demo_end: Round) -> None:
    villages = Election.objects.filter(round=demo_end, unit__kind="village", kind="villagers_committee")
    on_time = villages.filter(finished_on__lte=demo_end.ends_on)
    assert villages.count() == 18 and on_time.count() == 17
    assert not on_time.filter(unit__name="长洼村").exists()
    assert _finding(demo_end, "长洼村", "not_finished_by_round_end")


def test_it_finds_the_seeds_problems_by_itself(demo_end: Round) -> None:
    assert _finding(demo_end, "大浪沟村", "stage_late_street")  # election committee after the street's date
    assert _finding(demo_end, "石沟村", "party_without_timetable")
    assert _finding(demo_end, "上坪村", "publicity_before_nomination")
    assert not _finding(demo_end, "白道坪村", "publicity_before_nomination")  # a clean village


def test_it_dates_the_notices_on_the_replayed_days(demo_end: Round) -> None:
    first = Notice.objects.order_by("published_at").first()
    last = Notice.objects.order_by("-published_at").first()
    assert first is not None and last is not None
    assert first.published_at.date() < last.published_at.date()
    assert demo_end.starts_on <= last.published_at.date() <= demo_end.ends_on


def test_every_notice_carries_its_replayed_day_never_the_builds_own_time(demo_end: Round) -> None:
    """The replay stamps what it publishes 9:00 of the replayed day (core/clock.py). A notice published
    outside the replay carries the build's real time, lists out of order among the round's notices and
    contradicts its own body (the objection decisions did, dated 2026年12月24日 in the text)."""
    import datetime as dt

    from django.utils import timezone

    off = [
        (n.unit.name, n.title_zh, timezone.localtime(n.published_at).isoformat())
        for n in Notice.objects.select_related("unit").order_by("pk")
        if timezone.localtime(n.published_at).time() != dt.time(9, 0)
    ]
    assert not off


def test_it_votes_and_counts_the_committees_with_one_runoff_and_one_tie_revote(demo_end: Round) -> None:
    from huanjie.polling.models import ElectedMember, VotingRound

    rounds = VotingRound.objects.filter(election__round=demo_end)
    assert rounds.filter(kind="first").count() > 100
    assert list(rounds.filter(kind="runoff").values_list("election__unit__name", flat=True)) == ["白道坪村"]
    assert list(rounds.filter(kind="tie_revote").values_list("election__unit__name", flat=True)) == ["下坪村"]
    assert not rounds.filter(election__unit__name="长洼村", election__kind="villagers_committee").exists()
    member = ElectedMember.objects.filter(
        election__unit__name="白道坪村", election__kind="villagers_committee"
    ).first()
    assert member is not None and member.education and member.birth_date is not None
    notice = Notice.objects.get(election=member.election, stage="result")
    assert member.name in notice.body_zh


# The party organisations (huanjie.demo.party): the seed's figures for the 17 villages that finish.


def _village_members(rnd: Round, post: str) -> list[ElectedMember]:
    return list(
        ElectedMember.objects.filter(
            election__round=rnd, election__kind="party_branch", election__unit__kind="village", post=post
        ).select_related("voting_round", "election__unit")
    )


def _average_age(members: list[ElectedMember]) -> float:
    ages = [age_on(m.birth_date, m.voting_round.held_on) for m in members if m.birth_date is not None]
    assert len(ages) == len(members)
    return sum(ages) / len(ages)


def test_it_elects_17_village_secretaries_of_the_seeds_ages(demo_end: Round) -> None:
    secretaries = _village_members(demo_end, "secretary")
    members = _village_members(demo_end, "committee_member")
    assert len(secretaries) == 17 and "长洼村" not in {m.election.unit.name for m in secretaries}
    assert round(_average_age(secretaries)) == 45
    assert round(_average_age(members)) == 44
    assert all(m.party_member and m.sex and m.ethnicity for m in secretaries + members)
    # re-elected and new secretaries, as the statistics compare them
    assert {m.previous_post for m in secretaries} >= {"书记", "委员"}


def test_it_elects_the_seeds_educated_members(demo_end: Round) -> None:
    members = _village_members(demo_end, "committee_member")
    college = [m for m in members if m.education in ("college", "university")]
    senior = [m for m in members if m.education in ("senior", "college", "university")]
    assert (len(college), len(senior)) == (6, 14)
    secretaries = _village_members(demo_end, "secretary")
    assert sum(m.education in ("senior", "college", "university") for m in secretaries) == 1


def test_it_stalls_changwa_at_its_assembly_short_of_the_quorum(demo_end: Round) -> None:
    changwa = Election.objects.get(round=demo_end, unit__name="长洼村", kind="party_branch")
    party = PartyElection.objects.get(election=changwa)
    assert party.candidates_approved_on is not None and party.attendance_on is not None
    assert not VotingRound.objects.filter(election=changwa).exists()
    assert changwa.finished_on is None
    villages = Election.objects.filter(round=demo_end, kind="party_branch", unit__kind="village")
    assert villages.filter(finished_on__lte=demo_end.ends_on).count() == 17


def test_it_runs_every_other_branch_through_assembly_plenary_and_approval(demo_end: Round) -> None:
    branches = Election.objects.filter(round=demo_end, kind="party_branch").exclude(unit__name="长洼村")
    approved = PartyElection.objects.filter(election__in=branches, result_approved_on__isnull=False)
    assert approved.count() == branches.count()
    assert VotingRound.objects.filter(election__in=branches, sitting="committee").count() >= 100
    assert PartyMember.objects.filter(standing="probationary", voting_rights=False).exists()
    assert PartyMember.objects.filter(resident__isnull=True).exists()  # members not on the register
    assert PartyMember.objects.exclude(exclusion="").exists()
    small = PartyElection.objects.filter(election__in=branches, seats=0)
    assert small.exists() and not VotingRound.objects.filter(election__party__in=small, sitting="committee")
    assert PartyCandidate.objects.filter(election__in=branches, post="committee_member").exists()


def test_it_keeps_namesakes_apart_in_the_party_roll_and_on_the_ballots(demo_end: Round) -> None:
    """Issue 17: a branch with two members of one name, one of them a candidate, shown apart; and wherever a
    ballot has two candidates of one name, they are two persons and exactly one of them is elected."""
    from django.db.models import Count

    from huanjie.polling.models import Candidate

    twins = (
        PartyMember.objects.filter(election__round=demo_end)
        .values("election", "name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert twins.exists()
    twin = twins[0]
    both = list(PartyMember.objects.filter(election=twin["election"], name=twin["name"]))
    assert len({m.birth_year for m in both}) == 2  # told apart by the year of birth
    assert PartyCandidate.objects.filter(member__in=both).exists()
    lines = Candidate.objects.filter(contest__voting_round__election__round=demo_end)
    shared = lines.values("contest", "name").annotate(n=Count("pk")).filter(n__gt=1)
    for row in shared:
        same = list(lines.filter(contest=row["contest"], name=row["name"]))
        assert len({c.ref for c in same}) == len(same) and len({c.label for c in same}) == len(same)
        elected = ElectedMember.objects.filter(ref__in=[c.ref for c in same], post=same[0].contest.post)
        assert elected.count() == 1, row


def test_it_writes_the_seeds_summary_from_the_records(demo_end: Round) -> None:
    """Issue #8's acceptance: the summary states, from data, what the seed document reports."""
    import datetime as dt

    from huanjie.reports.document import zh_punctuate
    from huanjie.reports.summary import build_summary

    text = build_summary(demo_end, lang="zh", today=dt.date(2027, 4, 5), with_charts=False).text()
    assert zh_punctuate("18个村中,17个按时完成换届;长洼村(尚未完成)未按时完成") in text
    assert zh_punctuate("村党组织:17个村选举产生班子成员63名,其中书记17名;班子成员平均年龄44岁") in text
    assert zh_punctuate("书记平均年龄45岁,比上届下降2岁(上届47岁)") in text
    assert zh_punctuate("大专及以上学历6名、高中(中专)及以上学历14名") in text
    assert "2026年11月23日" in text and "联络员24人" in text  # the training and who attended
    assert "悬挂大型标语" in text and "出黑板报" in text  # the publicity counts
    assert "2026年11月29日至2026年12月4日" in text and "赴24个街道、125个社区和18个村" in text
    assert "24名联络员" in text
    problems = text.split("四、存在的问题及解决办法")[1]
    assert "石沟村" in problems and "大浪沟村" in problems and "上坪村" in problems and "小雁滩村" in problems


# Issue 15 findings 7 and 10: every page each demo account can reach at the round's end, by links and GET
# forms, answers without a 500, and no page offers a link that answers 403 or 404.

PERSONAS = ("admin", "qingbaishi", "donggang", "shigou", "changwa", "inspector", "liaison")


@pytest.mark.parametrize("username", PERSONAS)
def test_it_answers_every_page_each_persona_can_reach(demo_end: Round, username: str) -> None:
    from django.test import Client

    from huanjie.accounts.models import User
    from tests.demo.crawler import crawl

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    with override_settings(HUANJIE_TODAY=END):
        result = crawl(client, "/office/", per_pattern=2, limit=1200)
    assert result.visited > 20
    assert result.failures == [], "\n".join(result.failures)


def test_it_shows_the_registers_of_voting_rounds_whose_boxes_have_no_station(demo_end: Round) -> None:
    """Issue 15 finding 7: the polling-day register pages of most voting rounds (boxes entered without a
    station) answered 500."""
    from django.test import Client

    from huanjie.accounts.models import User
    from huanjie.polling.models import BallotBox

    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="admin"))
    boxes = BallotBox.objects.filter(station__isnull=True, voting_round__election__round=demo_end)
    rounds = sorted(set(boxes.values_list("voting_round_id", "voting_round__election_id")))
    assert len(rounds) > 100
    for vr, election in rounds[:: max(1, len(rounds) // 25)]:
        with override_settings(HUANJIE_TODAY=END):
            assert client.get(f"/office/voting-rounds/{vr}/register/").status_code == 200, vr
            assert client.get(f"/office/elections/{election}/registers/").status_code == 200, election
