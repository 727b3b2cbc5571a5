# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Time windows and their arithmetic: when a window of local wall time in an IANA time zone is open, when it next
opens or closes, and instants written in ISO 8601. Pure: the caller gives the time.

A window's days and edges are local wall time in its time zone, daylight-saving changes included: 08:00-21:00
America/Chicago is 08:00-21:00 on the clocks there every day of the year. A window includes its start and excludes
its end, and one whose end is before its start runs past midnight and belongs to the day it starts on. Where the
clocks skip an hour, an edge inside it takes effect when they skip it; where they go back, the hour they repeat is
inside or outside a window the second time as it was the first.
"""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError

CALLING_HOURS = "calling_hours"
FREEZE = "freeze"
KINDS = (CALLING_HOURS, FREEZE)

#: The days of a window, as written, in datetime.weekday() order.
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = tuple(range(7))

_DAY = 86400  # seconds; an end of "24:00" is the next midnight
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")
# ISO 8601 with an offset, read the same on every Python (datetime.fromisoformat takes no "Z" before 3.11).
_ISO_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,6}))?)?"
    r"\s*(?:([Zz])|([+-])([0-9]{2}):?([0-9]{2}))"
)
EXAMPLE_TIME = "2026-12-24T00:00:00+00:00"
NOT_A_TIME = f"not a time in ISO 8601 with an offset, such as {EXAMPLE_TIME}"

T = t.TypeVar("T")


@dataclass(frozen=True)
class Window:
    """A time window of the file: calling hours, in which its campaigns may be running, or a freeze, in which no
    change is sent to them.

    Recurring (``start`` and ``end``, seconds after local midnight, on ``days``) or, for a freeze, one-off
    (``from_`` to ``until``). ``campaigns`` None is every campaign of the file.
    """

    name: str
    kind: str
    time_zone: str | None = None
    days: tuple[int, ...] = EVERY_DAY  # datetime.weekday() numbers, 0 is Monday
    start: int | None = None
    end: int | None = None
    from_: datetime | None = None
    until: datetime | None = None
    campaigns: tuple[int, ...] | None = None

    @property
    def recurring(self) -> bool:
        return self.start is not None

    @property
    def zone(self) -> tzinfo | None:
        return None if self.time_zone is None else ZoneInfo(self.time_zone)

    def in_scope(self, campaign_id: int) -> bool:
        """Whether the window applies to this campaign."""
        return self.campaigns is None or campaign_id in self.campaigns

    def contains(self, when: datetime) -> bool:
        """Whether ``when`` (aware) is inside the window: its start included, its end not."""
        moment = utc(when)
        if not self.recurring:
            return utc(given(self.from_)) <= moment < utc(given(self.until))
        local = moment.astimezone(self._zone())
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        start, end = given(self.start), given(self.end)
        today = local.weekday()
        if start < end:
            return today in self.days and start <= seconds < end
        # Past midnight: the evening belongs to today's window, the small hours to yesterday's.
        return (today in self.days and seconds >= start) or ((today - 1) % 7 in self.days and seconds < end)

    def next_change(self, when: datetime) -> datetime | None:
        """The first instant after ``when`` at which the window opens or closes, with its time zone's offset then; None
        when it never will (a one-off that is over, a recurring window open all the time).

        For the event source to wake at an edge, and for "the freeze ends at ..." messages.
        """
        moment = utc(when)
        if not self.recurring:
            edges = [given(self.from_), given(self.until)]
            later = [edge for edge in edges if utc(edge) > moment]
            return self._shown(later[0]) if later else None
        inside = self.contains(moment)
        for candidate in sorted(c for c in self._candidates(moment) if c > moment):
            if self.contains(candidate) != inside:
                return self._shown(candidate)
        return None

    def describe(self) -> str:
        """'US calling hours (08:00-21:00 America/Chicago, mon-sat)', for a reason or a message."""
        if not self.recurring:
            return f"{self.name} ({given(self.from_).isoformat()} to {given(self.until).isoformat()})"
        days = "" if self.days == EVERY_DAY else f", {_days_text(self.days)}"
        return f"{self.name} ({clock_text(given(self.start))}-{clock_text(given(self.end))} {self.time_zone}{days})"

    def _zone(self) -> tzinfo:
        return given(self.zone)

    def _shown(self, moment: datetime) -> datetime:
        """``moment`` with the offset the window's time zone has then. A fixed offset, not the zone: an aware datetime
        whose wall time the zone shows twice never equals one in another zone (PEP 495)."""
        if self.time_zone is None:
            return moment
        local = moment.astimezone(self._zone())
        return local.replace(tzinfo=timezone(given(local.utcoffset())), fold=0)

    def _candidates(self, moment: datetime) -> set[datetime]:
        """Every instant in the next eight days at which the window may open or close, as UTC: each edge's wall time
        (both, where the clocks go back and it happens twice) and each daylight-saving change (where the clocks skip
        an edge, or go back across one)."""
        zone, start, end = self._zone(), given(self.start), given(self.end)
        today = moment.astimezone(zone).date()
        found: set[datetime] = set()
        for offset in range(-1, 9):
            day = today + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            midnight = datetime(day.year, day.month, day.day)
            for seconds in (start, end + (_DAY if end <= start else 0)):
                wall = midnight + timedelta(seconds=seconds)
                found.update(utc(wall.replace(tzinfo=zone, fold=fold)) for fold in (0, 1))
        found.update(_offset_changes(zone, moment - timedelta(days=1), moment + timedelta(days=9)))
        return found


def parse_time(text: t.Any) -> datetime:
    """An instant in ISO 8601 with an offset or Z ("2026-12-24T08:00:00-06:00"), for policy_time and a freeze's from
    and until; the same on every Python the modules run on. Raises CampaignError for anything else."""
    found = _ISO_TIME.fullmatch(text.strip()) if isinstance(text, str) else None
    if found:
        year, month, day, hour, minute, second, fraction, utc, sign, off_hours, off_minutes = found.groups()
        try:
            if not utc and int(off_minutes) > 59:
                raise ValueError(f"offset minutes {off_minutes}")
            offset = timedelta(0) if utc else timedelta(hours=int(off_hours), minutes=int(off_minutes))
            zone = timezone(-offset if sign == "-" else offset)  # ValueError from 24 hours on
            microsecond = int((fraction or "0").ljust(6, "0"))
            clock = (int(hour), int(minute), int(second or 0), microsecond)
            return datetime(int(year), int(month), int(day), *clock, tzinfo=zone)
        except ValueError:
            pass
    raise CampaignError(f"{preview(text)} is {NOT_A_TIME}")


def given(value: T | None) -> T:
    """A field load_policy always sets for this kind of window."""
    if value is None:
        raise AssertionError("a window lacks a field load_policy sets for its kind")
    return value


def utc(when: datetime) -> datetime:
    """``when`` in UTC: aware datetimes that share a tzinfo compare by wall time, not as instants."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{when.isoformat()} has no time zone: give an aware datetime")
    return when.astimezone(timezone.utc)


