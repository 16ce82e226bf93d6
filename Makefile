# Two commands matter: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LANGUAGES := fr ar en tr pt es ro uk zh fa_AF
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt install lock system-run system-test db demo demo-logins translations translations-extract \
        translations-update translations-compile clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

# Exactly the versions (and files, by hash) in the lock; then the project itself, in place.
$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install the locked dependencies

# The locks hold every platform's and Python's choice (--universal), with hashes. Existing
# pins are kept; `make lock LOCK_ARGS=--upgrade` (or --upgrade-package NAME) moves them.
LOCK := $(BIN)/uv pip compile --universal --python-version 3.11 --generate-hashes \
	--quiet $(LOCK_ARGS)
lock: $(STAMP) ## Resolve requirements.lock and requirements-dev.lock again from pyproject.toml
	echo "setuptools>=68" | $(LOCK) pyproject.toml - -o requirements.lock
	echo "setuptools>=68" | $(LOCK) pyproject.toml - --extra dev -o requirements-dev.lock

system-run: ## Check (as root: install) what make run needs from the system
	@PYTHON=$(PYTHON) scripts/setup-system.sh run

system-test: ## Check (as root: install) what make test needs: also Chromium, Redis, PostgreSQL
	@PYTHON=$(PYTHON) scripts/setup-system.sh test

translations-compile: $(STAMP) ## Compile the catalogues (.po -> .mo)
	$(BIN)/pybabel compile -d translations

db: $(STAMP) ## Apply migrations to the database (DATABASE_URL, default SQLite in instance/)
	$(BIN)/flask db upgrade

demo: db ## Load the demo territory and its demo accounts (idempotent)
	$(BIN)/flask consult load-demo

demo-logins: $(STAMP) ## Set new passwords on the two demo accounts (only those) and print them
	$(BIN)/flask consult demo-logins --reset

run: system-run translations-compile demo ## Set everything up and serve on http://127.0.0.1:5000
	@echo
	@echo "  Open http://$(HOST):$(PORT)/  (staff login: http://$(HOST):$(PORT)/login, accounts above)"
	@echo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# One worker per core (TEST_WORKERS=0: a single process); each has its own database.
TEST_WORKERS ?= auto
test: system-test translations-compile ## Run the whole suite (TEST_DATABASE_URL: on PostgreSQL)
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

.PHONY: bench-load bench-load-short bench-smoke
bench-load: system-test translations-compile ## Load and faults through gunicorn + its own PostgreSQL (minutes)
	$(BIN)/python bench/load_faults.py

bench-load-short: system-test translations-compile ## The same, 200 respondents per phase (about a minute; CI)
	$(BIN)/python bench/load_faults.py --short

# Every script of bench/ that runs on its own, at tiny sizes: each fails if it errs or measures
# nothing (tests/test_project_setup.py checks none is left out).
BENCH_SMOKE := submit_throughput review_scale page_weight export_speed ballot_stuffing load_faults
bench-smoke: system-test translations-compile ## Every bench in its smoke mode (seconds each; CI)
	set -e; for bench in $(BENCH_SMOKE); do \
		echo "== bench/$$bench.py --smoke"; \
		$(BIN)/python bench/$$bench.py --smoke; \
	done

lint: $(STAMP) ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translations-extract: $(STAMP) ## Extract UI strings into translations/messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 -k lazy_npgettext:1c,2,3 --no-location --sort-output \
		--project consult -o translations/messages.pot .

translations-update: translations-extract ## Merge new strings into every language's catalogue
	for lang in $(LANGUAGES); do \
		if [ -f translations/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations -l $$lang; \
		else \
			$(BIN)/pybabel init -i translations/messages.pot -d translations -l $$lang; \
		fi; \
	done

translations: translations-update translations-compile ## Extract, update and compile the catalogues

clean: ## Remove the virtual environment and compiled catalogues
	rm -rf $(VENV) translations/*/LC_MESSAGES/*.mo
