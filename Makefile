# The two set-up commands (see README):
#   make run    install everything and run the app on the built-in directory
#   make test   install everything (with test tools and Chromium) and run the whole suite
# Both install only what changed since the last run (stamp files in .venv and node_modules).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test install install-dev assets browser lint bench serve

# Stamps: each step runs again only when what it installs from has changed, so a second
# `make run` starts at once. Delete .venv or node_modules to force a fresh install.
INSTALLED := $(VENV)/.installed
INSTALLED_DEV := $(VENV)/.installed-dev
NODE_STAMP := node_modules/.stamp
VENDOR_CSS := app/static/vendor/nhsuk-frontend.min.css

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(INSTALLED_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(INSTALLED)

$(NODE_STAMP): package.json $(wildcard package-lock.json)
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; \
	  else npm install --no-audit --no-fund --silent; fi
	touch $@

# The vendor CSS copy is its own stamp: rebuilt when the package or the copy script changes.
$(VENDOR_CSS): $(NODE_STAMP) scripts/build_assets.py
	$(PYTHON) scripts/build_assets.py

install: $(INSTALLED) assets

install-dev: $(INSTALLED_DEV) assets browser

assets: $(VENDOR_CSS)

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: install
	SIGNPOST_SECRET_KEY=$${SIGNPOST_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')} \
	  $(BIN)/python -m app.devserver --port $(PORT)

# Production server: gunicorn with gunicorn.conf.py (2 workers x 4 threads; SIGNPOST_BIND or
# PORT, default 127.0.0.1:8000). Set SIGNPOST_SECRET_KEY for real use; without it a random key
# is made for this start, and open chats cannot carry on after a restart.
serve: install
	@[ -n "$$SIGNPOST_SECRET_KEY" ] || echo "SIGNPOST_SECRET_KEY is not set: using a random key for this start." >&2
	@# One process prepares the data folder and mends a missing, damaged or stale index (once)
	@# before the workers start; the workers then only check it.
	export SIGNPOST_SECRET_KEY=$${SIGNPOST_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')}; \
	  $(BIN)/flask --app app check-index --repair; \
	  exec $(BIN)/gunicorn -c gunicorn.conf.py

lint:
	$(BIN)/ruff check app tests scripts

test: install-dev lint
	$(BIN)/pytest

bench: install
	$(BIN)/python scripts/bench.py
