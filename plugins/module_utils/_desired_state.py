# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired-state file (versions 1 and 2), checked as a whole: its campaigns, each with a state and a mode, its
windows of calling hours and freezes, the jurisdictions its campaigns reach (``reaches``) and the team's own calling
rules (``jurisdictions``). Each problem is named with its place, so that one run shows them all. Pure: the caller
reads the file (_inputs.py)."""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass
from datetime import date, datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_id as parse_id
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._jurisdictions import (
    RULES_BY_CODE,
    JurisdictionWindow,
    Rule,
    chain,
    holidays_library,
    holidays_missing,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import DESIRED_STATES
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import (
    CALLING_HOURS,
    DAYS,
    EVERY_DAY,
    EXAMPLE_TIME,
    FREEZE,
    KINDS,
    NOT_A_TIME,
    Window,
    clock_seconds,
    clock_text,
    parse_time,
    preview,
    utc,
    zone_problem,
)

ENFORCE = "enforce"
GUARD = "guard"
OBSERVE = "observe"

#: enforce: brought to its state in any direction; guard: automation only takes it out of dialing; observe: never
#: written, its drift only reported.
MODES = (ENFORCE, GUARD, OBSERVE)

VERSION = 2

_TOP_KEYS = ("version", "campaigns", "windows", "reaches", "jurisdictions")
_CAMPAIGN_KEYS = ("id", "state", "mode", "reaches")
_WINDOW_KEYS = ("name", "kind", "time_zone", "days", "start", "end", "from", "until", "campaigns", "reaches")
_RULE_KEYS = ("code", "name", "zones", "hours", "holidays", "within", "citation", "checked", "note")
_CODE = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?")

#: A window of the policy: hand-written (_windows.Window) or a jurisdiction's calling rules.
AnyWindow = t.Union[Window, JurisdictionWindow]


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
    #: The file's windows, then one per jurisdiction its campaigns reach, scoped to the campaigns that reach it.
    windows: tuple[AnyWindow, ...] = ()

    def pairs(self) -> list[tuple[int, str]]:
        """The (ID, state) pairs of the file, as version 1 read them."""
        return [(campaign.id, campaign.state) for campaign in self.campaigns]

    def next_change(self, when: datetime) -> datetime | None:
        """The first instant after ``when`` at which any window opens or closes, as UTC; None when none will."""
        changes = [change for window in self.windows for change in [window.next_change(when)] if change]
        return min(map(utc, changes)) if changes else None


def load_policy(content: t.Any, where: str = "the desired state") -> Policy:
    """The policy of a loaded desired-state file, checked as a whole before anything is sent.

    ``content`` is the file's mapping (``campaigns``, optionally ``windows``, ``reaches``, ``jurisdictions`` and
    ``version: 2``) or a bare list of campaign entries, as version 1 allowed. Raises CampaignError naming every
    problem with its place (``windows[1].time_zone``, ``campaigns[3].reaches[1]``), prefixed by ``where``, so that
    one run shows them all; and one naming the holidays package when a reached rule closes on holidays and the
    package cannot be imported here.
    """
    if isinstance(content, list):
        content = {"campaigns": content}
    if not isinstance(content, dict):
        shape = "not a mapping with campaigns (and windows), nor a list of campaigns"
        raise CampaignError(f"{where} has 1 problem(s): it is {preview(content)}, {shape}")
    problems: list[str] = []
    policy = _policy(content, problems)
    if problems:
        raise CampaignError(f"{where} has {len(problems)} problem(s): {'; '.join(problems)}")
    named = [w.name for w in policy.windows if isinstance(w, JurisdictionWindow) and w.needs_holidays]
    if named and holidays_library() is None:
        raise holidays_missing(named)
    return policy


def _policy(content: dict[t.Any, t.Any], problems: list[str]) -> Policy:
    unknown = sorted(str(key) for key in content if key not in _TOP_KEYS)
    if unknown:
        problems.append(
            f"it has unknown keys {', '.join(unknown)}: a desired state takes "
            "version, campaigns, windows, reaches and jurisdictions"
        )
    if "version" in content and not _is_int(content["version"], VERSION):
        problems.append(f"version is {preview(content['version'])}: give version {VERSION}, or leave version out")
    table = _rule_table(content.get("jurisdictions", []), problems)
    campaigns: list[DesiredCampaign] = []
    ids: set[int] = set()
    reached: dict[int, tuple[str, ...]] = {}
    entries = content.get("campaigns")
    if "campaigns" not in content:
        problems.append("campaigns is missing: list the campaigns, each as {id, state}")
    elif isinstance(entries, list):
        campaigns, ids, reached = _campaigns(entries, table, problems)
    else:
        problems.append(f"campaigns is {preview(entries)}, not a list of {{id, state}}")
    default = _reaches(content["reaches"], "reaches", table, problems) if "reaches" in content else ()
    windows: list[Window] = []
    by_window: list[tuple[tuple[int, ...] | None, tuple[str, ...]]] = []
    entries = content.get("windows", [])
    if isinstance(entries, list):
        windows, by_window = _windows(entries, ids, table, problems)
    else:
        problems.append(f"windows is {preview(entries)}, not a list of windows ([] for none)")
    if problems:
        return Policy(tuple(campaigns), tuple(windows))
    jurisdictions = _jurisdiction_windows(campaigns, reached, default, by_window, table)
    return Policy(tuple(campaigns), (*windows, *jurisdictions))


def _jurisdiction_windows(
    campaigns: list[DesiredCampaign],
    reached: dict[int, tuple[str, ...]],
    default: tuple[str, ...],
    by_window: list[tuple[tuple[int, ...] | None, tuple[str, ...]]],
    table: dict[str, Rule],
) -> list[JurisdictionWindow]:
    """One window per jurisdiction reached, scoped to the campaigns that reach it (each campaign's own reaches, or
    the file's default, and those of the calling-hours windows that have it in scope), in the order first reached."""
    reaching: dict[str, list[int]] = {}
    for campaign in campaigns:
        codes = list(reached.get(campaign.id, default))
        for scope, more in by_window:
            if scope is None or campaign.id in scope:
                codes.extend(more)
        for code in dict.fromkeys(codes):
            reaching.setdefault(code, []).append(campaign.id)
    every = len(campaigns)
    return [
        JurisdictionWindow(chain(code, table), None if len(ids) == every else tuple(ids))
        for code, ids in reaching.items()
    ]


def _reaches(value: t.Any, place: str, table: dict[str, Rule], problems: list[str], named: str = "") -> tuple[str, ...]:
    """The jurisdiction codes of a ``reaches`` list; each code with no rule (shipped or the file's own) is named."""
    if not isinstance(value, list):
        problems.append(f"{place}{named} is {preview(value)}, not a list of jurisdiction codes such as [US-FL, US-TX]")
        return ()
    codes: list[str] = []
    for index, code in enumerate(value):
        text = code.strip().upper() if isinstance(code, str) else None
        if text is None or text not in table:
            shown = preview(code)
            problems.append(
                f"{place}[{index}]{named} is {shown}, a jurisdiction with no calling rule: use a shipped code "
                "(US, US-FL, CA, AU, ...: see the calling rules page) or add its row under jurisdictions"
            )
            continue
        codes.append(text)
    return tuple(dict.fromkeys(codes))


def _rule_table(entries: t.Any, problems: list[str]) -> dict[str, Rule]:
    """The shipped rules, with the file's own rows each winning over the shipped row of its code."""
    table = dict(RULES_BY_CODE)
    if not isinstance(entries, list):
        problems.append(f"jurisdictions is {preview(entries)}, not a list of calling rules ([] for none)")
        return table
    own: dict[str, int] = {}
    read: list[tuple[int, Rule]] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"jurisdictions[{index}] is {preview(entry)}, not a mapping with code, name and zones")
            continue
        found = _RuleProblems(index, entry, problems)
        rule = found.rule()
        if found.code is not None and found.code in own:
            found.add("code", f"is also the code of jurisdictions[{own[found.code]}]: give each code once")
        elif found.code is not None:
            own[found.code] = index
        if rule is not None and not found.count:
            read.append((index, rule))
    table.update((rule.code, rule) for _index, rule in read)
    for index, rule in read:
        try:
            chain(rule.code, table)
        except CampaignError as error:
            problems.append(f"jurisdictions[{index}].within ({rule.code}) is {rule.within!r}: {error}")
    return table


