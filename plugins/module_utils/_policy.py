# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The desired-state file and what it asks for at a given time: campaigns with a mode, calling hours, freezes.

The one place that turns a desired-state file and a time into what each campaign should be in now, and says whether
a change may be sent: the apply playbook (through campaign_status), the drift gate and the event source all ask
here, so that they never disagree. Pure, standard library only: the caller loads the file and gives the time.

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

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_id as parse_id
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    DESIRED_STATES,
    PAUSED,
    RUNNING,
    CampaignError,
    satisfies,
)

ENFORCE = "enforce"
GUARD = "guard"
OBSERVE = "observe"

#: enforce: brought to its state in any direction; guard: automation only takes it out of dialing; observe: never
#: written, its drift only reported.
MODES = (ENFORCE, GUARD, OBSERVE)

CALLING_HOURS = "calling_hours"
FREEZE = "freeze"
KINDS = (CALLING_HOURS, FREEZE)

#: The days of a window, as written, in datetime.weekday() order.
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = tuple(range(7))

VERSION = 2

_DAY = 86400  # seconds; an end of "24:00" is the next midnight
_TOP_KEYS = ("version", "campaigns", "windows")
_CAMPAIGN_KEYS = ("id", "state", "mode")
_WINDOW_KEYS = ("name", "kind", "time_zone", "days", "start", "end", "from", "until", "campaigns")
_CLOCK = re.compile(r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?")
# ISO 8601 with an offset, read the same on every Python (datetime.fromisoformat takes no "Z" before 3.11).
_ISO_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,6}))?)?"
    r"\s*(?:([Zz])|([+-])([0-9]{2}):?([0-9]{2}))"
)
_EXAMPLE_TIME = "2026-12-24T00:00:00+00:00"
_NOT_A_TIME = f"not a time in ISO 8601 with an offset, such as {_EXAMPLE_TIME}"

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
        moment = _utc(when)
        if not self.recurring:
            return _utc(_given(self.from_)) <= moment < _utc(_given(self.until))
        local = moment.astimezone(self._zone())
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        start, end = _given(self.start), _given(self.end)
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
        moment = _utc(when)
        if not self.recurring:
            edges = [_given(self.from_), _given(self.until)]
            later = [edge for edge in edges if _utc(edge) > moment]
            return self._shown(later[0]) if later else None
        inside = self.contains(moment)
        for candidate in sorted(c for c in self._candidates(moment) if c > moment):
            if self.contains(candidate) != inside:
                return self._shown(candidate)
        return None

    def describe(self) -> str:
        """'US calling hours (08:00-21:00 America/Chicago, mon-sat)', for a reason or a message."""
        if not self.recurring:
            return f"{self.name} ({_given(self.from_).isoformat()} to {_given(self.until).isoformat()})"
        days = "" if self.days == EVERY_DAY else f", {_days_text(self.days)}"
        return f"{self.name} ({_clock_text(_given(self.start))}-{_clock_text(_given(self.end))} {self.time_zone}{days})"

    def _zone(self) -> tzinfo:
        return _given(self.zone)

    def _shown(self, moment: datetime) -> datetime:
        """``moment`` with the offset the window's time zone has then. A fixed offset, not the zone: an aware datetime
        whose wall time the zone shows twice never equals one in another zone (PEP 495)."""
        if self.time_zone is None:
            return moment
        local = moment.astimezone(self._zone())
        return local.replace(tzinfo=timezone(_given(local.utcoffset())), fold=0)

    def _candidates(self, moment: datetime) -> set[datetime]:
        """Every instant in the next eight days at which the window may open or close, as UTC: each edge's wall time
        (both, where the clocks go back and it happens twice) and each daylight-saving change (where the clocks skip
        an edge, or go back across one)."""
        zone, start, end = self._zone(), _given(self.start), _given(self.end)
        today = moment.astimezone(zone).date()
        found: set[datetime] = set()
        for offset in range(-1, 9):
            day = today + timedelta(days=offset)
            if day.weekday() not in self.days:
                continue
            midnight = datetime(day.year, day.month, day.day)
            for seconds in (start, end + (_DAY if end <= start else 0)):
                wall = midnight + timedelta(seconds=seconds)
                found.update(_utc(wall.replace(tzinfo=zone, fold=fold)) for fold in (0, 1))
        found.update(_offset_changes(zone, moment - timedelta(days=1), moment + timedelta(days=9)))
        return found


