# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Build the collection and import the tarball as Galaxy does, with galaxy-importer; fail on what Galaxy would show.

The gate fails when the build or galaxy-importer fails, when galaxy-importer's lint steps (ansible-lint, and
flake8 where the configuration turns it on) print any WARNING: line, and when the tarball holds something that
must not be installed: virtual environments, build or test output, linter caches, the simulator, or the tests and
scripts that need it. Other warnings are printed, and listed again at the end, without failing.

Run it with the Python of the environment that has ansible-core and galaxy-importer (make lint does):

    python hacking/galaxy_import.py --config .build/galaxy/galaxy-importer.cfg --output-dir .build/galaxy
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import pathlib
import subprocess
import sys
import tarfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

#: Paths in the tarball that must not be there (fnmatch patterns; "*" also matches "/").
NOT_SHIPPED = (
    ".venv/*",
    ".build/*",
    ".ansible/*",
    ".ci/*",
    ".github/*",
    "simulator/*",
    "demo/*",
    "hacking/*",
    "tests/output/*",
    "tests/integration/*",
    "tests/simulator/*",
    "tests/conftest.py",
    "*/__pycache__/*",
    "*.pyc",
    "*.tar.gz",
    ".hypothesis/*",
    ".pytest_cache/*",
    ".mypy_cache/*",
    ".ruff_cache/*",
    "*/.hypothesis/*",
)


def lint_warnings(log: str) -> tuple[list[str], list[str]]:
    """Split galaxy-importer's WARNING: lines into those of its lint steps and the others.

    A lint step starts with an INFO line "Linting ..." and logs each finding as a WARNING: line right after it;
    the next line that is not a warning ends it.
    """
    lint: list[str] = []
    other: list[str] = []
    in_lint = False
    for line in log.splitlines():
        if line.startswith("Linting "):
            in_lint = True
        elif line.startswith("WARNING:"):
            (lint if in_lint else other).append(line)
        elif line.strip():
            in_lint = False
    return lint, other


def unwanted_members(tarball: pathlib.Path) -> list[str]:
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    return sorted(name for name in names if any(fnmatch.fnmatch(name, pattern) for pattern in NOT_SHIPPED))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, type=pathlib.Path, help="galaxy-importer's configuration file")
    parser.add_argument("--output-dir", required=True, type=pathlib.Path, help="where the tarball and the log go")
    parser.add_argument("--source", type=pathlib.Path, default=ROOT, help="the collection to build (the checkout)")
    args = parser.parse_args()
    bindir = pathlib.Path(sys.executable).parent
    out = args.output_dir.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.tar.gz"):
        old.unlink()

    subprocess.run(
        [str(bindir / "ansible-galaxy"), "collection", "build", "--force", "--output-path", str(out), str(args.source)],
        check=True,
    )
    (tarball,) = out.glob("*.tar.gz")
    problems = [f"{tarball.name} holds {name}, which must not be shipped" for name in unwanted_members(tarball)]

    # galaxy-importer runs ansible-lint, ansible-doc and flake8 by name: those of this environment.
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=str(args.config.resolve()))
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        [sys.executable, "-m", "galaxy_importer.main", tarball.name],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    log = done.stdout + done.stderr
    (out / "importer.log").write_text(log, encoding="utf-8")
    print(log, end="")
    if done.returncode != 0:
        problems.append(f"galaxy-importer failed (exit code {done.returncode})")
    problems += [line for line in log.splitlines() if line.startswith("ERROR:")]
    lint, other = lint_warnings(log)
    problems += [f"lint: {line}" for line in lint]
    for line in other:
        print(f"galaxy_import: not a lint finding, not failing: {line}", file=sys.stderr)
    if problems:
        print("galaxy_import: FAILED\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"galaxy_import: {tarball.name} imports cleanly (log: {out / 'importer.log'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
