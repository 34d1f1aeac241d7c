"""Importing the previous term's teams from a spreadsheet: the template, the checks, the located errors.

One row per member and post (a secretary who is also on the committee is one row with post 书记). A file
replaces the previous teams of the units it lists, whole or not at all; importing it again changes nothing.

Who a row is (issue 17): an optional ID-number column matches it to a resident of the unit by the keyed
hash (voters.idcrypto.id_hash) — the number itself is checked, hashed and dropped, never stored. A row
without a number, or whose number matches no one, is flagged for the clerk's confirmation (huanjie.reports
.resolve): never matched by name alone. "Re-elected" in the statistics goes by that resident.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from huanjie.core.errors import FileRejected, RowError
from huanjie.core.export import Book
from huanjie.core.tabular import read_table
from huanjie.rules import idnumber
from huanjie.units.models import BodyKind, Division
from huanjie.voters import idcrypto

HEADERS: dict[str, tuple[str, ...]] = {
    "unit_code": ("村(社区)代码", "村（社区）代码", "代码", "unit code"),  # punctuation: ascii (as uploaded)
    "body": ("组织", "body"),
    "post": ("职务", "post"),
    "name": ("姓名", "name"),
    "sex": ("性别", "sex"),
    "birth_date": ("出生日期", "出生年月", "date of birth", "birth date"),
    "education": ("学历", "文化程度", "education"),
    "party_member": ("是否党员", "政治面貌", "party member"),
    "ethnicity": ("民族", "ethnicity"),
    "elected_on": ("当选日期", "elected on"),
    # Optional (issue 17): matches the row to the unit's resident by the keyed hash; never kept in the clear.
    "id_number": ("身份证号", "公民身份号码", "身份证号码", "ID number"),
}
REQUIRED = {"unit_code", "body", "post", "name", "elected_on"}
ALIASES = {a.lower(): c for c, names in HEADERS.items() for a in (c, *names)}

BODIES = {
    "党组织": BodyKind.PARTY_BRANCH, "党支部": BodyKind.PARTY_BRANCH, "党总支": BodyKind.PARTY_BRANCH,
    "党委": BodyKind.PARTY_BRANCH, "村党组织": BodyKind.PARTY_BRANCH, "社区党组织": BodyKind.PARTY_BRANCH,
    "村委会": BodyKind.VILLAGERS_COMMITTEE, "村民委员会": BodyKind.VILLAGERS_COMMITTEE,
    "居委会": BodyKind.RESIDENTS_COMMITTEE, "居民委员会": BodyKind.RESIDENTS_COMMITTEE,
    **{k.value: k for k in BodyKind},
}  # fmt: skip
PARTY_POSTS = {"书记": "secretary", "副书记": "deputy_secretary", "委员": "committee_member",
               "支委委员": "committee_member", "secretary": "secretary", "deputy_secretary": "deputy_secretary",
               "committee_member": "committee_member"}  # fmt: skip
COMMITTEE_POSTS = {"主任": "director", "副主任": "deputy_director", "委员": "member", "妇女委员": "women_member",
                   "director": "director", "deputy_director": "deputy_director", "member": "member",
                   "women_member": "women_member"}  # fmt: skip
SEXES = {"男": "male", "女": "female", "male": "male", "female": "female"}
EDUCATION = {"小学": "primary", "小学及以下": "primary", "初中": "junior", "高中": "senior", "中专": "senior",
             "高中(中专)": "senior", "高中（中专）": "senior", "职高": "senior", "大专": "college",
             "本科": "university", "研究生": "university", "本科及以上": "university",
             **{k: k for k in ("primary", "junior", "senior", "college", "university")}}  # fmt: skip
PARTY = {"是": True, "否": False, "中共党员": True, "党员": True, "预备党员": True, "群众": False,
         "yes": True, "no": False}  # fmt: skip
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")


@dataclass(frozen=True)
class PreviousRow:
    row: int
    unit: Division
    body: str
    post: str
    name: str
    sex: str
    birth_date: dt.date | None
    education: str
    party_member: bool | None
    ethnicity: str
    elected_on: dt.date
    id_hash: bytes = b""  # the keyed hash of the row's ID number, where the file gave one (never the number)


def parse_date(text: str) -> dt.date | None:
    """2021-03-14, 2021/3/14, 2021年3月14日, or a month alone (2021-03, 1978年5月: the 1st)."""
    m = DATE.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3] or 1))
    except ValueError:
        return None


def parse(name: str, data: bytes, units: dict[str, Division]) -> list[PreviousRow]:
    """The rows of a file, every one checked; FileRejected with every error located otherwise."""
    _header, rows = read_table(name, data, ALIASES, REQUIRED)
    errors: list[RowError] = []
    out: list[PreviousRow] = []
    seen: dict[tuple[str, str, str, str, bytes], int] = {}
    for number, cells in rows:
        bad = len(errors)
        unit = units.get(cells.get("unit_code", "").strip())
        if unit is None:
            errors.append(
                RowError(
                    number,
                    "unit_code",
                    "unknown",
                    f"{cells.get('unit_code', '')!r} is not a unit of this round",
                )
            )
        body = BODIES.get(cells.get("body", "").strip())
        if body is None:
            errors.append(RowError(number, "body", "unknown", f"unknown body {cells.get('body', '')!r}"))
        posts = PARTY_POSTS if body == BodyKind.PARTY_BRANCH else COMMITTEE_POSTS
        post = posts.get(cells.get("post", "").strip())
        if body is not None and post is None:
            errors.append(
                RowError(number, "post", "unknown", f"{cells.get('post', '')!r} is not a post of this body")
            )
        person = cells.get("name", "").strip()
        if not person:
            errors.append(RowError(number, "name", "required", "the name is empty"))
        sex_text = cells.get("sex", "").strip()
        sex = SEXES.get(sex_text, "") if sex_text else ""
        if sex_text and not sex:
            errors.append(RowError(number, "sex", "unknown", f"sex must be 男 or 女, not {sex_text!r}"))
        birth_text = cells.get("birth_date", "").strip()
        birth = parse_date(birth_text) if birth_text else None
        if birth_text and birth is None:
            errors.append(RowError(number, "birth_date", "date", f"{birth_text!r} is not a date"))
        edu_text = cells.get("education", "").strip()
        education = EDUCATION.get(edu_text, "") if edu_text else ""
        if edu_text and not education:
            errors.append(RowError(number, "education", "unknown", f"unknown education {edu_text!r}"))
        party_text = cells.get("party_member", "").strip()
        party = PARTY.get(party_text.lower()) if party_text else None
        if party_text and party is None:
            errors.append(
                RowError(
                    number,
                    "party_member",
                    "unknown",
                    f"party membership must be 是 or 否, not {party_text!r}",
                )
            )
        id_text = cells.get("id_number", "").strip()
        hashed = b""
        if id_text:
            try:
                hashed = idcrypto.id_hash(idnumber.parse(id_text[:40], allow_legacy=True).number)
            except idnumber.IdNumberError as exc:  # the reason only: the number is not echoed back
                errors.append(RowError(number, "id_number", exc.code, exc.reason.text_en))
        elected = parse_date(cells.get("elected_on", ""))
        if elected is None:
            errors.append(
                RowError(number, "elected_on", "date", f"{cells.get('elected_on', '')!r} is not a date")
            )
        elif birth is not None and not dt.date(birth.year + 18, 1, 1) <= elected:
            errors.append(RowError(number, "birth_date", "age", "the member was under 18 when elected"))
        if unit is not None and body is not None and post is not None and person:
            # The same person twice; two namesakes are two people when their ID numbers say so.
            key = (unit.code, body, post, person, hashed)
            if key in seen:
                errors.append(
                    RowError(
                        number,
                        "name",
                        "duplicate",
                        f"{person} is already on row {seen[key]} for this post"
                        + ("" if hashed else " (namesakes: give their ID numbers to tell them apart)"),
                    )
                )
            seen[key] = number
        if len(errors) == bad and unit and body and post and elected:
            out.append(
                PreviousRow(number, unit, body, post, person, sex, birth, education, party,
                            cells.get("ethnicity", "").strip()[:20], elected, hashed)
            )  # fmt: skip
    if errors:
        raise FileRejected(errors)
    if not out:
        raise FileRejected([RowError(2, "", "empty", "the file lists no member")])
    return out


def template_xlsx() -> bytes:
    book = Book()
    sheet = book.sheet("上届班子成员")
    sheet.header([HEADERS[c][0] for c in HEADERS])
    # The example's ID number is made up (a valid check character, no one's): the column is optional.
    example = "620102197405120015"
    sheet.append(
        [
            "620102001001",
            "党组织",
            "书记",
            "王建国",
            "男",
            "1974-05-12",
            "高中",
            "是",
            "汉族",
            "2021-03-14",
            example,
        ]
    )
    sheet.append(
        [
            "620102001001",
            "村委会",
            "主任",
            "王建国",
            "男",
            "1974-05-12",
            "高中",
            "是",
            "汉族",
            "2021-03-20",
            example,
        ]
    )
    notes = book.sheet("说明")
    notes.header(["列", "也可写作", "必填", "取值"])
    values = {
        "body": "党组织 / 村委会 / 居委会",
        "post": "党组织：书记、副书记、委员；村（居）委会：主任、副主任、委员、妇女委员",
        "sex": "男 / 女",
        "birth_date": "2021-03-14、2021/3/14、2021年3月14日或1978年5月",
        "education": "小学、初中、高中、中专、大专、本科、研究生",
        "party_member": "是 / 否",
        "id_number": "18位公民身份号码（可不填）：用于与本村（社区）居民匹配，不保存号码本身；不填或匹配不到的，由工作人员确认",
    }
    for c, names in HEADERS.items():
        notes.append([names[0], ", ".join((c, *names[1:])), "是" if c in REQUIRED else "", values.get(c, "")])
    return book.save()
