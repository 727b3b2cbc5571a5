# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""campaign_status with a list of campaigns, end to end: one task, the simulator's log as the witness."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import collections
import typing as t

import pytest
from e2e import DEMO, SECRETS, reads, writes

from simulator import Simulator

# Demo campaigns: 100 New, 103 Manual Running, 104 Schedule Running, 108 Manual Paused, 110 Manual Purged,
# 106 Completed (Stopped), 120 Manual Paused but disabled.
DESIRED: list[dict[str, t.Any]] = [
    {"id": 100, "state": "running"},
    {"id": 103, "state": "purged"},
    {"id": 104, "state": "stopped"},
    {"id": 108, "state": "running"},
    {"id": 110, "state": "paused"},
    {"id": 106, "state": "stopped"},
]
EXPECTED = {100: ["RUNNING"], 103: ["PAUSED", "PURGED"], 104: ["STOPPED"], 108: ["RUNNING"], 110: [], 106: []}


def bulk_task(connection: dict[str, t.Any], campaigns: list[dict[str, t.Any]], **options: t.Any) -> dict[str, t.Any]:
    return {
        "name": "fleet",
        "eightbyeight.contact_center.campaign_status": dict(connection, campaigns=campaigns, **options),
        "ignore_errors": True,
    }


def test_bulk_plan_then_converge_then_nothing_left(playbook, control, connection):
    plan = playbook([bulk_task(connection, DESIRED)], "--check", "--diff")
    assert writes(control) == [], "check mode sends no write"
    planned = plan.task("fleet")
    assert {c["id"]: c["transitions"] for c in planned["campaigns"]} == EXPECTED
    for campaign_id in (103, 108):
        assert f"campaign {campaign_id} (" in plan.output, "each diff is headed by the campaign's ID and name"
    assert '"transitions": [' in plan.output, "the changes sent show in the diff itself"

    real = playbook([bulk_task(connection, DESIRED)], "--diff").task("fleet")
    assert not real["failed"], real.get("msg")
    assert [(c["id"], c["transitions"]) for c in real["campaigns"]] == [
        (c["id"], c["transitions"]) for c in planned["campaigns"]
    ]
    assert real["diff"] == planned["diff"], "check mode predicted the real run exactly"
    assert real["summary"] == {
        "unchanged": 2,
        "changed": 4,
        "held": 0,
        "failed": 0,
        "states": {"purged": 2, "running": 2, "stopped": 2},
    }
    applied = collections.Counter(writes(control, applied_only=True))
    assert all(count == 1 for count in applied.values()), "no write applied twice"
    assert sorted(applied) == sorted((cid, word) for cid, words in EXPECTED.items() for word in words)

    control.reset()  # for an empty log; then the campaigns as the real run left them
    for campaign_id, status in ((100, 3), (103, 10), (104, 5), (108, 3)):
        control.set_campaign("demo", campaign_id, status=status)
    again = playbook([bulk_task(connection, DESIRED)]).task("fleet")
    assert again["changed"] is False
    assert sorted(reads(control)) == sorted(c["id"] for c in DESIRED), "one GET per campaign, nothing else"
    assert writes(control) == []


def test_bulk_partial_failure_names_each_failed_campaign_and_converges_the_rest(playbook, control, connection):
    desired = [
        {"id": 103, "state": "paused"},
        {"id": 120, "state": "running"},
        {"id": 999, "state": "paused"},
        {"id": 108, "state": "running"},
    ]
    run = playbook([bulk_task(connection, desired)])
    result = run.task("fleet")
    assert result["failed"]
    assert result["msg"].startswith("2 of 4 campaigns failed: campaign 120 (")
    assert "the campaign is not enabled" in result["msg"] and "campaign 999: not found" in result["msg"]
    assert sorted(writes(control, applied_only=True)) == [(103, "PAUSED"), (108, "RUNNING")]
    assert "Traceback" not in run.output and not any(secret in run.output for secret in SECRETS)


