# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""When each campaign of a desired state may dial: the intervals in which the policy makes a campaign desired running
effectively running, computed from one edge of a window to the next (Policy.next_change), never by sampling; and the
holidays of the jurisdictions the campaigns reach. What the pictures of _pictures.py draw. Pure: the caller gives the
time.

Every answer comes from _decisions.decide, so that the picture never disagrees with what apply, the drift gate, the
resume and the event source do: a campaign may dial in an interval exactly when decide says it is effectively
running there.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import Decision, decide
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import Policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import RUNNING
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import utc

#: The most days one picture covers: a picture is for people, and each day is a column.
MOST_DAYS = 62


@dataclass(frozen=True)
class Allowed:
    """An interval in which a campaign may dial: from ``start`` (included) to ``end`` (excluded), both UTC."""

    campaign_id: int
    start: datetime
    end: datetime
    #: Why dialing stops at ``end`` (decide's reason then, such as 'outside US calling hours (...)'); None when the
    #: interval runs on past the end of the schedule.
    reason_closed_after: str | None


@dataclass(frozen=True)
class Holiday:
    """A day on which a jurisdiction that campaigns reach keeps them from dialing, by its rule."""

    day: date
    jurisdiction: str  # its code, such as US-AL
    name: str  # the holiday's name, such as Christmas Day
    campaign_ids: tuple[int, ...]


@dataclass(frozen=True)
class ScheduledCampaign:
    """A campaign desired running, one row of the pictures."""

    id: int
    name: str  # the name people know it by, else 'campaign <id>'


@dataclass(frozen=True)
class Schedule:
    """When the campaigns of a desired state may dial, over whole days of the viewer's time zone."""

    time_zone: str  # the viewer's, an IANA name
    days: tuple[date, ...]  # the days shown, in that zone
    start: datetime  # UTC: the midnight that begins the first day there
    end: datetime  # UTC: the midnight that ends the last day there
    campaigns: tuple[ScheduledCampaign, ...]  # those desired running, in file order
    allowed: tuple[Allowed, ...]  # by campaign in file order, then by time
    holidays: tuple[Holiday, ...] = ()
    #: The campaigns of the file not desired running: they never dial, so they have no row.
    never_dialing: tuple[int, ...] = ()

    def allowed_for(self, campaign_id: int) -> list[Allowed]:
        return [interval for interval in self.allowed if interval.campaign_id == campaign_id]


def allowed_intervals(policy: Policy, start: datetime, end: datetime) -> list[Allowed]:
    """The intervals in [``start``, ``end``) (aware) in which each campaign desired running may dial: those in which
    decide() says it is effectively running. By campaign in file order, then by time.

    decide() is asked at ``start`` and at each instant any window opens or closes (Policy.next_change) until ``end``:
    between two edges no window changes, so neither does any decision.
    """
    begin, finish = utc(start), utc(end)
    if finish <= begin:
        return []
    running = [campaign.id for campaign in policy.campaigns if campaign.state == RUNNING]
    opened: dict[int, datetime] = {}  # campaign -> since when it may dial, while it may
    found: dict[int, list[Allowed]] = {campaign_id: [] for campaign_id in running}
    moment = begin
    while True:
        for decision in _running(decide(policy, moment)):
            dialing = decision.effective == RUNNING
            if dialing and decision.id not in opened:
                opened[decision.id] = moment
            elif not dialing and decision.id in opened:
                found[decision.id].append(Allowed(decision.id, opened.pop(decision.id), moment, decision.reason))
        change = policy.next_change(moment)
        if change is None or utc(change) >= finish:
            break
        moment = utc(change)
    if opened:
        after = {decision.id: decision for decision in _running(decide(policy, finish))}
        for campaign_id, since in opened.items():
            closing = after[campaign_id]
            reason = None if closing.effective == RUNNING else closing.reason
            found[campaign_id].append(Allowed(campaign_id, since, finish, reason))
    return [interval for campaign_id in running for interval in found[campaign_id]]


