"""Build the end-of-round demo district once into a PostgreSQL database that the tests clone
(tests/demo/conftest.py, CREATE DATABASE … TEMPLATE): `python scripts/demo_template.py URL NAME READY`.

scripts/test.sh runs this beside the app suite; the suite's workers wait for READY (a file holding
"ok", or the error) before the first demo test. Replaying a whole round once here, rather than in each
worker, lets both workers share the crawl of every persona's pages.
"""

from __future__ import annotations

import io
import os
import sys
import traceback
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

END = "2027-04-05"  # tests/demo/conftest.py END: the day after the last election


def main(url: str, name: str, ready: Path) -> int:
    parts = urlsplit(url)
    admin = psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        with admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        os.environ["HUANJIE_TODAY"] = END
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        call_command("demo", stdout=io.StringIO())
        connections.close_all()  # a template may have no session connected to it
    except Exception:
        ready.write_text(traceback.format_exc())
        return 1
    ready.write_text("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
