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

.PHONY: help venv test units sanity integration demo docs changelog-lint clean

help:
	@echo "make demo   run the main workflow against the bundled simulator"
	@echo "make test   unit tests, ansible-test sanity and end-to-end tests"

$(BIN)/.installed: requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "no Python 3.12 or newer: see hacking/find-python" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --requirement requirements-dev.txt
	touch $@

$(COLLECTION_LINK):
	mkdir -p $(dir $@)
	ln -sfn $(CURDIR) $@

venv: $(BIN)/.installed $(COLLECTION_LINK)

test: units sanity integration changelog-lint

units: venv
	PYTHONPATH=$(COLLECTIONS) $(BIN)/pytest tests/unit tests/simulator

integration: venv
	PYTHONPATH=$(COLLECTIONS) $(BIN)/pytest tests/integration

sanity: venv
	rm -rf $(SANITY_ROOT) && mkdir -p $(SANITY_ROOT)
	git ls-files --cached --others --exclude-standard -z | tar --create --null --files-from=- | tar --extract --directory=$(SANITY_ROOT)
	# A repository of its own: inside this one, git (and so ansible-test) would see the copy as ignored.
	cd $(SANITY_ROOT) && git init --quiet && git add --all
	$(BIN)/python hacking/ansible_test_pip_bootstrap.py
	cd $(SANITY_ROOT) && $(BIN)/ansible-test sanity --venv --python $$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])') --color no

demo: venv
	hacking/demo.sh

docs: venv
	$(BIN)/python hacking/update_docs.py

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

clean:
	rm -rf .build $(VENV) tests/output
