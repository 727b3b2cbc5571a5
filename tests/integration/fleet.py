# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the fleet end-to-end tests share: the collection's playbooks run by name with ansible-playbook, as a user would."""

from __future__ import annotations

import pathlib
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


def results_of(run: PlaybookRun, task: str) -> list[dict[str, t.Any]]:
    """The results of every task whose name ends with ``task`` (a role's tasks carry the role's name first)."""
    return [dict(e["result"], failed=e["status"] == "failed") for e in run.results if e["task"].endswith(task)]


def applied(run: PlaybookRun) -> dict[str, t.Any]:
    """The result of the role's one campaign_status call; ``failed`` when the module failed, which the role says in
    its last task, after the summary (the module's own task never fails, so that its result is not printed first)."""
    [result] = results_of(run, APPLY_TASK)
    return dict(result, failed=any(r["failed"] for r in results_of(run, "Fail as the module did, after the summary")))


def summary(run: PlaybookRun) -> list[str]:
    """The lines of the role's summary."""
    [result] = results_of(run, SUMMARY_TASK)
    return result["msg"]
