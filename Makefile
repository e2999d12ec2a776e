# The two commands a fresh machine needs: `make serve` and `make test` (lint, format and type checks, then tests).
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install browser nginx graphviz serve check test test-fast screenshot bench
install:
	@# CPU build of torch first, so nothing later can pull a multi-GB CUDA build.
	$(PYTHON) -c "import torch" 2>/dev/null || $(PYTHON) -m pip install --quiet torch==2.13.0
	$(PYTHON) -m pip install --quiet -e '.[dev]'

browser:
	@# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

nginx:
	@# Debian's nginx for the front-server tests (tests/deploy/), run by them as a process in a temporary folder.
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { apt-get update -qq && apt-get install -y -qq nginx; }

graphviz:
	@# Debian's Graphviz `dot`, for the notebook pipeline make bench compares against (torchviz pipes to it).
	@command -v dot >/dev/null || { apt-get update -qq && apt-get install -y -qq graphviz; }

serve: install
	$(PYTHON) -m uvicorn app.main:app --host $(HOST) --port $(PORT)

check: install
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m mypy --strict app

test: check browser nginx
	$(PYTHON) -m pytest

# The inner loop while editing, once `make install` has run: skips the tests marked slow (browser, pools, wheel).
test-fast:
	$(PYTHON) -m pytest -m "not slow"

screenshot: install browser
	$(PYTHON) scripts/screenshot.py

bench: install graphviz
	$(PYTHON) scripts/bench_run.py
