# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one judge of drift, and the plan's rows made from what the enforcement did with each verdict."""

from __future__ import annotations

import json

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import Decision
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import PlanRow, judge, plan_rows
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import drift_message
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import campaign
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import fleet as _fleet
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import outcome as _outcome
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import at


def test_plan_rows_hold_each_campaign_that_would_change_with_its_desired_state_even_from_quoted_ids():
    fleet = _fleet(_outcome(401, 3, ["PAUSED"]), _outcome(402, 8), _outcome(403, 3, ["PAUSED", "PURGED"]))
    rows = plan_rows([(401, "paused"), (402, "paused"), (403, "purged")], fleet)
    assert [row.as_dict() for row in rows] == [
        {
            "id": 401,
            "name": "Campaign 401",
            "status": 3,
            "status_name": "Manual Running",
            "state": "running",
            "desired": "paused",
            "transitions": ["PAUSED"],
        },
        {
            "id": 403,
            "name": "Campaign 403",
            "status": 3,
            "status_name": "Manual Running",
            "state": "running",
            "desired": "purged",
            "transitions": ["PAUSED", "PURGED"],
        },
    ]
    assert drift_message(rows) == (
        "2 campaign(s) drifted from the desired state: campaign 401 (Campaign 401) is running, desired paused, a run "
        "would send PAUSED; campaign 403 (Campaign 403) is running, desired purged, a run would send PAUSED, PURGED"
    )


# judge: whether a campaign is as its desired state wants it now, and whether what would bring it back may be sent.

GUARD_WHY = (
    "mode guard: automation only takes it out of dialing, never from paused to running; applying the desired state does"
)
FROZEN_WHY = (
    "frozen by Year-end freeze until 2026-12-27T00:00:00+00:00: no change is sent in a freeze but a pause for "
    "calling hours"
)
OBSERVE_WHY = "mode observe: nothing is ever sent to it, its drift is only reported"
STOPPED = "cannot become running: its status is 5 (Manual Stopped); stopped is final: it cannot be changed any more"


def decision(desired="running", effective=None, mode="enforce", frozen_by=None, ends=None, outside=None):
    # As decide() makes them: a campaign desired running is paused only outside its calling hours
    if outside is None and desired == "running" and effective == "paused":
        outside = "outside test hours"
    return Decision(125, desired, effective or desired, mode, "test", frozen_by, at(ends) if ends else None, outside)


def verdict_of(verdict):
    """What a verdict says, as (drifted, path, transitions, problem's text, held_because, act)."""
    problem = None if verdict.problem is None else str(verdict.problem)
    return verdict.drifted, verdict.path, verdict.transitions, problem, verdict.held_because, verdict.act


FROZEN = {"frozen_by": "Year-end freeze", "ends": "2026-12-27T00:00:00+00:00"}
JUDGED = [
    ("no desired state", 3, None, False, (False, (), (), None, None, False)),
    ("in its desired state", 8, decision("paused"), True, (False, (), (), None, None, False)),
    ("purged is paused too", 10, decision("paused"), True, (False, (), (), None, None, False)),
    (
        "calling hours only keep it from dialing",
        0,
        decision("running", "paused"),
        True,
        (False, (), (), None, None, False),
    ),
    (
        "calling hours: running is drift",
        3,
        decision("running", "paused"),
        True,
        (True, ("paused",), ("PAUSED",), None, None, True),
    ),
    ("act", 3, decision("purged"), True, (True, ("paused", "purged"), ("PAUSED", "PURGED"), None, None, True)),
    ("unreachable", 5, decision("running"), True, (True, None, None, STOPPED, None, False)),
    (
        "unreachable and observed",
        5,
        decision("running", mode="observe"),
        True,
        (True, None, None, STOPPED, OBSERVE_WHY, False),
    ),
    (
        "not enabled",
        3,
        decision("paused"),
        "disabled",
        (
            True,
            None,
            None,
            "it must become paused, but the campaign is not enabled: enable it in Configuration Manager",
            None,
            False,
        ),
    ),
    (
        "held by observe",
        3,
        decision("paused", mode="observe"),
        True,
        (True, ("paused",), ("PAUSED",), None, OBSERVE_WHY, False),
    ),
    (
        "held by guard for automation",
        8,
        decision("running", mode="guard"),
        True,
        (True, ("running",), ("RUNNING",), None, GUARD_WHY, False),
    ),
    (
        "guard lets a person start it",
        8,
        decision("running", mode="guard"),
        False,
        (True, ("running",), ("RUNNING",), None, None, True),
    ),
    (
        "held by a freeze",
        3,
        decision("paused", **FROZEN),
        True,
        (True, ("paused",), ("PAUSED",), None, FROZEN_WHY, False),
    ),
    (
        "a freeze lets calling hours pause",
        3,
        decision("running", "paused", **FROZEN),
        True,
        (True, ("paused",), ("PAUSED",), None, None, True),
    ),
]


