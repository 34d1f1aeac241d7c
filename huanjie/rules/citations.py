"""Citations as a Chinese reader writes them: 《中华人民共和国村民委员会组织法》第十五条第二款.

The engine cites in one compact form shared by both languages — `村民委员会组织法 (2018) Art.15 ¶2`
(explain.py), a profile's `Gansu profile — archive_years: 规程 Ch.7 ◐ (keep the archive …)` — which
traces every decision to election-law.md. A Chinese page or paper, a public notice above all, cites law
the way official documents do: the law's full title in 书名号 (a provincial text by its province's full
title), then 第…条第…款, a chapter 第…章, a range 第十二条至第十五条, all in Chinese numerals.

`in_chinese` does that. The status marks of election-law.md (✅ ◐ ⚠ ✎) stay: they say how sure the rule
is. A profile's source is the engine's documentation as well as a citation: its notes in brackets and its
comments after a dash are left out of the Chinese form. Each clause is kept whole when it reads wholly in
Chinese once its titles, articles and recurring phrases are converted, and otherwise only the citation it
opens with (its English prose left out). The form says when the province's value was not verified. When
no clause keeps anything, the engine's own text is shown as it is: a citation is never cut to nothing,
nor half translated.
"""

from __future__ import annotations

import functools
import re

DIGITS = "零一二三四五六七八九"
UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_number(n: int) -> str:
    """An article's number in Chinese numerals, as statutes number them: 十五, 二十, 一百零五, 一千零四十五
    (a number from 10 to 19 is 十…, never 一十…)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    out, gap = "", False
    for value, unit in UNITS:
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if gap else "") + DIGITS[digit] + unit
            gap = False
        elif out:
            gap = True
    return out + (("零" if gap else "") + DIGITS[n] if n else "")


# The texts the engine cites, as Chinese documents title them. Order matters: the longer form first.
OL_ZH = "《中华人民共和国村民委员会组织法》"
RCL_ZH = "《中华人民共和国城市居民委员会组织法》"
PR_ZH = "《中国共产党基层组织选举工作条例》"
TITLES: tuple[tuple[str, str], ...] = (
    ("村民委员会组织法 (2018)", OL_ZH),  # punctuation: ascii
    ("城市居民委员会组织法 (2018)", RCL_ZH),  # punctuation: ascii
    ("中国共产党基层组织选举工作条例 (2020)", PR_ZH),  # punctuation: ascii
    ("2019 rural party regulation", "《中国共产党农村基层组织工作条例》（2019年）"),
    ("branch-work regulation", "《中国共产党支部工作条例（试行）》"),
    (
        "省级居民委员会选举办法 / 实施《城市居民委员会组织法》办法",
        "本省（自治区、直辖市）居民委员会选举办法或实施《中华人民共和国城市居民委员会组织法》办法",
    ),
    ("Civil Code", "《中华人民共和国民法典》"),
    ("GB 11643-1999", "《公民身份号码》（GB 11643—1999）"),
)
# Abbreviations of election-law.md, as whole words.
ABBREVIATIONS: dict[str, str] = {
    "OL": OL_ZH,
    "RCL": RCL_ZH,
    "PR2020": PR_ZH,
    "规程": "《村民委员会选举规程》",
    "ZJ": "《浙江省村民委员会选举办法》",
    "SH": "《上海市村民委员会选举办法》",
    "BJ": "《北京市村民委员会选举办法》",
    "HN": "《河南省实施〈中华人民共和国村民委员会组织法〉办法》",
    "JS": "《江苏省村民委员会选举办法》",
    "SD": "《山东省实施〈中华人民共和国村民委员会组织法〉办法》",
}
# A province's own texts by year, as the profiles cite them ("Gansu 2013 Art.2").
PROVINCES: dict[str, str] = {
    "Gansu": "甘肃省",
    "Zhejiang": "浙江省",
    "Shanghai": "上海市",
    "Beijing": "北京市",
    "Henan": "河南省",
    "Jiangsu": "江苏省",
}
# The engine's recurring words about a source, whole clauses or the tail of one.
PHRASES: tuple[tuple[str, str], ...] = (
    ("规程-style texts", "与《村民委员会选举规程》同类的文本"),
    ("as quoted", "据转引"),
    ("interpretation", "本系统的解释"),
    ("sets no maximum", "未设上限"),
    ("sets no limit", "未设限制"),
    ("sets no date", "未规定日期"),
    ("sets no runoff deadline", "未规定另行选举的期限"),
    ("sets no runoff turnout", "未规定另行选举的参选率"),
    ("silent on the number", "未规定人数"),
    ("silent", "未作规定"),
    ("prevails", "优先适用"),
    ("floor", "为最低标准"),
)
UNVERIFIED = "⚠ 本省规定未核实，采用全国规定"
NATIONAL = "采用全国规定"

_PROFILE = re.compile(r"^(?P<title>[A-Z][A-Za-z]+) profile — [a-z_0-9]+: ")
# "SH 上海市村民委员会选举办法 (2020)", "HN 河南省实施《村民委员会组织法》办法 (stored 2011)": a provincial text.
_PROVINCIAL = re.compile(
    r"\b(?:ZJ|SH|BJ|HN|JS|SD) (?P<title>\S+?办法) \((?:stored )?(?P<year>\d{4})(?: revision)?\)"
)
_PROVINCE_TEXT = re.compile(rf"\b(?P<province>{'|'.join(PROVINCES)})(?P<years>(?: \d{{4}})+)\b")
_ABBREVIATION = re.compile(
    rf"(?<![A-Za-z0-9《〈])(?:{'|'.join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True))})"
    r"(?![A-Za-z0-9\-》〉])"
)
_ARTICLE = re.compile(r" ?Arts?\.(?P<first>\d+)(?:[–-](?P<last>\d+))?(?: ?¶(?P<clause>\d+))?")
_CHAPTER = re.compile(r" ?Chs?\.(?P<first>\d+)(?:[–-](?P<last>\d+))?")
_NOTE = re.compile(r" ?\([^()]*\)")
_QUOTED = re.compile(r"'([^']+)'")
# The citation a clause opens with — a title, its article, its marks — before the engine's English words.
_LEADING = re.compile(r"^(?:⚠ )?(?:《[^》]+》(?:（[^）]*）)?(?:第[^ ：，,]+)?|本系统的解释)(?: [✅◐⚠✎]+)?")
_NOT_SET = "not set"
_NO_OWN_RULE = re.compile(r"^no \S+-specific rule in the texts read$")
_LATIN = re.compile(r"[A-Za-z]")


# A page shows the same few dozen citations again and again (each stage's, each reason's).
@functools.lru_cache(maxsize=1024)
def in_chinese(article: str) -> str:
    """`article` (a citation the engine wrote) as a Chinese text cites it; the engine's own text where no
    part of it reads wholly in Chinese."""
    match = _PROFILE.match(article)
    body = article[match.end() :] if match else article
    national = body.startswith("national value — ")
    head, _dash, comment = _without_notes(body.removeprefix("national value — ")).partition(" — ")
    national = national or "national value used" in comment
    kept: list[str] = []
    for clause in (c.strip() for c in head.split(";")):
        if _NO_OWN_RULE.match(clause):
            national = True
        elif clause and clause != _NOT_SET:
            converted = _convert(clause)
            if _LATIN.search(converted):
                leading = _LEADING.match(converted)
                converted = leading[0] if leading else ""
            if converted:
                kept.append(converted)
    if not kept:
        return article
    text = "；".join(kept)
    if "not verified" in comment:
        text += f"（{UNVERIFIED}）"
    elif national and match and match["title"] != "National":
        text += f"（{NATIONAL}）"
    if match is None:
        return text
    title = match["title"]
    return f"{'全国' if title == 'National' else PROVINCES.get(title, title)}规定：{text}"


def _without_notes(text: str) -> str:
    """`text` without its bracketed notes; titles with a year in brackets become Chinese first, so that
    the year stays."""
    for english, chinese in TITLES:
        text = text.replace(english, chinese)
    text = text.replace(" (derived)", "（推导）")
    text = _PROVINCIAL.sub(_provincial, text)
    return _NOTE.sub("", text)


def _convert(clause: str) -> str:
    text = _PROVINCE_TEXT.sub(_province_text, clause)
    text = _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m[0]], text)
    text = _ARTICLE.sub(_article, text)
    text = _CHAPTER.sub(_chapter, text)
    for english, chinese in PHRASES:
        text = text.replace(english, chinese)
    text = _QUOTED.sub(r"“\1”", text)
    return text.replace(": ", "：").replace(" / ", "、")


def _provincial(match: re.Match[str]) -> str:
    """A provincial text by its title, a title inside it in 〈〉 and by its full name."""
    title = match["title"].replace("《村民委员会组织法》", "〈中华人民共和国村民委员会组织法〉")
    return f"《{title}》（{match['year']}年）"


def _province_text(match: re.Match[str]) -> str:
    years = match["years"].split()
    return "、".join(f"{PROVINCES[match['province']]}{year}年文本" for year in years)


def _article(match: re.Match[str]) -> str:
    out = f"第{chinese_number(int(match['first']))}条"
    if match["last"]:
        out += f"至第{chinese_number(int(match['last']))}条"
    if match["clause"]:
        out += f"第{chinese_number(int(match['clause']))}款"
    return out


def _chapter(match: re.Match[str]) -> str:
    out = f"第{chinese_number(int(match['first']))}章"
    if match["last"]:
        out += f"至第{chinese_number(int(match['last']))}章"
    return out
