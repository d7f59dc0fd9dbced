# Trellis: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format lock bench clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Trellis needs Python 3.11 or newer.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

## install: create the virtual environment, install the locked dependencies, migrate, load the standards and the demo data
install: $(BIN)/.installed
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py import_ifate
	$(BIN)/python manage.py load_standards
	$(BIN)/python manage.py seed_demo --quiet

## run: set up, then serve on http://$(HOST):$(PORT) and print the demo sign-ins
run: install
	$(BIN)/python manage.py seed_demo --logins
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: ruff, then the whole pytest suite, browser tests included
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## lock: re-pin the dependencies after changing requirements*.in
lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras -o requirements-dev.txt requirements-dev.in

## bench: time the list pages, the caseload page, KSB coverage, the assessor's pages, the dashboards and the list downloads (each on a throw-away database)
bench: install
	$(BIN)/python bench/list_pages.py
	$(BIN)/python bench/caseload.py
	$(BIN)/python bench/coverage.py
	$(BIN)/python bench/epa.py
	$(BIN)/python bench/dashboards.py
	$(BIN)/python bench/exports.py

clean:
	rm -rf $(VENV) var static
