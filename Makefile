# Two commands a new machine needs: `make demo` and `make test`. Everything else is set-up they share.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup assets demo test lint browser serve clean

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

test: lint browser
	$(BIN)/pytest -n 2 --dist loadgroup

clean:
	rm -rf $(VENV) node_modules assets/vendor staticfiles
