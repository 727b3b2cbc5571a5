# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Telemarketing calling rules per jurisdiction, shipped as data, and the calling-hours windows they make. Pure: the
caller gives the time.

The rules are the **called party's** local time. A jurisdiction spans the time zones its called parties may be in,
and a campaign that reaches it may dial only while its rule is open in every one of them (Florida's 08:00-20:00 in
both Eastern and Central time is 09:00-20:00 Eastern), and while the rule of the jurisdiction it lies ``within``
(the federal rule for a state) is open there too.

RULES is data, not legal advice: each row says where it comes from (``citation``), when it was last checked against
that source (``checked``; None for a row written from compliance tables and never checked, whose note says so), and
where published tables disagree (``note``). A desired-state file's ``jurisdictions`` rows, of the
same shape and approved by the team's counsel, win over the shipped row of the same code, row by row.

Which days are holidays is the ``holidays`` package's to say (observed days included); it is needed only where a
reached rule names holidays, and imported only then (holidays_library): loading its countries takes a fifth of a
second, which a run that reaches no such rule does not pay.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import (
    CALLING_HOURS,
    DAYS,
    _offset_changes,
    clock_text,
    utc,
)

#: A day's calling hours: (start, end) in seconds after local midnight, the start included and the end not; None is
#: closed all day.
Span = t.Optional[tuple[int, int]]

_DAY = 86400
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# How far next_change looks ahead: a long weekend of holidays stays inside it.
_HORIZON_DAYS = 15


@dataclass(frozen=True)
class Rule:
    """The calling rule of one jurisdiction: when telemarketing calls may be placed there, in its called parties'
    local time, and where that comes from."""

    code: str  # ISO 3166-1 or 3166-2: "US", "US-FL"
    name: str
    zones: tuple[str, ...]  # the IANA time zones its called parties may be in
    hours: tuple[Span, ...]  # seven spans, by datetime.weekday(): 0 is Monday
    citation: str  # the statute or regulation, with a URL where there is one
    checked: date | None  # when the row was last checked against its source; None: never (its note says so)
    holidays: tuple[str, str | None] | None = None  # closed on the holidays of (country, subdivision)
    within: str | None = None  # the jurisdiction whose rule applies here too ("US" for a state)
    note: str | None = None  # where published tables disagree, or what the row does not cover

    @property
    def source(self) -> str:
        """The citation without its URL, for a reason or a message."""
        return self.citation.split(", http")[0].split(" http")[0]

    def closed_at(self, local: datetime) -> str | None:
        """Why the rule is closed at ``local`` (a wall time in one of its zones), or None when it is open there."""
        day = local.date()
        holiday = self.holiday_name(day)
        if holiday is not None:
            return f"is closed on {holiday} ({day.isoformat()})"
        span = self.hours[local.weekday()]
        if span is None:
            return f"is closed on {_WEEKDAYS[local.weekday()]}s"
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        if seconds < span[0]:
            return f"opens at {clock_text(span[0])}"
        if seconds >= span[1]:
            return f"closed at {clock_text(span[1])}"
        return None

    def holiday_name(self, day: date) -> str | None:
        """The name of the holiday ``day`` is under this rule, or None (always None for a rule without holidays)."""
        if self.holidays is None:
            return None
        return _holidays_of(self.holidays[0], self.holidays[1], day.year).get(day)


class Closure(t.NamedTuple):
    """Why a jurisdiction is closed: the text a plan row and an event show, and the citation of the rule that
    decided it."""

    text: str
    citation: str


