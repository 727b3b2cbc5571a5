# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""campaign_report: a table, a JSON report naming its tenant, and a desired state that keeps the campaigns as they are."""

from __future__ import annotations

import json

import responses
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.modules.campaign_report import main
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    CONNECTION,
    SECRETS,
    add_read,
    read_url,
    sent,
)


def test_writes_the_report_and_the_desired_state_that_keeps_it(run_module, api_mock, tmp_path):
    add_read(api_mock, 3, campaign_id=1)
    add_read(api_mock, 0, campaign_id=2)
    add_read(api_mock, 8, campaign_id=3)
    run = run_module(
        main,
        dict(
            CONNECTION, campaign_ids="1,2 3", report_dest=str(tmp_path), desired_state_dest=str(tmp_path), host="acme"
        ),
    )
    assert not run.failed, run.result.get("msg")
    report_file, desired_file = tmp_path / "report-acme.json", tmp_path / "report-acme-desired-state.yml"
    assert run.result["files"] == [str(report_file), str(desired_file)]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report == run.result["report"]
    assert report["tenant"] == {"api_url": "https://vcc-na12.8x8.com", "username": "acme"} and report["host"] == "acme"
    assert yaml.safe_load(desired_file.read_text(encoding="utf-8")) == {
        "campaigns": [{"id": 1, "state": "running"}, {"id": 3, "state": "paused"}]
    }
    assert run.result["lines"][1:3] == [
        "ID        NAME             STATE     STATUS",
        "1         Spring renewals  running   3 Manual Running",
    ]
    assert [m for m, _u, _b in sent(api_mock)] == ["GET"] * 3
    assert not any(secret in run.output + report_file.read_text(encoding="utf-8") for secret in SECRETS)


def test_campaigns_that_cannot_be_read_are_named_and_fail_the_task_after_the_others_are_written(
    run_module, api_mock, tmp_path
):
    add_read(api_mock, 3, campaign_id=1)
    api_mock.add(responses.GET, read_url(2), status=404)
    run = run_module(
        main, dict(CONNECTION, campaign_ids=[1, 2], report_dest=str(tmp_path), desired_state_dest=str(tmp_path))
    )
    assert run.failed and run.result["msg"].startswith("1 of 2 campaigns could not be read: campaign 2: not found")
    assert json.loads((tmp_path / "report-localhost.json").read_text(encoding="utf-8"))["failures"][0]["id"] == 2


def test_check_mode_writes_no_file(run_module, api_mock, tmp_path):
    add_read(api_mock, 3, campaign_id=1)
    run = run_module(main, dict(CONNECTION, campaign_ids=1, report_dest=str(tmp_path)), check_mode=True)
    assert not run.failed and run.result["files"] == [] and list(tmp_path.iterdir()) == []


def test_with_a_journal_the_report_says_who_changed_each_campaign_last_when_and_why(run_module, api_mock, tmp_path):
    from datetime import datetime, timezone

    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._journal import (
        Context,
        Journal,
        RunIdentity,
    )
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import Write, Written
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant
    from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import campaign

    path = tmp_path / "journal.jsonl"
    run = RunIdentity("alice", "bastion", "42", "bob", "Stop the dialing now")
    mine = Journal(
        str(path),
        Context(Tenant("https://vcc-na12.8x8.com", "acme"), "eightbyeight.contact_center.campaign_pause", run, "INC-7"),
    )
    theirs = Journal(str(path), Context(Tenant("https://vcc-na12.8x8.com", "globex"), "someone else", run))
    at = datetime(2026, 12, 6, 19, 33, 13, tzinfo=timezone.utc)
    mine.record(campaign(1, 3), [Written("PAUSED", Write.ACCEPTED, 3, at)], "runbook pause: carrier outage")
    mine.record(campaign(1, 8), [Written("RUNNING", Write.REFUSED, 8, at, "HTTP 400")], "a refused start")
    theirs.record(campaign(1, 8), [Written("STOPPED", Write.ACCEPTED, 8, at)], "not this tenant's")
    add_read(api_mock, 8, campaign_id=1)
    add_read(api_mock, 3, campaign_id=2)
    result = run_module(
        main,
        dict(
            CONNECTION,
            campaign_ids="1 2",
            journal=str(path),
            report_dest=str(tmp_path),
            desired_state_dest=str(tmp_path),
        ),
    ).result
    assert (
        "last change: campaign 1 (Campaign 1): PAUSED accepted at 2026-12-06T19:33:13Z, sent by "
        "eightbyeight.contact_center.campaign_pause for alice on bastion (AWX job 42 by bob), reason: runbook pause: "
        "carrier outage (ticket INC-7)"
    ) in result["lines"]
    assert "campaign 2: no change in the journal" in result["lines"]
    assert [(e["sent"], e["outcome"]) for e in result["history"]["1"]] == [
        ("PAUSED", "accepted"),
        ("RUNNING", "refused"),
    ]
    assert result["history"]["2"] == []
