# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the report says of the machine: its CPU, system, Python and ansible-core, the commit of plugins/, and
whether other work shared the machine with the bench."""

from __future__ import annotations

import os
import pathlib
import platform
import resource
import subprocess
import time

from .harness import ROOT


def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from ansible.release import __version__ as ansible_version  # pylint: disable=import-outside-toplevel  # the venv's

    memory = ""
    try:
        kib = next(
            int(line.split()[1])
            for line in pathlib.Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f", {kib / 1024**2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%h %cs", "--", "plugins"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    edited = subprocess.run(
        ["git", "status", "--porcelain", "--", "plugins"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    if commit and edited:
        commit += ", with changes not yet committed"
    return {
        "CPU": f"{model}, {os.cpu_count()} cores{memory}",
        "system": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "ansible-core": ansible_version,
        "plugins/ at": commit or "unknown",
    }


def _busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since it started (every process), from /proc/stat."""
    try:
        values = [
            int(value)
            for value in pathlib.Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:9]
        ]
    except (OSError, ValueError):
        return None
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    """CPU seconds of the bench and of every process it started and has waited for."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


class Busy:
    """Whether other work shared the machine with the bench: load averages, and the CPU time others used."""

    def __init__(self) -> None:
        self.load_at_start = os.getloadavg()[0]
        self._busy = _busy_seconds()
        self._own = _own_cpu_seconds()
        self._started = time.monotonic()

    def conditions(self) -> dict[str, str]:
        """Once the simulator has been stopped and waited for (so that its CPU time counts as the bench's own)."""
        busy, cores = _busy_seconds(), os.cpu_count() or 1
        found = {"load average (1 min) at the start": f"{self.load_at_start:.2f}"}
        if busy is not None and self._busy is not None:
            others = max(0.0, (busy - self._busy) - (_own_cpu_seconds() - self._own))
            share = others / ((time.monotonic() - self._started) * cores)
            found["other processes"] = f"used {share:.0%} of the CPU time while the bench ran"
        return found
