# Two commands matter: `make run` (the whole local stack with a demo studio) and `make test`.
# Both install whatever is missing first; a second run reuses what is installed.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PYTEST_ARGS ?=

.PHONY: deps system-deps test run token bench clean

deps: system-deps $(VENV)/.installed node_modules/.installed infra/node_modules/.installed

system-deps:
	@bash devstack/install-system-deps.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt infra/requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing the Python packages into $(VENV) (a few minutes the first time; each package is listed) …"
	@set -o pipefail; $(PY) -m pip install --disable-pip-version-check --progress-bar off -r requirements-dev.txt \
	  | awk '/^Collecting /{n++; printf "  [%3d] %s\n", n, $$2; fflush()} \
	         /^Installing collected/{printf "  unpacking %d packages …\n", n; fflush()} \
	         /^Successfully installed/{print "  Python packages installed"; fflush()}'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

infra/node_modules/.installed: infra/package.json infra/package-lock.json
	npm ci --prefix infra --no-audit --no-fund --loglevel=error
	@touch $@

test: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest $(PYTEST_ARGS)

run: deps
	$(PY) -m devstack run

token: deps
	@$(PY) -m chalicelib.cli token $(ARGS)

bench: deps
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) node_modules .devstack .pytest_cache