def _campaigns(
    entries: list[t.Any], table: dict[str, Rule], problems: list[str]
) -> tuple[list[DesiredCampaign], set[int], dict[int, tuple[str, ...]]]:
    """The campaign entries, with the problems named in the words version 1 used; every ID the file gives, for the
    windows' scopes; and the jurisdictions each campaign that says so reaches."""
    campaigns: list[DesiredCampaign] = []
    ids: set[int] = set()
    reached: dict[int, tuple[str, ...]] = {}
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
                f"{where}{named} has unknown keys {', '.join(unknown)}: each entry takes id, state, mode and reaches"
            )
        codes = _reaches(entry["reaches"], f"{where}.reaches", table, problems, named) if "reaches" in entry else None
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
        if codes is not None:
            reached[campaign_id] = codes
    return campaigns, ids, reached


def _windows(
    entries: list[t.Any], ids: set[int], table: dict[str, Rule], problems: list[str]
) -> tuple[list[Window], list[tuple[tuple[int, ...] | None, tuple[str, ...]]]]:
    """The windows of the file, and for each calling-hours window with ``reaches`` its scope and codes."""
    windows: list[Window] = []
    reaching: list[tuple[tuple[int, ...] | None, tuple[str, ...]]] = []
    names: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"windows[{index}] is {preview(entry)}, not a mapping with name, kind and time_zone")
            continue
        found = _WindowProblems(index, entry, problems)
        window = found.window(ids)
        codes = found.reaches(table)
        if found.name is not None and found.name in names:
            found.add("name", f"is also the name of windows[{names[found.name]}]: give each window its own name")
        elif found.name is not None:
            names[found.name] = index
        if window is not None and not found.count:
            windows.append(window)
        if codes and not found.count:
            reaching.append((found.scope, codes))
    return windows, reaching


