# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the event source makes of its reads, without its event loop: the events of a poll, each drift emitted again
on its schedule with one drift_id, one stuck event, failed polls and their backoff, heartbeats, the pause before
the next poll, and a desired-state file read again before each poll."""

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ApiError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._watch import (
    CHANGED,
    CREDENTIALS_REFUSED,
    DESIRED_STATE_INVALID,
    DRIFTED,
    KEY,
    MIN_PAUSE,
    POLL_FAILED,
    POLL_RECOVERED,
    READ_FAILED,
    STUCK,
    Drifts,
    Polled,
    Watch,
    backoff,
    until_next_poll,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._watch_settings import settings
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import campaign
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import calling, running
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import DATA_TOKEN, USERNAME, read_url

#: A Tuesday, 10:00 in Chicago: inside the calling hours of desired_states.calling().
WHEN = datetime(2026, 6, 9, 15, 0, tzinfo=timezone.utc)
#: The wall time an event says it was decided at.
DECIDED = datetime(2026, 6, 9, 15, 0, 7, tzinfo=timezone.utc)
CONNECTION = {"platform": "na12", "username": USERNAME, "data_token": DATA_TOKEN}
GUARD_WHY = (
    "mode guard: automation only takes it out of dialing, never from paused to running; applying the desired state does"
)


def watch(desired: t.Any = None, ids: t.Any = None, **args: t.Any) -> Watch:
    """A watch of the source's arguments as a rulebook gives them: a desired state (a path or a mapping), or IDs."""
    given: dict[str, t.Any] = {**CONNECTION, "interval": 10, **args}
    given.update({"desired_state": desired} if desired is not None else {"campaign_ids": ids})
    config = settings(given, {})
    return Watch(config, (DATA_TOKEN,), clock=lambda: DECIDED)


def desired(**states: str) -> dict[str, t.Any]:
    """A desired state of campaigns c125="paused", c126="running:guard" (a state, and optionally a mode)."""
    campaigns = []
    for key, value in states.items():
        state, _sep, mode = value.partition(":")
        campaigns.append({"id": int(key[1:]), "state": state, **({"mode": mode} if mode else {})})
    return {"campaigns": campaigns}


def failed(campaign_id: int, status_code: int | None, text: str = "") -> ReconcileError:
    """A read of the campaign that failed: answered ``status_code``, or (None) with no answer at all."""
    if status_code is None:
        cause = ApiError(f"GET {read_url(campaign_id)} got no answer within 30 seconds: raise timeout", None)
    else:
        cause = ApiError(text or f"GET {read_url(campaign_id)} answered HTTP {status_code}", status_code)
    return ReconcileError(campaign_id, cause)


