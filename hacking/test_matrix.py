# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run ansible-test sanity and units (and, when asked, integration) with several ansible-core versions and Pythons.

Each pair CORE@PYTHON, such as 2.16.19@3.12, gets a virtual environment of its own with that ansible-core
under .build/matrix/, and a copy of the checkout made as `make sanity` makes it (the files git tracks or
would track, in a repository of its own). ansible-test then runs there with --venv --python PYTHON; its output
goes to .build/matrix/<pair>/<test>.log as well. Every pair is run, and a table of each pair's results and times
ends the output (also written to .build/matrix/summary.md after each pair); the exit code is 1 if anything failed.

A Python older than any controller ansible-core accepts, such as 3.9 (the modules' own claim, tests/config.yml),
is one only the modules run on: ansible-test runs from the Python running this script, and only the sanity tests
that run on the modules' Python, compile and import (with --python 3.12 and the like, they run there too, with all
the others). units is not run there: the pins of tests/unit/requirements.txt need Python 3.10.

integration runs the targets of tests/integration/targets/ against the simulator, as
hacking/integration_targets.py does with one ansible-core.

    python3 hacking/test_matrix.py 2.16.19@3.10 2.16.19@3.12 2.21.5@3.9
    python3 hacking/test_matrix.py --test integration 2.16.19@3.12    # only some of the tests
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
MATRIX = ROOT / ".build" / "matrix"
# integration: the targets of tests/integration/targets/; its --venv installs tests/integration/requirements.txt.
TESTS = ("sanity", "units", "integration")
DEFAULT_TESTS = ("sanity", "units")
# ansible-core 2.16 and 2.17 run their controller on Python 3.10 or newer, and later versions on newer ones still.
CONTROLLER_MIN = (3, 10)
# On a Python only the modules run on: the sanity tests that run on the target's Python rather than the controller's.
MODULES_TESTS = {"sanity": ["--test", "compile", "--test", "import"]}


def find_python(version: str) -> str:
    """The interpreter of exactly this Python version, found as hacking/find-python finds it."""
    done = subprocess.run(
        [str(ROOT / "hacking" / "find-python"), "--exact", version], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr.strip() or f"no Python {version}")
    return done.stdout.strip()


def venv_with(core: str, python: str, venv: pathlib.Path) -> pathlib.Path:
    """A virtual environment with ansible-core ``core``, made again only when the version changed."""
    stamp = venv / f".installed-ansible-core-{core}"
    if not stamp.exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", f"ansible-core=={core}"], check=True)
        stamp.touch()
    return venv / "bin"


def copy_checkout(dest: pathlib.Path) -> None:
    """The checkout's files as `make sanity` copies them: tracked, and untracked but not ignored."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    # A file deleted but not yet staged is still listed; tar would fail on it.
    names = b"\0".join(name for name in files.split(b"\0") if name and (ROOT / name.decode()).exists())
    packed = subprocess.run(
        ["tar", "--create", "--null", "--files-from=-"], cwd=ROOT, input=names, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "--extract", "--directory", str(dest)], input=packed, check=True)
    # A repository of its own: inside this one, git (and so ansible-test) would see the copy as ignored.
    subprocess.run(["git", "init", "--quiet"], cwd=dest, check=True)
    subprocess.run(["git", "add", "--all"], cwd=dest, check=True)


def run_logged(command: list[str], cwd: pathlib.Path, log: pathlib.Path, env: dict[str, str]) -> int:
    """Run ``command``, showing its output and keeping it in ``log``."""
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            out.write(line)
        return process.wait()


def split_pair(pair: str) -> tuple[str, str]:
    """Split "2.16.19@3.12" into ("2.16.19", "3.12")."""
    core, at, python_version = pair.partition("@")
    if not (core and at and python_version):
        raise SystemExit(f"{pair}: give ansible-core and Python as CORE@PYTHON, such as 2.16.19@3.12")
    return core, python_version


def modules_only(python_version: str) -> bool:
    """Whether only the modules run on this Python (no ansible-core tested here runs its controller there)."""
    return tuple(int(part) for part in python_version.split(".")) < CONTROLLER_MIN


def run_pair(pair: str, tests: tuple[str, ...]) -> dict[str, str]:
    core, python_version = split_pair(pair)
    base = MATRIX / f"core{core}-py{python_version}"
    target = find_python(python_version)
    controller = sys.executable if modules_only(python_version) else target
    print(f"=== ansible-core {core} on Python {python_version}", flush=True)
    bindir = venv_with(core, controller, base / "venv")
    collection = base / "ansible_collections" / "eightbyeight" / "contact_center"
    copy_checkout(collection)
    subprocess.run([str(bindir / "python"), str(ROOT / "hacking" / "ansible_test_pip_bootstrap.py")], check=True)
    # ansible-test finds the Python of --python by its name (python3.9) on PATH; pyenv's shims answer that name only
    # for the versions pyenv has selected.
    env = {**os.environ, "PATH": os.pathsep.join([str(pathlib.Path(target).parent), os.environ.get("PATH", "")])}
    results = {}
    for test in tests:
        command = [str(bindir / "ansible-test"), test, "--venv", "--python", python_version, "--color", "no"]
        if modules_only(python_version):
            if test not in MODULES_TESTS:
                results[test] = "not run"
                continue
            command += MODULES_TESTS[test]
        started = time.monotonic()
        code = run_logged(command, collection, base / f"{test}.log", env)
        minutes = (time.monotonic() - started) / 60
        results[test] = f"{'passed' if code == 0 else f'FAILED ({code})'} in {minutes:.1f} min"
        print(f"=== ansible-core {core} on Python {python_version}: {test} {results[test]}", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", metavar="CORE@PYTHON", help="such as 2.16.19@3.12")
    parser.add_argument(
        "--test",
        action="append",
        choices=TESTS,
        help="an ansible-test command to run, once for each (default: " + " and ".join(DEFAULT_TESTS) + ")",
    )
    args = parser.parse_args()
    tests = tuple(test for test in TESTS if test in (args.test or DEFAULT_TESTS))
    table = ["| ansible-core | Python | " + " | ".join(tests) + " | time |", "|---|---|" + "---|" * (len(tests) + 1)]
    failed = False
    MATRIX.mkdir(parents=True, exist_ok=True)
    for pair in args.pairs:
        started = time.monotonic()
        results = run_pair(pair, tests)
        minutes = (time.monotonic() - started) / 60
        failed = failed or any(result.startswith("FAILED") for result in results.values())
        core, python_version = split_pair(pair)
        where = f"{python_version} (modules: compile, import)" if modules_only(python_version) else python_version
        cells = " | ".join(results[test] for test in tests)
        table.append(f"| {core} | {where} | {cells} | {minutes:.1f} min |")
        # After each pair, so that a run stopped part way still says what it ran.
        (MATRIX / "summary.md").write_text("\n".join(table) + "\n", encoding="utf-8")
    print("\n" + "\n".join(table))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
