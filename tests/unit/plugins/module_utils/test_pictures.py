# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The pictures of when each campaign may dial: the Markdown table, the SVG week grid and the iCalendar file."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _pictures
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._schedule import Holiday, schedule
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import at, calling, running

icalendar = pytest.importorskip("icalendar")

SVG = "{http://www.w3.org/2000/svg}"
LATE = calling("22:00", "02:00", name="Late", time_zone="America/New_York", campaigns=[101])
STATE = calling("09:00", "20:00", name="State hours", time_zone="America/New_York", campaigns=[102])
DESIRED = {"campaigns": [*running(101, 102), {"id": 103, "state": "paused"}], "windows": [LATE, STATE]}
NAMES = {101: "Night owls", 102: "Spring <renewals> & more"}


def _text(element: ET.Element | None) -> str:
    assert element is not None and element.text is not None
    return element.text


@pytest.fixture
def week():
    # Friday 2026-03-06 to Monday 2026-03-09 in New York, over the spring-forward night of Sunday 03-08.
    found = schedule(load_policy(DESIRED), at("2026-03-06T12:00:00-05:00"), 4, "America/New_York", NAMES)
    return dataclasses.replace(found, holidays=(Holiday(date(2026, 3, 8), "US-AL", "Test Day", (101,)),))


def test_the_markdown_table_has_a_row_per_campaign_and_the_windows_of_each_day_in_the_viewers_zone(week):
    assert _pictures.markdown(week) == [
        "When each campaign may dial, 2026-03-06 to 2026-03-09, times in America/New_York:",
        "",
        "| campaign | Fri 2026-03-06 | Sat 2026-03-07 | Sun 2026-03-08 | Mon 2026-03-09 |",
        "|---|---|---|---|---|",
        "| 101 Night owls | 00:00-02:00, 22:00-24:00 | 00:00-02:00, 22:00-24:00 "
        "| 00:00-03:00, 22:00-24:00; holiday: Test Day (US-AL) | 00:00-02:00, 22:00-24:00 |",
        "| 102 Spring <renewals> & more | 09:00-20:00 | 09:00-20:00 | 09:00-20:00 | 09:00-20:00 |",
        "",
        "Not desired running, so never dialing: 103.",
    ]


def test_the_markdown_table_shows_the_windows_in_another_zone_and_says_closed():
    sunday_only = calling("12:00", "13:00", name="Noon", time_zone="America/Chicago", days=["sun"])
    found = schedule(load_policy({"campaigns": running(7), "windows": [sunday_only]}), at("2026-06-13T00:00:00Z"), 2)
    assert _pictures.markdown(found)[4] == "| campaign 7 | closed | 17:00-18:00 |"


def test_the_svg_is_well_formed_and_shades_names_and_marks_what_the_schedule_says(week):
    text = _pictures.svg(week)
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert "times in America/New_York" in _text(root.find(f"{SVG}title"))
    rows = root.findall(f"{SVG}g[@class='campaign']")
    assert [row.get("data-campaign") for row in rows] == ["101", "102"]
    labels = [_text(row.find(f"{SVG}text")) for row in rows]
    assert labels == ["101 Night owls", "102 Spring <renewals> & more"]  # escaped in the file, itself when read
    shaded = {row.get("data-campaign"): row.findall(f"{SVG}rect[@class='allowed']") for row in rows}
    assert [len(shaded["101"]), len(shaded["102"])] == [8, 4]  # two a day past midnight, one a day
    tips = [_text(rect.find(f"{SVG}title")) for rect in shaded["101"]]
    assert "101 Night owls: Sun 08 Mar 00:00-03:00" in tips
    [mark] = rows[0].findall(f"{SVG}rect[@class='holiday']")
    assert _text(mark.find(f"{SVG}title")) == "Test Day (US-AL)"
    assert not rows[1].findall(f"{SVG}rect[@class='holiday']")
    notes = [note.text for note in root.findall(f"{SVG}text[@class='note']")]
    assert notes == [
        "Holiday Sun 08 Mar: Test Day (US-AL), campaigns 101",
        "Not desired running, so never dialing: 103",
    ]
    assert "Sun 08 Mar (holiday)" in text
    assert "href" not in text, "no external asset"
    assert _pictures.svg(week) == text, "the same schedule, the same picture"


def test_a_shaded_interval_spans_its_share_of_the_day(week):
    root = ET.fromstring(_pictures.svg(week))
    [row] = [row for row in root.findall(f"{SVG}g[@class='campaign']") if row.get("data-campaign") == "102"]
    first = row.findall(f"{SVG}rect[@class='allowed']")[0]
    # 09:00-20:00 of a 24-hour day in a 120-pixel column: 11/24 of it.
    assert float(first.get("width", "nan")) == pytest.approx(120 * 11 / 24, abs=0.01)


def test_the_calendar_holds_exactly_the_allowed_intervals(week):
    made = datetime(2026, 3, 1, tzinfo=timezone.utc)
    cal = icalendar.Calendar.from_ical(_pictures.calendar(week, made))
    events = [component for component in cal.walk() if component.name == "VEVENT"]
    found = [(str(e["uid"]), e.decoded("dtstart"), e.decoded("dtend"), str(e["summary"])) for e in events]
    names = {101: "101 Night owls", 102: "102 Spring <renewals> & more"}
    assert found == [(_pictures.event_uid(a), a.start, a.end, f"{names[a.campaign_id]} may dial") for a in week.allowed]
    assert len({uid for uid, *_rest in found}) == len(found) == 9  # 101: 5, across midnights; 102: 4
    assert all(e.decoded("dtstamp") == made for e in events)
    assert "Dialing stops: outside Late (22:00-02:00 America/New_York)." in [str(e["description"]) for e in events]


def test_the_uid_is_stable_per_campaign_and_start(week):
    first = week.allowed[0]
    assert _pictures.event_uid(first) == "campaign-101-20260306T050000Z@eightbyeight.contact_center"
    assert _pictures.event_uid(dataclasses.replace(first, end=first.end.replace(hour=23))) == _pictures.event_uid(first)


def test_without_icalendar_only_the_calendar_fails_naming_the_package(week, monkeypatch):
    monkeypatch.setattr(_pictures, "icalendar", None)
    with pytest.raises(CampaignError, match=r"needs the Python package icalendar .*\(pip install icalendar\)"):
        _pictures.calendar(week, datetime(2026, 3, 1, tzinfo=timezone.utc))
    assert _pictures.markdown(week) and _pictures.svg(week)


def test_the_result_rows_name_each_interval_in_utc(week):
    [first, *_rest] = _pictures.schedule_as_dicts(week)
    assert first == {
        "campaign_id": 101,
        "campaign_name": "Night owls",
        "start": "2026-03-06T05:00:00Z",
        "end": "2026-03-06T07:00:00Z",
        "reason_closed_after": "outside Late (22:00-02:00 America/New_York)",
    }
