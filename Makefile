# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: install install-runtime run test coverage coverage-report lint format demo lock bench clean

# Two hashed locks, both written by `make lock` from pyproject.toml: requirements.lock holds the
# runtime packages only (what `make run` and production install), requirements-dev.lock adds the
# development tools on top, pinned to the same versions. The project itself goes in without deps.
RUNTIME_STAMP := $(VENV)/.installed-runtime

$(RUNTIME_STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(RUNTIME_STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP) $(RUNTIME_STAMP)

install: $(STAMP)

install-runtime: $(RUNTIME_STAMP)

run: install-runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# COVERAGE=1 runs the same suite under coverage.py, adding to the data of earlier runs.
COVERAGE ?=

test: install
	$(if $(COVERAGE),$(BIN)/coverage run -m pytest,$(BIN)/python -m pytest)

# The suite on SQLite, and on PostgreSQL too when COVERAGE_DATABASE_URL names one, then the
# combined figures against the floor (COVERAGE_MIN_LINES, COVERAGE_MIN_BRANCHES).
COVERAGE_DATABASE_URL ?=
coverage: install
	rm -f .coverage .coverage.*
	$(MAKE) test COVERAGE=1 DATABASE_URL=
	$(if $(COVERAGE_DATABASE_URL),$(MAKE) test COVERAGE=1 DATABASE_URL=$(COVERAGE_DATABASE_URL))
	$(MAKE) coverage-report

COVERAGE_MIN_LINES ?= 95
COVERAGE_MIN_BRANCHES ?= 85
coverage-report: install
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report
	$(BIN)/coverage json --quiet -o coverage.json
	$(BIN)/python .ci/coverage_floor.py coverage.json $(COVERAGE_MIN_LINES) $(COVERAGE_MIN_BRANCHES)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn >/dev/null

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

.PHONY: serve serve-install cluster cluster-stop cluster-test faults

$(SERVE_VENV)/.installed: pyproject.toml requirements.lock
	test -x $(SERVE_VENV)/bin/python || $(PYTHON) -m venv $(SERVE_VENV)
	$(SERVE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SERVE_VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	$(SERVE_VENV)/bin/python -m pip install --quiet --no-deps -e .
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

.PHONY: browser fuzz mutations

# Each mutation in .ci/mutations.py applied in turn, its catching test run, the code restored.
mutations: install
	$(BIN)/python .ci/mutations.py

# Debian's chromium driven by Playwright (installs chromium when missing); screenshots in artifacts/.
browser:
	bash .ci/browser

# Schemathesis against a served /api/schema/ (FUZZ_DATABASE_URL, FUZZ_PORT, FUZZ_MAX_TIME).
fuzz:
	bash .ci/fuzz

# Both locks from pyproject.toml, with hashes. Pins already in a lock stay unless
# LOCK_UPGRADE names packages to move (LOCK_UPGRADE="pyyaml django"), or LOCK_UPGRADE=all.
LOCK_UPGRADE ?=
PIP_COMPILE = $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
# --upgrade-package NAME for each named package that LOCK ($1) pins: pip-compile refuses to
# resolve a lock when it is told to upgrade a package that the lock does not hold.
lock_upgrade = $(if $(filter all,$(LOCK_UPGRADE)),--upgrade,$(foreach p,$(LOCK_UPGRADE),\
	$(if $(shell grep -iqs '^$(p)==' $(1) && echo y),--upgrade-package $(p))))

lock:
	test -x $(BIN)/pip-compile || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
		$(BIN)/python -m pip install --quiet pip-tools; }
	$(PIP_COMPILE) $(call lock_upgrade,requirements.lock) \
		--output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) $(call lock_upgrade,requirements-dev.lock) --extra dev \
		--constraint requirements.lock --output-file requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) db.sqlite3 .test-db.sqlite3* staticfiles .pytest_cache .coverage .coverage.* coverage.json
