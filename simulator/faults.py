# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Faults on demand: rules that make the next matching requests fail the way real networks and gateways do."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .data import DataError

READ_METHODS = ("GET",)
WRITE_METHODS = ("POST", "PATCH")

#: Every kind, with the methods it can affect (a rule never consumes its count on a request it cannot affect).
KINDS: dict[str, tuple[str, ...]] = {
    "429": READ_METHODS + WRITE_METHODS,
    "500": READ_METHODS + WRITE_METHODS,
    "502": READ_METHODS + WRITE_METHODS,
    "503": READ_METHODS + WRITE_METHODS,
    "504": READ_METHODS + WRITE_METHODS,
    "drop": READ_METHODS + WRITE_METHODS,  # close the connection, answer nothing, apply nothing
    "drop_after_apply": WRITE_METHODS,  # apply the change, then close without answering
    "504_after_apply": WRITE_METHODS,  # apply the change, then answer a gateway's 504 page
    "slow": READ_METHODS + WRITE_METHODS,  # sleep `delay` seconds, then answer normally
    "html": READ_METHODS + WRITE_METHODS,  # 200 with a login page, as an SSO proxy would
    "truncated": READ_METHODS,  # the normal answer with half its body
    "405": ("POST",),  # the server takes PATCH only, as the vendor's OpenAPI says
}

#: Kinds that answer a bare HTTP error status before anything else is looked at.
ERROR_STATUS_KINDS = ("429", "500", "502", "503", "504", "405")

#: Kinds whose count defaults to "until reset" rather than one request: a server either takes POST or it does not.
STANDING_KINDS = ("405",)

_RULE_KEYS = {"kind", "method", "campaign", "tenant", "count", "retry_after", "delay"}


@dataclass
class FaultRule:
    kind: str
    method: str | None = None
    campaign: int | None = None
    tenant: str | None = None
    remaining: int | None = 1  # None: until reset
    retry_after: float | None = None
    delay: float | None = None

    def matches(self, method: str, tenant: str | None, campaign: int | None) -> bool:
        return (
            method in KINDS[self.kind]
            and self.method in (None, method)
            and self.campaign in (None, campaign)
            and self.tenant in (None, tenant)
            and (self.remaining is None or self.remaining > 0)
        )

    def consume(self) -> None:
        if self.remaining is not None:
            self.remaining -= 1

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "method": self.method,
            "campaign": self.campaign,
            "tenant": self.tenant,
            "count": -1 if self.remaining is None else self.remaining,
            "retry_after": self.retry_after,
            "delay": self.delay,
        }


def _seconds(rule: Mapping[str, Any], name: str) -> float | None:
    value = rule.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise DataError(f"fault {name} must be a number of seconds >= 0, not {value!r}")
    return float(value)


def parse_rule(rule: Any) -> FaultRule:
    """A fault rule from its JSON form, checked so that a typo fails loudly instead of never matching."""
    if not isinstance(rule, Mapping):
        raise DataError("a fault rule must be an object")
    unknown = set(rule) - _RULE_KEYS
    if unknown:
        raise DataError(f"unknown fault keys {', '.join(sorted(map(str, unknown)))}")
    kind = str(rule.get("kind"))
    if kind not in KINDS:
        raise DataError(f"unknown fault kind {rule.get('kind')!r} (use one of {', '.join(KINDS)})")
    method = rule.get("method")
    if method is not None and method not in KINDS[kind]:
        raise DataError(f"a {kind} fault applies to {', '.join(KINDS[kind])} only, not {method!r}")
    campaign = rule.get("campaign")
    if campaign is not None and (isinstance(campaign, bool) or not isinstance(campaign, int)):
        raise DataError(f"fault campaign must be a campaign id, not {campaign!r}")
    tenant = rule.get("tenant")
    if tenant is not None and not isinstance(tenant, str):
        raise DataError(f"fault tenant must be a username, not {tenant!r}")
    if "count" in rule:
        count = rule["count"]
    else:
        count = -1 if kind in STANDING_KINDS else 1
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count == 0 or count < -1):
        raise DataError(f"fault count must be a number of requests >= 1, or -1 or null for until reset, not {count!r}")
    delay = _seconds(rule, "delay")
    if kind == "slow" and delay is None:
        raise DataError("a slow fault needs delay (seconds)")
    return FaultRule(
        kind=kind,
        method=method,
        campaign=campaign,
        tenant=tenant,
        remaining=None if count in (None, -1) else count,
        retry_after=_seconds(rule, "retry_after"),
        delay=delay,
    )
