# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Callback for the bench (hacking/bench/): when each task starts and ends, as JSON lines in the file BENCH_TIMER_LOG
names.

The bench's runner (harness.py) copies it into a callback directory of its own and enables it as ``bench_timer``.
A task's time is from its start (before the worker is forked) to its final result (after the module's answer is
read back), so it counts everything a task costs, but not the start-up of ansible-playbook. Each event names the
task's action too, so that the bench finds the module's task in a playbook of the collection whatever the task is
called. Results are summarised, never written whole: a bulk result holds thousands of campaigns.
"""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase


def _summary(result: dict) -> dict:
    campaigns = result.get("campaigns")
    return {
        "changed": bool(result.get("changed")),
        "msg": str(result["msg"])[:500] if result.get("msg") else None,
        "campaigns": len(campaigns) if isinstance(campaigns, list) else None,
        "summary": result.get("summary"),
        "items": len(result["results"]) if isinstance(result.get("results"), list) else None,
    }


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    @staticmethod
    def _write(moment: float, event: str, name: str, **details) -> None:
        entry = {"event": event, "task": name, "time": moment, **details}
        with open(os.environ["BENCH_TIMER_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps(entry, default=str) + "\n")

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._write(time.time(), "start", task.get_name(), action=task.action)

    def v2_runner_on_ok(self, result):
        self._write(time.time(), "ok", result.task_name, action=result._task.action, **_summary(result._result))

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write(time.time(), "failed", result.task_name, action=result._task.action, **_summary(result._result))

    def v2_runner_on_unreachable(self, result):
        self._write(time.time(), "failed", result.task_name, action=result._task.action, **_summary(result._result))
