# bontrack: `make run` serves the demo, `make test` passes every test. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
ARGS ?=

.PHONY: install run test lint bench demo messages clean

install: $(VENV)/.installed node_modules/.installed catalogs

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "bontrack needs Python 3.11 or newer; set PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "bontrack needs Node.js and npm (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: catalogs
catalogs: $(VENV)/.installed
	@$(BIN)/python scripts/compile_catalogs.py

run: install
	$(BIN)/bontrack migrate --noinput
	BONTRACK_DEMO=1 $(BIN)/bontrack demo
	@echo "bontrack is at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	BONTRACK_DEMO=1 BONTRACK_BASE_URL=http://$(HOST):$(PORT) $(BIN)/bontrack runserver --noreload $(HOST):$(PORT)

test: install
	bash scripts/test.sh $(ARGS)

lint: install
	$(BIN)/ruff check bontrack tests benchmarks scripts
	$(BIN)/mypy bontrack

bench: install
	$(BIN)/python benchmarks/run.py

# Re-extract the translatable strings after changing templates or code (needs gettext).
messages: $(VENV)/.installed
	$(BIN)/python scripts/i18n.py

clean:
	rm -rf $(VENV) node_modules test-artifacts
