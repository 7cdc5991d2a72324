# The two set-up commands (see README):
#   make run    install everything and run the app on the built-in directory
#   make test   install everything (with test tools and Chromium) and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test install install-dev assets browser lint bench serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python assets
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python assets browser
	$(BIN)/pip install --quiet -e '.[dev]'

assets:
	@if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; \
	  elif [ -f package.json ]; then npm install --no-audit --no-fund --silent; fi
	@if [ -f scripts/build_assets.py ]; then $(PYTHON) scripts/build_assets.py; fi

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: install
	SIGNPOST_SECRET_KEY=$${SIGNPOST_SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')} \
	  $(BIN)/flask --app app run --port $(PORT)

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
