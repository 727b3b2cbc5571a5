# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The pictures of when each campaign may dial (a _schedule.Schedule): a Markdown table, an SVG week grid and an
iCalendar file, all in the viewer's time zone. Pure: the caller writes the files (_files.py).

The iCalendar file is made with the ``icalendar`` package, which only that file needs: without it,
ICALENDAR_IMPORT_ERROR says why and calendar() raises CampaignError naming what to install.
"""

from __future__ import annotations

import traceback
from datetime import date, datetime, timezone
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._schedule import (
    Allowed,
    Holiday,
    Schedule,
    ScheduledCampaign,
    clip,
    local_days,
)

try:
    import icalendar
except ImportError:
    icalendar = None  # type: ignore[assignment]
    ICALENDAR_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    ICALENDAR_IMPORT_ERROR = None

#: What to install for calendar(), as missing_required_lib names it.
ICALENDAR_PACKAGE = "icalendar"
CLOSED = "closed"
PRODID = "-//eightbyeight.contact_center//campaign_schedule//EN"


def day_windows(schedule: Schedule, interval_list: list[Allowed], day: date) -> list[tuple[datetime, datetime]]:
    """The parts of ``interval_list`` on ``day`` of the schedule's time zone, as local times."""
    zone = ZoneInfo(schedule.time_zone)
    begin, finish = local_days(day, 1, zone)
    parts = [clip(interval, begin, finish) for interval in interval_list]
    return [(low.astimezone(zone), high.astimezone(zone)) for low, high in filter(None, parts)]


def _clock(moment: datetime, day: date) -> str:
    """'08:00', or '24:00' for the midnight that ends ``day``."""
    if moment.date() > day:
        return "24:00"
    return moment.strftime("%H:%M") + (moment.strftime(":%S") if moment.second else "")


def cell_text(schedule: Schedule, campaign: ScheduledCampaign, day: date) -> str:
    """What one campaign may do on one day, as '09:00-20:00' (several separated by commas), or 'closed'; a holiday
    of a jurisdiction it reaches is named."""
    windows = day_windows(schedule, schedule.allowed_for(campaign.id), day)
    text = ", ".join(f"{_clock(low, day)}-{_clock(high, day)}" for low, high in windows) or CLOSED
    marks = [f"holiday: {holiday.name} ({holiday.jurisdiction})" for holiday in _holidays_of(schedule, campaign, day)]
    return "; ".join([text, *marks])


def _holidays_of(schedule: Schedule, campaign: ScheduledCampaign, day: date) -> list[Holiday]:
    return [h for h in schedule.holidays if h.day == day and campaign.id in h.campaign_ids]


def _day_heading(day: date) -> str:
    return day.strftime("%a %Y-%m-%d")


def markdown(schedule: Schedule) -> list[str]:
    """The schedule as the lines of a Markdown table: a row per campaign, a column per day, each cell the times it may
    dial there in the schedule's time zone."""
    first, last = schedule.days[0], schedule.days[-1]
    lines = [
        f"When each campaign may dial, {first.isoformat()} to {last.isoformat()}, times in {schedule.time_zone}:",
        "",
        "| campaign | " + " | ".join(map(_day_heading, schedule.days)) + " |",
        "|---" * (len(schedule.days) + 1) + "|",
    ]
    for campaign in schedule.campaigns:
        cells = [cell_text(schedule, campaign, day).replace("|", "\\|") for day in schedule.days]
        lines.append(f"| {_label(campaign)} | " + " | ".join(cells) + " |")
    if not schedule.campaigns:
        lines.append("| no campaign is desired running | " + " | ".join(CLOSED for _day in schedule.days) + " |")
    if schedule.never_dialing:
        ids = ", ".join(map(str, schedule.never_dialing))
        lines += ["", f"Not desired running, so never dialing: {ids}."]
    return lines


def _label(campaign: ScheduledCampaign) -> str:
    generic = campaign.name == f"campaign {campaign.id}"
    return campaign.name if generic else f"{campaign.id} {campaign.name}"


# The SVG grid's measures, in pixels.
_MARGIN = 20
_LABEL_WIDTH = 230
_DAY_WIDTH = 120
_TITLE_HEIGHT = 34
_HEADER_HEIGHT = 40  # the day's name, then the hour ticks
_ROW_HEIGHT = 30
_LINE = 16
_FONT = 'font-family="DejaVu Sans, Verdana, Arial, sans-serif"'
_ALLOWED_FILL = "#16a34a"
_HOLIDAY_FILL = "#fde68a"
_TICK_HOURS = (6, 12, 18)


