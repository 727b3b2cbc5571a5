#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: campaign_schedule
short_description: Show when each campaign of a desired state may dial, as a table, an SVG week grid and a calendar
version_added: 1.0.0
description:
  - For each campaign of a desired state that is desired running, the times in the next days at which its policy lets
    it dial (its calling hours, those of the jurisdictions it reaches, each in their own time zones), shown in the
    viewer's time zone O(time_zone).
  - Returns them as the lines of a Markdown table (a row per campaign, a column per day) and as a list; with
    O(dest), also writes the table (C(.md)), an SVG week grid (C(.svg), one row a campaign, shaded where it may
    dial, holidays marked and named) and an iCalendar file (C(.ics), one event per interval, to import into a
    calendar).
  - The times are those at which M(eightbyeight.contact_center.campaign_status), the drift gate, the resume and the
    event source let the campaign dial; all of them, and this module, ask the same decision at each instant. Freezes
    and modes change no time shown, since they hold back changes, not dialing.
  - Reads no campaign and sends nothing, so it takes no connection options and no credential; that is why it is not
    in the action group C(group/eightbyeight.contact_center.campaign).
  - A campaign desired paused, stopped or purged never dials; the table names those after its rows.
author:
  - The eightbyeight.contact_center maintainers (@eightbyeight)
