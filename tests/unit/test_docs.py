# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The tables users read are generated from the lifecycle module; these tests fail when they drift apart."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
if not (ROOT / "hacking" / "update_docs.py").exists():
    # The collection as built for Galaxy has no hacking/ and no generated documents to check.
    pytest.skip("only in a checkout of the repository", allow_module_level=True)
_spec = importlib.util.spec_from_file_location("update_docs", ROOT / "hacking" / "update_docs.py")
update_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(update_docs)


def test_every_generated_table_matches_the_lifecycle_module():
    assert update_docs.stale_files() == [], "run `make docs` and commit the result"


def test_the_readme_table_is_the_one_of_the_reference_page():
    """Rendered from the code, compared with the reference page's table as written by hand."""
    assert update_docs.transition_table().splitlines()[2:] == [
        "| new | RUNNING | fail | fail | fail |",
        "| running | ok | PAUSED | PAUSED, then PURGED | STOPPED |",
        "| paused | RUNNING | ok | PURGED | STOPPED |",
        "| purged | RUNNING | ok | ok | STOPPED |",
        "| stopped | fail | fail | fail | ok |",
    ]
