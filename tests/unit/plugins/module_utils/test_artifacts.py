# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The files the runbook leaves: where they go, what they say, and that each names its tenant."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _files
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import destination, restoring_snapshot, snapshot_dest, write_json
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import PlanRow
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import keep_as_is, plan_document, plan_markdown, resume_command, table
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, saved_form

ACME = Tenant("https://vcc-na12.8x8.com", "acme")
WHEN = datetime(2026, 12, 1, 21, 30, tzinfo=timezone.utc)


def test_a_file_name_given_gets_the_host_so_that_each_tenant_writes_its_own(tmp_path):
    assert destination(str(tmp_path / "night.json"), "acme", "x.json") == str(tmp_path / "night-acme.json")
    assert destination(str(tmp_path / "night"), "acme", "x.json") == str(tmp_path / "night-acme")


def test_a_directory_given_holds_the_default_name(tmp_path):
    assert snapshot_dest(str(tmp_path), "acme", WHEN) == str(tmp_path / "paused-acme-20261201T213000Z.json")


def test_nothing_given_is_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert snapshot_dest(None, "acme", WHEN) == str(tmp_path / "paused-acme-20261201T213000Z.json")


def _save(directory, name, tenant, running, host="acme"):
    taken = {"tenant": tenant.as_dict(), "taken_at": "t", "campaigns": [{"id": i, "state": "running"} for i in running]}
    write_json(str(directory / name), saved_form(host, taken))


def test_the_snapshot_that_can_restore_is_the_newest_of_this_host_and_tenant_that_resumes_one_of_the_campaigns(tmp_path):
    other = Tenant("https://vcc-na12.8x8.com", "globex")
    _save(tmp_path, "paused-acme-20261201T200000Z.json", ACME, [1, 2])
    _save(tmp_path, "paused-acme-20261201T210000Z.json", ACME, [])  # a second pause: nothing was running
    _save(tmp_path, "paused-acme-20261201T220000Z.json", other, [1])  # another tenant's, by mistake under this name
    _save(tmp_path, "paused-acme-20261201T230000Z.json", ACME, [9])  # other campaigns
    (tmp_path / "paused-acme-20261201T235900Z.json").write_text("{not json", encoding="utf-8")
    found = restoring_snapshot(str(tmp_path), "acme", ACME, [1, 2, 3])
    assert found == str(tmp_path / "paused-acme-20261201T200000Z.json")
    assert restoring_snapshot(str(tmp_path), "acme", ACME, [5]) is None
    assert restoring_snapshot(str(tmp_path / "missing"), "acme", ACME, [1]) is None


def test_a_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "snapshot.json"
    target.write_text("the old one\n", encoding="utf-8")

    def broken_dumps(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_files.json, "dumps", broken_dumps)
    with pytest.raises(OSError):
        write_json(str(target), {"a": 1})
    assert target.read_text(encoding="utf-8") == "the old one\n"
    assert os.listdir(tmp_path) == ["snapshot.json"], "no temporary file is left behind"


def test_the_resume_command_names_the_host_unless_it_is_localhost():
    assert resume_command("/r/s.json", "localhost") == "ansible-playbook eightbyeight.contact_center.resume -e @/r/s.json"
    assert resume_command("/r/s.json", "acme", ["/inv/tenants.yml"]).endswith(
        "resume -i /inv/tenants.yml -e target=acme -e @/r/s.json"
    )


def _report(*campaigns):
    return {"tenant": ACME.as_dict(), "host": "acme", "taken_at": "2026-12-01T21:30:00Z", "campaigns": list(campaigns)}


def _entry(campaign_id, state, name="Spring renewals", status=3, status_name="Manual Running"):
    return {"id": campaign_id, "name": name, "state": state, "status": status, "status_name": status_name}


def test_the_desired_state_that_keeps_campaigns_as_they_are_leaves_out_new_ones_and_names_the_tenant():
    text = keep_as_is(_report(_entry(1, "running"), _entry(2, "new", "Fresh\nlist"), _entry(3, "paused")))
    assert yaml.safe_load(text) == {"campaigns": [{"id": 1, "state": "running"}, {"id": 3, "state": "paused"}]}
    assert "# tenant acme at https://vcc-na12.8x8.com (host acme)." in text
    assert "#   - {id: 2, state: new}  # Fresh list" in text, "a name's line break never ends the comment"
    assert yaml.safe_load(keep_as_is(_report(_entry(2, "new")))) == {"campaigns": []}


def test_the_table_fits_its_longest_name():
    assert table([_entry(125, "running"), _entry(7, "paused", "X", 8, "Manual Paused")]) == [
        "ID        NAME             STATE     STATUS",
        "125       Spring renewals  running   3 Manual Running",
        "7         X                paused    8 Manual Paused",
    ]


ROW = {"id": 103, "name": "Survey | phone", "status": 3, "status_name": "Manual Running", "state": "running",
       "desired": "purged", "transitions": ["PAUSED", "PURGED"]}


def test_a_plan_names_its_tenant_and_time_and_has_one_row_per_campaign_that_would_change():
    plan = plan_document(ACME, WHEN, True, [PlanRow(**ROW)], [])
    assert json.loads(json.dumps(plan)) == {
        "tenant": {"api_url": "https://vcc-na12.8x8.com", "username": "acme"}, "taken_at": "2026-12-01T21:30:00Z",
        "check_mode": True, "complete": True, "campaigns": [ROW], "failures": [],
    }
    markdown = plan_markdown(plan)
    assert markdown.startswith("Plan for the tenant acme at https://vcc-na12.8x8.com, 2026-12-01T21:30:00Z\n")
    assert "| 103 | Survey \\| phone | 3 (Manual Running) | purged | PAUSED, PURGED |" in markdown
    assert "| ID | name | status | desired | would send |" in markdown


def test_a_plan_in_sync_says_so():
    assert "No campaign would change: the campaigns are in their desired state." in plan_markdown(
        plan_document(ACME, WHEN, True, [], [])
    )


def test_a_failed_check_never_says_the_campaigns_are_in_their_desired_state():
    failures = [{"id": 9, "msg": "campaign 9: GET ... was refused (HTTP 401): check username and data_token"}]
    plan = plan_document(ACME, WHEN, True, [], failures)
    markdown = plan_markdown(plan)
    assert plan["complete"] is False
    assert "**The check failed**: 1 campaign(s) could not be checked, so this plan is incomplete:" in markdown
    assert "- campaign 9: GET ... was refused (HTTP 401)" in markdown
    assert "in their desired state" not in markdown
