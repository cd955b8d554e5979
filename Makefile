# salesplan — `make run` serves the demo, `make test` runs every check. Both set everything up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/salesplan
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-packages python-packages messages lint check-migrations \
        test-sqlite test-postgres test-browser bench serve worker clean

run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup lint check-migrations test-sqlite test-postgres test-browser
	@echo "All checks passed."

setup: system-packages python-packages messages

# Debian packages the app and its tests use: chromium for browser tests, poppler for PDF checks,
# gettext for the translation catalogues, pango for WeasyPrint.
system-packages:
	@bash scripts/install-system-packages.sh

python-packages: $(BIN)/.synced

$(BIN)/.synced: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	@touch $@

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

bench: setup
	$(BIN)/python scripts/bench.py

serve: setup
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn salesplan.wsgi --bind $(HOST):$(PORT) --workers 3

worker: setup
	$(BIN)/python manage.py db_worker

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
