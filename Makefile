# The few commands people type. `make run` and `make test` work on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py

# make run: the embedded default (SQLite, tasks in-process).
RUN_ENV := DEBUG=true DATABASE_URL=$${RUN_DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3} CELERY_BROKER_URL=

# make up: the full stack on PostgreSQL and Redis from the environment, with these defaults.
STACK_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/partnership_portal} CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}

# postgresql-client-15: pg_dump/pg_restore for make backup/restore; the major version must match the server (15).
# rabbitmq-server: the broker tests run on RabbitMQ as well as Redis (make test starts it if it is down).
APT_PACKAGES := chromium libharfbuzz-subset0 gettext poppler-utils postgresql-client-15 rabbitmq-server

.PHONY: help run up test test-only faults lint fmt messages bench load clean services system-deps backup restore

help:
	@echo "make run    - install and start the portal on SQLite with demo data (http://127.0.0.1:8000)"
	@echo "make test   - install what is missing and run the whole suite on PostgreSQL and Redis"
	@echo "make faults - the slow fault tests: workers killed mid-batch (Redis and RabbitMQ), Redis restarted empty, mail server down"
	@echo "make up     - the full stack (gunicorn, Celery worker and beat) on PostgreSQL and Redis"
	@echo "make backup - archive the database (DATABASE_URL) and MEDIA_ROOT into \$$BACKUP_DIR (backups/)"
	@echo "make restore FILE=backups/portal-....tar.gz [FORCE=1] - restore into an empty database and media folder"
	@echo "make bench  - lists vs bare views vs the admin at college and region scale, PDFs: verdicts (bench/results.md)"
	@echo "make load   - 50 users for 60 s on gunicorn (region data): requests/s, p50/p95/p99, errors"
	@echo "make lint | fmt | messages | clean"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Stamps re-install only when the requirement files change.
$(VENV)/.requirements: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.requirements-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.requirements

run: $(VENV)/.requirements
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) seed_demo --scale small
	@echo "Open http://127.0.0.1:8000/ and log in with a demo login above."
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:8000

up: $(VENV)/.requirements services
	$(STACK_ENV) $(PY) scripts/ensure_database.py
	$(STACK_ENV) $(MANAGE) migrate --noinput
	$(STACK_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(STACK_ENV) $(VENV)/bin/honcho start --port $${WEB_PORT:-8000}

system-deps:
	@missing=""; for pkg in $(APT_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		export DEBIAN_FRONTEND=noninteractive; \
		$$SUDO apt-get install -y -q $$missing || { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$missing; }; \
	fi

# PostgreSQL and Redis; RabbitMQ too for the tests (their worker-kill tests run on both brokers)
# or when CELERY_BROKER_URL is an amqp:// URL of this host.
services:
	@bash scripts/ensure_services.sh $(SERVICES_ARGS)

test faults: SERVICES_ARGS := --rabbitmq

# `make test` runs the suite once more at each of these instants (tests/conftest.py --fake-now),
# where date code breaks: leap day, the day after a date once hard-coded in a test, and 10 s before
# midnight in Moscow (today). Browser and real-worker tests are left out of these runs: the fake
# clock cannot reach the browser or a worker process; so are the modules with no dates in them
# (URL-by-role table, settings parsing, message catalogue). About 1-2 minutes per instant.
CLOCK_INSTANTS := 2028-02-29T12:00:00+03:00 2028-09-02T12:00:00+03:00 "$$(TZ=Europe/Moscow date +%F)T23:59:50+03:00"
CLOCK_SKIP := --ignore=tests/test_urls_by_role.py --ignore=tests/test_settings.py --ignore=tests/test_i18n.py

test: system-deps $(VENV)/.requirements-dev services test-only

test-only:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=partnership_portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup
	for instant in $(CLOCK_INSTANTS); do \
		$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup -m "not e2e and not celery_worker" $(CLOCK_SKIP) -q --fake-now="$$instant" || exit 1; \
	done
	bash scripts/smoke_sqlite.sh

# The fault tests with real worker processes (tests/faults/conftest.py; a few minutes), left
# out of `make test` for time; CI runs them after it (.ci/run). They start their own redis-server
# and RabbitMQ nodes; the three-kill test runs on Redis and on RabbitMQ (a virtual host of its own
# on the local one).
faults: system-deps $(VENV)/.requirements-dev services
	PORTAL_FAULT_TESTS=1 $(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup tests/faults

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.requirements
	DEBUG=true $(MANAGE) makemessages -l ru --no-location --ignore=.venv --ignore=staticfiles --ignore=tests
	DEBUG=true $(MANAGE) compilemessages -l ru --ignore=.venv

# make bench: lists side by side with bare views and the admin, college and region, PDFs; a verdict
# per target (bench/results.md). BENCH_ARGS=--quick: college only, for development; --reseed.
bench: $(VENV)/.requirements-dev services
	$(PY) scripts/bench.py $(BENCH_ARGS)

# make load: 50 users (40 staff, 10 employers) for 60 s against gunicorn with 4 workers, region data.
load: $(VENV)/.requirements-dev services
	$(PY) scripts/load.py $(LOAD_ARGS)

# Backups use DATABASE_URL and MEDIA_ROOT as the portal does (unset: db.sqlite3 and media/ of `make run`).
BACKUP_DIR ?= backups

backup: $(VENV)/.requirements
	$(PY) scripts/backup.py backup --dir "$(BACKUP_DIR)"

restore: $(VENV)/.requirements
	@[ -n "$(FILE)" ] || { echo "Usage: make restore FILE=backups/portal-YYYYmmdd-HHMMSS.tar.gz [FORCE=1]"; exit 2; }
	$(PY) scripts/backup.py restore "$(FILE)" $(if $(filter 1 true yes,$(FORCE)),--force)

clean:
	rm -rf staticfiles media db.sqlite3 .pytest_cache
