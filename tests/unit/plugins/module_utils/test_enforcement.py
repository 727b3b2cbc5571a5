# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A desired state applied under its policy, and a resume under the host's: what is sent (and what is not) to a
platform mocked at the HTTP level, for modes, calling hours and freezes."""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, timezone

import pytest
import responses

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._enforcement import (
    decisions_at,
    enforce,
    policy_time,
    resume,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import resume_decisions
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import RunSettings
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._waiter import Waiter
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import YEAR_END, at, calling
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    USERNAME,
    add_read,
    add_write,
    read_url,
    sent,
    write_url,
)

DAY = at("2026-06-10T12:00:00-05:00")  # inside calling hours (08:00-21:00 America/Chicago)
NIGHT = at("2026-06-10T23:00:00-05:00")
CHRISTMAS_DAY = at("2026-12-25T12:00:00-06:00")  # inside the Year-end freeze too
CHRISTMAS_NIGHT = at("2026-12-25T23:00:00-06:00")
CALLING_HOURS = calling()
OUTSIDE = "outside US calling hours (08:00-21:00 America/Chicago)"
FROZEN = (
    "frozen by Year-end freeze until 2026-12-27T00:00:00+00:00: no change is sent in a freeze but a pause for "
    "calling hours"
)
GUARD = (
    "mode guard: automation only takes it out of dialing, never from paused to running; applying the desired state does"
)
OBSERVE = "mode observe: nothing is ever sent to it, its drift is only reported"
STOPPED = "cannot become running: its status is 5 (Manual Stopped); stopped is final: it cannot be changed any more"


@pytest.fixture
def api() -> CampaignApi:
    return CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN)


def run(check_mode: bool = False) -> RunSettings:
    return RunSettings(check_mode, Waiter(5, 1))


def policy(*campaigns: t.Any, windows: t.Sequence[dict[str, t.Any]] = ()) -> t.Any:
    """A desired state of ("running", 125) or ("running", 125, "guard") entries, and windows."""
    entries = [{"id": c[1], "state": c[0], **({"mode": c[2]} if len(c) > 2 else {})} for c in campaigns]
    return load_policy({"campaigns": entries, "windows": list(windows)})


def changes(mock: responses.RequestsMock, campaign_id: int, before: int, *after: int) -> None:
    """The platform's answers to a change of one campaign: read at ``before``, each write accepted, then read at each
    status of ``after``."""
    add_read(mock, before, campaign_id)
    for status in after:
        add_write(mock, campaign_id)
        add_read(mock, status, campaign_id)


def get(campaign_id: int) -> tuple[str, str, None]:
    return ("GET", read_url(campaign_id), None)


def post(campaign_id: int, word: str) -> tuple[str, str, dict[str, str]]:
    return ("POST", write_url(campaign_id), {"status": word})


# enforce: a desired state applied under its policy.


def test_a_campaign_in_its_desired_state_is_left_alone_after_one_read(api, api_mock):
    add_read(api_mock, 8)
    enforced = enforce(api, decisions_at(policy(("paused", 125)), DAY), run())
    assert sent(api_mock) == [get(125)]
    assert [result.kind for result in enforced.fleet.results] == ["unchanged"]
    assert (enforced.rows, enforced.policed, enforced.override_note) == ([], False, None)


def test_a_drifted_campaign_is_brought_back_and_its_plan_row_says_what_was_sent(api, api_mock):
    changes(api_mock, 125, 3, 8)
    enforced = enforce(api, decisions_at(policy(("paused", 125)), DAY), run())
    assert sent(api_mock) == [get(125), post(125, "PAUSED"), get(125)]
    [result] = enforced.fleet.results
    assert result.outcome is not None
    assert (result.kind, result.outcome.after.status) == ("changed", 8)
    assert [row.as_dict() for row in enforced.rows] == [
        {
            "id": 125,
            "name": "Spring renewals",
            "status": 3,
            "status_name": "Manual Running",
            "state": "running",
            "desired": "paused",
            "transitions": ["PAUSED"],
        }
    ]


def test_a_check_only_reads_and_plans_what_a_run_would_send(api, api_mock):
    add_read(api_mock, 3)
    enforced = enforce(api, decisions_at(policy(("purged", 125)), DAY), run(check_mode=True))
    assert sent(api_mock) == [get(125)]
    [result] = enforced.fleet.results
    assert result.outcome is not None
    assert (result.kind, result.outcome.transitions, result.outcome.predicted_status) == (
        "changed",
        ("PAUSED", "PURGED"),
        10,
    )
    assert enforced.check_mode and [row.transitions for row in enforced.rows] == [("PAUSED", "PURGED")]


def test_a_campaign_in_mode_observe_is_never_written_even_when_it_cannot_be_reached(api, api_mock):
    add_read(api_mock, 3, 125)
    add_read(api_mock, 5, 126)
    decisions = decisions_at(policy(("paused", 125, "observe"), ("running", 126, "observe")), DAY)
    enforced = enforce(api, decisions, run(), concurrency=1)
    assert sent(api_mock) == [get(125), get(126)], "no write, to either"
    paused, stopped = (result.outcome for result in enforced.fleet.results)
    assert paused is not None and stopped is not None
    assert (paused.held, paused.held_because) == (("PAUSED",), OBSERVE)
    assert (stopped.held, stopped.held_because) == ((), f"{OBSERVE}; {STOPPED}")
    assert enforced.fleet.failure() is None, "nothing would be sent anyway: no failure"
    assert [row.mode for row in enforced.rows] == ["observe", "observe"]
    assert enforced.drift == [], "an observed campaign's drift is only reported"


def test_a_campaign_that_cannot_be_reached_fails_naming_why(api, api_mock):
    add_read(api_mock, 5)
    enforced = enforce(api, decisions_at(policy(("running", 125)), DAY), run())
    assert sent(api_mock) == [get(125)]
    assert enforced.fleet.failure() == f"1 of 1 campaigns failed: campaign 125 (Spring renewals): {STOPPED}"


def test_a_freeze_holds_a_change_back_and_nothing_is_sent(api, api_mock):
    add_read(api_mock, 3)
    enforced = enforce(api, decisions_at(policy(("paused", 125), windows=[YEAR_END]), CHRISTMAS_DAY), run())
    assert sent(api_mock) == [get(125)]
    [result] = enforced.fleet.results
    assert result.outcome is not None
    assert (result.kind, result.outcome.held, result.outcome.held_because) == ("held", ("PAUSED",), FROZEN)
    assert enforced.held_by_freeze == [result]
    assert (enforced.overridden, enforced.override_note) == ((), None)
    [row] = enforced.rows
    assert row.as_dict() == {
        "id": 125,
        "name": "Spring renewals",
        "status": 3,
        "status_name": "Manual Running",
        "state": "running",
        "desired": "paused",
        "transitions": [],
        "mode": "enforce",
        "decided_by": "desired state",
        "held": ["PAUSED"],
        "held_because": FROZEN,
    }
    assert enforced.drift == [row], "a change a freeze holds back is drift all the same"


def test_override_freeze_sends_the_change_and_names_the_freeze_it_overrode(api, api_mock):
    changes(api_mock, 125, 3, 8)
    decisions = decisions_at(policy(("paused", 125), windows=[YEAR_END]), CHRISTMAS_DAY)
    enforced = enforce(api, decisions, run(), override_freeze=True)
    assert sent(api_mock) == [get(125), post(125, "PAUSED"), get(125)]
    assert [result.kind for result in enforced.fleet.results] == ["changed"]
    assert enforced.held_by_freeze == []
    assert enforced.overridden == ("Year-end freeze",)
    assert enforced.override_note == "override_freeze: the freeze Year-end freeze was overridden"


def test_guard_under_automation_never_starts_a_campaign_but_takes_one_out_of_dialing(api, api_mock):
    add_read(api_mock, 8, 125)
    changes(api_mock, 126, 3, 8)
    decisions = decisions_at(policy(("running", 125, "guard"), ("paused", 126, "guard")), DAY)
    enforced = enforce(api, decisions, run(), concurrency=1, automation=True)
    assert sent(api_mock) == [get(125), get(126), post(126, "PAUSED"), get(126)]
    held, paused = enforced.fleet.results
    assert held.outcome is not None
    assert (held.kind, held.outcome.held, held.outcome.held_because) == ("held", ("RUNNING",), GUARD)
    assert paused.kind == "changed"
    assert enforced.policed, "automation always plans with the policy's columns"


def test_guard_lets_a_person_applying_the_file_start_the_campaign(api, api_mock):
    changes(api_mock, 125, 8, 3)
    enforced = enforce(api, decisions_at(policy(("running", 125, "guard")), DAY), run(), automation=False)
    assert sent(api_mock) == [get(125), post(125, "RUNNING"), get(125)]
    assert [result.kind for result in enforced.fleet.results] == ["changed"]


@pytest.mark.parametrize("when, windows", [(NIGHT, [CALLING_HOURS]), (CHRISTMAS_NIGHT, [CALLING_HOURS, YEAR_END])])
@pytest.mark.parametrize("automation", [False, True])
def test_calling_hours_pause_a_campaign_desired_running_outside_them_even_in_a_freeze(
    api, api_mock, when, windows, automation
):
    changes(api_mock, 125, 3, 8)
    add_read(api_mock, 8, 126)
    add_read(api_mock, 0, 127)
    decisions = decisions_at(policy(("running", 125), ("running", 126), ("running", 127), windows=windows), when)
    assert [decision.effective for decision in decisions] == ["paused"] * 3
    enforced = enforce(api, decisions, run(), concurrency=1, automation=automation)
    assert sent(api_mock) == [get(125), post(125, "PAUSED"), get(125), get(126), get(127)]
    assert [result.kind for result in enforced.fleet.results] == ["changed", "unchanged", "unchanged"]
    assert enforced.rows[0].decided_by == OUTSIDE


def test_a_failure_every_campaign_would_meet_ends_the_task_after_one_read(api, api_mock):
    api_mock.add(responses.GET, read_url(125), status=401, json={"message": "Unauthorized"})
    decisions = decisions_at(policy(("paused", 125), ("paused", 126), ("paused", 127)), DAY)
    with pytest.raises(ReconcileError, match=r"was refused \(HTTP 401: Unauthorized\)"):
        enforce(api, decisions, run())
    assert sent(api_mock) == [get(125)], "the other campaigns are not read"


# resume: back to running, unless the host's policy keeps a campaign from dialing now.


def resumed(api, when, campaigns=(125,), windows=(CALLING_HOURS,), modes=None, override_freeze=False, listed=None):
    """A resume of ``campaigns`` under a host policy listing ``listed`` (by default the same), each desired paused in
    the file (a resume asks for running all the same) in its mode."""
    host = policy(*((("paused", i, (modes or {}).get(i, "enforce"))) for i in (listed or campaigns)), windows=windows)
    decisions = resume_decisions(host, list(campaigns), when)
    return resume(api, list(campaigns), decisions, run(), concurrency=1, override_freeze=override_freeze)


def test_a_resume_never_pauses_a_running_campaign_outside_its_calling_hours(api, api_mock):
    add_read(api_mock, 3)
    fleet = resumed(api, NIGHT)
    assert sent(api_mock) == [get(125)]
    assert [result.kind for result in fleet.results] == ["unchanged"]


def test_a_resume_holds_a_paused_campaign_outside_its_calling_hours(api, api_mock):
    add_read(api_mock, 8)
    [result] = resumed(api, NIGHT).results
    assert sent(api_mock) == [get(125)]
    assert (result.kind, result.outcome.held) == ("held", ("RUNNING",))
    assert result.outcome.held_because == (
        f"{OUTSIDE}: not resumed; resume it again when its desired state allows it to run"
    )


def test_a_resume_inside_calling_hours_starts_the_campaign(api, api_mock):
    changes(api_mock, 125, 8, 3)
    [result] = resumed(api, DAY).results
    assert sent(api_mock) == [get(125), post(125, "RUNNING"), get(125)]
    assert result.kind == "changed"


def test_a_resume_in_a_freeze_holds_the_campaign_unless_the_freeze_is_overridden(api, api_mock):
    add_read(api_mock, 8)
    [held] = resumed(api, CHRISTMAS_DAY, windows=[CALLING_HOURS, YEAR_END]).results
    assert sent(api_mock) == [get(125)]
    assert (held.kind, held.outcome.held_because) == ("held", FROZEN)
    api_mock.calls.reset()
    changes(api_mock, 125, 8, 3)
    [started] = resumed(api, CHRISTMAS_DAY, windows=[CALLING_HOURS, YEAR_END], override_freeze=True).results
    assert sent(api_mock) == [get(125), post(125, "RUNNING"), get(125)]
    assert started.kind == "changed"


def test_a_resume_follows_each_campaigns_mode_and_resumes_one_the_policy_does_not_list(api, api_mock):
    add_read(api_mock, 8, 125)
    changes(api_mock, 126, 8, 3)
    changes(api_mock, 127, 8, 3)
    fleet = resumed(api, DAY, campaigns=(125, 126, 127), modes={125: "observe", 126: "guard"}, listed=(125, 126))
    assert sent(api_mock) == [
        get(125),
        get(126),
        post(126, "RUNNING"),
        get(126),
        get(127),
        post(127, "RUNNING"),
        get(127),
    ]
    observed, guarded, unlisted = fleet.results
    assert (observed.kind, observed.outcome.held_because) == ("held", OBSERVE)
    assert guarded.kind == unlisted.kind == "changed", "a resume is a person's: guard lets it start a campaign"


# decisions_at and policy_time: what the policy is asked, and when.


def test_decisions_at_keeps_the_file_order_or_the_order_of_the_limit():
    host = policy(("running", 125), ("paused", 126), ("purged", 127), windows=[CALLING_HOURS])
    assert [(d.id, d.effective) for d in decisions_at(host, NIGHT)] == [
        (125, "paused"),
        (126, "paused"),
        (127, "purged"),
    ]
    assert [d.id for d in decisions_at(host, DAY, [127, 125])] == [127, 125]


def test_decisions_at_refuses_a_limit_naming_a_campaign_the_desired_state_does_not_list():
    host = policy(("running", 125), ("paused", 126))
    with pytest.raises(CampaignError) as caught:
        decisions_at(host, DAY, [125, 999, 1000])
    assert str(caught.value) == "limit names campaigns the desired state does not list: 999, 1000"


def test_policy_time_is_taken_in_check_mode_only():
    with pytest.raises(CampaignError) as caught:
        policy_time("2026-12-01T21:30:00-06:00", check_mode=False)
    assert str(caught.value) == ("policy_time plans as of another time, so it is taken in check mode only: add --check")
    assert policy_time("2026-12-01T21:30:00-06:00", check_mode=True) == at("2026-12-02T03:30:00Z")
    with pytest.raises(CampaignError, match="is not a time in ISO 8601 with an offset"):
        policy_time("tomorrow", check_mode=True)


@pytest.mark.parametrize("check_mode", [False, True])
def test_without_policy_time_the_policy_is_applied_now(check_mode):
    now = datetime.now(timezone.utc)
    when = policy_time(None, check_mode)
    assert when.utcoffset() == timedelta(0) and abs(when - now) < timedelta(seconds=5)
