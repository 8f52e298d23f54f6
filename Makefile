# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install run test lint format demo lock bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The seed's story on a throwaway SQLite file.
demo: install
	@db=$$(mktemp -d)/demo.sqlite3; \
	DATABASE_URL=sqlite:///$$db $(BIN)/python manage.py migrate --noinput -v0 && \
	DATABASE_URL=sqlite:///$$db $(BIN)/python manage.py demo; \
	status=$$?; rm -rf $$(dirname $$db); exit $$status

# Every benchmarks/bench_*.py, each printing its own side-by-side table.
bench: install
	@set -e; for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script; \
	done

# Production mode on one machine: runtime dependencies only (no test, lint or browser tools) in
# their own venv, then deploy/serve (migrate, collectstatic, gunicorn.conf.py). Needs
# DJANGO_SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (README, "Deploy").
SERVE_VENV   := .venv-serve
RUNTIME_LOCK ?= requirements.lock

.PHONY: serve serve-install cluster cluster-stop cluster-test faults

$(SERVE_VENV)/.installed: pyproject.toml $(RUNTIME_LOCK)
	test -x $(SERVE_VENV)/bin/python || $(PYTHON) -m venv $(SERVE_VENV)
	$(SERVE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SERVE_VENV)/bin/python -m pip install --quiet -c $(RUNTIME_LOCK) -e .
	touch $@

serve-install: $(SERVE_VENV)/.installed

serve: serve-install
	HOST=$(HOST) PORT=$(PORT) PATH="$(CURDIR)/$(SERVE_VENV)/bin:$$PATH" deploy/serve

# CLUSTER_SIZE instances of deploy/serve behind nginx, one PostgreSQL database, one Redis
# (deploy/cluster; CLUSTER_PORT, CLUSTER_BASE_PORT, CLUSTER_DATABASE_URL, CLUSTER_REDIS_URL).
cluster: serve-install
	PATH="$(CURDIR)/$(SERVE_VENV)/bin:$$PATH" deploy/cluster start

cluster-stop:
	deploy/cluster stop

# The cluster suite (tests/cluster) against a cluster it starts and stops itself.
cluster-test: install serve-install
	$(BIN)/python -m pytest -m cluster tests/cluster

# Fault tests (tests/faults): each starts its own PostgreSQL and Redis and breaks them.
faults: install serve-install
	$(BIN)/python -m pytest -m faults tests/faults

.PHONY: browser fuzz

# Debian's chromium driven by Playwright (installs chromium when missing); screenshots in artifacts/.
browser:
	bash .ci/browser

# Schemathesis against a served /api/schema/ (FUZZ_DATABASE_URL, FUZZ_PORT, FUZZ_MAX_TIME).
fuzz:
	bash .ci/fuzz

# Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) db.sqlite3 .test-db.sqlite3* staticfiles .pytest_cache
