# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the unit tests share: credentials, the API's URLs and answers, and readers of what was sent."""

from __future__ import annotations

import json
import typing as t

import responses

BASE_URL = "https://vcc-na12.8x8.com"
USERNAME = "acme"
DATA_TOKEN = "data-secret-6d1f"
ACTION_TOKEN = "action-secret-93ab"
SECRETS = (DATA_TOKEN, ACTION_TOKEN)

CONNECTION = {"platform": "na12", "username": USERNAME, "data_token": DATA_TOKEN, "action_token": ACTION_TOKEN}


def read_url(campaign_id: int) -> str:
    return f"{BASE_URL}/api/stats/campaigns/{campaign_id}.json"


def write_url(campaign_id: int) -> str:
    return f"{BASE_URL}/api/tstats/campaigns/{campaign_id}"


def campaign_answer(campaign_id: int = 125, status: t.Any = 3, **fields: t.Any) -> dict[str, t.Any]:
    """A GET answer shaped like the seed document's example."""
    campaign = {
        "campaign-name": "Spring renewals",
        "campaign-id": campaign_id,
        "enabled": "Y",
        "status": status,
        "no-of-records": 18,
        "caller-id": 13125555068,
        "queue-id": 598,
        "start-time": "",
        "end-time": "",
        "actual-run-time": "2022-10-17T22:31:02+01:00",
        "actual-stop-time": "",
        "retry-interval": 30,
        "max-retry": 1,
        "abandon-max-retry": "",
        "max-ring-time": 15,
        "integration-type": "contactual",
        "calling-window": 2,
        "schedule-name": "'5-6pm Eastern'",
        "timezone": "EST5EST",
        "dynamic-campaign": "Y",
        "sequential": "N",
    }
    campaign.update(fields)
    return {"campaign": campaign}


def add_read(mock: responses.RequestsMock, status: int, campaign_id: int = 125, **fields: t.Any) -> None:
    mock.add(responses.GET, read_url(campaign_id), json=campaign_answer(campaign_id, status, **fields))


def add_write(
    mock: responses.RequestsMock, campaign_id: int = 125, method: str = responses.POST, **kwargs: t.Any
) -> None:
    kwargs.setdefault("json", {"message": "Campaign status changed."})
    mock.add(method, write_url(campaign_id), **kwargs)


def sent(mock: responses.RequestsMock) -> list[tuple[str, str, t.Any]]:
    """Every request the code sent: (method, url, decoded body or None)."""
    calls = []
    for call in mock.calls:
        request = call.request
        assert request.method is not None and request.url is not None, "a request responses saw was prepared"
        body = request.body
        assert body is None or isinstance(body, (str, bytes)), "the code sends JSON text, never a stream"
        calls.append((request.method, request.url, json.loads(body) if body else None))
    return calls


def written(mock: responses.RequestsMock) -> list[str]:
    """The status words the code sent, in order."""
    return [body["status"] for method, _url, body in sent(mock) if method != "GET"]


class FakeClock:
    """Stands in for time.sleep and time.monotonic: sleeping advances the clock at once, and is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class ModuleRun(t.NamedTuple):
    result: dict[str, t.Any]
    output: str

    @property
    def warnings(self) -> list[str]:
        """The warnings' texts (ansible-core 2.19 and later return each as a structure holding it)."""
        return [w if isinstance(w, str) else w["event"]["msg"] for w in self.result.get("warnings", [])]

    @property
    def failed(self) -> bool:
        return bool(self.result.get("failed"))


# The reference page, written out by hand, for the tests to check the code against (never derived from it).

#: "What the module does": the status words sent for each current and desired state; None where it fails.
REFERENCE_PLAN: dict[str, dict[str, list[str] | None]] = {
    "new": {"running": ["RUNNING"], "paused": None, "purged": None, "stopped": None},
    "running": {"running": [], "paused": ["PAUSED"], "purged": ["PAUSED", "PURGED"], "stopped": ["STOPPED"]},
    "paused": {"running": ["RUNNING"], "paused": [], "purged": ["PURGED"], "stopped": ["STOPPED"]},
    "purged": {"running": ["RUNNING"], "paused": [], "purged": [], "stopped": ["STOPPED"]},
    "stopped": {"running": None, "paused": None, "purged": None, "stopped": []},
}

#: "Allowed transitions (vendor diagram)": (from state, to state).
REFERENCE_TRANSITIONS = {
    ("new", "running"),
    ("running", "paused"),
    ("paused", "running"),
    ("paused", "purged"),
    ("purged", "running"),
    ("running", "stopped"),
    ("paused", "stopped"),
    ("purged", "stopped"),
}

#: "Status codes and the state each belongs to": code -> (vendor name, state).
REFERENCE_STATUSES = {
    0: ("New", "new"),
    1: ("Manual Started", "running"),
    2: ("Scheduled", "running"),
    3: ("Manual Running", "running"),
    4: ("Schedule Running", "running"),
    5: ("Manual Stopped", "stopped"),
    6: ("Completed (Stopped)", "stopped"),
    7: ("Schedule Stopped", "stopped"),
    8: ("Manual Paused", "paused"),
    9: ("Schedule Paused", "paused"),
    10: ("Manual Purged", "purged"),
    11: ("Schedule Purged", "purged"),
}

#: Where a change by API lands: status word -> (code, vendor name, state).
LANDS_IN = {
    "RUNNING": (3, "Manual Running", "running"),
    "PAUSED": (8, "Manual Paused", "paused"),
    "PURGED": (10, "Manual Purged", "purged"),
    "STOPPED": (5, "Manual Stopped", "stopped"),
}
