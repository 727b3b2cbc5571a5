# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""campaign_schedule: when each campaign of a desired state may dial, as a table, a picture and a calendar, with no
connection and nothing sent."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _pictures
from ansible_collections.eightbyeight.contact_center.plugins.modules import campaign_schedule
from ansible_collections.eightbyeight.contact_center.plugins.modules.campaign_schedule import main

DESIRED = {
    "campaigns": [{"id": 125, "state": "running"}, {"id": 126, "state": "paused"}],
    "windows": [
        {
            "name": "US calling hours",
            "kind": "calling_hours",
            "time_zone": "America/Chicago",
            "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "start": "08:00",
            "end": "21:00",
        }
    ],
}
MONDAY = "2026-12-07T10:00:00-06:00"


@pytest.fixture
def desired_file(tmp_path):
    path = tmp_path / "desired-state.yml"
    path.write_text(yaml.safe_dump(DESIRED), encoding="utf-8")
    return str(path)


def test_the_table_and_the_intervals_of_a_file_in_the_viewers_zone(run_module, desired_file, api_mock):
    run = run_module(
        main,
        {"desired_state": desired_file, "start": MONDAY, "time_zone": "America/New_York", "names": {"125": "Renewals"}},
    )
    assert not run.failed, run.result.get("msg")
    lines = run.result["lines"]
    assert lines[0] == "When each campaign may dial, 2026-12-07 to 2026-12-13, times in America/New_York:"
    assert lines[4] == "| 125 Renewals | " + " | ".join(["09:00-22:00"] * 6) + " | closed |"
    assert lines[-1] == "Not desired running, so never dialing: 126."
    assert run.result["allowed"][0] == {
        "campaign_id": 125,
        "campaign_name": "Renewals",
        "start": "2026-12-07T14:00:00Z",
        "end": "2026-12-08T03:00:00Z",
        "reason_closed_after": "outside US calling hours (08:00-21:00 America/Chicago, mon-sat)",
    }
    assert len(run.result["allowed"]) == 6
    assert run.result["files"] == [] and run.result["changed"] is False
    assert not api_mock.calls, "nothing is read nor sent"


def test_the_files_go_into_a_directory_under_the_hosts_name(run_module, desired_file, tmp_path):
    run = run_module(main, {"desired_state": desired_file, "start": MONDAY, "dest": str(tmp_path), "host": "acme"})
    assert not run.failed, run.result.get("msg")
    names = [tmp_path / f"schedule-acme{ext}" for ext in (".md", ".svg", ".ics")]
    assert run.result["files"] == [str(path) for path in names]
    markdown, picture, ics = (path.read_text(encoding="utf-8") for path in names)
    assert markdown.splitlines()[: len(run.result["lines"]) - 1] == run.result["lines"][:-1]
    assert run.result["lines"][-1] == "Written: " + ", ".join(map(str, names))
    assert ET.fromstring(picture).findall("{http://www.w3.org/2000/svg}g[@class='campaign']")[0].get("data-campaign")
    icalendar = pytest.importorskip("icalendar")
    events = [c for c in icalendar.Calendar.from_ical(ics).walk() if c.name == "VEVENT"]
    assert len(events) == len(run.result["allowed"]) == 6


def test_a_file_name_gets_the_host_and_each_extension(run_module, desired_file, tmp_path):
    run = run_module(main, {"desired_state": desired_file, "start": MONDAY, "dest": str(tmp_path / "week")})
    assert run.result["files"] == [str(tmp_path / f"week-localhost{ext}") for ext in (".md", ".svg", ".ics")]


def test_check_mode_writes_nothing(run_module, desired_file, tmp_path):
    run = run_module(main, {"desired_state": desired_file, "start": MONDAY, "dest": str(tmp_path)}, check_mode=True)
    assert not run.failed and run.result["files"] == []
    assert run.result["lines"][-1].startswith("Check mode: no file written; a real run would write ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desired-state.yml"]


def test_without_icalendar_the_table_and_picture_are_written_and_the_task_names_the_package(
    run_module, desired_file, tmp_path, monkeypatch
):
    monkeypatch.setattr(campaign_schedule, "ICALENDAR_IMPORT_ERROR", "Traceback: No module named 'icalendar'")
    monkeypatch.setattr(_pictures, "icalendar", None)
    run = run_module(main, {"desired_state": desired_file, "start": MONDAY, "dest": str(tmp_path), "host": "acme"})
    assert run.failed
    assert "icalendar" in run.result["msg"] and "for the calendar file" in run.result["msg"]
    assert run.result["files"] == [str(tmp_path / "schedule-acme.md"), str(tmp_path / "schedule-acme.svg")]
    assert not (tmp_path / "schedule-acme.ics").exists()


def test_a_desired_state_given_as_a_mapping(run_module):
    sunday = {"start": "2026-12-13T10:00:00-06:00", "days": 1, "time_zone": "America/Chicago"}
    run = run_module(main, {"desired_state": DESIRED, **sunday})
    assert run.result["lines"][4] == "| campaign 125 | closed |"  # outside mon-sat
    assert run.result["allowed"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"days": 0}, "days must be 1 to 62, got 0"),
        ({"time_zone": "Mars/Olympus"}, "time_zone is 'Mars/Olympus', not a time zone this system knows"),
        ({"start": "tomorrow"}, "'tomorrow' is not a time in ISO 8601 with an offset"),
        ({"names": {"x1": "A"}}, "names has the key 'x1', not a campaign ID"),
        ({"desired_state": {"campaigns": [{"id": 1, "state": "dialing"}]}}, "campaigns[0] (id 1) needs a state"),
    ],
)
def test_what_cannot_be_used_fails_with_a_message(run_module, args, message):
    run = run_module(main, {"desired_state": DESIRED, "start": MONDAY, **args})
    assert run.failed
    assert message in run.result["msg"]
