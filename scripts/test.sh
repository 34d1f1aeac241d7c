#!/usr/bin/env bash
# Every check and test (README "Testing" and docs/architecture.md "Tests" say what runs where and why).
# PostgreSQL: required under CI=true; elsewhere a missing server is reported and those runs skipped.
#
# The cheap checks (ruff) run first and stop the run. Then five runs share the machine's cores side by side,
# each its own var directory and database, and their output is printed whole, one after another, when all
# have ended (each records its exit status: `set +e` in the subshell, or a failing run would end before it
# says so):
#   checks    mypy, missing migrations, complete translations;
#   rules     the rules engine under 100 % branch coverage, with a property run of about half a minute;
#   postgres  the whole app suite on PostgreSQL, production's database, in two pytest-xdist workers; the
#             end-of-round demo is built once, into a template database beside them (kept for the next run
#             of the same code), and cloned by each worker for the demo's tests (run last);
#   sqlite    on SQLite only the tests marked `sqlite` (tests/conftest.py SQLITE_SUBSET: the import's fast
#             path, path-prefix scopes, the chain locks, JSON fields);
#   browser   the browser tests in headless Chromium (one process: one browser, one live server).
# The durations of each run, its ten slowest tests and the total time are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
UV=$(scripts/bootstrap.sh)
run() { UV_PYTHON_DOWNLOADS=never "$UV" run --frozen --no-sync "$@"; }
step() { printf '\n==> %s\n' "$*"; }

VAR="${HUANJIE_VAR:-$PWD/var/test}"
export HUANJIE_VAR="$VAR"
mkdir -p "$VAR"
# Tests run on the real date and the local-memory cache, whatever the shell sets for the demo.
unset HUANJIE_TODAY CACHE_URL

step "ruff format --check"
run ruff format --check .
step "ruff check"
run ruff check .

PGURL="${POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/huanjie}"
if run python scripts/pg_ready.py "$PGURL"; then
  have_pg=1
elif [ "${CI:-}" = "true" ]; then
  echo "PostgreSQL is required under CI=true and is not reachable at $PGURL" >&2
  exit 1
else
  have_pg=0
fi
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  have_browser=1
elif [ "${CI:-}" = "true" ]; then
  echo "chromium and chromium-driver are required under CI=true" >&2
  exit 1
else
  have_browser=0
fi

logs="$VAR/logs"
rm -rf "$logs" && mkdir -p "$logs"
# The property run's size: about half a minute here; `make test-long` runs 100,000 rounds.
export HUANJIE_PROPERTY_ROUNDS="${HUANJIE_PROPERTY_ROUNDS:-10000}"

# background NAME VAR-SUBDIRECTORY COMMAND...: run it, keep its output, exit status and wall time.
background() {
  local name=$1 var=$2
  shift 2
  rm -rf "${VAR:?}/$var" && mkdir -p "$VAR/$var"
  # `time` writes "wall user system" seconds (the CPU of the run's own processes, not the database
  # server's) to the subshell's stderr, kept apart from the run's output.
  ( set +e; TIMEFORMAT='%0R %0U %0S'; time { HUANJIE_VAR="$VAR/$var" "$@" >"$logs/$name" 2>&1
    echo $? >"$logs/$name.rc"; } ) 2>"$logs/$name.time" &
}
checks() {
  step "mypy (strict, django-stubs)" && run mypy huanjie tests bench &&
    step "missing migrations" && run huanjie makemigrations --check --dry-run &&
    step "translations complete" && run python scripts/check_messages.py
}

# The PostgreSQL run: the end-of-round demo is built once into a template database beside the suite
# (scripts/demo_template.py), or found built by an earlier run of the same code (its name carries the
# code's hash; its uploaded files are kept under $VAR/demo-template); its tests run last, each worker on a
# clone of it (tests/demo/conftest.py). Commits do not wait for the WAL to reach the disk
# (synchronous_commit=off, this run's sessions only): what another session sees, and when, is unchanged;
# only a crash of the database server could lose the last commits of a throwaway test database.
postgres() {
  local template ready="$HUANJIE_VAR/demo-template.ready" status
  export PGOPTIONS="${PGOPTIONS:-} -c synchronous_commit=off"
  template=$(run python scripts/demo_template.py name "$PGURL")
  rm -f "$ready"
  run python scripts/demo_template.py build "$PGURL" "$ready" "$VAR/demo-template" &
  DATABASE_URL="$PGURL" HUANJIE_DEMO_TEMPLATE="$template" HUANJIE_DEMO_READY="$ready" \
    run pytest -q -m "not browser" --ignore=tests/rules -n 2 --dist loadgroup --durations=10
  status=$?
  wait
  return $status
}
if [ "$have_pg" = 1 ]; then
  background postgres postgres postgres
fi
background checks checks checks
background rules rules "$UV" run --frozen --no-sync pytest -q tests/rules --cov=huanjie.rules --cov-branch \
  --cov-report=term-missing:skip-covered --cov-fail-under=100 --durations=5
background sqlite sqlite env -u DATABASE_URL "$UV" run --frozen --no-sync \
  pytest -q -m "sqlite and not browser" --ignore=tests/rules --durations=10
if [ "$have_browser" = 1 ]; then
  background browser browser env -u DATABASE_URL "$UV" run --frozen --no-sync \
    pytest -q -m browser -p no:randomly --durations=10
fi
wait

failed=0
show() {  # name, title
  step "$2 ($(cut -d' ' -f1 "$logs/$1.time" 2>/dev/null || echo '?') s)"
  cat "$logs/$1"
  [ "$(cat "$logs/$1.rc" 2>/dev/null)" = 0 ] || failed=1
}
show checks "static checks"
show rules "rules engine: pytest with 100% branch coverage of huanjie/rules ($HUANJIE_PROPERTY_ROUNDS generated rounds)"
if [ "$have_pg" = 1 ]; then
  show postgres "the app suite on PostgreSQL ($PGURL, 2 workers; the ten slowest tests at the end)"
else
  step "the app suite on PostgreSQL"
  echo "SKIPPED: no PostgreSQL server at $PGURL (set POSTGRES_URL, or start one; CI requires it)"
fi
show sqlite "the SQLite subset (-m sqlite; the ten slowest tests at the end)"
if [ "$have_browser" = 1 ]; then
  show browser "browser tests (headless Chromium; the ten slowest at the end)"
else
  step "browser tests (headless Chromium)"
  echo "SKIPPED: chromium / chromedriver not installed (apt-get install chromium chromium-driver)"
fi

step "time of each run, wall / CPU (user + system) seconds:"
for n in checks rules postgres sqlite browser; do
  [ -f "$logs/$n.time" ] && read -r wall user sys <"$logs/$n.time" &&
    printf '  %-9s %5s s  %5s s\n' "$n" "$wall" "$(( user + sys ))"
done
total=$(( $(date +%s) - started ))
if [ "$failed" = 1 ]; then
  echo "some runs failed (above), in $(( total / 60 )) min $(( total % 60 )) s" >&2
  exit 1
fi
step "all checks passed in $(( total / 60 )) min $(( total % 60 )) s"