def test_bulk_duplicates_and_misspelt_entries_fail_before_anything_is_sent(playbook, control, connection):
    desired = [{"id": 108, "state": "running"}, {"id": 108, "state": "paused"}, {"id": 103, "stat": "paused"}]
    result = playbook([bulk_task(connection, desired)]).task("fleet")
    assert result["failed"]
    assert result["msg"].startswith("nothing was sent, since the campaigns list has 3 problem(s): ")
    assert "campaigns[1] (id 108) lists campaign 108 again (first as running, then as paused)" in result["msg"]
    assert "campaigns[2] (id 103) has unknown keys stat" in result["msg"]
    assert control.log() == []


def test_a_fault_in_the_middle_of_a_bulk_run_changes_nothing_twice(playbook, control, connection):
    control.add_fault(kind="drop_after_apply", method="POST", campaign=103)
    control.add_fault(kind="503", method="GET", campaign=108, count=2)
    control.add_fault(kind="504_after_apply", method="POST", campaign=104)
    result = playbook([bulk_task(connection, DESIRED, wait_sleep=0.3)]).task("fleet")
    assert not result["failed"], result.get("msg")
    assert {c["id"]: c["transitions"] for c in result["campaigns"]} == EXPECTED
    applied = writes(control, applied_only=True)
    assert len(applied) == len(set(applied)) == 5


def test_wrong_credentials_fail_the_bulk_task_once(playbook, control, connection):
    bad = dict(connection, data_token="not-the-data-token")
    run = playbook([bulk_task(bad, [{"id": campaign_id, "state": "paused"} for campaign_id in (100, 103, 104, 108)])])
    result = run.task("fleet")
    assert result["failed"]
    assert result["msg"].startswith("campaign 100: GET ") and result["msg"].endswith("; nothing was sent")
    assert len(control.log()) == 1
    assert "not-the-data-token" not in run.output


@pytest.fixture(scope="module")
def load_sim() -> t.Iterator[Simulator]:
    """500 running campaigns in tenant "load", with 20 ms per request, as a busy platform."""
    with Simulator(data={"tenants": [], "generate": 500}) as simulator:
        simulator.client.set_tenant("load", latency=0.02)
        yield simulator


LOAD = {"username": "load", "data_token": "load-data-token", "action_token": "load-action-token"}


def test_one_connection_pool_serves_the_whole_task(playbook, load_sim):
    load_sim.client.reset()
    load_sim.client.set_tenant("load", latency=0.02)
    connection = {"api_url": load_sim.base_url, **LOAD}
    before = load_sim.client.counters()["connections"]
    campaigns = [{"id": i, "state": "paused" if i <= 100 else "running"} for i in range(1, 201)]
    result = playbook([bulk_task(connection, campaigns, concurrency=8)]).task("fleet")
    assert not result["failed"], result.get("msg")
    counters = load_sim.client.counters()
    assert (counters["reads"], counters["applied"]) == (200 + 100, 100), (
        "a read each, and a write and its check for 100"
    )
    assert counters["connections"] - before <= 8 + 2, (
        "connections are reused, after writes too: one pool, as large as the concurrency"
    )


def test_a_rate_limited_burst_of_500_completes_with_none_failed_and_no_write_twice(playbook, load_sim):
    load_sim.client.reset()
    # 60 requests a second: well under what 8 at a time at 20 ms could send (400), and 1,500 requests in 25 s.
    load_sim.client.set_tenant("load", latency=0.02, rate_limit=60)
    connection = {"api_url": load_sim.base_url, **LOAD}
    campaigns = [{"id": i, "state": "paused"} for i in range(1, 501)]
    run = playbook([bulk_task(connection, campaigns, wait_sleep=0.5)])
    result = run.task("fleet")
    assert not result["failed"], result.get("msg")
    assert result["summary"]["changed"] == 500 and result["summary"]["failed"] == 0
    control = load_sim.client
    applied = writes(control, applied_only=True)
    assert len(applied) == 500 and len(set(applied)) == 500, "each campaign paused once"
    counters = control.counters()
    assert counters["rate_limited"] > 0, "the platform did push back"
    assert counters["rate_limited"] < counters["requests"] / 10, "and the task slowed down instead of hammering it"
    assert DEMO["action_token"] not in run.output
