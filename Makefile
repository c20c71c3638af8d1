# The one entry point. Every target installs what it needs first (idempotently).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     := .venv
PY       := $(VENV)/bin/python
BIN      := $(CURDIR)/node_modules/.bin
CONFIG   ?= config/sandbox.yaml
# Node 22 from npm (package.json): the machine's Node 20 is past its end of life for jsii.
export PATH := $(BIN):$(CURDIR)/$(VENV)/bin:$(PATH)
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION := 1

.PHONY: help install demo emulator test pytest pytest-e2e pytest-rest chromium graph lint synth deploy bench schema clean

help: ## List the targets.
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# PYTHONWARNINGS: setuptools warns on every editable install of a flat layout ("Please be
# careful with folders ... with the same name as your package"); nothing here shadows ours.
# uv (from PyPI) installs the environment in well under a minute where pip takes several; pip
# stays the fallback when uv cannot be had. Both print what they install.
$(VENV)/.installed: pyproject.toml
	@echo "==> Python environment in $(VENV) (first run: about 1 minute, then nothing)"
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check uv || true
	@if test -x $(VENV)/bin/uv; then \
		VIRTUAL_ENV=$(CURDIR)/$(VENV) $(VENV)/bin/uv pip install -e '.[dev]'; \
	else \
		PYTHONWARNINGS='ignore:Editable installation' \
			$(PY) -m pip install --disable-pip-version-check --progress-bar on -e '.[dev]'; \
	fi
	@touch $@

node_modules/.installed: package.json
	@echo "==> CDK CLI and Node.js from npm into node_modules (npm prints nothing until it is done)"
	@npm install --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## Install Python and npm dependencies.

demo: install ## Synthesize the default app, deploy it into the local emulator, walk the STS flow.
	@$(PY) scripts/demo.py --config $(CONFIG)

emulator: install ## Start a local STS in the background with the default app deployed.
	@cdk synth --quiet -c config=$(CONFIG)
	@sts-constructs emulator up
	@sts-constructs emulator deploy cdk.out
	@echo '==> eval "$$(.venv/bin/sts-constructs emulator env)" points your shell at it;' \
		'`.venv/bin/sts-constructs emulator down` stops it'

synth: install ## Synthesize the app into cdk.out/ with the CDK CLI.
	@cdk synth --quiet -c config=$(CONFIG)

deploy: install ## Deploy the app into your real AWS account (your current AWS profile).
	@cdk deploy --all -c config=$(CONFIG)

# Lint (mypy is single-threaded and takes about 2 CPU-minutes cold) and the end-to-end tests
# (tests/e2e: mostly waiting on the emulator and the CDK CLI) run beside the other tests, so a
# 2-core machine uses both cores; any failing fails `make test`. Each prints when it is done.
# `make pytest` runs the whole suite in one process.
test: install chromium ## Lint, type-check and run the whole test suite.
	@$(MAKE) --no-print-directory -j3 --output-sync=target lint pytest-e2e pytest-rest

pytest: install chromium ## Run the whole test suite in one pytest process (no lint).
	@$(PY) -m pytest

pytest-e2e: install chromium
	@$(PY) -m pytest tests/e2e

pytest-rest: install chromium
	@$(PY) -m pytest --ignore=tests/e2e

# The trust graph's HTML page is tested in headless Chromium (Debian's package). Installed
# when missing and we are root; otherwise that one test skips and says why.
chromium: ## Install Debian's chromium for the trust-graph page test (root, apt-get).
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
	  || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
	       && { echo "==> chromium from Debian (apt-get)"; \
	            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }; } \
	  || echo "==> no chromium (not root, or no apt-get): the trust-graph page test will skip"

graph: install ## Draw the default app's trust graph: docs/img/trust-graph.{mmd,png}.
	@$(PY) scripts/trust_graph.py --config $(CONFIG)

lint: install ## ruff and mypy --strict.
	@ruff check .
	@ruff format --check .
	@mypy sts_constructs stacks app.py

schema: install ## Regenerate config/schema.json from the config model.
	@$(PY) -m stacks.config > config/schema.json

# floor.py: the calls into Node.js under one role, alone. matrix.py: ours, AssumableRoleSet,
# raw L2 and L1 at 10-1,000 roles, warm and cold, validation off and on, peak memory, into
# benchmarks/RESULTS.md (about 10 minutes on 2 cores); scale.py appends `cdk synth` of
# benchmarks/scale.yaml and `check` against cfn-lint on its cdk.out.
bench: install ## Run the benchmarks (medians and ratios; never asserted).
	@$(PY) benchmarks/run.py
	@$(PY) benchmarks/floor.py
	@$(PY) benchmarks/matrix.py
	@$(PY) benchmarks/scale.py
	@$(PY) benchmarks/check_speed.py

clean: ## Remove build output (keeps the installed environments).
	rm -rf cdk.out cdk.out.* .pytest_cache .mypy_cache .ruff_cache
