# The one entry point for people and CI: run, test, lint, format, migrate.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint format migrate install clean

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		(echo "Branchdesk needs Python 3.11 or newer: set PYTHON=python3.11" && exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(INSTALLED)

install: $(INSTALLED)

## Serve everything at http://127.0.0.1:8000 (embedded PostgreSQL and the demo
## branch unless DATABASE_URL is set). RUN_ARGS="--port 8001" picks another port.
run: $(INSTALLED)
	$(BIN)/python -m launcher run $(RUN_ARGS)

## The whole test suite, on TEST_DATABASE_URL or an embedded PostgreSQL.
test: $(INSTALLED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Apply the migrations to DATABASE_URL.
migrate: $(INSTALLED)
	$(BIN)/alembic upgrade heads

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
