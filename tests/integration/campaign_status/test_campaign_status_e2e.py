# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""campaign_status and campaign_info, run by ansible-playbook against the simulator; the simulator's log says what was sent."""

from __future__ import annotations

import pytest
from e2e import DEMO, SECRETS, reads, writes

from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    LANDS_IN,
    REFERENCE_PLAN,
    REFERENCE_STATUSES,
)

# The demo data holds campaign 100 + code for every status code.
CAMPAIGNS = {100 + code: code for code in REFERENCE_STATUSES}


def status_task(connection, campaign, state, **extra):
    return {
        "name": f"{campaign} {state}",
        "eightbyeight.contact_center.campaign_status": dict(connection, campaign_id=campaign, state=state, **extra),
        "ignore_errors": True,
    }


@pytest.mark.parametrize("desired", ["running", "paused", "purged", "stopped"])
def test_the_transition_table_for_every_status_code(playbook, control, connection, desired):
    run = playbook([status_task(connection, campaign, desired) for campaign in CAMPAIGNS], "--diff")
    for campaign, code in CAMPAIGNS.items():
        result = run.task(f"{campaign} {desired}")
        expected = REFERENCE_PLAN[REFERENCE_STATUSES[code][1]][desired]
        if expected is None:
            assert result["failed"], campaign
            assert f"its status is {code} ({REFERENCE_STATUSES[code][0]})" in result["msg"]
            assert "\n" not in result["msg"]
        else:
            assert not result.get("failed"), (campaign, result.get("msg"))
            assert result["changed"] is bool(expected)
            assert result["transitions"] == expected
            if expected:
                assert result["campaign"]["status"] == LANDS_IN[expected[-1]][0]
                assert control.campaign("demo", campaign)["status"] == LANDS_IN[expected[-1]][0]
        sent = [word for where, word in writes(control, applied_only=True) if where == campaign]
        assert sent == (expected or []), f"campaign {campaign} got {sent}"
    assert len(writes(control)) == len(writes(control, applied_only=True)), "no write was refused"


@pytest.mark.parametrize("desired", ["running", "paused", "purged", "stopped"])
def test_check_mode_with_diff_sends_only_reads_and_predicts(playbook, control, connection, desired):
    run = playbook([status_task(connection, campaign, desired) for campaign in CAMPAIGNS], "--check", "--diff")
    assert writes(control) == []
    assert sorted(reads(control)) == sorted(CAMPAIGNS), "one GET per campaign"
    for campaign, code in CAMPAIGNS.items():
        result = run.task(f"{campaign} {desired}")
        expected = REFERENCE_PLAN[REFERENCE_STATUSES[code][1]][desired]
        if expected is None:
            assert result["failed"]
            continue
        assert result["transitions"] == expected
        assert result["changed"] is bool(expected)
        assert result["diff"]["before"]["status"] == code
        if expected:
            assert result["diff"]["after"]["status"] == LANDS_IN[expected[-1]][0]
    assert "--- before" in run.output and "+++ after" in run.output


def test_check_mode_predicts_the_real_run(playbook, control, connection):
    tasks = [status_task(connection, campaign, "purged") for campaign in CAMPAIGNS]
    check = playbook(tasks, "--check", "--diff")
    real = playbook(tasks, "--diff")
    for campaign in CAMPAIGNS:
        predicted, done = check.task(f"{campaign} purged"), real.task(f"{campaign} purged")
        for key in ("changed", "transitions", "diff", "failed", "msg"):
            assert predicted.get(key) == done.get(key), (campaign, key)


def test_a_second_run_changes_nothing_and_sends_one_get_per_campaign(playbook, control, connection):
    tasks = [status_task(connection, campaign, "paused") for campaign in (101, 103, 108, 110)]
    first = playbook(tasks)
    assert "changed=2" in first.output
    before = len(control.log())
    second = playbook(tasks)
    assert "changed=0" in second.output and "failed=0" in second.output
    log = control.log()[before:]
    assert [entry["method"] for entry in log] == ["GET"] * 4
    assert sorted(entry["campaign"] for entry in log) == [101, 103, 108, 110]


