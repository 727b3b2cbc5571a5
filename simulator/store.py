# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The simulated platform: tenants and campaigns, the rules of the two endpoints, faults, the request log.

Everything here is guarded by one lock so that concurrent requests see a consistent platform.
Delays (start_delay, visibility_delay) need no timers: a change is stored with the moments it becomes
true and visible, and every read works out what holds at that moment.
"""

from __future__ import annotations

import hmac
import json
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .data import (
    SETTINGS,
    TENANT_SETTINGS,
    DataError,
    DataSource,
    TenantSeed,
    check_fields,
    check_settings,
    default_fields,
    load_data,
)
from .faults import FaultRule, parse_rule
from .lifecycle import STARTING_STATUS, STATE_OF_WORD, lifecycle, state_of


@dataclass(frozen=True)
class Outcome:
    """What the platform answers, before it is put on the wire (JSON or XML)."""

    status: int
    message: str | None = None  # answered as {"message": ...}; neither this nor campaign: empty body
    campaign: dict[str, Any] | None = None  # a GET's campaign
    applied: bool = False  # the request changed a campaign's status
    retry_after: int | None = None  # seconds, for a request refused by the tenant's rate limit


class ResetMeanwhile(Exception):
    """The simulator was reset while the request waited (latency, a slow fault): it belonged to the state before."""


UNAUTHORIZED = Outcome(401, "Unauthorized")
NOT_FOUND = Outcome(404)


@dataclass
class _Change:
    """Field values that become true at ``true_at`` and visible to GETs at ``visible_at`` (monotonic seconds)."""

    true_at: float
    visible_at: float
    fields: dict[str, Any]


@dataclass
class Campaign:
    """One campaign: its vendor fields, its own realism settings, and changes still to become true or visible."""

    fields: dict[str, Any]
    settings: dict[str, float] = field(default_factory=dict)
    _changes: list[_Change] = field(default_factory=list)

    def _as_of(self, now: float, moment: Callable[[_Change], float]) -> dict[str, Any]:
        result = dict(self.fields)
        for change in self._changes:
            if moment(change) <= now:
                result.update(change.fields)
        return result

    def current(self, now: float) -> dict[str, Any]:
        """The campaign as it is: what a status change is checked against."""
        return self._as_of(now, lambda change: change.true_at)

    def visible(self, now: float) -> dict[str, Any]:
        """The campaign as GETs show it (older while a visibility delay runs)."""
        return self._as_of(now, lambda change: change.visible_at)

    def schedule(self, now: float, changes: list[tuple[float, dict[str, Any]]], visibility_delay: float) -> None:
        """Store a status change: each (seconds from now, fields); a later change cancels what had yet to happen."""
        self._forget(now)
        self._changes = [change for change in self._changes if change.true_at <= now]
        for after, fields in changes:
            self._changes.append(_Change(now + after, now + after + visibility_delay, fields))

    def overwrite(self, now: float, fields: Mapping[str, Any]) -> None:
        """Change fields directly (another operator): visible at once; a new status also cancels a pending start."""
        pending = [change for change in self._changes if change.true_at > now and "status" not in fields]
        self.fields = self.current(now)
        self._changes = pending
        self.fields.update(fields)

    def _forget(self, now: float) -> None:
        """Fold the changes that are both true and visible into the fields, so the list stays short."""
        while self._changes and self._changes[0].true_at <= now and self._changes[0].visible_at <= now:
            self.fields.update(self._changes.pop(0).fields)


@dataclass
class _Bucket:
    """A token bucket for a tenant's rate limit: ``rate`` tokens a second, holding at most max(rate, 1).

    A bucket rather than a list of recent requests: it takes fractional rates (0.5: one request every two seconds)
    and keeps constant state however busy the tenant is.
    """

    tokens: float = 0.0
    updated: float | None = None  # None: full (never used, or the rate just changed)

    def take(self, rate: float, now: float) -> int | None:
        """Let one request through (None), or the whole seconds (>= 1) until one could pass."""
        capacity = max(rate, 1.0)
        tokens = capacity if self.updated is None else min(capacity, self.tokens + (now - self.updated) * rate)
        self.updated = now
        if tokens >= 1.0:
            self.tokens = tokens - 1.0
            return None
        self.tokens = tokens
        return max(1, math.ceil((1.0 - tokens) / rate))


@dataclass
class Tenant:
    """One tenant (an 8x8 account): its API user and tokens, its realism settings and its campaigns by id."""

    username: str
    data_token: str
    action_token: str
    settings: dict[str, float]
    campaigns: dict[int, Campaign]
    bucket: _Bucket = field(default_factory=_Bucket)

    @classmethod
    def from_seed(cls, seed: TenantSeed) -> Tenant:
        """A live copy of the seed, which stays untouched for the next reset."""
        campaigns = {cid: Campaign(dict(c.fields), dict(c.settings)) for cid, c in seed.campaigns.items()}
        return cls(seed.username, seed.data_token, seed.action_token, dict(seed.settings), campaigns)

    def setting(self, campaign: Campaign | None, name: str) -> float:
        """A realism setting: the campaign's own, else the tenant's, else none (0)."""
        if campaign is not None and name in campaign.settings:
            return campaign.settings[name]
        return self.settings.get(name, 0.0)

    def rate_limited(self, now: float) -> int | None:
        """None when a request may pass the tenant's rate limit (using up its share), else the seconds to wait."""
        rate = self.settings.get("rate_limit", 0.0)
        return self.bucket.take(rate, now) if rate > 0 else None


