# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

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
