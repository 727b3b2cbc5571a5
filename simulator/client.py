# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A client for the simulator's control API, on urllib alone, so that tests and demos need no HTTP library."""

from __future__ import annotations

import json
import os
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote

from .data import SETTINGS, TENANT_SETTINGS


class SimulatorError(RuntimeError):
    """The control API refused a request; the text carries its HTTP status and message."""


def field_name(keyword: str) -> str:
    """``dynamic_campaign`` -> ``dynamic-campaign``: vendor fields have hyphens, Python keywords cannot."""
    return keyword if keyword in SETTINGS + TENANT_SETTINGS else keyword.replace("_", "-")


class SimulatorClient:
    """Drive a running simulator through /_sim/: reset it, read its log and counters, inject faults, change data."""

    def __init__(
        self, base_url: str, admin_token: str, ca_file: str | os.PathLike[str] | None = None, timeout: float = 30.0
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._admin_token = admin_token
        self._timeout = timeout
        self._context = ssl.create_default_context(cafile=os.fspath(ca_file)) if ca_file else None

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(f"{self.base_url}/_sim/{path}", data=data, method=method)
        request.add_header("X-Simulator-Admin-Token", self._admin_token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout, context=self._context) as answer:
                return json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")
            raise SimulatorError(f"{method} /_sim/{path}: HTTP {error.code}: {detail}") from None

    def reset(self) -> None:
        """Back to the seeded data, with an empty log, zero counters and no faults."""
        self._call("POST", "reset")

    def log(self) -> list[dict[str, Any]]:
        """Every API request since the last reset, in order."""
        return self._call("GET", "log")

    def counters(self) -> dict[str, float]:
        """{"requests", "reads", "writes", "applied", "rate_limited", "service_seconds"} since the last reset."""
        return self._call("GET", "counters")

    def faults(self) -> list[dict[str, Any]]:
        """The fault rules still queued, with the requests each has left (count -1: until reset)."""
        return self._call("GET", "faults")

    def add_fault(self, **rule: Any) -> list[dict[str, Any]]:
        """Queue a fault rule, e.g. ``add_fault(kind="429", retry_after=1, method="GET")``; answers the queue."""
        return self._call("POST", "faults", rule)

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def campaign(self, tenant: str, campaign_id: int) -> dict[str, Any]:
        """The stored campaign's fields, as they are now (no visibility delay)."""
        return self._call("GET", f"tenants/{quote(tenant, safe='')}/campaigns/{int(campaign_id)}")["campaign"]

    def set_campaign(self, tenant: str, campaign_id: int, /, **fields: Any) -> dict[str, Any]:
        """Change (or create) a campaign as another operator would, e.g. ``set_campaign("demo", 100, status=5)``.

        Keywords name vendor fields with underscores for hyphens (``dynamic_campaign="N"``) or realism settings
        (``latency=0.2``; None unsets). Answers the stored campaign's fields.
        """
        values = {field_name(keyword): value for keyword, value in fields.items()}
        return self._call("PUT", f"tenants/{quote(tenant, safe='')}/campaigns/{int(campaign_id)}", values)["campaign"]

    def set_tenant(self, tenant: str, /, **settings: Any) -> dict[str, float]:
        """Change a tenant's realism settings, e.g. ``set_tenant("demo", visibility_delay=0.2, rate_limit=5)``; None
        unsets one."""
        return self._call("PUT", f"tenants/{quote(tenant, safe='')}", settings)["settings"]