def test_credentials_from_environment_and_module_defaults_group(playbook, control, sim):
    env = {
        "EIGHTBYEIGHT_CC_API_URL": sim.base_url,
        "EIGHTBYEIGHT_CC_USERNAME": "demo",
        "EIGHTBYEIGHT_CC_DATA_TOKEN": DEMO["data_token"],
        "EIGHTBYEIGHT_CC_ACTION_TOKEN": DEMO["action_token"],
    }
    run = playbook(
        [
            {"name": "pause", "eightbyeight.contact_center.campaign_status": {"campaign_id": 103, "state": "paused"}},
            {"name": "read", "eightbyeight.contact_center.campaign_info": {"campaign_ids": [103, 110]}},
        ],
        env=env,
    )
    assert run.returncode == 0, run.output
    assert run.task("pause")["transitions"] == ["PAUSED"]
    assert [c["state"] for c in run.task("read")["campaigns"]] == ["paused", "purged"]

    control.reset()
    run = playbook(
        [
            {"name": "pause", "eightbyeight.contact_center.campaign_status": {"campaign_id": 103, "state": "paused"}},
            {"name": "read", "eightbyeight.contact_center.campaign_info": {"campaign_id": 103}},
        ],
        module_defaults={"group/eightbyeight.contact_center.campaign": {"api_url": sim.base_url, **DEMO}},
    )
    assert run.returncode == 0, run.output
    assert run.task("pause")["changed"] is True
    assert run.task("read")["campaigns"][0]["status"] == 8


def test_campaign_info_reads_in_order_and_never_writes(playbook, control, connection):
    info = {k: v for k, v in connection.items() if k != "action_token"}
    run = playbook(
        [{"name": "read", "eightbyeight.contact_center.campaign_info": dict(info, campaign_ids=[111, 100, 120])}],
        "--check",
    )
    campaigns = run.task("read")["campaigns"]
    assert [(c["id"], c["status"], c["enabled"]) for c in campaigns] == [
        (111, 11, True),
        (100, 0, True),
        (120, 8, False),
    ]
    assert writes(control) == []


def _failure(playbook, connection, campaign=103, state="paused", **extra):
    run = playbook([status_task(connection, campaign, state, **extra)], "-vvvv")
    result = run.task(f"{campaign} {state}")
    assert result["failed"]
    assert "\n" not in result["msg"] and "Traceback" not in run.output
    assert not any(secret in run.output for secret in SECRETS), "no token at -vvvv"
    return result["msg"]


def test_errors_users_meet_are_one_clear_line_and_write_nothing(playbook, control, connection, sim):
    cases = [
        (
            dict(connection, data_token="wrong"),
            103,
            "was refused (HTTP 401: Unauthorized): check username and data_token",
        ),
        (
            dict(connection, action_token="wrong"),
            103,
            "was refused (HTTP 401: Unauthorized): check username and action_token",
        ),
        (connection, 999, "campaign 999: not found (HTTP 404"),
        (connection, 120, "it must become running, but the campaign is not enabled"),
        (connection, 121, "but it is not a dynamic campaign"),
        (connection, 100, "cannot become paused: its status is 0 (New); from here it can only become running"),
        (
            dict(connection, api_url="http://127.0.0.1:9"),
            103,
            "/api/stats/campaigns/103.json failed: Failed to establish a new connection: [Errno 111] Connection refused",
        ),
    ]
    for options, campaign, message in cases:
        msg = _failure(playbook, options, campaign, state="running" if campaign == 120 else "paused")
        assert message in msg, msg
    assert writes(control, applied_only=True) == []


def test_an_unknown_status_code_and_an_html_answer_are_clear_failures(playbook, control, connection):
    control.set_campaign("demo", 103, status=42)
    assert "unknown campaign status 42" in _failure(playbook, connection)
    control.reset()
    control.add_fault(kind="html", method="GET")
    assert "with text/html (a login page or a proxy?)" in _failure(playbook, connection)
    assert writes(control) == []


def test_no_token_in_output_at_the_highest_verbosity(playbook, control, connection):
    run = playbook([status_task(connection, 103, "purged")], "-vvvv", "--diff")
    assert run.returncode == 0, run.output
    assert run.task("103 purged")["transitions"] == ["PAUSED", "PURGED"]
    assert not any(secret in run.output for secret in SECRETS)
    assert "Authorization" not in run.output