def svg(schedule: Schedule) -> str:
    """The schedule as an SVG week grid: a row per campaign (its ID and name), a column per day of the schedule's time
    zone with hour ticks, shaded where the campaign may dial, and holidays marked and named. Plain SVG, no external
    asset; the same schedule always gives the same text."""
    zone = ZoneInfo(schedule.time_zone)
    rows = schedule.campaigns
    grid_top = _MARGIN + _TITLE_HEIGHT + _HEADER_HEIGHT
    grid_left = _MARGIN + _LABEL_WIDTH
    grid_height = _ROW_HEIGHT * max(len(rows), 1)
    notes = _svg_notes(schedule)
    first, last = schedule.days[0], schedule.days[-1]
    title = f"When each campaign may dial: {first.isoformat()} to {last.isoformat()}, times in {schedule.time_zone}"
    # Wide enough for the title and the notes too, at about 9 and 7 pixels a character.
    texts = max([len(title) * 9, *(len(note) * 7 for note in notes)])
    width = max(grid_left + _DAY_WIDTH * len(schedule.days), _MARGIN + texts) + _MARGIN
    height = grid_top + grid_height + 14 + _LINE * (len(notes) + 1) + _MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="schedule-title" class="eightbyeight-schedule" '
        f'style="max-width: 100%; height: auto">',
        f'<title id="schedule-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{_MARGIN}" y="{_MARGIN + 18}" {_FONT} font-size="16" font-weight="bold" fill="#0f172a">'
        f"{escape(title)}</text>",
    ]
    for column, day in enumerate(schedule.days):
        left = grid_left + column * _DAY_WIDTH
        holiday = any(h.day == day for h in schedule.holidays)
        out.append(
            f'<text x="{left + _DAY_WIDTH / 2:.0f}" y="{_MARGIN + _TITLE_HEIGHT + 14}" text-anchor="middle" {_FONT} '
            f'font-size="12" font-weight="bold" fill="{"#92400e" if holiday else "#0f172a"}">'
            f"{escape(day.strftime('%a %d %b') + (' (holiday)' if holiday else ''))}</text>"
        )
        begin, finish = local_days(day, 1, zone)
        length = (finish - begin).total_seconds()
        for hour in _TICK_HOURS:
            x = left + _DAY_WIDTH * (hour * 3600) / length
            out.append(
                f'<line x1="{x:.1f}" y1="{grid_top - 8}" x2="{x:.1f}" y2="{grid_top + grid_height}" '
                'stroke="#e2e8f0" stroke-width="1"/>'
            )
            out.append(
                f'<text x="{x:.1f}" y="{grid_top - 11}" text-anchor="middle" {_FONT} font-size="9" '
                f'fill="#64748b">{hour:02d}</text>'
            )
    for row, campaign in enumerate(rows):
        top = grid_top + row * _ROW_HEIGHT
        out.append(
            f'<g class="campaign" data-campaign={quoteattr(str(campaign.id))}>'
            f'<text x="{_MARGIN}" y="{top + _ROW_HEIGHT / 2 + 4:.0f}" {_FONT} font-size="12" fill="#0f172a">'
            f"{escape(_fitted(_label(campaign)))}</text>"
        )
        for column, day in enumerate(schedule.days):
            out += _svg_cell(schedule, campaign, day, grid_left + column * _DAY_WIDTH, top)
        out.append("</g>")
    if not rows:
        out.append(
            f'<text x="{_MARGIN}" y="{grid_top + _ROW_HEIGHT / 2 + 4:.0f}" {_FONT} font-size="12" fill="#64748b">'
            "no campaign is desired running</text>"
        )
    for column in range(len(schedule.days) + 1):
        x = grid_left + column * _DAY_WIDTH
        out.append(
            f'<line x1="{x}" y1="{grid_top - 8}" x2="{x}" y2="{grid_top + grid_height}" stroke="#94a3b8" '
            'stroke-width="1"/>'
        )
    for row in range(max(len(rows), 1) + 1):
        y = grid_top + row * _ROW_HEIGHT
        out.append(
            f'<line x1="{_MARGIN}" y1="{y}" x2="{grid_left + _DAY_WIDTH * len(schedule.days)}" y2="{y}" '
            'stroke="#cbd5e1" stroke-width="1"/>'
        )
    legend_y = grid_top + grid_height + 14
    out.append(
        f'<rect x="{_MARGIN}" y="{legend_y}" width="14" height="10" fill="{_ALLOWED_FILL}"/>'
        f'<text x="{_MARGIN + 20}" y="{legend_y + 9}" {_FONT} font-size="11" fill="#334155">may dial</text>'
        f'<rect x="{_MARGIN + 90}" y="{legend_y}" width="14" height="10" fill="{_HOLIDAY_FILL}" stroke="#b45309"/>'
        f'<text x="{_MARGIN + 110}" y="{legend_y + 9}" {_FONT} font-size="11" fill="#334155">'
        "holiday of a jurisdiction the campaign reaches</text>"
    )
    for number, note in enumerate(notes, 1):
        out.append(
            f'<text class="note" x="{_MARGIN}" y="{legend_y + 9 + number * _LINE}" {_FONT} font-size="11" '
            f'fill="#334155">{escape(note)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _svg_cell(schedule: Schedule, campaign: ScheduledCampaign, day: date, left: int, top: int) -> list[str]:
    zone = ZoneInfo(schedule.time_zone)
    begin, finish = local_days(day, 1, zone)
    length = (finish - begin).total_seconds()
    out = []
    for holiday in _holidays_of(schedule, campaign, day):
        out.append(
            f'<rect class="holiday" x="{left + 1}" y="{top + 1}" width="{_DAY_WIDTH - 2}" height="{_ROW_HEIGHT - 2}" '
            f'fill="{_HOLIDAY_FILL}" stroke="#b45309" stroke-dasharray="3,2">'
            f"<title>{escape(f'{holiday.name} ({holiday.jurisdiction})')}</title></rect>"
        )
    for interval in schedule.allowed_for(campaign.id):
        part = clip(interval, begin, finish)
        if part is None:
            continue
        low, high = part
        x = left + _DAY_WIDTH * (low - begin).total_seconds() / length
        shaded = _DAY_WIDTH * (high - low).total_seconds() / length
        local_low, local_high = low.astimezone(zone), high.astimezone(zone)
        tip = f"{_label(campaign)}: {day.strftime('%a %d %b')} {_clock(local_low, day)}-{_clock(local_high, day)}"
        out.append(
            f'<rect class="allowed" x="{x:.2f}" y="{top + 6}" width="{shaded:.2f}" height="{_ROW_HEIGHT - 12}" '
            f'fill="{_ALLOWED_FILL}"><title>{escape(tip)}</title></rect>'
        )
    if _holidays_of(schedule, campaign, day):
        out.append(
            f'<text class="holiday-mark" x="{left + _DAY_WIDTH / 2:.0f}" y="{top + _ROW_HEIGHT - 4}" '
            f'text-anchor="middle" {_FONT} font-size="9" font-weight="bold" fill="#92400e">holiday</text>'
        )
    return out


def _svg_notes(schedule: Schedule) -> list[str]:
    notes = [
        f"Holiday {holiday.day.strftime('%a %d %b')}: {holiday.name} ({holiday.jurisdiction}), campaigns "
        f"{', '.join(map(str, holiday.campaign_ids))}"
        for holiday in schedule.holidays
    ]
    if schedule.never_dialing:
        notes.append("Not desired running, so never dialing: " + ", ".join(map(str, schedule.never_dialing)))
    return notes


def _fitted(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def event_uid(interval: Allowed) -> str:
    """The same for the same campaign and start, so that importing a newer file updates the events it shares."""
    start = interval.start.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return f"campaign-{interval.campaign_id}-{start}@eightbyeight.contact_center"


def calendar(schedule: Schedule, stamp: datetime) -> bytes:
    """The allowed intervals as an iCalendar file: one event per interval, in UTC, made at ``stamp`` (its DTSTAMP).
    Raises CampaignError naming the package to install when ``icalendar`` is missing."""
    if icalendar is None:
        raise CampaignError(
            f"writing the iCalendar file needs the Python package {ICALENDAR_PACKAGE} where the module runs "
            f"(pip install {ICALENDAR_PACKAGE})"
        )
    names = {campaign.id: _label(campaign) for campaign in schedule.campaigns}
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"When each campaign may dial ({schedule.time_zone})")
    made = stamp.astimezone(timezone.utc)
    for interval in schedule.allowed:
        event = icalendar.Event()
        event.add("uid", event_uid(interval))
        event.add("dtstamp", made)
        event.add("dtstart", interval.start.astimezone(timezone.utc))
        event.add("dtend", interval.end.astimezone(timezone.utc))
        event.add("summary", f"{names.get(interval.campaign_id, interval.campaign_id)} may dial")
        after = interval.reason_closed_after
        event.add("description", f"Dialing stops: {after}." if after else "Dialing goes on past the schedule's end.")
        event.add("transp", "TRANSPARENT")  # a time a campaign may dial, not a time its people are busy
        cal.add_component(event)
    return bytes(cal.to_ical())


def schedule_as_dicts(schedule: Schedule) -> list[dict[str, object]]:
    """The allowed intervals for a module's result: each campaign's ID and name, start and end (UTC, ISO 8601), and
    why dialing stops then."""
    names = {campaign.id: campaign.name for campaign in schedule.campaigns}
    return [
        {
            "campaign_id": interval.campaign_id,
            "campaign_name": names.get(interval.campaign_id),
            "start": _iso(interval.start),
            "end": _iso(interval.end),
            "reason_closed_after": interval.reason_closed_after,
        }
        for interval in schedule.allowed
    ]


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


__all__ = [
    "ICALENDAR_IMPORT_ERROR",
    "ICALENDAR_PACKAGE",
    "calendar",
    "cell_text",
    "day_windows",
    "event_uid",
    "markdown",
    "schedule_as_dicts",
    "svg",
]
