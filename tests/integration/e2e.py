# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the end-to-end tests share: the demo tenant's credentials, playbook results, and readers of the simulator's log."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import subprocess
import sys
import typing as t

from simulator import SimulatorClient

HERE = pathlib.Path(__file__).resolve().parent
#: The ansible-core that runs the playbooks, and the Python (with requests) that runs the modules: this environment's,
#: unless E2E_ANSIBLE_BIN names the bin directory of another (make integration-older: the older ansible-cores).
ANSIBLE_BIN = pathlib.Path(os.environ.get("E2E_ANSIBLE_BIN") or pathlib.Path(sys.executable).parent)

DEMO = {"username": "demo", "data_token": "demo-data-token", "action_token": "demo-action-token"}
SECRETS = (DEMO["data_token"], DEMO["action_token"])


class PlaybookRun(t.NamedTuple):
    returncode: int
    output: str
    #: Every task result, in order: {"task", "status", "result"}.
    results: list[dict[str, t.Any]]

    def task(self, name: str) -> dict[str, t.Any]:
        """The result of the one task (not loop item) named ``name``."""
        [entry] = [e for e in self.results if e["task"] == name and not e["status"].startswith("item")]
        return dict(entry["result"], failed=entry["status"] == "failed")

    def items(self, name: str) -> list[dict[str, t.Any]]:
        return [e["result"] for e in self.results if e["task"] == name and e["status"].startswith("item")]


def writes(control: SimulatorClient, applied_only: bool = False) -> list[tuple[int, str | None]]:
    """(campaign, status word) for every status change sent to the simulator, in order (None for a write without
    one)."""
    return [
        (entry["campaign"], (entry["body"] or {}).get("status"))
        for entry in control.log()
        if entry["method"] in ("POST", "PATCH") and (entry["applied"] or not applied_only)
    ]


def reads(control: SimulatorClient) -> list[int]:
    return [entry["campaign"] for entry in control.log() if entry["method"] == "GET"]


def run_playbook(
    collections_path: pathlib.Path, cwd: pathlib.Path, playbook: str, *options: str, env: dict[str, str] | None = None
) -> PlaybookRun:
    """``ansible-playbook <playbook> <options>`` from ``cwd``, with no EIGHTBYEIGHT_CC_* variable but those of ``env``.

    ``playbook`` is a name such as ``eightbyeight.contact_center.apply``, or a path.
    """
    log = cwd / ".results.jsonl"
    log.unlink(missing_ok=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("EIGHTBYEIGHT_CC_")}
    environment.update(
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
        ANSIBLE_CALLBACK_PLUGINS=str(HERE / "callback_plugins"),
        ANSIBLE_CALLBACKS_ENABLED="result_log",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_PYTHON_INTERPRETER=str(ANSIBLE_BIN / "python"),
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        RESULT_LOG=str(log),
    )
    environment.update(env or {})
    command = [str(ANSIBLE_BIN / "ansible-playbook"), playbook, *options]
    done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300, check=False)
    results = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return PlaybookRun(done.returncode, done.stdout + done.stderr, results)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, from /proc, children first found first: those in sessions of their own too (the
    playbooks ansible-runner starts under a pseudo-terminal), which a signal to the process group does not reach."""
    children: dict[int, list[int]] = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found