@dataclass(frozen=True)
class DesiredCampaign:
    """A campaign of the file: its state, as the file says, and how far automation may go to keep it there."""

    id: int
    state: str
    mode: str = ENFORCE


@dataclass(frozen=True)
class Policy:
    """A desired-state file, checked: its campaigns in file order and its windows."""

    campaigns: tuple[DesiredCampaign, ...]
    windows: tuple[Window, ...] = ()

    def pairs(self) -> list[tuple[int, str]]:
        """The (ID, state) pairs of the file, as version 1 read them."""
        return [(campaign.id, campaign.state) for campaign in self.campaigns]

    def next_change(self, when: datetime) -> datetime | None:
        """The first instant after ``when`` at which any window opens or closes, as UTC; None when none will."""
        changes = [change for window in self.windows for change in [window.next_change(when)] if change]
        return min(map(_utc, changes)) if changes else None


@dataclass(frozen=True)
class Decision:
    """What one campaign should be in at a time, and why: a plan row's and an event's explanation."""

    id: int
    desired: str  # the file's state
    effective: str  # what the campaign should be in now
    mode: str
    reason: str
    frozen_by: str | None = None  # the freeze in force for this campaign, if any
    freeze_ends: datetime | None = None  # when that freeze ends (None: it never does)


def load_policy(content: t.Any, where: str = "the desired state") -> Policy:
    """The policy of a loaded desired-state file, checked as a whole before anything is sent.

    ``content`` is the file's mapping (``campaigns``, optionally ``windows`` and ``version: 2``) or a bare list of
    campaign entries, as version 1 allowed. Raises CampaignError naming every problem with its place
    (``windows[1].time_zone``), prefixed by ``where``, so that one run shows them all.
    """
    if isinstance(content, list):
        content = {"campaigns": content}
    if not isinstance(content, dict):
        shape = "not a mapping with campaigns (and windows), nor a list of campaigns"
        raise CampaignError(f"{where} has 1 problem(s): it is {_preview(content)}, {shape}")
    problems: list[str] = []
    policy = _policy(content, problems)
    if problems:
        raise CampaignError(f"{where} has {len(problems)} problem(s): {'; '.join(problems)}")
    return policy


def _policy(content: dict[t.Any, t.Any], problems: list[str]) -> Policy:
    unknown = sorted(str(key) for key in content if key not in _TOP_KEYS)
    if unknown:
        problems.append(
            f"it has unknown keys {', '.join(unknown)}: a desired state takes version, campaigns and windows"
        )
    if "version" in content and not _is_int(content["version"], VERSION):
        problems.append(f"version is {_preview(content['version'])}: give version {VERSION}, or leave version out")
    campaigns: list[DesiredCampaign] = []
    ids: set[int] = set()
    entries = content.get("campaigns")
    if "campaigns" not in content:
        problems.append("campaigns is missing: list the campaigns, each as {id, state}")
    elif isinstance(entries, list):
        campaigns, ids = _campaigns(entries, problems)
    else:
        problems.append(f"campaigns is {_preview(entries)}, not a list of {{id, state}}")
    windows: list[Window] = []
    entries = content.get("windows", [])
    if isinstance(entries, list):
        windows = _windows(entries, ids, problems)
    else:
        problems.append(f"windows is {_preview(entries)}, not a list of windows ([] for none)")
    return Policy(tuple(campaigns), tuple(windows))


def decide(policy: Policy, when: datetime) -> list[Decision]:
    """What each campaign of the policy should be in at ``when`` (aware), in file order.

    A campaign desired running is paused outside any calling-hours window that has it in scope: the most restrictive
    window wins. Any other desired state is the effective state at all times. A freeze changes no effective state: it
    says which changes may_send holds back, and until when.
    """
    moment = _utc(when)
    inside = [window.contains(moment) for window in policy.windows]
    calling = [w for w, open_ in zip(policy.windows, inside) if w.kind == CALLING_HOURS and not open_]
    freezes = [(w, w.next_change(moment)) for w, open_ in zip(policy.windows, inside) if w.kind == FREEZE and open_]
    decisions = []
    for campaign in policy.campaigns:
        effective, reason = campaign.state, "desired state"
        outside = [window for window in calling if window.in_scope(campaign.id)]
        if campaign.state == RUNNING and outside:
            effective, reason = PAUSED, " and ".join(f"outside {window.describe()}" for window in outside)
        if campaign.mode == OBSERVE:
            reason = f"mode {OBSERVE}" if reason == "desired state" else f"mode {OBSERVE}; {reason}"
        frozen = _longest([(window, ends) for window, ends in freezes if window.in_scope(campaign.id)])
        decisions.append(
            Decision(
                id=campaign.id,
                desired=campaign.state,
                effective=effective,
                mode=campaign.mode,
                reason=reason,
                frozen_by=frozen[0].name if frozen else None,
                freeze_ends=frozen[1] if frozen else None,
            )
        )
    return decisions


