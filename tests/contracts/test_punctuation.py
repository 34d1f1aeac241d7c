"""Chinese text in the code, the templates and the Chinese catalogue takes full-width punctuation (GB/T
15834): notices, ballots, tally sheets and the interface are read by villagers and officials. The check is
scripts/punctuation.py (`--fix` writes the full-width form); each rule has a test that it catches a breach."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("punctuation", ROOT / "scripts" / "punctuation.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["punctuation"] = module
    spec.loader.exec_module(module)
    return module


def test_chinese_text_has_full_width_punctuation() -> None:
    check = _checker()
    found = [f"{p.relative_to(ROOT)}:{n}: {t}" for p, n, t in check.findings(check.targets())]
    assert not found, (
        "ASCII punctuation in Chinese text (python scripts/punctuation.py --fix):\n" + "\n".join(found)
    )


def test_conversion_keeps_placeholders_addresses_and_times() -> None:
    convert = _checker().convert
    assert convert("根据{law}的规定,本村于%(day)s推选(第一组):完成;是否?是!") == (
        "根据{law}的规定，本村于%(day)s推选（第一组）：完成；是否？是！"
    )
    assert (
        convert("详见 https://x.cn/a?b=1 ,时间08:30,比例1:1") == "详见 https://x.cn/a?b=1，时间08:30，比例1:1"
    )
    assert convert('<th style="width:22mm">职务(签名)</th>') == '<th style="width:22mm">职务（签名）</th>'


def test_breaches_are_found(tmp_path: Path) -> None:
    check = _checker()
    module = tmp_path / "notices.py"
    module.write_text(
        '"""A docstring, 中文 (left alone)."""\n'
        'TITLE = f"本届{body}选举,现予公布。"\n'
        'HEADERS = {"村(社区)代码": "unit_code"}  # a key matched against uploads: left alone\n'
        'LABEL = "CSV: unit_code (村(社区)代码)"  # English with a Chinese term: left alone\n'
        "BODY = f\"根据{law}的规定,本{'村' if kind == 'village' else '社区'}于{day}\"  # a word inside {}\n",
        encoding="utf-8",
    )
    template = tmp_path / "paper.html"
    template.write_text(
        '<p class="a:b">计票人(签名):{{ name }}</p>{% if a %}<style>p{margin:0}</style>{% endif %}\n'
    )
    catalogue = tmp_path / "django.po"
    catalogue.write_text('msgid "Street (township)"\nmsgstr "街道(乡镇)"\n', encoding="utf-8")
    found = {(p.name, n) for p, n, _ in check.findings([module, template, catalogue])}
    assert found == {("notices.py", 2), ("notices.py", 5), ("paper.html", 1), ("django.po", 2)}
    assert check.fixed(module).splitlines()[1] == 'TITLE = f"本届{body}选举，现予公布。"'
    assert check.fixed(template).startswith('<p class="a:b">计票人（签名）：{{ name }}</p>')
    assert 'msgstr "街道（乡镇）"' in check.fixed(catalogue)


def test_a_colon_after_a_translated_label_is_found_and_becomes_the_colon_tag(tmp_path: Path) -> None:
    """`{% translate "Election day" %}: …` puts an ASCII colon into the Chinese page: the label's colon
    is `{% colon %}`, which gives each language its own (a missing `{% load huanjie %}` is added)."""
    check = _checker()
    page = tmp_path / "roll.html"
    page.write_text(
        '{% extends "office/base.html" %}{% load i18n %}\n'
        '<p>{% translate "Election day" %}: <strong>{{ day }}</strong></p>\n'
        '<p><strong>{% translate "Status" %}:</strong> {{ status }}</p>\n'
        "<p>{% blocktranslate count n=k %}{{ n }} person{% plural %}{{ n }} people{% endblocktranslate %}: x</p>\n"
        '<p>{% translate "Ratio" %} 1:1 <span style="a:b">{{ h }}:{{ m }}</span></p>\n',
        encoding="utf-8",
    )
    found = {n for _, n, _ in check.findings([page])}
    assert found == {1, 2, 3, 4}
    assert check.fixed(page).splitlines() == [
        '{% extends "office/base.html" %}{% load i18n huanjie %}',
        '<p>{% translate "Election day" %}{% colon %}<strong>{{ day }}</strong></p>',
        '<p><strong>{% translate "Status" %}{% colon %}</strong>{{ status }}</p>',
        "<p>{% blocktranslate count n=k %}{{ n }} person{% plural %}{{ n }} people{% endblocktranslate %}"
        "{% colon %}x</p>",
        '<p>{% translate "Ratio" %} 1:1 <span style="a:b">{{ h }}:{{ m }}</span></p>',
    ]


def test_the_colon_tag_is_full_width_in_chinese_and_ascii_in_english() -> None:
    from django.template import Context, Template
    from django.utils import translation

    page = Template('{% load i18n huanjie %}{% translate "Election day" %}{% colon %}2027-03-20')
    with translation.override("zh-hans"):
        assert page.render(Context()) == "选举日：2027-03-20"
    with translation.override("en"):
        assert page.render(Context()) == "Election day: 2027-03-20"


def test_a_forms_labels_end_in_the_full_width_colon_in_chinese() -> None:
    """Django's label suffix is `_(":")`, which its own Chinese catalogue leaves ASCII; ours translates it
    (huanjie/web/forms.py names it for `make messages`), so every form of the office reads "居民：…"."""
    from django import forms
    from django.utils import translation

    class Resident(forms.Form):
        resident = forms.CharField(label="居民")

    with translation.override("zh-hans"):
        assert ">居民：</label>" in Resident().as_p()
    with translation.override("en"):
        assert ">居民:</label>" in Resident().as_p()


def test_yesno_choices_keep_their_ascii_commas_in_chinese() -> None:
    """`{{ v|yesno:_("yes,no") }}` splits the translation at ASCII commas: "是，否" would be one choice, and
    the page would show the raw value (True, as the party roll did). The checker leaves these alone, and
    each translation has as many choices as its msgid."""
    from django.template import Context, Template
    from django.utils import translation

    choices = _checker().split_choices()
    assert {"yes,no", "yes,—", "yes,no,—"} <= choices
    with translation.override("zh-hans"):
        for msgid in choices:
            shown = translation.gettext(msgid)
            assert shown.count(",") == msgid.count(","), (msgid, shown)
        page = Template('{% load i18n %}{{ a|yesno:_("yes,no") }} {{ b|yesno:_("yes,no,—") }}')
        assert page.render(Context({"a": True, "b": None})) == "是 —"


def test_brackets_around_a_value_are_found_and_become_the_paren_filter(tmp_path: Path) -> None:
    """`({{ day }})` and `({% translate "Beijing time" %})` put ASCII brackets into the Chinese page:
    `|paren` gives each language its own. Inside a blocktranslate the brackets are the msgid's."""
    check = _checker()
    page = tmp_path / "petition.html"
    page.write_text(
        "{% load i18n huanjie %}\n"
        "<p>{{ decision }} ({{ decided_on|day }})</p>\n"
        '<dd>{{ at }} ({% translate "Beijing time" %})</dd>\n'
        "<p>{% blocktranslate %}Leave first ({{ article }}).{% endblocktranslate %}</p>\n"
        "<li>{{ label }}: {{ names }}</li>\n"
        "<li>{% blocktranslate %}{{ n }} seats{% endblocktranslate %}, {% translate 'formal' %}</li>\n",
        encoding="utf-8",
    )
    assert {n for _, n, _ in check.findings([page])} == {2, 3, 5, 6}
    assert check.fixed(page).splitlines()[1:] == [
        "<p>{{ decision }}{{ decided_on|day|paren }}</p>",
        '<dd>{{ at }}{% translate "Beijing time" as bracketed %}{{ bracketed|paren }}</dd>',
        "<p>{% blocktranslate %}Leave first ({{ article }}).{% endblocktranslate %}</p>",
        "<li>{{ label }}{% colon %}{{ names }}</li>",
        "<li>{% blocktranslate %}{{ n }} seats{% endblocktranslate %}{% comma %}{% translate 'formal' %}</li>",
    ]


