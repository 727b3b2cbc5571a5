# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The desired state at a time: modes, calling hours and freezes, as everything that applies a file reads them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _windows
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import DESIRED_STATES, TransitionNotAllowed, plan, state_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import Decision, decide, may_send
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import MODES, load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import DAYS, Window, parse_time

CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
FEDERAL = "US calling hours (08:00-21:00 America/Chicago, mon-sat)"


def at(text):
    return parse_time(text)


def calling(start="08:00", end="21:00", **keys):
    window = {"name": "US calling hours", "kind": "calling_hours", "time_zone": "America/Chicago"}
    return {**window, "start": start, "end": end, **keys}


def running(*ids, **keys):
    return [{"id": i, "state": "running", **keys} for i in ids]


SPEC_EXAMPLE = """
campaigns:
  - {id: 125, state: running}                 # mode defaults to enforce
  - {id: 126, state: running, mode: guard}
  - {id: 127, state: paused, mode: observe}
windows:
  - name: US calling hours
    kind: calling_hours
    time_zone: America/Chicago
    days: [mon, tue, wed, thu, fri, sat]
    start: "08:00"
    end: "21:00"
    campaigns: [125, 126]
  - name: Year-end freeze
    kind: freeze
    time_zone: Europe/London
    from: "2026-12-24T00:00:00+00:00"
    until: "2026-12-27T00:00:00+00:00"
"""
EXAMPLE = yaml.safe_load(SPEC_EXAMPLE)
WEEKDAYS = {"days": ["mon", "tue", "wed", "thu", "fri", "sat"]}
EVERY_DAY = calling()  # 2026-03-08 and 2026-11-01, the DST days in Chicago, are Sundays
FRIDAY_NIGHT = calling("22:00", "02:00", name="Friday late", days=["fri"])
STATE = {**calling("09:00", "20:00", campaigns=[125]), "name": "State hours"}
YEAR_END = {"name": "Year-end freeze", "kind": "freeze", "time_zone": "Europe/London",
            "from": "2026-12-24T00:00:00+00:00", "until": "2026-12-27T00:00:00+00:00"}
WEEKENDS = {"name": "Weekend freeze", "kind": "freeze", "time_zone": "Europe/London", "days": ["sat", "sun"],
            "start": "00:00", "end": "24:00"}

