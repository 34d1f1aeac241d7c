"""Citations in Chinese (rules/citations.py): the law's full title in 书名号, 第…条第…款 in Chinese numerals,
a profile's notes left out, never half translated."""

from __future__ import annotations

import re

import pytest

from huanjie.rules import profiles
from huanjie.rules.citations import chinese_number, in_chinese
from huanjie.rules.explain import OL, PR, RC_DEFAULT, RCL, cite


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (34, "三十四"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (203, "二百零三"),
        (1000, "一千"),
        (1010, "一千零一十"),
        (1045, "一千零四十五"),
        (1259, "一千二百五十九"),
    ],
)
def test_numbers_are_written_as_statutes_number_their_articles(n: int, words: str) -> None:
    assert chinese_number(n) == words


@pytest.mark.parametrize(
    ("article", "chinese"),
    [
        (f"{OL} Art.15 ¶2", "《中华人民共和国村民委员会组织法》第十五条第二款"),
        (f"{OL} Art.12–15 (derived)", "《中华人民共和国村民委员会组织法》第十二条至第十五条（推导）"),
        (f"{OL} Art.13–15", "《中华人民共和国村民委员会组织法》第十三条至第十五条"),
        ("规程 Ch.2–6 ◐", "《村民委员会选举规程》第二章至第六章 ◐"),
        (f"{RCL} Art.8", "《中华人民共和国城市居民委员会组织法》第八条"),
        (PR, "《中国共产党基层组织选举工作条例》 ◐"),
        # A quotation of the statute in brackets is a note: the citation is the article.
        (
            f"{OL} Art.12 ✅ (选举委员会成员被提名为候选人的, 应当退出选举委员会)",
            "《中华人民共和国村民委员会组织法》第十二条 ✅",
        ),
        (f"{OL} Art.6 ✅; B10 ◐ (候选人中应有适当数量的妇女)", "《中华人民共和国村民委员会组织法》第六条 ✅"),
    ],
)
def test_the_engines_own_citations_read_as_chinese_documents_cite_law(article: str, chinese: str) -> None:
    assert in_chinese(article) == chinese


def test_a_community_cites_its_own_law_and_the_provinces_measures() -> None:
    assert in_chinese(cite("residents_committee", "B5", "Art.14")) == (
        "《中华人民共和国城市居民委员会组织法》第八条；"
        "本省（自治区、直辖市）居民委员会选举办法或实施《中华人民共和国城市居民委员会组织法》办法 ◐"
    )
    assert in_chinese(RC_DEFAULT) == in_chinese(cite("residents_committee", "B5", "Art.14"))
    assert (
        in_chinese(cite("residents_committee", "B1", "Art.13"))
        == "《中华人民共和国城市居民委员会组织法》第八条"
    )


def test_a_profiles_source_keeps_its_citations_and_says_what_was_not_verified() -> None:
    gansu = profiles.load("gansu")
    assert in_chinese(gansu.article("archive_years")) == (
        "甘肃省规定：《村民委员会选举规程》第七章 ◐；《中华人民共和国村民委员会组织法》第三十四条 ✅"
        "（⚠ 本省规定未核实，采用全国规定）"
    )
    assert (
        in_chinese(gansu.article("women_required"))
        == "甘肃省规定：甘肃省2013年文本第二条 ◐；甘肃省2025年文本第五条 ◐"
    )
    # Another province's own text, by its title and year; a title inside a title in 〈〉.
    assert in_chinese(profiles.load("zhejiang").article("runoff_max_days")).startswith(
        "浙江省规定：《浙江省村民委员会选举办法》（2020年）第"
    )
    assert in_chinese(profiles.load("henan").article("candidate_list_days_before")) == (
        "河南省规定：《河南省实施〈中华人民共和国村民委员会组织法〉办法》（2011年）第二十六条 ✅"
    )
    # The national value adopted where the province's texts say nothing of their own.
    assert in_chinese(profiles.load("beijing").article("handover_days")) == (
        "北京市规定：《中华人民共和国村民委员会组织法》第二十条 ✅（采用全国规定）"
    )
    national = profiles.load("national")
    assert (
        in_chinese(national.article("handover_days"))
        == "全国规定：《中华人民共和国村民委员会组织法》第二十条 ✅"
    )
    # A clause of English prose keeps the citation it opens with; a phrase the engine repeats is Chinese.
    assert (
        in_chinese(national.article("exclude_unreachable"))
        == "全国规定：《中华人民共和国村民委员会组织法》第十三条 ✅"
    )
    assert in_chinese(national.article("runoff_candidates")) == (
        "全国规定：《中华人民共和国村民委员会组织法》第十五条第二款 ✅ 未规定人数"
    )
    assert in_chinese(national.article("overvote_scope")) == (
        "全国规定：与《村民委员会选举规程》同类的文本 ◐ “每一选票所选的人数”"
    )
    assert in_chinese(national.article("official_household_barred")) == "全国规定：本系统的解释 ✎"


def test_a_citation_is_never_cut_to_nothing_nor_half_translated() -> None:
    # No clause reads in Chinese: the engine's text as it is.
    source = profiles.load("national").article("party_differential_percent")
    assert in_chinese(source) == source
    assert in_chinese("B16 ✅ (ZJ Art.27: ballots collected ≤ voters who voted)") == (
        "B16 ✅ (ZJ Art.27: ballots collected ≤ voters who voted)"
    )
    latin = re.compile(r"[A-Za-z]")
    for name in profiles.available():
        profile = profiles.load(name)
        for parameter in profiles.parameters():
            source = profile.article(parameter)
            shown = in_chinese(source)
            assert shown == source or not latin.search(shown.replace("GB 11643", "")), (parameter, shown)
