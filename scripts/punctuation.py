"""Chinese text takes full-width punctuation: ，；：？！（） — never the ASCII , ; : ? ! ( ) of English.

Official documents (notices, ballots, tally sheets, the work summary) and the Chinese interface are read
by villagers and officials who expect 《党政机关公文格式》's typography (GB/T 15834, 标点符号用法: the
comma, semicolon, colon and brackets of Chinese text are full-width). This module finds ASCII
punctuation inside Chinese text and, with --fix, writes the full-width form:

- Python: string literals that hold a Chinese character (an f-string's literal parts, adjacent literals
  taken together); docstrings and comments are left alone (they are English prose for developers);
- templates: text between tags that holds a Chinese character (tags, `{% %}`, `{{ }}`, `<style>` and
  `<script>` untouched), a colon written after a translated label, which becomes `{% colon %}`, and
  brackets around a value or a translated word, which become `|paren` (full-width in the Chinese page,
  ASCII in the English one); a comma between two clauses translated apart becomes `{% comma %}` (a
  list's items take `{% list_comma %}`, written by hand: the check cannot tell them from clauses);
- the Chinese catalogue: every `msgstr` that holds a Chinese character, but for the choices a template's
  `yesno` filter splits at ASCII commas.

Left as they are inside such text: `%(name)s` and `{name:spec}` placeholders, addresses (`https://…`),
times and ratios between digits (`08:30`, `1:1`), and HTML tags written inside a string.

usage: python scripts/punctuation.py [--fix] [PATH …]   (default: huanjie/, its templates and catalogue)
Exit status 1 when something is (or was) found, with `file:line: text` for each.
"""

from __future__ import annotations

import ast
import functools
import io
import re
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "huanjie"
CATALOGUE = PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# Files whose Chinese literals are matched against what users upload (column headers of the police
# station's spreadsheet, the previous term's table): their ASCII brackets are what those files carry.
READERS = {"huanjie/voters/reading.py", "huanjie/voters/importing.py"}

# A line that keeps its ASCII marks, with the reason in the comment: header forms that uploaded files carry
# (matched as they come), a law's name cited inside English article references ("… (2018) Art.17").
PRAGMA = "# punctuation: ascii"
LATIN = re.compile(r"[A-Za-z]{2,}")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# What must keep its ASCII characters inside Chinese text.
PROTECTED = re.compile(
    r"%\(\w+\)[sdif]"  # %-format placeholders
    r"|\{[^{}\s]*\}"  # str.format placeholders (an f-string's are not in its literal parts)
    r"|<[^<>]*>"  # an HTML tag inside a string
    r"|&#?\w+;"  # an HTML entity (&emsp;)
    r"|https?://\S+"  # an address
    r"|\d:\d"  # 08:30, 1:1
)
FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
ASCII = re.compile(r" ?([,;:?!]) ?| ?(\() ?| ?(\)) ?")


