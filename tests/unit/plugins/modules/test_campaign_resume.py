# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""campaign_resume: exactly the campaigns a snapshot shows running, and only with the tenant's own snapshot."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.eightbyeight.contact_center.plugins.modules.campaign_resume import main
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    BASE_URL,
    CONNECTION,
    USERNAME,
    add_read,
    add_write,
    read_url,
    sent,
    write_url,
)


def snapshot(username=USERNAME, api_url=BASE_URL, **states):
    return {
        "tenant": {"api_url": api_url, "username": username},
        "host": "localhost",
        "taken_at": "2026-12-01T21:30:00Z",
        "campaigns": [{"id": int(k[1:]), "name": f"Campaign {k[1:]}", "state": s} for k, s in states.items()],
        "failures": [],
    }


def resumable(api_mock, *ids):
    for campaign_id in ids:
        add_read(api_mock, 8, campaign_id=campaign_id)
        add_write(api_mock, campaign_id)
        add_read(api_mock, 3, campaign_id=campaign_id)


def test_exactly_the_campaigns_running_at_the_snapshot_are_resumed(run_module, api_mock):
    resumable(api_mock, 1, 3)
    run = run_module(
        main,
        dict(
            CONNECTION, snapshot={"pause_snapshots": {"localhost": snapshot(c1="running", c2="paused", c3="running")}}
        ),
    )
    assert not run.failed, run.result.get("msg")
    assert sorted((url.rsplit("/", 1)[1], body["status"]) for m, url, body in sent(api_mock) if m == "POST") == [
        ("1", "RUNNING"),
        ("3", "RUNNING"),
    ]
    assert run.result["lines"] == [
        "2 campaigns resumed, 0 held back, 0 failed",
        "campaign 1 (Campaign 1): running at the snapshot: resumed (RUNNING)",
        "campaign 2 (Campaign 2): paused at the snapshot: left as it is",
        "campaign 3 (Campaign 3): running at the snapshot: resumed (RUNNING)",
    ]


def test_another_tenants_snapshot_is_refused_before_any_request(run_module, api_mock):
    run = run_module(main, dict(CONNECTION, snapshot=snapshot(username="globex", c1="running")))
    assert run.failed and sent(api_mock) == []
    assert run.result["msg"].startswith(
        f"the snapshot is of the tenant globex at {BASE_URL}, taken at 2026-12-01T21:30:00Z, but this run connects to "
        f"the tenant {USERNAME} at {BASE_URL}: nothing was sent"
    )


def test_a_snapshot_file_is_read_and_the_hosts_own_snapshot_taken(run_module, api_mock, tmp_path):
    path = tmp_path / "paused.json"
    saved = {"pause_snapshots": {"acme": snapshot(c7="running"), "globex": snapshot(username="globex", c8="running")}}
    path.write_text(json.dumps(saved), encoding="utf-8")
    resumable(api_mock, 7)
    run = run_module(main, dict(CONNECTION, snapshot=str(path), host="acme"))
    assert not run.failed and run.result["changed"] is True


@pytest.mark.parametrize(
    "value, message",
    [
        ("/nonexistent/paused.json", "cannot read the snapshot /nonexistent/paused.json: No such file or directory"),
        (
            {"pause_snapshots": {"globex": {}}},
            "the snapshot holds no snapshot of the host localhost (it holds: globex)",
        ),
        ({"campaigns": [{"id": 1, "state": "running"}]}, "the snapshot records no tenant"),
    ],
)
def test_a_snapshot_that_cannot_be_used_sends_nothing(run_module, api_mock, value, message):
    run = run_module(main, dict(CONNECTION, snapshot=value))
    assert run.failed and run.result["msg"].startswith(message)
    assert sent(api_mock) == []


def test_a_snapshot_with_nothing_running_resumes_nothing_and_says_so(run_module, api_mock):
    run = run_module(main, dict(CONNECTION, snapshot=snapshot(c1="paused")))
    assert not run.failed and run.result["changed"] is False and sent(api_mock) == []
    assert (
        run.result["lines"][-1]
        == "The snapshot taken at 2026-12-01T21:30:00Z shows no running campaign: nothing to resume"
    )


def test_check_mode_sends_no_change(run_module, api_mock):
    add_read(api_mock, 8, campaign_id=1)
    run = run_module(main, dict(CONNECTION, snapshot=snapshot(c1="running")), check_mode=True, diff=True)
    assert [m for m, _u, _b in sent(api_mock)] == ["GET"]
    assert run.result["lines"] == [
        "1 campaign would resume, 0 held back, 0 failed",
        "campaign 1 (Campaign 1): running at the snapshot: would resume (RUNNING)",
    ]
    assert run.result["diff"][0]["after"]["state"] == "running"


