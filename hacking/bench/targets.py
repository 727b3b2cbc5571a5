# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The targets (issue "Fleets at speed", item 5; the runbook's, item 12), as a table: what each is called, the
measurement it is about, the one it is compared with, and how its bound is computed (its rule, a factor and a
slack). A FAIL makes the bench exit 1; docs/benchmark.md lists the same targets."""

from __future__ import annotations

import statistics
import typing as t
from dataclasses import dataclass

from .harness import Measurement


@dataclass(frozen=True)
class Target:
    """One line of the table. ``name`` may hold ``{size}``: the measurement's campaigns."""

    name: str
    measurement: str
    rule: str  # a key of RULES: what the value is, and its bound from ``factor`` and ``slack``
    against: str | None = None  # the measurement it is compared with
    factor: float = 1.0
    slack: float = 0.0  # seconds added to the bound
    also: tuple[str, ...] = ()  # the other measurements it needs


# rule: the value, and the bound it must keep
#   ratio              the median ratio of the side-by-side runs' tasks to the ``against`` task's; <= factor
#   speedup            ``against``'s task time over the measurement's; >= factor
#   task_above         the task time above ``against``'s task; <= factor x the lower bound + slack
#   added              the median of the side-by-side runs' task times above ``against``'s; <= slack
#   module_peak        the largest peak of the module process, in MB; < factor
#   playbook_above     the whole playbook above ``against``'s playbook; <= factor x the lower bound + slack
#   every_run_limited  each run's whole playbook, under the tenant's rate limit; <= factor x its requests / the limit
TARGETS: tuple[Target, ...] = (
    Target("1 campaign, nothing to change, no slower than `uri`", "one_module", "ratio", "one_uri", 1.05),
    Target(
        "{size} unchanged in one bulk task, against a loop of `uri`",
        "bulk_unchanged",
        "speedup",
        "loop_uri_unchanged",
        80.0,
        also=("one_module",),
    ),
    Target("{size:,} unchanged in one bulk task", "bulk_unchanged", "task_above", "one_module", 1.2, 0.3),
    Target("{size:,} changing in one bulk task", "bulk_changing", "task_above", "one_module", 1.2, 0.5),
    Target(
        "{size} unchanged, each reaching three jurisdictions, in one bulk task",
        "bulk_reaches",
        "added",
        "bulk_planned",
        slack=0.2,
    ),
    Target("{size:,} unchanged in one bulk task", "bulk_big", "task_above", "one_module", 1.5),
    Target("{size:,} unchanged in one bulk task, module memory", "bulk_big", "module_peak", factor=150.0),
    # Whole ansible-playbook runs, start-up included on both sides: what the runbook costs an on-call engineer
    # beyond what any playbook does.
    Target("{size} running paused by the `pause` playbook, whole run", "pause", "playbook_above", "startup", 1.2, 1.5),
    Target(
        "{size} paused resumed by the `resume` playbook from its snapshot, whole run",
        "resume",
        "playbook_above",
        "startup",
        1.2,
        1.5,
    ),
    # Under a platform's rate limit the time is the limit's, requests / limit: every run, not only the median, since
    # what was wrong was one run in several taking 4.7 times that.
    Target(
        "{size} running paused by the `pause` playbook under a limit of {limit:g} requests/s, every run",
        "limited_pause",
        "every_run_limited",
        factor=1.3,
    ),
    Target(
        "{size} paused resumed by the `resume` playbook under a limit of {limit:g} requests/s, every run",
        "limited_resume",
        "every_run_limited",
        factor=1.3,
    ),
)


@dataclass
class Result:
    passed: bool
    text: str


Rule = t.Callable[[Target, dict[str, Measurement], float], tuple[bool, str]]


def _margin(spare: float, unit: str, digits: int = 2) -> str:
    return f"{spare:.{digits}f}{unit} to spare" if spare >= 0 else f"{-spare:.{digits}f}{unit} over"


def _plus(target: Target) -> str:
    return f" + {target.slack:g} s" if target.slack else ""


def _ratio(target: Target, rows: dict[str, Measurement], latency: float) -> tuple[bool, str]:
    # Run for run: the two tasks run side by side in each round (see harness.schedule), so a busy spell of the
    # machine weighs on both sides of a ratio.
    row, other = rows[target.measurement], rows[t.cast(str, target.against)]
    pairs = list(zip(row.results, other.results))
    value = statistics.median(mine.task / theirs.task for mine, theirs in pairs)
    return value <= target.factor, (
        f"`campaign_status` {row.task:.2f} s, `uri` {other.task:.2f} s: ratio {value:.3f}, the median of "
        f"{len(pairs)} side-by-side runs (target <= {target.factor:g}, {_margin(target.factor - value, '', 3)})"
    )


def _speedup(target: Target, rows: dict[str, Measurement], latency: float) -> tuple[bool, str]:
    row, other = rows[target.measurement], rows[t.cast(str, target.against)]
    value = t.cast(float, other.task) / t.cast(float, row.task)
    return value >= target.factor, (
        f"{value:.0f}x faster than the `uri` loop ({row.task:.2f} s against {other.task:.1f} s; target >= "
        f"{target.factor:g}x, {_margin(value - target.factor, 'x', 0)})"
    )


