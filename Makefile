# Huanjie: two commands on a fresh machine — `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PORT ?= 8000

.PHONY: cluster cluster-stop cluster-drill cluster-figures cluster-restore-check demo test test-long lint typecheck migrations-check test-sqlite test-postgres test-browser messages setup serve clean

setup:
	@scripts/bootstrap.sh >/dev/null

## make demo: migrate, load the demo district if needed, print the accounts, serve on http://127.0.0.1:$(PORT)
## make demo DEMO_AS_OF=2027-04-05: the same district as it stands on that day (its own database under var/)
## make demo SCALE=full: real sizes (~1,500 residents a village, ~3,000 a community; ~402,000 in all),
## in a var/ directory of its own (README: build time; set DATABASE_URL for PostgreSQL)
SCALE ?= small
ifdef DEMO_AS_OF
export HUANJIE_TODAY := $(DEMO_AS_OF)
export HUANJIE_VAR := $(CURDIR)/var/demo-$(DEMO_AS_OF)
endif
ifneq ($(SCALE),small)
export HUANJIE_VAR := $(CURDIR)/var/demo-$(SCALE)$(if $(DEMO_AS_OF),-$(DEMO_AS_OF))
endif
demo:
	@uv="$$(scripts/bootstrap.sh)" && \
	HUANJIE_ENV=demo $$uv run --frozen --no-sync huanjie migrate --no-input -v0 && \
	HUANJIE_ENV=demo $$uv run --frozen --no-sync huanjie demo --scale $(SCALE) && \
	echo && echo "Huanjie is at http://127.0.0.1:$(PORT)/office/  (Ctrl-C stops it)" && \
	HUANJIE_ENV=demo exec $$uv run --frozen --no-sync huanjie runserver --noreload 127.0.0.1:$(PORT)

## make test: format, lint, types, migrations; the app suite on PostgreSQL (two workers), the SQLite subset, the rules engine, browser tests (README "Testing")
test:
	@scripts/test.sh

## make test-long: the rules engine's property run over 100,000 generated rounds (make test runs 10,000, ~30 s)
test-long:
	@uv="$$(scripts/bootstrap.sh)" && HUANJIE_PROPERTY_ROUNDS=100000 \
	$$uv run --frozen --no-sync pytest -q -m slow tests/rules

messages:
	@uv="$$(scripts/bootstrap.sh)" && cd huanjie && \
	$$uv run --frozen --no-sync huanjie makemessages -l zh_Hans --no-obsolete --no-location && \
	$$uv run --frozen --no-sync huanjie compilemessages -l zh_Hans

clean:
	rm -rf var/test-* .coverage

## make cluster: a province's deployment on this machine's loopback — PostgreSQL primary + streaming replica,
## Redis, two gunicorn servers, two Celery workers + beat, nginx (docs/deployment.md "A local cluster")
## make cluster-stop: stops every process it started; make cluster-drill: load + kill -9 + checks (≤ 2 min);
## make cluster-restore-check: base backup + archived WAL restored into a scratch cluster, verify-audit
cluster:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --frozen --no-sync python scripts/cluster.py start

cluster-stop:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --frozen --no-sync python scripts/cluster.py stop

cluster-drill:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --frozen --no-sync python scripts/cluster.py drill

## make cluster-figures: every issue-19 cluster figure in one run — publish from scratch, the static result
## page before/after nginx's tuning, the drill, the incremental publish (docs/deployment.md "The figures")
cluster-figures:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --frozen --no-sync python scripts/cluster.py figures

cluster-restore-check:
	@uv="$$(scripts/bootstrap.sh)" && $$uv run --frozen --no-sync python scripts/cluster.py restore-check
