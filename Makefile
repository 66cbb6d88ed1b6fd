# One entry point for developers and CI. `make demo` and `make test` set up
# everything they need themselves (virtual environment, packages).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo screenshots test test-fast lint clean pg-stop atproto-stop browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip "setuptools>=77" wheel
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The whole flow on the example organisation, against the local platform simulator.
demo: $(STAMP)
	$(BIN)/social-audit demo --dir demo-output

# Screenshots of a weekly e-mail, the self-audit and the trends report in headless
# Chromium (installed from Debian's packages when missing).
screenshots: demo browser
	$(BIN)/python scripts/screenshots.py demo-output

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The store's tests need a real PostgreSQL: scripts/ensure-postgres.sh installs,
# starts (or reuses) a private one in .pg/ and prints its URL. The Bluesky tests need
# the reference atproto network: scripts/ensure-atproto.sh installs it from npm (Node
# from PyPI) into .atproto/, starts (or reuses) it, its AppView on that PostgreSQL, and
# prints its URLs, once for the whole run. With SOCIAL_AUDIT_REQUIRE_PG=1 and
# SOCIAL_AUDIT_REQUIRE_ATPROTO=1 a missing server fails the run instead of skipping.
# The web app's browser tests need Debian's Chromium (installed here when missing; no
# browser is downloaded) and axe-core from npm (scripts/ensure-axe.sh, into .axe/).
# Tests run in parallel, one worker per core (pytest-xdist); the browser tests stay in
# one worker (--dist loadgroup), so one Chromium serves them all.
PYTEST_WORKERS ?= auto
PYTEST_ARGS = -n $(PYTEST_WORKERS) --dist loadgroup
SERVERS = url=$$(scripts/ensure-postgres.sh) && \
	atproto=$$(PYTHON=$(PYTHON) scripts/ensure-atproto.sh "$$url") && \
	axe=$$(PYTHON=$(PYTHON) scripts/ensure-axe.sh) && \
	SOCIAL_AUDIT_TEST_PG_URL="$$url" SOCIAL_AUDIT_REQUIRE_PG=1 \
	SOCIAL_AUDIT_TEST_ATPROTO="$$atproto" SOCIAL_AUDIT_REQUIRE_ATPROTO=1 \
	SOCIAL_AUDIT_AXE="$$axe" SOCIAL_AUDIT_REQUIRE_BROWSER=1
browser:
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)

test: lint browser
	$(SERVERS) $(BIN)/pytest $(PYTEST_ARGS)

# The dev loop: everything but the slow kill, isolation and fault suites, no lint.
test-fast: $(STAMP) browser
	$(SERVERS) $(BIN)/pytest $(PYTEST_ARGS) -m "not slow"

pg-stop: atproto-stop
	scripts/ensure-postgres.sh --stop

atproto-stop:
	PYTHON=$(PYTHON) scripts/ensure-atproto.sh --stop

clean: pg-stop
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .pg .atproto .axe demo-output
