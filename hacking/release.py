# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make release: the release tarball, built from the commit checked out and put through every gate before it is
published.

1. The version: galaxy.yml's must be the newest release in changelogs/changelog.yaml, no changelog fragment may be
   left unreleased, and CHANGELOG.md must have exactly one section for it (``antsibull-changelog release`` writes
   both; RELEASING.md says when). The checkout must have nothing uncommitted: the tarball is built from a copy of
   the commit (git archive), so that no file a local run left, ignored by git, is shipped.
2. The tarball, built and imported as Galaxy does (hacking/galaxy_import.py: galaxy-importer with its lint, and no
   member that must not be shipped), into .build/release/.
3. What a user needs is in it: each module, role, playbook, event source and rulebook of the commit, the licences,
   the changelog and meta/runtime.yml.
4. ``ansible-lint --profile production`` on the collection as the tarball installs it.

Run it with the Python of the linters' environment, which has ansible-core, ansible-lint and galaxy-importer:

    .build/lint-venv/bin/python hacking/release.py
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile
import typing as t

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / ".build" / "release"
GALAXY_CONFIG = ROOT / ".build" / "galaxy" / "galaxy-importer.cfg"

# A section of antsibull-changelog's Markdown: "## v1\.0\.0" (its dots escaped).
_SECTION = re.compile(r"^## v(\S+)\s*$", re.MULTILINE)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def version_problems(root: pathlib.Path) -> tuple[str, list[str]]:
    """galaxy.yml's version, and what keeps it from being released as it is."""
    version = str(yaml.safe_load((root / "galaxy.yml").read_text(encoding="utf-8"))["version"])
    problems = []
    changes = yaml.safe_load((root / "changelogs" / "changelog.yaml").read_text(encoding="utf-8")) or {}
    releases = sorted((changes.get("releases") or {}), key=_version_key)
    if not releases or releases[-1] != version:
        newest = releases[-1] if releases else "none"
        problems.append(
            f"galaxy.yml says {version}, but the newest release in changelogs/changelog.yaml is {newest}: "
            f"run antsibull-changelog release (RELEASING.md)"
        )
    left = sorted(path.name for path in (root / "changelogs" / "fragments").glob("*.y*ml"))
    if left:
        problems.append(f"changelog fragments not released yet: {', '.join(left)}")
    changelog = root / "CHANGELOG.md"
    sections = _SECTION.findall(changelog.read_text(encoding="utf-8")) if changelog.is_file() else []
    found = [section.replace("\\", "") for section in sections].count(version)
    if found != 1:
        problems.append(f"CHANGELOG.md has {found} sections for {version}, not one")
    return version, problems


def needed_members(root: pathlib.Path) -> list[str]:
    """The paths of the checkout that the tarball must hold, as its members are named."""
    patterns = (
        "plugins/modules/[!_]*.py",
        "plugins/module_utils/*.py",
        "plugins/doc_fragments/*.py",
        "roles/*/tasks/main.yml",
        "roles/*/meta/main.yml",
        "playbooks/*.yml",
        "extensions/eda/plugins/event_source/*.py",
        "extensions/eda/rulebooks/*.yml",
        "LICENSES/*",
    )
    fixed = ("README.md", "LICENSE", "CHANGELOG.md", "changelogs/changelog.yaml", "meta/runtime.yml")
    found = {str(path.relative_to(root)) for pattern in patterns for path in root.glob(pattern)}
    return sorted(found | set(fixed))


def missing_members(tarball: pathlib.Path, needed: t.Iterable[str]) -> list[str]:
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    return [name for name in needed if name not in names]


def lint_installed(tarball: pathlib.Path, bindir: pathlib.Path) -> int:
    """ansible-lint's production profile on the tarball's contents, installed as ansible-galaxy installs it."""
    with tempfile.TemporaryDirectory(prefix="release-lint-") as work:
        collections = pathlib.Path(work)
        subprocess.run(
            [str(bindir / "ansible-galaxy"), "collection", "install", "--offline", "-p", work, str(tarball)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        installed = collections / "ansible_collections" / "eightbyeight" / "contact_center"
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=work, PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}")
        done = subprocess.run(
            [str(bindir / "ansible-lint"), "--profile", "production", "--offline"], cwd=installed, env=env, check=False
        )
        return done.returncode


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=pathlib.Path, default=OUT, help="where the tarball goes (%(default)s)")
    args = parser.parse_args(argv)
    version, problems = version_problems(ROOT)
    if problems:
        print("release: not releasable as it is:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    changed = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    if changed:
        print(
            "release: a release is built from a commit; commit or remove first:\n  " + "\n  ".join(changed),
            file=sys.stderr,
        )
        return 1
    bindir = pathlib.Path(sys.executable).parent
    out = args.output_dir.resolve()
    GALAXY_CONFIG.parent.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "hacking"))
    from lint import GALAXY_IMPORTER_CFG  # pylint: disable=import-outside-toplevel  # hacking/ is not a package

    GALAXY_CONFIG.write_text(GALAXY_IMPORTER_CFG, encoding="utf-8")
    tarball = out / f"eightbyeight-contact_center-{version}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        commit = pathlib.Path(work) / "commit"
        commit.mkdir()
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as files:
            files.extractall(commit, filter="data")
        imported = subprocess.run(
            [
                sys.executable, "hacking/galaxy_import.py", "--config", str(GALAXY_CONFIG), "--output-dir", str(out),
                "--source", str(commit),
            ],
            cwd=ROOT,
            check=False,
        )  # fmt: skip
        if imported.returncode != 0 or not tarball.is_file():
            print(f"release: the Galaxy import of {tarball.name} failed (above)", file=sys.stderr)
            return 1
        missing = missing_members(tarball, needed_members(commit))
    if missing:
        print(f"release: {tarball.name} lacks {', '.join(missing)}", file=sys.stderr)
        return 1
    if lint_installed(tarball, bindir) != 0:
        print(f"release: ansible-lint --profile production fails on {tarball.name} as installed", file=sys.stderr)
        return 1
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    print(f"release: {tarball.relative_to(ROOT)} ({tarball.stat().st_size:,} bytes, sha256 {digest}) passed every gate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
