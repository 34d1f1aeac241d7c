"""The leading group's work in the demo round, as the seed's work summary tells it (shared/demo-district.md):
the group and its member units, training on 23 November, the mobilisation meeting and the streets' plans
due 26 November, the inspection of 29 November – 4 December through all 24 streets, candidates reported
by 5 December, six assessment teams from 6 December, 24 liaison officers, the publicity counts, and
Xiaoyantan Village's collective petition in the previous term.

Everything goes through actions (actor=SYSTEM). Shangping Village has no publicity of its own
before its nomination; Fulongping Street sets its villages a date for the election committee that
Dalanggou Village misses (the round's demo completes that stage later).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable

from huanjie.accounts.models import User
from huanjie.core.actions import SYSTEM
from huanjie.demo.people import FEMALE_CHARS, MALE_CHARS, SURNAMES
from huanjie.elections.models import ElectionStage, Round
from huanjie.rules.calendar import Stage
from huanjie.supervision import actions
from huanjie.supervision.checks import COMMITTEES
from huanjie.supervision.models import GroupMember, MemberUnit, Petition, Publicity, StaffMember, Team
from huanjie.units.models import BodyKind, Division, Level

Day = Callable[[int, int], dt.date]  # (month, day) → a date of the round's first season
On = Callable[[dt.date], bool]  # has this day come yet?

SHANGPING = "上坪村"
DALANGGOU = "大浪沟村"
FULONGPING = "伏龙坪街道"
QINGBAISHI = "青白石街道"

MEMBER_UNITS = (
    ("区委组织部", MemberUnit.Kind.ORGANISATION, "牵头负责换届选举的组织领导、候选人考察和督导检查。"),
    ("区纪委监委", MemberUnit.Kind.DISCIPLINE, "监督换届纪律，查处拉票贿选等违纪违法行为。"),
    ("区信访局", MemberUnit.Kind.PETITIONS, "受理、交办和督办涉及换届选举的来信来访。"),
    ("区民政局", MemberUnit.Kind.CIVIL_AFFAIRS, "指导村（居）民委员会选举，编印宣传材料，培训选举工作人员。"),
    ("区农林局", MemberUnit.Kind.AGRICULTURE, "配合做好涉农街道村级换届中的集体资产和财务审计。"),
)
DEPARTMENTS = (
    "区发改局", "区财政局", "区教育局", "区卫健局", "区人社局", "区住建局", "区商务局", "区文旅局",
    "区司法局", "区应急局", "区市场监管局", "区统计局", "区审计局", "区城管局", "区科技局", "区退役军人局",
    "区医保局", "区档案馆", "区委宣传部", "区委统战部", "区委政法委", "区总工会", "团区委", "区妇联",
)  # fmt: skip
# (unit, finding, stage, days to rectify, what was done — empty: still open)
FINDINGS = (
    (DALANGGOU, "村委会换届未在街道规定时间内推选产生村民选举委员会。", Stage.ELECTION_COMMITTEE, 7,
     "街道督促后，已召开村民代表会议推选产生村民选举委员会。"),
    ("石沟村", "村党支部换届没有严格的时间安排。", "", 5, "已制定换届工作时间表并报街道党工委。"),
    (SHANGPING, "村内未见换届选举宣传标语和黑板报，宣传发动不到位。", Stage.NOMINATION, 10, ""),
)  # fmt: skip
QUESTIONS = (
    ("户籍不在本社区但在本社区居住一年以上的居民，如何登记为选民？",
     "本人申请参加选举，经居民会议或居民代表会议同意后可以登记，登记时须提供居住证明。"),
    ("外出务工人员无法回村投票，能否委托他人投票？",
     "可以书面委托本村有选举权的近亲属投票，每名选民接受委托不得超过三人，委托须经村民选举委员会审核公布。"),
    ("选举委员会成员被提名为候选人后应当怎么办？",
     "应当退出选举委员会，所缺名额从原推选结果中依次递补。"),
    ("流动票箱的使用有哪些要求？",
     "流动票箱须经选举委员会决定，由不少于三名监票人员携带，投票情况单独记录并当场公开。"),
    ("社区书记、主任候选人人选年龄和学历上有什么要求？",
     "按区实施方案执行，注重选拔政治素质好、群众公认的年轻干部，原则上具有高中（中专）以上学历。"),
    ("选民名单公布后有异议的应向谁提出？",
     "应在名单公布之日起五日内向选举委员会提出，选举委员会在收到申诉之日起三日内作出处理决定。"),
)  # fmt: skip


def _name(rng: random.Random) -> str:
    chars = MALE_CHARS if rng.random() < 0.6 else FEMALE_CHARS
    return rng.choice(SURNAMES) + rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")


def _names(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        name = _name(rng)
        if name not in taken:
            taken.add(name)
            out.append(name)
    return out


def build_supervision_demo(rnd: Round, today: dt.date) -> None:
    """Record the leading group's work of the demo round. Only actions write (one audit event each)."""
    rng = random.Random(f"supervision:{rnd.starts_on}")
    year = rnd.starts_on.year

    def day(month: int, d: int) -> dt.date:
        # November and December of the round's first season, never before the round opens.
        return max(dt.date(year, month, d), rnd.starts_on)

    def on(d: dt.date) -> bool:
        """The demo records what has happened by `today`, as the office would have (the round replays too)."""
        return d <= today

    if not on(rnd.starts_on):
        return

    district = rnd.district
    streets = list(Division.objects.filter(parent=district, level=Level.STREET).order_by("code"))
    units = list(Division.objects.filter(parent__in=streets, level=Level.UNIT).order_by("code"))
    units_of = {s.pk: [u for u in units if u.parent_id == s.pk] for s in streets}
    taken: set[str] = set()

    _leading_group(rnd)
    _deadlines(rnd, streets, day, on)
    officers = _liaison(rnd, streets, rng, taken, day, on)
    _contact_cadres(rnd, [u for u in units if u.kind == "village"], rng, taken, day, on)
    _work_plans(rnd, day, on)
    _training(rnd, streets, units, officers, rng, taken, day, on)
    _inspection(rnd, streets, units_of, rng, day, on)
    _assessment(rnd, streets, day, on)
    _publicity(rnd, streets, units, rng, day, on)
    _petitions(rnd, today, day, on)


