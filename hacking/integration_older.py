# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make integration-older: the runbook's, the drift gate's and the policies' end-to-end suites with older ansible-core.

Playbooks and roles behave differently across ansible-core versions, and these suites are where people meet them.
For each CORE@PYTHON, a virtual environment with that ansible-core, and the requests, urllib3 and PyYAML pinned in
requirements-dev.txt, under .build/core-CORE (made again when requirements-dev.txt is newer than it); the suites'
ansible-playbook and the modules' Python come from it (E2E_ANSIBLE_BIN), pytest and the simulator from .venv. It
stops at the first pair whose suites fail.

    .venv/bin/python hacking/integration_older.py 2.16.19@3.12 2.19.14@3.11    # make integration-older
"""

from __future__ import annotations

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys

from test_matrix import ROOT, find_python, split_pair

BIN = ROOT / ".venv" / "bin"
COLLECTIONS = ROOT / ".build" / "collections"
REQUIREMENTS = ROOT / "requirements-dev.txt"
TESTS = (
    "tests/integration/runbook/test_runbook_e2e.py",
    "tests/integration/desired_state/test_drift_gate_e2e.py",
    "tests/integration/desired_state/test_policy_e2e.py",
)
# What the modules need besides ansible-core, and the simulator's YAML, at the versions the tests use.
PINNED = re.compile(r"^(requests|urllib3|PyYAML)==")


def venv_with(core: str, python_version: str) -> pathlib.Path:
    """.build/core-CORE with that ansible-core on that Python, made again when requirements-dev.txt changed."""
    env = ROOT / ".build" / f"core-{core}"
    stamp = env / ".installed"
    if not (stamp.exists() and stamp.stat().st_mtime_ns > REQUIREMENTS.stat().st_mtime_ns):
        shutil.rmtree(env, ignore_errors=True)
        subprocess.run([find_python(python_version), "-m", "venv", str(env)], check=True)
        pins = [line.strip() for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines() if PINNED.match(line)]
        subprocess.run([str(env / "bin" / "pip"), "install", "--quiet", f"ansible-core=={core}", *pins], check=True)
        stamp.touch()
    return env / "bin"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", metavar="CORE@PYTHON", help="such as 2.16.19@3.12")
    args = parser.parse_args()
    for pair in args.pairs:
        core, python_version = split_pair(pair)
        bindir = venv_with(core, python_version)
        print(f"== the runbook and the drift gate with ansible-core {core} on Python {python_version}", flush=True)
        env = {**os.environ, "E2E_ANSIBLE_BIN": str(bindir), "PYTHONPATH": str(COLLECTIONS)}
        # None of them is timed (hacking/run_e2e.py): a worker a CPU, each file on one.
        command = [str(BIN / "pytest"), *TESTS, "--numprocesses=auto", "--dist=loadfile"]
        code = subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
