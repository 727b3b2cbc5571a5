# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A person's stop that automation never undoes: a hold on campaigns of one tenant, opened by the runbook's pause, by
a person (campaign_hold), or by the enforcer when it sees someone take a campaign out of dialing. While a campaign is
held, nothing but a person's resume starts it: apply, the enforcement playbook and the event source plan the start and
say why they did not send it. A hold ends for a campaign when it is lifted (a resume, the lift entry point, the
enforcer seeing it dialing again or its desired state changed) and for all of them when it expires.

Pure: the hold directory (_hold_store.py) reads and writes them.
"""

from __future__ import annotations

import re
import secrets
import typing as t
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_id as campaign_id_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, timestamp
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import NOT_A_TIME, parse_time, utc

#: How a hold was opened.
PAUSE = "pause"  # the runbook's pause
BY_HAND = "by_hand"  # the enforcer saw a person take the campaign out of dialing
GIVEN = "given"  # a person opened it (campaign_hold)
SOURCES = (PAUSE, BY_HAND, GIVEN)

_DURATION = re.compile(r"\s*([0-9]+)\s*([mhd])\s*")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class Lift:
    """One campaign taken out of a hold: when, by whom, and why (resumed, lifted, seen dialing...)."""

    campaign_id: int
    at: datetime
    by: str
    why: str

    def as_dict(self) -> dict[str, t.Any]:
        return {"id": self.campaign_id, "at": timestamp(self.at), "by": self.by, "why": self.why}


@dataclass(frozen=True)
class Hold:
    """Campaigns of one tenant that no automation may start until a person lifts the hold."""

    id: str
    tenant: Tenant
    campaigns: tuple[int, ...]
    source: str
    opened_by: str
    opened_at: datetime
    reason: str | None = None
    ticket: str | None = None
    #: The snapshot the pause saved, which a resume of these campaigns starts from.
    snapshot: str | None = None
    expires_at: datetime | None = None
    lifted: tuple[Lift, ...] = field(default=())

    def expired(self, when: datetime) -> bool:
        return self.expires_at is not None and utc(when) >= utc(self.expires_at)

    @property
    def unlifted(self) -> tuple[int, ...]:
        """The campaigns not lifted yet, whether or not the hold has expired."""
        gone = {lift.campaign_id for lift in self.lifted}
        return tuple(campaign for campaign in self.campaigns if campaign not in gone)

    def held(self, when: datetime) -> tuple[int, ...]:
        """The campaigns the hold keeps from being started at ``when``."""
        return () if self.expired(when) else self.unlifted

    def why(self) -> str:
        """'held since 2026-12-06T19:33:12Z by alice on bastion (runbook pause: carrier outage, ticket INC-7; hold
        hold-...)': what a plan row, a line and an event say of a campaign it keeps from starting."""
        opened = {PAUSE: "runbook pause", BY_HAND: "taken out of dialing by hand", GIVEN: "hold"}[self.source]
        told = "; ".join(part for part in (self.reason, f"ticket {self.ticket}" if self.ticket else None) if part)
        expiry = f", until {timestamp(self.expires_at)}" if self.expires_at else ""
        return (
            f"held since {timestamp(self.opened_at)} by {self.opened_by} ({opened}{': ' + told if told else ''}"
            f"{expiry}; hold {self.id}): automation never starts it; a resume, or the lift entry point, ends the hold"
        )

    def lift(self, campaign_ids: t.Iterable[int], when: datetime, by: str, why: str) -> Hold:
        """The hold with ``campaign_ids`` (those it holds) lifted."""
        held = set(self.unlifted)
        new = tuple(Lift(campaign, when, by, why) for campaign in dict.fromkeys(campaign_ids) if campaign in held)
        return replace(self, lifted=self.lifted + new) if new else self

    def as_dict(self) -> dict[str, t.Any]:
        """The hold as its file and an AWX artifact (pause_holds) hold it; the tenant without a token."""
        return {
            "id": self.id,
            "tenant": self.tenant.as_dict(),
            "campaigns": list(self.campaigns),
            "source": self.source,
            "opened_by": self.opened_by,
            "opened_at": timestamp(self.opened_at),
            "reason": self.reason,
            "ticket": self.ticket,
            "snapshot": self.snapshot,
            "expires_at": None if self.expires_at is None else timestamp(self.expires_at),
            "lifted": [lift.as_dict() for lift in self.lifted],
        }


