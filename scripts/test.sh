#!/usr/bin/env bash
# Every check and test, in the order a reviewer would want them to fail: cheap static checks first.
# PostgreSQL: required under CI=true; elsewhere a missing server is reported and that run skipped.
# The three long runs (the rules engine under coverage, the app suite on SQLite and on PostgreSQL) use one
# core each and share nothing (each its own var directory and database), so they run side by side; their
# output is printed whole, one run after another, when all three have ended (each records its exit status:
# `set +e` in the subshell, or a failing run would end it before it says so).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
UV=$(scripts/bootstrap.sh)
run() { UV_PYTHON_DOWNLOADS=never "$UV" run --frozen --no-sync "$@"; }
step() { printf '\n==> %s\n' "$*"; }

VAR="${HUANJIE_VAR:-$PWD/var/test}"
export HUANJIE_VAR="$VAR"
mkdir -p "$VAR"

step "ruff format --check"
run ruff format --check .
step "ruff check"
run ruff check .
step "mypy (strict, django-stubs)"
run mypy huanjie tests bench
step "missing migrations"
run huanjie makemigrations --check --dry-run
step "translations complete"
run python scripts/check_messages.py

PGURL="${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/huanjie}"
if run python scripts/pg_ready.py "$PGURL"; then
  have_pg=1
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required under CI=true and is not reachable at $PGURL" >&2
  exit 1
else
  have_pg=0
fi

logs="$VAR/logs"
rm -rf "$logs" && mkdir -p "$logs" "$VAR/sqlite" "$VAR/postgres"
# The property run's size: about half a minute here; `make test-long` runs 100,000 rounds.
export HUANJIE_PROPERTY_ROUNDS="${HUANJIE_PROPERTY_ROUNDS:-20000}"
( set +e; run pytest -q tests/rules --cov=huanjie.rules --cov-branch --cov-report=term-missing:skip-covered \
    --cov-fail-under=100 --durations=5 >"$logs/rules" 2>&1; echo $? >"$logs/rules.rc" ) &
( set +e; HUANJIE_VAR="$VAR/sqlite" run pytest -q -m "not browser" --ignore=tests/rules --durations=10 \
    >"$logs/sqlite" 2>&1; echo $? >"$logs/sqlite.rc" ) &
if [ "$have_pg" = 1 ]; then
  ( set +e; HUANJIE_VAR="$VAR/postgres" DATABASE_URL="$PGURL" run pytest -q -m "not browser" --ignore=tests/rules \
      --durations=10 >"$logs/postgres" 2>&1; echo $? >"$logs/postgres.rc" ) &
fi
wait

failed=0
show() {  # name, title
  step "$2"
  cat "$logs/$1"
  [ "$(cat "$logs/$1.rc" 2>/dev/null)" = 0 ] || failed=1
}
show rules "rules engine: pytest with 100% branch coverage of huanjie/rules ($HUANJIE_PROPERTY_ROUNDS generated rounds)"
show sqlite "pytest on SQLite (the ten slowest tests at the end)"
if [ "$have_pg" = 1 ]; then
  show postgres "pytest on PostgreSQL ($PGURL; the ten slowest tests at the end)"
else
  step "pytest on PostgreSQL"
  echo "SKIPPED: no PostgreSQL server at $PGURL (set POSTGRES_URL, or start one; CI requires it)"
fi
if [ "$failed" = 1 ]; then
  echo "some test runs failed (above)" >&2
  exit 1
fi

step "browser tests (headless Chromium)"
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  run pytest -q -m browser -p no:randomly
elif [ "${CI:-}" = "true" ]; then
  echo "chromium and chromium-driver are required under CI=true" >&2
  exit 1
else
  echo "SKIPPED: chromium / chromedriver not installed (apt-get install chromium chromium-driver)"
fi
step "all checks passed in $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
