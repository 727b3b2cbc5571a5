# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Time windows: when one is open, when it next opens or closes (across daylight-saving changes), how it describes
itself, and instants in ISO 8601."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _windows
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import DAYS, Window, parse_time
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import (
    DST_CHANGES,
    FRIDAY_NIGHT,
    PROPERTY,
    UTC,
    WEEKDAYS,
    WEEKENDS,
    YEAR_END,
    at,
    calling,
    files,
    moments,
    running,
    seconds,
)


# next_change: where the event source wakes, and when a freeze ends.
@pytest.mark.parametrize(
    "window, when, change",
    [
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
    ],
)
def test_next_change(window, when, change):
    policy = load_policy({"campaigns": [], "windows": [window]})
    found = policy.windows[0].next_change(at(when))
    assert found == (at(change) if change else None)
    if found:
        assert found.isoformat() == change  # with the offset of the window's time zone then


@pytest.mark.parametrize(
    "days, start, end, shown",
    [
        ((0, 1, 2, 3, 4), "08:00", "21:00", "w (08:00-21:00 UTC, mon-fri)"),
        ((0, 2, 3, 4, 6), "08:00:30", "24:00", "w (08:00:30-24:00 UTC, mon, wed-fri, sun)"),
        ((5, 6), "22:00", "02:00", "w (22:00-02:00 UTC, sat, sun)"),
        (tuple(range(7)), "00:00", "24:00", "w (00:00-24:00 UTC)"),
    ],
)
def test_a_window_describes_itself_for_a_reason(days, start, end, shown):
    window = Window("w", "calling_hours", "UTC", days, seconds(start), seconds(end))
    assert window.describe() == shown
    assert window.in_scope(125) and not Window("w", "freeze", campaigns=(126,)).in_scope(125)


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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-12-24T00:00:00+00:00", datetime(2026, 12, 24, tzinfo=UTC)),
        ("2026-12-24T00:00:00Z", datetime(2026, 12, 24, tzinfo=UTC)),  # datetime.fromisoformat takes Z from 3.11 only
        ("2026-12-24t00:00z", datetime(2026, 12, 24, tzinfo=UTC)),
        (" 2026-12-24 08:00:00-06:00 ", datetime(2026, 12, 24, 8, tzinfo=timezone(timedelta(hours=-6)))),
        ("2026-12-24T08:00:00.25+0530", datetime(2026, 12, 24, 8, 0, 0, 250000, tzinfo=timezone(timedelta(hours=5.5)))),
        ("2026-03-08T02:30:00-05:00", datetime(2026, 3, 8, 2, 30, tzinfo=timezone(timedelta(hours=-5)))),
    ],
)
def test_parse_time_reads_iso_8601_with_an_offset(text, expected):
    parsed = parse_time(text)
    assert parsed == expected and parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-24T00:00:00",
        "2026-12-24",
        "2026-12-24T00:00:00+24:00",
        "2026-12-24T00:00:00+01:60",
        "2026-02-30T00:00:00Z",
        "2026-12-24T25:00:00Z",
        "yesterday",
        "",
        None,
        1766534400,
        "2026-12-24T00:00:00 UTC",
    ],
)
def test_parse_time_refuses_anything_else(text):
    with pytest.raises(CampaignError) as caught:
        parse_time(text)
    assert str(caught.value).endswith(" is not a time in ISO 8601 with an offset, such as 2026-12-24T00:00:00+00:00")


# Properties, over random files and times: a window is the same until its next change, and holds its hours.


@PROPERTY
@given(files(), moments, st.lists(st.floats(0, 1), min_size=1, max_size=5))
def test_a_window_is_the_same_until_its_next_change_and_different_at_it(content, when, fractions):
    when = when.astimezone(UTC)  # arithmetic on instants, not on a zone's wall time
    for window in load_policy(content).windows:
        change = window.next_change(when)
        inside = window.contains(when)
        if change is None:
            later = [when + timedelta(days=days) for days in (1, 3, 8)]
            assert (isinstance(window, Window) and window.recurring) or not any(
                window.contains(moment) for moment in later
            )
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
            yield (
                (midnight + timedelta(seconds=window.start)).astimezone(UTC),
                (midnight + past_midnight + timedelta(seconds=window.end)).astimezone(UTC),
            )


@PROPERTY
@given(files(), moments)
def test_away_from_clock_changes_a_window_holds_the_instants_between_its_start_and_end(content, when):
    when = when.astimezone(UTC)
    assume(all(abs(change - when) > timedelta(days=2) for change in DST_CHANGES))
    for window in load_policy(content).windows:
        if isinstance(window, Window) and window.recurring:
            inside = any(opens <= when < closes for opens, closes in occurrences_around(window, when))
            assert window.contains(when) == inside
