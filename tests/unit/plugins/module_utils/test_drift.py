# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one judge of drift, and the plan's rows made from what the enforcement did with each verdict."""

from __future__ import annotations

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import plan_rows
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import drift_message
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import fleet as _fleet
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import outcome as _outcome


def test_plan_rows_hold_each_campaign_that_would_change_with_its_desired_state_even_from_quoted_ids():
    fleet = _fleet(_outcome(401, 3, ["PAUSED"]), _outcome(402, 8), _outcome(403, 3, ["PAUSED", "PURGED"]))
    rows = plan_rows([(401, "paused"), (402, "paused"), (403, "purged")], fleet)
    assert [row.as_dict() for row in rows] == [
        {"id": 401, "name": "Campaign 401", "status": 3, "status_name": "Manual Running", "state": "running",
         "desired": "paused", "transitions": ["PAUSED"]},
        {"id": 403, "name": "Campaign 403", "status": 3, "status_name": "Manual Running", "state": "running",
         "desired": "purged", "transitions": ["PAUSED", "PURGED"]},
    ]
    assert drift_message(rows) == (
        "2 campaign(s) drifted from the desired state: campaign 401 (Campaign 401) is running, desired paused, a run "
        "would send PAUSED; campaign 403 (Campaign 403) is running, desired purged, a run would send PAUSED, PURGED"
    )
