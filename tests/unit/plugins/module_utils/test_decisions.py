# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired state at a time: the effective state calling hours make, the freeze in force, and whether a change
may be sent (modes, freezes), as everything that applies a file reads them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import Decision, decide, may_send
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._jurisdictions import RULES_BY_CODE
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    TransitionNotAllowed,
    plan,
    state_of,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import (
    EVERY_DAY,
    EXAMPLE,
    FRIDAY_NIGHT,
    PROPERTY,
    STATE,
    UTC,
    WEEKDAYS,
    WEEKENDS,
    YEAR_END,
    at,
    calling,
    files,
    moments,
    running,
)

CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
FEDERAL = "US calling hours (08:00-21:00 America/Chicago, mon-sat)"


# (name, file, time, {id: (effective, reason)}, or (effective, reason, frozen_by, freeze_ends))
DECISIONS = [
    (
        "inside calling hours",
        {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
        "2026-06-10T12:00:00-05:00",
        {125: ("running", "desired state")},
    ),
    (
        "a second before the start",
        {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
        "2026-06-10T07:59:59-05:00",
        {125: ("paused", f"outside {FEDERAL}")},
    ),
    (
        "the start is inside",
        {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
        "2026-06-10T08:00:00-05:00",
        {125: ("running", "desired state")},
    ),
    (
        "the end is outside",
        {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
        "2026-06-10T21:00:00-05:00",
        {125: ("paused", f"outside {FEDERAL}")},
    ),
    (
        "a second before the end, given in UTC",
        {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
        "2026-06-11T01:59:59Z",
        {125: ("running", "desired state")},
    ),
    (
        "a day not listed",
        {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
        "2026-06-14T12:00:00-05:00",
        {125: ("paused", f"outside {FEDERAL}")},
    ),
    (
        "the day is the window's, not UTC's",
        {"campaigns": running(125), "windows": [calling(**WEEKDAYS)]},
        "2026-06-14T01:00:00Z",
        {125: ("running", "desired state")},
    ),  # Saturday 20:00 in Chicago, Sunday in UTC
    (
        "past midnight: the evening it starts",
        {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
        "2026-06-12T23:00:00-05:00",
        {125: ("running", "desired state")},
    ),
    (
        "past midnight: the small hours after",
        {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
        "2026-06-13T01:59:59-05:00",
        {125: ("running", "desired state")},
    ),
    (
        "past midnight: its end",
        {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
        "2026-06-13T02:00:00-05:00",
        {125: ("paused", "outside Friday late (22:00-02:00 America/Chicago, fri)")},
    ),
    (
        "past midnight: before the start",
        {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
        "2026-06-12T21:59:59-05:00",
        {125: ("paused", "outside Friday late (22:00-02:00 America/Chicago, fri)")},
    ),
    (
        "past midnight: the evening of a day not listed",
        {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
        "2026-06-13T23:00:00-05:00",
        {125: ("paused", "outside Friday late (22:00-02:00 America/Chicago, fri)")},
    ),
    (
        "past midnight: Friday's small hours belong to Thursday",
        {"campaigns": running(125), "windows": [FRIDAY_NIGHT]},
        "2026-06-12T01:00:00-05:00",
        {125: ("paused", "outside Friday late (22:00-02:00 America/Chicago, fri)")},
    ),
    (
        "spring forward: 08:00 CDT is inside",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-03-08T13:00:00Z",
        {125: ("running", "desired state")},
    ),
    (
        "spring forward: 07:59 CDT is outside",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-03-08T12:59:59Z",
        {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")},
    ),
    (
        "spring forward: the same instant a day before was 06:59 CST",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-03-07T13:00:00Z",
        {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")},
    ),
    (
        "spring forward: 20:59 CDT is inside",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-03-09T01:59:59Z",
        {125: ("running", "desired state")},
    ),
    (
        "spring forward: 21:00 CDT is outside",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-03-09T02:00:00Z",
        {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")},
    ),
    (
        "fall back: 07:59 CST is outside",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-11-01T13:59:59Z",
        {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")},
    ),
    (
        "fall back: 08:00 CST is inside",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-11-01T14:00:00Z",
        {125: ("running", "desired state")},
    ),
    (
        "fall back: the same instant a day before was 09:00 CDT",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-10-31T13:59:59Z",
        {125: ("running", "desired state")},
    ),
    (
        "fall back: 21:00 CST is outside",
        {"campaigns": running(125), "windows": [EVERY_DAY]},
        "2026-11-02T03:00:00Z",
        {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")},
    ),
    (
        "a campaign not in scope keeps running",
        {"campaigns": running(125, 126), "windows": [calling(campaigns=[125])]},
        "2026-06-10T23:00:00-05:00",
        {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)"), 126: ("running", "desired state")},
    ),
    (
        "desired paused stays paused inside",
        {"campaigns": [{"id": 125, "state": "paused"}], "windows": [calling()]},
        "2026-06-10T12:00:00-05:00",
        {125: ("paused", "desired state")},
    ),
    (
        "desired stopped stays stopped outside",
        {"campaigns": [{"id": 125, "state": "stopped"}], "windows": [calling()]},
        "2026-06-10T23:00:00-05:00",
        {125: ("stopped", "desired state; outside US calling hours (08:00-21:00 America/Chicago)")},
    ),
    (
        "two windows: the stricter one wins",
        {"campaigns": running(125, 126), "windows": [calling(), STATE]},
        "2026-06-10T08:30:00-05:00",
        {125: ("paused", "outside State hours (09:00-20:00 America/Chicago)"), 126: ("running", "desired state")},
    ),
    (
        "two windows: both closed are both named",
        {"campaigns": running(125, 126), "windows": [calling(), STATE]},
        "2026-06-10T21:30:00-05:00",
        {
            125: (
                "paused",
                "outside US calling hours (08:00-21:00 America/Chicago) and outside State hours "
                "(09:00-20:00 America/Chicago)",
            ),
            126: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)"),
        },
    ),
    (
        "two windows in two zones",
        {
            "campaigns": running(125),
            "windows": [calling(), {**calling("08:00", "20:00"), "name": "New York", "time_zone": "America/New_York"}],
        },
        "2026-06-10T19:30:00-05:00",
        {125: ("paused", "outside New York (08:00-20:00 America/New_York)")},
    ),
    (
        "one-off freeze: inside",
        {"campaigns": running(125), "windows": [YEAR_END]},
        "2026-12-25T12:00:00Z",
        {125: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00")},
    ),
    (
        "one-off freeze: its start is inside",
        {"campaigns": running(125), "windows": [YEAR_END]},
        "2026-12-24T00:00:00Z",
        {125: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00")},
    ),
    (
        "one-off freeze: its end is outside",
        {"campaigns": running(125), "windows": [YEAR_END]},
        "2026-12-27T00:00:00Z",
        {125: ("running", "desired state", None, None)},
    ),
    (
        "one-off freeze and calling hours",
        {"campaigns": running(125), "windows": [calling(), YEAR_END]},
        "2026-12-25T05:00:00Z",
        {
            125: (
                "paused",
                "outside US calling hours (08:00-21:00 America/Chicago)",
                "Year-end freeze",
                "2026-12-27T00:00:00+00:00",
            )
        },
    ),
    (
        "one-off freeze: a campaign not in scope",
        {"campaigns": running(125, 126), "windows": [{**YEAR_END, "campaigns": [126]}]},
        "2026-12-25T12:00:00Z",
        {
            125: ("running", "desired state", None, None),
            126: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00"),
        },
    ),
    (
        "recurring freeze: ends when the weekend does",
        {"campaigns": running(125), "windows": [WEEKENDS]},
        "2026-06-13T12:00:00+01:00",
        {125: ("running", "desired state", "Weekend freeze", "2026-06-15T00:00:00+01:00")},
    ),
    (
        "recurring freeze: not on a weekday",
        {"campaigns": running(125), "windows": [WEEKENDS]},
        "2026-06-15T00:00:00+01:00",
        {125: ("running", "desired state", None, None)},
    ),
    (
        "recurring freeze past midnight",
        {
            "campaigns": running(125),
            "windows": [
                {
                    "name": "Maintenance",
                    "kind": "freeze",
                    "time_zone": "Europe/London",
                    "days": ["tue"],
                    "start": "23:00",
                    "end": "01:00",
                }
            ],
        },
        "2026-06-17T00:30:00+01:00",
        {125: ("running", "desired state", "Maintenance", "2026-06-17T01:00:00+01:00")},
    ),
    (
        "overlapping freezes: the one that ends last",
        {"campaigns": running(125), "windows": [WEEKENDS, YEAR_END]},
        "2026-12-26T12:00:00Z",
        {125: ("running", "desired state", "Weekend freeze", "2026-12-28T00:00:00+00:00")},
    ),
    (
        "the spec's example at night",
        EXAMPLE,
        "2026-06-10T23:00:00-05:00",
        {125: ("paused", f"outside {FEDERAL}"), 126: ("paused", f"outside {FEDERAL}"), 127: ("paused", "mode observe")},
    ),
    (
        "the spec's example on Christmas Day",
        EXAMPLE,
        "2026-12-25T12:00:00-06:00",
        {
            125: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00"),
            126: ("running", "desired state", "Year-end freeze", "2026-12-27T00:00:00+00:00"),
            127: ("paused", "mode observe", "Year-end freeze", "2026-12-27T00:00:00+00:00"),
        },
    ),
    (
        "observe outside calling hours",
        {"campaigns": running(125, mode="observe"), "windows": [calling()]},
        "2026-06-10T23:00:00-05:00",
        {125: ("paused", "mode observe; outside US calling hours (08:00-21:00 America/Chicago)")},
    ),
    (
        "guard is decided as enforce",
        {"campaigns": running(125, mode="guard"), "windows": [calling()]},
        "2026-06-10T23:00:00-05:00",
        {125: ("paused", "outside US calling hours (08:00-21:00 America/Chicago)")},
    ),
    (
        "version 1 as a mapping: the desired state at any time",
        {"campaigns": [{"id": 125, "state": "running"}, {"id": "126", "state": "purged"}]},
        "2026-06-10T03:00:00Z",
        {125: ("running", "desired state"), 126: ("purged", "desired state")},
    ),
    (
        "version 1 as a list",
        [{"id": 125, "state": "running"}],
        "2026-12-25T03:00:00+14:00",
        {125: ("running", "desired state")},
    ),
    (
        "version 2 stated",
        {"version": 2, "campaigns": running(125), "windows": []},
        "2026-06-10T03:00:00Z",
        {125: ("running", "desired state")},
    ),
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
            assert decision.freeze_ends is not None
            assert decision.freeze_ends.isoformat() == ends


def test_decide_keeps_the_file_order_desired_state_and_mode():
    decisions = decide(load_policy(EXAMPLE), at("2026-06-10T12:00:00-05:00"))
    assert [(d.id, d.desired, d.effective, d.mode) for d in decisions] == [
        (125, "running", "running", "enforce"),
        (126, "running", "running", "guard"),
        (127, "paused", "paused", "observe"),
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


# may_send: whether a change may be sent now, and why not.


def decision(desired="running", effective="running", mode="enforce", frozen_by=None, ends=None, outside=None):
    # As decide() makes them: a campaign desired running is paused only outside its calling hours
    if outside is None and desired == "running" and effective == "paused":
        outside = "outside test hours"
    return Decision(125, desired, effective, mode, "test", frozen_by, at(ends) if ends else None, outside)


FROZEN = {"frozen_by": "Year-end freeze", "ends": "2026-12-27T00:00:00+00:00"}
FROZEN_WHY = (
    "frozen by Year-end freeze until 2026-12-27T00:00:00+00:00: no change is sent in a freeze but a pause "
    "for calling hours"
)
GUARD_WHY = (
    "mode guard: automation only takes it out of dialing, never from paused to running; applying the desired state does"
)
OBSERVE_WHY = "mode observe: nothing is ever sent to it, its drift is only reported"

MAY_SEND = [
    ("enforce, apply", decision(), "paused", ("running",), False, (True, "")),
    ("enforce, automation", decision(), "paused", ("running",), True, (True, "")),
    ("enforce, pause for calling hours", decision(effective="paused"), "running", ("paused",), True, (True, "")),
    ("nothing to send", decision(), "running", (), True, (True, "")),
    ("guard, apply starts it", decision(mode="guard"), "paused", ("running",), False, (True, "")),
    ("guard, automation never starts it", decision(mode="guard"), "paused", ("running",), True, (False, GUARD_WHY)),
    (
        "guard, automation never starts a new one",
        decision(mode="guard"),
        "new",
        ("running",),
        True,
        (False, GUARD_WHY.replace("from paused", "from new")),
    ),
    ("guard, automation pauses", decision("paused", "paused", "guard"), "running", ("paused",), True, (True, "")),
    (
        "guard, automation purges",
        decision("purged", "purged", "guard"),
        "running",
        ("paused", "purged"),
        True,
        (True, ""),
    ),
    ("guard, automation stops", decision("stopped", "stopped", "guard"), "paused", ("stopped",), True, (True, "")),
    ("guard, calling hours", decision(effective="paused", mode="guard"), "running", ("paused",), True, (True, "")),
    ("observe, apply", decision(mode="observe"), "paused", ("running",), False, (False, OBSERVE_WHY)),
    (
        "observe, automation pausing",
        decision(effective="paused", mode="observe"),
        "running",
        ("paused",),
        True,
        (False, OBSERVE_WHY),
    ),
    ("observe, nothing to send", decision(mode="observe"), "running", (), False, (False, OBSERVE_WHY)),
    ("frozen: no start", decision(**FROZEN), "paused", ("running",), False, (False, FROZEN_WHY)),
    (
        "frozen: no pause the file asks for",
        decision("paused", "paused", **FROZEN),
        "running",
        ("paused",),
        False,
        (False, FROZEN_WHY),
    ),
    (
        "frozen: no purge after a calling-hours pause",
        decision(effective="paused", **FROZEN),
        "running",
        ("paused", "purged"),
        False,
        (False, FROZEN_WHY),
    ),
    (
        "frozen: the calling-hours pause goes",
        decision(effective="paused", **FROZEN),
        "running",
        ("paused",),
        False,
        (True, ""),
    ),
    (
        "frozen: the calling-hours pause goes for automation too",
        decision(effective="paused", mode="guard", **FROZEN),
        "running",
        ("paused",),
        True,
        (True, ""),
    ),
    (
        "frozen for good",
        decision(frozen_by="Weekend freeze"),
        "paused",
        ("running",),
        False,
        (False, "frozen by Weekend freeze with no end: no change is sent in a freeze but a pause for calling hours"),
    ),
    (
        "frozen, guard, automation: guard says why",
        decision(mode="guard", **FROZEN),
        "paused",
        ("running",),
        True,
        (False, GUARD_WHY),
    ),
]


@pytest.mark.parametrize(
    "decided, current, path, automation, expected", [c[1:] for c in MAY_SEND], ids=[c[0] for c in MAY_SEND]
)
def test_may_send(decided, current, path, automation, expected):
    assert may_send(decided, current, path, automation) == expected


# Properties, over random files and times: calling hours are never broken, a mode is never overstepped.


@PROPERTY
@given(files(), moments)
def test_no_campaign_runs_outside_calling_hours_and_none_is_made_anything_but_its_state_or_paused(content, when):
    policy = load_policy(content)
    decisions = decide(policy, when)
    assert [d.id for d in decisions] == [c["id"] for c in content["campaigns"]]
    for decided in decisions:
        assert decided.effective in (decided.desired, "paused")
        closed = [
            w for w in policy.windows if w.kind == "calling_hours" and w.in_scope(decided.id) and not w.contains(when)
        ]
        if closed:
            assert decided.effective != "running"
            assert decided.outside is not None and all(w.name in decided.outside for w in closed)
        else:
            assert decided.effective == decided.desired
            assert decided.outside is None
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
            # Only the pause that keeps a campaign from dialing after hours, whatever its desired state
            assert path == ("paused",) and decided.outside is not None and state_of(status) == "running"


# Jurisdictions: windows like any other calling hours, named by the zone and rule that closed them.

FLORIDA = "Fla. Stat. 501.616(6)(a), https://www.flsenate.gov/Laws/Statutes/2025/501.616"


def test_a_closed_jurisdiction_pauses_what_reaches_it_and_names_its_zone_rule_and_citation():
    policy = load_policy({"campaigns": [*running(1, reaches=["US-FL"]), *running(2, reaches=["US"])]})
    florida, federal = decide(policy, at("2026-06-10T20:30:00-04:00"))
    assert (florida.effective, florida.outside, florida.citations) == (
        "paused",
        "US-FL closed at 20:00 in America/New_York (Fla. Stat. 501.616(6)(a))",
        (FLORIDA,),
    )
    assert florida.reason == florida.outside
    assert (federal.effective, federal.reason, federal.citations) == ("running", "desired state", ())


def test_a_jurisdiction_intersects_hand_written_hours_and_both_are_named():
    policy = load_policy({"campaigns": running(125, reaches=["US-FL"]), "windows": [calling("08:00", "19:00")]})
    (decision,) = decide(policy, at("2026-06-10T20:30:00-04:00"))  # 19:30 in Chicago: both closed
    assert decision.reason == (
        "outside US calling hours (08:00-19:00 America/Chicago) and "
        "US-FL closed at 20:00 in America/New_York (Fla. Stat. 501.616(6)(a))"
    )
    (decision,) = decide(policy, at("2026-06-10T08:30:00-05:00"))  # 09:30 Eastern: both open
    assert decision.effective == "running"


def test_a_freeze_never_blocks_the_pause_of_a_closed_jurisdiction_and_a_desired_paused_campaign_names_it():
    policy = load_policy(
        {
            "campaigns": [*running(1, reaches=["US-AL"]), {"id": 2, "state": "paused", "reaches": ["US-AL"]}],
            "windows": [YEAR_END],
        }
    )
    running_one, paused_one = decide(policy, at("2026-12-25T12:00:00-06:00"))  # Christmas Day, in the freeze
    assert running_one.frozen_by == YEAR_END["name"] and running_one.effective == "paused"
    assert may_send(running_one, "running", ("paused",), automation=True) == (True, "")
    assert paused_one.reason.startswith("desired state; US-AL is closed on Christmas Day (2026-12-25)")
    assert paused_one.citations == (RULES_BY_CODE["US-AL"].citation,)


def test_a_jurisdiction_in_observe_mode_is_named_and_nothing_is_sent():
    policy = load_policy({"campaigns": running(1, reaches=["AU"], mode="observe")})
    (decision,) = decide(policy, at("2026-06-14T12:00:00+10:00"))  # a Sunday
    assert decision.reason.startswith("mode observe; AU is closed on Sundays in Australia/Lord_Howe")
    assert may_send(decision, "running", ("paused",), automation=False)[0] is False


def test_deciding_500_campaigns_that_reach_three_jurisdictions_each_uses_one_window_per_code():
    codes = ["US-FL", "US-TX", "US-AL", "US-LA", "US-KY", "CA-ON"]
    campaigns = [
        {"id": i, "state": "running", "reaches": [codes[i % 6], codes[(i + 1) % 6], "US"]} for i in range(1, 501)
    ]
    policy = load_policy({"campaigns": campaigns})
    assert sorted(window.name for window in policy.windows) == sorted(["US", *codes])
    decisions = decide(policy, at("2026-06-10T20:30:00-04:00"))
    # 19:30 in Chicago: Florida (20:00 Eastern) is closed; Texas, Kentucky, Alabama, Louisiana and Ontario are open.
    closed = {d.id for d in decisions if d.effective == "paused"}
    assert closed == {i for i in range(1, 501) if "US-FL" in (codes[i % 6], codes[(i + 1) % 6])}