class _WindowProblems:
    """One window entry, read key by key; each problem named with its place, as windows[1].time_zone."""

    def __init__(self, index: int, entry: dict[t.Any, t.Any], problems: list[str]) -> None:
        self.index = index
        self.entry = entry
        self.problems = problems
        self.count = 0
        self.scope: tuple[int, ...] | None = None
        name = entry.get("name")
        self.name = name.strip() if isinstance(name, str) and name.strip() else None
        # A calling-hours window may only say which jurisdictions its campaigns reach, with no hours of its own.
        hours = any(key in entry for key in ("time_zone", "days", "start", "end"))
        self.only_reaches = entry.get("kind") == CALLING_HOURS and "reaches" in entry and not hours

    def reaches(self, table: dict[str, Rule]) -> tuple[str, ...]:
        """The codes of the window's ``reaches``: calling-hours windows only."""
        if "reaches" not in self.entry:
            return ()
        if self.entry.get("kind") != CALLING_HOURS:
            self.add("reaches", "is for calling_hours windows: a freeze holds changes back wherever a campaign calls")
            return ()
        before = len(self.problems)
        named = f" ({self.name})" if self.name else ""
        codes = _reaches(self.entry["reaches"], f"windows[{self.index}].reaches", table, self.problems, named)
        self.count += len(self.problems) - before
        return codes

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
            shown = "missing" if "name" not in entry else f"{preview(entry['name'])}"
            self.add("name", f"is {shown}: each window needs a name, such as 'US calling hours'")
        kind = entry.get("kind")
        if kind not in KINDS:
            shown = "missing" if "kind" not in entry else preview(kind)
            self.add("kind", f"is {shown}, not one of {', '.join(KINDS)}")
        one_off = "from" in entry or "until" in entry
        recurring = "start" in entry or "end" in entry or "days" in entry
        if kind == CALLING_HOURS and one_off:
            self.add(None, "has from or until: calling hours recur, with days, start and end")
        if kind == FREEZE and one_off and recurring:
            self.add(None, "has both from/until and days/start/end: a freeze is one-off (from, until) or recurring")
        if kind == FREEZE and not one_off and not recurring:
            self.add(None, "needs from and until (a one-off freeze), or start and end (a recurring one)")
        recurs = (kind == CALLING_HOURS and not self.only_reaches) or (kind == FREEZE and recurring and not one_off)
        zone = self._zone(required=recurs)
        days = self._days()
        start, end = self._clock("start", recurs), self._clock("end", recurs, end=True)
        if start is not None and end is not None and start == end:
            self.add(
                "end", f"is the start, {clock_text(start)}: give a later end, or an earlier one to run past midnight"
            )
        from_ = until = None
        if kind == FREEZE and one_off:
            from_, until = self._instant("from"), self._instant("until")
            if from_ is not None and until is not None and utc(until) <= utc(from_):
                self.add("until", f"is {until.isoformat()}, not after from ({from_.isoformat()})")
        scope = self.scope = self._scope(ids)
        if self.only_reaches:
            return None
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
            self.add("time_zone", f"is {preview(name)}, not a time zone name such as America/Chicago")
            return None
        name = name.strip()
        problem = zone_problem(name)
        if problem:
            self.add("time_zone", problem)
            return None
        return name

    def _days(self) -> tuple[int, ...]:
        if "days" not in self.entry:
            return EVERY_DAY
        days = self.entry["days"]
        if not isinstance(days, list):
            self.add("days", f"is {preview(days)}, not a list of days such as [mon, tue, wed, thu, fri]")
            return EVERY_DAY
        if not days:
            self.add("days", "is empty: leave it out for every day")
        bad = [day for day in days if day not in DAYS]
        if bad:
            which = "which is not a day" if len(bad) == 1 else "which are not days"
            self.add("days", f"has {', '.join(map(preview, bad))}, {which}: use {', '.join(DAYS)}")
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
        seconds = clock_seconds(value, end)
        if seconds is None:
            number = isinstance(value, int) and not isinstance(value, bool)
            hint = " (YAML reads an unquoted 21:00 as the number 1260: quote the time)" if number else ""
            latest = ', at most "24:00"' if end else ""
            self.add(key, f'is {preview(value)}, not a time of day as "HH:MM" or "HH:MM:SS"{latest}{hint}')
        return seconds

    def _instant(self, key: str) -> datetime | None:
        if key not in self.entry:
            self.add(key, f"is missing: a one-off freeze needs from and until, such as {EXAMPLE_TIME}")
            return None
        value = self.entry[key]
        if isinstance(value, datetime):  # YAML reads an unquoted timestamp as one
            if value.tzinfo is None or value.utcoffset() is None:
                self.add(key, f"is {value.isoformat()}, without an offset: give one, such as {EXAMPLE_TIME}")
                return None
            return value
        try:
            return parse_time(value)
        except CampaignError:
            self.add(key, f"is {preview(value)}, {NOT_A_TIME}")
            return None

    def _scope(self, ids: set[int]) -> tuple[int, ...] | None:
        if "campaigns" not in self.entry:
            return None
        value = self.entry["campaigns"]
        if not isinstance(value, list):
            self.add("campaigns", f"is {preview(value)}, not a list of campaign IDs: leave it out for every campaign")
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