def _longest(freezes: list[tuple[Window, datetime | None]]) -> tuple[Window, datetime | None] | None:
    """Of the freezes in force, the one that ends last (None: never), which says when changes may be sent again;
    the first in the file of those that end together."""
    longest = None
    for freeze in freezes:
        if longest is None or (longest[1] is not None and (freeze[1] is None or _utc(freeze[1]) > _utc(longest[1]))):
            longest = freeze
    return longest


def satisfied(decision: Decision, state: str) -> bool:
    """Whether a campaign in ``state`` is as ``decision`` wants it now: in its effective state (a purged campaign is
    paused too), or, when calling hours alone make a campaign desired running paused, in any state but running: they
    only keep it from dialing, and a new or stopped campaign is not dialing."""
    if decision.desired == RUNNING and decision.effective == PAUSED:
        return state != RUNNING
    return satisfies(state, decision.effective)


def may_send(decision: Decision, current_state: str, path: tuple[str, ...], automation: bool) -> tuple[bool, str]:
    """Whether the changes along ``path`` (the states a plan moves through) may be sent now, and if not, why.

    observe: never. guard, for automation (the rulebook): only a path that never reaches running, since automation
    may take a campaign out of dialing but only a person applying the file may start it. In a freeze: only a pause for
    calling hours, which keeps a campaign from dialing outside them and is never blocked. Else: yes.
    """
    steps = tuple(path)
    if decision.mode == OBSERVE:
        return False, "mode observe: nothing is ever sent to it, its drift is only reported"
    if not steps:
        return True, ""
    if automation and decision.mode == GUARD and RUNNING in steps:
        return False, (
            f"mode guard: automation only takes it out of dialing, never from {current_state} to running; "
            "applying the desired state does"
        )
    calling_hours_pause = decision.desired == RUNNING and decision.effective == PAUSED and steps == (PAUSED,)
    if decision.frozen_by is not None and not calling_hours_pause:
        ends = f"until {decision.freeze_ends.isoformat()}" if decision.freeze_ends else "with no end"
        return (
            False,
            f"frozen by {decision.frozen_by} {ends}: no change is sent in a freeze but a pause for calling hours",
        )
    return True, ""


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
    raise CampaignError(f"{_preview(text)} is {_NOT_A_TIME}")


def _given(value: T | None) -> T:
    """A field load_policy always sets for this kind of window."""
    if value is None:
        raise AssertionError("a window lacks a field load_policy sets for its kind")
    return value


def _utc(when: datetime) -> datetime:
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


def _campaigns(entries: list[t.Any], problems: list[str]) -> tuple[list[DesiredCampaign], set[int]]:
    """The campaign entries, with the problems named in the words version 1 used; and every ID the file gives,
    for the windows' scopes."""
    campaigns: list[DesiredCampaign] = []
    ids: set[int] = set()
    seen: dict[int, int] = {}
    for index, entry in enumerate(entries):
        where = f"campaigns[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where} is {entry!r}, not a mapping of id and state")
            continue
        unknown = sorted(str(key) for key in entry if key not in _CAMPAIGN_KEYS)
        campaign_id, state, mode = parse_id(entry.get("id")), entry.get("state"), entry.get("mode", ENFORCE)
        named = f" (id {campaign_id})" if campaign_id else ""
        if unknown:
            problems.append(
                f"{where}{named} has unknown keys {', '.join(unknown)}: each entry takes id, state and mode"
            )
        if campaign_id is None:
            problems.append(f"{where}{named} needs an id, a positive whole number; got {entry.get('id')!r}")
        else:
            ids.add(campaign_id)
        if state not in DESIRED_STATES:
            problems.append(f"{where}{named} needs a state, one of {', '.join(DESIRED_STATES)}; got {state!r}")
        if mode not in MODES:
            problems.append(f"{where}.mode{named} is {mode!r}, not one of {', '.join(MODES)}")
        if campaign_id is None or state not in DESIRED_STATES or mode not in MODES:
            continue
        if campaign_id in seen:
            first = campaigns[seen[campaign_id]].state
            also = "with the same state" if first == state else f"first as {first}, then as {state}"
            problems.append(f"{where}{named} lists campaign {campaign_id} again ({also}): give each campaign once")
            continue
        seen[campaign_id] = len(campaigns)
        campaigns.append(DesiredCampaign(campaign_id, state, mode))
    return campaigns, ids


