# Routine tasks. `make run` and `make test` are the README's quick start and
# must work on a fresh machine with only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
# Development mode for every routine here; production (the default of settings.py) sets its own environment.
export DJANGO_DEBUG ?= 1

.PHONY: setup run test test-services test-faults lint format check worker beat migrate demo province messages schema bench bench-pages bench-calls bench-load clean

$(VENV)/.installed: requirements.txt requirements-dev.txt scripts/setup_system.sh
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is needed (Python 3.11)."; exit 1; }
	bash scripts/setup_system.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

# The demo grown to a real province's size (30 departments, 50,000 findings, ...) for benchmarks;
# on a fresh database (it refuses one that has it already). ARGS="--small" etc. to change sizes.
province: migrate
	$(PY) manage.py make_province $(ARGS)

run: demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	bash scripts/setup_system.sh --test
	$(PY) -m pytest $(PYTEST_ARGS)

# The suite again on PostgreSQL and Redis with real Celery workers (as CI runs it).
test-services: setup
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cchc} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/15} \
	CCHC_REQUIRE_SERVICES=1 $(PY) -m pytest $(PYTEST_ARGS)

# Faults: each test starts its own PostgreSQL and Redis on spare ports and kills only those.
test-faults: setup
	$(PY) -m pytest faults -q -p no:django -o addopts="-ra" -o testpaths=faults $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache
	$(PY) scripts/check_late_imports.py

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: lint test

worker: setup
	$(VENV)/bin/celery -A cchc_portal worker --loglevel=INFO

beat: setup
	$(VENV)/bin/celery -A cchc_portal beat --loglevel=INFO --schedule=$(VENV)/celerybeat-schedule

messages: setup
	$(PY) manage.py makemessages --locale=vi --ignore=.venv --ignore=staticfiles --no-obsolete
	$(PY) manage.py compilemessages --locale=vi --ignore=.venv

schema: setup
	$(PY) manage.py spectacular --file openapi.yaml --validate

bench: setup
	$(PY) bench/render.py
	$(PY) bench/batch.py
	$(PY) bench/province_report.py

# Every main page against a local production-like gunicorn, demo and synthetic province (PostgreSQL at 127.0.0.1).
bench-pages: setup
	$(PY) bench/pages.py

# The same pages counted, not timed (Python calls and queries a request): the same on every run.
bench-calls: setup
	$(PY) bench/calls.py $(ARGS)

# 50 users on gunicorn + PostgreSQL + Redis + a worker, demo and province; ARGS="--users 20 --seconds 30".
bench-load: setup
	$(PY) -m pip install --quiet -r bench/requirements.txt
	$(PY) bench/load.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