def open_hold(
    tenant: Tenant,
    campaigns: t.Iterable[int],
    source: str,
    opened_by: str,
    when: datetime,
    reason: str | None = None,
    ticket: str | None = None,
    snapshot: str | None = None,
    expires_at: datetime | None = None,
) -> Hold:
    """A new hold, with an ID unique to it (its time, to the second, and a random part)."""
    if source not in SOURCES:
        raise ValueError(f"unknown hold source {source!r}")
    identity = f"hold-{utc(when):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    return Hold(
        identity,
        tenant,
        tuple(dict.fromkeys(campaigns)),
        source,
        opened_by,
        when,
        reason or None,
        ticket or None,
        snapshot,
        expires_at,
    )


def expiry(given: str | None, now: datetime) -> datetime | None:
    """When a hold given ``hold_expires`` ends: a time in ISO 8601 with an offset, or a duration from ``now`` such as
    8h, 90m or 2d; None (never) when not given."""
    if given is None or not str(given).strip():
        return None
    text = str(given)
    matched = _DURATION.fullmatch(text)
    if matched:
        amount = int(matched.group(1))
        if amount <= 0:
            raise CampaignError(f"hold_expires {text!r} is no time from now: give a duration such as 8h, or a time")
        return now + timedelta(**{_UNITS[matched.group(2)]: amount})
    try:
        ends = parse_time(text)
    except CampaignError:
        raise CampaignError(
            f"hold_expires {text!r} is neither a duration (such as 8h, 90m, 2d) nor {NOT_A_TIME}"
        ) from None
    if utc(ends) <= utc(now):
        raise CampaignError(f"hold_expires {text} is in the past: the hold would end at once")
    return ends


def in_force(holds: t.Iterable[Hold], tenant: Tenant, when: datetime) -> dict[int, Hold]:
    """Each campaign of ``tenant`` that a hold keeps from being started at ``when``, with the hold (the oldest one,
    when several hold it: the person who stopped it first)."""
    held: dict[int, Hold] = {}
    for hold in sorted(holds, key=lambda hold: utc(hold.opened_at)):
        if hold.tenant.same_as(tenant):
            for campaign in hold.held(when):
                held.setdefault(campaign, hold)
    return held


def expired(holds: t.Iterable[Hold], when: datetime) -> list[Hold]:
    """The holds that ended by expiring and still hold campaigns on record: each is told, once, as it lifts itself."""
    return [hold for hold in holds if hold.expired(when) and hold.unlifted]


def _time(value: t.Any, where: str) -> datetime:
    try:
        return parse_time(str(value))
    except CampaignError:
        raise CampaignError(f"{where} is {NOT_A_TIME}") from None


def _text(value: t.Any, where: str, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise CampaignError(f"{where} should be a text")
    return value


def hold_of(value: t.Any, where: str) -> Hold:
    """A hold read back from its file or an artifact, or a CampaignError naming what is wrong with it."""
    if not isinstance(value, dict):
        raise CampaignError(f"{where} is not a hold (a mapping with id, tenant and campaigns)")
    tenant = value.get("tenant")
    if not isinstance(tenant, dict) or not all(isinstance(tenant.get(key), str) for key in ("api_url", "username")):
        raise CampaignError(f"{where} records no tenant (api_url and username)")
    campaigns = value.get("campaigns")
    ids = [campaign_id_of(entry) for entry in campaigns] if isinstance(campaigns, list) else [None]
    if not ids or None in ids:
        raise CampaignError(f"{where}: campaigns should be a list of campaign IDs")
    if value.get("source") not in SOURCES:
        raise CampaignError(f"{where}: source should be one of {', '.join(SOURCES)}")
    lifted = []
    for index, entry in enumerate(value.get("lifted") or []):
        place = f"{where}: lifted[{index}]"
        if not isinstance(entry, dict) or campaign_id_of(entry.get("id")) is None:
            raise CampaignError(f"{place} should have the id of a campaign")
        lifted.append(
            Lift(
                t.cast(int, campaign_id_of(entry["id"])),
                _time(entry.get("at"), f"{place}.at"),
                _text(entry.get("by"), f"{place}.by", True) or "",
                _text(entry.get("why"), f"{place}.why", True) or "",
            )
        )
    expires = value.get("expires_at")
    return Hold(
        id=_text(value.get("id"), f"{where}: id", True) or "",
        tenant=Tenant(tenant["api_url"], tenant["username"]),
        campaigns=tuple(t.cast("list[int]", ids)),
        source=value["source"],
        opened_by=_text(value.get("opened_by"), f"{where}: opened_by", True) or "",
        opened_at=_time(value.get("opened_at"), f"{where}: opened_at"),
        reason=_text(value.get("reason"), f"{where}: reason"),
        ticket=_text(value.get("ticket"), f"{where}: ticket"),
        snapshot=_text(value.get("snapshot"), f"{where}: snapshot"),
        expires_at=None if expires is None else _time(expires, f"{where}: expires_at"),
        lifted=tuple(lifted),
    )
