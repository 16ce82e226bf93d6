# Two commands matter: `make run` and `make test`. `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LANGUAGES := fr ar en tr pt es ro uk
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt install db demo demo-logins translations translations-extract \
        translations-update translations-compile clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install the project

translations-compile: $(STAMP) ## Compile the catalogues (.po -> .mo)
	$(BIN)/pybabel compile -d translations

db: $(STAMP) ## Apply migrations to the database (DATABASE_URL, default SQLite in instance/)
	$(BIN)/flask db upgrade

demo: db ## Load the demo territory and its demo accounts (idempotent)
	$(BIN)/flask consult load-demo

demo-logins: $(STAMP) ## Set new passwords on the two demo accounts (only those) and print them
	$(BIN)/flask consult demo-logins --reset

run: translations-compile demo ## Set everything up and serve on http://127.0.0.1:5000
	@echo
	@echo "  Open http://$(HOST):$(PORT)/  (staff login: http://$(HOST):$(PORT)/login, accounts above)"
	@echo
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: translations-compile ## Run the whole test suite (TEST_DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: bench-load bench-load-short
bench-load: translations-compile ## Load and faults through gunicorn + its own PostgreSQL (several minutes)
	$(BIN)/python bench/load_faults.py

bench-load-short: translations-compile ## The same, 200 respondents per phase (about a minute; run by CI)
	$(BIN)/python bench/load_faults.py --short

lint: $(STAMP) ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translations-extract: $(STAMP) ## Extract UI strings into translations/messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
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