def _leading_group(rnd: Round) -> None:
    by_kind = {
        kind: actions.do_add_member_unit(rnd, name=name, kind=kind, duties=duties, actor=SYSTEM)
        for name, kind, duties in MEMBER_UNITS
    }
    members = (
        ("王志刚", "区委书记", GroupMember.Post.LEADER, None),
        ("刘国华", "区委副书记、区长", GroupMember.Post.DEPUTY, None),
        ("张华", "区委常委、组织部部长", GroupMember.Post.DEPUTY, MemberUnit.Kind.ORGANISATION),
        ("赵建平", "区纪委书记、区监委主任", GroupMember.Post.MEMBER, MemberUnit.Kind.DISCIPLINE),
        ("马玉兰", "区信访局局长", GroupMember.Post.MEMBER, MemberUnit.Kind.PETITIONS),
        ("孙立新", "区民政局局长", GroupMember.Post.MEMBER, MemberUnit.Kind.CIVIL_AFFAIRS),
        ("何永强", "区农林局局长", GroupMember.Post.MEMBER, MemberUnit.Kind.AGRICULTURE),
        ("陈晓东", "区委组织部副部长", GroupMember.Post.OFFICE_DIRECTOR, MemberUnit.Kind.ORGANISATION),
        ("李卫东", "区民政局基层政权和社区建设科科长", GroupMember.Post.OFFICE_STAFF, MemberUnit.Kind.CIVIL_AFFAIRS),
        ("周明", "区委组织部组织科科长", GroupMember.Post.OFFICE_STAFF, MemberUnit.Kind.ORGANISATION),
    )  # fmt: skip
    for name, title, post, kind in members:
        actions.do_add_group_member(
            rnd, name=name, title=title, post=post, member_unit=by_kind[kind] if kind else None, actor=SYSTEM
        )


