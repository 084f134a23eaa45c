# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The Nu HTML checker (vnu.jar) for the test suite, from the npm registry. Its
# install script would download a Java runtime: the machine's Java runs it.
NODE_STAMP := node_modules/.installed


.PHONY: run test lint format bench bench-export load multinode messages vendor screenshots clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The embedded default: SQLite, tasks in-process, e-mail to the console.
run: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py seed --demo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --ignore-scripts && touch $(NODE_STAMP); \
	else echo "npm not found: the HTML validity test will be skipped"; fi

# Two processes (pytest-xdist), one per core; each has its own test database
# and Redis databases (tests/xdist_services.py). TEST_PROCESSES=0: one process.
TEST_PROCESSES ?= 2
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -p tests.xdist_services --numprocesses $(TEST_PROCESSES) \
		--dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

# 1 000 000 rows exported as CSV, JSON and XLSX (bench/export.py), with the
# peak resident memory of the process; on PostgreSQL (EXPORT_ARGS="--database-url ...").
bench-export: $(STAMP)
	$(BIN)/python -m bench.export $(EXPORT_ARGS)

# The load benchmark (bench/load.py): gunicorn + wrk on PostgreSQL and Redis,
# every public page against a trivial view; writes docs/PERFORMANCE.md.
load: $(STAMP)
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(BIN)/python -m bench.load --write $(LOAD_ARGS)

# The multi-node run (bench/multinode.py): two gunicorn nodes, two Celery
# workers and beat on a private PostgreSQL and Redis, 60 s of mixed traffic
# while workers are killed, the SMTP sink refuses, Redis stops, beat stops and
# PostgreSQL restarts; writes its figures into docs/PERFORMANCE.md. `make test`
# runs the short form (tests/test_multinode.py).
multinode: $(STAMP)
	$(BIN)/python -m bench.multinode --write $(MULTINODE_ARGS)

# Refresh the catalogues after changing user-facing strings, then translate the
# new es_CL entries. No line references: they churn on every edit and make
# parallel branches conflict on lines that carry no meaning.
messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py makemessages -l es_CL -l en --no-location --no-obsolete \
		--ignore='.venv/*' --ignore='node_modules/*' --ignore='staticfiles/*' --ignore='bench/*'
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore='.venv/*' --ignore='node_modules/*'
	@todo=$$( (msgattrib --untranslated --no-obsolete locale/es_CL/LC_MESSAGES/django.po; \
		msgattrib --only-fuzzy --no-obsolete locale/es_CL/LC_MESSAGES/django.po) | grep -c '^msgid ' || true); \
		if [ "$$todo" -gt 0 ]; then \
			msgattrib --untranslated --no-obsolete locale/es_CL/LC_MESSAGES/django.po; \
			msgattrib --only-fuzzy --no-obsolete locale/es_CL/LC_MESSAGES/django.po; \
			echo "es_CL entries to translate or review: $$todo (above, with the headers)"; fi

# Pictures of the key pages at 360 and 1280 px wide, into docs/screens/ (a
# throwaway SQLite portal with the demonstration process; Debian's Chromium).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

# The typeface and icons the portal serves, copied from npm into static/vendor/
# (committed, with their licences). Change a version here, then run it again.
FONTSOURCE_ROBOTO := 5.3.0
BOOTSTRAP_ICONS := 1.13.2
vendor:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
		npm install --prefix "$$tmp" --no-save --no-audit --no-fund --silent \
			@fontsource/roboto@$(FONTSOURCE_ROBOTO) bootstrap-icons@$(BOOTSTRAP_ICONS) && \
		python3 scripts/vendor.py "$$tmp/node_modules"

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