@pytest.mark.parametrize("status, decided, automation, expected", [c[1:] for c in JUDGED], ids=[c[0] for c in JUDGED])
def test_judge(status, decided, automation, expected):
    fields = {"enabled": "N"} if automation == "disabled" else {}
    verdict = judge(campaign(125, status, **fields), decided, automation=automation is True)
    assert verdict.decision is decided
    assert verdict_of(verdict) == expected


def test_judge_with_override_freeze_lets_the_change_through_and_nothing_else():
    frozen = decision("paused", **FROZEN)
    assert judge(campaign(125, 3), frozen, automation=False, override_freeze=True).act
    guarded = decision("running", mode="guard", **FROZEN)
    overridden = judge(campaign(125, 8), guarded, automation=True, override_freeze=True)
    assert (overridden.act, overridden.held_because) == (False, GUARD_WHY), "the freeze only, not the mode"
    assert judge(campaign(125, 8), guarded, automation=False, override_freeze=False).held_because == FROZEN_WHY


# PlanRow.as_dict: the plan file's row, with the policy's columns only when a policy is in play.

ROW = {
    "id": 125,
    "name": "Spring renewals",
    "status": 3,
    "status_name": "Manual Running",
    "state": "running",
    "desired": "paused",
    "transitions": ["PAUSED"],
}


def test_a_plan_row_without_a_policy_has_the_plain_columns():
    row = PlanRow(125, "Spring renewals", 3, "Manual Running", "running", "paused", ("PAUSED",))
    assert row.as_dict() == ROW
    assert list(row.as_dict()) == ["id", "name", "status", "status_name", "state", "desired", "transitions"]
    held = PlanRow(
        125, "Spring renewals", 3, "Manual Running", "running", "paused", (), held=("PAUSED",), held_because="frozen"
    )
    assert "held" not in held.as_dict() and "mode" not in held.as_dict(), "no policy, no policy columns"


def test_a_plan_row_with_a_policy_says_what_decided_it_and_what_was_held_back():
    row = PlanRow(
        125,
        "Spring renewals",
        3,
        "Manual Running",
        "running",
        "paused",
        ("PAUSED",),
        mode="enforce",
        decided_by="outside US calling hours (08:00-21:00 America/Chicago)",
    )
    assert row.as_dict() == {
        **ROW,
        "mode": "enforce",
        "decided_by": "outside US calling hours (08:00-21:00 America/Chicago)",
    }
    held = PlanRow(
        125,
        "Spring renewals",
        3,
        "Manual Running",
        "running",
        "paused",
        (),
        mode="enforce",
        decided_by="desired state",
        held=("PAUSED",),
        held_because=FROZEN_WHY,
    )
    assert held.as_dict() == {
        **ROW,
        "transitions": [],
        "mode": "enforce",
        "decided_by": "desired state",
        "held": ["PAUSED"],
        "held_because": FROZEN_WHY,
    }
    assert json.loads(json.dumps(held.as_dict())) == held.as_dict(), "as the plan's JSON file holds it"


# Calling hours stop any dialing after hours, whatever the desired state; a hold keeps a person's stop.

AFTER_HOURS = {"outside": "outside US calling hours (08:00-21:00 America/Chicago)"}