def _windows(entries: list[t.Any], ids: set[int], problems: list[str]) -> list[Window]:
    windows: list[Window] = []
    names: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"windows[{index}] is {_preview(entry)}, not a mapping with name, kind and time_zone")
            continue
        found = _WindowProblems(index, entry, problems)
        window = found.window(ids)
        if found.name is not None and found.name in names:
            found.add("name", f"is also the name of windows[{names[found.name]}]: give each window its own name")
        elif found.name is not None:
            names[found.name] = index
        if window is not None and not found.count:
            windows.append(window)
    return windows


class _WindowProblems:
    """One window entry, read key by key; each problem named with its place, as windows[1].time_zone."""

    def __init__(self, index: int, entry: dict[t.Any, t.Any], problems: list[str]) -> None:
        self.index = index
        self.entry = entry
        self.problems = problems
        self.count = 0
        name = entry.get("name")
        self.name = name.strip() if isinstance(name, str) and name.strip() else None

    def add(self, key: str | None, text: str) -> None:
        place = f"windows[{self.index}]" + (f".{key}" if key else "")
        named = f" ({self.name})" if self.name else ""
        self.problems.append(f"{place}{named} {text}")
        self.count += 1

    def window(self, ids: set[int]) -> Window | None:
        """The window, or None when a problem leaves too little to build it from."""
        entry = self.entry
        unknown = sorted(str(key) for key in entry if key not in _WINDOW_KEYS)
        if unknown:
            self.add(None, f"has unknown keys {', '.join(unknown)}: a window takes {', '.join(_WINDOW_KEYS)}")
        if self.name is None:
            shown = "missing" if "name" not in entry else f"{_preview(entry['name'])}"
            self.add("name", f"is {shown}: each window needs a name, such as 'US calling hours'")
        kind = entry.get("kind")
        if kind not in KINDS:
            shown = "missing" if "kind" not in entry else _preview(kind)
            self.add("kind", f"is {shown}, not one of {', '.join(KINDS)}")
        one_off = "from" in entry or "until" in entry
        recurring = "start" in entry or "end" in entry or "days" in entry
        if kind == CALLING_HOURS and one_off:
            self.add(None, "has from or until: calling hours recur, with days, start and end")
        if kind == FREEZE and one_off and recurring:
            self.add(None, "has both from/until and days/start/end: a freeze is one-off (from, until) or recurring")
        if kind == FREEZE and not one_off and not recurring:
            self.add(None, "needs from and until (a one-off freeze), or start and end (a recurring one)")
        recurs = kind == CALLING_HOURS or (kind == FREEZE and recurring and not one_off)
        zone = self._zone(required=recurs)
        days = self._days()
        start, end = self._clock("start", recurs), self._clock("end", recurs, end=True)
        if start is not None and end is not None and start == end:
            self.add(
                "end", f"is the start, {_clock_text(start)}: give a later end, or an earlier one to run past midnight"
            )
        from_ = until = None
        if kind == FREEZE and one_off:
            from_, until = self._instant("from"), self._instant("until")
            if from_ is not None and until is not None and _utc(until) <= _utc(from_):
                self.add("until", f"is {until.isoformat()}, not after from ({from_.isoformat()})")
        scope = self._scope(ids)
        if self.name is None or kind not in KINDS or (recurs and (zone is None or start is None or end is None)):
            return None
        if not recurs and (from_ is None or until is None):
            return None
        return Window(self.name, kind, zone, days, start, end, from_, until, scope)

    def _zone(self, required: bool) -> str | None:
        if "time_zone" not in self.entry:
            if required:
                self.add(
                    "time_zone", "is missing: give the IANA name of the window's time zone, such as America/Chicago"
                )
            return None
        name = self.entry["time_zone"]
        if not isinstance(name, str) or not name.strip():
            self.add("time_zone", f"is {_preview(name)}, not a time zone name such as America/Chicago")
            return None
        name = name.strip()
        problem = _zone_problem(name)
        if problem:
            self.add("time_zone", problem)
            return None
        return name

    def _days(self) -> tuple[int, ...]:
        if "days" not in self.entry:
            return EVERY_DAY
        days = self.entry["days"]
        if not isinstance(days, list):
            self.add("days", f"is {_preview(days)}, not a list of days such as [mon, tue, wed, thu, fri]")
            return EVERY_DAY
        if not days:
            self.add("days", "is empty: leave it out for every day")
        bad = [day for day in days if day not in DAYS]
        if bad:
            which = "which is not a day" if len(bad) == 1 else "which are not days"
            self.add("days", f"has {', '.join(map(_preview, bad))}, {which}: use {', '.join(DAYS)}")
        again = sorted({day for day in days if day in DAYS and days.count(day) > 1}, key=DAYS.index)
        if again:
            self.add("days", f"lists {', '.join(again)} more than once")
        return tuple(sorted({DAYS.index(day) for day in days if day in DAYS})) or EVERY_DAY

    def _clock(self, key: str, required: bool, end: bool = False) -> int | None:
        if key not in self.entry:
            if required:
                self.add(key, 'is missing: give start and end, as "08:00" and "21:00"')
            return None
        if not required:
            return None  # a one-off freeze with start or end: named once, as such, above
        value = self.entry[key]
        seconds = _seconds(value, end)
        if seconds is None:
            number = isinstance(value, int) and not isinstance(value, bool)
            hint = " (YAML reads an unquoted 21:00 as the number 1260: quote the time)" if number else ""
            latest = ', at most "24:00"' if end else ""
            self.add(key, f'is {_preview(value)}, not a time of day as "HH:MM" or "HH:MM:SS"{latest}{hint}')
        return seconds

    def _instant(self, key: str) -> datetime | None:
        if key not in self.entry:
            self.add(key, f"is missing: a one-off freeze needs from and until, such as {_EXAMPLE_TIME}")
            return None
        value = self.entry[key]
        if isinstance(value, datetime):  # YAML reads an unquoted timestamp as one
            if value.tzinfo is None or value.utcoffset() is None:
                self.add(key, f"is {value.isoformat()}, without an offset: give one, such as {_EXAMPLE_TIME}")
                return None
            return value
        try:
            return parse_time(value)
        except CampaignError:
            self.add(key, f"is {_preview(value)}, {_NOT_A_TIME}")
            return None

    def _scope(self, ids: set[int]) -> tuple[int, ...] | None:
        if "campaigns" not in self.entry:
            return None
        value = self.entry["campaigns"]
        if not isinstance(value, list):
            self.add("campaigns", f"is {_preview(value)}, not a list of campaign IDs: leave it out for every campaign")
            return None
        if not value:
            self.add("campaigns", "is empty: list campaign IDs, or leave it out for every campaign of the file")
            return None
        try:
            scope = campaign_ids(value, f"windows[{self.index}].campaigns")
        except CampaignError as error:
            self.problems.append(str(error))
            self.count += 1
            return None
        strangers = [str(campaign) for campaign in scope if campaign not in ids]
        if strangers:
            verb = "is not a campaign" if len(strangers) == 1 else "are not campaigns"
            self.add("campaigns", f"lists {', '.join(strangers)}, which {verb} of the file")
        return tuple(scope)


def _zone_problem(name: str) -> str | None:
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


def _seconds(value: t.Any, end: bool) -> int | None:
    """'08:00' or '08:00:30' as seconds after midnight; '24:00' too for an end. None for anything else."""
    found = _CLOCK.fullmatch(value.strip()) if isinstance(value, str) else None
    if not found:
        return None
    hours, minutes, seconds = int(found.group(1)), int(found.group(2)), int(found.group(3) or 0)
    total = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or total > (_DAY if end else _DAY - 1):
        return None
    return total


def _clock_text(seconds: int) -> str:
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


def _is_int(value: t.Any, expected: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value == expected


def _preview(value: t.Any, limit: int = 80) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
