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
