# Two commands on a fresh machine: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: install demo test lint typecheck cli-docs browser clean models models-check

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install --quiet -e ".[dev]"
	# Byte-compile our sources once, as a regular pip install does (an editable install does not, and
	# with PYTHONDONTWRITEBYTECODE set every command would compile ~40 modules again: 0.1-0.2 s).
	$(PY) -m compileall -q src > /dev/null
	bash scripts/update_plotly_bundle.sh || echo "plotly.js basic bundle not fetched: reports embed the full plotly.js (larger)"
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/detente demo -o demo-output
	@echo "Browse it: $(VENV)/bin/detente serve --db demo-output/detente.duckdb   (then open http://127.0.0.1:8000/)"

# Headless Chromium for the report tests: installed when we are root and apt works;
# otherwise those tests skip with a reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: browser tests will skip"; }

test: install browser
	$(VENV)/bin/pytest -q

# Retrain the coder's learned parts from development data (../shared/eval/events), seed 0.
models: install
	$(PY) scripts/train_coder.py

# rebuild the three learned artefacts into a temporary folder and compare them with the shipped ones
# field by field (exit 1 on drift; ~150 CPU s, 0.9 GB — not part of make test)
models-check: install
	$(PY) scripts/train_coder.py --check

lint: install
	$(VENV)/bin/ruff check src tests

# mypy over the typed packages (the list lives in tests/test_types.py, which runs the same check)
typecheck: install
	$(VENV)/bin/pytest -q tests/test_types.py

# regenerate docs/cli.md from the commands' --help (tests/test_cli_docs.py fails when it is stale)
cli-docs: install
	$(PY) scripts/cli_reference.py docs/cli.md

clean:
	rm -rf $(VENV) demo-output detente.duckdb
