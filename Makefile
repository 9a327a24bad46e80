# skillsneeds — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install report test lab lint sample bench translations clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv (if missing) and install the project with its test tools

report: $(STAMP) ## run the whole pipeline on the bundled sample and write reports/
	$(BIN)/skillsneeds run
	@echo "Open reports/index.html in a browser."

test: $(STAMP) ## run the whole test suite (notebooks and headless Chromium included)
	$(BIN)/python -m pytest

lab: $(STAMP) ## open JupyterLab on notebooks/
	$(BIN)/jupyter lab notebooks/

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

clean: ## delete generated outputs (data/processed/, reports/), keep the folders
	find data/processed reports -mindepth 1 ! -name .gitkeep -delete
