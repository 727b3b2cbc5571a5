# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Desired-state files and times the tests of windows, desired states and decisions share: the spec's example, a
few windows, and strategies for random files and times (hypothesis)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import yaml
from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import MODES
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import DESIRED_STATES
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import DAYS, parse_time

UTC = timezone.utc


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
YEAR_END = {
    "name": "Year-end freeze",
    "kind": "freeze",
    "time_zone": "Europe/London",
    "from": "2026-12-24T00:00:00+00:00",
    "until": "2026-12-27T00:00:00+00:00",
}
WEEKENDS = {
    "name": "Weekend freeze",
    "kind": "freeze",
    "time_zone": "Europe/London",
    "days": ["sat", "sun"],
    "start": "00:00",
    "end": "24:00",
}


# Random files and times, for the property tests.

ZONES = [
    "America/Chicago",
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
    "Pacific/Chatham",
]  # Chatham: a 45-minute offset, and DST on the other side
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
    st.sampled_from(
        ["00:00", "01:30", "02:00", "02:30", "03:00", "08:00", "09:00", "12:00", "20:00", "21:00", "22:00", "23:59:59"]
    ),
    st.builds(lambda h, m, s: f"{h:02d}:{m:02d}:{s:02d}", st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)),
)
moments = st.one_of(
    st.datetimes(
        SINCE.replace(tzinfo=None),
        UNTIL.replace(tzinfo=None),
        timezones=st.sampled_from([UTC] + [ZoneInfo(name) for name in ZONES]),
    ),
    st.builds(
        lambda change, seconds: change + timedelta(seconds=seconds),
        st.sampled_from(DST_CHANGES),
        st.integers(-3 * 3600, 3 * 3600),
    ),  # around the clocks changing
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
