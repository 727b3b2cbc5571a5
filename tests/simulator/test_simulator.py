# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The simulator behaves like the two 8x8 endpoints, by the collection's own transition table."""

from __future__ import annotations

import base64
import http.client
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

import pytest
import requests

from simulator import ADMIN_HEADER, DataError, Simulator, SimulatorClient, SimulatorError, load_data, report_data
from simulator.data import default_fields

REPO_ROOT = Path(__file__).resolve().parents[2]


def _load_lifecycle() -> Any:
    """The collection's table, loaded here on its own so the tests do not take it from the simulator."""
    spec = importlib.util.spec_from_file_location(
        "lifecycle_under_test", REPO_ROOT / "plugins" / "module_utils" / "_lifecycle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LIFECYCLE = _load_lifecycle()

#: Every field of the vendor's sample GET answer, in its order.
VENDOR_FIELDS = [
    "campaign-name",
    "campaign-id",
    "enabled",
    "status",
    "no-of-records",
    "caller-id",
    "queue-id",
    "start-time",
    "end-time",
    "actual-run-time",
    "actual-stop-time",
    "daily-start-time",
    "daily-end-time",
    "retry-interval",
    "max-retry",
    "abandon-max-retry",
    "max-ring-time",
    "integration-type",
    "calling-window",
    "schedule-name",
    "timezone",
    "dynamic-campaign",
    "sequential",
]
ISO_WITH_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")

DATA_AUTH = ("demo", "demo-data-token")
ACTION_AUTH = ("demo", "demo-action-token")
ADMIN = "<the admin token>"  # stands for the running simulator's admin token in parameters


def read(
    session: requests.Session, sim: Simulator, campaign_id: int, *, auth: Any = DATA_AUTH, suffix: str = ".json"
) -> requests.Response:
    return session.get(f"{sim.base_url}/api/stats/campaigns/{campaign_id}{suffix}", auth=auth, timeout=10)


def write(
    session: requests.Session,
    sim: Simulator,
    campaign_id: int,
    word: str | None,
    *,
    auth: Any = ACTION_AUTH,
    method: str = "POST",
    data: bytes | None = None,
) -> requests.Response:
    url = f"{sim.base_url}/api/tstats/campaigns/{campaign_id}"
    if data is None:
        return session.request(method, url, json={"status": word}, auth=auth, timeout=10)
    return session.request(method, url, data=data, auth=auth, timeout=10, headers={"Content-Type": "application/json"})


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def counts(control: SimulatorClient) -> dict[str, float]:
    """The counters that count requests; ``service_seconds`` and ``connections`` depend on the clients, so are only
    checked to be counts (see their own tests)."""
    counters = control.counters()
    assert counters.pop("service_seconds") >= 0
    assert counters.pop("connections") >= 0
    return counters


def entries(control: SimulatorClient) -> list[dict[str, Any]]:
    """The log without each entry's ``duration`` (a measure), once checked to be one."""
    log = control.log()
    for entry in log:
        assert entry.pop("duration") >= 0, entry
    return log


def with_admin(auth: Any, sim: Simulator) -> Any:
    return (auth[0], sim.admin_token) if auth and auth[1] == ADMIN else auth


# --- reading a campaign --------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("control")
def test_get_answers_every_vendor_field(sim, session):
    answer = read(session, sim, 103)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    campaign = answer.json()["campaign"]
    assert list(campaign) == VENDOR_FIELDS
    assert campaign["campaign-name"] == "Customer satisfaction survey"
    assert (campaign["campaign-id"], campaign["status"], campaign["enabled"], campaign["dynamic-campaign"]) == (
        103,
        3,
        "Y",
        "Y",
    )
    assert int(answer.headers["Content-Length"]) == len(answer.content)


def test_demo_data_has_every_status_code_once():
    demo = load_data()["demo"].campaigns
    assert {campaign_id: demo[campaign_id].fields["status"] for campaign_id in range(100, 112)} == {
        100 + code: code for code in range(12)
    }
    assert set(LIFECYCLE.STATUSES) == set(range(12))
    assert (demo[120].fields["enabled"], demo[120].fields["status"]) == ("N", 8)
    assert (demo[121].fields["dynamic-campaign"], demo[121].fields["status"]) == ("N", 3)


@pytest.mark.usefixtures("control")
def test_get_without_json_suffix_answers_xml(sim, session):
    answer = read(session, sim, 108, suffix="")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/xml"
    assert answer.text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<campaign><campaign-name>Abandoned cart recovery</campaign-name>'
    )
    assert "<status>8</status>" in answer.text


def test_missing_fields_get_defaults_and_settings_are_not_fields(sim, control, session):
    control.set_campaign("demo", 130, campaign_name="Minimal", latency=0, visibility_delay=0, start_delay=0)
    campaign = read(session, sim, 130).json()["campaign"]
    assert list(campaign) == VENDOR_FIELDS
    assert (campaign["campaign-name"], campaign["status"], campaign["actual-run-time"]) == ("Minimal", 0, "")
    seeded = load_data(
        {
            "tenants": [
                {
                    "username": "u",
                    "data_token": "d",
                    "action_token": "a",
                    "campaigns": [{"campaign-id": 1, "latency": 0.5}],
                }
            ]
        }
    )
    assert (list(seeded["u"].campaigns[1].fields), seeded["u"].campaigns[1].settings) == (
        VENDOR_FIELDS,
        {"latency": 0.5},
    )


def test_data_file_is_checked():
    with pytest.raises(DataError, match="data_token is required"):
        load_data({"tenants": [{"username": "x", "action_token": "a"}]})
    with pytest.raises(DataError, match="listed twice"):
        load_data(
            {
                "tenants": [
                    {
                        "username": "x",
                        "data_token": "d",
                        "action_token": "a",
                        "campaigns": [{"campaign-id": 1}, {"campaign-id": 1}],
                    }
                ]
            }
        )
    with pytest.raises(DataError, match="latency"):
        load_data({"tenants": [{"username": "x", "data_token": "d", "action_token": "a", "latency": -1}]})


@pytest.mark.usefixtures("control")
def test_unknown_campaign_and_unknown_path_are_404(sim, session):
    assert (read(session, sim, 999).status_code, read(session, sim, 999).content) == (404, b"")
    other = session.get(f"{sim.base_url}/api/stats/queues/1.json", auth=DATA_AUTH, timeout=10)
    assert other.status_code == 404


# --- a report as data ----------------------------------------------------------------------------------------------