@pytest.mark.parametrize(
    "status, decided, path, target",
    [
        pytest.param(3, decision("paused", **AFTER_HOURS, **FROZEN), ("paused",), None, id="desired paused, frozen"),
        pytest.param(
            3, decision("stopped", **AFTER_HOURS, **FROZEN), ("paused",), "paused", id="desired stopped, frozen"
        ),
        pytest.param(
            3, decision("purged", **AFTER_HOURS, **FROZEN), ("paused",), "paused", id="desired purged, frozen"
        ),
        pytest.param(3, decision("stopped", **AFTER_HOURS), ("stopped",), None, id="desired stopped, no freeze"),
    ],
)
def test_a_campaign_dialing_after_hours_is_paused_whatever_its_desired_state_in_a_freeze_too(
    status, decided, path, target
):
    verdict = judge(campaign(125, status), decided, automation=True)
    assert verdict.act and verdict.path == path and verdict.target == target
    # What a person applying the file gets is the same: nobody dials after hours
    assert judge(campaign(125, status), decided, automation=False).path == path


def test_after_hours_observe_still_sends_nothing():
    verdict = judge(campaign(125, 3), decision("stopped", mode="observe", **AFTER_HOURS, **FROZEN), automation=True)
    assert not verdict.act and verdict.held_because == OBSERVE_WHY


def _hold(*campaigns):
    from datetime import datetime, timezone

    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import PAUSE, open_hold
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant

    opened = datetime(2026, 12, 6, 19, 33, 12, tzinfo=timezone.utc)
    return open_hold(
        Tenant("https://vcc.example", "acme"), campaigns, PAUSE, "alice on bastion", opened, "outage", "INC-7"
    )


@pytest.mark.parametrize("automation", [True, False])
@pytest.mark.parametrize("override_freeze", [True, False])
def test_a_hold_keeps_a_start_from_automation_and_from_applying_the_file_and_override_freeze_never_lifts_it(
    automation, override_freeze
):
    hold = _hold(125)
    hold_id = hold.id
    verdict = judge(campaign(125, 8), decision("running", **FROZEN), automation, override_freeze, hold)
    assert verdict.drifted and not verdict.act
    assert verdict.hold is hold and verdict.transitions == ("RUNNING",)
    assert verdict.held_because is not None and verdict.held_because.startswith(
        "held since 2026-12-06T19:33:12Z by alice on bastion (runbook pause: outage; ticket INC-7"
    )
    assert hold_id in verdict.held_because


def test_a_hold_never_keeps_a_campaign_from_leaving_dialing():
    hold = _hold(125)
    verdict = judge(campaign(125, 3), decision("stopped"), automation=True, hold=hold)
    assert verdict.act and verdict.hold is None and verdict.transitions == ("STOPPED",)


def test_held_rows_are_reported_and_never_fail_the_drift_gate():
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import drifted
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import Outcome

    hold = _hold(401)
    held = campaign(401, 8)
    results = _fleet(_outcome(402, 3, ["PAUSED"]))
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import CampaignResult, FleetOutcome

    fleet = FleetOutcome(
        [CampaignResult(401, Outcome(held, held, (), held=("RUNNING",), held_because=hold.why())), *results.results]
    )
    rows = plan_rows([(401, "running"), (402, "paused")], fleet, [decision("running"), decision("paused")], {401: hold})
    assert [(row.id, row.hold) for row in rows] == [(401, hold.id), (402, None)]
    assert rows[0].as_dict()["hold"] == hold.id
    assert [row.id for row in drifted(rows)] == [402]


def test_a_plan_row_a_jurisdiction_decided_carries_its_rules_citations():
    decided_by = "US-FL closed at 20:00 in America/New_York (Fla. Stat. 501.616(6)(a))"
    row = PlanRow(
        125,
        "Spring renewals",
        3,
        "Manual Running",
        "running",
        "running",
        ("PAUSED",),
        mode="enforce",
        decided_by=decided_by,
        citations=("Fla. Stat. 501.616(6)(a)",),
    )
    assert row.as_dict() == {
        **ROW,
        "desired": "running",
        "mode": "enforce",
        "decided_by": decided_by,
        "citations": ["Fla. Stat. 501.616(6)(a)"],
    }
    plain = PlanRow(125, "Spring renewals", 3, "Manual Running", "running", "paused", ("PAUSED",), mode="enforce")
    assert "citations" not in plain.as_dict(), "no jurisdiction decided it: no citations column"
