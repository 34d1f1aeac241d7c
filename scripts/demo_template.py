"""The end-of-round demo district, built into a PostgreSQL database that the tests clone
(tests/demo/conftest.py, CREATE DATABASE … TEMPLATE).

    python scripts/demo_template.py name URL               prints the template's name for this code
    python scripts/demo_template.py build URL READY CACHE  builds it, or finds it built, and says so in READY

scripts/test.sh runs `build` beside the app suite; the suite's workers wait for READY (a file holding
"ok", or the error) before the first demo test. Replaying a whole round once here, rather than in each
worker, lets both workers share the crawl of every persona's pages.

The build is kept for the next run: its name carries a key, the SHA-256 of everything the build is made
from (huanjie/ — code, migrations, templates, data files —, this script, the locked dependencies), and
CACHE/<key>/ keeps its uploaded files (MEDIA_ROOT) with a mark written only once the build is whole. A
run whose key has a template and a mark clones it at once (the files copied back into MEDIA_ROOT); any
change to what builds it gives a new key, and the build replaces the old template. The build is seeded
and dated (END), so a kept template is the one a build would make now, but for wall-clock timestamps.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sys
import traceback
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

END = "2027-04-05"  # tests/demo/conftest.py END: the day after the last election
ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("huanjie", "scripts/demo_template.py", "uv.lock", "pyproject.toml")
SKIP = {"__pycache__", ".mypy_cache", ".ruff_cache"}


def key() -> str:
    """Changes with anything the build is made from."""
    digest = hashlib.sha256()
    for top in INPUTS:
        path = ROOT / top
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for f in files:
            if SKIP.isdisjoint(f.relative_to(ROOT).parts) and f.suffix != ".pyc":
                digest.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def prefix(url: str) -> str:
    return f"{urlsplit(url).path.lstrip('/') or 'huanjie'}_demotpl_"


def name(url: str) -> str:
    return prefix(url) + key()[:16]


def _admin(url: str) -> psycopg.Connection[tuple[object, ...]]:
    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )


def _media_root() -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def build(url: str, ready: Path, cache: Path) -> int:
    template = name(url)
    kept = cache / template.rsplit("_", 1)[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
    try:
        with _admin(url) as admin:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
            if exists and (kept / "ok").exists():
                shutil.copytree(kept / "media", _media_root(), dirs_exist_ok=True)
                ready.write_text("ok")
                print(f"the demo template {template} is kept from an earlier run of the same code")
                return 0
            # A new key: the templates of other code (and the one name used before keys) go.
            stale = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s OR datname = %s",
                [
                    prefix(url).replace("_", r"\_") + "%",
                    prefix(url).removesuffix("demotpl_") + "demo_template",
                ],
            ).fetchall()
            for (old,) in stale:
                admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
            shutil.rmtree(cache, ignore_errors=True)
            admin.execute(f'CREATE DATABASE "{template}"')
        os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{template}"))
        os.environ["HUANJIE_TODAY"] = END
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        call_command("demo", stdout=io.StringIO())
        connections.close_all()  # a template may have no session connected to it
        media = _media_root()
        if media.exists():
            shutil.copytree(media, kept / "media", dirs_exist_ok=True)
        else:
            (kept / "media").mkdir(parents=True, exist_ok=True)
        (kept / "ok").write_text(template)
    except Exception:
        ready.write_text(traceback.format_exc())
        return 1
    ready.write_text("ok")
    print(f"the demo template {template} is built")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["name"] and len(sys.argv) == 3:
        print(name(sys.argv[2]))
        sys.exit(0)
    if sys.argv[1:2] == ["build"] and len(sys.argv) == 5:
        sys.exit(build(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])))
    sys.exit(__doc__)