#: An entry of the collection's report, in the shape campaign_info returns.
REPORT_ENTRY = {
    "id": 125,
    "name": "Spring renewals",
    "status": 3,
    "status_name": "Manual Running",
    "state": "running",
    "enabled": True,
    "dynamic": True,
    "no_of_records": 18,
    "caller_id": "13125555068",
    "queue_id": 598,
    "start_time": None,
    "end_time": None,
    "actual_run_time": "2022-10-17T22:31:02+01:00",
    "sequential": False,
    "max_retry": 2,
    "site_code": "CHI",
}


def test_report_becomes_a_tenant_with_the_vendor_fields(session):
    report = {"campaigns": [REPORT_ENTRY, {**REPORT_ENTRY, "id": 126, "enabled": False, "dynamic": False, "status": 8}]}
    with Simulator(data=report_data(report)) as simulator:
        assert simulator.store.campaign_counts() == {"rehearsal": 2}
        campaign = read(session, simulator, 125, auth=("rehearsal", "rehearsal-data-token")).json()["campaign"]
        assert list(campaign) == VENDOR_FIELDS + ["site-code"]  # the vendor's order, an unknown field last
        assert {
            name: campaign[name]
            for name in (
                "campaign-id",
                "campaign-name",
                "status",
                "enabled",
                "dynamic-campaign",
                "no-of-records",
                "caller-id",
                "queue-id",
                "start-time",
                "actual-run-time",
                "sequential",
                "max-retry",
                "site-code",
                "timezone",
            )
        } == {
            "campaign-id": 125,
            "campaign-name": "Spring renewals",
            "status": 3,
            "enabled": "Y",
            "dynamic-campaign": "Y",
            "no-of-records": 18,
            "caller-id": "13125555068",
            "queue-id": 598,
            "start-time": "",
            "actual-run-time": "2022-10-17T22:31:02+01:00",
            "sequential": "N",
            "max-retry": 2,
            "site-code": "CHI",
            "timezone": "EST5EST",  # not in the report: the default
        }
        assert "state" not in campaign and "status-name" not in campaign
        other = simulator.client.campaign("rehearsal", 126)
        assert (other["enabled"], other["dynamic-campaign"], other["status"]) == ("N", "N", 8)
        action = ("rehearsal", "rehearsal-action-token")
        assert write(session, simulator, 125, "PAUSED", auth=action).json() == {"message": "Campaign status changed."}
        assert write(session, simulator, 126, "RUNNING", auth=action).json() == {"message": "Not a dynamic campaign"}


def test_report_as_a_list_or_of_ids_and_statuses_only(tmp_path, session):
    path = tmp_path / "desired.json"
    path.write_text(json.dumps([{"id": 7, "status": 8}, {"id": 9, "status": 0}]), encoding="utf-8")
    data = report_data(path, "ops", data_token="ops-read", action_token="ops-write")
    assert load_data(data)["ops"].campaigns[7].fields == {**default_fields(7), "status": 8}
    # A report whose entries also hold the normalised fields in snake_case: the normalised keys win.
    edited = {
        "id": 5,
        "name": "Edited",
        "campaign_name": "Before",
        "dynamic": False,
        "dynamic_campaign": True,
        "status": 3,
    }
    assert load_data(report_data([edited]))["rehearsal"].campaigns[5].fields["campaign-name"] == "Edited"
    assert load_data(report_data([edited]))["rehearsal"].campaigns[5].fields["dynamic-campaign"] == "N"
    with Simulator(data=data) as simulator:
        assert read(session, simulator, 9, auth=("ops", "ops-read")).json()["campaign"]["status"] == 0
        assert write(session, simulator, 9, "RUNNING", auth=("ops", "ops-write")).status_code == 200
        assert read(session, simulator, 9, auth=("ops", "rehearsal-data-token")).status_code == 401


@pytest.mark.parametrize(
    "report, message",
    [
        ([{"name": "Spring renewals", "status": 3}], r"report campaigns\[0\] \('Spring renewals'\) has no id"),
        ([{"id": 1, "status": 3}, {"id": None, "status": 3}], r"report campaigns\[1\] has no id"),
        ([{"id": "125", "status": 3}], r"campaigns\[0\]: id must be a whole number, not '125'"),
        ([{"id": 125, "status": 42}], r"campaigns\[0\] \(id 125\): unknown campaign status 42"),
        ([{"id": 125, "status": True}], r"campaigns\[0\] \(id 125\): unknown campaign status True"),
        ([{"id": 125, "state": "running"}], r"campaigns\[0\] \(id 125\) has no status"),
        ([125], r"campaigns\[0\] must be a mapping"),
        ({"tenants": []}, r"expected a report"),
        ([{"id": 1, "status": 3}, {"id": 1, "status": 8}], r"campaign 1 is listed twice"),
        (
            [{"id": 1, "status": 3, "queue_id": [598]}],
            r"campaign 1: field 'queue-id' must be a name with a plain value",
        ),
    ],
)
def test_report_mistakes_name_the_entry(report, message):
    with pytest.raises(DataError, match=message):
        load_data(report_data(report))


def test_report_of_the_collection_serves_what_it_was_made_from(sim, control, session, tmp_path):
    """The collection's own reading of each demo campaign, as a report, comes back as the same vendor answer."""
    collection = pytest.importorskip("ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign")
    answers = {
        campaign_id: read(session, sim, campaign_id).json() for campaign_id in sorted(load_data()["demo"].campaigns)
    }
    report = {
        "campaigns": [
            collection.parse_campaign(answer, campaign_id).as_result() for campaign_id, answer in answers.items()
        ]
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    with Simulator(data=report_data(path)) as rehearsal:
        for campaign_id, answer in answers.items():
            assert read(session, rehearsal, campaign_id, auth=("rehearsal", "rehearsal-data-token")).json() == answer


# --- credentials ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "auth",
    [
        None,
        ("nobody", "demo-data-token"),
        ("demo", "wrong"),
        ("demo", "demo-action-token"),
        ("demo", "acme-data-token"),
        ("acme", "demo-data-token"),
        ("demo", ADMIN),
    ],
    ids=[
        "none",
        "unknown user",
        "wrong token",
        "action token",
        "other tenant's token",
        "token of another user",
        "admin token",
    ],
)
@pytest.mark.usefixtures("control")
def test_get_refuses_anything_but_the_data_token(sim, session, auth):
    answer = read(session, sim, 100, auth=with_admin(auth, sim))
    assert (answer.status_code, answer.json()) == (401, {"message": "Unauthorized"})


