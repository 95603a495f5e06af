# Delaktig. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
MANAGE := $(PY) manage.py
APT := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VENDOR := delaktig/static/vendor
export DJANGO_SETTINGS_MODULE ?= delaktig.settings.base

.PHONY: bench bench-all bench-http bench-more bench-features soak serve-prod backup restore prepare system-deps chromium run dev test lint format messages worker install install-test assets clean help

help:
	@echo "make run    - install, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test   - install test tools (and chromium) and run the whole suite"
	@echo "make dev    - development server with autoreload (DEBUG on)"
	@echo "make worker - background task worker"
	@echo "make serve-prod - production stack here: PostgreSQL, Redis, 2 app hosts behind nginx"
	@echo "make bench  - HTTP benchmark with wrk on SQLite and PostgreSQL (bench-more, bench-features, bench-all: the rest)"
	@echo "make backup / make restore BACKUP=file.zip"
	@echo "make lint / format / messages"

# --- installation ------------------------------------------------------------

$(PY):
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { [ -n "$(APT)" ] && $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Front-end packages come from the npm registry at install time and are served
# by the app itself (no CDN).
$(VENDOR)/.installed: package.json
	@command -v npm >/dev/null || { [ -n "$(APT)" ] && $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm; }
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/htmx
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	@touch $@

assets: $(VENDOR)/.installed

# Translations are compiled with Babel (pure Python), so gettext is not needed.
COMPILED_MO := $(patsubst %.po,%.mo,$(wildcard delaktig/locale/*/LC_MESSAGES/*.po))
delaktig/locale/%.mo: delaktig/locale/%.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy=false -i $< -o $@ 2>/dev/null || $(BIN)/pybabel compile -i $< -o $@

var/.static-stamp: $(VENDOR)/.installed $(shell find delaktig/static -type f 2>/dev/null) $(VENV)/.installed
	@mkdir -p var
	$(MANAGE) collectstatic --noinput -v 0
	@touch $@

# WeasyPrint (PDF) needs Pango and a font from the system.
system-deps:
	@ldconfig -p | grep -q libpango-1.0.so && ldconfig -p | grep -q libpangoft2-1.0.so && [ -d /usr/share/fonts/truetype/dejavu ] || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

prepare: system-deps $(VENV)/.installed assets $(COMPILED_MO)

# --- running -----------------------------------------------------------------

run: prepare var/.static-stamp
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo --if-empty
	@echo "Serving Delaktig on http://$(HOST):$(PORT) with a background worker (Ctrl+C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	$(MANAGE) db_worker --queue-name '*' --no-reload -v 0 & \
	BASE_URL=$${BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/gunicorn delaktig.wsgi:application \
		--bind $(HOST):$(PORT) --workers $(WORKERS) \
		--access-logfile - --error-logfile - --forwarded-allow-ips 127.0.0.1

dev: prepare
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) load_demo --if-empty
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

worker: prepare
	$(MANAGE) db_worker

# The production stack on this machine: PostgreSQL, Redis, two app hosts behind
# nginx, the task worker (see deploy/serve_prod.py and docs/deploy.md).
serve-prod: prepare
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx-light; }
	$(PY) deploy/serve_prod.py

# Soak: 10 minutes of 32 concurrent visitors on PostgreSQL; fails on any 5xx or lost post.
soak: $(VENV)/.installed
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) bench/soak.py $(SOAK_ARGS)

# Backups: `make backup` writes var/backups/delaktig-<time>.zip; restore with
# `make restore BACKUP=var/backups/….zip` (replaces everything in the database).
backup: prepare
	$(MANAGE) backup

restore: prepare
	@[ -n "$(BACKUP)" ] || { echo "Give the file: make restore BACKUP=path/to/backup.zip"; exit 2; }
	$(MANAGE) restore "$(BACKUP)"

# --- quality -----------------------------------------------------------------

chromium:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.installed
	$(MANAGE) makemessages -l sv -l en --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --no-obsolete

test: install-test prepare chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=delaktig.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=delaktig.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=delaktig.settings.test $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# Benchmarks (not tests; figures in docs/performance.md). `make bench` runs the
# HTTP benchmark of every public page and resident action (wrk against the production
# stack, SQLite and PostgreSQL) and the feature benchmarks at their target sizes on both
# databases. The HTTP data set is built once a day and then restored for each run
# (bench/dataset.py). BENCH_DURATION=2s BENCH_WARMUP=1s gives a short smoke run, marked
# as not comparable in its JSON.
PG_BENCH := postgres://postgres@127.0.0.1:5432
# `make bench` is the HTTP benchmark with the fixed method of docs/performance.md
# (under 10 minutes once its data set is built); the feature benchmarks at their
# target sizes (100,000 answers, contributions …) take longer and run on their own
# (`make bench-features`) or together (`make bench-all`). `make bench-more` is the same
# HTTP benchmark for the other resident actions and secondary pages (bench/more.py).
bench:
	@started=$$(date +%s); $(MAKE) --no-print-directory bench-http && \
		echo "make bench: total wall time $$(( $$(date +%s) - started )) s"

bench-all:
	@started=$$(date +%s); $(MAKE) --no-print-directory bench-http bench-more bench-features && \
		echo "make bench-all: total wall time $$(( $$(date +%s) - started )) s"

bench-http: $(VENV)/.installed var/.static-stamp
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) bench/http_bench.py $(BENCH_ARGS)

bench-more: $(VENV)/.installed var/.static-stamp
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) bench/http_bench.py --set more $(BENCH_ARGS)

bench-features: $(VENV)/.installed
	$(PY) bench/themes_bench.py
	$(PY) bench/overview_bench.py
	$(PY) bench/surveys_bench.py
	$(PY) bench/pgdb.py create delaktig_bench
	$(PY) bench/surveys_bench.py --database-url $(PG_BENCH)/delaktig_bench
	$(PY) bench/pgdb.py drop delaktig_bench
	$(PY) bench/compilation_bench.py
	BENCH_DATABASE_URL=$(PG_BENCH)/delaktig_bench2 $(PY) bench/compilation_bench.py
	$(PY) bench/report_bench.py
	BENCH_DATABASE_URL=$(PG_BENCH)/delaktig_bench2 $(PY) bench/report_bench.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