def _liaison(
    rnd: Round, streets: list[Division], rng: random.Random, taken: set[str], day: Day, on: On
) -> dict[int, str]:
    officers: dict[int, str] = {}
    if not on(day(11, 26)):
        return officers
    for i, street in enumerate(streets):
        account = User.objects.filter(role="liaison", scope=street).order_by("pk").first()
        name = account.full_name if account and account.full_name else _names(rng, 1, taken)[0]
        taken.add(name)
        officer = actions.do_station_liaison_officer(
            rnd, street=street, name=name, department=DEPARTMENTS[i % len(DEPARTMENTS)], since=day(11, 26),
            phone=f"1389310{i:04d}", account=account, actor=SYSTEM,
        )  # fmt: skip
        officers[street.pk] = name
        reports: list[tuple[dt.date, Division | None, str, str]] = [(day(12, 3), None, f"{street.name}已成立换届选举工作领导小组，工作方案已报区委组织部和区民政局，"
                                      "各村（社区）正在推选选举委员会。", "")]  # fmt: skip
        if street.name == FULONGPING:
            reports.append((day(12, 8), street.children.filter(name=DALANGGOU).first(), "各村选举委员会推选工作基本完成。",
                            "大浪沟村未在街道规定时间内推选产生村民选举委员会，已督促街道包村干部跟进。"))  # fmt: skip
        if street.name == QINGBAISHI:
            reports.append((day(12, 10), street.children.filter(name=SHANGPING).first(), "石沟村党支部已制定换届工作时间表。",
                            "上坪村宣传发动不到位，部分村民不知道提名工作正在进行，建议街道加强宣传。"))  # fmt: skip
        for reported_on, unit, progress, problems in reports:
            if on(reported_on):
                actions.do_file_liaison_report(
                    officer,
                    reported_on=reported_on,
                    unit=unit,
                    progress=progress,
                    problems=problems,
                    actor=SYSTEM,
                )
    return officers


def _contact_cadres(
    rnd: Round, villages: list[Division], rng: random.Random, taken: set[str], day: Day, on: On
) -> None:
    if not on(day(11, 27)):
        return
    titles = ("街道党工委委员", "街道办事处副主任", "街道民政办主任", "街道组织干事")
    for i, village in enumerate(villages):
        actions.do_appoint_contact_cadre(
            rnd, unit=village, name=_names(rng, 1, taken)[0], title=titles[i % len(titles)], since=day(11, 27),
            phone=f"1399310{i:04d}", actor=SYSTEM,
        )  # fmt: skip


def _work_plans(rnd: Round, day: Day, on: On) -> None:
    due = day(11, 26)
    actions.do_set_work_plan_due(rnd, due_on=due, actor=SYSTEM)  # announced in the implementation plan
    for i, plan in enumerate(rnd.work_plans.select_related("street").order_by("street__code")):
        title = f"{plan.street.name}社区和村级组织换届选举工作实施细则"
        text = (
            f"{title}\n\n根据区委《社区党组织和居民委员会换届选举实施方案》《村党组织和村民委员会换届选举实施方案》，"
            "结合本街道实际，制定本细则。一、指导思想；二、工作步骤和时间安排；三、组织领导；四、工作要求。\n"
        )
        filed = due - dt.timedelta(days=i % 3)
        if not on(filed):
            continue
        actions.do_file_work_plan(
            plan,
            title=title,
            filename=f"{plan.street.code}-plan.txt",
            data=text.encode(),
            filed_on=filed,
            actor=SYSTEM,
        )
        if plan.street.name != FULONGPING:
            if on(due + dt.timedelta(days=2)):
                actions.do_review_work_plan(
                    plan, accepted=True, comments="", reviewed_on=due + dt.timedelta(days=2), actor=SYSTEM
                )
            continue
        returned, refiled, accepted = (due + dt.timedelta(days=n) for n in (1, 2, 3))
        if on(returned):
            actions.do_review_work_plan(
                plan, accepted=False, reviewed_on=returned, actor=SYSTEM,
                comments="请补充各村村民选举委员会推选产生的具体时限和包村干部名单。",
            )  # fmt: skip
        if on(refiled):
            actions.do_file_work_plan(
                plan, title=title + "（修改稿）", filename=f"{plan.street.code}-plan-2.txt",
                data=(text + "\n补充：各村村民选举委员会须于规定时间内推选产生。\n").encode(), filed_on=refiled,
                actor=SYSTEM,
            )  # fmt: skip
        if on(accepted):
            actions.do_review_work_plan(
                plan, accepted=True, comments="已按要求修改。", reviewed_on=accepted, actor=SYSTEM
            )