def test_the_paren_filter_and_the_list_comma_follow_the_language() -> None:
    from django.template import Context, Template
    from django.utils import translation

    page = Template(
        '{% load i18n huanjie %}{% translate "Published" %}{{ when|paren }} '
        "{% for u in units %}{{ u }}{% if not forloop.last %}{% list_comma %}{% endif %}{% endfor %}"
    )
    context = {"when": "<b>", "units": ["大浪沟村", "红山根村"]}
    with translation.override("zh-hans"):
        assert page.render(Context(context)) == "发布时间（&lt;b&gt;） 大浪沟村、红山根村"
    with translation.override("en"):
        assert page.render(Context(context)) == "Published (&lt;b&gt;) 大浪沟村, 红山根村"


def test_a_chinese_paper_is_chinese_even_where_a_line_holds_only_values(tmp_path: Path) -> None:
    """The result sheet's addressee line is `{{ to }}:` — no Chinese character on the line, but the paper
    is a Chinese document (`<html lang="zh-CN">`), so its colon is full-width; a page without the mark
    keeps such a line as it is."""
    check = _checker()
    paper, page = tmp_path / "result_sheet.html", tmp_path / "page.html"
    paper.write_text('<html lang="zh-CN"><body>\n<p class="to">{{ to }}:</p>\n</body></html>\n')
    page.write_text('<html lang="en"><body>\n<p class="to">{{ to }}:</p>\n</body></html>\n')
    assert [n for _, n, _ in check.findings([paper, page])] == [2]
    assert check.fixed(paper).splitlines()[1] == '<p class="to">{{ to }}：</p>'