def _task_above(target: Target, rows: dict[str, Measurement], latency: float) -> tuple[bool, str]:
    row, other = rows[target.measurement], rows[t.cast(str, target.against)]
    value = t.cast(float, row.task) - t.cast(float, other.task)
    bound = t.cast(float, row.lower_bound(latency))
    limit = target.factor * bound + target.slack
    return value <= limit, (
        f"{value:.2f} s above the one-campaign task (target <= {target.factor:g} x {bound:.2f} s{_plus(target)} = "
        f"{limit:.2f} s, {_margin(limit - value, ' s')})"
    )


def _added(target: Target, rows: dict[str, Measurement], latency: float) -> tuple[bool, str]:
    # Run for run, as the ratio: the two tasks run side by side in each round, and the median of their differences
    # is what the one adds, where the difference of two medians would carry both tasks' spread.
    row, other = rows[target.measurement], rows[t.cast(str, target.against)]
    added = [mine.task - theirs.task for mine, theirs in zip(row.results, other.results)]
    value = statistics.median(added)
    return value <= target.slack, (
        f"{value:.3f} s added, the median of {len(added)} side-by-side runs (from {min(added):.3f} to "
        f"{max(added):.3f} s; {row.task:.2f} s against {other.task:.2f} s without reaches; target <= "
        f"{target.slack:g} s, {_margin(target.slack - value, ' s', 3)})"
    )


def _module_peak(target: Target, rows: dict[str, Measurement], latency: float) -> tuple[bool, str]:
    peaks = [run.module_peak for run in rows[target.measurement].results if run.module_peak is not None]
    if not peaks:
        return False, "not measured"
    value = max(peaks) / 1e6
    return value < target.factor, (
        f"peak {value:.0f} MB (largest of {len(peaks)} runs; target < {target.factor:g} MB, "
        f"{_margin(target.factor - value, ' MB', 0)})"
    )


def _playbook_above(target: Target, rows: dict[str, Measurement], latency: float) -> tuple[bool, str]:
    row, other = rows[target.measurement], rows[t.cast(str, target.against)]
    startup = t.cast(float, other.wall)
    value = t.cast(float, row.wall) - startup
    bound = t.cast(float, row.lower_bound(latency))
    limit = target.factor * bound + target.slack
    return value <= limit, (
        f"{value:.2f} s above the one-task playbook ({row.wall:.2f} s against {startup:.2f} s; target <= "
        f"{target.factor:g} x {bound:.2f} s{_plus(target)} = {limit:.2f} s, {_margin(limit - value, ' s')})"
    )


def spread(values: t.Sequence[float]) -> str:
    """min / median / max, in seconds."""
    return f"{min(values):.1f} / {statistics.median(values):.1f} / {max(values):.1f} s"


def _every_run_limited(target: Target, rows: dict[str, Measurement], latency: float) -> tuple[bool, str]:
    row = rows[target.measurement]
    if row.error is not None:  # every run counts: one that failed fails the target, whatever the others took
        return False, f"a run failed after {len(row.results)} ({row.error})"
    limit = t.cast(float, row.rate_limit)
    bounds = [target.factor * run.answered / limit for run in row.results]
    spare = min(bound - run.wall for bound, run in zip(bounds, row.results))
    walls = ", ".join(f"{run.wall:.1f}" for run in row.results)
    answered = sorted({run.answered for run in row.results})
    refused = statistics.median(run.rate_limited for run in row.results)
    return spare >= 0, (
        f"runs of {walls} s ({spread([run.wall for run in row.results])} min / median / max), "
        f"{'/'.join(map(str, answered))} requests and a median of {refused:g} answered 429 (target each <= "
        f"{target.factor:g} x {answered[0]} / {limit:g} = {bounds[0]:.1f} s, the worst run "
        f"{_margin(spare, ' s', 1)})"
    )


RULES: dict[str, Rule] = {
    "ratio": _ratio,
    "speedup": _speedup,
    "task_above": _task_above,
    "added": _added,
    "module_peak": _module_peak,
    "playbook_above": _playbook_above,
    "every_run_limited": _every_run_limited,
}


def check(rows: dict[str, Measurement], latency: float) -> list[Result]:
    """The PASS/FAIL lines, in the order of TARGETS; a target whose measurements were not chosen (--only) is left
    out, and one whose measurements failed fails, with the reason."""
    found: list[Result] = []
    for target in TARGETS:
        keys = [target.measurement, *([target.against] if target.against else []), *target.also]
        if not all(key in rows for key in keys):
            continue
        name = target.name.format(size=rows[target.measurement].size, limit=rows[target.measurement].rate_limit)
        broken = [rows[key] for key in keys if rows[key].task is None]
        if broken:
            reason = broken[0].error or "not measured"
            found.append(Result(False, f"{name}: not measured ({broken[0].label}: {reason})"))
            continue
        passed, text = RULES[target.rule](target, rows, latency)
        found.append(Result(passed, f"{name}: {text}"))
    return found