@pytest.mark.parametrize(
    "auth",
    [
        None,
        ("nobody", "demo-action-token"),
        ("demo", "wrong"),
        ("demo", "demo-data-token"),
        ("demo", "acme-action-token"),
        ("demo", ADMIN),
    ],
    ids=["none", "unknown user", "wrong token", "data token", "other tenant's token", "admin token"],
)
def test_write_refuses_anything_but_the_action_token(sim, control, session, auth):
    answer = write(session, sim, 103, "PAUSED", auth=with_admin(auth, sim))
    assert (answer.status_code, answer.json()) == (401, {"message": "Unauthorized"})
    assert control.campaign("demo", 103)["status"] == 3


@pytest.mark.usefixtures("control")
def test_admin_header_is_no_api_credential(sim, session):
    headers = {ADMIN_HEADER: sim.admin_token}
    assert session.get(f"{sim.base_url}/api/stats/campaigns/100.json", headers=headers, timeout=10).status_code == 401
    assert (
        session.post(
            f"{sim.base_url}/api/tstats/campaigns/103", json={"status": "PAUSED"}, headers=headers, timeout=10
        ).status_code
        == 401
    )


@pytest.mark.usefixtures("control")
def test_malformed_authorization_is_401(sim, session):
    for header in ("Basic !!!", "Basic ZGVtbw==", "Bearer demo-data-token"):
        answer = session.get(
            f"{sim.base_url}/api/stats/campaigns/100.json", headers={"Authorization": header}, timeout=10
        )
        assert answer.status_code == 401, header


# --- changing the status -------------------------------------------------------------------------------------------


def expected_change(code: int, target: str) -> tuple[int, dict[str, str], int]:
    """(HTTP status, body, status code afterwards) by the collection's table and the vendor's messages."""
    allowed = LIFECYCLE.TRANSITIONS[LIFECYCLE.STATUSES[code][1]]
    if not allowed:
        return 500, {"message": "Internal server error"}, code
    if target in allowed:
        return 200, {"message": "Campaign status changed."}, LIFECYCLE.LANDING_STATUS[target]
    return 400, {"message": "Invalid state transition"}, code


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("code", sorted(LIFECYCLE.STATUSES))
def test_every_status_and_word_follows_the_collection_table(sim, control, session, code, method):
    accepted = set()
    for target, word in LIFECYCLE.COMMANDS.items():
        control.set_campaign("demo", 150, status=code, campaign_name="Transition probe")
        answer = write(session, sim, 150, word, method=method)
        status, body, status_after = expected_change(code, target)
        assert (answer.status_code, answer.json()) == (status, body), f"status {code}, {method} {word}"
        assert read(session, sim, 150).json()["campaign"]["status"] == status_after
        if answer.status_code == 200:
            accepted.add(target)
    assert accepted == set(LIFECYCLE.TRANSITIONS[LIFECYCLE.STATUSES[code][1]])


def test_rules_come_from_the_collection_table(sim, control, session, monkeypatch):
    from simulator.lifecycle import lifecycle  # pylint: disable=import-outside-toplevel  # the module the simulator runs on

    assert lifecycle.__file__ is not None
    assert Path(lifecycle.__file__) == REPO_ROOT / "plugins" / "module_utils" / "_lifecycle.py"
    assert write(session, sim, 100, "PAUSED").json() == {"message": "Invalid state transition"}
    # Were the table to say otherwise, the simulator would follow it: it keeps no copy of its own.
    monkeypatch.setitem(lifecycle.TRANSITIONS, lifecycle.NEW, (lifecycle.RUNNING, lifecycle.PAUSED))
    monkeypatch.setitem(lifecycle.LANDING_STATUS, lifecycle.PAUSED, 9)
    assert write(session, sim, 100, "PAUSED").status_code == 200
    assert control.campaign("demo", 100)["status"] == 9


def test_change_fills_run_and_stop_times(sim, control, session):
    assert write(session, sim, 100, "RUNNING").status_code == 200
    assert ISO_WITH_OFFSET.fullmatch(control.campaign("demo", 100)["actual-run-time"])
    before = control.campaign("demo", 108)["actual-run-time"]
    assert write(session, sim, 108, "RUNNING").status_code == 200
    assert control.campaign("demo", 108)["actual-run-time"] == before  # only a start from new sets it
    assert write(session, sim, 103, "STOPPED").status_code == 200
    stopped = control.campaign("demo", 103)
    assert (stopped["status"], bool(ISO_WITH_OFFSET.fullmatch(stopped["actual-stop-time"]))) == (5, True)


@pytest.mark.usefixtures("control")
@pytest.mark.parametrize(
    "data", [b"not json", b'{"status": "paused"}', b'{"status": "NEW"}', b'{"state": "PAUSED"}', b'["PAUSED"]', b""]
)
def test_unknown_status_word_is_invalid_status(sim, session, data):
    answer = write(session, sim, 103, None, data=data)
    assert (answer.status_code, answer.json()) == (400, {"message": "Invalid status"})


def test_vendor_refusals_and_their_order(sim, control, session):
    cases = [
        (999, b'{"status": "PAUSED"}', 404, None),
        (999, b"not json", 404, None),  # unknown campaign comes before the body
        (120, b'{"status": "RUNNING"}', 400, "The campaign is not enabled."),
        (120, b"not json", 400, "Invalid status"),  # the body comes before the campaign's flags
        (121, b'{"status": "PAUSED"}', 400, "Not a dynamic campaign"),
        (105, b'{"status": "RUNNING"}', 500, "Internal server error"),
    ]
    for campaign_id, data, status, message in cases:
        answer = write(session, sim, campaign_id, None, data=data)
        assert answer.status_code == status, (campaign_id, data)
        assert (answer.json() if message else answer.content) == ({"message": message} if message else b"")
    control.set_campaign("demo", 121, enabled="N")
    assert write(session, sim, 121, "PAUSED").json() == {"message": "Not a dynamic campaign"}  # dynamic before enabled
    control.set_campaign("demo", 105, enabled="N")
    assert write(session, sim, 105, "RUNNING").json() == {
        "message": "The campaign is not enabled."
    }  # enabled before stopped
    control.set_campaign("demo", 103, status=42)
    assert write(session, sim, 103, "PAUSED").status_code == 500
    assert control.counters()["applied"] == 0


def test_status_sent_as_text_counts(sim, control, session):
    control.set_campaign("demo", 103, status="3")
    assert write(session, sim, 103, "PAUSED").status_code == 200
    assert control.campaign("demo", 103)["status"] == 8


