"""Synthetic residents: plausible Chinese names, ages, households, and valid resident ID numbers.

Deterministic for a seed, so two demo builds show the same people. No real person's data is used.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace

from huanjie.rules.idnumber import check_digit

# Surnames, the common ones repeated by their rough frequency in the north-west.
SURNAMES = (
    "王王王王李李李李张张张张刘刘刘陈陈杨杨赵赵马马马"
    "黄周吴徐孙胡朱郭郭何罗高高林魏段牛乔苏董韩冯曹彭田蒋任姚谢丁袁宋杜汪程"
)
MALE_CHARS = "伟强军磊涛斌勇刚杰鹏建国明辉林峰志华兵海平东亮文龙成俊宏"
FEMALE_CHARS = "芳娟敏静丽艳霞玲燕红梅萍婷雪琴兰英娜秀慧莉佳凤琳丹云"
GROUP_COUNT = 8
# Namesakes are ordinary (issue 17): in this village two men of different villager groups share a name,
# and both are nominated for the villagers' committee (huanjie.demo.candidates).
NAMESAKE_UNIT, NAMESAKE_UNIT_CODE, NAMESAKE = "徐家湾村", "620102010204", "王建国"


@dataclass(frozen=True)
class Person:
    name: str
    sex: str  # male | female
    birth_date: dt.date
    id_number: str
    group: str
    household: str
    hukou_here: bool
    lives_here: bool
    living_since: dt.date | None
    ethnicity: str


def make_id_number(region: str, birth: dt.date, serial: int, sex: str) -> str:
    """GB 11643: region (6) + birth date (8) + serial (3, odd for men) + check digit."""
    serial = serial % 499 * 2 + (1 if sex == "male" else 2)
    first17 = f"{region}{birth:%Y%m%d}{serial:03d}"
    return first17 + check_digit(first17)


def _name(rng: random.Random, sex: str) -> str:
    surname = rng.choice(SURNAMES)
    chars = MALE_CHARS if sex == "male" else FEMALE_CHARS
    given = rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")
    return surname + given


def residents(unit_code: str, count: int, today: dt.date, seed: int) -> Iterator[Person]:
    """About `count` residents of one unit, grouped into households of 1–6 people; in the namesake village
    two of them share a name."""
    people = _residents(unit_code, count, today, seed)
    if unit_code != NAMESAKE_UNIT_CODE:
        yield from people
        return
    renamed: list[str] = []  # the villager groups of those renamed: one each from two groups
    for person in people:
        age = (today - person.birth_date).days // 365
        if (
            len(renamed) < 2
            and person.sex == "male"
            and person.hukou_here
            and person.lives_here
            and 35 <= age <= 50
            and person.group not in renamed
        ):
            renamed.append(person.group)
            person = replace(person, name=NAMESAKE)
        yield person


def _residents(unit_code: str, count: int, today: dt.date, seed: int) -> Iterator[Person]:
    rng = random.Random(f"{seed}:{unit_code}")
    region = unit_code[:6]
    made = 0
    household = 0
    while made < count:
        household += 1
        group = f"第{(household % GROUP_COUNT) + 1}村民小组"
        size = min(count - made, rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5, 6)))
        ethnicity = "回族" if rng.random() < 0.06 else "汉族"
        for i in range(size):
            sex = rng.choice(("male", "female"))
            # Heads of household are adults; others range from children to the very old.
            age_days = rng.randint(20 * 365, 85 * 365) if i == 0 else rng.randint(2 * 365, 90 * 365)
            birth = today - dt.timedelta(days=age_days)
            hukou_here = rng.random() < 0.9
            lives_here = not hukou_here or rng.random() < 0.85
            since = None if hukou_here else today - dt.timedelta(days=rng.randint(60, 3000))
            yield Person(
                name=_name(rng, sex),
                sex=sex,
                birth_date=birth,
                id_number=make_id_number(region, birth, made + rng.randint(0, 499), sex),
                group=group,
                household=f"{household:04d}",
                hukou_here=hukou_here,
                lives_here=lives_here,
                living_since=since,
                ethnicity=ethnicity,
            )
            made += 1
