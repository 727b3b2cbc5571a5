# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The fault matrix: each fault the simulator injects, and how campaign_status must end. Never two writes applied for one change."""

from __future__ import annotations

import threading
import time

import pytest
from e2e import DEMO, SECRETS, writes

from simulator import Simulator

# Timed: the faults are timed against the modules' timeouts (make integration runs these as they would run alone).
pytestmark = pytest.mark.timed

# (name, faults, campaign settings, module options, expected: "ok" or the failure's message fragment, writes applied)
MATRIX = [
    ("read 429 with Retry-After", [{"kind": "429", "method": "GET", "retry_after": 1}], {}, {}, "ok", 1),
    ("read 502", [{"kind": "502", "method": "GET"}], {}, {}, "ok", 1),
    ("read 503 twice", [{"kind": "503", "method": "GET", "count": 2}], {}, {}, "ok", 1),
    ("read 504", [{"kind": "504", "method": "GET"}], {}, {}, "ok", 1),
    ("read dropped", [{"kind": "drop", "method": "GET"}], {}, {}, "ok", 1),
    ("read slower than timeout", [{"kind": "slow", "method": "GET", "delay": 3}], {}, {"timeout": 1}, "ok", 1),
    (
        "read 503 beyond retries",
        [{"kind": "503", "method": "GET", "count": 5}],
        {},
        {"retries": 1},
        "answered HTTP 503 after 1 retries",
        0,
    ),
    (
        "read HTML login page",
        [{"kind": "html", "method": "GET"}],
        {},
        {},
        "with text/html (a login page or a proxy?)",
        0,
    ),
    ("read truncated JSON", [{"kind": "truncated", "method": "GET"}], {}, {}, "not JSON", 0),
    ("write 405 to POST", [{"kind": "405", "method": "POST"}], {}, {}, "ok", 1),
    ("write 429 with Retry-After", [{"kind": "429", "method": "POST", "retry_after": 1}], {}, {}, "ok", 1),
    (
        "write dropped before applying",
        [{"kind": "drop", "method": "POST"}],
        {},
        {"wait_timeout": 2, "wait_sleep": 0.5},
        "ok",
        1,
    ),
    ("write dropped after applying", [{"kind": "drop_after_apply", "method": "POST"}], {}, {}, "ok", 1),
    ("write 500 once", [{"kind": "500", "method": "POST"}], {}, {"wait_timeout": 2, "wait_sleep": 0.5}, "ok", 1),
    (
        "write 503 beyond retries",
        [{"kind": "503", "method": "POST", "count": 5}],
        {},
        {"retries": 2, "wait_timeout": 1},
        "answered HTTP 503: Service Unavailable (PAUSED was sent but its outcome is unknown",
        0,
    ),
    ("write 504 after applying", [{"kind": "504_after_apply", "method": "POST"}], {}, {}, "ok", 1),
    ("write slower than timeout", [{"kind": "slow", "method": "POST", "delay": 3}], {}, {"timeout": 1}, "ok", 1),
    ("change shows late", [], {"visibility_delay": 1.5}, {"wait_sleep": 0.5}, "ok", 1),
    (
        "change shows too late",
        [],
        {"visibility_delay": 5},
        {"wait_timeout": 1, "wait_sleep": 0.5},
        "after 1 seconds the campaign still reads 3 (Manual Running), not paused",
        1,
    ),
]


@pytest.mark.parametrize("name, faults, settings, options, expected, applied", MATRIX, ids=[case[0] for case in MATRIX])
def test_fault_matrix(playbook, control, connection, name, faults, settings, options, expected, applied):
    for rule in faults:
        control.add_fault(campaign=103, **rule)
    if settings:
        control.set_campaign("demo", 103, **settings)
    run = playbook(
        [
            {
                "name": name,
                "eightbyeight.contact_center.campaign_status": dict(
                    connection, campaign_id=103, state="paused", **options
                ),
                "ignore_errors": True,
            }
        ]
    )
    result = run.task(name)
    if expected == "ok":
        assert not result["failed"], result.get("msg")
        assert (result["changed"], result["transitions"]) == (True, ["PAUSED"])
        assert result["campaign"]["status"] == 8
    else:
        assert result["failed"]
        assert expected in result["msg"], result["msg"]
        assert "\n" not in result["msg"]
    assert writes(control, applied_only=True) == [(103, "PAUSED")] * applied, "never two writes applied for one change"
    assert "Traceback" not in run.output
    assert not any(secret in run.output for secret in SECRETS)