def _convert_plain(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        mark = m.group(1) or m.group(2) or m.group(3)
        # Keep a space that separates the mark from a Latin word or digit on the far side only when the
        # mark stays ASCII; full-width marks carry their own spacing.
        return FULL[mark]

    return ASCII.sub(one, text)


def convert(text: str) -> str:
    """The text with its ASCII punctuation made full-width, placeholders and the like kept."""
    out: list[str] = []
    last = 0
    for m in PROTECTED.finditer(text):
        out.append(_convert_plain(text[last : m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_convert_plain(text[last:]))
    return "".join(out)


def needs(text: str) -> bool:
    return bool(HAN.search(text)) and convert(text) != text


# --- Python ------------------------------------------------------------------------------------------


def _statement_strings(source: str) -> set[tuple[int, int]]:
    """Where the string statements (docstrings) start: developer prose, left alone."""
    return {
        (node.lineno, node.col_offset)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def _literal_parts(
    tokens: list[tokenize.TokenInfo], skip: set[tuple[int, int]]
) -> Iterator[list[tokenize.TokenInfo]]:
    """Groups of tokens that make one string expression: adjacent literals, f-strings' literal parts. A
    mapping's key (a literal followed by `:`) is left out: keys are what uploaded headers are matched
    against, and the files carry either form."""
    group: list[tokenize.TokenInfo] = []
    depth = 0  # inside an f-string
    for tok in tokens:
        if tok.type == tokenize.FSTRING_START:
            depth += 1
            continue
        if tok.type == tokenize.FSTRING_END:
            depth -= 1
            continue
        if tok.type == tokenize.FSTRING_MIDDLE:
            group.append(tok)
            continue
        if tok.type == tokenize.STRING:
            # A string inside an f-string's replacement field (`{'村' if v else 'village'}`) is an
            # expression of its own, not part of the text around it: grouped with it, its Latin word
            # would pass the whole f-string off as English.
            if not depth and tok.start not in skip:
                group.append(tok)
            continue
        if depth or tok.type in (tokenize.NL, tokenize.COMMENT):
            continue
        if group and not (tok.type == tokenize.OP and tok.string == ":"):
            yield group
        group = []
    if group:
        yield group


def _string_body(tok: tokenize.TokenInfo) -> tuple[str, str, str]:
    if tok.type == tokenize.FSTRING_MIDDLE:
        return "", tok.string, ""
    m = re.match(r"(?is)([rbuf]*)('''|\"\"\"|'|\")(.*)\2$", tok.string)
    assert m, tok.string
    return m.group(1) + m.group(2), m.group(3), m.group(2)


def _python_edits(source: str) -> list[tuple[tokenize.TokenInfo, str]]:
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines()
    edits: list[tuple[tokenize.TokenInfo, str]] = []
    for group in _literal_parts(tokens, _statement_strings(source)):
        bodies = [_string_body(t)[1] for t in group]
        if not any(HAN.search(b) for b in bodies) or any(LATIN.search(b) for b in bodies):
            continue  # no Chinese, or English with Chinese terms in it (an msgid, an article's citation)
        for tok in group:
            if PRAGMA in lines[tok.start[0] - 1]:
                continue
            head, body, tail = _string_body(tok)
            if "b" in head.lower() or "r" in head.lower():
                continue  # bytes and patterns are not text
            fixed = convert(body)
            if fixed != body:
                edits.append((tok, head + fixed + tail))
    return edits


def _apply(source: str, edits: list[tuple[tokenize.TokenInfo, str]]) -> str:
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    out = source
    for tok, new in sorted(edits, key=lambda e: e[0].start, reverse=True):
        start = offsets[tok.start[0] - 1] + tok.start[1]
        end = offsets[tok.end[0] - 1] + tok.end[1]
        old = out[start:end]
        if tok.type == tokenize.FSTRING_MIDDLE:
            # The token's text has `{{`/`}}` un-doubled; convert the source text itself instead.
            new = convert(old)
        out = out[:start] + new + out[end:]
    return out


# --- templates ---------------------------------------------------------------------------------------

TEMPLATE_SPLIT = re.compile(
    r"(<style\b.*?</style>|<script\b.*?</script>|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<[^>]*>)", re.S
)


# The official papers (ballots, tally sheets, the result sheet, certificates) are Chinese documents whatever
# the reader's language: `<html lang="zh-CN">`. A line of theirs is Chinese even when its only words are
# values (`{{ to }}:`, the addressee of the result sheet).
CHINESE_DOCUMENT = re.compile(r'<html lang="zh')

# A colon written after a translated label (`{% translate "Election day" %}: …`) is ASCII in the Chinese
# page too; the label's colon comes from `{% colon %}` (web/templatetags/huanjie.py), which gives each
# language its own. A `</strong>` closing the label may sit between them.
LABEL_COLON = re.compile(
    r'(\{% *(?:translate|trans) +"[^"]*" *%\}|\{% *endblocktrans(?:late)? *%\}):(</strong>|</b>)? ?'
    r'|(\{% *(?:translate|trans) +"[^"]*" *%\}|\{% *endblocktrans(?:late)? *%\})(</strong>|</b>): ?'
)
# Brackets written around a value or a translated word (`({{ day }})`, `({% translate "Beijing time" %})`)
# are ASCII in the Chinese page too: `|paren` gives each language its own. Inside a `{% blocktranslate %}`
# the brackets belong to the msgid, and its translation brings its own.
BRACKETED_VALUE = re.compile(r" ?\(\{\{ ((?:(?!\}\}).)+?) \}\}\)")
BRACKETED_WORD = re.compile(r' ?\(\{% *(?:translate|trans) +("[^"]*") *%\}\)')
# A label that is a value (`{{ label }}: …`, a post's name before its candidates) takes `{% colon %}` too.
VALUE_COLON = re.compile(r"\}\}:(</strong>)? ")
# Two translated clauses joined by a literal comma (`{% endblocktranslate %}, {% blocktranslate … %}`).
TRANSLATED_COMMA = re.compile(r"%\}, \{% (?=(?:block)?trans)")
BLOCK = re.compile(r"(\{% *blocktrans(?:late)?\b.*?\{% *endblocktrans(?:late)? *%\})", re.S)
LOAD = re.compile(r"\{% *load ([^%]*)%\}")


def _brackets(source: str) -> str:
    # The junction of two translated clauses lies between blocks, so it is found in the whole text.
    parts = BLOCK.split(TRANSLATED_COMMA.sub("%}{% comma %}{% ", source))
    for i in range(0, len(parts), 2):  # the text outside blocktranslate blocks
        parts[i] = VALUE_COLON.sub(lambda m: "}}{% colon %}" + (m.group(1) or ""), parts[i])
        parts[i] = BRACKETED_VALUE.sub(lambda m: "{{ " + m.group(1) + "|paren }}", parts[i])
        parts[i] = BRACKETED_WORD.sub(
            lambda m: "{% translate " + m.group(1) + " as bracketed %}{{ bracketed|paren }}", parts[i]
        )
    return "".join(parts)


def _template_marks(source: str) -> str:
    """A template's marks between a label or value and its text: a colon after a translated label
    (`{% colon %}`), brackets around a value or a translated word (`|paren`); with the `{% load %}` they
    need."""

    def one(m: re.Match[str]) -> str:
        label, closing = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        return label + "{% colon %}" + (closing or "")

    fixed = _brackets(LABEL_COLON.sub(one, source))
    if fixed == source:
        return source
    load = LOAD.search(fixed)
    if load is None:
        return "{% load huanjie %}" + fixed
    if "huanjie" not in load.group(1).split():
        fixed = fixed[: load.end(1)].rstrip() + " huanjie " + fixed[load.end(1) :]
    return fixed


def _template_fixed(source: str) -> str:
    """Text between tags is Chinese when its line's text is: `{{ s.label }}(应选{{ s.seats }}名)` closes its
    bracket in a part of its own."""
    pieces: list[tuple[bool, int, str]] = []  # (text?, line, piece)
    line = 1
    for i, part in enumerate(TEMPLATE_SPLIT.split(source)):
        if i % 2:  # a tag, a template tag, a style or script block
            pieces.append((False, line, part))
            line += part.count("\n")
            continue
        for piece in part.splitlines(keepends=True):
            pieces.append((True, line, piece))
            line += piece.count("\n")
    chinese = {n for text, n, piece in pieces if text and HAN.search(piece)}
    if CHINESE_DOCUMENT.search(source):  # a paper printed in Chinese alone: all its text is Chinese
        chinese = {n for _text, n, _piece in pieces}
    return _template_marks(
        "".join(convert(piece) if text and n in chinese else piece for text, n, piece in pieces)
    )


# --- the catalogue -----------------------------------------------------------------------------------


# `{{ v|yesno:_("yes,no,—") }}`: the translation is split at its ASCII commas, so its commas stay ASCII
# ("是，否" is one choice, and the filter then shows the raw value: True).
YESNO = re.compile(r'yesno:_\("([^"]*)"\)')


@functools.cache
def split_choices() -> frozenset[str]:
    """The msgids that a template's `yesno` splits at commas."""
    found: set[str] = set()
    for template in (PACKAGE / "templates").rglob("*.html"):
        found.update(YESNO.findall(template.read_text(encoding="utf-8")))
    return frozenset(found)


def _catalogue_fixed(source: str) -> str:
    out: list[str] = []
    in_msgstr = False
    msgid = ""
    for line in source.splitlines(keepends=True):
        if line.startswith("msgid "):
            msgid = line[len("msgid ") :].strip().strip('"')
        if line.startswith("msgstr"):
            in_msgstr = msgid not in split_choices()
        elif not line.startswith('"'):
            in_msgstr = False
        if in_msgstr and HAN.search(line):
            m = re.match(r'(msgstr(?:\[\d\])? )?"(.*)"(\n?)$', line)
            if m:
                line = (m.group(1) or "") + '"' + convert(m.group(2)) + '"' + m.group(3)
        out.append(line)
    return "".join(out)


# --- driver ------------------------------------------------------------------------------------------


def fixed(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        return _apply(source, _python_edits(source))
    if path.suffix == ".po":
        return _catalogue_fixed(source)
    return _template_fixed(source)


def targets() -> list[Path]:
    found = [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]
    found += list((PACKAGE / "templates").rglob("*.html"))
    found += list((PACKAGE / "templates").rglob("*.txt"))
    found.append(CATALOGUE)
    return sorted(p for p in found if p.relative_to(ROOT).as_posix() not in READERS)


def findings(paths: list[Path]) -> Iterator[tuple[Path, int, str]]:
    for path in paths:
        before = path.read_text(encoding="utf-8").splitlines()
        after = fixed(path).splitlines()
        for number, (old, new) in enumerate(zip(before, after, strict=False), start=1):
            if old != new:
                yield path, number, old.strip()


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    paths = [Path(a).resolve() for a in argv if a != "--fix"] or targets()
    found = list(findings(paths))
    for path, number, text in found:
        print(f"{path.relative_to(ROOT)}:{number}: {text}")
    if fix:
        for path in sorted({p for p, _, _ in found}):
            path.write_text(fixed(path), encoding="utf-8")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