class _RuleProblems:
    """One row of the file's own calling rules, read key by key; each problem named with its place, as
    jurisdictions[0].zones[1]."""

    def __init__(self, index: int, entry: dict[t.Any, t.Any], problems: list[str]) -> None:
        self.index = index
        self.entry = entry
        self.problems = problems
        self.count = 0
        code = entry.get("code")
        text = code.strip().upper() if isinstance(code, str) else None
        self.code = text if text is not None and _CODE.fullmatch(text) else None

    def add(self, key: str | None, text: str) -> None:
        place = f"jurisdictions[{self.index}]" + (f".{key}" if key else "")
        named = f" ({self.code})" if self.code else ""
        self.problems.append(f"{place}{named} {text}")
        self.count += 1

    def rule(self) -> Rule | None:
        """The row as a Rule, or None when a problem leaves too little to build it from."""
        entry = self.entry
        unknown = sorted(str(key) for key in entry if key not in _RULE_KEYS)
        if unknown:
            self.add(None, f"has unknown keys {', '.join(unknown)}: a calling rule takes {', '.join(_RULE_KEYS)}")
        if self.code is None:
            shown = "missing" if "code" not in entry else preview(entry["code"])
            self.add("code", f"is {shown}, not an ISO 3166 code such as US, US-FL or CA-ON")
        name = self._text("name", required=True)
        citation = self._text("citation", required=True)
        note = self._text("note", required=False)
        within = self._text("within", required=False)
        zones = self._zones()
        hours = self._hours()
        holidays = self._holidays()
        checked = self._checked()
        if None in (self.code, name, citation, zones, hours, checked):
            return None
        return Rule(
            code=t.cast(str, self.code),
            name=t.cast(str, name),
            zones=t.cast("tuple[str, ...]", zones),
            hours=t.cast("tuple[tuple[int, int] | None, ...]", hours),
            citation=t.cast(str, citation),
            checked=t.cast(date, checked),
            holidays=holidays,
            within=within.upper() if within else None,
            note=note,
        )

    def _text(self, key: str, required: bool) -> str | None:
        if key not in self.entry or self.entry[key] is None:
            if required:
                self.add(key, f"is missing: every row needs its {key}")
            return None
        value = self.entry[key]
        if not isinstance(value, str) or not value.strip():
            self.add(key, f"is {preview(value)}, not a text")
            return None
        return value.strip()

    def _zones(self) -> tuple[str, ...] | None:
        value = self.entry.get("zones")
        if not isinstance(value, list) or not value:
            shown = "missing" if "zones" not in self.entry else preview(value)
            self.add("zones", f"is {shown}: list every IANA time zone its called parties may be in")
            return None
        zones: list[str] = []
        for index, name in enumerate(value):
            problem = zone_problem(name.strip()) if isinstance(name, str) else f"is {preview(name)}, not a name"
            if problem:
                self.add(f"zones[{index}]", problem)
            else:
                zones.append(name.strip())
        return tuple(dict.fromkeys(zones)) if len(zones) == len(value) else None

    def _hours(self) -> tuple[tuple[int, int] | None, ...] | None:
        """Each day's hours, as "08:00-20:00" or closed; a day left out is closed."""
        value = self.entry.get("hours")
        if not isinstance(value, dict) or not value:
            shown = "missing" if "hours" not in self.entry else preview(value)
            self.add(
                "hours", f'is {shown}, not a mapping of days to hours, such as {{mon: "08:00-20:00", sun: closed}}'
            )
            return None
        spans: list[tuple[int, int] | None] = [None] * 7
        good = True
        for day, text in value.items():
            if day not in DAYS:
                self.add("hours", f"has {preview(day)}, which is not a day: use {', '.join(DAYS)}")
                good = False
                continue
            if text is None or text == "closed":
                continue
            start, _sep, end = text.partition("-") if isinstance(text, str) else ("", "", "")
            first, last = clock_seconds(start, end=False), clock_seconds(end, end=True)
            if first is None or last is None or first >= last:
                self.add(
                    f"hours.{day}", f'is {preview(text)}, not "HH:MM-HH:MM" with the end after the start, or closed'
                )
                good = False
                continue
            spans[DAYS.index(day)] = (first, last)
        return tuple(spans) if good else None

    def _holidays(self) -> tuple[str, str | None] | None:
        """US-AL as ("US", "AL"): the holidays package's country and subdivision whose holidays close the rule."""
        value = self.entry.get("holidays")
        if value is None:
            return None
        text = value.strip().upper() if isinstance(value, str) else ""
        if not _CODE.fullmatch(text):
            self.add("holidays", f"is {preview(value)}, not a country or subdivision code such as US-AL or AU")
            return None
        country, _sep, subdivision = text.partition("-")
        library = holidays_library()
        supported = None if library is None else library.list_supported_countries()
        if supported is not None and (
            country not in supported or (subdivision and subdivision not in supported[country])
        ):
            self.add("holidays", f"is {text}, which the holidays package does not know")
            return None
        return (country, subdivision or None)

    def _checked(self) -> date | None:
        value = self.entry.get("checked")
        if isinstance(value, date) and not isinstance(value, datetime):  # YAML reads an unquoted 2026-12-06 as one
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        shown = "missing" if "checked" not in self.entry else preview(value)
        self.add("checked", f"is {shown}, not the date the row was last checked, as 2026-12-06")
        return None


def _is_int(value: t.Any, expected: int) -> bool:
    return not isinstance(value, bool) and isinstance(value, int) and value == expected