def _target_state(raw_body: bytes) -> str | None:
    """The state a write asks for, or None when the body is not {"status": <a known word>}."""
    try:
        body = json.loads(raw_body)
    except ValueError:
        return None
    word = body.get("status") if isinstance(body, dict) else None
    return STATE_OF_WORD.get(word) if isinstance(word, str) else None


def _timestamp() -> str:
    """Now, as the platform writes times: ISO 8601 with the offset, e.g. 2022-10-17T22:31:02+01:00."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _same_secret(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class Store:
    """The platform's state, its request log and counters, and the fault queue."""

    def __init__(
        self,
        data: DataSource = None,
        generate: int | None = None,
        admin_token: str = "",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seed = load_data(data, generate)
        self._admin_token = admin_token
        self._clock = clock
        self._lock = threading.Lock()
        self._tenants: dict[str, Tenant] = {}
        self._faults: list[FaultRule] = []
        self._log: list[dict[str, Any]] = []
        self._counters: dict[str, float] = _zero_counters()
        self._epoch = 0  # how many resets so far: a request belongs to the epoch it arrived in
        self.reset()

    # --- control -------------------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the seeded data, with an empty log, zero counters and no faults.

        A request still waiting from before (latency, a slow fault) will neither change the new state nor be logged:
        otherwise a test's slow request could land in the next test.
        """
        tenants = {name: Tenant.from_seed(seed) for name, seed in self._seed.items()}
        with self._lock:
            self._epoch += 1
            self._tenants = tenants
            self._faults = []
            self._log = []
            self._counters = _zero_counters()

    def campaign_counts(self) -> dict[str, int]:
        """How many campaigns each tenant has, by username."""
        with self._lock:
            return {username: len(tenant.campaigns) for username, tenant in self._tenants.items()}

    def log(self) -> list[dict[str, Any]]:
        """Every API request since the last reset, in the order they were answered."""
        with self._lock:
            return list(self._log)

    def counters(self) -> dict[str, float]:
        """Requests, reads, writes, applied changes, requests refused by a rate limit, and the seconds spent serving
        them (``service_seconds``, the sum of the log entries' ``duration``) since the last reset."""
        with self._lock:
            return {
                name: round(value, 6) if name == "service_seconds" else value for name, value in self._counters.items()
            }

    def faults(self) -> list[dict[str, Any]]:
        """The fault rules still queued, in order."""
        with self._lock:
            return [rule.as_json() for rule in self._faults]

    def add_faults(self, rules: Any) -> list[dict[str, Any]]:
        """Append one rule or a list of rules (all checked before any is added)."""
        parsed = [parse_rule(rule) for rule in (rules if isinstance(rules, list) else [rules])]
        with self._lock:
            self._faults.extend(parsed)
            return [rule.as_json() for rule in self._faults]

    def clear_faults(self) -> None:
        """Drop every fault rule, those that last until reset too."""
        with self._lock:
            self._faults = []

    def stored_campaign(self, username: str, campaign_id: int) -> dict[str, Any] | None:
        """The campaign as it is now (ignoring any visibility delay), with its own settings; None if unknown."""
        with self._lock:
            tenant = self._tenants.get(username)
            campaign = tenant.campaigns.get(campaign_id) if tenant else None
            if campaign is None:
                return None
            return {"campaign": campaign.current(self._clock()), "settings": dict(campaign.settings)}

    def put_campaign(self, username: str, campaign_id: int, values: Any) -> dict[str, Any] | None:
        """Change (or create) a campaign directly: vendor fields and/or its settings (null unsets one). None: no
        tenant."""
        if not isinstance(values, Mapping):
            raise DataError("expected a JSON object of campaign fields and settings")
        if values.get("campaign-id", campaign_id) != campaign_id:
            raise DataError("campaign-id cannot be changed")
        where = f"campaign {campaign_id}"
        fields, settings = check_fields(values, where), check_settings(values, where)
        with self._lock:
            tenant = self._tenants.get(username)
            if tenant is None:
                return None
            campaign = tenant.campaigns.setdefault(campaign_id, Campaign(default_fields(campaign_id)))
            campaign.overwrite(self._clock(), fields)
            _update_settings(campaign.settings, settings)
        return self.stored_campaign(username, campaign_id)

    def put_tenant(self, username: str, values: Any) -> dict[str, float] | None:
        """Change a tenant's realism settings (null unsets one). None: no such tenant."""
        names = SETTINGS + TENANT_SETTINGS
        if not isinstance(values, Mapping) or set(values) - set(names):
            raise DataError(f"expected a JSON object with tenant settings only ({', '.join(names)})")
        settings = check_settings(values, f"tenant {username}", names)
        with self._lock:
            tenant = self._tenants.get(username)
            if tenant is None:
                return None
            _update_settings(tenant.settings, settings)
            if "rate_limit" in settings:
                tenant.bucket = _Bucket()  # a new rate starts with a full bucket
            return dict(tenant.settings)

    # --- what every API request goes through ---------------------------------------------------------------------

    def latency(self, username: str | None, campaign_id: int | None) -> float:
        """Seconds to wait before answering a request about this campaign (tenant by user name, right token or not)."""
        with self._lock:
            tenant = self._tenants.get(username or "")
            if tenant is None:
                return 0.0
            return tenant.setting(tenant.campaigns.get(campaign_id) if campaign_id is not None else None, "latency")

    def arrive(
        self, method: str, username: str | None, campaign_id: int | None, faults: bool = True
    ) -> tuple[int, FaultRule | None]:
        """The epoch a request belongs to and, with ``faults``, the first rule matching it that has requests left
        (its count used up by one); both at once, so that a request never takes a fault queued after a reset."""
        with self._lock:
            for rule in self._faults if faults else ():
                if rule.matches(method, username, campaign_id):
                    rule.consume()
                    return self._epoch, rule
            return self._epoch, None

    def record(self, entry: dict[str, Any], kind: str | None, epoch: int, rate_limited: bool = False) -> None:
        """Log one API request (``kind``: "read", "write" or None for other paths) and count it, unless a reset came
        after it arrived (in ``epoch``)."""
        with self._lock:
            if epoch != self._epoch:
                return
            self._log.append(entry)
            self._counters["requests"] += 1
            if kind is not None:
                self._counters[f"{kind}s"] += 1
            if entry["applied"]:
                self._counters["applied"] += 1
            if rate_limited:
                self._counters["rate_limited"] += 1
            self._counters["service_seconds"] += entry["duration"] or 0.0

    def connection_opened(self) -> None:
        """Count a client's new connection (API or control): how well clients reuse theirs."""
        with self._lock:
            self._counters["connections"] += 1

    # --- the two endpoints ---------------------------------------------------------------------------------------

    def _tenant(self, username: str | None, password: str | None, token: str) -> Tenant | None:
        """The tenant whose ``token`` ("data_token" or "action_token") the request carries; the admin token never is
        one."""
        tenant = self._tenants.get(username or "")
        if tenant is None or (self._admin_token and _same_secret(password, self._admin_token)):
            return None
        return tenant if _same_secret(password, getattr(tenant, token)) else None

    def _find(
        self, epoch: int, username: str | None, password: str | None, token: str, campaign_id: int
    ) -> tuple[Tenant, Campaign] | Outcome:
        """The tenant and campaign a request is about, or the answer refusing it (401, then 429, then 404).

        The rate limit counts the tenant's authenticated requests only: an unknown user or a wrong token is no one's.
        Raises ResetMeanwhile for a request that arrived before the last reset.
        """
        if epoch != self._epoch:
            raise ResetMeanwhile()
        tenant = self._tenant(username, password, token)
        if tenant is None:
            return UNAUTHORIZED
        retry_after = tenant.rate_limited(self._clock())
        if retry_after is not None:
            return Outcome(429, "Too many requests", retry_after=retry_after)
        campaign = tenant.campaigns.get(campaign_id)
        return NOT_FOUND if campaign is None else (tenant, campaign)

    def read(self, epoch: int, username: str | None, password: str | None, campaign_id: int) -> Outcome:
        """GET /api/stats/campaigns/{id}: the campaign as the platform shows it now."""
        with self._lock:
            found = self._find(epoch, username, password, "data_token", campaign_id)
            if isinstance(found, Outcome):
                return found
            return Outcome(200, campaign=found[1].visible(self._clock()))

    def change_status(
        self, epoch: int, username: str | None, password: str | None, campaign_id: int, raw_body: bytes
    ) -> Outcome:
        """POST or PATCH /api/tstats/campaigns/{id}: the vendor's checks, in the vendor's order, then the change."""
        with self._lock:
            found = self._find(epoch, username, password, "action_token", campaign_id)
            if isinstance(found, Outcome):
                return found
            tenant, campaign = found
            target = _target_state(raw_body)
            if target is None:
                return Outcome(400, "Invalid status")
            now = self._clock()
            fields = campaign.current(now)
            if fields.get("dynamic-campaign") != "Y":
                return Outcome(400, "Not a dynamic campaign")
            if fields.get("enabled") != "Y":
                return Outcome(400, "The campaign is not enabled.")
            try:
                state = state_of(fields.get("status"))
            except lifecycle.UnknownStatus:
                return Outcome(500, "Internal server error")
            allowed = lifecycle.TRANSITIONS[state]
            if not allowed:
                # A final state (stopped): the vendor answers 500 here, its example is named "CampaignStopped".
                return Outcome(500, "Internal server error")
            if target not in allowed:
                return Outcome(400, "Invalid state transition")
            campaign.schedule(
                now, self._landing(tenant, campaign, state, target), tenant.setting(campaign, "visibility_delay")
            )
            return Outcome(200, "Campaign status changed.", applied=True)

    @staticmethod
    def _landing(tenant: Tenant, campaign: Campaign, state: str, target: str) -> list[tuple[float, dict[str, Any]]]:
        """The fields a change sets, as (seconds from now, fields); a start may pass through Manual Started first."""
        fields: dict[str, Any] = {"status": lifecycle.LANDING_STATUS[target]}
        if target == lifecycle.STOPPED:
            fields["actual-stop-time"] = _timestamp()
        if target == lifecycle.RUNNING and state == lifecycle.NEW:
            fields["actual-run-time"] = _timestamp()
        start_delay = tenant.setting(campaign, "start_delay") if target == lifecycle.RUNNING else 0.0
        if start_delay > 0:
            return [(0.0, {**fields, "status": STARTING_STATUS}), (start_delay, {"status": fields["status"]})]
        return [(0.0, fields)]


def _zero_counters() -> dict[str, float]:
    return {
        "requests": 0,
        "reads": 0,
        "writes": 0,
        "applied": 0,
        "rate_limited": 0,
        "connections": 0,
        "service_seconds": 0.0,
    }


def _update_settings(settings: dict[str, float], changes: Mapping[str, float | None]) -> None:
    for name, value in changes.items():
        if value is None:
            settings.pop(name, None)
        else:
            settings[name] = value
