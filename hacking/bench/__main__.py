# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make bench: how long campaign_status takes against the bundled simulator, next to plain uri tasks, and how long
the runbook's pause and resume playbooks take as whole runs, also under a rate limit of the tenant.

Starts the simulator (campaigns 1..N in the tenant ``load``, every request answered after ``--latency``
seconds), checks that the simulator itself keeps up, then runs real ansible-playbook commands, each measurement
a few times and interleaved with the others, and prints a Markdown table of medians, the machine it ran on and
PASS/FAIL lines for the targets; the same goes to .build/bench.md. Exits 1 when a target fails, 2 when the
simulator is too slow to measure anything. See docs/benchmark.md.

    .venv/bin/python hacking/run_bench.py --help       # what make bench runs, without arguments
    cd hacking && ../.venv/bin/python -m bench --help  # the same
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time
import typing as t

from .harness import (
    BIN,
    COLLECTIONS,
    PYTHON,
    ROOT,
    BenchError,
    Measurement,
    Runner,
    SimulatorProcess,
    check_simulator,
    measure_all,
    progress,
)
from .machine import Busy
from .report import report
from .scenarios import keys, measurements, warm_up

OUTPUT = ROOT / ".build" / "bench.md"


def parse_args(argv: t.Sequence[str] | None) -> argparse.Namespace:
    names = keys()
    parser = argparse.ArgumentParser(description="Time campaign_status against the simulator (see docs/benchmark.md).")
    parser.add_argument(
        "--latency",
        type=float,
        default=0.02,
        help="seconds the simulator waits before each answer (default: %(default)s)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=8,
        help="the bulk tasks' and the runbook's concurrency, and the lower bound's (default: %(default)s)",
    )
    parser.add_argument(
        "--campaigns", type=int, default=500, help="campaigns in the middle-sized measurements (default: %(default)s)"
    )
    parser.add_argument(
        "--big", type=int, default=10000, help="campaigns in the largest bulk task (default: %(default)s)"
    )
    parser.add_argument(
        "--loop-items", type=int, default=20, help="items a loop is timed on, then scaled (default: %(default)s)"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=9,
        help="runs of the cheap measurements, the runbook's included (default: %(default)s)",
    )
    parser.add_argument("--loop-runs", type=int, default=3, help="runs of each loop (default: %(default)s)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the largest bulk task (default: %(default)s)")
    parser.add_argument(
        "--rate-limit",
        type=float,
        default=20.0,
        help="requests a second the tenant may make in the rate-limited pause and resume (default: %(default)s)",
    )
    parser.add_argument(
        "--limited-campaigns",
        type=int,
        default=200,
        help="campaigns in the rate-limited pause and resume (default: %(default)s)",
    )
    parser.add_argument(
        "--limited-runs",
        type=int,
        default=5,
        help="runs of the rate-limited pause and resume, each checked on its own (default: %(default)s)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run of each, smaller loops and bulk: to try the bench, not to quote it",
    )
    parser.add_argument(
        "--only",
        metavar="KEY,...",
        type=lambda value: [key.strip() for key in value.split(",") if key.strip()],
        help="measure only these (and what they need: the resume needs the pause, both the start-up, "
        "a bulk task the one-campaign task), and check only their targets; keys: "
        f"{', '.join(names)}",
    )
    parser.add_argument(
        "--output",
        type=pathlib.Path,
        help="where to write the Markdown report (default: .build/bench.md, "
        "or .build/bench-only.md with --only, so that a partial run never replaces the whole report)",
    )
    options = parser.parse_args(argv)
    if options.quick:
        options.runs = options.loop_runs = options.big_runs = options.limited_runs = 1
        options.loop_items, options.big = min(options.loop_items, 5), min(options.big, 2000)
    runs = (options.runs, options.loop_runs, options.big_runs, options.limited_runs)
    if min(*runs, options.concurrency, options.loop_items) < 1:
        parser.error("runs, loop items and concurrency must be at least 1")
    if not 1 <= options.limited_campaigns <= options.big:
        parser.error("need 1 <= --limited-campaigns <= --big")
    if options.rate_limit <= 0:
        parser.error("--rate-limit must be above 0")
    if not 1 <= options.loop_items <= options.campaigns <= options.big:
        parser.error("need 1 <= --loop-items <= --campaigns <= --big")
    if options.latency <= 0:
        parser.error("--latency must be above 0")
    if options.output is None:
        options.output = OUTPUT if options.only is None else OUTPUT.with_name("bench-only.md")
    unknown = [key for key in options.only or () if key not in names]
    if unknown or options.only == []:
        parser.error(f"--only takes keys among {', '.join(names)}" + (f"; not {', '.join(unknown)}" if unknown else ""))
    return options


def selection(rows: list[Measurement], only: list[str] | None) -> list[Measurement]:
    """The rows --only names, and those they need."""
    if only is None:
        return rows
    by_key, wanted, pending = {row.key: row for row in rows}, set(), list(only)
    while pending:
        key = pending.pop()
        if key not in wanted:
            wanted.add(key)
            pending += by_key[key].needs
    return [row for row in rows if row.key in wanted]


def main(argv: t.Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    started = time.monotonic()
    for needed in (
        PYTHON,
        BIN / "ansible-playbook",
        COLLECTIONS / "ansible_collections" / "eightbyeight" / "contact_center",
    ):
        if not needed.exists():
            print(f"bench: {needed} is missing: run make venv first", file=sys.stderr)
            return 2
    busy = Busy()
    if busy.load_at_start > 0.5:
        progress(
            f"bench: the machine is busy (load average {busy.load_at_start:.2f}): the times will be higher "
            "than on a quiet one"
        )
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        work = pathlib.Path(directory)
        try:
            sim = SimulatorProcess(work, options.latency, options.big)
        except BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 2
        try:
            progress(f"simulator at {sim.base_url}, latency {options.latency * 1000:g} ms; checking that it keeps up")
            check = check_simulator(sim, options.latency)
            progress(
                f"simulator: {check.service_per_request * 1000:.2f} ms of its own per request, a kept-alive GET "
                f"{check.keepalive_median * 1000:.1f} ms"
            )
            runner = Runner(work, sim)
            overhead = runner.wrapper_overhead()
            left_out = warm_up(runner, sim.base_url, options.concurrency)
            for kind, reason in left_out.items():
                progress(f"the {kind} measurements are left out: {reason}")
            rows = selection(measurements(options, sim.base_url), options.only)
            measure_all(runner, rows, left_out)
        except BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 2
        finally:
            sim.stop()
        text, passed = report(rows, check, overhead, options, busy.conditions(), started)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {options.output})", file=sys.stderr)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