def _training(
    rnd: Round,
    streets: list[Division],
    units: list[Division],
    officers: dict[int, str],
    rng: random.Random,
    taken: set[str],
    day: Day,
    on: On,
) -> None:
    if not on(day(11, 23)):
        return
    district_training = actions.do_record_training(
        rnd, division=rnd.district, title="全区社区和村级组织换届选举业务培训会", held_on=day(11, 23),
        place="区委党校报告厅",
        audience="24个街道党工委书记、主任，125个社区和18个村党组织书记、居（村）委会主任，24名换届选举联络员",
        topics="换届选举的工作原则和基本做法；选举程序；注意事项；常见问题的解决办法；"
               "吸取上届小雁滩村村民集体上访的教训，不少步骤、不减程序。",
        materials="《中华人民共和国村民委员会组织法》《甘肃省村民委员会选举办法》《城市居民委员会组织法》及区实施方案汇编",
        actor=SYSTEM,
    )  # fmt: skip
    rows: list[tuple[str, str, str]] = []
    for street in streets:
        secretary, director = _names(rng, 2, taken)
        rows += [(secretary, street.code, "党工委书记"), (director, street.code, "主任")]
        # The liaison officers are stationed three days later; they are trained with the streets.
        liaison = officers.get(street.pk) or _names(rng, 1, taken)[0]
        rows.append((liaison, street.code, "联络员"))
    # Two people miss the district's training; the street trains Shangping's director on 28 November.
    absent: list[tuple[str, Division, str]] = []
    for unit in units:
        secretary, director = _names(rng, 2, taken)
        if unit.name == SHANGPING:
            absent.append((director, unit, StaffMember.Post.DIRECTOR))
            rows.append((secretary, unit.code, "书记"))
        elif unit.name == DALANGGOU:
            absent.append((secretary, unit, StaffMember.Post.SECRETARY))
            rows.append((director, unit.code, "主任"))
        else:
            rows += [(secretary, unit.code, "书记"), (director, unit.code, "主任")]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "单位", "职务", "签到"])
    writer.writerows([name, code, post, "是"] for name, code, post in rows)
    actions.do_import_attendance(district_training, "签到表.csv", out.getvalue().encode(), actor=SYSTEM)
    for name, unit, post in absent:
        actions.do_add_staff_member(rnd, division=unit, name=name, post=post, actor=SYSTEM)
    if not on(day(11, 28)):
        return
    qingbaishi = next(s for s in streets if s.name == QINGBAISHI)
    street_training = actions.do_record_training(
        rnd, division=qingbaishi, title="青白石街道村级换届选举工作人员培训", held_on=day(11, 28),
        place="青白石街道办事处会议室", audience="各村选举工作人员及未参加区级培训的人员",
        topics="选民登记；提名和资格联审；投票站设置；委托投票和流动票箱", actor=SYSTEM,
    )  # fmt: skip
    trained = StaffMember.objects.get(round=rnd, division__name=SHANGPING, post=StaffMember.Post.DIRECTOR)
    actions.do_mark_attendance(street_training, candidates=[trained], present={trained.pk}, actor=SYSTEM)


def _deadlines(rnd: Round, streets: list[Division], day: Day, on: On) -> None:
    """Set at the round's start: the candidates' report (district) and Fulongping's election committees."""
    reports = actions.do_set_deadline(
        rnd, division=rnd.district, title="各街道党工委上报社区党组织书记、居委会主任候选人人选",
        due_on=day(12, 5), reporter="street", basis="区换届选举实施方案", actor=SYSTEM,
    )  # fmt: skip
    fulongping = next(s for s in streets if s.name == FULONGPING)
    actions.do_set_deadline(
        rnd, division=fulongping, title="各村推选产生村民选举委员会", due_on=rnd.starts_on + dt.timedelta(days=10),
        stage=Stage.ELECTION_COMMITTEE, body_kind=BodyKind.VILLAGERS_COMMITTEE, basis="伏龙坪街道换届选举工作实施细则",
        actor=SYSTEM,
    )  # fmt: skip
    for i, street in enumerate(streets):
        done = day(12, 2) + dt.timedelta(days=i % 4)
        if on(done):
            actions.do_report_deadline(
                reports, division=street, done_on=done, note="已报送候选人人选名单及基本情况。", actor=SYSTEM
            )