def test_tenants_are_separate(sim, control, session):
    assert read(session, sim, 100).json()["campaign"]["status"] == 0
    assert read(session, sim, 100, auth=("acme", "acme-data-token")).json()["campaign"]["status"] == 3
    assert read(session, sim, 200).status_code == 404
    assert write(session, sim, 100, "PAUSED", auth=("acme", "acme-action-token")).status_code == 200
    assert (control.campaign("acme", 100)["status"], control.campaign("demo", 100)["status"]) == (8, 0)


# --- faults --------------------------------------------------------------------------------------------------------


def test_429_with_and_without_retry_after(sim, control, session):
    control.add_fault(kind="429", retry_after=2, method="GET")
    refused = read(session, sim, 100)
    assert (refused.status_code, refused.headers["Retry-After"], refused.headers["Content-Type"]) == (
        429,
        "2",
        "application/json",
    )
    assert "message" in refused.json()
    assert read(session, sim, 100).status_code == 200
    control.add_fault(kind="429")
    refused = write(session, sim, 103, "PAUSED")
    assert refused.status_code == 429 and "Retry-After" not in refused.headers
    assert control.campaign("demo", 103)["status"] == 3


@pytest.mark.parametrize("kind", ["500", "502", "503", "504"])
def test_server_errors_apply_nothing(sim, control, session, kind):
    control.add_fault(kind=kind)
    failed = write(session, sim, 103, "PAUSED")
    assert failed.status_code == int(kind) and failed.json()["message"]
    assert control.campaign("demo", 103)["status"] == 3
    assert write(session, sim, 103, "PAUSED").status_code == 200
    assert [entry["fault"] for entry in control.log()] == [kind, None]


def test_drop_answers_nothing_and_applies_nothing(sim, control, session):
    control.add_fault(kind="drop", count=2)
    with pytest.raises(requests.ConnectionError):
        read(session, sim, 100)
    with pytest.raises(requests.ConnectionError):
        write(session, sim, 103, "PAUSED")
    assert control.campaign("demo", 103)["status"] == 3
    assert read(session, sim, 100).status_code == 200
    assert [(e["status_code"], e["fault"], e["applied"]) for e in control.log()] == [
        (None, "drop", False),
        (None, "drop", False),
        (200, None, False),
    ]


def test_drop_after_apply_changes_then_answers_nothing(sim, control, session):
    control.add_fault(kind="drop_after_apply")
    assert read(session, sim, 103).status_code == 200  # reads do not use up a fault meant for writes
    with pytest.raises(requests.ConnectionError):
        write(session, sim, 103, "PAUSED")
    assert control.campaign("demo", 103)["status"] == 8
    assert entries(control)[-1] == {
        "method": "POST",
        "path": "/api/tstats/campaigns/103",
        "tenant": "demo",
        "campaign": 103,
        "status_code": None,
        "body": {"status": "PAUSED"},
        "applied": True,
        "fault": "drop_after_apply",
    }
    assert control.counters()["applied"] == 1


def test_504_after_apply_changes_then_answers_a_gateway_timeout(sim, control, session):
    control.add_fault(kind="504_after_apply")
    assert read(session, sim, 103).status_code == 200  # reads do not use up a fault meant for writes
    answer = write(session, sim, 103, "PAUSED")
    assert (answer.status_code, answer.headers["Content-Type"]) == (504, "text/html")
    assert "504 Gateway Time-out" in answer.text
    assert control.campaign("demo", 103)["status"] == 8
    assert entries(control)[-1] == {
        "method": "POST",
        "path": "/api/tstats/campaigns/103",
        "tenant": "demo",
        "campaign": 103,
        "status_code": 504,
        "body": {"status": "PAUSED"},
        "applied": True,
        "fault": "504_after_apply",
    }
    assert control.counters()["applied"] == 1
    # The gateway answers the same whatever the platform did: a refused change is a 504 that applied nothing.
    control.add_fault(kind="504_after_apply", method="PATCH")
    assert write(session, sim, 103, "PAUSED", method="PATCH").status_code == 504
    assert (control.log()[-1]["applied"], control.counters()["applied"]) == (False, 1)
    assert write(session, sim, 103, "RUNNING", method="PATCH").status_code == 200  # the connection still serves


@pytest.mark.parametrize("kind", ["drop_after_apply", "504_after_apply"])
def test_change_applied_behind_a_fault_shows_after_the_visibility_delay(clocked_sim, clock, session, kind):
    control = clocked_sim.client
    control.set_campaign("demo", 103, visibility_delay=10)
    control.add_fault(kind=kind)
    if kind == "drop_after_apply":
        with pytest.raises(requests.ConnectionError):
            write(session, clocked_sim, 103, "PAUSED")
    else:
        assert write(session, clocked_sim, 103, "PAUSED").status_code == 504
    assert control.campaign("demo", 103)["status"] == 8  # true at once
    assert read(session, clocked_sim, 103).json()["campaign"]["status"] == 3  # shown as before
    assert write(session, clocked_sim, 103, "PAUSED").json() == {"message": "Invalid state transition"}
    clock.advance(9.9)
    assert read(session, clocked_sim, 103).json()["campaign"]["status"] == 3
    clock.advance(0.1)
    assert read(session, clocked_sim, 103).json()["campaign"]["status"] == 8
    assert [entry["applied"] for entry in control.log()] == [True, False, False, False, False]


def test_slow_answers_late_but_normally(sim, control, session):
    control.add_fault(kind="slow", delay=0.3)
    started = time.monotonic()
    answer = read(session, sim, 103)
    assert time.monotonic() - started >= 0.3
    assert answer.status_code == 200 and answer.json()["campaign"]["status"] == 3


def test_html_login_page_applies_nothing(sim, control, session):
    control.add_fault(kind="html", method="POST")
    answer = write(session, sim, 103, "PAUSED")
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html")
    assert "<html>" in answer.text
    assert control.campaign("demo", 103)["status"] == 3
    assert control.log()[-1]["applied"] is False


def test_truncated_body_has_the_right_length_and_keeps_the_connection_usable(sim, control, session):
    control.add_fault(kind="truncated")
    assert write(session, sim, 103, "PAUSED").json() == {"message": "Campaign status changed."}  # writes are not cut
    cut = read(session, sim, 103)
    assert (cut.status_code, cut.headers["Content-Type"]) == (200, "application/json")
    assert int(cut.headers["Content-Length"]) == len(cut.content) > 0
    with pytest.raises(ValueError):
        json.loads(cut.content)
    assert read(session, sim, 103).json()["campaign"]["status"] == 8


