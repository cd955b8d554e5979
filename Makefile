# salesplan — `make run` serves the demo, `make test` runs every check. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/salesplan
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-packages python-packages messages lint check-migrations \
        test-sqlite test-postgres test-browser bench bytecode serve worker clean audit loadtest

# The background worker (review packs, plans' PDFs, reminders) runs beside the web server; both
# stop together.
run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py db_worker --interval 0.25 --no-startup-delay --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup lint check-migrations audit test-sqlite test-postgres test-browser
	@echo "All checks passed."

setup: system-packages python-packages messages bytecode

# Debian packages the app and its tests use: chromium for browser tests, poppler for PDF checks,
# gettext for the translation catalogues, pango for WeasyPrint.
system-packages:
	@bash scripts/install-system-packages.sh

python-packages: $(BIN)/.synced

$(BIN)/.synced: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	@touch $@

# Compiled once here: where PYTHONDONTWRITEBYTECODE is set (it is on CI), every process would
# otherwise compile Django, pandas and WeasyPrint again as it starts (a pack worker: 6 s, not 2).
bytecode: python-packages
	@$(BIN)/python -m compileall -q -j 0 manage.py salesplan planning customers competition scripts tests >/dev/null

messages: python-packages
	@$(BIN)/python manage.py compilemessages --ignore=.venv -v0

lint: python-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: python-packages
	$(BIN)/python manage.py makemigrations --check --dry-run -v1

test-sqlite: python-packages
	$(BIN)/pytest -m "not browser" -n 2

# The same suite against PostgreSQL when one answers on 127.0.0.1:5432 (a fresh test database).
test-postgres: python-packages
	@if $(BIN)/python scripts/pg_ready.py "$(PG_URL)"; then \
	  echo "PostgreSQL answers: running the suite on it"; \
	  DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not browser" -n 2 --create-db; \
	else echo "PostgreSQL does not answer on 127.0.0.1:5432: skipped"; fi

test-browser: python-packages
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser -p no:xdist

# Tools that are not the app's dependencies (pip-audit, locust) live in a venv of their own,
# pinned here, so that they never enter the app's lock file or its environment.
TOOLS := .venv-tools
PIP_AUDIT_VERSION := 2.10.1
LOCUST_VERSION := 2.47.0

$(TOOLS)/.audit: | python-packages
	@test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(BIN)/uv pip install --quiet --python $(TOOLS)/bin/python pip-audit==$(PIP_AUDIT_VERSION)
	@touch $@

$(TOOLS)/.locust: | python-packages
	@test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(BIN)/uv pip install --quiet --python $(TOOLS)/bin/python locust==$(LOCUST_VERSION)
	@touch $@

# Known vulnerabilities in the locked dependencies; says "skipped" when no vulnerability
# database answers (pip-audit then audits nothing, which is no pass).
audit: $(TOOLS)/.audit
	$(BIN)/python scripts/audit_dependencies.py --pip-audit $(TOOLS)/bin/pip-audit

# The load test (gunicorn + locust, 60 s) and the 60-second concurrency runs on SQLite and
# PostgreSQL; figures in .loadtest/figures.md and the README's "Reliability" section.
loadtest: setup $(TOOLS)/.locust
	$(BIN)/python scripts/loadtest.py --locust $(TOOLS)/bin/locust

# The performance figures: one large region, then the headquarters scale (30 regions), on SQLite
# and, when it answers, on PostgreSQL (a database of its own, salesplan_bench).
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/salesplan_bench
bench: setup
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_hq.py
	@if $(BIN)/python scripts/pg_ready.py "$(BENCH_PG_URL)"; then \
	  $(BIN)/python scripts/pg_ready.py --create "$(BENCH_PG_URL)"; \
	  DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python scripts/bench_hq.py; \
	else echo "PostgreSQL does not answer: the PostgreSQL figures are skipped"; fi

serve: setup
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn salesplan.wsgi --bind $(HOST):$(PORT) --workers 3

worker: setup
	$(BIN)/python manage.py schedule_snapshots
	$(BIN)/python manage.py db_worker --interval 0.25

clean:
	rm -rf $(VENV) $(TOOLS) .loadtest staticfiles .pytest_cache