def fields(events: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    return [event[KEY] for event in events]


def kinds(events: list[dict[str, t.Any]]) -> list[tuple[str, int | None]]:
    """(type, campaign ID) of each event."""
    return [(event["type"], event.get("campaign", {}).get("id")) for event in fields(events)]


# Drifts: when a drift that lasts is emitted again, its drift_id, its one stuck event.


def emissions(drifts: Drifts, until: float, key: tuple[t.Any, ...] = ("running", "paused", "enforce", True)) -> list:
    """The monotonic seconds, polled each second from 0 to ``until``, at which a lasting drift of campaign 125 is
    emitted."""
    found = []
    for second in range(int(until) + 1):
        drift, _stuck = drifts.observe(125, key, WHEN + timedelta(seconds=second), float(second))
        if drift is not None:
            found.append(second)
    return found


def test_a_lasting_drift_is_emitted_again_after_1_2_4_intervals_up_to_reemit_max():
    # The documented schedule of the defaults (30 s, 600 s): 0, 30 s, 1:30, 3:30, 7:30, 15:30, then every 10 minutes.
    assert emissions(Drifts(30, 600, 0), 2200) == [0, 30, 90, 210, 450, 930, 1530, 2130]
    assert emissions(Drifts(10, 45, 0), 230) == [0, 10, 30, 70, 115, 160, 205]
    assert [Drifts(10, 45, 0).pause(attempt) for attempt in range(1, 7)] == [10, 20, 40, 45, 45, 45]


def test_with_reemit_max_0_a_drift_is_emitted_once():
    assert emissions(Drifts(10, 0, 5), 5000) == [0]
    assert Drifts(10, 0, 5).pause(1) is None


def test_a_drift_keeps_its_id_while_it_lasts_and_a_change_of_its_key_starts_another():
    drifts = Drifts(10, 600, 0)
    running_ = ("running", "paused", "enforce", True)
    first, _stuck = drifts.observe(125, running_, WHEN, 0.0)
    again, _stuck = drifts.observe(125, running_, WHEN + timedelta(seconds=10), 10.0)
    assert again is not None
    assert first is again and (again.drift_id, again.attempt) == ("125-20260609T150000Z-1", 2)
    assert again.since == WHEN
    # Another state (the campaign purged by someone), another mode, another verdict on act: each a new drift, at once.
    for second, key in ((11, ("purged", "paused", "enforce", True)), (12, ("purged", "paused", "observe", False))):
        drift, _stuck = drifts.observe(125, key, WHEN + timedelta(seconds=second), float(second))
        assert drift is not None and drift.attempt == 1, key
    assert drifts.current[125].drift_id == "125-20260609T150012Z-3"
    # Another campaign's drifts number on; one put back and drifting again is a new drift.
    other, _stuck = drifts.observe(126, running_, WHEN, 13.0)
    assert other is not None
    assert other.drift_id == "126-20260609T150000Z-4"
    drifts.resolve(125)
    back, _stuck = drifts.observe(125, running_, WHEN + timedelta(seconds=20), 20.0)
    assert back is not None
    assert (back.drift_id, back.attempt) == ("125-20260609T150020Z-5", 1)


def test_a_drift_id_gives_the_drifts_start_in_utc_whatever_zone_its_time_is_in():
    chicago = WHEN.astimezone(ZoneInfo("America/Chicago"))  # 10:00 there, 15:00 UTC
    drift, _stuck = Drifts(10, 600, 0).observe(125, ("running", "paused", "enforce", True), chicago, 0.0)
    assert drift is not None
    assert drift.drift_id == "125-20260609T150000Z-1"


def test_one_stuck_event_after_stuck_after_events_automation_may_act_on():
    drifts = Drifts(10, 600, 2)
    act = ("running", "paused", "enforce", True)
    emitted = []
    for moment in range(400):
        drift, stuck = drifts.observe(125, act, WHEN, float(moment))
        if drift is not None:
            emitted.append((moment, drift.attempt, stuck))
    # Two events, and the drift still there when the third is due: one stuck event, then the drift's events go on.
    assert emitted == [(0, 1, False), (10, 2, False), (30, 3, True), (70, 4, False), (150, 5, False), (310, 6, False)]
    assert drifts.current[125].stuck
    held = Drifts(10, 600, 2)
    never = [held.observe(126, ("paused", "running", "guard", False), WHEN, float(moment))[1] for moment in range(400)]
    assert not any(never), "a drift automation may not act on is never stuck: nothing acts on it"
    off = Drifts(10, 600, 0)
    assert not any(off.observe(127, act, WHEN, float(moment))[1] for moment in range(400)), "stuck_after 0: none"


# Watch.poll: reads made into events.


def test_a_campaign_watched_by_id_gives_an_event_when_its_state_changes_only():
    source = watch(ids=[125])
    assert source.poll([campaign(125, 1)], WHEN, 0.0).events == [], "the first read: nothing to compare with"
    assert source.poll([campaign(125, 3)], WHEN, 10.0).events == [], "another status of the same state (running)"
    [event] = fields(source.poll([campaign(125, 8)], WHEN, 20.0).events)
    assert event == {
        "type": CHANGED,
        "campaign": {"id": 125, "name": "Campaign 125", "status": 8, "status_name": "Manual Paused", "state": "paused"},
        "previous": {"status": 3, "status_name": "Manual Running", "state": "running"},
        "desired": None,
        "effective": None,
        "mode": None,
        "reason": None,
        "frozen_by": None,
        "freeze_ends": None,
        "drifted": False,
        "transitions": [],
        "act": False,
        "why": "no desired state",
        "hold": None,
        "drift_id": None,
        "attempt": None,
        "decided_at": "2026-06-09T15:00:07+00:00",
        "desired_state": None,
        "message": "campaign 125 (Campaign 125) went from running (status 3, Manual Running) to paused (status 8, "
        "Manual Paused)",
    }


def test_a_drift_is_an_event_with_the_transitions_that_would_end_it_and_whether_automation_may_send_them():
    content = desired(c125="paused", c126="running:guard", c127="running")
    source = watch(content)
    polled = source.poll([campaign(125, 3), campaign(126, 8), campaign(127, 5)], WHEN, 0.0)
    assert (polled.failure, polled.refused) == (None, None)
    pause, start, stopped = fields(polled.events)
    assert {key: pause[key] for key in ("type", "desired", "effective", "mode", "reason", "drifted")} == {
        "type": DRIFTED,
        "desired": "paused",
        "effective": "paused",
        "mode": "enforce",
        "reason": "desired state",
        "drifted": True,
    }
    assert (pause["transitions"], pause["act"], pause["why"]) == (["PAUSED"], True, None)
    assert (pause["drift_id"], pause["attempt"], pause["previous"]) == ("125-20260609T150000Z-1", 1, None)
    assert pause["desired_state"] == content, "what the enforcement playbook decides again from"
    assert pause["message"] == (
        "campaign 125 (Campaign 125) is running (status 3, Manual Running); desired paused: drifted, and a run would "
        "send PAUSED"
    )
    assert (start["transitions"], start["act"], start["why"]) == (["RUNNING"], False, GUARD_WHY)
    assert start["message"].endswith(f"; automation may not: {GUARD_WHY}")
    # A stopped campaign cannot be made running: no transitions, and why.
    assert (stopped["drifted"], stopped["transitions"], stopped["act"]) == (True, None, False)
    assert stopped["why"] == (
        "cannot become running: its status is 5 (Manual Stopped); stopped is final: it cannot be changed any more"
    )
    # A second later: 125 put back is "changed"; the drifts of the others are not due again yet.
    assert kinds(source.poll([campaign(125, 8), campaign(126, 8), campaign(127, 5)], WHEN, 1.0).events) == [
        (CHANGED, 125)
    ]


def test_a_campaign_put_back_is_a_changed_event_that_ends_its_drift():
    source = watch(desired(c125="paused"))
    source.poll([campaign(125, 3)], WHEN, 0.0)
    [back] = fields(source.poll([campaign(125, 8)], WHEN, 5.0).events)
    assert (back["type"], back["drifted"], back["drift_id"], back["transitions"]) == (CHANGED, False, None, [])
    assert back["why"] == "in its desired state"
    assert source.drifts.current == {}
    assert source.poll([campaign(125, 8)], WHEN, 6.0).events == []
    [again] = fields(source.poll([campaign(125, 3)], WHEN + timedelta(seconds=7), 7.0).events)
    assert (again["type"], again["drift_id"], again["attempt"]) == (CHANGED, "125-20260609T150007Z-2", 1)


def test_a_lasting_drift_of_the_watch_is_stuck_once_naming_its_last_failed_read():
    source = watch(desired(c125="paused"), stuck_after=2)
    assert kinds(source.poll([campaign(125, 3)], WHEN, 0.0).events) == [(DRIFTED, 125)]
    assert kinds(source.poll([campaign(125, 3)], WHEN, 10.0).events) == [(DRIFTED, 125)]
    broken = failed(125, 500, "GET x answered HTTP 500: Internal server error")
    assert kinds(source.poll([broken], WHEN, 20.0).events) == [(READ_FAILED, 125)]
    stuck, drifted = fields(source.poll([campaign(125, 3)], WHEN, 30.0).events)
    assert (stuck["type"], stuck["attempts"], stuck["drift_id"]) == (STUCK, 2, "125-20260609T150000Z-1")
    assert (stuck["since"], stuck["last_error"]) == ("2026-06-09T15:00:00+00:00", "campaign 125: " + str(broken.cause))
    assert (stuck["effective"], stuck["transitions"]) == ("paused", ["PAUSED"])
    assert "drifted" not in stuck and "act" not in stuck
    assert (drifted["type"], drifted["attempt"]) == (DRIFTED, 3)
    assert drifted["message"].endswith("(event 3 of this drift, since 2026-06-09T15:00:00+00:00)")
    later = [kinds(source.poll([campaign(125, 3)], WHEN, float(moment)).events) for moment in (70, 150, 310)]
    assert later == [[(DRIFTED, 125)]] * 3, "stuck once only"


def test_a_campaign_that_cannot_be_read_is_told_once_while_it_stays_unreadable():
    source = watch(desired(c125="paused", c126="paused"))
    broken = failed(126, 500, "GET x answered HTTP 500: Internal server error")
    polled = source.poll([campaign(125, 8), broken], WHEN, 0.0)
    [event] = fields(polled.events)
    assert event == {
        "type": READ_FAILED,
        "campaign": {"id": 126},
        "desired": "paused",
        "effective": "paused",
        "message": "campaign 126: GET x answered HTTP 500: Internal server error",
    }
    assert polled.failure is None and source.last_good_poll == WHEN, "the campaign's own failure, not the poll's"
    later = WHEN + timedelta(seconds=10)
    assert source.poll([campaign(125, 8), broken], later, 10.0).events == []
    assert source.unreadable == {126: "campaign 126: GET x answered HTTP 500: Internal server error"}
    assert source.poll([campaign(125, 8), campaign(126, 8)], later, 20.0).events == []
    assert source.unreadable == {}
    assert kinds(source.poll([campaign(125, 8), broken], later, 30.0).events) == [(READ_FAILED, 126)]


def test_a_refused_credential_ends_the_source():
    source = watch(desired(c125="paused", c126="paused", c127="paused"))
    refused = failed(126, 401, "GET x was refused (HTTP 401: Unauthorized): check username and data_token")
    polled = source.poll([campaign(125, 3), refused, campaign(127, 3)], WHEN, 0.0)
    assert polled.refused is refused and polled.failure is None
    events, delay = source.concluded(polled)
    assert delay is None, "no next poll"
    [event] = fields(events)
    assert (event["type"], event["status_code"]) == (CREDENTIALS_REFUSED, 401)
    assert event["message"] == (
        "campaign 126: GET x was refused (HTTP 401: Unauthorized): check username and data_token; the source stops: "
        "correct the credential, then restart the rulebook"
    )


@pytest.mark.parametrize("status_code", [None, 429], ids=["no answer", "too many requests"])
def test_a_poll_where_no_read_got_its_campaign_fails_as_a_whole(status_code):
    source = watch(desired(c125="paused", c126="paused"))
    polled = source.poll([failed(125, status_code), failed(126, status_code)], WHEN, 0.0)
    assert polled.events == [] and polled.refused is None, "no read_failed: the platform, not the campaigns"
    assert polled.failure is not None and polled.failure.startswith("2 of 2 campaigns could not be read: campaign 125")
    assert source.last_good_poll is None and source.unreadable == {}


def test_a_read_without_an_answer_is_its_campaigns_own_when_another_read_got_its_campaign():
    source = watch(desired(c125="paused", c126="paused"))
    polled = source.poll([campaign(125, 8), failed(126, None)], WHEN, 0.0)
    assert polled.failure is None
    assert kinds(polled.events) == [(READ_FAILED, 126)]
    too_many = source.poll([campaign(125, 8), failed(126, 429)], WHEN, 10.0)
    assert too_many.failure == (
        f"1 of 2 campaigns could not be read: campaign 126: GET {read_url(126)} answered HTTP 429"
    ), "too many requests is the platform's, whatever the others' reads got"


# Watch.concluded: the poll itself, and when the next comes.


def test_failed_polls_back_off_doubling_with_one_poll_failed_event_and_a_poll_recovered_with_their_count():
    source = watch(desired(c125="paused"))
    outcomes = [source.concluded(Polled([], "1 of 1 campaigns could not be read: ...")) for _poll in range(3)]
    assert [delay for _events, delay in outcomes] == [20, 40, 80]
    [first] = fields(outcomes[0][0])
    assert (first["type"], first["retry_in"]) == (POLL_FAILED, 20)
    assert first["message"] == (
        "reading the campaigns failed: 1 of 1 campaigns could not be read: ...; trying again in 20 seconds, then after "
        "longer pauses while it fails"
    )
    assert outcomes[1][0] == outcomes[2][0] == [], "one poll_failed for the streak"
    events, delay = source.concluded(Polled([]))
    [recovered] = fields(events)
    assert (recovered["type"], recovered["failed_polls"], delay) == (POLL_RECOVERED, 3, 10)
    assert source.concluded(Polled([])) == ([], 10)
    assert kinds(source.concluded(Polled([], "again"))[0]) == [(POLL_FAILED, None)], "a new streak is told again"


def test_the_backoff_doubles_from_twice_the_interval_and_is_bounded():
    assert [backoff(10, failures) for failures in range(1, 8)] == [20, 40, 80, 160, 300, 300, 300]
    assert backoff(600, 1) == 600, "never below the interval"
    assert backoff(10, 10_000) == 300


EVERY_DAY = {"campaigns": running(125), "windows": [calling()]}  # 08:00-21:00 America/Chicago


@pytest.mark.parametrize(
    "policy, when, delay, expected",
    [
        # 20:59:48 in Chicago, 12 s before the calling hours end: just after the edge, not in 30 s.
        (EVERY_DAY, "2026-06-09T20:59:48-05:00", 30, 12.5),
        (EVERY_DAY, "2026-06-09T20:59:00-05:00", 30, 30),  # the edge is after the next poll anyway
        (EVERY_DAY, "2026-06-09T20:59:59.800-05:00", 30, MIN_PAUSE),  # edges close together: never a busy loop
        (EVERY_DAY, "2026-06-09T12:00:00-05:00", 0.5, 0.5),  # a shorter interval stays
        ({"campaigns": running(125)}, "2026-06-09T20:59:48-05:00", 30, 30),  # no windows
        (None, "2026-06-09T20:59:48-05:00", 30, 30),  # campaign_ids
    ],
)
def test_the_next_poll_comes_just_after_a_windows_edge_when_it_is_first(policy, when, delay, expected):
    moment = datetime.fromisoformat(when)
    assert until_next_poll(None if policy is None else load_policy(policy), moment, delay) == pytest.approx(expected)


def test_the_heartbeat_counts_what_is_watched_and_says_when_the_last_good_poll_was():
    source = watch(desired(c125="paused", c126="paused", c127="paused"), stuck_after=1)
    before = fields([source.heartbeat(0)])[0]
    assert before["campaigns"] == {"watched": 3, "drifted": 0, "stuck": 0, "unreadable": 0, "held": 0}
    assert before["holds"] == {"count": 0, "ids": []}
    assert (before["last_good_poll"], before["failed_polls"]) == (None, 0)
    assert before["message"] == (
        "watching 3 campaigns: 0 drifted, 0 of them stuck, 0 unreadable; last good poll none yet"
    )
    source.poll([campaign(125, 3), failed(126, 500), campaign(127, 8)], WHEN, 0.0)
    source.poll([campaign(125, 3), failed(126, 500), campaign(127, 3)], WHEN, 10.0)  # 125 stuck, 127 drifts
    beat = fields([source.heartbeat(2)])[0]
    assert beat["type"] == "heartbeat"
    assert beat["campaigns"] == {"watched": 3, "drifted": 2, "stuck": 1, "unreadable": 1, "held": 0}
    assert (beat["last_good_poll"], beat["failed_polls"]) == ("2026-06-09T15:00:00+00:00", 2)
    assert beat["message"] == (
        "watching 3 campaigns: 2 drifted, 1 of them stuck, 1 unreadable; last good poll 2026-06-09T15:00:00+00:00; "
        "2 polls in a row failed since"
    )


# Watch.refreshed: the desired-state file read again before each poll.


def write(path, content: t.Any) -> None:
    path.write_text(content if isinstance(content, str) else yaml.safe_dump(content), encoding="utf-8")


def test_an_edit_of_the_file_is_used_at_the_next_poll(tmp_path):
    path = tmp_path / "desired-state.yml"
    write(path, desired(c125="paused"))
    source = watch(str(path))
    source.poll([campaign(125, 3)], WHEN, 0.0)
    assert 125 in source.drifts.current
    write(path, desired(c126="running", c127="paused"))
    assert source.refreshed(source.desired) == []
    assert source.ids == [126, 127]
    assert source.policy == load_policy(desired(c126="running", c127="paused"))
    assert source.drifts.current == {} and source.last == {}, "what is known of a campaign no longer watched goes"
    [event] = fields(source.poll([campaign(126, 8), campaign(127, 8)], WHEN, 10.0).events)
    assert (event["campaign"]["id"], event["desired"], event["transitions"]) == (126, "running", ["RUNNING"])
    assert event["desired_state"] == desired(c126="running", c127="paused")


def test_a_broken_edit_is_told_once_for_each_content_and_the_last_good_desired_state_stays(tmp_path):
    path = tmp_path / "desired-state.yml"
    write(path, desired(c125="paused"))
    source = watch(str(path))
    good = source.policy
    where = f"the desired-state file {path}"
    broken = {
        "campaigns: [{id: 125, state: paused": f"{where} is not valid YAML: ",
        yaml.safe_dump(desired(c125="pausd")): f"{where} has 1 problem(s): campaigns[0] (id 125) needs a state",
        "campaigns: []\n": f"{where} lists no campaign",
    }
    for content, problem in broken.items():
        write(path, content)
        [event] = fields(source.refreshed(source.desired))
        assert event["type"] == DESIRED_STATE_INVALID and event["file"] == str(path)
        assert event["message"].startswith(problem), event["message"]
        assert event["message"].endswith("; the desired state last read in full stays in force")
        assert source.refreshed(source.desired) == [], "told once for this content"
        assert source.policy is good and source.ids == [125]
    path.unlink()
    [gone] = fields(source.refreshed(source.desired))
    assert gone["message"].startswith(f"cannot read {where}: No such file or directory")
    assert source.refreshed(source.desired) == []
    [event] = fields(source.poll([campaign(125, 3)], WHEN, 0.0).events)
    assert (event["desired"], event["transitions"]) == ("paused", ["PAUSED"]), "decided by the last good one"
    write(path, desired(c125="paused"))
    assert source.refreshed(source.desired) == [], "restored: nothing to tell"
    assert source.policy is good


def test_a_desired_state_given_as_a_mapping_is_never_read_again():
    source = watch(desired(c125="paused"))
    assert source.refreshed(source.desired) == []
    assert source.refreshed(None) == []
