# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The /_sim/ control API, apart from HTTP: which endpoint a path names and what each method on it does.

An endpoint's method is looked up by name, ``<method>_<endpoint>`` (as http.server does with ``do_GET``), so a method
an endpoint does not take is simply a missing name: 405.
"""

from __future__ import annotations

import re
from typing import Any, Callable
from urllib.parse import unquote

from .store import Store

_FIXED_ENDPOINTS = {"/_sim/reset": "reset", "/_sim/log": "log", "/_sim/counters": "counters", "/_sim/faults": "faults"}
_TENANT_PATH = re.compile(r"/_sim/tenants/([^/]+)(?:/campaigns/(\d+))?")


class ControlApi:
    """Answers control requests as (HTTP status, JSON value); a DataError raised here means 400."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        """The answer to ``method`` on ``path`` with the parsed JSON ``body`` (or None)."""
        endpoint = self._endpoint(path)
        if endpoint is None:
            return 404, {"message": f"no control endpoint {path}"}
        name, arguments = endpoint
        action: Callable[..., tuple[int, Any]] | None = getattr(self, f"{method.lower()}_{name}", None)
        if action is None:
            return 405, {"message": f"{path} does not take {method}"}
        return action(*arguments, body)

    @staticmethod
    def _endpoint(path: str) -> tuple[str, tuple[Any, ...]] | None:
        """(endpoint name, its arguments from the path), or None for a path that names none."""
        if path in _FIXED_ENDPOINTS:
            return _FIXED_ENDPOINTS[path], ()
        tenant_path = _TENANT_PATH.fullmatch(path)
        if tenant_path is None:
            return None
        username, campaign_id = unquote(tenant_path.group(1)), tenant_path.group(2)
        return ("tenant", (username,)) if campaign_id is None else ("campaign", (username, int(campaign_id)))

    def post_reset(self, _body: Any) -> tuple[int, Any]:
        self.store.reset()
        return 200, {"message": "reset"}

    def get_log(self, _body: Any) -> tuple[int, Any]:
        return 200, self.store.log()

    def get_counters(self, _body: Any) -> tuple[int, Any]:
        return 200, self.store.counters()

    def get_faults(self, _body: Any) -> tuple[int, Any]:
        return 200, self.store.faults()

    def post_faults(self, body: Any) -> tuple[int, Any]:
        return 200, self.store.add_faults(body)

    def delete_faults(self, _body: Any) -> tuple[int, Any]:
        self.store.clear_faults()
        return 200, []

    def put_tenant(self, username: str, body: Any) -> tuple[int, Any]:
        settings = self.store.put_tenant(username, body)
        return (404, {"message": f"no tenant {username}"}) if settings is None else (200, {"settings": settings})

    def get_campaign(self, username: str, campaign_id: int, _body: Any) -> tuple[int, Any]:
        """The stored campaign as it is now, with its own settings."""
        return self._campaign_answer(username, campaign_id, self.store.stored_campaign(username, campaign_id))

    def put_campaign(self, username: str, campaign_id: int, body: Any) -> tuple[int, Any]:
        """Change (or create) a campaign as another operator would: at once, visible at once."""
        return self._campaign_answer(username, campaign_id, self.store.put_campaign(username, campaign_id, body))

    @staticmethod
    def _campaign_answer(username: str, campaign_id: int, campaign: dict[str, Any] | None) -> tuple[int, Any]:
        return (
            (404, {"message": f"no campaign {campaign_id} for tenant {username}"})
            if campaign is None
            else (200, campaign)
        )
