# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source campaign_status, run on an asyncio queue against answers from `responses`, with a fake sleep
that scripts what the platform shows before each poll and ends the source after a number of polls."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import pathlib
import subprocess
import sys
import threading
import time
import typing as t
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import requests
import responses
import urllib3
import yaml
from urllib3.connection import HTTPSConnection

from ansible_collections.eightbyeight.contact_center.extensions.eda.plugins.event_source import (
    campaign_status as source,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _connection, _watch, _watch_settings
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HoldStore
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import PAUSE, open_hold
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    DATA_TOKEN,
    USERNAME,
    campaign_answer,
    read_url,
)

ROOT = pathlib.Path(__file__).resolve().parents[6]
BASIC = base64.b64encode(f"{USERNAME}:{DATA_TOKEN}".encode()).decode()
CONNECTION = {"platform": "na12", "username": USERNAME, "data_token": DATA_TOKEN}
INTERVAL = 10


class Stop(Exception):
    """Ends the source at the chosen sleep."""


class Platform:
    """Answers each campaign's GET with what ``shows[id]`` holds now: a status code, or (HTTP status, body)."""

    def __init__(self, mock: responses.RequestsMock, **shows: t.Any) -> None:
        self.shows = {int(name.lstrip("c")): value for name, value in shows.items()}
        self.reads: list[int] = []
        for campaign_id in self.shows:
            mock.add_callback(responses.GET, read_url(campaign_id), callback=self.answering(campaign_id))

    def answering(self, campaign_id: int) -> t.Callable[[t.Any], tuple[int, dict[str, str], str]]:
        """The callback for one campaign's URL."""
        return lambda _request: self.answer(campaign_id)

    def answer(self, campaign_id: int) -> tuple[int, dict[str, str], str]:
        self.reads.append(campaign_id)
        shown = self.shows[campaign_id]
        if isinstance(shown, BaseException):
            raise shown
        if isinstance(shown, int):
            return 200, {"Content-Type": "application/json"}, json.dumps(campaign_answer(campaign_id, shown))
        status, body = shown
        return status, {"Content-Type": "application/json"}, json.dumps(body)


class Run(t.NamedTuple):
    events: list[dict[str, t.Any]]
    sleeps: list[float]
    #: Whether the source ended by itself, rather than at the test's last sleep.
    ended: bool
    #: The seconds since the start at which each event was put.
    times: list[float]

    @property
    def types(self) -> list[str]:
        return [event["campaign_status"]["type"] for event in self.events]

    def of(self, kind: str) -> list[dict[str, t.Any]]:
        return [event["campaign_status"] for event in self.events if event["campaign_status"]["type"] == kind]

    def at(self, kind: str) -> list[float]:
        """When each event of ``kind`` was put, in seconds since the start."""
        return [when for when, event in zip(self.times, self.events) if event["campaign_status"]["type"] == kind]


#: The wall time the fake clock starts at, unless a test gives another: a Tuesday, far from a daylight-saving change.
START = datetime(2026, 6, 9, 15, 0, tzinfo=timezone.utc)