def test_a_refused_credential_resumes_nothing_and_says_so(run_module, api_mock):
    api_mock.add(responses.GET, read_url(1), status=401, json={"message": "Unauthorized"})
    run = run_module(main, dict(CONNECTION, snapshot=snapshot(c1="running")))
    assert run.failed and run.result["msg"].endswith("; nothing was sent")
    assert run.result["lines"][0].startswith("NOTHING WAS RESUMED: campaign 1: GET")


def test_the_hosts_calling_hours_hold_a_resume_back_outside_them(run_module, api_mock):
    add_read(api_mock, 8, campaign_id=1)
    add_read(api_mock, 8, campaign_id=2)
    resumable(api_mock, 3)
    closed = {
        "name": "Closed",
        "kind": "calling_hours",
        "time_zone": "UTC",
        "days": ["sun"],
        "start": "00:00",
        "end": "00:01",
        "campaigns": [1],
    }
    policy = {
        "campaigns": [
            {"id": 1, "state": "paused"},
            {"id": 2, "state": "paused", "mode": "observe"},
            {"id": 3, "state": "paused"},
        ],
        "windows": [closed],
    }
    run = run_module(
        main, dict(CONNECTION, snapshot=snapshot(c1="running", c2="running", c3="running"), desired_state=policy)
    )
    assert not run.failed, run.result.get("msg")
    assert [u for m, u, _b in sent(api_mock) if m == "POST"] == [write_url(3)], "only the one the policy lets run"
    assert run.result["lines"][0] == "1 campaign resumed, 2 held back, 0 failed"
    assert run.result["lines"][1].startswith(
        "NOT RESUMED: campaign 1 (Campaign 1): running at the snapshot: outside Closed"
    )
    assert run.result["lines"][2].startswith(
        "NOT RESUMED: campaign 2 (Campaign 2): running at the snapshot: mode observe"
    )


def test_a_resume_lifts_the_holds_of_what_it_brought_back_and_journals_its_writes(run_module, api_mock, tmp_path):
    from datetime import datetime, timezone

    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HoldStore
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import PAUSE, open_hold
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant

    store = HoldStore(str(tmp_path / "holds"))
    tenant = Tenant("https://vcc-na12.8x8.com", "acme")
    hold = open_hold(tenant, [1, 2], PAUSE, "alice on bastion", datetime(2026, 12, 6, tzinfo=timezone.utc))
    store.add(hold)
    add_read(api_mock, 8, campaign_id=1)
    add_write(api_mock, 1)
    add_read(api_mock, 3, campaign_id=1)
    journal = tmp_path / "journal.jsonl"
    params = dict(
        CONNECTION,
        snapshot=snapshot(c1="running", c2="paused"),
        hold_dir=str(tmp_path / "holds"),
        journal=str(journal),
        reason="all clear",
        run={"user": "bob", "host": "bastion"},
    )
    run = run_module(main, params)
    assert not run.failed, run.result.get("msg")
    assert run.result["lifted"] == [hold.id]
    assert run.result["lines"][-1] == f"Hold {hold.id} lifted for 1: automation may keep them running again"
    [now] = store.read()[0]
    assert now.unlifted == (2,), "what it did not resume stays held"
    assert [(lift.campaign_id, lift.by) for lift in now.lifted] == [(1, "bob on bastion")]
    [entry] = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert (entry["campaign_id"], entry["sent"], entry["outcome"], entry["reason"]) == (
        1,
        "RUNNING",
        "accepted",
        "runbook resume: all clear",
    )


def test_a_resume_from_two_snapshots_brings_back_what_either_shows_running(run_module, api_mock):
    for campaign_id in (1, 2):
        add_read(api_mock, 8, campaign_id=campaign_id)
        add_write(api_mock, campaign_id)
        add_read(api_mock, 3, campaign_id=campaign_id)
    run = run_module(
        main, dict(CONNECTION, snapshot=[snapshot(c1="running", c2="paused"), snapshot(c1="paused", c2="running")])
    )
    assert not run.failed, run.result.get("msg")
    assert sorted(u for m, u, _b in sent(api_mock) if m == "POST") == [write_url(1), write_url(2)]
    assert run.result["lines"][0] == "2 campaigns resumed, 0 held back, 0 failed"