@dataclass(frozen=True)
class JurisdictionWindow:
    """The calling hours of a jurisdiction for the campaigns that reach it: open while its rule, and the rules of
    the jurisdictions it lies within, are open in every one of its time zones. A window like _windows.Window for
    decide() and Policy.next_change."""

    rules: tuple[Rule, ...]  # the jurisdiction's rule first, then each it lies within
    campaigns: tuple[int, ...] | None = None  # None: every campaign of the file
    kind: str = CALLING_HOURS
    _scope: frozenset[int] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # in_scope runs once per campaign and window: a set, not a scan of the tuple.
        scope = None if self.campaigns is None else frozenset(self.campaigns)
        object.__setattr__(self, "_scope", scope)

    @property
    def rule(self) -> Rule:
        return self.rules[0]

    @property
    def name(self) -> str:
        return self.rule.code

    @property
    def zones(self) -> tuple[str, ...]:
        return self.rule.zones

    @property
    def needs_holidays(self) -> bool:
        return any(rule.holidays is not None for rule in self.rules)

    def in_scope(self, campaign_id: int) -> bool:
        """Whether the window applies to this campaign."""
        return self._scope is None or campaign_id in self._scope

    def contains(self, when: datetime) -> bool:
        """Whether every rule is open at ``when`` (aware) in every one of the jurisdiction's time zones."""
        return self.closure(when) is None

    def closure(self, when: datetime) -> Closure | None:
        """Which zone and rule close the jurisdiction at ``when``, or None when it is open: the first zone of the
        row, and in it the jurisdiction's own rule before the ones it lies within."""
        moment = utc(when)
        for zone_name in self.zones:
            local = moment.astimezone(_zone(zone_name))
            for rule in self.rules:
                why = rule.closed_at(local)
                if why is not None:
                    by = "" if rule is self.rule else f"{rule.code}: "
                    text = f"{self.name} {why} in {zone_name} ({by}{rule.source})"
                    return Closure(text, rule.citation)
        return None

    def closed_because(self, when: datetime) -> str | None:
        """'US-FL closed at 20:00 in America/New_York (Fla. Stat. 501.616(6)(a))', or None when it is open."""
        closure = self.closure(when)
        return None if closure is None else closure.text

    def next_change(self, when: datetime) -> datetime | None:
        """The first instant after ``when`` at which the jurisdiction opens or closes, as UTC; None when it never
        will in the next two weeks (a rule closed every day, or open all the time)."""
        moment = utc(when)
        inside = self.contains(moment)
        for candidate in sorted(self._candidates(moment)):
            if candidate > moment and self.contains(candidate) != inside:
                return candidate
        return None

    def describe(self) -> str:
        """'US-FL (08:00-20:00 in America/New_York and America/Chicago; Fla. Stat. 501.616(6)(a))'."""
        zones = self.zones[0] if len(self.zones) == 1 else f"{', '.join(self.zones[:-1])} and {self.zones[-1]}"
        # The nearest rule of its own: a row that only lists zones (a province) cites the one it lies within.
        own = [rule for rule in self.rules if rule.hours != NO_RULE_OF_ITS_OWN or rule.holidays] or [self.rule]
        hours = hours_text(effective_hours(self.rules))
        return f"{self.name} ({hours} in {zones}{self._holidays_text()}; {own[0].source})"

    def _holidays_text(self) -> str:
        named = [f"{country}-{subdivision}" if subdivision else country for country, subdivision in self._holidays()]
        return f", closed on {' and '.join(named)} holidays" if named else ""

    def _holidays(self) -> list[tuple[str, str | None]]:
        found: list[tuple[str, str | None]] = []
        for rule in self.rules:
            if rule.holidays is not None and rule.holidays not in found:
                found.append(rule.holidays)
        return found

    def _candidates(self, moment: datetime) -> set[datetime]:
        """Every instant (UTC) in the next two weeks at which the window may open or close: in each zone, each
        local midnight (a day, a holiday begins), each edge of each rule's hours (both, where the clocks go back),
        and each daylight-saving change."""
        edges = sorted({edge for rule in self.rules for span in rule.hours if span for edge in span} | {0})
        found: set[datetime] = set()
        for zone_name in self.zones:
            zone = _zone(zone_name)
            today = moment.astimezone(zone).date()
            for offset in range(-1, _HORIZON_DAYS + 1):
                day = today + timedelta(days=offset)
                midnight = datetime(day.year, day.month, day.day)
                for seconds in edges:
                    wall = midnight + timedelta(seconds=seconds)
                    found.update(utc(wall.replace(tzinfo=zone, fold=fold)) for fold in (0, 1))
            found.update(_offset_changes(zone, moment - timedelta(days=1), moment + timedelta(days=_HORIZON_DAYS + 1)))
        return found


def effective_hours(rules: t.Sequence[Rule]) -> tuple[Span, ...]:
    """The hours all ``rules`` are open, by weekday: each day's spans intersected (holidays aside)."""
    days: list[Span] = []
    for weekday in range(7):
        start, end = 0, _DAY
        for rule in rules:
            span = rule.hours[weekday]
            if span is None:
                start, end = 0, 0
                break
            start, end = max(start, span[0]), min(end, span[1])
        days.append((start, end) if start < end else None)
    return tuple(days)


