# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""When each campaign may dial: the intervals, edge to edge, exactly as decide() sees each instant."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import decide
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import (
    DesiredCampaign,
    Policy,
    load_policy,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._schedule import (
    MOST_DAYS,
    Allowed,
    Holiday,
    allowed_intervals,
    jurisdiction_holidays,
    schedule,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import (
    PROPERTY,
    UTC,
    at,
    calling,
    files,
    moments,
    running,
)

LATE = calling("22:00", "02:00", name="Late", time_zone="America/New_York")


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_a_window_past_midnight_across_the_spring_forward_ends_when_the_clocks_skip_its_end():
    # New York springs forward on Sunday 2026-03-08 at 02:00 EST, straight to 03:00 EDT: the 02:00 end is skipped.
    policy = load_policy({"campaigns": running(101), "windows": [LATE]})
    found = allowed_intervals(policy, at("2026-03-07T00:00:00-05:00"), at("2026-03-10T00:00:00-04:00"))
    reason = "outside Late (22:00-02:00 America/New_York)"
    assert found == [
        Allowed(101, utc(2026, 3, 7, 5), utc(2026, 3, 7, 7), reason),  # Friday's window, its small hours
        Allowed(101, utc(2026, 3, 8, 3), utc(2026, 3, 8, 7), reason),  # 22:00 EST to 03:00 EDT: three hours
        Allowed(101, utc(2026, 3, 9, 2), utc(2026, 3, 9, 6), reason),  # 22:00 EDT to 02:00 EDT
        Allowed(101, utc(2026, 3, 10, 2), utc(2026, 3, 10, 4), None),  # still open when the schedule ends
    ]


def test_the_hour_the_clocks_repeat_in_autumn_counts_once_inside_a_window():
    # Chicago falls back on Sunday 2026-11-01 at 02:00 CDT to 01:00 CST: 08:00-21:00 that day is 14:00Z to 03:00Z.
    policy = load_policy({"campaigns": running(125), "windows": [calling()]})
    found = allowed_intervals(policy, at("2026-10-31T12:00:00-05:00"), at("2026-11-02T00:00:00-06:00"))
    closing = "outside US calling hours (08:00-21:00 America/Chicago)"
    assert found == [
        Allowed(125, utc(2026, 10, 31, 17), utc(2026, 11, 1, 2), closing),  # the start of the range, to 21:00 CDT
        Allowed(125, utc(2026, 11, 1, 14), utc(2026, 11, 2, 3), closing),  # 08:00 CST to 21:00 CST
    ]


def test_the_most_restrictive_window_wins_and_only_campaigns_desired_running_dial():
    state_hours = calling("09:00", "20:00", name="State hours", time_zone="America/New_York", campaigns=[125])
    desired = {
        "campaigns": [*running(125, 126), {"id": 127, "state": "paused"}],
        "windows": [calling(), state_hours],
    }
    policy = load_policy(desired)
    found = allowed_intervals(policy, at("2026-06-10T00:00:00-05:00"), at("2026-06-11T00:00:00-05:00"))
    assert found == [
        # 09:00 Eastern is 08:00 Central; 20:00 Eastern is 19:00 Central, before the federal 21:00.
        Allowed(125, utc(2026, 6, 10, 13), utc(2026, 6, 11), "outside State hours (09:00-20:00 America/New_York)"),
        Allowed(
            126, utc(2026, 6, 10, 13), utc(2026, 6, 11, 2), "outside US calling hours (08:00-21:00 America/Chicago)"
        ),
    ]


def test_a_freeze_changes_no_interval_and_without_calling_hours_the_whole_range_is_allowed():
    freeze = {"name": "Freeze", "kind": "freeze", "from": "2026-06-10T10:00:00Z", "until": "2026-06-10T12:00:00Z"}
    policy = load_policy({"campaigns": running(125), "windows": [freeze]})
    begin, end = utc(2026, 6, 10), utc(2026, 6, 11)
    assert allowed_intervals(policy, begin, end) == [Allowed(125, begin, end, None)]
    assert allowed_intervals(policy, end, begin) == []


def test_a_schedule_covers_whole_days_of_the_viewers_zone_and_names_the_campaigns():
    policy = load_policy({"campaigns": [*running(125, 126), {"id": 127, "state": "stopped"}], "windows": [calling()]})
    found = schedule(
        policy, at("2026-03-07T15:00:00+00:00"), days=2, time_zone="Europe/London", names={125: "Renewals"}
    )
    assert found.days == (date(2026, 3, 7), date(2026, 3, 8))
    assert (found.start, found.end) == (utc(2026, 3, 7), utc(2026, 3, 9))
    assert [(c.id, c.name) for c in found.campaigns] == [(125, "Renewals"), (126, "campaign 126")]
    assert found.never_dialing == (127,)
    assert [(a.start, a.end) for a in found.allowed_for(126)] == [
        (utc(2026, 3, 7), utc(2026, 3, 7, 3)),  # Friday 21:00 Chicago is 03:00 in London
        (utc(2026, 3, 7, 14), utc(2026, 3, 8, 3)),
        (utc(2026, 3, 8, 13), utc(2026, 3, 9)),  # Sunday: Chicago on daylight time, 08:00 CDT is 13:00Z
    ]


@pytest.mark.parametrize("days", [0, MOST_DAYS + 1])
def test_a_schedule_of_too_few_or_too_many_days_is_refused(days):
    with pytest.raises(ValueError, match=f"days is {days}"):
        schedule(load_policy({"campaigns": running(1)}), utc(2026, 1, 1), days=days)


def test_no_holiday_is_marked_until_the_rules_say_which_days_are_holidays():
    policy = load_policy({"campaigns": running(1)})
    assert jurisdiction_holidays(policy, date(2026, 12, 20), date(2026, 12, 31)) == []


@PROPERTY
@given(files(), moments, st.integers(1, 72 * 3600), st.lists(st.floats(0, 1), min_size=1, max_size=8))
def test_every_instant_inside_an_interval_decides_running_and_every_other_does_not(desired, begin, span, where):
    policy = load_policy(desired)
    begin = begin.astimezone(UTC)  # arithmetic on instants, not on the wall time of begin's zone
    end = begin + timedelta(seconds=span)
    found = allowed_intervals(policy, begin, end)
    by_campaign: dict[int, list[Allowed]] = {}
    for interval in found:
        assert begin <= interval.start < interval.end <= end
        by_campaign.setdefault(interval.campaign_id, []).append(interval)
    for intervals in by_campaign.values():
        for earlier, later in zip(intervals, intervals[1:]):
            assert earlier.end < later.start, "touching intervals are one"
    desired_running = {c.id for c in policy.campaigns if c.state == "running"}
    assert set(by_campaign) <= desired_running
    instants = [begin + timedelta(seconds=round(span * fraction)) for fraction in where]
    instants += [i.start for i in found] + [i.end - timedelta(seconds=1) for i in found]
    instants += [i.end for i in found if i.end < end]
    for instant in instants:
        if not begin <= instant < end:
            continue
        for decision in decide(policy, instant):
            if decision.id not in desired_running:
                continue
            inside = any(i.start <= instant < i.end for i in by_campaign.get(decision.id, []))
            assert inside == (decision.effective == "running"), (decision, instant)
    for interval in found:
        if interval.end < end:
            [closing] = [d for d in decide(policy, interval.end) if d.id == interval.campaign_id]
            assert interval.reason_closed_after == closing.reason


# With the shipped calling rules: skipped where the jurisdictions' module or the holidays package is not there.


def _reaching(codes, campaign_ids):
    jurisdictions = pytest.importorskip(
        "ansible_collections.eightbyeight.contact_center.plugins.module_utils._jurisdictions"
    )
    pytest.importorskip("holidays")
    table = {rule.code: rule for rule in jurisdictions.RULES}
    windows = tuple(jurisdictions.JurisdictionWindow(jurisdictions.chain(code, table), campaign_ids) for code in codes)
    campaigns = tuple(DesiredCampaign(campaign_id, "running") for campaign_id in campaign_ids)
    return Policy(campaigns, windows)  # a window of rules is a window for decide()


def test_a_holiday_of_a_reached_jurisdiction_is_named_and_closes_the_whole_day():
    policy = _reaching(["US-AL"], (101,))
    found = schedule(policy, at("2026-12-21T00:00:00-06:00"), days=7, time_zone="America/Chicago")
    assert Holiday(date(2026, 12, 25), "US-AL", "Christmas Day", (101,)) in found.holidays
    christmas = (at("2026-12-25T00:00:00-06:00"), at("2026-12-26T00:00:00-06:00"))
    assert not [a for a in found.allowed if a.start < christmas[1] and a.end > christmas[0]]
    assert [a.start for a in found.allowed][:1] == [at("2026-12-21T08:00:00-06:00")]


def test_florida_and_texas_leave_nine_to_eight_eastern_on_weekdays_and_from_one_eastern_on_sunday():
    policy = _reaching(["US-FL", "US-TX"], (125,))
    found = allowed_intervals(policy, at("2026-12-05T00:00:00-05:00"), at("2026-12-07T00:00:00-05:00"))
    # Florida: 08:00-20:00 in Eastern and Central, so 09:00-20:00 Eastern. Texas: 09:00 in Mountain time (El Paso)
    # is 11:00 Eastern on Saturday; on Sunday from noon Mountain, 14:00 Eastern.
    assert [(a.start, a.end) for a in found] == [
        (at("2026-12-05T11:00:00-05:00"), at("2026-12-05T20:00:00-05:00")),
        (at("2026-12-06T14:00:00-05:00"), at("2026-12-06T20:00:00-05:00")),
    ]
    assert all(a.reason_closed_after and "US-FL" in a.reason_closed_after for a in found)
