# Two commands a new machine needs: `make demo` and `make test`. Everything else is set-up they share.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup assets demo test lint browser serve clean load bench

$(BIN)/tuijin: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

# Third-party front-end files are copied out of node_modules (pinned by package-lock.json) into
# assets/vendor/, which is not committed; Django serves them from there.
assets/vendor/.built: node_modules/.package-lock.json
	mkdir -p assets/vendor/echarts assets/vendor/bootstrap
	cp node_modules/echarts/dist/echarts.min.js assets/vendor/echarts/
	cp node_modules/bootstrap/dist/css/bootstrap.min.css assets/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js assets/vendor/bootstrap/
	touch $@

setup: $(BIN)/tuijin assets/vendor/.built

assets: assets/vendor/.built

demo: setup
	$(BIN)/tuijin demo --reset --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# The browser suite drives Debian's chromium; CJK fonts make its screenshots readable.
browser:
	@test -x /usr/bin/chromium || { apt-get update -q && apt-get install -y -q chromium fonts-noto-cjk; }

# The browser suite runs after the rest, in one process: one live server and one demo zone for all of it.
test: lint browser
	$(BIN)/pytest -n 2 -m "not browser"
	$(BIN)/pytest -p no:xdist -m browser

# Load test (bench/load.py, bench/README-load.md): the demo zone rebuilt in LOAD_DATABASE_URL (PostgreSQL; the
# database is created if missing and ERASED), gunicorn with 2 workers on 127.0.0.1:LOAD_PORT, 50 locust users
# for 60 s, gunicorn stopped; the figures go to bench/load-results.json.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tuijin_load
LOAD_PORT ?= 8105
load: setup
	LOAD_DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python bench/load.py --port $(LOAD_PORT) --users 50 --seconds 60

# Benchmarks, not tests (never part of `make test`): see bench/README.md. The database is built once per scale
# and seed (SQLite under var/bench/, or PostgreSQL database tuijin_bench_<scale>) and reused.
SCALE ?= city
DB ?= sqlite
SEED ?= 1
IMPORT_ROWS ?= 10000
bench: setup
	$(BIN)/python -m bench.run --scale $(SCALE) --db $(DB) --seed $(SEED) --import-rows $(IMPORT_ROWS)

clean:
	rm -rf $(VENV) node_modules assets/vendor staticfiles