options:
  desired_state:
    description:
      - The desired state, version 1 or 2, as the path of its file on the machine that runs the module, or as the
        mapping itself (C(campaigns), C(windows)), as for
        O(eightbyeight.contact_center.campaign_status#module:desired_state); checked as a whole, each problem named
        with its place.
    type: raw
    required: true
  names:
    description:
      - The names of the campaigns, by campaign ID, shown beside each ID (a desired-state file holds no names; a
        report's C(campaigns) do). A campaign without one is shown as V(campaign <id>).
    type: dict
  days:
    description:
      - How many whole days of O(time_zone) to show, from the day O(start) falls on there; 1 to 62.
    type: int
    default: 7
  time_zone:
    description:
      - The viewer's time zone, an IANA name such as V(America/Chicago) or V(Europe/London); the days are its days
        and the times in the table and the picture are its clock times. The calendar file holds UTC times, which a
        calendar shows in its own time zone.
    type: str
    default: UTC
  start:
    description:
      - An instant of the first day to show, in ISO 8601 with an offset, such as V(2026-12-07T09:00:00-06:00). The
        schedule starts at the midnight that begins that day in O(time_zone).
      - Default is now.
    type: str
  dest:
    description:
      - Where to write the files. A directory, where they are named C(schedule-<host>.md), C(schedule-<host>.svg) and
        C(schedule-<host>.ics); or a file name without extension, to which O(host) and each extension are added, so
        that each tenant of a play writes its own files (V(/runbook/week) gives C(/runbook/week-<host>.md)).
      - If not set, no file is written.
    type: path
  host:
    description:
      - The name of the tenant in this run, normally C({{ inventory_hostname }}); put in the names of the files.
    type: str
    default: localhost
requirements:
  - icalendar (Python package), for the C(.ics) file only; without it, the table and the picture are written and the
    task fails naming the package to install.
extends_documentation_fragment:
  - eightbyeight.contact_center.attributes
attributes:
  check_mode:
    support: full
    details:
      - Returns the schedule but writes no file.
  diff_mode:
    support: none
  action_group:
    support: none
    membership: []
    details:
      - It takes no connection options, so module defaults of the action group have nothing to give it.
  platform:
    support: full
    platforms: posix
seealso:
  - module: eightbyeight.contact_center.campaign_status
  - module: eightbyeight.contact_center.campaign_report
"""

EXAMPLES = r"""
- name: When may each campaign dial this week, in Chicago time
  eightbyeight.contact_center.campaign_schedule:
    desired_state: desired-state.yml
    time_zone: America/Chicago
    dest: /runbook/schedule
    host: "{{ inventory_hostname }}"
  delegate_to: localhost
  register: schedule

- name: Show the table
  ansible.builtin.debug:
    msg: "{{ schedule.lines }}"

- name: The week of 7 December 2026, with the campaigns' names
  eightbyeight.contact_center.campaign_schedule:
    desired_state:
      campaigns:
        - {id: 125, state: running}
      windows:
        - {name: US calling hours, kind: calling_hours, time_zone: America/Chicago, start: "08:00", end: "21:00"}
    names: {125: Spring renewals}
    start: "2026-12-07T00:00:00-06:00"
    time_zone: America/New_York
  delegate_to: localhost
"""

RETURN = r"""
lines:
  description: The Markdown table, a line each (a title, the header, a row per campaign desired running), then where
    the files are.
  returned: always
  type: list
  elements: str
  sample:
    - "When each campaign may dial, 2026-12-07 to 2026-12-13, times in America/Chicago:"
    - ""
    - "| campaign | Mon 2026-12-07 | Tue 2026-12-08 |"
    - "|---|---|---|"
    - "| 125 Spring renewals | 08:00-21:00 | 08:00-21:00 |"
allowed:
  description: Each interval in which a campaign may dial, by campaign in the desired state's order, then by time.
  returned: always
  type: list
  elements: dict
  contains:
    campaign_id:
      description: The campaign.
      type: int
    campaign_name:
      description: Its name, from O(names), else V(campaign <id>).
      type: str
    start:
      description: When it may start dialing, UTC, ISO 8601.
      type: str
    end:
      description: When it must stop, UTC, ISO 8601 (excluded).
      type: str
    reason_closed_after:
      description: Why it must stop then (the window or jurisdiction that closes); null when the interval runs on past
        the last day shown.
      type: str
  sample:
    - {campaign_id: 125, campaign_name: Spring renewals, start: "2026-12-07T14:00:00Z", end: "2026-12-08T03:00:00Z",
       reason_closed_after: "outside US calling hours (08:00-21:00 America/Chicago)"}
holidays:
  description: The holidays of the jurisdictions the campaigns reach on the days shown, which keep them from dialing.
  returned: always
  type: list
  elements: dict
  sample: [{day: "2026-12-25", jurisdiction: US-AL, name: Christmas Day, campaign_ids: [125]}]
files:
  description: The files written; empty without O(dest) and in check mode.
  returned: always
  type: list
  elements: str
  sample: [/runbook/schedule-localhost.md, /runbook/schedule-localhost.svg, /runbook/schedule-localhost.ics]
"""

import os
import typing as t
from datetime import datetime, timezone

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import destination, write_text
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import desired_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._pictures import (
    ICALENDAR_IMPORT_ERROR,
    ICALENDAR_PACKAGE,
    calendar,
    markdown,
    schedule_as_dicts,
    svg,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._schedule import MOST_DAYS, schedule
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import parse_time, zone_problem


def main() -> None:
    # AnsibleModule, not CampaignModule: this reads no campaign, so it asks for no connection and no credential.
    module = AnsibleModule(
        argument_spec={
            "desired_state": {"type": "raw", "required": True},
            "names": {"type": "dict"},
            "days": {"type": "int", "default": 7},
            "time_zone": {"type": "str", "default": "UTC"},
            "start": {"type": "str"},
            "dest": {"type": "path"},
            "host": {"type": "str", "default": "localhost"},
        },
        supports_check_mode=True,
    )
    params = module.params
    if not 1 <= params["days"] <= MOST_DAYS:
        module.fail_json(msg=f"days must be 1 to {MOST_DAYS}, got {params['days']}")
    problem = zone_problem(params["time_zone"])
    if problem:
        module.fail_json(msg=f"time_zone {problem}")
    try:
        start = parse_time(params["start"]) if params["start"] else datetime.now(timezone.utc)
        names = _names(params["names"])
        policy = desired_policy(params["desired_state"])
        found = schedule(policy, start, params["days"], params["time_zone"], names)
    except CampaignError as error:
        module.fail_json(msg=str(error))
    lines = markdown(found)
    result: dict[str, t.Any] = {
        "changed": False,
        "lines": lines,
        "allowed": schedule_as_dicts(found),
        "holidays": [
            {
                "day": h.day.isoformat(),
                "jurisdiction": h.jurisdiction,
                "name": h.name,
                "campaign_ids": list(h.campaign_ids),
            }
            for h in found.holidays
        ],
        "files": [],
    }
    if params["dest"] is None:
        module.exit_json(**result)
    paths = {ext: _destination(params["dest"], params["host"], ext) for ext in (".md", ".svg", ".ics")}
    if module.check_mode:
        lines.append(f"Check mode: no file written; a real run would write {', '.join(paths.values())}")
        module.exit_json(**result)
    try:
        write_text(paths[".md"], "\n".join(lines) + "\n")
        result["files"].append(paths[".md"])
        write_text(paths[".svg"], svg(found))
        result["files"].append(paths[".svg"])
        if ICALENDAR_IMPORT_ERROR is not None:
            lines.append(f"Written: {', '.join(result['files'])}; not the calendar file {paths['.ics']}")
            module.fail_json(
                msg=missing_required_lib(ICALENDAR_PACKAGE, reason=f"for the calendar file {paths['.ics']}"),
                exception=ICALENDAR_IMPORT_ERROR,
                **result,
            )
        # Written as text: the calendar's lines are plain ASCII and UTF-8 (RFC 5545).
        write_text(paths[".ics"], calendar(found, datetime.now(timezone.utc)).decode("utf-8"))
        result["files"].append(paths[".ics"])
    except OSError as error:
        module.fail_json(msg=f"cannot write {error.filename}: {error.strerror}", **result)
    lines.append(f"Written: {', '.join(result['files'])}")
    module.exit_json(**result)


def _destination(dest: str, host: str, ext: str) -> str:
    """Where one of the files goes: schedule-<host><ext> in a directory, else ``dest`` with the host and ``ext``."""
    return destination(dest if _is_directory(dest) else dest + ext, host, f"schedule-{host}{ext}")


def _is_directory(path: str) -> bool:
    return os.path.isdir(path)  # a path option: Ansible expanded ~ already


def _names(given: dict[t.Any, t.Any] | None) -> dict[int, str]:
    """The names option by campaign ID (YAML and JSON keys are often strings); a CampaignError for a key that is not
    one."""
    names: dict[int, str] = {}
    for key, value in (given or {}).items():
        try:
            campaign_id = int(str(key).strip())
        except ValueError:
            raise CampaignError(f"names has the key {key!r}, not a campaign ID") from None
        names[campaign_id] = " ".join(str(value).split())
    return names


if __name__ == "__main__":
    main()
