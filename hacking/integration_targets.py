# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Run the ansible-test integration targets of tests/integration/targets/ from a copy of the checkout.

ansible-test needs the collection under ansible_collections/eightbyeight/contact_center, in a repository of its own:
the copy is made as `make sanity` makes it (the files git tracks or would track), under
.build/integration-targets/ unless --dest says otherwise, and `ansible-test integration --venv --python X.Y` runs
there. Its virtual environment gets tests/integration/requirements.txt: requests for the modules, and PyYAML for the
simulator, which the setup_simulator target starts with ansible-playbook's Python on a free port and each target stops
at its end. The arguments this script does not know go to ansible-test: target names, -v, --retry-on-error, ...

    .venv/bin/python hacking/integration_targets.py                     # make integration-targets
    .venv/bin/python hacking/integration_targets.py campaign_status -v  # one target, verbose
    python3 hacking/integration_targets.py --bin .build/matrix/core2.16.19-py3.12/venv/bin

hacking/test_matrix.py runs the same targets with each ansible-core of the matrix.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import time

from test_matrix import ROOT, copy_checkout

DEST = ROOT / ".build" / "integration-targets"


def python_version(bindir: pathlib.Path) -> str:
    """The X.Y version of the Python of ``bindir``."""
    return subprocess.run(
        [str(bindir / "python"), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bin",
        type=pathlib.Path,
        # Not resolved: a virtual environment's python is a link to the interpreter it was made from.
        default=pathlib.Path(sys.executable).parent,
        help="the bin directory of the environment whose ansible-test runs (default: this Python's)",
    )
    parser.add_argument("--python", help="the Python version of ansible-test's --venv (default: the one of --bin)")
    parser.add_argument(
        "--dest", type=pathlib.Path, default=DEST, help="where to copy the checkout (default: %(default)s)"
    )
    args, ansible_test_args = parser.parse_known_args()
    bindir = args.bin.absolute()
    if not (bindir / "ansible-test").exists():
        raise SystemExit(f"no ansible-test in {bindir}: give the bin directory of an environment with ansible-core")
    python = args.python or python_version(bindir)
    collection = args.dest.absolute() / "ansible_collections" / "eightbyeight" / "contact_center"
    copy_checkout(collection)
    subprocess.run([str(bindir / "python"), str(ROOT / "hacking" / "ansible_test_pip_bootstrap.py")], check=True)
    command = [str(bindir / "ansible-test"), "integration", "--venv", "--python", python, "--color", "no"]
    command += ansible_test_args
    print(f"=== {' '.join(command[1:])} in {collection}", flush=True)
    started = time.monotonic()
    code = subprocess.run(command, cwd=collection, check=False).returncode
    seconds = time.monotonic() - started
    outcome = "passed" if code == 0 else f"FAILED ({code})"
    print(f"=== ansible-test integration {outcome} in {seconds:.0f} s", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
