# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""hacking/release_notes.py: the notes of the GitHub release the release workflow drafts, one version's section of
CHANGELOG.md."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import types

import pytest

from ansible_collections.eightbyeight.contact_center.tests.unit.utils.repository import hacking

# As antsibull-changelog writes CHANGELOG.md: a table of contents, then each version's anchor and section.
CHANGELOG = """# eightbyeight\\.contact\\_center Release Notes

**Topics**

- <a href="#v1-1-0">v1\\.1\\.0</a>
- <a href="#v1-0-0">v1\\.0\\.0</a>

<a id="v1-1-0"></a>
## v1\\.1\\.0

<a id="bugfixes"></a>
### Bugfixes

* campaign\\_status \\- a fix\\.

<a id="v1-0-0"></a>
## v1\\.0\\.0

<a id="release-summary"></a>
### Release Summary

The first release\\.
"""


@pytest.fixture(scope="module")
def notes() -> types.ModuleType:
    return hacking("release_notes")


def test_the_newest_section_stops_before_the_next_versions_anchor(notes):
    text = notes.section(CHANGELOG, "1.1.0")
    assert text == '<a id="bugfixes"></a>\n### Bugfixes\n\n* campaign\\_status \\- a fix\\.\n'


def test_the_oldest_section_runs_to_the_end_without_its_heading(notes):
    text = notes.section(CHANGELOG, "1.0.0")
    assert text.startswith('<a id="release-summary"></a>\n### Release Summary')
    assert text.endswith("The first release\\.\n")
    assert "## v" not in text and "1-1-0" not in text


def test_a_version_is_matched_whole_not_as_a_prefix(notes):
    changelog = CHANGELOG.replace("v1\\.1\\.0\n", "v1\\.0\\.0\\.1\n")
    assert "The first release" in notes.section(changelog, "1.0.0")
    with pytest.raises(notes.NotesError, match="0 sections for 1.1.0"):
        notes.section(changelog, "1.1.0")


@pytest.mark.parametrize(
    ("changelog", "message"),
    [
        (CHANGELOG, "0 sections for 2.0.0, not one"),
        (CHANGELOG + '\n<a id="v2-0-0"></a>\n## v2\\.0\\.0\n', "section of 2.0.0 in CHANGELOG.md is empty"),
        (CHANGELOG + "\n## v2\\.0\\.0\n\nOne.\n\n## v2\\.0\\.0\n\nTwo.\n", "2 sections for 2.0.0, not one"),
    ],
)
def test_a_version_without_exactly_one_section_with_text_is_refused(notes, changelog, message):
    with pytest.raises(notes.NotesError, match=message):
        notes.section(changelog, "2.0.0")


def test_the_command_writes_the_notes_and_fails_naming_a_missing_version(notes, tmp_path, capsys):
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(CHANGELOG, encoding="utf-8")
    output = tmp_path / "release" / "notes.md"
    assert notes.main(["1.0.0", "--changelog", str(changelog), "--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == notes.section(CHANGELOG, "1.0.0")
    assert notes.main(["3.0.0", "--changelog", str(changelog)]) == 1
    assert "CHANGELOG.md has 0 sections for 3.0.0" in capsys.readouterr().err
    assert notes.main(["1.0.0", "--changelog", str(tmp_path / "missing.md")]) == 1
