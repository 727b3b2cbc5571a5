# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What people read: the runbook's lines, the table of a report, the plan as a document and as Markdown, and the
desired state that keeps a snapshot's campaigns as they are."""

from __future__ import annotations

import json
import typing as t
from datetime import datetime, timezone

import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import PlanRow
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import CampaignResult
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import (
    fleet_lines,
    keep_as_is,
    pause_lines,
    plan_document,
    plan_markdown,
    resume_command,
    table,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import choose_pause
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import campaign, unread
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import fleet as _fleet
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import outcome as _outcome

ACME = Tenant("https://vcc-na12.8x8.com", "acme")
WHEN = datetime(2026, 12, 1, 21, 30, tzinfo=timezone.utc)


def test_every_line_names_its_campaign_and_says_what_became_of_it():
    dialing = campaign(5, 3)
    read: list[Campaign | ReconcileError] = [
        campaign(1, 3),
        campaign(2, 3, enabled="N"),
        campaign(3, 8),
        unread(4),
        dialing,
    ]
    choice = choose_pause(read)
    failed = ReconcileError(5, CampaignError("PAUSED was refused"), dialing)
    lines = pause_lines(choice, {1: ("PAUSED",), 5: failed}, check_mode=False)
    assert lines == [
        "campaign 1 (Campaign 1): running, status 3 (Manual Running): paused (PAUSED)",
        "MAY STILL BE DIALING: campaign 5 (Campaign 5): PAUSED was refused",
        "campaign 3 (Campaign 3): paused, status 8 (Manual Paused): not dialing, left as it is",
        "STILL DIALING: campaign 2 (Campaign 2) is running, and the API cannot pause it (it must become paused, but the "
        "campaign is not enabled: enable it in Configuration Manager): pause it by hand in Configuration Manager",
        "MAY STILL BE DIALING: campaign 4: not found (HTTP 404): check it in Configuration Manager, and pause it there "
        "if need be",
    ]
    assert pause_lines(choice, {1: ("PAUSED",)}, check_mode=True)[0].endswith(": would pause (PAUSED)")


def test_the_summary_names_each_changed_and_failed_campaign():
    failed = CampaignResult(9, error=ReconcileError(9, CampaignError("cannot become running"), campaign(9, 6)))
    fleet = _fleet(_outcome(1, 3, ["PAUSED"], after=campaign(1, 8)), _outcome(2, 8), failed)
    assert fleet_lines(fleet, check_mode=False) == [
        "3 campaigns: 1 unchanged, 1 changed, 1 failed",
        "campaign 1 (Campaign 1): sent PAUSED",
        "failed: campaign 9 (Campaign 9): cannot become running",
        "states now: 2 paused, 1 stopped",
    ]
    assert fleet_lines(fleet, check_mode=True)[:2] == [
        "3 campaigns: 1 unchanged, 1 to change, 1 failed (check mode: the plan, nothing was sent)",
        "campaign 1 (Campaign 1): would send PAUSED",
    ]


def test_the_resume_command_names_the_host_unless_it_is_localhost():
    assert (
        resume_command(["/r/s.json"], "localhost")
        == "ansible-playbook eightbyeight.contact_center.resume -e @/r/s.json"
    )
    assert resume_command(["/r/s.json"], "acme", ["/inv/tenants.yml"]).endswith(
        "resume -i /inv/tenants.yml -e target=acme -e @/r/s.json"
    )
    # Several snapshots at once: the union of what they show running
    assert resume_command(["/r/b.json", "/r/a.json"], "localhost").endswith("resume -e snapshot=/r/b.json,/r/a.json")


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


#: A plan row as the plan document gives it (JSON: the transitions a list).
ROW: dict[str, t.Any] = {
    "id": 103,
    "name": "Survey | phone",
    "status": 3,
    "status_name": "Manual Running",
    "state": "running",
    "desired": "purged",
    "transitions": ["PAUSED", "PURGED"],
}


def test_a_plan_names_its_tenant_and_time_and_has_one_row_per_campaign_that_would_change():
    plan = plan_document(ACME, WHEN, True, [PlanRow(**ROW)], [])
    assert json.loads(json.dumps(plan)) == {
        "tenant": {"api_url": "https://vcc-na12.8x8.com", "username": "acme"},
        "taken_at": "2026-12-01T21:30:00Z",
        "policy_time": "2026-12-01T21:30:00Z",
        "check_mode": True,
        "complete": True,
        "campaigns": [ROW],
        "failures": [],
    }
    markdown = plan_markdown(plan)
    assert markdown.startswith(
        "Plan for the tenant acme at https://vcc-na12.8x8.com, 2026-12-01T21:30:00Z; calling hours, freezes and holds "
        "as of 2026-12-01T21:30:00Z (policy_time)\n"
    )
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