def hours_text(hours: t.Sequence[Span]) -> str:
    """'08:00-20:00' when every day is the same, else 'mon-sat 09:00-21:00, sun 12:00-21:00' (with 'sun closed')."""
    shown = ["closed" if span is None else f"{clock_text(span[0])}-{clock_text(span[1])}" for span in hours]
    if len(set(shown)) == 1:
        return shown[0]
    parts: list[str] = []
    first = 0
    for weekday in range(1, 8):
        if weekday == 7 or shown[weekday] != shown[first]:
            days = DAYS[first] if weekday - 1 == first else f"{DAYS[first]}-{DAYS[weekday - 1]}"
            parts.append(f"{days} {shown[first]}")
            first = weekday
    return ", ".join(parts)


def chain(code: str, table: t.Mapping[str, Rule]) -> tuple[Rule, ...]:
    """The rule of ``code`` and each it lies within, nearest first. Raises CampaignError for a code with no rule, a
    ``within`` with no rule, or a loop."""
    found: list[Rule] = []
    here: str | None = code
    while here is not None:
        if here not in table:
            whose = "" if here == code else f" (which {found[-1].code} lies within)"
            raise CampaignError(f"{here}{whose} has no calling rule")
        if any(rule.code == here for rule in found):
            raise CampaignError(f"{code} lies within itself: {' within '.join(rule.code for rule in found)}")
        found.append(table[here])
        here = table[here].within
    return tuple(found)


def holidays_missing(codes: t.Iterable[str]) -> CampaignError:
    """The error for a policy whose reached rules name holidays where the holidays package cannot be imported."""
    named = ", ".join(sorted(set(codes)))
    return CampaignError(
        f"the Python library holidays is needed to read the calling rules of {named}, which close on holidays, "
        "and it cannot be imported here: install it (pip install holidays) where the modules run; nothing was sent"
    )


