# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The schedule playbook by name with ansible-playbook: when each campaign may dial, as a table, an SVG week grid
that headless Chromium draws, and a calendar file that icalendar reads back; with no connection at all."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import dataclasses
import json
import pathlib
import re
import shutil
import subprocess
import tempfile
from datetime import date

import icalendar
import pytest
import yaml
from e2e import run_playbook

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._pictures import svg
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._schedule import Holiday, schedule
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import parse_time

SCHEDULE = "eightbyeight.contact_center.schedule"
DESIRED = {
    "campaigns": [{"id": 125, "state": "running"}, {"id": 126, "state": "running"}, {"id": 127, "state": "stopped"}],
    "windows": [
        {
            "name": "US calling hours",
            "kind": "calling_hours",
            "time_zone": "America/Chicago",
            "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "start": "08:00",
            "end": "21:00",
        },
        {
            "name": "Evenings",
            "kind": "calling_hours",
            "time_zone": "America/New_York",
            "start": "17:00",
            "end": "20:00",
            "campaigns": [126],
        },
    ],
}
MONDAY = "2026-12-07T10:00:00-06:00"
TASK = "eightbyeight.contact_center.desired_state : Work out when each campaign may dial"


@pytest.fixture
def desired_file(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "desired-state.yml"
    path.write_text(yaml.safe_dump(DESIRED, sort_keys=False), encoding="utf-8")
    return path


def test_the_playbook_shows_and_writes_the_week_of_a_file_without_any_connection(
    collections_path, tmp_path, desired_file
):
    run = run_playbook(
        collections_path, tmp_path, SCHEDULE,
        "-e", "desired_state_file=desired-state.yml", "-e", f"start={MONDAY}", "-e", "time_zone=America/New_York",
        "-e", "schedule_dest=week", "-e", json.dumps({"names": {"125": "Renewals", "126": "Win-back"}}),
    )  # fmt: skip
    assert run.returncode == 0, run.output
    result = run.task(TASK)
    assert "| 125 Renewals | " + " | ".join(["09:00-22:00"] * 6) + " | closed |" in run.output
    assert "| 126 Win-back | " + " | ".join(["17:00-20:00"] * 6) + " | closed |" in run.output
    assert "Not desired running, so never dialing: 127." in run.output
    files = [tmp_path / f"week-localhost{ext}" for ext in (".md", ".svg", ".ics")]
    assert result["files"] == [str(path) for path in files]
    events = [c for c in icalendar.Calendar.from_ical(files[2].read_bytes()).walk() if c.name == "VEVENT"]
    spans = [(e.decoded("dtstart").isoformat(), e.decoded("dtend").isoformat()) for e in events]
    expected = [(a["start"].replace("Z", "+00:00"), a["end"].replace("Z", "+00:00")) for a in result["allowed"]]
    assert spans == expected and len(spans) == 12
    assert "Renewals" in files[1].read_text(encoding="utf-8")


def test_the_desired_state_given_with_e_at_file_is_the_one_shown(collections_path, tmp_path, desired_file):
    run = run_playbook(
        collections_path, tmp_path, SCHEDULE, "-e", "@desired-state.yml", "-e", f"start={MONDAY}", "-e", "days=2"
    )
    assert run.returncode == 0, run.output
    result = run.task(TASK)
    assert result["lines"][2] == "| campaign | Mon 2026-12-07 | Tue 2026-12-08 |"
    assert result["files"] == [] and not list(tmp_path.glob("schedule-*"))
    assert {row["campaign_id"] for row in result["allowed"]} == {125, 126}


def test_a_time_zone_that_is_none_fails_naming_it(collections_path, tmp_path, desired_file):
    run = run_playbook(
        collections_path, tmp_path, SCHEDULE, "-e", "@desired-state.yml", "-e", "time_zone=America/Springfield"
    )
    assert run.returncode == 2, run.output
    assert "time_zone is 'America/Springfield', not a time zone this system knows" in run.output
    assert "Traceback" not in run.output


# The picture as a browser draws it: headless Chromium, found and run as hacking/docsite.py does.

_PROBE = """
<script>
  // After layout: what is drawn at the middle of each shaded interval and holiday mark, and each label's width.
  window.addEventListener("load", () => {
    const svg = document.querySelector("svg");
    const box = svg.getBoundingClientRect();
    const hit = (el) => {
      const r = el.getBoundingClientRect();
      const found = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return found ? found.getAttribute("class") : null;
    };
    const report = {
      width: box.width,
      allowed: [...document.querySelectorAll("rect.allowed")].map(hit),
      holidays: [...document.querySelectorAll("rect.holiday")].map((el) => el.getBoundingClientRect().width),
      marks: [...document.querySelectorAll("text.holiday-mark")].map((el) => el.getComputedTextLength()),
      labels: [...document.querySelectorAll("g.campaign > text")].map(
        (el) => [el.textContent, el.getComputedTextLength()]),
    };
    const out = document.createElement("pre");
    out.id = "probe";
    out.textContent = JSON.stringify(report);
    document.body.appendChild(out);
  });
</script>
"""


def _drawn(picture: str) -> dict:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        pytest.skip("no chromium on PATH: make system-packages installs it (bindep.txt's test profile)")
    with tempfile.TemporaryDirectory() as work:
        page = pathlib.Path(work) / "picture.html"
        page.write_text(f"<!DOCTYPE html><html><body style='margin:0'>{picture}{_PROBE}</body></html>", "utf-8")
        done = subprocess.run(
            [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={pathlib.Path(work) / 'profile'}", "--window-size=1400,900",
                "--virtual-time-budget=5000", "--dump-dom", page.as_uri(),
            ],
            check=True, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    found = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stdout[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<"))


def test_chromium_draws_the_playbooks_picture_with_the_names_and_the_shading(collections_path, tmp_path, desired_file):
    run = run_playbook(
        collections_path, tmp_path, SCHEDULE, "-e", "@desired-state.yml", "-e", f"start={MONDAY}",
        "-e", "schedule_dest=week", "-e", json.dumps({"names": {"125": "Renewals"}}),
    )  # fmt: skip
    assert run.returncode == 0, run.output
    drawn = _drawn((tmp_path / "week-localhost.svg").read_text(encoding="utf-8"))
    assert drawn["width"] > 900
    assert [label for label, _width in drawn["labels"]] == ["125 Renewals", "campaign 126"]
    assert all(width > 40 for _label, width in drawn["labels"]), "each label is drawn"
    assert drawn["allowed"] and set(drawn["allowed"]) == {"allowed"}, "each shaded interval is on top where it is"


def test_chromium_draws_a_holiday_mark_over_the_day(tmp_path):
    week = schedule(load_policy(DESIRED), parse_time(MONDAY), 7, "America/Chicago", {125: "Renewals"})
    marked = dataclasses.replace(week, holidays=(Holiday(date(2026, 12, 10), "US-AL", "Test Day", (125,)),))
    drawn = _drawn(svg(marked))
    assert drawn["holidays"] == [pytest.approx(118, abs=1)]  # the whole day's column, less its borders
    assert len(drawn["marks"]) == 1 and drawn["marks"][0] > 20
