# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The bench's report, in Markdown: the table of medians, where the time goes, the runbook's whole runs, the
simulator check, the machine and the targets' PASS/FAIL lines."""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
import typing as t

from . import targets
from .harness import (
    MAX_SERVICE_PER_REQUEST,
    PROBE_CLIENTS,
    PROBE_REQUESTS,
    WARMUP_REQUESTS,
    Measurement,
    SimulatorCheck,
)
from .machine import machine


def _seconds(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _runs(row: Measurement) -> str:
    if row.error is not None and not row.results:
        return "–"
    if row.items and row.items < row.size:
        return f"{len(row.results)} × {row.items} items, ×{row.scale:g}"
    return str(len(row.results))


def _limited(rows: list[Measurement]) -> list[str]:
    """The table of the runbook under the tenant's rate limit, each run given: its target is every run's."""
    limited = [row for row in rows if row.rate_limit is not None and (row.results or row.error)]
    if not limited:
        return []
    lines = [
        "The runbook's playbooks under a limit of the tenant's requests a second (the simulator's token bucket: a "
        "second's worth of requests at once, then the limit's pace, and beyond it 429 with a Retry-After of whole "
        "seconds), whole runs: each run's seconds in the order run, their spread, the task's median, the requests "
        "answered and those answered 429 (medians), and the target, for every run:",
        "",
        "| measurement | each run | min / median / max | task | requests | answered 429 | target, every run |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in limited:
        if not row.results:
            lines.append(f"| {row.label} | – | – | – | – | – | {row.error} |")
            continue
        walls = [run.wall for run in row.results]
        answered = statistics.median(run.answered for run in row.results)
        factor = next(target.factor for target in targets.TARGETS if target.measurement == row.key)
        limit = t.cast(float, row.rate_limit)
        lines.append(
            f"| {row.label} | {', '.join(f'{wall:.1f}' for wall in walls)} | {targets.spread(walls)} | "
            f"{_seconds(row.task, 1)} | {answered:,.0f} | "
            f"{statistics.median(run.rate_limited for run in row.results):g} | "
            f"<= {factor:g} × {answered:.0f} / {limit:g} = {factor * answered / limit:.1f} s |"
        )
    return [*lines, ""]


def report(
    rows: list[Measurement],
    check: SimulatorCheck,
    overhead: float,
    options: argparse.Namespace,
    conditions: dict[str, str],
    started: float,
) -> tuple[str, bool]:
    by_key = {row.key: row for row in rows}
    latency = options.latency
    one = by_key["one_module"].task if "one_module" in by_key else None
    lines = [
        f"Simulator latency {latency * 1000:g} ms per request; bulk tasks and the runbook with concurrency "
        f"{options.concurrency}. Times are medians in seconds; a task's time runs from its start to its result (for "
        "the runbook, its module's task), the playbook's is the whole ansible-playbook command.",
        "",
        "| measurement | runs | playbook | task | requests | lower bound | task above 1 campaign | module peak |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if not row.in_table or row.rate_limit is not None:  # the rate-limited rows have a table of their own
            continue
        if row.error is not None and not row.results:
            lines.append(f"| {row.label} | – | – | – | – | – | – | {row.error} |")
            continue
        bound = row.lower_bound(latency) if row.items else None
        excess = row.task - one if row.bulk and row.task is not None and one is not None else None
        peaks = [run.module_peak for run in row.results if run.module_peak is not None]
        peak = f"{max(peaks) / 1e6:.0f} MB" if peaks else "–"
        approx = "≈ " if row.scale > 1 else ""
        requests = "–" if not row.items else f"{row.requests:,.0f}"
        task = f"{approx}{_seconds(row.task, 1 if row.task and row.task >= 10 else 2)}"
        lines.append(
            f"| {row.label} | {_runs(row)} | {approx}{_seconds(row.wall, 1)} | {task} | {requests} | "
            f"{_seconds(bound)} | {_seconds(excess)} | {peak} |"
        )
    lines += [
        "",
        "Lower bound: requests × latency / concurrency (1 for single tasks and loops, which send one request at a "
        f"time), the requests counted by the simulator. Loops were timed on {options.loop_items} items and scaled "
        f"to {options.campaigns} (≈). Module peak: the module process's largest resident set (max RSS), measured "
        f"with an interpreter wrapper on the bulk tasks and the runbook's module tasks, which adds about "
        f"{overhead * 1000:.0f} ms to each (left in their times).",
        "",
    ]
    unlimited = [row for row in rows if row.rate_limit is None]
    bulk_rows = sorted((row for row in unlimited if row.wrapped and row.results), key=lambda row: row.in_table)
    if bulk_rows:
        lines += [
            "Where the time goes, for the tasks run under the memory wrapper (the single tasks 3 more times, for this "
            "table only; seconds, medians; CPU seconds of each process; the simulator's own time per request from its "
            "counters):",
            "",
            "| measurement | task | before the module | module process | after the module | module CPU | "
            "ansible-playbook CPU besides | simulator CPU | simulator's own time per request |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in bulk_rows:
            module_cpu, playbook_cpu = row.median("module_cpu"), row.median("playbook_cpu")
            rest = None if module_cpu is None or playbook_cpu is None else playbook_cpu - module_cpu
            own = statistics.median(run.service / run.requests for run in row.results if run.requests)
            lines.append(
                f"| {row.label} | {_seconds(row.task)} | {_seconds(row.median('before_module'))} | "
                f"{_seconds(row.median('module_wall'))} | {_seconds(row.median('after_module'))} | "
                f"{_seconds(module_cpu)} | {_seconds(rest)} | {_seconds(row.median('simulator_cpu'))} | "
                f"{own * 1000:.2f} ms |"
            )
        lines.append("")
    runbook_rows = [row for row in unlimited if (row.playbook or row.key == "startup") and row.results]
    if any(row.playbook for row in runbook_rows):
        startup = by_key["startup"].wall if "startup" in by_key else None
        lines += [
            "The runbook's playbooks as whole runs, next to the one-task playbook (seconds, medians): "
            "ansible-playbook's own start-up until its first task starts, the timed task (the `debug` task; the "
            "module's), the play's other tasks, and what follows the last result until ansible-playbook exits:",
            "",
            "| measurement | playbook | above the one-task playbook | lower bound | before the first task | "
            "timed task | other tasks | after the last task |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in runbook_rows:
            excess = row.wall - startup if row.playbook and row.wall is not None and startup is not None else None
            bound = row.lower_bound(latency) if row.playbook else None
            lines.append(
                f"| {row.label} | {_seconds(row.wall)} | {_seconds(excess)} | {_seconds(bound)} | "
                f"{_seconds(row.median('before_tasks'))} | {_seconds(row.task)} | "
                f"{_seconds(row.median('other_tasks'))} | {_seconds(row.median('after_tasks'))} |"
            )
        lines.append("")
    lines += _limited(rows)
    lines += [
        f"Simulator check before measuring: its own time {check.service_per_request * 1000:.2f} ms per request "
        f"(limit {MAX_SERVICE_PER_REQUEST * 1000:g} ms) over {PROBE_REQUESTS} GETs from {PROBE_CLIENTS} kept-alive "
        f"clients after {WARMUP_REQUESTS} to warm up ({check.per_request_observed * 1000:.1f} ms each as the clients "
        f"saw them); one GET on a kept-alive connection {check.keepalive_median * 1000:.1f} ms (median of 20).",
        "",
        "Machine:",
        "",
    ]
    lines += [f"- {name}: {value}" for name, value in {**machine(), **conditions}.items()]
    found = targets.check(by_key, latency)
    lines += ["", "Targets:", ""]
    lines += [f"- {'PASS' if target.passed else 'FAIL'} {target.text}" for target in found]
    minutes = (time.monotonic() - started) / 60
    command = "make bench" if options.only is None else f"hacking/run_bench.py --only {','.join(options.only)}"
    lines += ["", f"Measured on {datetime.date.today().isoformat()} by `{command}` in {minutes:.1f} minutes."]
    return "\n".join(lines) + "\n", all(target.passed for target in found)