# (name, file, time, {id: (effective, reason)}, or (effective, reason, frozen_by, freeze_ends))
DECISIONS = [
    ("inside calling hours", {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
     "2026-06-10T12:00:00-05:00", {125: ("running", "desired state")}),
    ("a second before the start", {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
     "2026-06-10T07:59:59-05:00", {125: ("paused", f"outside {FEDERAL}")}),
    ("the start is inside", {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
     "2026-06-10T08:00:00-05:00", {125: ("running", "desired state")}),
    ("the end is outside", {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
     "2026-06-10T21:00:00-05:00", {125: ("paused", f"outside {FEDERAL}")}),
    ("a second before the end, given in UTC", {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
     "2026-06-11T01:59:59Z", {125: ("running", "desired state")}),
    ("a day not listed", {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
     "2026-06-14T12:00:00-05:00", {125: ("paused", f"outside {FEDERAL}")}),
    ("the day is the window's, not UTC's", {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
     "2026-06-14T01:00:00Z", {125: ("running", "desired state")}),  # Saturday 20:00 in Chicago, Sunday in UTC
    ("past midnight: the evening it starts", {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
     "2026-06-12T23:00:00-05:00", {125: ("running", "desired state")}),
    ("past midnight: the small hours after", {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
     "2026-06-13T01:59:59-05:00", {125: ("running", "desired state")}),
    ("past midnight: its end", {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
     "2026-06-13T02:00:00-05:00", {125: ("paused", "outside Friday late (22:00-02:00 America/Chicago, fri)")}),
    ("past midnight: before the start", {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
     "2026-06-12T21:59:59-05:00", {125: ("paused", "outside Friday late (22:00-02:00 America/Chicago, fri)")}),
    ("past midnight: the evening of a day not listed", {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
     "2026-06-13T23:00:00-05:00", {125: ("paused", "outside Friday late (22:00-02:00 America/Chicago, fri)")}),
    ("past midnight: Friday's small hours belong to Thursday", {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
     "2026-06-12T01:00:00-05:00", {125: ("paused", "outside Friday late (22:00-02:00 America/Chicago, fri)")}),
    ("spring forward: 08:00 CDT is inside", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-03-08T13:00:00Z", {125: ("running", "desired state")}),
    ("spring forward: 07:59 CDT is outside", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-03-08T12:59:59Z", {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")}),
    ("spring forward: the same instant a day before was 06:59 CST", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-03-07T13:00:00Z", {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")}),
    ("spring forward: 20:59 CDT is inside", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-03-09T01:59:59Z", {125: ("running", "desired state")}),
    ("spring forward: 21:00 CDT is outside", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-03-09T02:00:00Z", {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")}),
    ("fall back: 07:59 CST is outside", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-11-01T13:59:59Z", {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")}),
    ("fall back: 08:00 CST is inside", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-11-01T14:00:00Z", {125: ("running", "desired state")}),
    ("fall back: the same instant a day before was 09:00 CDT", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-10-31T13:59:59Z", {125: ("running", "desired state")}),
    ("fall back: 21:00 CST is outside", {"campaigns": running(125), "windows": [EVERY_DAY]},
     "2026-11-02T03:00:00Z", {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")}),
    ("a campaign not in scope keeps running", {"campaigns": running(125, 126), "windows": [calling(campaigns=[125])]},
     "2026-06-10T23:00:00-05:00",
     {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)"), 126: ("running", "desired state")}),
    ("desired paused stays paused inside", {"campaigns": [{"id": 125, "state": "paused"}], "windows": [calling()]},
     "2026-06-10T12:00:00-05:00", {125: ("paused", "desired state")}),
    ("desired stopped stays stopped outside", {"campaigns": [{"id": 125, "state": "stopped"}], "windows": [calling()]},
     "2026-06-10T23:00:00-05:00", {125: ("stopped", "desired state")}),
    ("two windows: the stricter one wins", {"campaigns": running(125, 126), "windows": [calling(), STATE]},
     "2026-06-10T08:30:00-05:00",
     {125: ("paused", "outside State hours (09:00-20:00 America/Chicago)"), 126: ("running", "desired state")}),
    ("two windows: both closed are both named", {"campaigns": running(125, 126), "windows": [calling(), STATE]},
     "2026-06-10T21:30:00-05:00",
     {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago) and outside State hours "
                      "(09:00-20:00 America/Chicago)"),
      126: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")}),
    ("two windows in two zones", {"campaigns": running(125), "windows": [
        calling(), {**calling("08:00", "20:00"), "name": "New York", "time_zone": "America/New_York"}]},
     "2026-06-10T19:30:00-05:00", {125: ("paused", "outside New York (08:00-20:00 America/New_York)")}),
    ("one-off freeze: inside", {"campaigns": running(125), "windows": [YEAR_END]},
     "2026-12-25T12:00:00Z", {125: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00")}),
    ("one-off freeze: its start is inside", {"campaigns": running(125), "windows": [YEAR_END]},
     "2026-12-24T00:00:00Z", {125: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00")}),
    ("one-off freeze: its end is outside", {"campaigns": running(125), "windows": [YEAR_END]},
     "2026-12-27T00:00:00Z", {125: ("running", "desired state", None, None)}),
    ("one-off freeze and calling hours", {"campaigns": running(125), "windows": [calling(), YEAR_END]},
     "2026-12-25T05:00:00Z",
     {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)", "Year-end freeze",
            "2026-12-27T00:00:00+00:00")}),
    ("one-off freeze: a campaign not in scope", {"campaigns": running(125, 126),
                                                 "windows": [{**YEAR_END, "campaigns": [126]}]},
     "2026-12-25T12:00:00Z", {125: ("running", "desired state", None, None),
                              126: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00")}),
    ("recurring freeze: ends when the weekend does", {"campaigns": running(125), "windows": [WEEKENDS]},
     "2026-06-13T12:00:00+01:00", {125: ("running", "desired state", "Weekend freeze", "2026-06-15T00:00:00+01:00")}),
    ("recurring freeze: not on a weekday", {"campaigns": running(125), "windows": [WEEKENDS]},
     "2026-06-15T00:00:00+01:00", {125: ("running", "desired state", None, None)}),
    ("recurring freeze past midnight", {"campaigns": running(125), "windows": [
        {"name": "Maintenance", "kind": "freeze", "time_zone": "Europe/London", "days": ["tue"], "start": "23:00",
         "end": "01:00"}]},
     "2026-06-17T00:30:00+01:00", {125: ("running", "desired state", "Maintenance", "2026-06-17T01:00:00+01:00")}),
    ("overlapping freezes: the one that ends last", {"campaigns": running(125), "windows": [WEEKENDS, YEAR_END]},
     "2026-12-26T12:00:00Z", {125: ("running", "desired state", "Weekend freeze", "2026-12-28T00:00:00+00:00")}),
    ("the spec's example at night", EXAMPLE, "2026-06-10T23:00:00-05:00",
     {125: ("paused", f"outside {FEDERAL}"), 126: ("paused", f"outside {FEDERAL}"), 127: ("paused", "mode observe")}),
    ("the spec's example on Christmas Day", EXAMPLE, "2026-12-25T12:00:00-06:00",
     {125: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00"),
      126: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00"),
      127: ("paused", "mode observe", "Year-end freeze", "2026-12-27T00:00:00+00:00")}),
    ("observe outside calling hours", {"campaigns": running(125, mode="observe"), "windows": [calling()]},
     "2026-06-10T23:00:00-05:00",
     {125: ("paused", "mode observe; outside US calling hours (08:00-21:00 America/Chicago)")}),
    ("guard is decided as enforce", {"campaigns": running(125, mode="guard"), "windows": [calling()]},
     "2026-06-10T23:00:00-05:00", {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")}),
    ("version 1 as a mapping: the desired state at any time", {"campaigns": [
        {"id": 125, "state": "running"}, {"id": "126", "state": "purged"}]},
     "2026-06-10T03:00:00Z", {125: ("running", "desired state"), 126: ("purged", "desired state")}),
    ("version 1 as a list", [{"id": 125, "state": "running"}], "2026-12-25T03:00:00+14:00",
     {125: ("running", "desired state")}),
    ("version 2 stated", {"version": 2, "campaigns": running(125), "windows": []}, "2026-06-10T03:00:00Z",
     {125: ("running", "desired state")}),
]


@pytest.mark.parametrize("content, when, expected", [case[1:] for case in DECISIONS], ids=[c[0] for c in DECISIONS])
def test_decide(content, when, expected):
    decisions = decide(load_policy(content), at(when))
    assert [d.id for d in decisions] == list(expected)
    for decision in decisions:
        want = expected[decision.id]
        assert (decision.effective, decision.reason) == want[:2]
        frozen_by, ends = want[2:] or (None, None)
        assert decision.frozen_by == frozen_by
        assert decision.freeze_ends == (at(ends) if ends else None)
        if ends:  # shown in the freeze's time zone, for "the freeze ends at ..."
            assert decision.freeze_ends.isoformat() == ends


def test_decide_keeps_the_file_order_desired_state_and_mode():
    decisions = decide(load_policy(EXAMPLE), at("2026-06-10T12:00:00-05:00"))
    assert [(d.id, d.desired, d.effective, d.mode) for d in decisions] == [
        (125, "running", "running", "enforce"), (126, "running", "running", "guard"), (127, "paused", "paused", "observe")
    ]


def test_a_time_without_a_zone_is_refused():
    policy = load_policy(EXAMPLE)
    with pytest.raises(ValueError, match="has no time zone"):
        decide(policy, datetime(2026, 6, 10, 12))
    with pytest.raises(ValueError, match="has no time zone"):
        policy.windows[0].contains(datetime(2026, 6, 10, 12))


def test_the_same_instant_in_any_zone_gives_the_same_decisions():
    policy = load_policy(EXAMPLE)
    moment = at("2026-11-01T07:30:00Z")  # 01:30 CST, the second time the clocks show it
    zones = [UTC, CHICAGO, LONDON, ZoneInfo("Pacific/Kiritimati"), timezone(timedelta(hours=-6))]
    assert len({tuple(decide(policy, moment.astimezone(zone))) for zone in zones}) == 1


# next_change: where the event source wakes, and when a freeze ends.

@pytest.mark.parametrize("window, when, change", [
    (calling(), "2026-06-10T12:00:00-05:00", "2026-06-10T21:00:00-05:00"),
    (calling(), "2026-06-10T21:00:00-05:00", "2026-06-11T08:00:00-05:00"),  # strictly after: the end is passed
    (calling(**WEEKDAYS), "2026-06-13T21:30:00-05:00", "2026-06-15T08:00:00-05:00"),  # Saturday night to Monday
    (calling(days=["wed"]), "2026-06-10T21:00:00-05:00", "2026-06-17T08:00:00-05:00"),  # a week on
    (calling(), "2026-03-08T03:00:00-05:00", "2026-03-08T08:00:00-05:00"),  # spring forward: 7 hours, not 8
    (calling(), "2026-11-01T01:30:00-06:00", "2026-11-01T08:00:00-06:00"),
    (FRIDAY_NIGHT, "2026-06-12T23:00:00-05:00", "2026-06-13T02:00:00-05:00"),
    # The clocks skip 02:00 to 03:00: a window from 02:30 opens when they show 03:00.
    (calling("02:30", "04:00"), "2026-03-08T01:59:00-06:00", "2026-03-08T03:00:00-05:00"),
    # The clocks go back from 02:00 CDT to 01:00 CST: a window until 01:30 closes, opens again, closes again.
    (calling("00:00", "01:30"), "2026-11-01T01:29:00-05:00", "2026-11-01T01:30:00-05:00"),
    (calling("00:00", "01:30"), "2026-11-01T01:30:00-05:00", "2026-11-01T01:00:00-06:00"),
    (calling("00:00", "01:30"), "2026-11-01T01:00:00-06:00", "2026-11-01T01:30:00-06:00"),
    (YEAR_END, "2026-12-01T00:00:00Z", "2026-12-24T00:00:00+00:00"),
    (YEAR_END, "2026-12-24T00:00:00Z", "2026-12-27T00:00:00+00:00"),
    (YEAR_END, "2026-12-27T00:00:00Z", None),  # over
    ({**WEEKENDS, "days": list(DAYS)}, "2026-06-10T12:00:00Z", None),  # always in force
])
def test_next_change(window, when, change):
    policy = load_policy({"campaigns": [], "windows": [window]})
    found = policy.windows[0].next_change(at(when))
    assert found == (at(change) if change else None)
    if found:
        assert found.isoformat() == change  # with the offset of the window's time zone then


@pytest.mark.parametrize("days, start, end, shown", [
    ((0, 1, 2, 3, 4), "08:00", "21:00", "w (08:00-21:00 UTC, mon-fri)"),
    ((0, 2, 3, 4, 6), "08:00:30", "24:00", "w (08:00:30-24:00 UTC, mon, wed-fri, sun)"),
    ((5, 6), "22:00", "02:00", "w (22:00-02:00 UTC, sat, sun)"),
    (tuple(range(7)), "00:00", "24:00", "w (00:00-24:00 UTC)"),
])
def test_a_window_describes_itself_for_a_reason(days, start, end, shown):
    window = Window("w", "calling_hours", "UTC", days, seconds(start), seconds(end))
    assert window.describe() == shown
    assert window.in_scope(125) and not Window("w", "freeze", campaigns=(126,)).in_scope(125)


def test_policy_next_change_is_the_first_edge_of_any_window():
    policy = load_policy(EXAMPLE)
    assert policy.next_change(at("2026-12-23T17:00:00-06:00")) == at("2026-12-24T00:00:00Z")  # 18:00 in Chicago
    assert policy.next_change(at("2026-12-24T00:00:00Z")) == at("2026-12-24T03:00:00Z")  # 21:00 in Chicago
    assert load_policy({"campaigns": []}).next_change(at("2026-12-23T22:00:00Z")) is None


# may_send: whether a change may be sent now, and why not.

def decision(desired="running", effective="running", mode="enforce", frozen_by=None, ends=None):
    return Decision(125, desired, effective, mode, "test", frozen_by, at(ends) if ends else None)


FROZEN = {"frozen_by": "Year-end freeze", "ends": "2026-12-27T00:00:00+00:00"}
FROZEN_WHY = ("frozen by Year-end freeze until 2026-12-27T00:00:00+00:00: no change is sent in a freeze but a pause "
              "for calling hours")
GUARD_WHY = ("mode guard: automation only takes it out of dialing, never from paused to running; applying the "
             "desired state does")
OBSERVE_WHY = "mode observe: nothing is ever sent to it, its drift is only reported"

MAY_SEND = [
    ("enforce, apply", decision(), "paused", ("running",), False, (True, "")),
    ("enforce, automation", decision(), "paused", ("running",), True, (True, "")),
    ("enforce, pause for calling hours", decision(effective="paused"), "running", ("paused",), True, (True, "")),
    ("nothing to send", decision(), "running", (), True, (True, "")),
    ("guard, apply starts it", decision(mode="guard"), "paused", ("running",), False, (True, "")),
    ("guard, automation never starts it", decision(mode="guard"), "paused", ("running",), True, (False, GUARD_WHY)),
    ("guard, automation never starts a new one", decision(mode="guard"), "new", ("running",), True,
     (False, GUARD_WHY.replace("from paused", "from new"))),
    ("guard, automation pauses", decision("paused", "paused", "guard"), "running", ("paused",), True, (True, "")),
    ("guard, automation purges", decision("purged", "purged", "guard"), "running", ("paused", "purged"), True,
     (True, "")),
    ("guard, automation stops", decision("stopped", "stopped", "guard"), "paused", ("stopped",), True, (True, "")),
    ("guard, calling hours", decision(effective="paused", mode="guard"), "running", ("paused",), True, (True, "")),
    ("observe, apply", decision(mode="observe"), "paused", ("running",), False, (False, OBSERVE_WHY)),
    ("observe, automation pausing", decision(effective="paused", mode="observe"), "running", ("paused",), True,
     (False, OBSERVE_WHY)),
    ("observe, nothing to send", decision(mode="observe"), "running", (), False, (False, OBSERVE_WHY)),
    ("frozen: no start", decision(**FROZEN), "paused", ("running",), False, (False, FROZEN_WHY)),
    ("frozen: no pause the file asks for", decision("paused", "paused", **FROZEN), "running", ("paused",), False,
     (False, FROZEN_WHY)),
    ("frozen: no purge after a calling-hours pause", decision(effective="paused", **FROZEN), "running",
     ("paused", "purged"), False, (False, FROZEN_WHY)),
    ("frozen: the calling-hours pause goes", decision(effective="paused", **FROZEN), "running", ("paused",), False,
     (True, "")),
    ("frozen: the calling-hours pause goes for automation too", decision(effective="paused", mode="guard", **FROZEN),
     "running", ("paused",), True, (True, "")),
    ("frozen for good", decision(frozen_by="Weekend freeze"), "paused", ("running",), False,
     (False, "frozen by Weekend freeze with no end: no change is sent in a freeze but a pause for calling hours")),
    ("frozen, guard, automation: guard says why", decision(mode="guard", **FROZEN), "paused", ("running",), True,
     (False, GUARD_WHY)),
]


@pytest.mark.parametrize("decided, current, path, automation, expected", [c[1:] for c in MAY_SEND],
                         ids=[c[0] for c in MAY_SEND])
def test_may_send(decided, current, path, automation, expected):
    assert may_send(decided, current, path, automation) == expected


# Validation: every problem, each named with its place, in one error.

def problems_of(content, where="the desired state"):
    with pytest.raises(CampaignError) as caught:
        load_policy(content, where)
    text = str(caught.value)
    head, _separator, rest = text.partition(" problem(s): ")
    count = int(head.rsplit(" ", 1)[1])
    assert head == f"{where} has {count}"
    problems = rest.split("; ")
    assert len(problems) >= count
    return text, count


def test_a_version_1_list_gives_its_pairs_in_order():
    assert load_policy([{"id": 3, "state": "paused"}, {"id": "7", "state": "running"}]).pairs() == [(3, "paused"), (7, "running")]


@pytest.mark.parametrize("entries, problems", [
    ([{"id": 108, "state": "running"}, {"id": 108, "state": "paused"}],
     ["campaigns[1] (id 108) lists campaign 108 again (first as running, then as paused): give each campaign once"]),
    ([{"id": 108, "state": "paused"}, {"id": 108, "state": "paused"}],
     ["campaigns[1] (id 108) lists campaign 108 again (with the same state): give each campaign once"]),
    ([{"id": 5, "stat": "paused"}],
     ["campaigns[0] (id 5) has unknown keys stat: each entry takes id, state and mode",
      "campaigns[0] (id 5) needs a state, one of running, paused, purged, stopped; got None"]),
    ([{"id": 5, "state": "pausd"}], ["campaigns[0] (id 5) needs a state, one of running, paused, purged, stopped; got 'pausd'"]),
    ([{"state": "paused"}, {"id": 0, "state": "paused"}, {"id": True, "state": "paused"}],
     ["campaigns[0] needs an id, a positive whole number; got None",
      "campaigns[1] needs an id, a positive whole number; got 0",
      "campaigns[2] needs an id, a positive whole number; got True"]),
    (["108: paused"], ["campaigns[0] is '108: paused', not a mapping of id and state"]),
])
def test_every_bad_version_1_entry_is_named_before_anything_is_sent(entries, problems):
    with pytest.raises(CampaignError) as caught:
        load_policy(entries, "the campaigns list")
    assert str(caught.value) == (
        f"the campaigns list has {len(problems)} problem(s): {'; '.join(problems)}"
    )


def test_an_unknown_key_of_an_entry_names_the_keys_it_takes_now():
    assert str(pytest.raises(CampaignError, load_policy, [{"id": 5, "state": "paused", "note": "x"}]).value) == (
        "the desired state has 1 problem(s): campaigns[0] (id 5) has unknown keys note: each entry takes id, state "
        "and mode"
    )


def window_problem(**keys):
    """The one problem of a file whose only window is calling hours with ``keys`` changed (None: left out)."""
    window = {**calling(campaigns=[125]), **keys}
    window = {key: value for key, value in window.items() if value is not None}
    with pytest.raises(CampaignError) as caught:
        load_policy({"campaigns": running(125, 126), "windows": [window]})
    return str(caught.value).partition(" problem(s): ")[2]


NAMED = "windows[0].{} (US calling hours)"
ONE_OFF = {"kind": "freeze", "start": None, "end": None, "from": "2026-12-24T00:00:00Z",
           "until": "2026-12-27T00:00:00Z"}
WINDOW_PROBLEMS = [
    ({"time_zone": "America/Chicgo"},
     "windows[0].time_zone (US calling hours) is 'America/Chicgo', not a time zone this system knows (an IANA name "
     "such as America/Chicago)"),
    ({"time_zone": None},
     "windows[0].time_zone (US calling hours) is missing: give the IANA name of the window's time zone, such as "
     "America/Chicago"),
    ({"time_zone": 6}, "windows[0].time_zone (US calling hours) is 6, not a time zone name such as America/Chicago"),
    ({"time_zone": "../../etc/passwd"},
     "windows[0].time_zone (US calling hours) is '../../etc/passwd', not a time zone this system knows (an IANA name "
     "such as America/Chicago)"),
    ({"kind": "calling-hours"}, "windows[0].kind (US calling hours) is 'calling-hours', not one of calling_hours, freeze"),
    ({"kind": None}, "windows[0].kind (US calling hours) is missing, not one of calling_hours, freeze"),
    ({"name": None}, "windows[0].name is missing: each window needs a name, such as 'US calling hours'"),
    ({"name": " "}, "windows[0].name is ' ': each window needs a name, such as 'US calling hours'"),
    ({"days": ["Mon", "monday"]},
     "windows[0].days (US calling hours) has 'Mon', 'monday', which are not days: use mon, tue, wed, thu, fri, sat, "
     "sun"),
    ({"days": ["mon", "tue", "mon"]}, "windows[0].days (US calling hours) lists mon more than once"),
    ({"days": []}, "windows[0].days (US calling hours) is empty: leave it out for every day"),
    ({"days": "mon-fri"},
     "windows[0].days (US calling hours) is 'mon-fri', not a list of days such as [mon, tue, wed, thu, fri]"),
    ({"start": "8am"}, 'windows[0].start (US calling hours) is \'8am\', not a time of day as "HH:MM" or "HH:MM:SS"'),
    ({"start": "24:00"}, 'windows[0].start (US calling hours) is \'24:00\', not a time of day as "HH:MM" or "HH:MM:SS"'),
    ({"end": "21:60"},
     'windows[0].end (US calling hours) is \'21:60\', not a time of day as "HH:MM" or "HH:MM:SS", at most "24:00"'),
    ({"end": 1260},
     'windows[0].end (US calling hours) is 1260, not a time of day as "HH:MM" or "HH:MM:SS", at most "24:00" (YAML '
     'reads an unquoted 21:00 as the number 1260: quote the time)'),
    ({"end": None}, 'windows[0].end (US calling hours) is missing: give start and end, as "08:00" and "21:00"'),
    ({"end": "08:00:00"},
     "windows[0].end (US calling hours) is the start, 08:00: give a later end, or an earlier one to run past midnight"),
    ({"from": "2026-12-24T00:00:00Z"},
     "windows[0] (US calling hours) has from or until: calling hours recur, with days, start and end"),
    ({"campaigns": [125, 999, 1000]},
     "windows[0].campaigns (US calling hours) lists 999, 1000, which are not campaigns of the file"),
    ({"campaigns": [125, "12a"]},
     "windows[0].campaigns: item 2 ('12a') is not a campaign ID (a positive whole number)"),
    ({"campaigns": []},
     "windows[0].campaigns (US calling hours) is empty: list campaign IDs, or leave it out for every campaign of the "
     "file"),
    ({"campaigns": "125"},
     "windows[0].campaigns (US calling hours) is '125', not a list of campaign IDs: leave it out for every campaign"),
    ({"note": "x", "zone": "UTC"},
     "windows[0] (US calling hours) has unknown keys note, zone: a window takes name, kind, time_zone, days, start, "
     "end, from, until, campaigns"),
    ({"kind": "freeze", "from": "2026-12-24T00:00:00Z", "until": "2026-12-27T00:00:00Z"},
     "windows[0] (US calling hours) has both from/until and days/start/end: a freeze is one-off (from, until) or "
     "recurring"),
    ({"kind": "freeze", "start": None, "end": None},
     "windows[0] (US calling hours) needs from and until (a one-off freeze), or start and end (a recurring one)"),
    ({**ONE_OFF, "until": None},
     "windows[0].until (US calling hours) is missing: a one-off freeze needs from and until, such as "
     "2026-12-24T00:00:00+00:00"),
    ({**ONE_OFF, "until": "2026-12-24T00:00:00+00:00"},
     "windows[0].until (US calling hours) is 2026-12-24T00:00:00+00:00, not after from (2026-12-24T00:00:00+00:00)"),
    ({**ONE_OFF, "from": "2026-12-24"},
     "windows[0].from (US calling hours) is '2026-12-24', not a time in ISO 8601 with an offset, such as "
     "2026-12-24T00:00:00+00:00"),
    ({**ONE_OFF, "from": datetime(2026, 12, 24)},
     "windows[0].from (US calling hours) is 2026-12-24T00:00:00, without an offset: give one, such as "
     "2026-12-24T00:00:00+00:00"),
    ({**ONE_OFF, "kind": "freeze", "time_zone": "Europe/Lundon"},
     "windows[0].time_zone (US calling hours) is 'Europe/Lundon', not a time zone this system knows (an IANA name "
     "such as America/Chicago)"),
]


@pytest.mark.parametrize("keys, problem", WINDOW_PROBLEMS, ids=[str(c[0]) for c in WINDOW_PROBLEMS])
def test_each_window_problem_is_named_with_its_place(keys, problem):
    assert window_problem(**keys) == problem


@pytest.mark.parametrize("content, problem", [
    ("campaigns: []", "it is 'campaigns: []', not a mapping with campaigns (and windows), nor a list of campaigns"),
    (None, "it is None, not a mapping with campaigns (and windows), nor a list of campaigns"),
    ({}, "campaigns is missing: list the campaigns, each as {id, state}"),
    ({"campaigns": None}, "campaigns is None, not a list of {id, state}"),
    ({"campaigns": [], "windows": None}, "windows is None, not a list of windows ([] for none)"),
    ({"campaigns": [], "version": 1}, "version is 1: give version 2, or leave version out"),
    ({"campaigns": [], "version": "2"}, "version is '2': give version 2, or leave version out"),
    ({"campaigns": [], "version": True}, "version is True: give version 2, or leave version out"),
    ({"campaigns": [], "window": []}, "it has unknown keys window: a desired state takes version, campaigns and windows"),
    ({"campaigns": running(125, mode="gaurd")}, "campaigns[0].mode (id 125) is 'gaurd', not one of enforce, guard, observe"),
    ({"campaigns": running(125, mode=None)}, "campaigns[0].mode (id 125) is None, not one of enforce, guard, observe"),
])
def test_each_problem_of_the_file_is_named(content, problem):
    with pytest.raises(CampaignError) as caught:
        load_policy(content, "the desired-state file desired.yml")
    assert str(caught.value) == f"the desired-state file desired.yml has 1 problem(s): {problem}"


def test_every_problem_is_named_at_once():
    content = {
        "version": 3,
        "campaigns": [{"id": 125, "state": "running", "mode": "gaurd"}, {"id": 125, "state": "running"}],
        "windows": [
            calling(time_zone="America/Chicgo", days=["Mon"]),
            {**calling(), "campaigns": [999]},
            {"name": "Year-end freeze", "kind": "freeze", "from": "2026-12-27T00:00:00Z", "until": "2026-12-24T00:00Z"},
            "every night",
        ],
    }
    problems = [
        "version is 3: give version 2, or leave version out",
        "campaigns[0].mode (id 125) is 'gaurd', not one of enforce, guard, observe",
        "windows[0].time_zone (US calling hours) is 'America/Chicgo', not a time zone this system knows (an IANA "
        "name such as America/Chicago)",
        "windows[0].days (US calling hours) has 'Mon', which is not a day: use mon, tue, wed, thu, fri, sat, sun",
        "windows[1].campaigns (US calling hours) lists 999, which is not a campaign of the file",
        "windows[1].name (US calling hours) is also the name of windows[0]: give each window its own name",
        "windows[2].until (Year-end freeze) is 2026-12-24T00:00:00+00:00, not after from (2026-12-27T00:00:00+00:00)",
        "windows[3] is 'every night', not a mapping with name, kind and time_zone",
    ]
    with pytest.raises(CampaignError) as caught:
        load_policy(content)
    assert str(caught.value) == f"the desired state has 8 problem(s): {'; '.join(problems)}"


def test_a_file_as_yaml_reads_it():
    text = SPEC_EXAMPLE.replace('"2026-12-24T00:00:00+00:00"', "2026-12-24T00:00:00+00:00")  # YAML's own timestamp
    policy = load_policy(yaml.safe_load(text))
    assert policy.windows[1].from_ == at("2026-12-24T00:00:00Z")
    assert policy == load_policy(EXAMPLE)
    unquoted = yaml.safe_load(SPEC_EXAMPLE.replace('"21:00"', "21:00"))
    assert "windows[0].end (US calling hours) is 1260," in str(pytest.raises(CampaignError, load_policy, unquoted).value)


def test_without_a_time_zone_database_it_says_to_install_tzdata(monkeypatch):
    def no_database(key):
        raise ZoneInfoNotFoundError(f"No time zone found with key {key}")

    monkeypatch.setattr(_windows, "ZoneInfo", no_database)
    with pytest.raises(CampaignError) as caught:
        load_policy({"campaigns": running(125), "windows": [calling()]})
    assert str(caught.value) == (
        "the desired state has 1 problem(s): windows[0].time_zone (US calling hours) is 'America/Chicago', which "
        "cannot be looked up: this system has no time zone database; install the Python package tzdata "
        "(pip install tzdata) where the modules run"
    )


@pytest.mark.parametrize("text, expected", [
    ("2026-12-24T00:00:00+00:00", datetime(2026, 12, 24, tzinfo=UTC)),
    ("2026-12-24T00:00:00Z", datetime(2026, 12, 24, tzinfo=UTC)),  # datetime.fromisoformat takes Z from 3.11 only
    ("2026-12-24t00:00z", datetime(2026, 12, 24, tzinfo=UTC)),
    (" 2026-12-24 08:00:00-06:00 ", datetime(2026, 12, 24, 8, tzinfo=timezone(timedelta(hours=-6)))),
    ("2026-12-24T08:00:00.25+0530", datetime(2026, 12, 24, 8, 0, 0, 250000, tzinfo=timezone(timedelta(hours=5.5)))),
    ("2026-03-08T02:30:00-05:00", datetime(2026, 3, 8, 2, 30, tzinfo=timezone(timedelta(hours=-5)))),
])
def test_parse_time_reads_iso_8601_with_an_offset(text, expected):
    parsed = parse_time(text)
    assert parsed == expected and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", [
    "2026-12-24T00:00:00", "2026-12-24", "2026-12-24T00:00:00+24:00", "2026-12-24T00:00:00+01:60",
    "2026-02-30T00:00:00Z", "2026-12-24T25:00:00Z", "yesterday", "", None, 1766534400, "2026-12-24T00:00:00 UTC",
])
def test_parse_time_refuses_anything_else(text):
    with pytest.raises(CampaignError) as caught:
        parse_time(text)
    assert str(caught.value).endswith(" is not a time in ISO 8601 with an offset, such as 2026-12-24T00:00:00+00:00")


# Properties, over random files and times: calling hours are never broken, a mode is never overstepped.

ZONES = ["America/Chicago", "America/New_York", "America/Los_Angeles", "Europe/London", "Australia/Sydney",
         "Asia/Kolkata", "UTC", "Pacific/Chatham"]  # Chatham: a 45-minute offset, and DST on the other side
SINCE, UNTIL = datetime(2025, 1, 1, tzinfo=UTC), datetime(2028, 12, 31, tzinfo=UTC)


def offset_changes():
    """Every daylight-saving change of ZONES from SINCE to UNTIL, as UTC."""
    changes = []
    for name in ZONES:
        zone = ZoneInfo(name)
        day = SINCE
        while day < UNTIL:
            if (day + timedelta(days=1)).astimezone(zone).utcoffset() != day.astimezone(zone).utcoffset():
                for minute in range(15, 24 * 60 + 1, 15):  # every zone changes on a quarter hour
                    moment = day + timedelta(minutes=minute)
                    if moment.astimezone(zone).utcoffset() != day.astimezone(zone).utcoffset():
                        changes.append(moment)
                        break
            day += timedelta(days=1)
    return sorted(changes)


DST_CHANGES = offset_changes()

clock = st.one_of(
    st.sampled_from(["00:00", "01:30", "02:00", "02:30", "03:00", "08:00", "09:00", "12:00", "20:00", "21:00",
                     "22:00", "23:59:59"]),
    st.builds(lambda h, m, s: f"{h:02d}:{m:02d}:{s:02d}", st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)),
)
moments = st.one_of(
    st.datetimes(SINCE.replace(tzinfo=None), UNTIL.replace(tzinfo=None), timezones=st.sampled_from(
        [UTC] + [ZoneInfo(name) for name in ZONES])),
    st.builds(lambda change, seconds: change + timedelta(seconds=seconds),
              st.sampled_from(DST_CHANGES), st.integers(-3 * 3600, 3 * 3600)),  # around the clocks changing
)


@st.composite
def files(draw):
    """A valid desired-state file: campaigns with random states and modes, windows with random zones, days, edges and
    scopes."""
    ids = draw(st.lists(st.integers(1, 50), min_size=1, max_size=6, unique=True))
    campaigns = []
    for campaign in ids:
        entry = {"id": campaign, "state": draw(st.sampled_from(DESIRED_STATES))}
        mode = draw(st.sampled_from((None,) + MODES))
        campaigns.append(entry if mode is None else {**entry, "mode": mode})
    windows = []
    for index in range(draw(st.integers(0, 4))):
        window = {"name": f"window {index}", "kind": draw(st.sampled_from(["calling_hours", "freeze"]))}
        start, end = draw(clock), draw(st.one_of(clock, st.just("24:00")))
        assume(seconds(start) != seconds(end))
        one_off = window["kind"] == "freeze" and draw(st.booleans())
        if one_off:
            begins = draw(moments)
            lasts = draw(st.timedeltas(timedelta(minutes=1), timedelta(days=10)))
            window["from"] = begins.isoformat()
            window["until"] = (begins.astimezone(UTC) + lasts).astimezone(begins.tzinfo).isoformat()  # not wall time
        else:
            window.update(time_zone=draw(st.sampled_from(ZONES)), start=start, end=end)
            if draw(st.booleans()):
                window["days"] = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
        if draw(st.booleans()):
            window["campaigns"] = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
        windows.append(window)
    return {"version": 2, "campaigns": campaigns, "windows": windows}


def seconds(text):
    return sum(int(part) * unit for part, unit in zip(text.split(":"), (3600, 60, 1)))


PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(files(), moments)
def test_no_campaign_runs_outside_calling_hours_and_none_is_made_anything_but_its_state_or_paused(content, when):
    policy = load_policy(content)
    decisions = decide(policy, when)
    assert [d.id for d in decisions] == [c["id"] for c in content["campaigns"]]
    for decided in decisions:
        assert decided.effective in (decided.desired, "paused")
        closed = [w for w in policy.windows
                  if w.kind == "calling_hours" and w.in_scope(decided.id) and not w.contains(when)]
        if closed:
            assert decided.effective != "running"
        else:
            assert decided.effective == decided.desired
        freezes = [w for w in policy.windows if w.kind == "freeze" and w.in_scope(decided.id) and w.contains(when)]
        assert (decided.frozen_by is None) == (not freezes)
        if decided.freeze_ends is not None:
            assert decided.freeze_ends > when


@PROPERTY
@given(files(), moments, st.integers(0, 11), st.booleans())
def test_may_send_never_writes_what_a_mode_or_a_freeze_forbids(content, when, status, automation):
    for decided in decide(load_policy(content), when):
        try:
            path = plan(status, decided.effective)
        except TransitionNotAllowed:
            continue
        allowed, why = may_send(decided, state_of(status), path, automation)
        assert allowed == (why == "")
        if decided.mode == "observe":
            assert not allowed
        if automation and decided.mode == "guard" and "running" in path:
            assert not allowed
        if decided.frozen_by and path and allowed:
            assert path == ("paused",) and decided.desired == "running" and decided.effective == "paused"


@PROPERTY
@given(files(), moments, st.lists(st.floats(0, 1), min_size=1, max_size=5))
def test_a_window_is_the_same_until_its_next_change_and_different_at_it(content, when, fractions):
    when = when.astimezone(UTC)  # arithmetic on instants, not on a zone's wall time
    for window in load_policy(content).windows:
        change = window.next_change(when)
        inside = window.contains(when)
        if change is None:
            later = [when + timedelta(days=days) for days in (1, 3, 8)]
            assert window.recurring or not any(window.contains(moment) for moment in later)
            assert all(window.contains(moment) == inside for moment in later)
            continue
        assert change > when
        assert window.contains(change) != inside
        for fraction in fractions:
            between = when + (change - when) * fraction
            if between < change:
                assert window.contains(between) == inside


def occurrences_around(window, when):
    """The window's occurrences that may hold ``when``, as instants: from each listed day's start to its end, the
    next day's where it runs past midnight. Another way to the same answer, right where no clock changes nearby."""
    zone = ZoneInfo(window.time_zone)
    today = when.astimezone(zone).date()
    for day in (today - timedelta(days=1), today):
        if day.weekday() in window.days:
            midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
            past_midnight = timedelta(days=1) if window.end <= window.start else timedelta(0)
            yield (midnight + timedelta(seconds=window.start)).astimezone(UTC), (
                midnight + past_midnight + timedelta(seconds=window.end)).astimezone(UTC)


@PROPERTY
@given(files(), moments)
def test_away_from_clock_changes_a_window_holds_the_instants_between_its_start_and_end(content, when):
    when = when.astimezone(UTC)
    assume(all(abs(change - when) > timedelta(days=2) for change in DST_CHANGES))
    for window in load_policy(content).windows:
        if window.recurring:
            inside = any(opens <= when < closes for opens, closes in occurrences_around(window, when))
            assert window.contains(when) == inside