def test_a_retried_read_is_reported_as_a_warning(playbook, control, connection):
    control.add_fault(kind="503", method="GET", campaign=103)
    run = playbook(
        [
            {
                "name": "pause",
                "eightbyeight.contact_center.campaign_status": dict(connection, campaign_id=103, state="paused"),
            }
        ]
    )
    assert run.returncode == 0
    assert "answered HTTP 503; retry 1 of 3 in" in run.output


def test_running_may_show_manual_started_first(playbook, control, connection):
    control.set_campaign("demo", 100, start_delay=2)
    run = playbook(
        [
            {
                "name": "start",
                "eightbyeight.contact_center.campaign_status": dict(connection, campaign_id=100, state="running"),
            }
        ]
    )
    assert run.returncode == 0, run.output
    assert run.task("start")["campaign"]["status"] == 1  # Manual Started counts as running
    assert writes(control, applied_only=True) == [(100, "RUNNING")]


def test_a_two_step_change_waits_between_steps(playbook, control, connection):
    control.set_campaign("demo", 103, visibility_delay=1)
    run = playbook(
        [
            {
                "name": "purge",
                "eightbyeight.contact_center.campaign_status": dict(
                    connection, campaign_id=103, state="purged", wait_sleep=0.3
                ),
            }
        ]
    )
    assert run.returncode == 0, run.output
    assert writes(control) == [(103, "PAUSED"), (103, "PURGED")], "PURGED is sent only once PAUSED shows"


def test_a_campaign_stopped_by_someone_else_meanwhile_fails_naming_its_new_status(playbook, control, connection):
    control.add_fault(kind="slow", method="POST", campaign=103, delay=2)

    def stop_once_read():
        deadline = time.monotonic() + 60
        while not any(entry["method"] == "GET" for entry in control.log()) and time.monotonic() < deadline:
            time.sleep(0.05)
        control.set_campaign("demo", 103, status=5)

    operator = threading.Thread(target=stop_once_read)
    operator.start()
    run = playbook(
        [
            {
                "name": "pause",
                "eightbyeight.contact_center.campaign_status": dict(connection, campaign_id=103, state="paused"),
                "ignore_errors": True,
            }
        ]
    )
    operator.join()
    result = run.task("pause")
    assert result["failed"]
    # Refused with the vendor's 500 for a stopped campaign: a 5xx, so the module cannot know it was not applied.
    assert (
        "it changed while this task ran, and cannot become paused: its status is 5 (Manual Stopped); stopped is final: "
        "it cannot be changed any more (PAUSED was sent but its outcome is unknown"
    ) in result["msg"]
    assert result["unconfirmed"] == ["PAUSED"]
    assert writes(control, applied_only=True) == []


@pytest.fixture(scope="module")
def tls_sim():
    with Simulator(tls=True) as simulator:
        yield simulator


@pytest.mark.parametrize(
    "options, env, expected",
    [
        ({"ca_path": "CA"}, {}, "ok"),
        ({}, {}, "failed TLS verification"),
        ({"validate_certs": False}, {"REQUESTS_CA_BUNDLE": "/nonexistent/ca.pem"}, "ok"),
        ({}, {"REQUESTS_CA_BUNDLE": "CA"}, "ok"),
    ],
    ids=["ca_path", "untrusted", "validate_certs false beats REQUESTS_CA_BUNDLE", "REQUESTS_CA_BUNDLE"],
)
def test_tls(playbook, tls_sim, options, env, expected):
    tls_sim.client.reset()
    ca = str(tls_sim.ca_file)
    options = {k: (ca if v == "CA" else v) for k, v in options.items()}
    env = {k: (ca if v == "CA" else v) for k, v in env.items()}
    run = playbook(
        [
            {
                "name": "read",
                "eightbyeight.contact_center.campaign_info": dict(
                    api_url=tls_sim.base_url, campaign_id=103, retries=0, **DEMO, **options
                ),
                "ignore_errors": True,
            }
        ],
        env=env,
    )
    result = run.task("read")
    if expected == "ok":
        assert not result["failed"], result.get("msg")
        assert result["campaigns"][0]["status"] == 3
    else:
        assert expected in result["msg"] and "set ca_path" in result["msg"]