def test_405_lasts_until_cleared_and_patch_still_works(sim, control, session):
    control.add_fault(kind="405")
    for _attempt in range(2):
        refused = write(session, sim, 103, "PAUSED")
        assert refused.status_code == 405 and "PATCH" in refused.headers["Allow"]
    assert write(session, sim, 103, "PAUSED", method="PATCH").status_code == 200
    assert control.faults()[0]["count"] == -1
    control.clear_faults()
    assert write(session, sim, 103, "RUNNING").status_code == 200


def test_fault_rules_match_method_campaign_tenant_and_count(sim, control, session):
    control.add_fault(kind="503", campaign=101)
    assert read(session, sim, 100).status_code == 200
    assert read(session, sim, 101).status_code == 503
    control.add_fault(kind="503", tenant="acme")
    assert read(session, sim, 100).status_code == 200
    assert read(session, sim, 100, auth=("acme", "acme-data-token")).status_code == 503
    control.add_fault(kind="503", method="PATCH", count=2)
    assert write(session, sim, 103, "PAUSED").status_code == 200
    assert [write(session, sim, 108, "RUNNING", method="PATCH").status_code for _attempt in range(3)] == [503, 503, 200]
    control.add_fault(kind="500")
    control.add_fault(kind="502")
    assert [read(session, sim, 100).status_code for _attempt in range(3)] == [
        500,
        502,
        200,
    ]  # first matching rule first


def test_faults_forever_and_lists_of_rules(sim, control, session):
    control.add_fault(kind="503", count=None, campaign=102)
    assert [read(session, sim, 102).status_code for _attempt in range(3)] == [503] * 3
    control.clear_faults()
    assert read(session, sim, 102).status_code == 200
    answer = requests.post(
        f"{sim.base_url}/_sim/faults",
        json=[{"kind": "500"}, {"kind": "504"}],
        headers={ADMIN_HEADER: sim.admin_token},
        timeout=10,
    )
    assert [rule["kind"] for rule in answer.json()] == ["500", "504"]


@pytest.mark.parametrize(
    "rule",
    [
        {"kind": "418"},
        {"kind": "405", "method": "GET"},
        {"kind": "slow"},
        {"kind": "500", "when": "now"},
        {"kind": "500", "count": 0},
    ],
)
def test_bad_fault_rules_are_refused(control, rule):
    with pytest.raises(SimulatorError, match="HTTP 400"):
        control.add_fault(**rule)
    assert control.faults() == []


# --- realism -------------------------------------------------------------------------------------------------------


def test_latency_delays_answers(sim, control, session):
    control.set_tenant("demo", latency=0.3)
    started = time.monotonic()
    assert read(session, sim, 100).status_code == 200
    assert time.monotonic() - started >= 0.3
    control.set_tenant("demo", latency=5)
    control.set_campaign("demo", 101, latency=0)  # the campaign's setting wins over the tenant's
    started = time.monotonic()
    assert read(session, sim, 101).status_code == 200
    assert time.monotonic() - started < 5


def test_visibility_delay_shows_the_old_status_for_a_while(sim, control, session):
    control.set_campaign("demo", 108, visibility_delay=1.0)
    started = time.monotonic()
    assert write(session, sim, 108, "RUNNING").status_code == 200
    assert control.campaign("demo", 108)["status"] == 3  # true at once
    shown = read(session, sim, 108).json()["campaign"]["status"]
    if time.monotonic() - started < 1.0:  # a very slow machine may have passed the delay already
        assert shown == 8
    assert wait_for(lambda: read(session, sim, 108).json()["campaign"]["status"] == 3)
    assert time.monotonic() - started >= 1.0
    # the campaign that changed meanwhile is judged by its true status
    assert write(session, sim, 108, "RUNNING").json() == {"message": "Invalid state transition"}


def test_visibility_delay_of_the_tenant_and_campaign_override(sim, control, session):
    control.set_tenant("demo", visibility_delay=30)
    control.set_campaign("demo", 103, visibility_delay=0)
    assert write(session, sim, 103, "PAUSED").status_code == 200
    assert read(session, sim, 103).json()["campaign"]["status"] == 8
    assert write(session, sim, 108, "RUNNING").status_code == 200
    assert read(session, sim, 108).json()["campaign"]["status"] == 8
    control.set_campaign("demo", 108, status=9)  # another operator: visible at once
    assert read(session, sim, 108).json()["campaign"]["status"] == 9


def test_start_delay_passes_through_manual_started(sim, control, session):
    control.set_campaign("demo", 108, start_delay=0.5)
    started = time.monotonic()
    assert write(session, sim, 108, "RUNNING").status_code == 200
    first = read(session, sim, 108).json()["campaign"]["status"]
    if time.monotonic() - started < 0.5:
        assert first == 1 and LIFECYCLE.STATUSES[1] == ("Manual Started", LIFECYCLE.RUNNING)
    assert wait_for(
        lambda: read(session, sim, 108).json()["campaign"]["status"] == LIFECYCLE.LANDING_STATUS[LIFECYCLE.RUNNING]
    )
    assert time.monotonic() - started >= 0.5


def test_a_later_change_cancels_a_pending_start(sim, control, session):
    control.set_campaign("demo", 108, start_delay=0.4)
    assert write(session, sim, 108, "RUNNING").status_code == 200
    assert write(session, sim, 108, "PAUSED").status_code == 200  # Manual Started is running: it may be paused
    time.sleep(0.6)
    assert read(session, sim, 108).json()["campaign"]["status"] == 8


# --- rate limit ----------------------------------------------------------------------------------------------------


def test_rate_limit_refuses_beyond_the_rate_and_applies_nothing(clocked_sim, clock, session):
    control = clocked_sim.client
    assert control.set_tenant("demo", rate_limit=2) == {"rate_limit": 2}
    assert read(session, clocked_sim, 100).status_code == 200
    assert write(session, clocked_sim, 103, "PAUSED").status_code == 200
    refused = write(session, clocked_sim, 108, "RUNNING")
    assert (refused.status_code, refused.headers["Retry-After"], refused.json()) == (
        429,
        "1",
        {"message": "Too many requests"},
    )
    assert control.campaign("demo", 108)["status"] == 8
    assert read(session, clocked_sim, 999).status_code == 429  # before the campaign is looked up
    clock.advance(0.5)  # one request's worth back
    assert read(session, clocked_sim, 999).status_code == 404
    assert read(session, clocked_sim, 100).status_code == 429
    clock.advance(1)
    assert write(session, clocked_sim, 108, "RUNNING").status_code == 200
    assert [(entry["status_code"], entry["applied"], entry["fault"]) for entry in control.log()] == [
        (200, False, None),
        (200, True, None),
        (429, False, None),
        (429, False, None),
        (404, False, None),
        (429, False, None),
        (200, True, None),
    ]
    assert counts(control) == {"requests": 7, "reads": 4, "writes": 3, "applied": 2, "rate_limited": 3}


