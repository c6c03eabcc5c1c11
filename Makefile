# Neoliberal Sunshine: every task a newcomer needs, on a fresh clone, with a venv and pip.
# `make help` lists the targets.

PYTHON ?= python3
# Which edition `make book` and `make pdf` build: student (no solutions, no instructor guide;
# into _build/html) or instructor (solutions and the guide; into _build/instructor/_build/html).
EDITION ?= student
# How many test processes `make check` and `make test` run (pytest-xdist): auto = one per core; 0 = none, in one process.
CHECK_JOBS ?= auto
TEST_JOBS ?= auto
VENV   := .venv
BIN    := $(VENV)/bin
PIP_TOOLS := pip-tools==7.6.2
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml 2>/dev/null | sha256sum | cut -c1-12)

.DEFAULT_GOAL := help
.PHONY: help setup sync book pdf check test bench clean lock

help: ## List the targets and what each does
	@grep -hE '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@# The distribution was called "sunshine" before (an unrelated PyPI name): drop that old install.
	@$(BIN)/python -m pip uninstall --quiet --yes sunshine >/dev/null 2>&1 || true
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

setup: $(STAMP) ## Create .venv and install the locked environment and the sunshine package

sync: setup ## Pair each notebooks/*.py and workbook/*.py with its .ipynb (jupytext): the side edited since the last sync wins; both edited: stop and ask
	$(BIN)/python tools/sync_pairs.py --jupytext $(BIN)/jupytext

book: sync ## Build the HTML (EDITION=student, the default, into _build/html; EDITION=instructor adds solutions)
	$(BIN)/python -m sunshine.publish --edition $(EDITION)

pdf: sync ## Build the book, then the whole book as one PDF (XeLaTeX; installs TeX Live with apt if missing)
	@bash .ci/install-tools tex
	$(BIN)/python -m sunshine.publish --pdf --edition $(EDITION)

check: sync ## The daily loop (< 60 s): every test that needs no book build, TeX, browser or seconds of its own, and the doctests of src/, on every core (CHECK_JOBS=auto)
	$(BIN)/python -m pytest -q -m "not build and not pdf and not browser and not slow" -n $(CHECK_JOBS) --dist loadfile

# axe-core, the accessibility audit of the browser tests, from npm at the version of package-lock.json.
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent

test: sync ## Set up (TeX Live, Chromium, Node.js and bubblewrap too, with apt; axe-core with npm ci) and run every test, strict book build and PDF included
	@bash .ci/install-tools tex browser grader
	@$(MAKE) --no-print-directory $(NODE_STAMP)
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile

bench: setup ## Run the benchmarks and print their figures as ratios against peers run alongside
	$(BIN)/python benchmarks/run.py

lock: ## Re-resolve requirements.in into requirements.lock with pip-compile (current pins kept; LOCK_FLAGS=--upgrade to upgrade) and regenerate environment.yml
	rm -rf .lockvenv && $(PYTHON) -m venv .lockvenv
	.lockvenv/bin/python -m pip install --quiet $(PIP_TOOLS)
	.lockvenv/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) \
		--output-file requirements.lock requirements.in
	rm -rf .lockvenv
	$(PYTHON) tools/environment_yml.py

clean: ## Remove build products (_build); .venv, data and runs/ are kept
	rm -rf _build
