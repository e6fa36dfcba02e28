# Everyday commands. Each installs what it needs into .venv from the pinned requirements first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: check build serve dossier test lint bench bench-hostile chromium clean

$(VENV)/.site: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.site requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## check: control the document base (python -m macros check); exit 1 when an error is found
check: $(VENV)/.site
	$(BIN)/python -m macros check $(ARGS)

## build: build the site into site/ (STRICT=1: fail when the base holds an error-level finding;
## EDITION=publique: the part meant for the internet site, into site-public/; only the pages whose inputs changed
## are written again, see .cache/qualite/; COMPLET=1: empty site/ and write every page)
build: $(VENV)/.site
	$(BIN)/python -m macros build --edition $(or $(EDITION),agents) $(if $(STRICT),--strict) $(if $(COMPLET),--complet)

## serve: preview on http://127.0.0.1:8000; an edited document's page is rebuilt alone (COMPLET=1: whole site)
serve: $(VENV)/.site
	$(BIN)/mkdocs serve $(if $(COMPLET),,--dirty)

## dossier: the auditor's file of each referential in scope as PDF (site/dossier/<code>.pdf), headless Chromium
dossier: $(VENV)/.dev chromium
	@if [ -z "$$(find site/index.html -newermt "$$(date +%F)" 2>/dev/null)" ] || \
	  [ -n "$$(find procedures referentiels docs macros mkdocs.yml qualite.yml -newer site/index.html -print -quit)" ]; \
	then $(BIN)/mkdocs build; else echo "site/ à jour : pas de reconstruction"; fi
	$(BIN)/python -m macros.pdf_export site/

## test: the whole test suite, browser tests included (Debian's chromium)
test: $(VENV)/.dev chromium
	$(BIN)/ruff check macros tests bench
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check macros tests bench
	$(BIN)/ruff format --check macros tests bench

## bench: the performance goals measured (build, check, serve, second build, browser), printed as a table
bench: $(VENV)/.dev
	$(BIN)/python -m bench $(BENCH_ARGS)

## bench-hostile: time and memory of the check and the build on each resource bomb (fails over 60 s or 1 GB)
bench-hostile: $(VENV)/.dev
	$(BIN)/python -m bench.hostile

## chromium: install Debian's chromium when missing (needs root, as on CI)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "chromium manque : sudo apt-get install chromium" >&2; exit 1; fi; }

clean:
	rm -rf site .pytest_cache