def test_rate_limit_is_per_tenant_and_counts_authenticated_requests_only(clocked_sim, session):
    control = clocked_sim.client
    control.set_tenant("demo", rate_limit=1)
    for auth in (("nobody", "demo-data-token"), ("demo", "wrong"), ("demo", "demo-action-token")):
        assert (
            read(session, clocked_sim, 100, auth=auth).status_code == 401
        )  # no one's request: not limited, not counted
    assert read(session, clocked_sim, 100).status_code == 200
    assert read(session, clocked_sim, 100).status_code == 429
    assert read(session, clocked_sim, 100, auth=("acme", "acme-data-token")).status_code == 200  # acme has no limit
    assert read(session, clocked_sim, 100, auth=("nobody", "demo-data-token")).status_code == 401
    control.set_tenant("demo", rate_limit=None)
    assert [read(session, clocked_sim, 100).status_code for _attempt in range(5)] == [200] * 5
    assert control.counters()["rate_limited"] == 1


def test_fractional_rate_limit_asks_to_wait_whole_seconds(clocked_sim, clock, session):
    clocked_sim.client.set_tenant("demo", rate_limit=0.4)  # one request every 2.5 seconds
    assert read(session, clocked_sim, 100).status_code == 200
    assert read(session, clocked_sim, 100).headers["Retry-After"] == "3"
    clock.advance(2)
    assert read(session, clocked_sim, 100).headers["Retry-After"] == "1"
    clock.advance(0.6)
    assert read(session, clocked_sim, 100).status_code == 200


def test_rate_limit_holds_under_concurrent_clients(clocked_sim, clock):
    control = clocked_sim.client
    control.set_tenant("demo", rate_limit=10)
    statuses: list[int] = []
    failures: list[Exception] = []

    def work() -> None:
        try:
            with requests.Session() as own_session:
                for _request in range(6):
                    statuses.append(read(own_session, clocked_sim, 100).status_code)
        except Exception as error:  # pylint: disable=broad-exception-caught  # handed to the main thread, which fails the test
            failures.append(error)

    for _second in range(2):  # the clock stands still while the threads run: exactly 10 pass each second
        statuses.clear()
        threads = [threading.Thread(target=work) for _thread in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not failures, failures
        assert sorted(statuses) == [200] * 10 + [429] * 38
        clock.advance(1)
    assert counts(control) == {"requests": 96, "reads": 96, "writes": 0, "applied": 0, "rate_limited": 76}


def test_rate_limit_in_the_data_file_is_for_tenants_only(session):
    tenant = {
        "username": "t",
        "data_token": "t-data",
        "action_token": "t-action",
        "rate_limit": 1,
        "campaigns": [{"campaign-id": 1}],
    }
    with Simulator(data={"tenants": [tenant]}, clock=lambda: 0.0) as simulator:
        assert read(session, simulator, 1, auth=("t", "t-data")).status_code == 200
        assert read(session, simulator, 1, auth=("t", "t-data")).status_code == 429
        simulator.client.reset()  # a reset keeps the data's limit and fills the bucket again
        assert read(session, simulator, 1, auth=("t", "t-data")).status_code == 200
        with pytest.raises(SimulatorError, match="HTTP 400.*whole tenant"):
            simulator.client.set_campaign("t", 1, rate_limit=5)
        with pytest.raises(SimulatorError, match="HTTP 400.*requests a second"):
            simulator.client.set_tenant("t", rate_limit=-1)
    with pytest.raises(DataError, match="whole tenant"):
        load_data({"tenants": [{**tenant, "rate_limit": None, "campaigns": [{"campaign-id": 1, "rate_limit": 1}]}]})
    with pytest.raises(DataError, match="rate_limit must be a number"):
        load_data({"tenants": [{**tenant, "rate_limit": "fast"}]})


# --- log, counters, reset, control API -----------------------------------------------------------------------------


def test_log_and_counters(sim, control, session):
    read(session, sim, 103)
    write(session, sim, 103, "PAUSED")
    write(session, sim, 103, "PAUSED", method="PATCH")
    read(session, sim, 100, auth=None)
    session.get(f"{sim.base_url}/elsewhere", timeout=10)
    assert entries(control) == [
        {
            "method": "GET",
            "path": "/api/stats/campaigns/103.json",
            "tenant": "demo",
            "campaign": 103,
            "status_code": 200,
            "body": None,
            "applied": False,
            "fault": None,
        },
        {
            "method": "POST",
            "path": "/api/tstats/campaigns/103",
            "tenant": "demo",
            "campaign": 103,
            "status_code": 200,
            "body": {"status": "PAUSED"},
            "applied": True,
            "fault": None,
        },
        {
            "method": "PATCH",
            "path": "/api/tstats/campaigns/103",
            "tenant": "demo",
            "campaign": 103,
            "status_code": 400,
            "body": {"status": "PAUSED"},
            "applied": False,
            "fault": None,
        },
        {
            "method": "GET",
            "path": "/api/stats/campaigns/100.json",
            "tenant": None,
            "campaign": 100,
            "status_code": 401,
            "body": None,
            "applied": False,
            "fault": None,
        },
        {
            "method": "GET",
            "path": "/elsewhere",
            "tenant": None,
            "campaign": None,
            "status_code": 404,
            "body": None,
            "applied": False,
            "fault": None,
        },
    ]
    assert counts(control) == {"requests": 5, "reads": 2, "writes": 2, "applied": 1, "rate_limited": 0}
    assert "token" not in json.dumps(control.log())


def test_connections_are_counted_so_that_reuse_can_be_measured(sim, control, session):
    for _request in range(5):
        read(session, sim, 103)  # one keep-alive connection
    with requests.Session() as other:
        read(other, sim, 103)
    assert control.counters()["connections"] == 2 + 1, "the two sessions', and the control client's own"


def test_reset_restores_everything(sim, control, session):
    write(session, sim, 103, "PAUSED")
    control.set_tenant("demo", latency=5)
    control.set_campaign("demo", 140, campaign_name="Added")
    control.add_fault(kind="500", count=None)
    control.reset()
    assert (control.log(), control.faults()) == ([], [])
    assert control.counters()["service_seconds"] == 0
    assert counts(control) == {"requests": 0, "reads": 0, "writes": 0, "applied": 0, "rate_limited": 0}
    started = time.monotonic()
    assert read(session, sim, 103).json()["campaign"]["status"] == 3
    assert time.monotonic() - started < 5
    assert read(session, sim, 140).status_code == 404


def test_a_request_waiting_through_a_reset_changes_nothing_after_it(sim, control):
    control.add_fault(kind="slow", delay=1, method="POST")
    outcome: list[Any] = []

    def late_write() -> None:
        try:
            with requests.Session() as own_session:
                outcome.append(write(own_session, sim, 103, "PAUSED").status_code)
        except requests.ConnectionError:
            outcome.append("no answer")

    thread = threading.Thread(target=late_write)
    thread.start()
    assert wait_for(lambda: control.faults()[0]["count"] == 0)  # it has arrived, and waits out its delay
    control.reset()
    thread.join(10)
    assert outcome == ["no answer"]
    assert control.campaign("demo", 103)["status"] == 3
    assert (control.log(), counts(control)["requests"]) == ([], 0)


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", "reset"),
        ("GET", "log"),
        ("GET", "counters"),
        ("GET", "faults"),
        ("POST", "faults"),
        ("DELETE", "faults"),
        ("PUT", "tenants/demo"),
        ("GET", "tenants/demo/campaigns/103"),
        ("PUT", "tenants/demo/campaigns/103"),
    ],
)
def test_control_api_needs_the_admin_token(sim, control, session, method, path):
    url = f"{sim.base_url}/_sim/{path}"
    body = {"status": 5} if method == "PUT" else None
    for headers, auth in (
        ({}, None),
        ({ADMIN_HEADER: "wrong"}, None),
        ({}, ("demo", sim.admin_token)),
        ({}, ACTION_AUTH),
    ):
        answer = session.request(method, url, json=body, headers=headers, auth=auth, timeout=10)
        assert answer.status_code == 403, (headers, auth)
    assert control.campaign("demo", 103)["status"] == 3
    assert control.counters()["requests"] == 0  # control requests are not API requests


