# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make release's checks (hacking/release.py): what keeps a version from being released, and what the tarball must
hold."""

from __future__ import annotations

import tarfile
import types

import pytest

from ansible_collections.eightbyeight.contact_center.tests.unit.utils.repository import ROOT, hacking

SECTION = '<a id="v1-0-0"></a>\n## v1\\.0\\.0\n\n### Release Summary\n\nThe first release.\n'


@pytest.fixture(scope="module")
def release() -> types.ModuleType:
    return hacking("release")


def checkout(tmp_path, version="1.0.0", releases=("1.0.0",), fragments=(), changelog=SECTION):
    (tmp_path / "changelogs" / "fragments").mkdir(parents=True)
    (tmp_path / "galaxy.yml").write_text(f"namespace: eightbyeight\nversion: {version}\n", encoding="utf-8")
    listed = "".join(f"  {name}:\n    release_date: '2026-12-07'\n" for name in releases) or "  {}\n"
    (tmp_path / "changelogs" / "changelog.yaml").write_text(f"ancestor: null\nreleases:\n{listed}", encoding="utf-8")
    for name in fragments:
        (tmp_path / "changelogs" / "fragments" / name).write_text("trivial: [x]\n", encoding="utf-8")
    if changelog is not None:
        (tmp_path / "CHANGELOG.md").write_text(f"# Release Notes\n\n{changelog}", encoding="utf-8")
    return tmp_path


def test_a_released_version_with_its_one_section_and_no_fragment_left_is_releasable(release, tmp_path):
    assert release.version_problems(checkout(tmp_path)) == ("1.0.0", [])


def test_a_version_the_changelog_has_not_released_is_refused_naming_both(release, tmp_path):
    _version, problems = release.version_problems(checkout(tmp_path, version="1.1.0", changelog=None))
    assert problems[0].startswith("galaxy.yml says 1.1.0, but the newest release in changelogs/changelog.yaml is 1.0.0")
    assert problems[1] == "CHANGELOG.md has 0 sections for 1.1.0, not one"


def test_the_newest_release_is_compared_as_a_version_not_as_text(release, tmp_path):
    _version, problems = release.version_problems(checkout(tmp_path, version="1.10.0", releases=("1.9.0", "1.10.0")))
    assert not [problem for problem in problems if problem.startswith("galaxy.yml")]


def test_fragments_left_unreleased_and_a_section_twice_are_refused(release, tmp_path):
    root = checkout(tmp_path, fragments=("late-fix.yml",), changelog=SECTION + SECTION)
    assert release.version_problems(root)[1] == [
        "changelog fragments not released yet: late-fix.yml",
        "CHANGELOG.md has 2 sections for 1.0.0, not one",
    ]


def test_the_tarball_must_hold_every_module_role_playbook_rulebook_and_the_changelog(release, tmp_path):
    needed = release.needed_members(ROOT)
    modules = sorted(path.name for path in (ROOT / "plugins" / "modules").glob("campaign_*.py"))
    assert [f"plugins/modules/{name}" for name in modules] == [n for n in needed if n.startswith("plugins/modules/")]
    for name in ("playbooks/apply.yml", "roles/desired_state/tasks/main.yml", "CHANGELOG.md", "meta/runtime.yml"):
        assert name in needed
    assert "extensions/eda/rulebooks/enforce_desired_state.yml" in needed
    tarball = tmp_path / "c.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        for name in needed[1:]:
            info = tarfile.TarInfo(name)
            archive.addfile(info)
    assert release.missing_members(tarball, needed) == [needed[0]]
