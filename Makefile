# The two commands a newcomer needs: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench soak screenshots check translations translations-check clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kiosk run $(ARGS)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,bench]'
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

soak: $(STAMP)
	KIOSK_SOAK=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/kiosk screenshots docs/screenshots

check: $(STAMP)
	$(BIN)/kiosk check

# Translators' workflow (docs/translations.md): extract the msgids from kiosk/ into resources/locale/kiosk.pot, bring
# every LANG/LC_MESSAGES/kiosk.po up to it (new entries empty, changed ones fuzzy), then list what is left to do.
translations: $(STAMP)
	$(BIN)/python tools/translations.py extract
	$(BIN)/python tools/translations.py check

translations-check: $(STAMP)
	$(BIN)/python tools/translations.py check

clean:
	rm -rf $(VENV) .pytest_cache
