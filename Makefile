# boardpack: `make` builds the pack, `make test` runs the tests. Both set up on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BYTECODE := $(VENV)/.bytecode
SOURCES := $(shell find src -name '*.py' 2>/dev/null)
TEMPLATES := $(wildcard templates/*.docx)
MASTER := inputs/master.xlsx
OUT := output
DOCUMENTS := $(OUT)/members-update.docx $(OUT)/cabinet-briefing.docx
# a document deleted by hand is built again even when nothing else has changed
MISSING := $(filter-out $(wildcard $(DOCUMENTS)),$(DOCUMENTS))
APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation fonts-dejavu-core faketime
# LibreOffice Calc (for the round-trip test of the master workbook) is a library beside soffice
CALC = $(wildcard $(dir $(realpath $(shell command -v soffice)))libsclo.*)

.DEFAULT_GOAL := pack
.PHONY: pack help test test-fast golden check lint pdf bench clean distclean setup system-deps templates example FORCE

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

pack: $(OUT)/pack.json ## build the pack from inputs/master.xlsx into output/ (the default)

$(OUT)/pack.json: $(BYTECODE) $(MASTER) $(TEMPLATES) $(SOURCES) $(if $(MISSING),FORCE)
	$(BIN)/boardpack build --master $(MASTER) --templates templates --out $(OUT)

FORCE:

setup: $(STAMP) ## create .venv and install boardpack with its test tools

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

$(BIN)/boardpack: $(STAMP)

# The package's bytecode, compiled as pip compiles an installed package's: an editable
# install leaves it to each import, and where PYTHONDONTWRITEBYTECODE is set no import
# keeps it, so every command would compile the whole package again first.
$(BYTECODE): $(STAMP) $(SOURCES)
	$(BIN)/python -m compileall -q src/boardpack
	touch $(BYTECODE)

system-deps: ## install LibreOffice Writer and Calc and poppler (PDFs, tests) and faketime (tests)
	@if command -v soffice >/dev/null && [ -n "$(CALC)" ] && command -v pdfinfo >/dev/null && command -v faketime >/dev/null; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing $(APT_PACKAGES) (first time only)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then \
		echo "Installing $(APT_PACKAGES) with sudo (first time only)"; \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	else \
		echo "LibreOffice (soffice, with Writer and Calc), poppler (pdfinfo) and faketime are needed for PDFs and some tests;"; \
		echo "install them with your system's package manager."; \
	fi

test: $(BYTECODE) system-deps ## run the whole test suite
	$(BIN)/python -m pytest

test-fast: $(BYTECODE) ## the unit layers' tests, without slow, LibreOffice or whole-pipeline ones
	$(BIN)/python -m pytest -q -m "not slow and not libreoffice" \
		--ignore=tests/pipeline --ignore=tests/robustness

golden: $(STAMP) ## regenerate tests/render/golden/ from the example (review the diff)
	BOARDPACK_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q \
		tests/render/test_example.py -k test_example_matches_its_golden_text_dump
	@git diff --stat -- tests/render/golden 2>/dev/null || true

check: $(BYTECODE) ## check the master workbook and templates, listing every problem
	$(BIN)/boardpack check --master $(MASTER)

lint: $(STAMP) ## ruff (lint and format) and mypy
	$(BIN)/ruff check src tests tools bench
	$(BIN)/ruff format --check src tests tools bench
	$(BIN)/mypy

pdf: $(BYTECODE) system-deps ## build the pack with tagged PDFs of both documents
	$(BIN)/boardpack build --master $(MASTER) --templates templates --out $(OUT) --pdf

.PHONY: data
data: $(BYTECODE) ## write the data as CSV files and an Excel workbook into output/data/
	$(BIN)/boardpack export --master $(MASTER) --out $(OUT)/data

bench: $(BYTECODE) ## time the build against the bare libraries, small and large plans
	$(BIN)/python bench/run.py

templates: $(STAMP) ## regenerate templates/*.docx from tools/make_templates.py (overwrites edits)
	$(BIN)/python tools/make_templates.py

example: $(STAMP) ## write inputs/master.xlsx from examples/haringey-2019/*.csv (overwrites edits)
	$(BIN)/python tools/build_example.py

clean: ## remove the built pack and the chart cache
	if [ -d $(OUT) ]; then find $(OUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +; fi
	rm -rf .boardpack-cache

distclean: clean ## also remove .venv and tool caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis src/*.egg-info
	find src -name __pycache__ -type d -prune -exec rm -rf {} +
