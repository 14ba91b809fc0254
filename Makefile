# Groundbreak: `make run` installs, migrates, loads data and serves; `make test` lints and tests.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
VENDOR := assets/vendor
MO := locale/zh_Hans/LC_MESSAGES/django.mo

.PHONY: run test fuzz bench install serve-setup messages lint format clean

run: install serve-setup
	$(PY) manage.py demo_logins --url http://127.0.0.1:$(PORT)/
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

# Schemathesis against the API of a live server on a throwaway database; any 5xx fails.
FUZZ_EXAMPLES ?= 20
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) .ci/fuzz

# The issue-10 figures on generated PostgreSQL databases (docs/scaling.md); refuses SQLite.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/groundbreak
bench: install
	@mkdir -p var
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py bench

install: $(VENV)/.installed $(VENDOR)/.installed $(MO)

serve-setup:
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_reference
	$(PY) manage.py seed_demo

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt ".[dev]"
	touch $@

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map \
	   $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts \
	   $(VENDOR)/bootstrap-icons/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	touch $@

# Compiled translations are built here, not committed.
$(MO): locale/zh_Hans/LC_MESSAGES/django.po $(VENV)/.installed
	$(VENV)/bin/pybabel --quiet compile -d locale -D django

# Refresh the .po files after changing user-facing strings (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