def test_control_api_errors(control):
    with pytest.raises(SimulatorError, match="HTTP 404"):
        control.campaign("demo", 999)
    with pytest.raises(SimulatorError, match="HTTP 404"):
        control.set_tenant("nobody", latency=1)
    with pytest.raises(SimulatorError, match="HTTP 400"):
        control.set_tenant("demo", colour="blue")
    with pytest.raises(SimulatorError, match="HTTP 400"):
        control.set_campaign("demo", 100, latency="slow")
    with pytest.raises(SimulatorError, match="HTTP 400"):
        control.set_campaign("demo", 100, campaign_id=101)


# --- the server itself ---------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("control")
def test_keep_alive(sim):
    host, port = sim.base_url.rsplit("/", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    basic = "Basic " + base64.b64encode(":".join(DATA_AUTH).encode()).decode()
    sockets = []
    try:
        for campaign_id in (100, 103, 999):
            connection.request("GET", f"/api/stats/campaigns/{campaign_id}.json", headers={"Authorization": basic})
            answer = connection.getresponse()
            answer.read()
            assert (answer.version, answer.will_close) == (11, False)
            sockets.append(connection.sock)
    finally:
        connection.close()
    assert sockets[0] is not None and sockets == [sockets[0]] * 3  # one connection served all three


def test_each_answer_leaves_in_one_write_on_a_no_delay_socket(sim, control, monkeypatch):
    """Headers and body in one write, with TCP_NODELAY set: no answer waits ~40 ms for the client's delayed ACK."""
    host, port = sim.base_url.rsplit("/", 1)[1].split(":")
    control.add_fault(kind="429", retry_after=1, campaign=101)
    writes: list[tuple[bytes, int]] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def write(self: socket.socket, data: bytes, *args: Any) -> Any:
            if self.getsockname()[1] == int(port):  # the server's end of a connection
                writes.append((bytes(data), self.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
            return real(self, data, *args)

        return write

    monkeypatch.setattr(socket.socket, "sendall", spy(socket.socket.sendall))
    monkeypatch.setattr(socket.socket, "send", spy(socket.socket.send))
    basic = {"Authorization": "Basic " + base64.b64encode(b"demo:demo-data-token").decode()}
    requests_to_send = [
        ("GET", "/api/stats/campaigns/103.json", None, basic),
        ("GET", "/api/stats/campaigns/103", None, basic),  # XML
        ("GET", "/api/stats/campaigns/999.json", None, basic),  # 404, empty body
        ("GET", "/api/stats/campaigns/101.json", None, basic),  # a fault with a header of its own
        (
            "POST",
            "/api/tstats/campaigns/103",
            b'{"status": "PAUSED"}',
            {
                "Authorization": "Basic " + base64.b64encode(b"demo:demo-action-token").decode(),
                "Content-Type": "application/json",
            },
        ),
        ("GET", "/_sim/counters", None, {ADMIN_HEADER: sim.admin_token}),
    ]
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    bodies = []
    try:
        for method, path, body, headers in requests_to_send:
            connection.request(method, path, body=body, headers=headers)
            bodies.append(connection.getresponse().read())
    finally:
        connection.close()
    assert len(writes) == len(bodies), [data[:40] for data, _nodelay in writes]
    for (data, nodelay), body in zip(writes, bodies):
        assert data.startswith(b"HTTP/1.1 ") and data.endswith(b"\r\n\r\n" + body) and data.count(b"HTTP/1.1 ") == 1
        assert nodelay


def test_service_time_is_logged_and_counted_without_deliberate_waits(sim, control, session):
    control.set_campaign("demo", 101, latency=0.5)
    read(session, sim, 103)
    started = time.monotonic()
    read(session, sim, 101)
    elapsed = time.monotonic() - started
    write(session, sim, 103, "PAUSED")
    log = control.log()
    assert [type(entry["duration"]) for entry in log] == [float] * 3
    assert elapsed >= 0.5 > log[1]["duration"]  # the latency it was told to add is not the simulator's own time
    assert control.counters()["service_seconds"] == pytest.approx(sum(entry["duration"] for entry in log), abs=1e-5)


def test_access_log_on_stderr_shows_control_requests_but_the_request_log_does_not(capsys, session):
    with Simulator(verbose=True, admin_token="stderr-admin-token") as simulator:
        read(session, simulator, 103)
        assert simulator.client.counters()["requests"] == 1
        assert [entry["path"] for entry in simulator.client.log()] == ["/api/stats/campaigns/103.json"]
    errors = capsys.readouterr().err
    for request_line in (
        'GET /api/stats/campaigns/103.json HTTP/1.1" 200',
        'GET /_sim/counters HTTP/1.1" 200',
        'GET /_sim/log HTTP/1.1" 200',
    ):
        assert request_line in errors
    assert "stderr-admin-token" not in errors and "demo-data-token" not in errors


def test_ten_thousand_campaigns(load_sim, session):
    load_sim.client.reset()
    auth = ("load", "load-data-token")
    assert load_sim.store.campaign_counts() == {"load": 10_000}
    for campaign_id in (1, 5_000, 10_000):
        campaign = read(session, load_sim, campaign_id, auth=auth).json()["campaign"]
        assert (campaign["campaign-id"], campaign["status"]) == (campaign_id, 3)
    assert read(session, load_sim, 10_001, auth=auth).status_code == 404
    assert write(session, load_sim, 9_999, "PAUSED", auth=("load", "load-action-token")).status_code == 200


def test_concurrent_clients(load_sim):
    client = load_sim.client
    client.reset()
    statuses: list[int] = []
    failures: list[Exception] = []

    def work(campaign_id: int) -> None:
        try:
            with requests.Session() as own_session:
                for request_number in range(50):
                    if request_number % 2:
                        word = "PAUSED" if request_number % 4 == 1 else "RUNNING"
                        answer = write(own_session, load_sim, campaign_id, word, auth=("load", "load-action-token"))
                    else:
                        answer = read(own_session, load_sim, campaign_id, auth=("load", "load-data-token"))
                    statuses.append(answer.status_code)
        except Exception as error:  # pylint: disable=broad-exception-caught  # handed to the main thread, which fails the test
            failures.append(error)

    threads = [threading.Thread(target=work, args=(campaign_id,)) for campaign_id in range(1, 17)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    assert statuses == [200] * 800
    assert counts(client) == {"requests": 800, "reads": 400, "writes": 400, "applied": 400, "rate_limited": 0}


def test_tls(tmp_path):
    ca_file = tmp_path / "ca.pem"
    with Simulator(tls=True, ca_file=ca_file) as simulator:
        assert simulator.base_url.startswith("https://127.0.0.1:")
        assert (
            requests.get(
                f"{simulator.base_url}/api/stats/campaigns/100.json", auth=DATA_AUTH, verify=str(ca_file), timeout=10
            ).status_code
            == 200
        )
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(f"{simulator.base_url}/api/stats/campaigns/100.json", auth=DATA_AUTH, timeout=10)
        assert simulator.client.counters()["reads"] == 1
    with Simulator(tls=True) as simulator:  # a CA file of its own, removed on stop
        own_ca_file = simulator.ca_file
        assert own_ca_file is not None
        assert requests.get(
            f"{simulator.base_url}/api/stats/campaigns/100.json", auth=DATA_AUTH, verify=own_ca_file, timeout=10
        ).ok
    assert not os.path.exists(own_ca_file)


def start_cli(*arguments: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "simulator", "--quiet", *arguments]
    # pylint: disable-next=consider-using-with  # stop_cli ends it
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    watchdog = threading.Timer(20, process.kill)  # a simulator that never prints must not hang the tests
    watchdog.start()
    try:
        assert process.stdout is not None
        return process, process.stdout.readline().rstrip("\n")
    finally:
        watchdog.cancel()


def stop_cli(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    rest, _errors = process.communicate(timeout=10)
    return process.returncode, rest


def test_cli_prints_the_url_first_and_stops_cleanly(tmp_path):
    process, url = start_cli(
        "--tls", "--ca-file", str(tmp_path / "ca.pem"), env={"SIMULATOR_ADMIN_TOKEN": "cli-admin-token"}
    )
    try:
        assert re.fullmatch(r"https://127\.0\.0\.1:\d+", url)
        verify = str(tmp_path / "ca.pem")
        assert (
            requests.get(f"{url}/api/stats/campaigns/100.json", auth=DATA_AUTH, verify=verify, timeout=10).status_code
            == 200
        )
        assert SimulatorClient(url, "cli-admin-token", verify).counters()["reads"] == 1
    finally:
        returncode, rest = stop_cli(process)
    assert returncode == 0
    assert "cli-admin-token" not in rest  # a token that was given is not printed


def test_cli_serves_a_report_and_prints_how_to_reach_it(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"campaigns": [REPORT_ENTRY]}), encoding="utf-8")
    process, url = start_cli(
        "--report", str(path), "--tenant", "ops", "--action-token", "ops secret", env={"SIMULATOR_ADMIN_TOKEN": "a"}
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == f"data: report {path}; tenants: ops (1 campaigns)\n"
        exports = process.stdout.readline()
        assert exports == (
            f"export EIGHTBYEIGHT_CC_API_URL={url} EIGHTBYEIGHT_CC_USERNAME=ops "
            "EIGHTBYEIGHT_CC_DATA_TOKEN=ops-data-token EIGHTBYEIGHT_CC_ACTION_TOKEN='ops secret'\n"
        )
        assert (
            requests.get(f"{url}/api/stats/campaigns/125.json", auth=("ops", "ops-data-token"), timeout=10).json()[
                "campaign"
            ]["status"]
            == 3
        )
    finally:
        assert stop_cli(process)[0] == 0
    for arguments, message in (
        (["--tenant", "ops"], "go with --report"),
        (["--report", str(path), "--data", str(path)], "not allowed with"),
        (["--report", str(tmp_path / "missing.json")], "missing.json"),
    ):
        command = [sys.executable, "-m", "simulator", *arguments]
        refused = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=20, check=False)
        assert refused.returncode == 2 and message in refused.stderr, arguments


def test_cli_prints_a_generated_admin_token_and_refuses_bad_options():
    process, url = start_cli("--generate", "3")
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert process.stdout is not None
        token_line = process.stdout.readline()
        token = token_line.removeprefix("admin token: ").strip()
        assert token_line.startswith("admin token: ") and token
        assert SimulatorClient(url, token).campaign("load", 3)["status"] == 3
    finally:
        assert stop_cli(process)[0] == 0
    refused = subprocess.run(
        [sys.executable, "-m", "simulator", "--tls"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert refused.returncode == 2 and "--ca-file" in refused.stderr
