# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make integration: the end-to-end tests of tests/integration/, in two runs side by side.

The tests marked ``timed`` (pytest.ini) assert how soon something happens, or race a process's start: the event
source and its rulebooks, the faults. They run one after another at the usual priority, as they would alone. The
others, mostly ansible-playbook runs that wait for nothing but the CPU, run meanwhile with pytest-xdist (one worker a
CPU, each file on one worker, as their fixtures are per file) under ``nice``, so that they only take the CPU the
timed ones leave: together they take about half the time of one run after the other, and the timed ones keep their
pace. The timed run's output is shown as it goes; the other's goes to .build/e2e/untimed.log and is shown once
it ends. Either failing fails the whole.

    .venv/bin/python hacking/run_e2e.py                      # make integration
    .venv/bin/python hacking/run_e2e.py -k incident_hold     # pytest's options are passed on to both runs

It chooses the tests itself (tests/integration, and -m): a path or -m among the options is refused.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import typing as t

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
LOGS = ROOT / ".build" / "e2e"
# How much less the untimed run weighs with the scheduler (nice 10: about a tenth of a CPU-bound timed process).
NICENESS = "10"


def commands(options: t.Sequence[str]) -> tuple[list[str], list[str]]:
    """The timed run's pytest command, and the untimed one's (under nice, with a worker a CPU)."""
    pytest = [str(BIN / "pytest"), "tests/integration", "-p", "no:cacheprovider"]
    timed = [*pytest, "-m", "timed", *options]
    untimed = ["nice", "-n", NICENESS, *pytest, "-m", "not timed", "--numprocesses=auto", "--dist=loadfile", *options]
    return timed, untimed


def main(argv: t.Sequence[str] | None = None) -> int:
    options = list(sys.argv[1:] if argv is None else argv)
    chosen = [option for option in options if option.startswith(("-m", "tests/"))]
    if chosen:
        given = " ".join(chosen)
        print(f"run_e2e.py: {given}: it runs tests/integration in two runs chosen by -m; use -k", file=sys.stderr)
        return 2
    timed, untimed = commands(options)
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / "untimed.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT / ".build" / "collections")}
    print(f"=== end-to-end: the untimed tests beside the timed ones, into {log.relative_to(ROOT)}", flush=True)
    with log.open("wb") as stream:
        background = subprocess.Popen(untimed, cwd=ROOT, env=env, stdout=stream, stderr=subprocess.STDOUT)  # pylint: disable=consider-using-with
        try:
            print("=== end-to-end: the timed tests", flush=True)
            timed_code = subprocess.run(timed, cwd=ROOT, env=env, check=False).returncode
            untimed_code = background.wait()
        finally:
            if background.poll() is None:
                background.kill()
    print("=== end-to-end: the untimed tests", flush=True)
    sys.stdout.write(log.read_text(encoding="utf-8", errors="replace"))
    # pytest's 5 is "no test collected": fine for one of the two (-k may choose tests of one kind), not for both.
    outcomes = {0: "passed", 5: "none chosen"}
    for name, code in (("timed", timed_code), ("untimed", untimed_code)):
        print(f"=== end-to-end: the {name} tests {outcomes.get(code, f'FAILED (exit code {code})')}")
    codes = (timed_code, untimed_code)
    if codes == (5, 5):
        print("=== end-to-end: no test chosen: see the -k given", file=sys.stderr)
    return 0 if set(codes) <= {0, 5} and codes != (5, 5) else 1


if __name__ == "__main__":
    sys.exit(main())
