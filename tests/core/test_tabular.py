"""Column titles as a clerk types them: a Chinese keyboard writes full-width brackets (村（社区）代码), a
police station's export may carry ASCII ones (村(社区)代码); both name the same column."""

from __future__ import annotations

import pytest

from huanjie.core.errors import FileRejected
from huanjie.core.tabular import header_key, read_table

ALIASES = {"unit_code": "unit_code", "村(社区)代码": "unit_code", "选举日": "election_day"}


@pytest.mark.parametrize("title", ["村(社区)代码", "村（社区）代码", " 村（社区）代码 ", "UNIT_CODE"])
def test_a_title_in_either_form_names_the_column(title: str) -> None:
    columns, rows = read_table(
        "days.csv", f"{title},选举日\n620102023201,2027-03-20\n".encode(), ALIASES, {"unit_code"}
    )
    assert columns == ["unit_code", "election_day"]
    assert rows == [(2, {"unit_code": "620102023201", "election_day": "2027-03-20"})]


def test_an_unknown_title_is_still_refused_by_its_name() -> None:
    with pytest.raises(FileRejected) as refused:
        read_table("days.csv", "村（社区）名称,选举日\nx,y\n".encode(), ALIASES, {"unit_code"})
    assert [(e.row, e.column) for e in refused.value.errors] == [(1, "村（社区）名称"), (1, "unit_code")]


def test_header_key_folds_width_and_case() -> None:
    assert header_key("村（社区）代码") == header_key("村(社区)代码") == "村(社区)代码"
    assert header_key("　Unit_Code　") == "unit_code"
