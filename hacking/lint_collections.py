# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make lint's step lint-collections: the collections the AWX and EDA controller examples use, for the linters.

The examples of docs/examples/ configure AWX with the awx.awx collection and EDA controller with ansible.eda, which
this collection does not need. ansible-lint and ansible-playbook --syntax-check check them against the real
collections, found in .build/lint-collections/ansible_collections.

awx.awx comes from the Python package index, which every machine that runs make lint reaches:
requirements-lint-collections.txt pins, with its hash, a release of the community package `ansible`, which bundles
collections. Its wheel is downloaded with pip (never installed: it pins an ansible-core of its own) and only the
collections of WANTED are extracted from it, each checked to be the version WANTED names.

ansible.eda is in no package of the index: it comes from Galaxy (FROM_GALAXY, pinned). Where Galaxy is out of
reach, the run says so and goes on, and make lint skips the EDA example's steps; with --require-galaxy (or
LINT_REQUIRE_GALAXY=1, as the CI workflow sets) it fails instead, and so do those steps. A tarball of it installed
by hand counts:

    .build/lint-venv/bin/ansible-galaxy collection install --no-deps -p .build/lint-collections \
        ansible-eda-2.13.0.tar.gz

Once they are there for the requirements file as it is, a run does nothing and needs no network (while ansible.eda is
missing, each run asks Galaxy again, for at most GALAXY_TIMEOUT seconds).

    .build/lint-venv/bin/python hacking/lint_collections.py
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import typing as t
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements-lint-collections.txt"
DEST = ROOT / ".build" / "lint-collections"
#: The collections to take from the wheel, and the version each must be: a new pin that bundles another is noticed.
WANTED = {"awx.awx": "24.6.1"}
#: The collections that no package of the index bundles, installed from Galaxy at these versions.
FROM_GALAXY = {"ansible.eda": "2.13.0"}
#: How long ansible-galaxy may try (it retries a Galaxy that does not answer).
GALAXY_TIMEOUT = 120
#: The requirements file's text when the collections were last extracted.
STAMP = ".requirements"


def installed_version(dest: pathlib.Path, collection: str) -> str | None:
    """The version of ``collection`` (namespace.name) under ``dest``/ansible_collections, or None."""
    manifest = dest / "ansible_collections" / collection.replace(".", "/") / "MANIFEST.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["collection_info"]["version"])
    except (OSError, ValueError, KeyError):
        return None


def up_to_date(dest: pathlib.Path, requirements: str, wanted: t.Mapping[str, str]) -> bool:
    stamp = dest / STAMP
    if not stamp.is_file() or stamp.read_text(encoding="utf-8") != requirements:
        return False
    return all(installed_version(dest, name) == version for name, version in wanted.items())


def extract(wheel: pathlib.Path, dest: pathlib.Path, collection: str) -> None:
    """Replace ``dest``/ansible_collections/<namespace>/<name> with the collection's files from ``wheel``."""
    prefix = f"ansible_collections/{collection.replace('.', '/')}/"
    target = dest / prefix
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if name.startswith(prefix)]
        if not members:
            raise SystemExit(f"{wheel.name} bundles no {collection}: see {REQUIREMENTS.name}")
        unsafe = [name for name in members if ".." in pathlib.PurePosixPath(name).parts]
        if unsafe:
            raise SystemExit(f"{wheel.name} has paths outside {prefix}: {unsafe[:3]}")
        # Into a directory beside the target first, then moved in whole: an interrupted run leaves no half collection.
        with tempfile.TemporaryDirectory(dir=dest) as staging:
            archive.extractall(staging, members)
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            pathlib.Path(staging, prefix).rename(target)


def install(dest: pathlib.Path, requirements: pathlib.Path, wanted: t.Mapping[str, str]) -> list[str]:
    """Download the pinned wheel, extract the collections of ``wanted`` into ``dest``; the problems found."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest) as download:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:"]
        subprocess.run([*pip, "--requirement", str(requirements), "--dest", download], check=True)
        wheels = sorted(pathlib.Path(download).glob("*.whl"))
        if len(wheels) != 1:
            return [f"{requirements.name} must name one wheel; pip downloaded {[w.name for w in wheels]}"]
        for collection in wanted:
            extract(wheels[0], dest, collection)
    return [
        f"{wheels[0].name} bundles {name} {installed_version(dest, name)}, not {version}: see WANTED"
        for name, version in wanted.items()
        if installed_version(dest, name) != version
    ]


def install_from_galaxy(dest: pathlib.Path, collection: str, version: str, galaxy: str) -> str | None:
    """Install ``collection`` at ``version`` into ``dest`` with ``galaxy`` (ansible-galaxy) unless it is there; why
    it could not be, or None."""
    if installed_version(dest, collection) == version:
        return None
    command = [galaxy, "collection", "install", "--no-deps", "--force", "--timeout", "30", "-p", str(dest)]
    failed = f"{collection} {version} could not be installed from Galaxy"
    try:
        done = subprocess.run(
            [*command, f"{collection}:=={version}"],
            capture_output=True,
            text=True,
            check=False,
            timeout=GALAXY_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"{failed}: no answer in {GALAXY_TIMEOUT} s"
    except OSError as error:
        return f"{failed}: {error}"
    if done.returncode == 0 and installed_version(dest, collection) == version:
        return None
    errors = [line for line in done.stderr.splitlines() if line.startswith("[ERROR]: ")]
    if errors:
        why = errors[0].removeprefix("[ERROR]: ")
    else:
        why = f"exit code {done.returncode}" if done.returncode else f"got {installed_version(dest, collection)}"
    return f"{failed}: {why}"


def galaxy_required() -> bool:
    """Whether a collection of FROM_GALAXY that cannot be installed fails make lint (LINT_REQUIRE_GALAXY=1)."""
    return os.environ.get("LINT_REQUIRE_GALAXY", "").lower() in {"1", "true", "yes"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=pathlib.Path, default=DEST, help="where ansible_collections/ goes")
    parser.add_argument(
        "--require-galaxy",
        action="store_true",
        default=galaxy_required(),
        help="fail where a collection of FROM_GALAXY cannot be installed (the default where LINT_REQUIRE_GALAXY=1)",
    )
    args = parser.parse_args()
    requirements = REQUIREMENTS.read_text(encoding="utf-8")
    names = ", ".join(f"{name} {version}" for name, version in WANTED.items())
    if up_to_date(args.dest, requirements, WANTED):
        print(f"lint collections: {names} in {args.dest}, up to date")
    else:
        problems = install(args.dest, REQUIREMENTS, WANTED)
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
        (args.dest / STAMP).write_text(requirements, encoding="utf-8")
        print(f"lint collections: {names} installed in {args.dest}")
    galaxy = str(pathlib.Path(sys.executable).parent / "ansible-galaxy")
    for collection, version in FROM_GALAXY.items():
        problem = install_from_galaxy(args.dest, collection, version, galaxy)
        if problem and args.require_galaxy:
            print(f"lint collections: {problem}", file=sys.stderr)
            return 1
        if problem:
            print(f"lint collections: {problem}; the steps that need it are skipped (see lint_collections.py)")
        else:
            print(f"lint collections: {collection} {version} in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
