# The portal's everyday commands. `make help` lists them.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast lint format check messages lock browser bench surge clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock pyproject.toml
	@PYTHON_BIN=$$(sh .ci/find-python) || exit 1; \
	  echo "Using $$PYTHON_BIN ($$($$PYTHON_BIN --version))"; \
	  [ -x $(PY) ] || $$PYTHON_BIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the locked dependencies

run: install ## Run the portal with demo data, a Celery worker and beat (SQLite, no Redis)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@mkdir -p var/log
	@# A worker left over from a run that was killed would take the demo's tasks: stop it.
	@[ -f var/celery.pid ] && kill $$(cat var/celery.pid) 2>/dev/null; rm -f var/celery.pid; true
	@$(VENV)/bin/celery -A portal worker --beat --loglevel=INFO --concurrency=2 \
	    --schedule=var/celerybeat-schedule --pidfile=var/celery.pid >var/log/celery.log 2>&1 & \
	  celery_pid=$$!; trap 'kill $$celery_pid 2>/dev/null' EXIT INT TERM; \
	  echo "Celery worker and beat: pid $$celery_pid, log in var/log/celery.log"; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

test: install browser ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(VENV)/bin/pytest

test-fast: install ## The suite without the browser tests
	$(VENV)/bin/pytest -m "not e2e"

lint: install ## Ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install ## Django's checks and missing migrations
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: install ## Refresh the Thai catalogue from the code and compile it (needs gettext)
	$(PY) manage.py makemessages --locale th --no-obsolete \
	    --ignore ".venv/*" --ignore "var/*" --ignore "static/*" --ignore "tests/*" --ignore "bench/*"
	$(PY) manage.py compilemessages --locale th --ignore ".venv/*"

lock: ## Re-resolve requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
	    --generate-hashes -o requirements.lock

bench: install ## Benchmarks at national scale on the local PostgreSQL; writes bench/RESULTS.md
	$(PY) -m bench.run_all --write

surge: install ## The deadline-day load test (gunicorn, PostgreSQL, Redis; about 6 minutes)
	$(PY) -m bench.surge

browser: install ## Make sure a Chromium is there for the browser tests
	@sh .ci/ensure-chromium

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var
