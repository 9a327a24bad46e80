# skillsneeds — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install report test lab lint sample bench translations lock clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

LOCK := requirements.lock
# The tool that writes the lock: installed into a throwaway venv by `make lock`, never into .venv.
UV_VERSION := 0.13.9
# The oldest Python the lock is resolved for (every pinned package supports it and newer ones).
LOCK_PYTHON := 3.11.5
# Extra options for `make lock`, e.g. LOCK_FLAGS=--upgrade or LOCK_FLAGS='--upgrade-package pandas'.
LOCK_FLAGS ?=

$(STAMP): $(LOCK) pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP) ## create .venv (if missing) and install the locked versions and the project

report: $(STAMP) ## count the sample's fieldwork, run the whole pipeline on it and write reports/
	$(BIN)/skillsneeds fieldwork
	$(BIN)/skillsneeds run
	@echo "Open reports/index.html in a browser."

# axe-core (the accessibility checker of the browser tests), pinned in package-lock.json.
AXE := node_modules/axe-core/axe.min.js

$(AXE): package-lock.json package.json
	@command -v npm >/dev/null 2>&1 || { echo "make test needs node and npm (apt-get install npm) to install axe-core from package-lock.json"; exit 1; }
	npm ci --no-audit --no-fund --silent
	@touch $(AXE)

# Test processes (pytest-xdist); each test file runs whole in one of them, so a file's fixtures are
# built once: two on two cores (three measured slower: 1121 s against 995 s). TEST_WORKERS=0 runs
# the suite in this process.
TEST_WORKERS ?= 2
test: $(STAMP) $(AXE) ## run the whole test suite (notebooks, headless Chromium and axe-core included)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Kernels on local (IPC) sockets, not TCP: a kernel on TCP without CurveZMQ keys warns at every start
# that its traffic is not encrypted (docs/notebooks.md).
lab: $(STAMP) ## open JupyterLab on notebooks/
	$(BIN)/jupyter lab --KernelManager.transport=ipc notebooks/

lint: $(STAMP) ## check the code with ruff
	$(BIN)/ruff check src tests benchmarks

sample: $(STAMP) ## regenerate the synthetic sample in data/raw/sample/ (byte for byte)
	$(BIN)/python -m analysis.synthetic --out data/raw/sample

bench: $(STAMP) ## print the pipeline's speed and memory figures
	$(BIN)/python benchmarks/bench_pipeline.py

LOCALE := src/analysis/report/locale
POT    := $(LOCALE)/report.pot
POT_HEADER := \# The report's words in English, extracted by make translations.

translations: $(STAMP) ## extract the report's words to the .pot and merge them into every language's .po
	$(BIN)/pybabel -q extract -F babel.cfg -c TRANSLATORS: --add-location=file \
		--project=skillsneeds --version=report --header-comment="$(POT_HEADER)" -o $(POT).new src
	@# a new .pot only when a message changed (not just its creation date): reruns change nothing
	@if [ -f $(POT) ] && diff -q -I '^"POT-Creation-Date: ' $(POT) $(POT).new >/dev/null; \
		then rm $(POT).new; else mv $(POT).new $(POT); fi
	$(BIN)/pybabel -q update -i $(POT) -d $(LOCALE) -D report --ignore-obsolete \
		--ignore-pot-creation-date
	@echo "Translate the new or changed messages (empty or fuzzy) in $(LOCALE)/*/LC_MESSAGES/report.po"

lock: ## refresh requirements.lock from pyproject.toml (LOCK_FLAGS=--upgrade for the newest versions)
	@tools=$$(mktemp -d) && trap 'rm -rf "$$tools"' EXIT && \
	$(PYTHON) -m venv "$$tools" && \
	"$$tools/bin/python" -m pip install --quiet uv==$(UV_VERSION) && \
	"$$tools/bin/uv" pip compile pyproject.toml --extra test --universal \
		--python-version $(LOCK_PYTHON) --generate-hashes --custom-compile-command 'make lock' \
		--quiet --output-file $(LOCK) $(LOCK_FLAGS)
	@echo "Wrote $(LOCK). Run make test, then commit it with pyproject.toml."

clean: ## delete generated outputs (data/processed/, reports/), keep the folders
	find data/processed reports -mindepth 1 ! -name .gitkeep -delete