def _inspection(
    rnd: Round,
    streets: list[Division],
    units_of: dict[int, list[Division]],
    rng: random.Random,
    day: Day,
    on: On,
) -> None:
    start = day(11, 29)
    if not on(start - dt.timedelta(days=2)):
        return
    team = actions.do_form_team(
        rnd, kind=Team.Kind.INSPECTION, name="区委组织部、区民政局换届选举督导检查组", leader="张华",
        members="孙立新、陈晓东、周明、李卫东", starts_on=start, ends_on=day(12, 4),
        remit="督导检查24个街道125个社区和18个村的换届选举进展，现场答疑，向领导小组报告需进一步解决的问题。",
        actor=SYSTEM,
    )  # fmt: skip
    for i, street in enumerate(streets):
        visited = start + dt.timedelta(days=i // 4)
        if not on(visited):
            continue
        seen = units_of[street.pk]
        visit = actions.do_record_visit(
            team, division=street, visited_on=visited, units_seen=seen, actor=SYSTEM,
            summary=f"听取{street.name}换届工作汇报，查阅工作方案和选举委员会推选资料，走访{len(seen)}个村（社区）。",
        )  # fmt: skip
        for q, a in rng.sample(QUESTIONS, 2):
            actions.do_record_question(
                visit, question=q, answer=a, asked_by=f"{street.name}工作人员", actor=SYSTEM
            )
        by_name = {u.name: u for u in seen}
        for name, text, stage, days, closed in FINDINGS:
            if name not in by_name:
                continue
            finding = actions.do_record_inspection_finding(
                visit, unit=by_name[name], stage=stage, severity="medium", text=text,
                rectification_due=visited + dt.timedelta(days=days), actor=SYSTEM,
            )  # fmt: skip
            if closed and on(visited + dt.timedelta(days=days - 1)):
                actions.do_close_inspection_finding(
                    finding, closed_on=visited + dt.timedelta(days=days - 1), resolution=closed, actor=SYSTEM
                )


def _assessment(rnd: Round, streets: list[Division], day: Day, on: On) -> None:
    start = day(12, 6)
    if not on(start - dt.timedelta(days=1)):
        return
    leaders = ("张华", "陈晓东", "孙立新", "赵建平", "周明", "李卫东")
    for n in range(6):
        team = actions.do_form_team(
            rnd, kind=Team.Kind.ASSESSMENT, name=f"区委换届考察第{'一二三四五六'[n]}组", leader=leaders[n],
            starts_on=start, ends_on=start + dt.timedelta(days=4),
            remit="对各街道上报的社区书记、主任候选人召开全体干部大会进行民主测评，开展个别谈话，全面听取群众意见。",
            actor=SYSTEM,
        )  # fmt: skip
        for k, street in enumerate(streets[n * 4 : n * 4 + 4]):
            if on(start + dt.timedelta(days=k)):
                actions.do_record_visit(
                    team, division=street, visited_on=start + dt.timedelta(days=k), actor=SYSTEM,
                    summary="召开全体干部大会进行民主测评，与街道班子成员和社区干部个别谈话。",
                )  # fmt: skip


def _publicity(
    rnd: Round, streets: list[Division], units: list[Division], rng: random.Random, day: Day, on: On
) -> None:
    mobilisation = day(11, 26)

    def publish(
        division: Division, kind: str, count: int, started_on: dt.date, description: str, place: str = ""
    ) -> None:
        if on(started_on):
            actions.do_record_publicity(
                rnd, division=division, kind=kind, count=count, started_on=started_on, place=place,
                description=description, actor=SYSTEM,
            )  # fmt: skip

    publish(
        rnd.district,
        Publicity.Kind.MEETING,
        1,
        mobilisation,
        "全区社区和村级组织换届选举动员大会",
        "区政府大礼堂",
    )
    for n, issue in ((5, day(11, 30)), (6, day(12, 15))):
        publish(
            rnd.district,
            Publicity.Kind.PRINTED,
            600,
            issue,
            f"区民政局编印《城关民政》第{'五六'[n - 5]}期，发至各社区张贴。",
        )
    for street in streets:
        after = mobilisation + dt.timedelta(days=1)
        publish(street, Publicity.Kind.LARGE_SLOGAN, rng.randint(10, 16), after, "统一制作悬挂换届选举大型宣传标语、横幅。",
                "人口聚集场所")  # fmt: skip
        if street.agricultural:
            publish(street, Publicity.Kind.MEETING, 1, after, "涉农街道村党支部和村委会换届选举动员大会")
    nomination = _nomination_days(rnd)
    for unit in units:
        if unit.name == SHANGPING:
            continue  # the seed's Shangping Village: no publicity before its nomination
        start = min(
            mobilisation + dt.timedelta(days=1 + rng.randint(0, 4)), nomination.get(unit.pk, dt.date.max)
        )
        publish(unit, Publicity.Kind.SLOGAN, rng.randint(28, 42), start, "张贴换届选举宣传标语。")
        publish(unit, Publicity.Kind.BLACKBOARD, 7, start, "出黑板报宣传“一章两法”和选举程序。")
        if unit.kind == "village":
            publish(unit, Publicity.Kind.BROADCAST, rng.randint(6, 12), start, "村广播每日播放换届选举政策。")


def _nomination_days(rnd: Round) -> dict[int, dt.date]:
    """Where the round already knows a committee's nomination date, publicity must come no later."""
    out: dict[int, dt.date] = {}
    stages = ElectionStage.objects.filter(
        election__round=rnd, election__kind__in=COMMITTEES, key=Stage.NOMINATION
    )
    for stage in stages.select_related("election"):
        known = stage.completed_on or stage.effective_due
        if known is not None:
            out[stage.election.unit_id] = known
    return out


def _petitions(rnd: Round, today: dt.date, day: Day, on: On) -> None:
    year = rnd.starts_on.year
    xiaoyantan = Division.objects.get(parent__parent=rnd.district, name="小雁滩村")
    # Recorded when the round opens, from the previous term's files, so that the unit is watched.
    old = actions.do_receive_petition(
        rnd, division=xiaoyantan, channel=Petition.Channel.VISIT, received_on=dt.date(year - 5, 12, 14),
        subject="村民集体反映村民选举委员会推选和选民登记不规范",
        content="23名村民到区信访局集体上访，反映村民选举委员会推选未召开村民会议、部分外出务工村民未被登记为选民。",
        petitioners="马国强\n马秀英\n张永福\n王德明\n李金花", petitioner_count=23, contact="马国强",
        handler="区信访局 马玉兰", stage=Stage.VOTER_REGISTRATION, term_label=f"上届（{year - 5}年）换届",
        actor=SYSTEM,
    )  # fmt: skip
    actions.do_decide_petition(old, accepted=True, decided_on=dt.date(year - 5, 12, 16), actor=SYSTEM)
    actions.do_conclude_petition(
        old, concluded_on=dt.date(year - 4, 1, 20), satisfaction=Petition.Satisfaction.BASICALLY, actor=SYSTEM,
        reply="经调查，村民选举委员会推选程序存在瑕疵，已责成街道指导重新推选，补登外出务工村民23人。",
    )  # fmt: skip
    if on(day(12, 12)):
        shigou = Division.objects.get(parent__parent=rnd.district, name="石沟村")
        letter = actions.do_receive_petition(
            rnd, division=shigou, channel=Petition.Channel.LETTER, received_on=day(12, 12),
            subject="询问长期在外居住村民能否登记为选民", content="来信询问户籍在本村、长期在外居住的村民如何登记。",
            petitioners="孙海平", petitioner_count=1, handler="青白石街道 赵文华", stage=Stage.VOTER_REGISTRATION,
            actor=SYSTEM,
        )  # fmt: skip
        if on(day(12, 15)):
            actions.do_decide_petition(letter, accepted=True, decided_on=day(12, 15), actor=SYSTEM)
        if on(day(12, 28)):
            actions.do_conclude_petition(
                letter, concluded_on=day(12, 28), satisfaction=Petition.Satisfaction.SATISFIED, actor=SYSTEM,
                reply="户籍在本村、不在本村居住的村民，本人表示参加选举的，应当登记为选民；"
                      "已告知其在选民登记期间向村民选举委员会申请。",
            )  # fmt: skip
    received = min(today, rnd.ends_on) - dt.timedelta(days=3)
    if received >= rnd.starts_on:  # a fresh message the office still has to decide on
        changwa = Division.objects.get(parent__parent=rnd.district, name="长洼村")
        actions.do_receive_petition(
            rnd, division=changwa, channel=Petition.Channel.ONLINE, received_on=received,
            subject="反映长洼村换届进度迟缓", content="网上留言反映长洼村村委会换届迟迟没有进展。",
            petitioners="王某", petitioner_count=1, handler="东岗街道 马建军", actor=SYSTEM,
        )  # fmt: skip
