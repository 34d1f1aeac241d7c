"""The province demo (`huanjie demo --scale province`): a Gansu-sized tree with a round in every district.

The province, its 14 prefecture-level cities and autonomous prefectures and its 86 county-level
divisions (17 districts, 5 county-level cities, 57 counties, 7 autonomous counties) carry their real
names and GB/T 2260 codes (checked against the Ministry of Civil Affairs' list as published in the
region-data files many projects ship; see docs/demo.md). Jiayuguan is a prefecture-level city with no
county-level division — its towns sit directly under the city — so it appears as a city with nothing
below it: the model's five levels have no place for a town directly under a city.

Below the counties everything is synthetic and says so: townships and streets named from common place
words, villages and communities likewise, residents made up (huanjie.demo.people). Their codes follow
the shape of the real ones (township digits 7–9, unit digits 10–12: communities 0xx, villages 2xx) but
are not the real townships' codes. At `full_size` the counts are the province's real ones — about
16,000 villages and 1,600 communities — spread evenly over the 86 counties; the default is a tenth of
that, which builds in a few minutes on the project's 2-core machine.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.db import transaction

from huanjie.accounts.actions import do_create_user
from huanjie.accounts.models import Role
from huanjie.auditlog.record import record
from huanjie.core import clock
from huanjie.core.actions import SYSTEM, SystemActor, action, audit
from huanjie.demo.people import Person, residents
from huanjie.demo.round import OFFSETS, round_dates
from huanjie.elections.actions import do_complete_stage, do_open_round, do_set_election_days
from huanjie.elections.models import Election, ElectionStage, Round, StageStatus
from huanjie.elections.snapshot import refresh
from huanjie.rules.calendar import Stage
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import BodyKind, Division, Level
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident

PROVINCE = ("620000000000", "甘肃省", "Gansu Province", "gansu")

# (city code, name, English name, ((county code, name, English name), …)) — GB/T 2260, 6 digits.
CITIES: tuple[tuple[str, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("620100", "兰州市", "Lanzhou", (
        ("620102", "城关区", "Chengguan District"), ("620103", "七里河区", "Qilihe District"),
        ("620104", "西固区", "Xigu District"), ("620105", "安宁区", "Anning District"),
        ("620111", "红古区", "Honggu District"), ("620121", "永登县", "Yongdeng County"),
        ("620122", "皋兰县", "Gaolan County"), ("620123", "榆中县", "Yuzhong County"),
    )),
    ("620200", "嘉峪关市", "Jiayuguan", ()),
    ("620300", "金昌市", "Jinchang", (
        ("620302", "金川区", "Jinchuan District"), ("620321", "永昌县", "Yongchang County"),
    )),
    ("620400", "白银市", "Baiyin", (
        ("620402", "白银区", "Baiyin District"), ("620403", "平川区", "Pingchuan District"),
        ("620421", "靖远县", "Jingyuan County"), ("620422", "会宁县", "Huining County"),
        ("620423", "景泰县", "Jingtai County"),
    )),
    ("620500", "天水市", "Tianshui", (
        ("620502", "秦州区", "Qinzhou District"), ("620503", "麦积区", "Maiji District"),
        ("620521", "清水县", "Qingshui County"), ("620522", "秦安县", "Qin'an County"),
        ("620523", "甘谷县", "Gangu County"), ("620524", "武山县", "Wushan County"),
        ("620525", "张家川回族自治县", "Zhangjiachuan Hui Autonomous County"),
    )),
    ("620600", "武威市", "Wuwei", (
        ("620602", "凉州区", "Liangzhou District"), ("620621", "民勤县", "Minqin County"),
        ("620622", "古浪县", "Gulang County"), ("620623", "天祝藏族自治县", "Tianzhu Tibetan Autonomous County"),
    )),
    ("620700", "张掖市", "Zhangye", (
        ("620702", "甘州区", "Ganzhou District"), ("620721", "肃南裕固族自治县", "Sunan Yugur Autonomous County"),
        ("620722", "民乐县", "Minle County"), ("620723", "临泽县", "Linze County"),
        ("620724", "高台县", "Gaotai County"), ("620725", "山丹县", "Shandan County"),
    )),
    ("620800", "平凉市", "Pingliang", (
        ("620802", "崆峒区", "Kongtong District"), ("620821", "泾川县", "Jingchuan County"),
        ("620822", "灵台县", "Lingtai County"), ("620823", "崇信县", "Chongxin County"),
        ("620825", "庄浪县", "Zhuanglang County"), ("620826", "静宁县", "Jingning County"),
        ("620881", "华亭市", "Huating City"),
    )),
    ("620900", "酒泉市", "Jiuquan", (
        ("620902", "肃州区", "Suzhou District"), ("620921", "金塔县", "Jinta County"),
        ("620922", "瓜州县", "Guazhou County"), ("620923", "肃北蒙古族自治县", "Subei Mongol Autonomous County"),
        ("620924", "阿克塞哈萨克族自治县", "Aksay Kazakh Autonomous County"),
        ("620981", "玉门市", "Yumen City"), ("620982", "敦煌市", "Dunhuang City"),
    )),
    ("621000", "庆阳市", "Qingyang", (
        ("621002", "西峰区", "Xifeng District"), ("621021", "庆城县", "Qingcheng County"),
        ("621022", "环县", "Huan County"), ("621023", "华池县", "Huachi County"),
        ("621024", "合水县", "Heshui County"), ("621025", "正宁县", "Zhengning County"),
        ("621026", "宁县", "Ning County"), ("621027", "镇原县", "Zhenyuan County"),
    )),
    ("621100", "定西市", "Dingxi", (
        ("621102", "安定区", "Anding District"), ("621121", "通渭县", "Tongwei County"),
        ("621122", "陇西县", "Longxi County"), ("621123", "渭源县", "Weiyuan County"),
        ("621124", "临洮县", "Lintao County"), ("621125", "漳县", "Zhang County"),
        ("621126", "岷县", "Min County"),
    )),
    ("621200", "陇南市", "Longnan", (
        ("621202", "武都区", "Wudu District"), ("621221", "成县", "Cheng County"),
        ("621222", "文县", "Wen County"), ("621223", "宕昌县", "Tanchang County"),
        ("621224", "康县", "Kang County"), ("621225", "西和县", "Xihe County"),
        ("621226", "礼县", "Li County"), ("621227", "徽县", "Hui County"),
        ("621228", "两当县", "Liangdang County"),
    )),
    ("622900", "临夏回族自治州", "Linxia Hui Autonomous Prefecture", (
        ("622901", "临夏市", "Linxia City"), ("622921", "临夏县", "Linxia County"),
        ("622922", "康乐县", "Kangle County"), ("622923", "永靖县", "Yongjing County"),
        ("622924", "广河县", "Guanghe County"), ("622925", "和政县", "Hezheng County"),
        ("622926", "东乡族自治县", "Dongxiang Autonomous County"),
        ("622927", "积石山保安族东乡族撒拉族自治县", "Jishishan Bonan, Dongxiang and Salar Autonomous County"),
    )),
    ("623000", "甘南藏族自治州", "Gannan Tibetan Autonomous Prefecture", (
        ("623001", "合作市", "Hezuo City"), ("623021", "临潭县", "Lintan County"),
        ("623022", "卓尼县", "Jone County"), ("623023", "舟曲县", "Zhugqu County"),
        ("623024", "迭部县", "Tewo County"), ("623025", "玛曲县", "Maqu County"),
        ("623026", "碌曲县", "Luqu County"), ("623027", "夏河县", "Xiahe County"),
    )),
)  # fmt: skip

assert len(CITIES) == 14
assert sum(len(c[3]) for c in CITIES) == 86

# The province's real totals, spread evenly over its 86 counties at full size; a tenth by default.
FULL = {"streets": 16, "villages": 186, "communities": 19, "residents": 40}
DEFAULT = {"streets": 3, "villages": 19, "communities": 2, "residents": 30}

# Synthetic place words for townships, villages and communities (none is a real township's name).
PLACE = [
    "东川", "西川", "南河", "北山", "大坪", "小河", "红崖", "石门", "柳沟", "杨家", "王家", "李家", "马家", "新庄", "上庄", "下庄",
    "中堡", "高台", "黄渠", "白土", "青岗", "沙湾", "水泉", "古城", "新城", "龙王", "草滩", "梨园", "枣林", "杏树", "桃园", "松树",
    "寺沟", "峡口", "岔口", "三岔", "双井", "金沟"
]  # fmt: skip
PLACE_EN = [
    "Dongchuan", "Xichuan", "Nanhe", "Beishan", "Daping", "Xiaohe", "Hongya", "Shimen", "Liugou",
    "Yangjia", "Wangjia", "Lijia", "Majia", "Xinzhuang", "Shangzhuang", "Xiazhuang", "Zhongbao",
    "Gaotai", "Huangqu", "Baitu", "Qinggang", "Shawan", "Shuiquan", "Gucheng", "Xincheng", "Longwang",
    "Caotan", "Liyuan", "Zaolin", "Xingshu", "Taoyuan", "Songshu", "Sigou", "Xiakou", "Chakou",
    "Sancha", "Shuangjing", "Jingou"
]  # fmt: skip
assert len(PLACE) == len(PLACE_EN)

ACCOUNTS = (
    # (username, role, scope code, full name, note)
    ("gansu", Role.INSPECTOR, PROVINCE[0], "陈志远", "province office (换届选举工作领导小组办公室)"),
    ("chengguan", Role.DISTRICT_ADMIN, "620102000000", "李卫东", "Chengguan District office"),
)


@dataclass(frozen=True)
class Sizes:
    streets: int
    villages: int  # per county
    communities: int  # per county
    residents: int  # per unit

    @classmethod
    def of(cls, full_size: bool) -> Sizes:
        return cls(**(FULL if full_size else DEFAULT))


def _place(rng: random.Random, used: set[str], suffix: str, suffix_en: str) -> tuple[str, str]:
    """A synthetic name not used yet in its county."""
    while True:
        i, j = rng.randrange(len(PLACE)), rng.randrange(len(PLACE))
        name = PLACE[i] + (PLACE[j][0] if i != j else "") + suffix
        if name not in used:
            used.add(name)
            return name, f"{PLACE_EN[i]}{PLACE_EN[j][:3].lower() if i != j else ''} {suffix_en}"


def division_csv(sizes: Sizes, seed: int) -> bytes:
    """The province as the division-import file a province office would upload."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["区划代码", "名称", "英文名称", "层级", "上级代码", "类型", "涉农", "选举办法"])
    writer.writerow([PROVINCE[0], PROVINCE[1], PROVINCE[2], "省", "", "", "", PROVINCE[3]])
    for city, city_name, city_en, counties in CITIES:
        writer.writerow([f"{city}000000", city_name, city_en, "市", PROVINCE[0], "", "", ""])
        for county, name, name_en in counties:
            writer.writerow([f"{county}000000", name, name_en, "区", f"{city}000000", "", "", ""])
            rng = random.Random(f"{seed}:{county}")
            used: set[str] = set()
            villages = _spread(sizes.villages, sizes.streets)
            communities = _spread(sizes.communities, sizes.streets)
            for s in range(sizes.streets):
                # The first streets of a county are its town streets (街道, communities only where the
                # county has few), the rest its towns (镇) with the villages.
                town = villages[s] > 0
                street_name, street_en = _place(
                    rng, used, "镇" if town else "街道", "Town" if town else "Street"
                )
                street = f"{county}{s + 1:03d}000"
                writer.writerow([street, street_name, street_en, "镇" if town else "街道", f"{county}000000",
                                 "", "是" if town else "", ""])  # fmt: skip
                for c in range(communities[s]):
                    n, n_en = _place(rng, used, "社区", "Community")
                    writer.writerow([f"{street[:9]}{c + 1:03d}", n, n_en, "社区", street, "社区", "", ""])
                for v in range(villages[s]):
                    n, n_en = _place(rng, used, "村", "Village")
                    writer.writerow([f"{street[:9]}{v + 201:03d}", n, n_en, "村", street, "村", "", ""])
    return out.getvalue().encode("utf-8")