def _running(decisions: list[Decision]) -> list[Decision]:
    return [decision for decision in decisions if decision.desired == RUNNING]


def local_days(first: date, count: int, zone: tzinfo) -> tuple[datetime, datetime]:
    """The UTC instants of the midnight that begins ``first`` and of the one ``count`` days later, in ``zone``
    (a day across a daylight-saving change is 23 or 25 hours long)."""
    last = first + timedelta(days=count)
    return utc(_midnight(first, zone)), utc(_midnight(last, zone))


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def schedule(
    policy: Policy,
    start: datetime,
    days: int = 7,
    time_zone: str = "UTC",
    names: t.Mapping[int, str] | None = None,
) -> Schedule:
    """When each campaign of ``policy`` desired running may dial on ``days`` whole days of ``time_zone``, the first
    the day ``start`` (aware) falls on there. ``names`` gives the campaigns' names (the file holds none), else each
    is 'campaign <id>'. Raises ValueError for a count of days out of 1 to MOST_DAYS."""
    if not 1 <= days <= MOST_DAYS:
        raise ValueError(f"days is {days}: give 1 to {MOST_DAYS}")
    zone = ZoneInfo(time_zone)
    first = utc(start).astimezone(zone).date()
    begin, finish = local_days(first, days, zone)
    given_names = dict(names or {})
    campaigns = tuple(
        ScheduledCampaign(campaign.id, given_names.get(campaign.id) or f"campaign {campaign.id}")
        for campaign in policy.campaigns
        if campaign.state == RUNNING
    )
    shown = tuple(first + timedelta(days=offset) for offset in range(days))
    return Schedule(
        time_zone=time_zone,
        days=shown,
        start=begin,
        end=finish,
        campaigns=campaigns,
        allowed=tuple(allowed_intervals(policy, begin, finish)),
        holidays=tuple(jurisdiction_holidays(policy, shown[0], shown[-1])),
        never_dialing=tuple(campaign.id for campaign in policy.campaigns if campaign.state != RUNNING),
    )


def jurisdiction_holidays(policy: Policy, first: date, last: date) -> list[Holiday]:
    """The days from ``first`` to ``last`` (included) that are holidays of a jurisdiction a campaign of ``policy``
    reaches, by that jurisdiction's rule, for the pictures to mark and name: by day, then in the order of the
    windows.

    The jurisdictions a campaign reaches are the windows of the policy that carry calling rules (``rules``, each with
    ``code``, ``holidays`` and ``holiday_name(day)``, as _jurisdictions.JurisdictionWindow does); a policy without
    them has no holiday. A holiday only matters to campaigns desired running, and is named once per jurisdiction
    and day with every such campaign that reaches it. Raises CampaignError when a rule names holidays and the
    ``holidays`` package is missing (load_policy says so first).
    """
    running = [campaign.id for campaign in policy.campaigns if campaign.state == RUNNING]
    found: dict[tuple[date, str], tuple[str, list[int]]] = {}
    day = first
    while day <= last:
        for window in policy.windows:
            for rule in getattr(window, "rules", ()):
                if getattr(rule, "holidays", None) is None:
                    continue
                name = rule.holiday_name(day)
                reached = [campaign_id for campaign_id in running if window.in_scope(campaign_id)]
                if name is None or not reached:
                    continue
                _name, campaigns = found.setdefault((day, rule.code), (name, []))
                campaigns.extend(campaign_id for campaign_id in reached if campaign_id not in campaigns)
        day += timedelta(days=1)
    return [
        Holiday(day, code, name, tuple(sorted(campaigns, key=running.index)))
        for (day, code), (name, campaigns) in found.items()
    ]


def clip(interval: Allowed, start: datetime, end: datetime) -> tuple[datetime, datetime] | None:
    """The part of ``interval`` inside [``start``, ``end``), or None when they do not meet."""
    low, high = max(interval.start, utc(start)), min(interval.end, utc(end))
    return (low, high) if low < high else None
