# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the fleet end-to-end tests share: the collection's playbooks run by name with ansible-playbook, as a user would."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import typing as t

from e2e import DEMO, PlaybookRun

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DESIRED_STATE = ROOT / "demo" / "desired-state.yml"

#: The role's module task, and its summary, as the result log names them.
APPLY_TASK = "Bring the campaigns to their desired state"
SUMMARY_TASK = "Summary"


def demo_env(base_url: str) -> dict[str, str]:
    """The EIGHTBYEIGHT_CC_* variables that reach the simulator's demo tenant."""
    return {
        "EIGHTBYEIGHT_CC_API_URL": base_url,
        "EIGHTBYEIGHT_CC_USERNAME": DEMO["username"],
        "EIGHTBYEIGHT_CC_DATA_TOKEN": DEMO["data_token"],
        "EIGHTBYEIGHT_CC_ACTION_TOKEN": DEMO["action_token"],
    }


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
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        RESULT_LOG=str(log),
    )
    environment.update(env or {})
    command = [str(pathlib.Path(sys.executable).parent / "ansible-playbook"), playbook, *options]
    done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=300, check=False)
    results = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
    return PlaybookRun(done.returncode, done.stdout + done.stderr, results)


def results_of(run: PlaybookRun, task: str) -> list[dict[str, t.Any]]:
    """The results of every task whose name ends with ``task`` (a role's tasks carry the role's name first)."""
    return [dict(e["result"], failed=e["status"] == "failed") for e in run.results if e["task"].endswith(task)]


def applied(run: PlaybookRun) -> dict[str, t.Any]:
    """The result of the role's one campaign_status call."""
    [result] = results_of(run, APPLY_TASK)
    return result


def summary(run: PlaybookRun) -> list[str]:
    """The lines of the role's summary."""
    [result] = results_of(run, SUMMARY_TASK)
    return result["msg"]
