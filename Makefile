# Quick start (a fresh machine with Python 3.11):
#   make serve   set up, regenerate docs/ from seeds/, serve with live reload
#   make test    set up (Python packages, Debian chromium, axe-core) and run every test
# Also: make build (offline site in site/), make pages SITE_URL=https://user.github.io/repo/

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve build pages test browser axe clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/digest serve

build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/digest build

pages: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/digest build --profile pages --site-url "$(SITE_URL)" --strict

# The browser tests drive Debian's chromium (no browser is downloaded).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

# The accessibility tests inject axe-core, installed from package-lock.json.
axe:
	@[ -d node_modules/axe-core ] || npm ci --no-audit --no-fund

test: $(STAMP) browser axe
	NO_MKDOCS_2_WARNING=1 DIGEST_REQUIRE_BROWSER=1 $(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) docs/.generated.json docs/*/articles docs/*/archive docs/*/index.md docs/*/report.md
