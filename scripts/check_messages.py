"""Fails when a user-facing string has no Simplified Chinese translation, or the compiled catalogue is stale.

Regenerates the catalogue into a temporary copy (the committed one is left as it is), so that a string
added to a template or a module without a translation is caught.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "huanjie" / "locale" / "zh_Hans" / "LC_MESSAGES"


def _catalogue(entries: Iterable[polib.POEntry | polib.MOEntry]) -> dict[tuple[str | None, str], object]:
    return {(e.msgctxt, e.msgid): (e.msgstr, sorted(e.msgstr_plural.items())) for e in entries}


def main() -> int:
    committed = polib.pofile(str(LOCALE / "django.po"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "huanjie"
        shutil.copytree(ROOT / "huanjie", work, ignore=shutil.ignore_patterns("__pycache__", "rules"))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "django",
                "makemessages",
                "-l",
                "zh_Hans",
                "--no-location",
                "--no-obsolete",
            ],
            cwd=work,
            check=True,
            capture_output=True,
            env={
                "DJANGO_SETTINGS_MODULE": "huanjie.settings",
                "PYTHONPATH": str(ROOT),
                "PATH": "/usr/bin:/bin",
            },
        )
        fresh = polib.pofile(str(work / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    translated = {(e.msgctxt, e.msgid) for e in committed if e.translated() and not e.obsolete}
    missing = [e.msgid for e in fresh if (e.msgctxt, e.msgid) not in translated]
    if missing:
        print(
            f"{len(missing)} string(s) without a Chinese translation (run `make messages`, then translate):"
        )
        for msgid in missing:
            print(f"  {msgid!r}")
        return 1
    compiled = polib.mofile(str(LOCALE / "django.mo"))
    if _catalogue(e for e in compiled if e.msgid) != _catalogue(e for e in committed if e.translated()):
        print("django.mo is older than django.po: run `make messages`")
        return 1
    print(f"{len(translated)} strings, all translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
