"""Polling officials and mobile boxes (huanjie.rules.officials): B13, B14 — per profile."""

from __future__ import annotations

import dataclasses

from huanjie.rules.officials import Person, monitors_short, official_conflict
from huanjie.rules.profiles import load
from huanjie.rules.terms import relation_zh

NAT, ZJ, SH, BJ = (load(n) for n in ("national", "zhejiang", "shanghai", "beijing"))
CANDIDATES = [Person("张三", "H1"), Person("李四", "")]


def test_it_bars_a_candidate_from_counting() -> None:
    conflict = official_conflict(Person("李四"), CANDIDATES, NAT)
    assert conflict is not None and conflict.relation == "self" and conflict.reason.rule == "B14"


# B14: ZJ Art.22 spouse, parents, children, siblings; SH, BJ spouse and direct relatives.
def test_it_bars_the_relatives_the_province_names() -> None:
    for relation, zj, sh in (
        ("spouse", True, True),
        ("sibling", True, False),
        ("grandparent", False, True),
        ("grandchild", False, True),
    ):
        for profile, barred in ((ZJ, zj), (SH, sh), (BJ, sh), (NAT, True)):
            conflict = official_conflict(
                Person("王五"), CANDIDATES, profile, relative="张三", relation=relation
            )
            assert (conflict is not None) is barred, (profile.name, relation)
    sibling = official_conflict(Person("王五"), CANDIDATES, ZJ, relative=" 张三 ", relation="sibling")
    assert sibling is not None and "兄弟姐妹" in sibling.reason.text_zh and "Art.22" in sibling.reason.article
    assert official_conflict(Person("王五"), CANDIDATES, ZJ, relative="赵六", relation="spouse") is None


def test_it_bars_the_household_where_the_profile_says_so() -> None:
    conflict = official_conflict(Person("王五", "H1"), CANDIDATES, ZJ)
    assert conflict is not None and conflict.relation == "household" and conflict.candidate == "张三"
    assert official_conflict(Person("王五", "H2"), CANDIDATES, ZJ) is None
    assert official_conflict(Person("王五", ""), [Person("李四", "")], ZJ) is None
    free = dataclasses.replace(ZJ, official_household_barred=False)
    assert official_conflict(Person("王五", "H1"), CANDIDATES, free) is None


# B13 ✅ ZJ Art.24, BJ, HN: at least 3 monitors per mobile box.
def test_it_counts_the_monitors_of_a_mobile_box() -> None:
    assert monitors_short(3, ZJ) is None
    short = monitors_short(2, ZJ)
    assert short is not None and short.rule == "B13" and "3" in short.text_en
    assert monitors_short(3, dataclasses.replace(ZJ, mobile_box_min_monitors=4)) is not None


def test_it_names_relations_in_chinese() -> None:
    assert relation_zh("spouse") == "配偶" and relation_zh("cousin") == "cousin"
