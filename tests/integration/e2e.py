# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the end-to-end tests share: the demo tenant's credentials, playbook results, and readers of the simulator's log."""

from __future__ import annotations

import typing as t

from simulator import SimulatorClient

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


def writes(control: SimulatorClient, applied_only: bool = False) -> list[tuple[int, str]]:
    """(campaign, status word) for every status change sent to the simulator, in order."""
    return [
        (entry["campaign"], (entry["body"] or {}).get("status"))
        for entry in control.log()
        if entry["method"] in ("POST", "PATCH") and (entry["applied"] or not applied_only)
    ]


def reads(control: SimulatorClient) -> list[int]:
    return [entry["campaign"] for entry in control.log() if entry["method"] == "GET"]