@cache
def holidays_library() -> t.Any:
    """The holidays package, imported on the first call; None where it cannot be imported."""
    try:
        import holidays  # pylint: disable=import-outside-toplevel  # only where a rule names holidays
    except ImportError:
        return None
    return holidays


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@lru_cache(maxsize=256)
def _holidays_of(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    """The holidays of a country (or one of its subdivisions) in a year, observed days included, by date."""
    library = holidays_library()
    if library is None:
        raise CampaignError(str(holidays_missing([country if subdivision is None else f"{country}-{subdivision}"])))
    found = library.country_holidays(country, subdiv=subdivision, years=year, observed=True)
    return dict(sorted(found.items()))


def _clock(text: str) -> int:
    hours, _colon, minutes = text.partition(":")
    return int(hours) * 3600 + int(minutes) * 60


def _span(text: str | None) -> Span:
    """'08:00-20:00' as seconds, or None (closed) for None."""
    if text is None:
        return None
    start, _dash, end = text.partition("-")
    return (_clock(start), _clock(end))


def every_day(span: str) -> tuple[Span, ...]:
    return (_span(span),) * 7


def by_day(weekdays: str | None, saturday: str | None, sunday: str | None) -> tuple[Span, ...]:
    """Monday to Friday, Saturday and Sunday, each as '09:00-21:00' or None (closed)."""
    return (_span(weekdays),) * 5 + (_span(saturday), _span(sunday))


CLOSED = None
NO_RULE_OF_ITS_OWN = every_day("00:00-24:00")
#: The date the rows with a check date were checked: their hours, Sunday and holiday rules against the words of their
#: source (the statute or regulation, or the regulator's own page), at the address the citation gives where it has
#: one.
CHECKED = date(2026, 12, 7)
#: The note of a row whose source's words were not read: written from compliance tables and other secondary sources
#: (its ``checked`` is None; the note says what they give).
NOT_CHECKED = "not checked against its source"
_ZONES_SOURCE = "time zones from the IANA time zone database"
_NO_RULE_HERE = f"no rule of its own in this table; {_ZONES_SOURCE}"
_NOT_CHECKED_FOR_ITS_OWN = f"{NOT_CHECKED}: whether it has a rule stricter than the one it lies within"

_US_ZONES = (
    "America/New_York",
    "America/Detroit",
    "America/Kentucky/Louisville",
    "America/Kentucky/Monticello",
    "America/Indiana/Indianapolis",
    "America/Indiana/Vincennes",
    "America/Indiana/Winamac",
    "America/Indiana/Marengo",
    "America/Indiana/Petersburg",
    "America/Indiana/Vevay",
    "America/Chicago",
    "America/Indiana/Tell_City",
    "America/Indiana/Knox",
    "America/Menominee",
    "America/North_Dakota/Center",
    "America/North_Dakota/New_Salem",
    "America/North_Dakota/Beulah",
    "America/Denver",
    "America/Boise",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Juneau",
    "America/Sitka",
    "America/Metlakatla",
    "America/Yakutat",
    "America/Nome",
    "America/Adak",
    "Pacific/Honolulu",
)
_CA_ZONES = (
    "America/St_Johns",
    "America/Halifax",
    "America/Glace_Bay",
    "America/Moncton",
    "America/Goose_Bay",
    "America/Blanc-Sablon",
    "America/Toronto",
    "America/Iqaluit",
    "America/Atikokan",
    "America/Winnipeg",
    "America/Resolute",
    "America/Rankin_Inlet",
    "America/Regina",
    "America/Swift_Current",
    "America/Edmonton",
    "America/Cambridge_Bay",
    "America/Inuvik",
    "America/Creston",
    "America/Dawson_Creek",
    "America/Fort_Nelson",
    "America/Whitehorse",
    "America/Dawson",
    "America/Vancouver",
)
_AU_ZONES = (
    "Australia/Lord_Howe",
    "Australia/Hobart",
    "Australia/Melbourne",
    "Australia/Sydney",
    "Australia/Broken_Hill",
    "Australia/Brisbane",
    "Australia/Lindeman",
    "Australia/Adelaide",
    "Australia/Darwin",
    "Australia/Perth",
    "Australia/Eucla",
)
_CRTC = "CRTC Unsolicited Telecommunications Rules, Part III"


def _zones_only(code: str, name: str, zones: tuple[str, ...], within: str, citation: str = _NO_RULE_HERE) -> Rule:
    """A row that lists a jurisdiction's time zones and takes its rule from the one it lies within."""
    return Rule(code, name, zones, NO_RULE_OF_ITS_OWN, citation, None, within=within, note=_NOT_CHECKED_FOR_ITS_OWN)


def _province(code: str, name: str, zones: tuple[str, ...]) -> Rule:
    return _zones_only(code, name, zones, "CA")


def _au_state(code: str, name: str, zones: tuple[str, ...]) -> Rule:
    return _zones_only(code, name, zones, "AU", f"{_NO_RULE_HERE}; the national Standard applies")


def _us_state(code: str, name: str, zones: tuple[str, ...], citation: str = _NO_RULE_HERE) -> Rule:
    return _zones_only(code, name, zones, "US", citation)


#: The shipped calling rules, by code. Data, not legal advice. A row with a ``checked`` date was checked then against
#: its source's words; a row with None was written from secondary sources, and its note says what they give.
RULES: tuple[Rule, ...] = (
    Rule(
        code="AU",
        name="Australia",
        zones=_AU_ZONES,
        hours=by_day("09:00-20:00", "09:00-17:00", CLOSED),
        holidays=("AU", None),
        citation=(
            "ACMA Telecommunications (Telemarketing and Research Calls) Industry Standard 2017, "
            "https://www.donotcall.gov.au/consumers/consumer-overview/industry-standards/"
        ),
        checked=CHECKED,
        note=(
            "never on Sundays or national public holidays, as the regulator's page gives the Standard (its section "
            "was not read); the holidays package's national holidays decide which days those are"
        ),
    ),
    _au_state("AU-ACT", "Australian Capital Territory", ("Australia/Sydney",)),
    _au_state("AU-NSW", "New South Wales", ("Australia/Sydney", "Australia/Broken_Hill", "Australia/Lord_Howe")),
    _au_state("AU-NT", "Northern Territory", ("Australia/Darwin",)),
    _au_state("AU-QLD", "Queensland", ("Australia/Brisbane", "Australia/Lindeman")),
    _au_state("AU-SA", "South Australia", ("Australia/Adelaide",)),
    _au_state("AU-TAS", "Tasmania", ("Australia/Hobart",)),
    _au_state("AU-VIC", "Victoria", ("Australia/Melbourne",)),
    _au_state("AU-WA", "Western Australia", ("Australia/Perth", "Australia/Eucla")),
    Rule(
        code="CA",
        name="Canada",
        zones=_CA_ZONES,
        hours=by_day("09:00-21:30", "10:00-18:00", "10:00-18:00"),
        citation=f"{_CRTC}, https://crtc.gc.ca/eng/phone/telemarketing/tobligations/rules-regles.htm",
        checked=CHECKED,
        note="the hours as the CRTC's own page gives them (the rule's number was not read); provinces may be stricter",
    ),
    _province("CA-AB", "Alberta", ("America/Edmonton",)),
    _province(
        "CA-BC",
        "British Columbia",
        ("America/Vancouver", "America/Creston", "America/Dawson_Creek", "America/Fort_Nelson", "America/Edmonton"),
    ),
    _province("CA-MB", "Manitoba", ("America/Winnipeg",)),
    _province("CA-NB", "New Brunswick", ("America/Moncton",)),
    _province("CA-NL", "Newfoundland and Labrador", ("America/St_Johns", "America/Goose_Bay")),
    _province("CA-NS", "Nova Scotia", ("America/Halifax", "America/Glace_Bay")),
    _province("CA-NT", "Northwest Territories", ("America/Edmonton", "America/Inuvik")),
    _province(
        "CA-NU",
        "Nunavut",
        ("America/Iqaluit", "America/Rankin_Inlet", "America/Resolute", "America/Cambridge_Bay", "America/Atikokan"),
    ),
    _province("CA-ON", "Ontario", ("America/Toronto", "America/Winnipeg", "America/Atikokan")),
    _province("CA-PE", "Prince Edward Island", ("America/Halifax",)),
    _province("CA-QC", "Quebec", ("America/Toronto", "America/Blanc-Sablon")),
    _province("CA-SK", "Saskatchewan", ("America/Regina", "America/Swift_Current", "America/Edmonton")),
    _province("CA-YT", "Yukon", ("America/Whitehorse", "America/Dawson")),
    Rule(
        code="US",
        name="United States (federal)",
        zones=_US_ZONES,
        hours=every_day("08:00-21:00"),
        citation="TCPA rules, 47 CFR 64.1200(c)(1); Telemarketing Sales Rule, 16 CFR 310.4(c)",
        checked=CHECKED,
        note=(
            "47 CFR 64.1200(c)(1)'s words were read (16 CFR 310.4(c) gives the same hours); the states and DC; the "
            "territories (PR, GU, VI, AS, MP) have ISO codes of their own and are not listed"
        ),
    ),
    _us_state(
        "US-AK",
        "Alaska",
        (
            "America/Anchorage",
            "America/Juneau",
            "America/Sitka",
            "America/Metlakatla",
            "America/Yakutat",
            "America/Nome",
            "America/Adak",
        ),
    ),
    Rule(
        code="US-AL",
        name="Alabama",
        zones=("America/Chicago",),
        hours=by_day("08:00-20:00", "08:00-20:00", CLOSED),
        holidays=("US", "AL"),
        citation="Ala. Admin. Code r. 770-X-5-.17(1)(b) and (2)(b) (Alabama Public Service Commission)",
        checked=CHECKED,
        note=(
            "no calls on Sundays or holidays, none before 8 a.m. or after 8 p.m. on the other days: (1)(b), for "
            "automated calls, was read, and secondary sources give (2)(b) the same for live calls; the rule does not "
            "define holidays, so the holidays package's Alabama state holidays are shipped; the eastern border towns "
            "that keep Eastern time unofficially are not listed"
        ),
    ),
    _us_state(
        "US-AZ",
        "Arizona",
        ("America/Phoenix", "America/Denver"),
        f"{_NO_RULE_HERE}; the Navajo Nation keeps daylight saving time (America/Denver)",
    ),
    Rule(
        code="US-CT",
        name="Connecticut",
        zones=("America/New_York",),
        hours=every_day("09:00-20:00"),
        citation="Conn. Gen. Stat. 42-288a(c)",
        checked=None,
        note=(
            "09:00-20:00 since Public Act 23-98 (in force 2023-10-01), as secondary sources quote the statute; tables "
            f"that end at 21:00 give the earlier law; {NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-FL",
        name="Florida",
        zones=("America/New_York", "America/Chicago"),
        hours=every_day("08:00-20:00"),
        citation="Fla. Stat. 501.616(6)(a), https://www.flsenate.gov/Laws/Statutes/2025/501.616",
        checked=CHECKED,
        note=(
            "not before 8 a.m. or after 8 p.m. in the called person's time zone, automated and recorded calls "
            "included; no Sunday rule of its own, so Sundays are as other days; its cap of 3 calls in 24 hours "
            "(6)(b) needs call records"
        ),
    ),
    _us_state("US-HI", "Hawaii", ("Pacific/Honolulu",)),
    _us_state("US-ID", "Idaho", ("America/Boise", "America/Los_Angeles")),
    _us_state(
        "US-IN",
        "Indiana",
        (
            "America/Indiana/Indianapolis",
            "America/Indiana/Vincennes",
            "America/Indiana/Winamac",
            "America/Indiana/Marengo",
            "America/Indiana/Petersburg",
            "America/Indiana/Vevay",
            "America/Indiana/Tell_City",
            "America/Indiana/Knox",
            "America/Chicago",
        ),
    ),
    _us_state("US-KS", "Kansas", ("America/Chicago", "America/Denver")),
    Rule(
        code="US-KY",
        name="Kentucky",
        zones=("America/New_York", "America/Kentucky/Louisville", "America/Kentucky/Monticello", "America/Chicago"),
        hours=every_day("10:00-21:00"),
        citation="Ky. Rev. Stat. 367.46955",
        checked=None,
        note=(
            "10:00-21:00 at the called person's residence, as the secondary sources agree; they cite subsection (15) "
            f"or (16); {NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-LA",
        name="Louisiana",
        zones=("America/Chicago",),
        hours=by_day("08:00-20:00", "08:00-20:00", CLOSED),
        holidays=("US", "LA"),
        citation="Louisiana Public Service Commission General Order R-29617",
        checked=None,
        note=(
            "no calls on Sundays or state legal holidays, even with consent, as secondary sources give the order; in "
            "a declared emergency La. R.S. 45:844.31 bans solicitation altogether, and holidays the governor "
            f"proclaims are not in the holidays package: neither closes the row; {NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-MA",
        name="Massachusetts",
        zones=("America/New_York",),
        hours=every_day("08:00-20:00"),
        citation=(
            "201 CMR 12.02(2); Mass. Gen. Laws c. 159C, s. 3, "
            "https://regulations.justia.com/states/massachusetts/201-cmr/title-201-cmr-12-00/section-12-02"
        ),
        checked=CHECKED,
        note="201 CMR 12.02(2) was read; secondary sources give c. 159C, s. 3 the same hours",
    ),
    Rule(
        code="US-MD",
        name="Maryland",
        zones=("America/New_York",),
        hours=every_day("08:00-20:00"),
        citation="Md. Code, Com. Law 14-4502(c) (Stop the Spam Calls Act, 2023)",
        checked=None,
        note=(
            "08:00-20:00 in the called party's time zone since 2024-01-01, as secondary sources give it; its cap of 3 "
            f"calls in 24 hours needs call records; {NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-MI",
        name="Michigan",
        zones=("America/Detroit", "America/Menominee"),
        hours=every_day("09:00-21:00"),
        citation="Mich. Comp. Laws 750.540e(1)(f)",
        checked=None,
        note=(
            "no unsolicited commercial calls between 21:00 and 09:00, as secondary sources give it; 445.111b, which "
            f"some tables cite, is about caller ID; {NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-MN",
        name="Minnesota",
        zones=("America/Chicago",),
        hours=every_day("09:00-21:00"),
        citation="Minn. Stat. 325E.30",
        checked=None,
        note=(
            "09:00-21:00 for solicitation of residential subscribers, as secondary sources give it; 325E.27, which "
            f"some tables cite, is about automatic dialing-announcing devices; {NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-MS",
        name="Mississippi",
        zones=("America/Chicago",),
        hours=by_day("08:00-20:00", "08:00-20:00", CLOSED),
        citation="Miss. Code 77-3-723(1)",
        checked=None,
        note=(
            "08:00-20:00 and never on Sundays, as secondary sources quote it (the statute says Central Standard Time, "
            "read here as the local time); the holiday ban of the Public Service Commission's rules ended with them "
            f"in 2023-2024, so holidays are as other days; {NOT_CHECKED}"
        ),
    ),
    _us_state("US-ND", "North Dakota", ("America/Chicago", "America/North_Dakota/Center", "America/Denver")),
    _us_state("US-NE", "Nebraska", ("America/Chicago", "America/Denver")),
    Rule(
        code="US-NM",
        name="New Mexico",
        zones=("America/Denver",),
        hours=every_day("09:00-21:00"),
        citation="N.M. Stat. 57-12-22(B)(5), https://law.justia.com/codes/new-mexico/2006/nmrc/jd_57-12-22-13117.html",
        checked=CHECKED,
        note="the 2006 text was read; secondary sources give the current text the same",
    ),
    Rule(
        code="US-NV",
        name="Nevada",
        zones=("America/Los_Angeles", "America/Denver"),
        hours=every_day("09:00-20:00"),
        citation="Nev. Rev. Stat. 597.814(2)(a)",
        checked=None,
        note=(
            "597.814(2)(a) bars calls by automatic dialing-announcing devices between 21:00 and 09:00; no source was "
            "found for the 20:00 end that published tables give, nor for 228.590 that they cite (a no-call list "
            "provision): the stricter 09:00-20:00 is shipped; West Wendover keeps Mountain time (America/Denver); "
            f"{NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-OK",
        name="Oklahoma",
        zones=("America/Chicago",),
        hours=every_day("08:00-20:00"),
        citation="Okla. Stat. tit. 15, 775C.4",
        checked=None,
        note=(
            "08:00-20:00 (Telephone Solicitation Act of 2022), as secondary sources give it; its cap of 3 calls in 24 "
            f"hours needs call records; {NOT_CHECKED}"
        ),
    ),
    _us_state("US-OR", "Oregon", ("America/Los_Angeles", "America/Boise")),
    Rule(
        code="US-PA",
        name="Pennsylvania",
        zones=("America/New_York",),
        hours=by_day("09:00-19:00", "09:00-19:00", CLOSED),
        holidays=("US", "PA"),
        citation="73 P.S. 2245(a)(1) and (a)(10); Act 47 of 2026 (SB 992)",
        checked=None,
        note=(
            "73 P.S. 2245(a)(1) allows 08:00-21:00 and (a)(10) bans legal holidays; Act 47 of 2026, reported in force "
            "from 2026-10-18, narrows the hours to 09:00-19:00 and bans Sundays: the stricter is shipped; the act's "
            "holidays include Good Friday, Flag Day and Election Day, which the holidays package's Pennsylvania "
            f"holidays do not; {NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-RI",
        name="Rhode Island",
        zones=("America/New_York",),
        hours=by_day("09:00-18:00", "10:00-17:00", CLOSED),
        holidays=("US", "RI"),
        citation="R.I. Gen. Laws 5-61-3.6 and 5-61-2 (hours of operation)",
        checked=CHECKED,
        note=(
            "Monday to Friday 09:00-18:00 except state and federal holidays, Saturday 10:00-17:00, never on Sundays; "
            "the words exclude holidays on weekdays only, and a Saturday holiday is closed here too (the stricter "
            "reading); 5-61-3.4, which some tables cite, is about recorded messages"
        ),
    ),
    _us_state("US-SD", "South Dakota", ("America/Chicago", "America/Denver")),
    _us_state("US-TN", "Tennessee", ("America/New_York", "America/Chicago")),
    Rule(
        code="US-TX",
        name="Texas",
        zones=("America/Chicago", "America/Denver"),
        hours=by_day("09:00-21:00", "09:00-21:00", "12:00-21:00"),
        citation="Tex. Bus. & Com. Code 301.051(b)(2)",
        checked=None,
        note=(
            "09:00-21:00 Monday to Saturday and from noon on Sundays, to residential numbers, as secondary sources "
            "agree; El Paso and Hudspeth counties keep Mountain time (America/Denver), so Sundays open at 13:00 "
            f"Central; {NOT_CHECKED}"
        ),
    ),
    Rule(
        code="US-UT",
        name="Utah",
        zones=("America/Denver",),
        hours=by_day("08:00-21:00", "08:00-21:00", CLOSED),
        holidays=("US", "UT"),
        citation="Utah Code 13-25a-103(3)",
        checked=CHECKED,
        note="no calls between 21:00 and 08:00, on Sundays or on legal holidays without prior express consent",
    ),
    Rule(
        code="US-WA",
        name="Washington",
        zones=("America/Los_Angeles",),
        hours=every_day("08:00-20:00"),
        citation="RCW 19.158.040(2), https://app.leg.wa.gov/RCW/default.aspx?cite=19.158.040",
        checked=CHECKED,
        note="not received before 8 a.m. or after 8 p.m. at the call recipient's local time",
    ),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}