def _spread(total: int, parts: int) -> list[int]:
    """`total` over `parts` as evenly as it goes, the larger shares last (towns come after streets)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i >= parts - extra else 0) for i in range(parts)]


def build_province(
    *, full_size: bool = False, seed: int = 2026, progress: Callable[[str], None] = print
) -> dict[str, int]:
    """All or nothing, as the district demo. Returns the counts it made."""
    sizes = Sizes.of(full_size)
    with transaction.atomic():
        summary = do_import_divisions("gansu.csv", division_csv(sizes, seed), actor=SYSTEM)
        counts: dict[str, int] = {
            str(level): Division.objects.filter(level=level).count()
            for level in (Level.CITY, Level.DISTRICT, Level.STREET, Level.UNIT)
        }
        progress(
            f"divisions: {counts[Level.CITY.value]} cities, {counts[Level.DISTRICT.value]} counties, "
            f"{counts[Level.STREET.value]} townships and streets, {counts[Level.UNIT.value]} villages and communities "
            f"({summary.created} created)"
        )
        for username, role, code, full_name, _note in ACCOUNTS:
            do_create_user(
                username=username,
                password=_password(),
                role=role,
                scope=Division.objects.get(code=code),
                full_name=full_name,
                email=f"{username}@gansu.example.cn",
                actor=SYSTEM,
            )
        counts["residents"] = _residents(sizes, seed, actor=SYSTEM)
        progress(f"residents: {counts['residents']:,}")
        counts["rounds"], counts["completed"] = _rounds(seed, progress)
        progress(f"rounds: {counts['rounds']}, stages completed: {counts['completed']:,}")
        counts["previous_term"] = _previous_terms(seed, progress)
        progress(f"previous term: {counts['previous_term']:,} members imported")
        counts["findings"] = reviews(progress)
        progress(f"look-back review: {counts['findings']:,} findings")
        province = Division.objects.get(code=PROVINCE[0])
        record(
            "demo.build",
            actor=SYSTEM,
            object_type="units.division",
            object_id=province.code,
            object_repr=province.name,
            division_path=province.path,
            after={
                "scale": "province",
                "full_size": full_size,
                "seed": seed,
                **counts,
                "as_of": clock.today(),
            },
        )
    # The day's progress snapshot, which the province's and the cities' roll-ups read: made once the
    # stages are committed (each completion's own hook then finds no snapshot to keep current).
    counts["snapshot_rows"] = refresh(clock.today())
    progress(f"progress snapshot: {counts['snapshot_rows']:,} rows")
    return counts


def _password() -> str:
    from huanjie.demo.build import DEMO_PASSWORD

    return DEMO_PASSWORD


@action("demo.residents", capability=None)
def _residents(sizes: Sizes, seed: int, *, actor: SystemActor) -> int:
    """Synthetic residents of every unit, sealed a batch at a time (idcrypto.protect_many), in one
    transaction with one audit event (the import's checks are the voters app's; these people are made
    valid)."""
    today = clock.today()
    total = 0
    units = list(Division.objects.filter(level=Level.UNIT).order_by("code").only("pk", "code", "kind"))
    batch: list[tuple[int, Person]] = []

    def flush() -> None:
        hashes, sealed = idcrypto.protect_many(pl.Series([p.id_number for _u, p in batch], dtype=pl.String))
        Resident.objects.bulk_create(
            [
                Resident(
                    unit_id=unit_id,
                    name=p.name,
                    sex=p.sex,
                    birth_year=p.birth_date.year,
                    id_hash=h,
                    id_masked=idcrypto.mask(p.id_number),
                    id_cipher=c,
                    group=p.group,
                    household=p.household,
                    hukou_here=p.hukou_here,
                    lives_here=p.lives_here,
                    living_since=p.living_since,
                    ethnicity=p.ethnicity,
                )
                for (unit_id, p), h, c in zip(batch, hashes, sealed, strict=True)
            ],
            batch_size=5000,
        )
        batch.clear()

    for unit in units:
        # Communities are bigger than villages, as in the district demo.
        count = sizes.residents * (2 if unit.kind == "community" else 1)
        seen: set[str] = set()
        for person in residents(unit.code, count, today, seed):
            if person.id_number not in seen:
                seen.add(person.id_number)
                batch.append((unit.pk, person))
        total += len(seen)
        if len(batch) >= 20_000:
            flush()
    if batch:
        flush()
    province = Division.objects.get(code=PROVINCE[0])
    audit(
        object_type="units.division",
        object_id=province.code,
        object_repr=province.name,
        division_path=province.path,
        after={"residents": total, "seed": seed},
    )
    return total


def _rounds(seed: int, progress: Callable[[str], None]) -> tuple[int, int]:
    """A round in every county, its days fixed as the seed's calendar has them, and the stages whose day
    has come completed through the action — about half of them on time, some late, the rest left open —
    so that the progress pages have every state to count."""
    rng = random.Random(seed)
    today = clock.today()
    starts_on, ends_on = round_dates(today)
    made = completed = 0
    for district in Division.objects.filter(level=Level.DISTRICT).order_by("code"):
        rnd = do_open_round(
            district=district,
            name=f"{starts_on.year}—{ends_on.year}年度村（社区）“两委”换届选举",
            profile=PROVINCE[3],
            starts_on=starts_on,
            ends_on=ends_on,
            bodies=list(BodyKind.values),
            actor=SYSTEM,
        )
        do_set_election_days(_days(rnd, rng), actor=SYSTEM)
        completed += _complete_due(rnd, rng, today)
        made += 1
        if made % 10 == 0:
            progress(f"rounds: {made} of 86")
    return made, completed


def _previous_terms(seed: int, progress: Callable[[str], None]) -> int:
    """Each county imports its previous teams at the round's start, as the district demo does (one import,
    one audit event a county): the province summary sets the new teams against them."""
    from huanjie.demo.previous_term import build_previous_term

    made = 0
    for n, rnd in enumerate(Round.objects.select_related("district").order_by("district__code"), start=1):
        made += build_previous_term(rnd, seed)
        if n % 10 == 0:
            progress(f"previous term: {n} of 86 counties")
    return made


def reviews(progress: Callable[[str], None]) -> int:
    """Each county runs its look-back review today (回头看), as the district demo does every Monday: the units
    left behind become findings, which the province summary counts district by district."""
    from huanjie.elections.actions.findings import do_run_review

    found = 0
    for n, rnd in enumerate(Round.objects.select_related("district").order_by("district__code"), start=1):
        found += do_run_review(rnd, today=clock.today(), actor=SYSTEM).new
        if n % 10 == 0:
            progress(f"look-back review: {n} of 86 counties")
    return found


def _days(rnd: Round, rng: random.Random) -> dict[Election, dt.date]:
    start = rnd.starts_on
    days: dict[Election, dt.date] = {}
    for e in Election.objects.filter(round=rnd).select_related("unit", "street", "round", "body"):
        street_no = int(e.street.code[6:9])
        if e.kind == BodyKind.PARTY_BRANCH:
            days[e] = start + dt.timedelta(days=39 + (street_no % 8) + rng.randint(0, 6))
        elif e.kind == BodyKind.VILLAGERS_COMMITTEE:
            days[e] = start + dt.timedelta(days=66 + (street_no % 5) * 2 + rng.randint(0, 6))
        else:  # communities elect after the Spring Festival
            days[e] = start + dt.timedelta(days=116 + (street_no % 6) * 3 + rng.randint(0, 5))
    return days


# The opening stages, completed in the demo when their planned day has come (OFFSETS: days before the
# election day on which a unit typically completes each, as in the district demo's replay).
FIRST_STAGES = (Stage.ELECTION_COMMITTEE, Stage.ELECTION_PLAN, Stage.PARTY_REQUEST, Stage.PARTY_CANDIDATES)


def _complete_due(rnd: Round, rng: random.Random, today: dt.date) -> int:
    """Complete the opening stages whose planned day has come for three units in four, on that day or a few
    days after; the fourth unit is left behind, as some always are, and shows as due or overdue."""
    done = 0
    stages = (
        ElectionStage.objects.filter(election__round=rnd, key__in=FIRST_STAGES, status=StageStatus.PENDING)
        .select_related("election__unit", "election__round__district")
        .order_by("election_id", "seq")
    )
    behind: set[int] = set()
    for stage in stages:
        election = stage.election
        assert election.election_day is not None
        planned = election.election_day - dt.timedelta(days=OFFSETS[stage.key])
        if planned > today or election.pk in behind:
            continue
        if stage.seq == 0 and rng.random() < 0.25:
            behind.add(election.pk)
            continue
        day = min(today, planned + dt.timedelta(days=rng.choice((0, 0, 1, 3, 9))))
        do_complete_stage(stage, completed_on=day, actor=SYSTEM, override="演示数据：略晚完成")
        done += 1
    return done


def accounts_table() -> str:
    from huanjie.demo.build import DEMO_PASSWORD

    lines = ["Demo accounts (password for all: " + DEMO_PASSWORD + ")", ""]
    lines.append(f"  {'user':<12} {'role':<18} {'scope':<14} note")
    for username, role, code, _name, note in ACCOUNTS:
        scope = Division.objects.filter(code=code).values_list("name", flat=True).first() or "?"
        lines.append(f"  {username:<12} {role:<18} {scope:<14} {note}")
    return "\n".join(lines)