def _offset_changes(zone: tzinfo, since: datetime, until: datetime) -> list[datetime]:
    """The instants (UTC, whole seconds) at which ``zone``'s offset changes between ``since`` and ``until``."""
    changes = []
    here = since.replace(microsecond=0)
    while here < until:
        there = here + timedelta(days=1)
        before = here.astimezone(zone).utcoffset()
        if there.astimezone(zone).utcoffset() != before:
            low, high = here, there  # the offset at low is the old one, at high the new one
            while high - low > timedelta(seconds=1):
                middle = low + timedelta(seconds=(high - low).total_seconds() // 2)
                if middle.astimezone(zone).utcoffset() == before:
                    low = middle
                else:
                    high = middle
            changes.append(high)
        here = there
    return changes


def zone_problem(name: str) -> str | None:
    """Why ``name`` is no time zone here, or None. Without a time zone database (the system's, or the tzdata
    package's) no name is one: say so, rather than call a good name unknown."""
    try:
        ZoneInfo(name)
        return None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    try:
        ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return (
            f"is {name!r}, which cannot be looked up: this system has no time zone database; "
            "install the Python package tzdata (pip install tzdata) where the modules run"
        )
    return f"is {name!r}, not a time zone this system knows (an IANA name such as America/Chicago)"


def clock_seconds(value: t.Any, end: bool) -> int | None:
    """'08:00' or '08:00:30' as seconds after midnight; '24:00' too for an end. None for anything else."""
    found = _CLOCK.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        return None
    hours, minutes, seconds = int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)
    total = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or total > (_DAY if end else _DAY - 1):
        return None
    return total


def clock_text(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def _days_text(days: tuple[int, ...]) -> str:
    """'mon-fri', 'sat, sun', 'mon, wed-fri': runs of three days or more as a range."""
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAYS[run[0]]}-{DAYS[run[-1]]}")
        else:
            parts.extend(DAYS[day] for day in run)
    return ", ".join(parts)


def preview(value: t.Any, limit: int = 80) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