class Clock:
    """The source's clocks, moved by its (fake) sleeps only: the wall time and the monotonic seconds."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.elapsed = 0.0

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return 5000.0 + self.elapsed


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PLATFORM", "API_URL", "USERNAME", "DATA_TOKEN", "ACTION_TOKEN", "HOLD_DIR"):
        monkeypatch.delenv(f"EIGHTBYEIGHT_CC_{name}", raising=False)


@pytest.fixture
def run_source(monkeypatch: pytest.MonkeyPatch) -> t.Callable[..., Run]:
    """Run the source until its ``polls``-th sleep (one per poll, unless a heartbeat or a window's edge comes
    between two polls); ``script[n]`` (a function) runs as the n-th sleep ends. Sleeping moves the fake clock."""

    def run(
        args: dict[str, t.Any],
        polls: int,
        script: dict[int, t.Callable[[], object]] | None = None,
        start: datetime = START,
    ) -> Run:
        sleeps: list[float] = []
        clock = Clock(start)
        times: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            sleeps.append(seconds)
            if len(sleeps) >= polls:
                raise Stop
            clock.elapsed += seconds
            (script or {}).get(len(sleeps), lambda: None)()

        class Queue(asyncio.Queue[t.Any]):
            async def put(self, item: t.Any) -> None:
                times.append(clock.elapsed)
                await super().put(item)

        monkeypatch.setattr(source, "sleep", fake_sleep)
        monkeypatch.setattr(source, "now", clock.now)
        monkeypatch.setattr(source, "monotonic", clock.monotonic)
        queue = Queue()
        ended = True
        try:
            asyncio.run(source.main(queue, {**CONNECTION, "interval": INTERVAL, **args}))
        except Stop:
            ended = False
        events = []
        while not queue.empty():
            events.append(queue.get_nowait())
        return Run(events, sleeps, ended, times)

    return run


#: Each drift emitted once, as before re-emission, for the tests about something else.
ONCE = {"reemit_max": 0}


def desired(**states: str) -> dict[str, t.Any]:
    return {"desired_state": {"campaigns": [{"id": int(name.lstrip("c")), "state": s} for name, s in states.items()]}}


def test_at_start_up_one_event_for_each_drifted_campaign_and_none_for_the_others(api_mock, run_source):
    Platform(api_mock, c125=3, c126=10, c127=5, c128=8)
    run = run_source(desired(c125="paused", c126="paused", c127="running", c128="paused"), polls=1)
    assert run.types == ["drifted", "drifted"]
    first = run.events[0]["campaign_status"]
    assert (
        first.pop("desired_state")
        == desired(c125="paused", c126="paused", c127="running", c128="paused")["desired_state"]
    )
    assert first.pop("decided_at") == "2026-06-09T15:00:00+00:00", "for the playbook to decide again when it sends"
    assert run.events[0] == {
        "campaign_status": {
            "type": "drifted",
            "campaign": {
                "id": 125,
                "name": "Spring renewals",
                "status": 3,
                "status_name": "Manual Running",
                "state": "running",
            },
            "previous": None,
            "desired": "paused",
            "effective": "paused",
            "mode": "enforce",
            "reason": "desired state",
            "frozen_by": None,
            "freeze_ends": None,
            "drifted": True,
            "transitions": ["PAUSED"],
            "act": True,
            "why": None,
            "hold": None,
            "drift_id": "125-20260609T150000Z-1",
            "attempt": 1,
            "message": "campaign 125 (Spring renewals) is running (status 3, Manual Running); desired paused: drifted, and a "
            "run would send PAUSED",
        }
    }
    stopped = run.of("drifted")[1]
    assert stopped["campaign"]["id"] == 127 and stopped["transitions"] is None, "a stopped campaign cannot be started"
    assert "stopped is final" in stopped["message"]
    assert stopped["act"] is False and "stopped is final" in stopped["why"], "nothing automation could send"


def test_a_change_is_one_event_with_the_previous_status_and_the_drift(api_mock, run_source):
    platform = Platform(api_mock, c125=8, c126=3)

    def resumed() -> None:
        platform.shows[125] = 3

    run = run_source(desired(c125="paused", c126="running"), polls=4, script={2: resumed})
    first = run.events[0]["campaign_status"]
    assert first.pop("desired_state") == desired(c125="paused", c126="running")["desired_state"]
    assert first.pop("decided_at") == "2026-06-09T15:00:20+00:00"
    assert run.events[0] == {
        "campaign_status": {
            "type": "changed",
            "campaign": {
                "id": 125,
                "name": "Spring renewals",
                "status": 3,
                "status_name": "Manual Running",
                "state": "running",
            },
            "previous": {"status": 8, "status_name": "Manual Paused", "state": "paused"},
            "desired": "paused",
            "effective": "paused",
            "mode": "enforce",
            "reason": "desired state",
            "frozen_by": None,
            "freeze_ends": None,
            "drifted": True,
            "transitions": ["PAUSED"],
            "act": True,
            "why": None,
            "hold": None,
            "drift_id": "125-20260609T150020Z-1",
            "attempt": 1,
            "message": "campaign 125 (Spring renewals) went from paused (status 8, Manual Paused) to running (status 3, Manual "
            "Running); desired paused: drifted, and a run would send PAUSED",
        }
    }, "one event, at the poll that saw the change, and none at the polls before"
    # Nothing put it back: the same drift again, one interval later, as a drifted event.
    again = run.events[1]["campaign_status"]
    assert run.types == ["changed", "drifted"] and run.times == [20, 30]
    assert (again["drift_id"], again["attempt"]) == ("125-20260609T150020Z-1", 2)
    assert again["previous"] == {"status": 3, "status_name": "Manual Running", "state": "running"}, "the poll before"
    assert again["message"] == (
        "campaign 125 (Spring renewals) is still running (status 3, Manual Running); desired paused: drifted, and a run "
        "would send PAUSED (event 2 of this drift, since 2026-06-09T15:00:20+00:00)"
    )
    assert run.sleeps == [INTERVAL] * 4
    assert platform.reads == [125, 126] * 4


def test_a_change_back_to_the_desired_state_is_an_event_that_has_not_drifted(api_mock, run_source):
    platform = Platform(api_mock, c125=3)

    def paused() -> None:
        platform.shows[125] = 10  # purged counts as paused

    run = run_source(desired(c125="paused"), polls=2, script={1: paused})
    assert run.types == ["drifted", "changed"]
    back = run.of("changed")[0]
    assert (back["drifted"], back["transitions"], back["previous"]["state"]) == (False, [], "running")
    assert back["message"].endswith("to purged (status 10, Manual Purged); desired paused")


def test_no_event_when_no_state_changed_even_if_the_status_code_did(api_mock, run_source):
    platform = Platform(api_mock, c125=1, c126=8)

    def schedule_takes_over() -> None:
        platform.shows.update({125: 3, 126: 9})  # Manual Started -> Manual Running, Manual -> Schedule Paused

    run = run_source({"campaign_ids": [125, 126]}, polls=3, script={1: schedule_takes_over})
    assert run.events == []
    assert run.sleeps == [INTERVAL] * 3


def test_without_a_desired_state_a_change_has_none_and_never_drifts(api_mock, run_source):
    platform = Platform(api_mock, c125=3)

    def stopped() -> None:
        platform.shows[125] = 5

    run = run_source({"campaign_ids": "125"}, polls=2, script={1: stopped})
    [change] = run.of("changed")
    assert (change["desired"], change["drifted"], change["transitions"]) == (None, False, [])
    assert (
        change["message"]
        == "campaign 125 (Spring renewals) went from running (status 3, Manual Running) to stopped (status 5, Manual Stopped)"
    )


REFUSED = requests.exceptions.ConnectionError(
    urllib3.exceptions.NewConnectionError(
        HTTPSConnection("vcc-na12.8x8.com"), "Failed to establish a new connection: [Errno 111] Connection refused"
    )
)
INTERNAL_ERROR = (500, {"message": "Internal server error"})  # what the vendor's OpenAPI shows for a stopped campaign


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param((429, {"message": "Too many requests"}), id="HTTP 429 after the client's retries"),
        pytest.param(requests.exceptions.ConnectionError("Connection reset by peer"), id="no answer"),
        pytest.param(requests.exceptions.ReadTimeout("Read timed out"), id="no answer in time"),
        pytest.param(REFUSED, id="no connection"),
        pytest.param((302, {}), id="HTTP 302 redirect"),
    ],
)
def test_a_failed_poll_is_one_event_per_streak_with_a_growing_pause_reset_by_a_good_poll(api_mock, run_source, failure):
    platform = Platform(api_mock, c125=3, c126=8)

    def fail() -> None:
        platform.shows.update({125: failure, 126: failure})

    def recover() -> None:
        platform.shows.update({125: 3, 126: 8})

    script = {1: fail, 4: recover, 5: fail, 6: recover}
    run = run_source({"campaign_ids": [125, 126]}, polls=7, script=script)
    assert run.types == ["poll_failed", "poll_recovered", "poll_failed", "poll_recovered"]
    assert run.sleeps == [INTERVAL, 2 * INTERVAL, 4 * INTERVAL, 8 * INTERVAL, INTERVAL, 2 * INTERVAL, INTERVAL]
    failed = run.of("poll_failed")[0]
    assert failed["retry_in"] == 2 * INTERVAL
    assert failed["message"].startswith(
        "reading the campaigns failed: campaign 125: GET https://vcc-na12.8x8.com/api/stats/campaigns/125.json"
    )
    assert run.of("poll_recovered")[0]["failed_polls"] == 3
    assert not run.ended, "the source goes on"
    # The client retried each failed read itself (3 times) before the poll failed; the first campaign's failure ends the
    # poll, so the second is not asked at all while the platform does not answer.
    assert platform.reads.count(126) == 3


ORDERS = {"first": (125, 126, 127), "in the middle": (127, 125, 126)}


@pytest.mark.parametrize("order", ORDERS.values(), ids=ORDERS.keys())
@pytest.mark.parametrize(
    "failure, message",
    [
        pytest.param(INTERNAL_ERROR, "answered HTTP 500: Internal server error", id="HTTP 500"),
        pytest.param(
            (503, {"message": "Service Unavailable"}),
            "answered HTTP 503 after 3 retries: Service Unavailable",
            id="HTTP 503 after the client's retries",
        ),
        pytest.param((404, {}), "not found (HTTP 404 from GET", id="HTTP 404"),
        pytest.param((400, {"message": "Invalid campaign"}), "answered HTTP 400: Invalid campaign", id="HTTP 400"),
    ],
)
def test_a_campaign_failing_every_time_is_reported_once_and_the_others_go_on_at_the_interval(
    api_mock, run_source, order, failure, message
):
    platform = Platform(api_mock, c125=failure, c126=3, c127=8)  # 126 drifted: running, desired paused

    def resumed() -> None:
        platform.shows[127] = 3

    states = dict(zip(order, ("paused",) * 3))
    run = run_source({**desired(**{f"c{i}": s for i, s in states.items()}), **ONCE}, polls=3, script={1: resumed})
    assert run.types == ["read_failed", "drifted", "changed"], "the failing campaign once, the drifted one, the change"
    unreadable = run.of("read_failed")[0]
    assert (unreadable["campaign"], unreadable["desired"]) == ({"id": 125}, "paused")
    assert unreadable["message"].startswith("campaign 125: ") and message in unreadable["message"]
    assert [event["campaign"]["id"] for event in run.of("drifted") + run.of("changed")] == [126, 127]
    assert run.sleeps == [INTERVAL] * 3, "no failed poll, no backoff: the platform answers"
    assert (platform.reads.count(126), platform.reads.count(127)) == (3, 3), "every campaign, at every poll"


def test_a_campaign_read_again_after_failing_is_reported_as_any_campaign_is(api_mock, run_source):
    platform = Platform(api_mock, c125=INTERNAL_ERROR, c126=8)

    def shows(status: t.Any) -> t.Callable[[], None]:
        def change() -> None:
            platform.shows[125] = status

        return change

    # Never read, then read (drifted: its first good read), then failing again, then read in another state.
    script = {2: shows(3), 3: shows(INTERNAL_ERROR), 5: shows(8)}
    run = run_source(desired(c125="paused", c126="paused"), polls=6, script=script)
    assert run.types == ["read_failed", "drifted", "read_failed", "changed"]
    assert run.of("drifted")[0]["campaign"]["state"] == "running"
    back = run.of("changed")[0]
    assert (back["previous"]["state"], back["campaign"]["state"], back["drifted"]) == ("running", "paused", False)
    assert run.sleeps == [INTERVAL] * 6


def test_a_campaign_without_an_answer_among_good_reads_is_its_own_read_failed(api_mock, run_source):
    platform = Platform(api_mock, c125=requests.exceptions.ReadTimeout("Read timed out"), c126=3, c127=8)
    run = run_source({**desired(c127="paused", c125="paused", c126="paused"), **ONCE}, polls=2)
    assert run.types == ["read_failed", "drifted"]
    assert "got no answer within 30 seconds" in run.of("read_failed")[0]["message"]
    assert run.sleeps == [INTERVAL] * 2, "the others answered: not a failed poll"
    assert platform.reads.count(125) == 2 * 4, "the client's own retries, at each poll"


def test_no_answer_fails_the_poll_when_no_read_of_it_read_a_campaign(api_mock, run_source):
    Platform(api_mock, c125=INTERNAL_ERROR, c126=requests.exceptions.ReadTimeout("Read timed out"))
    run = run_source({"campaign_ids": [125, 126]}, polls=3)
    assert run.types == ["read_failed", "poll_failed"], "the 500 is the campaign's own; the silence is the platform's"
    assert "1 of 2 campaigns could not be read: campaign 126: GET " in run.of("poll_failed")[0]["message"]
    assert run.sleeps == [INTERVAL * 2, INTERVAL * 4, INTERVAL * 8]


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(REFUSED, id="no connection"),
        pytest.param((429, {"message": "Too many requests"}), id="HTTP 429 after the client's retries"),
        pytest.param((302, {}), id="HTTP 302 redirect"),
    ],
)
def test_what_every_campaign_would_meet_fails_the_poll_on_any_read_and_the_others_are_still_reported(
    api_mock, run_source, failure
):
    Platform(api_mock, c126=3, c125=failure)
    run = run_source({**desired(c126="paused", c125="paused"), **ONCE}, polls=2)
    assert run.types == ["drifted", "poll_failed"]
    failed = run.of("poll_failed")[0]["message"]
    assert failed.startswith("reading the campaigns failed: 1 of 2 campaigns could not be read: campaign 125")
    assert run.sleeps == [INTERVAL * 2, INTERVAL * 4]


def test_a_credential_refused_behind_a_failing_first_campaign_still_ends_the_source(api_mock, run_source):
    Platform(api_mock, c125=INTERNAL_ERROR, c126=(401, {"message": "Unauthorized"}))
    run = run_source({"campaign_ids": [125, 126]}, polls=5)
    assert run.ended and run.sleeps == []
    assert run.types == ["read_failed", "credentials_refused"]
    assert run.of("credentials_refused")[0]["status_code"] == 401


def test_the_pause_between_failed_polls_is_bounded():
    assert [_watch.backoff(INTERVAL, n) for n in range(1, 7)] == [20, 40, 80, 160, 300, 300]
    assert [_watch.backoff(600, n) for n in (1, 2, 100)] == [600, 600, 600], "never below the interval"


def test_a_campaign_that_cannot_be_read_is_reported_once_and_the_others_go_on(api_mock, run_source):
    platform = Platform(api_mock, c125=8, c126=(404, {}), c127=8)

    def changes() -> None:
        platform.shows[127] = 3

    run = run_source({**desired(c125="paused", c126="paused", c127="paused"), **ONCE}, polls=3, script={1: changes})
    assert run.types == ["read_failed", "changed"]
    unreadable = run.of("read_failed")[0]
    assert unreadable["campaign"] == {"id": 126} and unreadable["desired"] == "paused"
    assert unreadable["message"].startswith("campaign 126: not found (HTTP 404 from GET ")
    assert run.sleeps == [INTERVAL] * 3, "not a failed poll: the platform answers"


def test_many_campaigns_read_concurrently_give_their_events_in_the_order_given(api_mock, run_source):
    ids = list(range(200, 216))
    platform = Platform(api_mock, **{f"c{i}": 3 for i in ids})

    def all_pause() -> None:
        platform.shows.update({i: 8 for i in ids})

    run = run_source({"campaign_ids": ids, "concurrency": 4}, polls=2, script={1: all_pause})
    assert [event["campaign"]["id"] for event in run.of("changed")] == ids


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_credential_is_reported_once_and_the_source_ends(api_mock, run_source, status):
    platform = Platform(api_mock, c125=(status, {"message": "Unauthorized"}))  # 126 is not to be asked: not mocked
    run = run_source({"campaign_ids": [125, 126]}, polls=5)
    assert run.ended and run.sleeps == [], "it returns at once, polling no more"
    assert platform.reads == [125], "the first read tells, alone"
    [refused] = run.events
    assert refused == {
        "campaign_status": {
            "type": "credentials_refused",
            "status_code": status,
            "message": f"campaign 125: GET https://vcc-na12.8x8.com/api/stats/campaigns/125.json was refused (HTTP {status}: "
            "Unauthorized): check username and data_token (reads use the Data Request Token); the source stops: "
            "correct the credential, then restart the rulebook",
        }
    }


def test_a_credential_refused_after_good_polls_ends_the_source_too(api_mock, run_source):
    platform = Platform(api_mock, c125=3, c126=3)

    def revoked() -> None:
        platform.shows[126] = (401, {"message": "Unauthorized"})

    run = run_source({"campaign_ids": [125, 126]}, polls=5, script={2: revoked})
    assert run.ended and run.types == ["credentials_refused"] and len(run.sleeps) == 2


def test_no_token_in_any_event_or_log_line(api_mock, run_source, caplog):
    echo = f"bad request from {USERNAME}:{DATA_TOKEN} (Authorization: Basic {BASIC})"
    platform = Platform(api_mock, c125=3, c126=(400, {"message": echo}))

    def fail() -> None:
        platform.shows[125] = (503, {"message": echo})

    def silent() -> None:
        platform.shows[125] = requests.exceptions.ConnectionError(f"dropped by a proxy that echoes {echo}")

    def refuse() -> None:
        platform.shows[125] = (401, {"message": echo})

    caplog.set_level(logging.DEBUG)
    run = run_source({"campaign_ids": [125, 126]}, polls=5, script={1: fail, 2: silent, 3: refuse})
    assert run.types == ["read_failed", "read_failed", "poll_failed", "credentials_refused"]
    assert all("bad request from" in event["campaign_status"]["message"] for event in run.events)
    text = json.dumps(run.events) + "\n".join(record.getMessage() for record in caplog.records)
    assert "bad request from" in text, "the server's message is there"
    assert DATA_TOKEN not in text and BASIC not in text


def test_the_connection_comes_from_the_environment_as_the_modules_take_it(monkeypatch):
    monkeypatch.setenv("EIGHTBYEIGHT_CC_PLATFORM", "eu5")
    monkeypatch.setenv("EIGHTBYEIGHT_CC_API_URL", "https://proxy.example.com/cc")
    monkeypatch.setenv("EIGHTBYEIGHT_CC_USERNAME", "from-env")
    monkeypatch.setenv("EIGHTBYEIGHT_CC_DATA_TOKEN", "env-data-token-1234")
    monkeypatch.setenv("EIGHTBYEIGHT_CC_ACTION_TOKEN", "env-action-token-1234")
    ids = {"campaign_ids": [125]}
    from_env = _watch_settings.settings(ids, os.environ)
    assert (from_env.base_url, from_env.username, from_env.data_token) == (
        "https://proxy.example.com/cc",
        "from-env",
        "env-data-token-1234",
    )
    # platform and api_url come from the environment only as a pair, when neither is given.
    assert _watch_settings.settings({**ids, "platform": "na12"}, os.environ).base_url == "https://vcc-na12.8x8.com"
    given = _watch_settings.settings({**ids, **CONNECTION}, os.environ)
    assert (given.username, given.data_token) == (USERNAME, DATA_TOKEN), "arguments win"
    assert (given.interval, given.concurrency, given.timeout, given.retries, given.validate_certs) == (
        30,
        8,
        30,
        3,
        True,
    )


def test_arguments_as_rulebook_variables_render_them(tmp_path):
    path = tmp_path / "desired-state.yml"
    path.write_text(yaml.safe_dump({"campaigns": [{"id": 125, "state": "paused"}, {"id": "126", "state": "running"}]}))
    config = _watch_settings.settings(
        {
            **CONNECTION,
            "desired_state": str(path),
            "interval": "2.5",
            "concurrency": "4",
            "validate_certs": "false",
            "reemit_max": "60",
            "stuck_after": "3",
            "heartbeat": "0",
            "eda_feedback_queue": object(),
        },
        {},
    )
    assert config.campaigns == [(125, "paused"), (126, "running")]
    assert (config.interval, config.concurrency, config.validate_certs) == (2.5, 4, False)
    assert (config.reemit_max, config.stuck_after, config.heartbeat) == (60, 3, 0)
    defaults = _watch_settings.settings({**CONNECTION, "campaign_ids": [125]}, {})
    assert (defaults.reemit_max, defaults.stuck_after, defaults.heartbeat) == (600, 5, 300)
    repeated = _watch_settings.settings({**CONNECTION, "campaign_ids": "125, 126,125"}, {})
    assert repeated.campaigns == [(125, None), (126, None)]


@pytest.mark.parametrize(
    "ids",
    [
        pytest.param([125, "126", 127, 125], id="a list, numbers as text too"),
        pytest.param("125 126\n127", id="white space"),
        pytest.param(" 125,126 ,\t127 ", id="commas and white space"),
        pytest.param("[125, '126', \"127\"]", id="a list written as text"),
        pytest.param([{"id": 125}, {"id": 126, "state": "paused"}, {"id": "127"}], id="entries with an id"),
    ],
)
def test_campaign_ids_are_read_as_everywhere_in_the_collection(ids):
    expected = [(125, None), (126, None), (127, None)]
    assert _watch_settings.settings({**CONNECTION, "campaign_ids": ids}, {}).campaigns == expected
    assert _watch_settings.settings({**CONNECTION, "campaign_ids": 125}, {}).campaigns == [(125, None)]


@pytest.mark.parametrize(
    "args, message",
    [
        ({"campaign_ids": [125], "intervall": 5}, "unknown arguments intervall; it takes "),
        (
            {"campaign_ids": [125], "action_token": "action-secret-93ab"},
            "unknown arguments action_token (the source only reads: give no action_token)",
        ),
        ({}, "give one of campaign_ids (the campaigns to watch) and desired_state (a desired-state file)"),
        ({"campaign_ids": [125], "desired_state": "x.yml"}, "give one of campaign_ids"),
        ({"campaign_ids": [125, 0]}, "campaign_ids: item 2 (0) is not a campaign ID (a positive whole number)"),
        (
            {"campaign_ids": "125 12a,²"},
            "campaign_ids: item 2 ('12a'), item 3 ('²') are not campaign IDs (a positive whole",
        ),
        ({"campaign_ids": [125, True]}, "campaign_ids: item 2 (True) is not a campaign ID"),
        ({"campaign_ids": "125,,126,"}, "campaign_ids: item 2 (''), item 4 ('') are not campaign IDs"),
        ({"campaign_ids": " "}, "campaign_ids names no campaign: give IDs such as 125,126 or [125, 126]"),
        ({"campaign_ids": []}, "campaign_ids names no campaign"),
        ({"campaign_ids": [125], "interval": 0}, "interval must be a positive number of seconds, got 0.0"),
        ({"campaign_ids": [125], "interval": "soon"}, "interval must be a number, got 'soon'"),
        ({"campaign_ids": [125], "concurrency": 65}, "concurrency must be from 1 to 64, got 65"),
        ({"campaign_ids": [125], "retries": -1}, "retries must be 0 or more, got -1"),
        ({"campaign_ids": [125], "validate_certs": "maybe"}, "validate_certs must be true or false, got 'maybe'"),
        (
            {"campaign_ids": [125], "data_token": None},
            "data_token is not set: give it as an argument, or set EIGHTBYEIGHT_CC_DATA_TOKEN",
        ),
        ({"campaign_ids": [125], "username": ""}, "username is empty"),
        (
            {"campaign_ids": [125], "platform": None},
            "set platform (for example na12) or api_url, or the environment variable EIGHTBYEIGHT_CC_PLATFORM",
        ),
        (
            {"campaign_ids": [125], "api_url": "http://cc.example.com"},
            "uses plain http to a host that is not this machine",
        ),
        (
            {"desired_state": "/nonexistent/desired.yml"},
            "cannot read the desired-state file /nonexistent/desired.yml: No such file or directory",
        ),
        (
            {"desired_state": {"campaigns": [{"id": 125, "state": "pausd"}]}},
            "desired_state has 1 problem(s): campaigns[0] (id 125) needs a state, one of running, paused, purged, stopped; got 'pausd'",
        ),
        ({"desired_state": {"campaigns": []}}, "desired_state lists no campaign"),
        ({"desired_state": {"campaign": []}}, "desired_state has 2 problem(s): it has unknown keys campaign"),
        (
            {
                "desired_state": {
                    "version": 2,
                    "campaigns": [{"id": 125, "state": "running", "mode": "watch"}],
                    "windows": [{"name": "US", "kind": "calling_hours", "time_zone": "America/Nowhere"}],
                }
            },
            "desired_state has 4 problem(s): campaigns[0].mode (id 125) is 'watch', not one of enforce, guard, observe; "
            "windows[0].time_zone (US) is 'America/Nowhere', not a time zone",
        ),
        ({"campaign_ids": [125], "reemit_max": -1}, "reemit_max must be a number of seconds, 0 for off, got -1.0"),
        ({"campaign_ids": [125], "heartbeat": "often"}, "heartbeat must be a number, got 'often'"),
        ({"campaign_ids": [125], "stuck_after": 1.5}, "stuck_after must be a whole number, got 1.5"),
    ],
)
def test_a_wrong_argument_stops_the_source_at_start_up_naming_it(api_mock, monkeypatch, args, message):
    async def started(seconds: float) -> None:
        raise AssertionError("the source took the arguments and polled")

    monkeypatch.setattr(source, "sleep", started)
    with pytest.raises(source.SourceArgumentError) as caught:
        asyncio.run(source.main(asyncio.Queue(), {**CONNECTION, **args}))
    assert message in str(caught.value)
    assert "action-secret-93ab" not in str(caught.value) and DATA_TOKEN not in str(caught.value)


def test_the_documentation_names_every_argument():
    documented = yaml.safe_load(source.DOCUMENTATION)["options"]
    assert set(documented) == set(_watch_settings.ARGUMENTS)
    for example in yaml.safe_load(source.EXAMPLES):
        assert set(example["eightbyeight.contact_center.campaign_status"]) <= set(documented)


def test_ansible_rulebook_can_load_it_by_its_path_alone(tmp_path):
    """ansible-rulebook runs the file with runpy, in a process that knows no collection: it finds its own."""
    path = ROOT / ".build" / "collections" / "ansible_collections" / "eightbyeight" / "contact_center"
    plugin = path / "extensions" / "eda" / "plugins" / "event_source" / "campaign_status.py"
    if not plugin.exists():
        pytest.skip("the collection is not linked under .build/collections (make venv does it)")
    code = "import runpy, sys; m = runpy.run_path(sys.argv[1]); print(m['main'].__module__, m['KEY'])"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(plugin)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "campaign_status"


def test_the_rulebook_acts_on_the_events_the_source_emits():
    rulebook = yaml.safe_load((ROOT / "extensions" / "eda" / "rulebooks" / "enforce_desired_state.yml").read_text())
    [ruleset] = rulebook
    [feed] = ruleset["sources"]
    assert set(feed["eightbyeight.contact_center.campaign_status"]) <= set(_watch_settings.ARGUMENTS)
    conditions = " ".join(rule["condition"] for rule in ruleset["rules"])
    kinds = {
        _watch.CHANGED,
        _watch.STUCK,
        _watch.READ_FAILED,
        _watch.POLL_FAILED,
        _watch.POLL_RECOVERED,
        _watch.CREDENTIALS_REFUSED,
        _watch.HEARTBEAT,
        _watch.DESIRED_STATE_INVALID,
    }
    for kind in kinds:  # drifted events are matched by their "drifted" field, as drifted changes are
        assert f'"{kind}"' in conditions, kind
    [enforce] = [rule for rule in ruleset["rules"] if "run_playbook" in rule.get("action", {})]
    # Only what the event says automation may send; by name, from the collection's playbooks/.
    assert enforce["condition"] == "event.campaign_status.drifted == true and event.campaign_status.act == true"
    assert enforce["action"]["run_playbook"] == {"name": "eightbyeight.contact_center.enforce"}
    assert (ROOT / "playbooks" / "enforce.yml").is_file()
    [idle] = [rule for rule in ruleset["rules"] if "act == false" in rule["condition"]]
    assert idle["throttle"]["group_by_attributes"] == ["event.campaign_status.drift_id"]


def test_the_enforce_playbook_decides_again_as_automation_for_one_campaign():
    [play] = yaml.safe_load((ROOT / "playbooks" / "enforce.yml").read_text())
    assert "enforce_event.campaign.id" in play["vars"]["enforce_campaign_id"]
    [apply] = [task for task in play["tasks"] if "eightbyeight.contact_center.campaign_status" in task]
    options = apply["eightbyeight.contact_center.campaign_status"]
    assert "enforce_event.desired_state" in options["desired_state"], "the desired state, decided again when sent"
    assert "[enforce_campaign_id]" in options["limit"], "that campaign only"
    assert options["automation"] == "{{ campaign_id is not defined }}", "as automation, unless run by hand"
    [guard] = [task for task in play["tasks"] if "ansible.builtin.assert" in task]
    assert "enforce_event.act | default(false)" in guard["ansible.builtin.assert"]["that"], "no act, no change"


def test_galaxy_lists_the_event_source_from_meta_extensions():
    extensions = yaml.safe_load((ROOT / "meta" / "extensions.yml").read_text())
    directories = [entry["args"]["ext_dir"] for entry in extensions["extensions"]]
    assert directories == ["eda/plugins/event_source"]
    assert (ROOT / "extensions" / directories[0] / "campaign_status.py").is_file()


def test_the_decision_environment_and_credential_type_examples_fit_the_source():
    environment = yaml.safe_load((ROOT / "docs" / "examples" / "decision-environment.yml").read_text())
    assert environment["version"] == 3
    assert "/de-" in environment["images"]["base_image"]["name"], "a decision environment base image"
    collections = [
        entry["name"] if isinstance(entry, dict) else entry
        for entry in environment["dependencies"]["galaxy"]["collections"]
    ]
    assert "eightbyeight.contact_center" in collections
    assert any(str(package).startswith("requests") for package in environment["dependencies"]["python"])
    credential = yaml.safe_load((ROOT / "docs" / "examples" / "eda-credential-type.yml").read_text())
    fields = {field["id"]: field for field in credential["inputs"]["fields"]}
    assert all(fields[name].get("secret") is True for name in fields if name.endswith("_token"))
    assert {"data_token", "username"} <= set(credential["inputs"]["required"])
    injected = credential["injectors"]["env"]
    # Every variable the source falls back to, each from the field of the same name.
    for name in ("platform", "api_url", "username", "data_token"):
        assert injected[f"{_connection.ENV_PREFIX}{name.upper()}"] == f"{{{{ {name} }}}}"


# --- Re-emission, drift_id, stuck --------------------------------------------------------------------------------


def test_a_drift_that_lasts_is_emitted_again_after_1_2_4_intervals_up_to_reemit_max_with_one_drift_id(
    api_mock, run_source
):
    Platform(api_mock, c125=3)  # running, desired paused, and nothing puts it back
    run = run_source({**desired(c125="paused"), "reemit_max": 45, "stuck_after": 0}, polls=23)
    assert run.types == ["drifted"] * 7
    assert run.times == [0, 10, 30, 70, 120, 170, 220], "1, 2, 4 intervals, then 45 s, at the first poll after"
    drifts = run.of("drifted")
    assert [event["attempt"] for event in drifts] == [1, 2, 3, 4, 5, 6, 7]
    assert {event["drift_id"] for event in drifts} == {"125-20260609T150000Z-1"}, "one drift, one id"
    assert all(event["act"] is True and event["transitions"] == ["PAUSED"] for event in drifts)
    assert run.sleeps == [INTERVAL] * 23, "re-emission never changes the pace of the polls"


def test_reemission_resets_when_the_campaign_is_in_its_desired_state_and_a_new_drift_has_a_new_id(api_mock, run_source):
    platform = Platform(api_mock, c125=3)

    def shows(status: int) -> t.Callable[[], None]:
        return lambda: platform.shows.__setitem__(125, status)

    # Drifted at 0 and 10; put back before 20; resumed again before 40: a new drift, at once, then after 1 and 2
    # intervals again, as for any new drift.
    run = run_source(desired(c125="paused"), polls=9, script={2: shows(8), 4: shows(3)})
    assert run.types == ["drifted", "drifted", "changed", "changed", "drifted", "drifted"]
    assert run.times == [0, 10, 20, 40, 50, 70]
    first, again, back, resumed, later, third = (event["campaign_status"] for event in run.events)
    assert first["drift_id"] == again["drift_id"] == "125-20260609T150000Z-1"
    assert (back["drifted"], back["drift_id"], back["attempt"]) == (False, None, None), "back in its desired state"
    assert resumed["drift_id"] == later["drift_id"] == third["drift_id"] == "125-20260609T150040Z-2"
    assert [resumed["attempt"], later["attempt"], third["attempt"]] == [1, 2, 3]
    assert run.sleeps == [INTERVAL] * 9


def test_with_reemit_max_0_a_drift_is_emitted_once(api_mock, run_source):
    Platform(api_mock, c125=3)
    run = run_source({**desired(c125="paused"), **ONCE}, polls=30)
    assert run.types == ["drifted"], "no re-emission, and so never stuck"


def test_a_new_effective_state_or_mode_is_a_new_drift(api_mock, run_source, tmp_path):
    path = tmp_path / "desired-state.yml"
    path.write_text(yaml.safe_dump({"campaigns": [{"id": 125, "state": "paused"}]}))
    Platform(api_mock, c125=3)

    def observe() -> None:
        path.write_text(yaml.safe_dump({"campaigns": [{"id": 125, "state": "paused", "mode": "observe"}]}))

    run = run_source({"desired_state": str(path)}, polls=3, script={2: observe})
    assert run.times == [0, 10, 20], "the new verdict comes at once, not when the old drift was due (30)"
    ids = [event["drift_id"] for event in run.of("drifted")]
    assert ids[0] == ids[1] != ids[2]
    assert [event["act"] for event in run.of("drifted")] == [True, True, False]


def test_a_drift_automation_may_act_on_is_stuck_once_after_stuck_after_events(api_mock, run_source):
    platform = Platform(api_mock, c125=3)

    def fails() -> None:
        platform.shows[125] = INTERNAL_ERROR

    def reads() -> None:
        platform.shows[125] = 3

    # Events at 0, 10, 30, 70, 150; the read at 20 fails; with stuck_after 2, stuck when the third is due (30).
    run = run_source({**desired(c125="paused"), "stuck_after": 2}, polls=16, script={2: fails, 3: reads})
    assert run.types == ["drifted", "drifted", "read_failed", "stuck", "drifted", "drifted", "drifted"]
    assert run.at("stuck") == [30] and run.at("drifted") == [0, 10, 30, 70, 150]
    [stuck] = run.of("stuck")
    first = run.of("drifted")[0]
    assert (stuck["drift_id"], stuck["attempts"], stuck["since"]) == (first["drift_id"], 2, "2026-06-09T15:00:00+00:00")
    wanted = (stuck["desired"], stuck["effective"], stuck["mode"], stuck["transitions"])
    assert wanted == ("paused", "paused", "enforce", ["PAUSED"])
    assert stuck["campaign"]["state"] == "running" and "drifted" not in stuck and "act" not in stuck
    assert stuck["last_error"].startswith("campaign 125: GET ") and "answered HTTP 500" in stuck["last_error"]
    assert stuck["message"].startswith(
        "campaign 125 (Spring renewals) is stuck: still running (status 3, Manual Running), desired paused, after 2 "
        "events of this drift since 2026-06-09T15:00:00+00:00 that automation may act on; its last failed read: "
        "campaign 125: GET "
    )


def test_stuck_needs_the_default_5_events_and_never_comes_for_a_drift_automation_may_not_act_on(api_mock, run_source):
    Platform(api_mock, c125=3, c126=3)
    states = {"campaigns": [{"id": 125, "state": "paused"}, {"id": 126, "state": "paused", "mode": "observe"}]}
    run = run_source({"desired_state": states}, polls=32)  # 0..310 s: events at 0, 10, 30, 70, 150, 310
    assert run.at("stuck") == [310], "after 5 events, when the sixth is due"
    assert [event["campaign"]["id"] for event in run.of("stuck")] == [125]
    assert len([event for event in run.of("drifted") if event["campaign"]["id"] == 126]) == 6, "emitted, never stuck"


# --- Heartbeat ----------------------------------------------------------------------------------------------------


def test_a_heartbeat_every_heartbeat_seconds_counts_what_the_source_watches(api_mock, run_source):
    Platform(api_mock, c125=3, c126=(404, {}), c127=8)
    run = run_source({**desired(c125="paused", c126="paused", c127="paused"), "heartbeat": 25}, polls=8)
    assert run.at("heartbeat") == [25, 50]
    assert run.sleeps == [10, 10, 5, 5, 10, 10, 10, 10], "the source wakes up for the heartbeat between two polls"
    beat = run.of("heartbeat")[0]
    assert beat == {
        "type": "heartbeat",
        "campaigns": {"watched": 3, "drifted": 1, "stuck": 0, "unreadable": 1, "held": 0},
        "holds": {"count": 0, "ids": []},
        "last_good_poll": "2026-06-09T15:00:20+00:00",
        "failed_polls": 0,
        "message": "watching 3 campaigns: 1 drifted, 0 of them stuck, 1 unreadable; last good poll "
        "2026-06-09T15:00:20+00:00",
    }


def test_a_heartbeat_says_how_long_polls_have_failed(api_mock, run_source):
    platform = Platform(api_mock, c125=8)

    def down() -> None:
        platform.shows[125] = REFUSED

    run = run_source({"campaign_ids": [125], "heartbeat": 60}, polls=6, script={2: down})
    [beat] = run.of("heartbeat")
    assert (beat["last_good_poll"], beat["failed_polls"]) == ("2026-06-09T15:00:10+00:00", 2)
    assert beat["message"].endswith("last good poll 2026-06-09T15:00:10+00:00; 2 polls in a row failed since")


def test_heartbeats_come_every_300_seconds_by_default_and_heartbeat_0_turns_them_off(api_mock, run_source):
    Platform(api_mock, c125=8)
    assert run_source({"campaign_ids": [125]}, polls=62).at("heartbeat") == [300, 600]
    assert run_source({"campaign_ids": [125], "heartbeat": 0}, polls=62).of("heartbeat") == []


# --- Cancellation -------------------------------------------------------------------------------------------------


def cancel_when(ready: threading.Event, args: dict[str, t.Any]) -> tuple[float, BaseException | None]:
    """Start the source in an event loop of its own thread, cancel it once ``ready`` is set, and give the seconds the
    whole asyncio.run took from the cancellation on (None if it did not end within 5 seconds), and how it ended."""
    outcome: dict[str, t.Any] = {}

    async def scenario() -> None:
        task = asyncio.create_task(source.main(asyncio.Queue(), {**CONNECTION, **args}))
        await asyncio.to_thread(ready.wait, 5)
        assert ready.is_set(), "the source never got there"
        outcome["cancelled"] = time.perf_counter()  # time.monotonic is the fake clock of the unit tests
        task.cancel()
        try:
            await task
        except BaseException as error:  # pylint: disable=broad-exception-caught  # what the test looks at
            outcome["error"] = error

    thread = threading.Thread(target=lambda: asyncio.run(scenario()), daemon=True)
    thread.start()
    thread.join(timeout=10)
    if thread.is_alive():
        return float("inf"), outcome.get("error")
    return time.perf_counter() - outcome["cancelled"], outcome.get("error")


def finish_polls() -> None:
    """Wait for the polls' threads the cancelled source left behind, once released: they must not run on into the
    next test, with its mocks and its fake clock."""
    for thread in threading.enumerate():
        if thread.name == f"{_watch.KEY} poll":
            thread.join(timeout=10)
            assert not thread.is_alive(), "a poll's thread went on after it was released"


def test_cancelled_while_a_read_gets_no_answer_the_source_ends_at_once(api_mock):
    entered, release = threading.Event(), threading.Event()

    def never_answers(request: t.Any) -> tuple[int, dict[str, str], str]:
        entered.set()
        release.wait(30)
        return 200, {}, json.dumps(campaign_answer(125, 3))

    api_mock.add_callback(responses.GET, read_url(125), callback=never_answers)
    try:
        took, error = cancel_when(entered, {"campaign_ids": [125]})
    finally:
        release.set()
        finish_polls()
    assert isinstance(error, asyncio.CancelledError)
    assert took < 1, f"the source (and asyncio.run) ended {took:.2f} seconds after the cancellation"


def test_cancelled_while_the_client_waits_out_a_retry_after_the_source_ends_at_once(api_mock, monkeypatch):
    waiting, release = threading.Event(), threading.Event()

    def real_wait(seconds: float) -> None:  # the client's sleep, in the read's thread
        waiting.set()
        release.wait(min(seconds, 30))

    monkeypatch.setattr(time, "sleep", real_wait)
    api_mock.add(responses.GET, read_url(125), status=429, headers={"Retry-After": "60"}, json={"message": "slow down"})
    try:
        took, error = cancel_when(waiting, {"campaign_ids": [125]})
    finally:
        release.set()
        finish_polls()
    assert isinstance(error, asyncio.CancelledError)
    assert took < 1, f"the source ended {took:.2f} seconds after the cancellation"


def test_cancelled_between_two_polls_the_source_ends_at_once(api_mock):
    polled = threading.Event()

    def answer(request: t.Any) -> tuple[int, dict[str, str], str]:
        polled.set()
        return 200, {}, json.dumps(campaign_answer(125, 3))

    api_mock.add_callback(responses.GET, read_url(125), callback=answer)
    took, error = cancel_when(polled, {"campaign_ids": [125], "interval": 3600})
    finish_polls()
    assert isinstance(error, asyncio.CancelledError) and took < 1


# --- The desired-state file, read again -----------------------------------------------------------------------------


def write(path: pathlib.Path, content: t.Any) -> t.Callable[[], object]:
    return lambda: path.write_text(content if isinstance(content, str) else yaml.safe_dump(content))


def test_an_edit_of_the_desired_state_file_takes_effect_at_the_next_poll(api_mock, run_source, tmp_path):
    path = tmp_path / "desired-state.yml"
    write(path, {"campaigns": [{"id": 125, "state": "paused"}]})()
    platform = Platform(api_mock, c125=3, c126=3)
    edited = {"version": 2, "campaigns": [{"id": 125, "state": "running"}, {"id": 126, "state": "paused"}]}
    run = run_source({"desired_state": str(path)}, polls=2, script={1: write(path, edited)})
    # 125 is now as desired (running): nothing to say; 126 is watched from then on, and has drifted.
    assert run.types == ["drifted", "drifted"] and run.times == [0, 10]
    assert [event["campaign"]["id"] for event in run.of("drifted")] == [125, 126]
    assert platform.reads == [125, 125, 126]


def test_a_broken_edit_keeps_the_last_good_desired_state_and_is_told_once_per_broken_version(
    api_mock, run_source, tmp_path
):
    path = tmp_path / "desired-state.yml"
    write(path, {"campaigns": [{"id": 125, "state": "paused"}]})()
    Platform(api_mock, c125=3, c126=3)
    script = {
        1: write(path, "campaigns: [{id: 125, state: paused}"),  # not YAML
        3: write(path, {"campaigns": [{"id": 125, "state": "pausd"}]}),  # another broken version
        5: path.unlink,  # gone
        7: write(path, {"campaigns": [{"id": 126, "state": "paused"}]}),  # good again
    }
    run = run_source({**desired(), "desired_state": str(path), **ONCE}, polls=9, script=script)
    assert run.types == ["drifted", *["desired_state_invalid"] * 3, "drifted"]
    assert run.at("desired_state_invalid") == [10, 30, 50], "once each, although the file is read at every poll"
    broken, misspelt, gone = run.of("desired_state_invalid")
    assert broken["file"] == str(path)
    assert broken["message"].startswith(f"the desired-state file {path} is not valid YAML: ")
    assert misspelt["message"] == (
        f"the desired-state file {path} has 1 problem(s): campaigns[0] (id 125) needs a state, one of running, paused, "
        "purged, stopped; got 'pausd'; the desired state last read in full stays in force"
    )
    assert gone["message"].startswith(f"cannot read the desired-state file {path}: No such file or directory")
    assert [event["campaign"]["id"] for event in run.of("drifted")] == [125, 126], "125 kept, then 126 only"
    assert run.at("drifted") == [0, 70]


def test_a_desired_state_file_of_version_1_as_a_bare_list_still_works(api_mock, run_source, tmp_path):
    path = tmp_path / "desired-state.yml"
    write(path, [{"id": 125, "state": "paused"}])()
    Platform(api_mock, c125=3)
    [drifted] = run_source({"desired_state": str(path)}, polls=1).of("drifted")
    wanted = (drifted["desired"], drifted["effective"], drifted["mode"], drifted["act"])
    assert wanted == ("paused", "paused", "enforce", True)


# --- Windows: calling hours and freezes ----------------------------------------------------------------------------

NEW_YORK = ZoneInfo("America/New_York")
CALLING_HOURS = {
    "name": "US calling hours",
    "kind": "calling_hours",
    "time_zone": "America/New_York",
    "start": "08:00",
    "end": "21:00",
    "campaigns": [125, 126, 128],
}


def policy(*windows: dict[str, t.Any], state: str = "running") -> dict[str, t.Any]:
    """125 enforce, 126 guard, 127 (in no window) and 128 observe, all desired ``state``."""
    modes = {125: "enforce", 126: "guard", 127: "enforce", 128: "observe"}
    campaigns = [{"id": i, "state": state, "mode": mode} for i, mode in modes.items()]
    return {"desired_state": {"version": 2, "campaigns": campaigns, "windows": list(windows)}}


def test_when_calling_hours_end_running_campaigns_in_scope_drift_at_once_though_their_state_did_not_change(
    api_mock, run_source
):
    Platform(api_mock, c125=3, c126=3, c127=3, c128=3)
    start = datetime(2026, 6, 9, 20, 59, 40, tzinfo=NEW_YORK)  # 20 seconds before the end, 30 s polls
    run = run_source({**policy(CALLING_HOURS), "interval": 30}, polls=2, start=start)
    assert run.sleeps == [20.5, 30], "the source polls half a second after the edge, not at its interval"
    assert run.at("drifted") == [20.5, 20.5, 20.5]
    enforce, guard, observe = run.of("drifted")
    assert [event["campaign"]["id"] for event in (enforce, guard, observe)] == [125, 126, 128], "127 is in no window"
    reason = "outside US calling hours (08:00-21:00 America/New_York)"
    assert (enforce["desired"], enforce["effective"], enforce["reason"]) == ("running", "paused", reason)
    assert (enforce["transitions"], enforce["act"], enforce["why"]) == (["PAUSED"], True, None)
    assert enforce["message"] == (
        "campaign 125 (Spring renewals) is running (status 3, Manual Running); desired running, paused now: "
        f"{reason}: drifted, and a run would send PAUSED"
    )
    assert (guard["mode"], guard["act"]) == ("guard", True), "guard takes a campaign out of dialing"
    assert (observe["mode"], observe["act"]) == ("observe", False)
    assert observe["why"].startswith("mode observe: nothing is ever sent to it")


def test_when_calling_hours_begin_paused_campaigns_drift_and_guard_is_never_started(api_mock, run_source):
    Platform(api_mock, c125=8, c126=8, c127=3, c128=8)
    start = datetime(2026, 6, 10, 7, 59, 50, tzinfo=NEW_YORK)
    run = run_source({**policy(CALLING_HOURS), "interval": 30}, polls=2, start=start)
    assert run.at("drifted") == [10.5, 10.5, 10.5]
    enforce, guard, observe = run.of("drifted")
    assert (enforce["effective"], enforce["transitions"], enforce["act"]) == ("running", ["RUNNING"], True)
    assert (guard["effective"], guard["transitions"], guard["act"]) == ("running", ["RUNNING"], False)
    assert guard["why"].startswith("mode guard: automation only takes it out of dialing, never from paused to running")
    assert guard["message"].endswith("; automation may not: " + guard["why"])
    assert observe["act"] is False


def test_without_the_edge_alignment_an_edge_is_still_noticed_within_one_interval(api_mock, run_source, monkeypatch):
    monkeypatch.setattr(_watch, "EDGE_DELAY", 3600.0)  # as if the source never woke up for an edge
    Platform(api_mock, c125=3, c126=3, c127=3, c128=3)
    start = datetime(2026, 6, 9, 20, 59, 40, tzinfo=NEW_YORK)
    run = run_source({**policy(CALLING_HOURS), "interval": 30}, polls=2, start=start)
    assert run.at("drifted") == [30, 30, 30], "at the first poll after the edge"


def test_a_freeze_holds_back_every_change_but_a_pause_for_calling_hours(api_mock, run_source):
    Platform(api_mock, c125=3, c126=8, c127=8, c128=3)
    freeze = {"name": "year end", "kind": "freeze", "from": "2026-06-01T00:00:00Z", "until": "2026-07-01T00:00:00Z"}
    states = {
        "version": 2,
        "windows": [CALLING_HOURS, freeze],
        "campaigns": [
            {"id": 125, "state": "running"},  # outside calling hours: a pause for them, sent in a freeze too
            {"id": 126, "state": "running"},  # inside: paused, desired running; starting it waits for the freeze's end
            {"id": 127, "state": "running"},
            {"id": 128, "state": "paused"},  # running, desired paused: held back too
        ],
    }
    hours = {**CALLING_HOURS, "campaigns": [125]}
    states["windows"] = [hours, freeze]
    run = run_source({"desired_state": states}, polls=1, start=datetime(2026, 6, 9, 22, 0, tzinfo=NEW_YORK))
    events = {event["campaign"]["id"]: event for event in run.of("drifted")}
    assert (events[125]["act"], events[125]["frozen_by"], events[125]["transitions"]) == (True, "year end", ["PAUSED"])
    for campaign in (126, 127, 128):
        assert events[campaign]["act"] is False and events[campaign]["frozen_by"] == "year end"
        assert events[campaign]["freeze_ends"] == "2026-07-01T00:00:00+00:00"
    assert events[128]["why"].startswith("frozen by year end until 2026-07-01T00:00:00+00:00")
    # Found paused at start-up, desired running, with nothing remembered: a person's stop, held beyond the freeze.
    for campaign in (126, 127):
        assert events[campaign]["why"].startswith("held since 2026-06-10T02:00:00Z by the enforcer"), campaign
    assert sorted(held["campaign"]["id"] for held in run.of("held")) == [126, 127]


def test_the_effective_state_is_decided_at_the_time_of_each_poll(api_mock, run_source, monkeypatch):
    seen: list[datetime] = []
    decide = _watch.decide

    def spy(policy_: t.Any, when: datetime) -> t.Any:
        seen.append(when)
        return decide(policy_, when)

    monkeypatch.setattr(_watch, "decide", spy)
    Platform(api_mock, c125=8)
    run_source(desired(c125="paused"), polls=3)
    assert seen == [START, START + timedelta(seconds=10), START + timedelta(seconds=20)]


# Holds: a person's stop, the hold directory, and the state file.

TENANT = Tenant("https://vcc-na12.8x8.com", USERNAME)


def starts(run: Run) -> list[tuple[float, int]]:
    """(when, campaign) of each event that says automation may start a campaign now."""
    return [
        (when, event["campaign_status"]["campaign"]["id"])
        for when, event in zip(run.times, run.events)
        if event["campaign_status"].get("act") and "RUNNING" in event["campaign_status"]["transitions"]
    ]


def test_a_campaign_paused_by_hand_is_held_in_the_hold_directory_until_a_person_lifts_it(
    api_mock, run_source, tmp_path
):
    platform = Platform(api_mock, c125=3, c126=3)
    store = HoldStore(str(tmp_path / "holds"))

    def paused_by_hand() -> None:
        platform.shows[125] = 8

    def lifted_by_a_person() -> None:
        store.lift(TENANT, [125], START + timedelta(seconds=60), "alice on bastion", "lifted: INC-7 is over")

    args = {**desired(c125="running", c126="running"), "hold_dir": store.directory, "reemit_max": 10}
    run = run_source(args, polls=10, script={2: paused_by_hand, 6: lifted_by_a_person})
    [held] = run.of("held")
    assert run.at("held") == [20] and held["campaign"]["id"] == 125
    [recorded], problems = store.read()
    assert problems == [] and recorded.id == held["hold"]["id"], "written where apply and the lift playbook look"
    assert (recorded.source, recorded.opened_by, recorded.campaigns) == ("by_hand", _watch.ENFORCER, (125,))
    assert all(event["act"] is False for event in run.of("drifted") if event["campaign"]["id"] == 125 and event["hold"])
    [lifted] = run.of("lifted")
    assert run.at("lifted") == [60] and (lifted["by"], lifted["why"]) == ("alice on bastion", "lifted: INC-7 is over")
    assert {campaign for _when, campaign in starts(run)} == {125}
    assert min(when for when, _campaign in starts(run)) == 60, "started again only once a person lifted it"


def test_a_hold_of_the_directory_is_in_force_and_one_that_expires_ends_with_a_warning(
    api_mock, run_source, tmp_path, caplog
):
    Platform(api_mock, c125=8, c126=8)
    store = HoldStore(str(tmp_path))
    pause = open_hold(TENANT, [125, 126], PAUSE, "alice", START, reason="carrier outage")
    brief = open_hold(
        TENANT, [126], PAUSE, "bob", START + timedelta(seconds=1), expires_at=START + timedelta(seconds=25)
    )
    store.add(pause)
    store.add(brief)
    caplog.set_level(logging.INFO)
    run = run_source({**desired(c125="running", c126="running"), "hold_dir": str(tmp_path), "heartbeat": 5}, polls=8)
    assert run.of("held") == [], "the runbook's holds, not ones the source opens"
    assert starts(run) == []
    first = [event for event in run.of("drifted") if event["attempt"] == 1]
    assert {event["campaign"]["id"]: event["hold"] for event in first} == {125: pause.id, 126: pause.id}
    beat = run.of("heartbeat")[0]
    assert beat["holds"] == {"count": 1, "ids": [pause.id]} and beat["campaigns"]["held"] == 2
    # bob's hold expires at 25 s, and is recorded as lifted: alice's still holds 126.
    assert f"hold {brief.id} expired at 2026-06-09T15:00:25Z: campaigns 126 may be started again" in caplog.text
    expired = next(hold for hold in store.read()[0] if hold.id == brief.id)
    assert [(lift.campaign_id, lift.by) for lift in expired.lifted] == [(126, "expiry")]
    assert run.of("lifted") == []


def test_what_the_source_remembers_survives_a_restart_and_another_tenants_file_is_refused(
    api_mock, run_source, tmp_path
):
    platform = Platform(api_mock, c125=3, c126=8)
    state_file = tmp_path / "enforcer.json"

    def paused_by_hand() -> None:
        platform.shows[125] = 8

    args = {**desired(c125="running", c126="paused"), "state_file": str(state_file)}
    first = run_source(args, polls=3, script={1: paused_by_hand})
    [held] = first.of("held")
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert saved["tenant"] == TENANT.as_dict() and saved["paused_by_policy"] == [126]
    assert [hold["id"] for hold in saved["holds"]] == [held["hold"]["id"]], "no hold directory: kept in the file"
    # Restarted with the file: the same hold, no new one, nothing started; 126 desired running now is the policy's.
    again = run_source({**desired(c125="running", c126="running"), "state_file": str(state_file)}, polls=2)
    assert again.of("held") == [] and {campaign for _when, campaign in starts(again)} == {126}
    assert again.of("drifted")[0]["hold"] == held["hold"]["id"]
    # Restarted without it: both found paused while desired running, both held.
    forgetting = run_source(desired(c125="running", c126="running"), polls=1)
    assert sorted(event["campaign"]["id"] for event in forgetting.of("held")) == [125, 126]
    assert starts(forgetting) == []
    # Another tenant's file, or a broken one, stops the source at start-up, naming it.
    with pytest.raises(_watch_settings.SourceArgumentError) as caught:
        run_source({**args, "username": "another"}, polls=1)
    assert str(caught.value).startswith(
        f"the state file {state_file} is the state of the event source of the tenant {USERNAME} at "
        "https://vcc-na12.8x8.com, not of another at https://vcc-na12.8x8.com"
    )
    state_file.write_text("{", encoding="utf-8")
    with pytest.raises(_watch_settings.SourceArgumentError) as caught:
        run_source(args, polls=1)
    assert str(caught.value).startswith(f"cannot read the state file {state_file}: ")
    assert str(caught.value).endswith(
        "remove it to start remembering nothing (campaigns found out of dialing while desired running are then held)"
    )
