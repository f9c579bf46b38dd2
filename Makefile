# Two commands a fresh machine needs: `make run` and `make test`. Both set up .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint imports typecheck bench reference package clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/workshop-app

lint: $(STAMP)
	$(BIN)/ruff check workshop_app tests benchmarks packaging

# The layers and the rule that only the GUI imports Qt ([tool.importlinter] in pyproject.toml).
imports: $(STAMP)
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(STAMP)
	$(BIN)/mypy workshop_app

test: $(STAMP) lint imports typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# The exports of a fixed workshop, kept under tests/reference/: rewrite them after an intended change.
reference: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.reference_exports

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

package: $(STAMP)
	$(BIN)/python -m pip install --quiet "pyinstaller>=6.6"
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist
