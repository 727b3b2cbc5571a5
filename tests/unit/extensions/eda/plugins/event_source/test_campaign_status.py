# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

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
import typing as t

import pytest
import requests
import responses
import urllib3
import yaml
from fakes import DATA_TOKEN, USERNAME, campaign_answer, read_url

from ansible_collections.eightbyeight.contact_center.extensions.eda.plugins.event_source import campaign_status as source

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
            mock.add_callback(responses.GET, read_url(campaign_id), callback=lambda request, c=campaign_id: self.answer(c))

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

    @property
    def types(self) -> list[str]:
        return [event["campaign_status"]["type"] for event in self.events]

    def of(self, kind: str) -> list[dict[str, t.Any]]:
        return [event["campaign_status"] for event in self.events if event["campaign_status"]["type"] == kind]


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PLATFORM", "API_URL", "USERNAME", "DATA_TOKEN", "ACTION_TOKEN"):
        monkeypatch.delenv(f"EIGHTBYEIGHT_CC_{name}", raising=False)


@pytest.fixture
def run_source(monkeypatch: pytest.MonkeyPatch) -> t.Callable[..., Run]:
    """Run the source for ``polls`` polls; ``script[n]`` (a function) runs before poll n + 1, as the n-th sleep ends."""

    def run(args: dict[str, t.Any], polls: int, script: dict[int, t.Callable[[], None]] | None = None) -> Run:
        sleeps: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            sleeps.append(seconds)
            if len(sleeps) >= polls:
                raise Stop
            (script or {}).get(len(sleeps), lambda: None)()

        monkeypatch.setattr(source, "sleep", fake_sleep)
        queue: asyncio.Queue[t.Any] = asyncio.Queue()
        ended = True
        try:
            asyncio.run(source.main(queue, {**CONNECTION, "interval": INTERVAL, **args}))
        except Stop:
            ended = False
        events = []
        while not queue.empty():
            events.append(queue.get_nowait())
        return Run(events, sleeps, ended)

    return run


def desired(**states: str) -> dict[str, t.Any]:
    return {"desired_state": {"campaigns": [{"id": int(name.lstrip("c")), "state": s} for name, s in states.items()]}}


def test_at_start_up_one_event_for_each_drifted_campaign_and_none_for_the_others(api_mock, run_source):
    Platform(api_mock, c125=3, c126=10, c127=5, c128=8)
    run = run_source(desired(c125="paused", c126="paused", c127="running", c128="paused"), polls=1)
    assert run.types == ["drifted", "drifted"]
    assert run.events[0] == {"campaign_status": {
        "type": "drifted",
        "campaign": {"id": 125, "name": "Spring renewals", "status": 3, "status_name": "Manual Running", "state": "running"},
        "previous": None, "desired": "paused", "drifted": True, "transitions": ["PAUSED"],
        "message": "campaign 125 (Spring renewals) is running (status 3, Manual Running); desired paused: drifted, and a "
                   "run would send PAUSED",
    }}
    stopped = run.of("drifted")[1]
    assert stopped["campaign"]["id"] == 127 and stopped["transitions"] is None, "a stopped campaign cannot be started"
    assert "stopped is final" in stopped["message"]


def test_a_change_is_one_event_with_the_previous_status_and_the_drift(api_mock, run_source):
    platform = Platform(api_mock, c125=8, c126=3)

    def resumed() -> None:
        platform.shows[125] = 3

    run = run_source(desired(c125="paused", c126="running"), polls=4, script={2: resumed})
    assert run.events == [{"campaign_status": {
        "type": "changed",
        "campaign": {"id": 125, "name": "Spring renewals", "status": 3, "status_name": "Manual Running", "state": "running"},
        "previous": {"status": 8, "status_name": "Manual Paused", "state": "paused"},
        "desired": "paused", "drifted": True, "transitions": ["PAUSED"],
        "message": "campaign 125 (Spring renewals) went from paused (status 8, Manual Paused) to running (status 3, Manual "
                   "Running); desired paused: drifted, and a run would send PAUSED",
    }}], "one event, at the poll that saw the change, and none at the polls before and after"
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
    assert change["message"] == "campaign 125 (Spring renewals) went from running (status 3, Manual Running) to stopped (status 5, Manual Stopped)"


REFUSED = requests.exceptions.ConnectionError(
    urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
)
INTERNAL_ERROR = (500, {"message": "Internal server error"})  # what the vendor's OpenAPI shows for a stopped campaign


@pytest.mark.parametrize("failure", [
    pytest.param((429, {"message": "Too many requests"}), id="HTTP 429 after the client's retries"),
    pytest.param(requests.exceptions.ConnectionError("Connection reset by peer"), id="no answer"),
    pytest.param(requests.exceptions.ReadTimeout("Read timed out"), id="no answer in time"),
    pytest.param(REFUSED, id="no connection"),
    pytest.param((302, {}), id="HTTP 302 redirect"),
])
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
    assert failed["message"].startswith("reading the campaigns failed: campaign 125: GET https://vcc-na12.8x8.com/api/stats/campaigns/125.json")
    assert run.of("poll_recovered")[0]["failed_polls"] == 3
    assert not run.ended, "the source goes on"
    # The client retried each failed read itself (3 times) before the poll failed; the first campaign's failure ends the
    # poll, so the second is not asked at all while the platform does not answer.
    assert platform.reads.count(126) == 3


ORDERS = {"first": (125, 126, 127), "in the middle": (127, 125, 126)}


@pytest.mark.parametrize("order", ORDERS.values(), ids=ORDERS.keys())
@pytest.mark.parametrize("failure, message", [
    pytest.param(INTERNAL_ERROR, "answered HTTP 500: Internal server error", id="HTTP 500"),
    pytest.param((503, {"message": "Service Unavailable"}), "answered HTTP 503 after 3 retries: Service Unavailable",
                 id="HTTP 503 after the client's retries"),
    pytest.param((404, {}), "not found (HTTP 404 from GET", id="HTTP 404"),
    pytest.param((400, {"message": "Invalid campaign"}), "answered HTTP 400: Invalid campaign", id="HTTP 400"),
])
def test_a_campaign_failing_every_time_is_reported_once_and_the_others_go_on_at_the_interval(
    api_mock, run_source, order, failure, message
):
    platform = Platform(api_mock, c125=failure, c126=3, c127=8)  # 126 drifted: running, desired paused

    def resumed() -> None:
        platform.shows[127] = 3

    states = dict(zip(order, ("paused",) * 3))
    run = run_source(desired(**{f"c{i}": s for i, s in states.items()}), polls=3, script={1: resumed})
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
    run = run_source(desired(c127="paused", c125="paused", c126="paused"), polls=2)
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


@pytest.mark.parametrize("failure", [
    pytest.param(REFUSED, id="no connection"),
    pytest.param((429, {"message": "Too many requests"}), id="HTTP 429 after the client's retries"),
    pytest.param((302, {}), id="HTTP 302 redirect"),
])
def test_what_every_campaign_would_meet_fails_the_poll_on_any_read_and_the_others_are_still_reported(
    api_mock, run_source, failure
):
    Platform(api_mock, c126=3, c125=failure)
    run = run_source(desired(c126="paused", c125="paused"), polls=2)
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
    assert [source.backoff(INTERVAL, n) for n in range(1, 7)] == [20, 40, 80, 160, 300, 300]
    assert [source.backoff(600, n) for n in (1, 2, 100)] == [600, 600, 600], "never below the interval"


def test_a_campaign_that_cannot_be_read_is_reported_once_and_the_others_go_on(api_mock, run_source):
    platform = Platform(api_mock, c125=8, c126=(404, {}), c127=8)

    def changes() -> None:
        platform.shows[127] = 3

    run = run_source(desired(c125="paused", c126="paused", c127="paused"), polls=3, script={1: changes})
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
    assert refused == {"campaign_status": {
        "type": "credentials_refused", "status_code": status,
        "message": f"campaign 125: GET https://vcc-na12.8x8.com/api/stats/campaigns/125.json was refused (HTTP {status}: "
                   "Unauthorized): check username and data_token (reads use the Data Request Token); the source stops: "
                   "correct the credential, then restart the rulebook",
    }}


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
    from_env = source.settings(ids, os.environ)
    assert (from_env.base_url, from_env.username, from_env.data_token) == ("https://proxy.example.com/cc", "from-env", "env-data-token-1234")
    # platform and api_url come from the environment only as a pair, when neither is given.
    assert source.settings({**ids, "platform": "na12"}, os.environ).base_url == "https://vcc-na12.8x8.com"
    given = source.settings({**ids, **CONNECTION}, os.environ)
    assert (given.username, given.data_token) == (USERNAME, DATA_TOKEN), "arguments win"
    assert (given.interval, given.concurrency, given.timeout, given.retries, given.validate_certs) == (30, 8, 30, 3, True)


def test_arguments_as_rulebook_variables_render_them(tmp_path):
    path = tmp_path / "desired-state.yml"
    path.write_text(yaml.safe_dump({"campaigns": [{"id": 125, "state": "paused"}, {"id": "126", "state": "running"}]}))
    config = source.settings({**CONNECTION, "desired_state": str(path), "interval": "2.5", "concurrency": "4",
                              "validate_certs": "false", "eda_feedback_queue": object()}, {})
    assert config.campaigns == [(125, "paused"), (126, "running")]
    assert (config.interval, config.concurrency, config.validate_certs) == (2.5, 4, False)
    assert source.settings({**CONNECTION, "campaign_ids": "125, 126,125"}, {}).campaigns == [(125, None), (126, None)]


@pytest.mark.parametrize("ids", [
    pytest.param([125, "126", 127, 125], id="a list, numbers as text too"),
    pytest.param("125 126\n127", id="white space"),
    pytest.param(" 125,126 ,\t127 ", id="commas and white space"),
    pytest.param("[125, '126', \"127\"]", id="a list written as text"),
    pytest.param([{"id": 125}, {"id": 126, "state": "paused"}, {"id": "127"}], id="entries with an id"),
])
def test_campaign_ids_are_read_as_everywhere_in_the_collection(ids):
    expected = [(125, None), (126, None), (127, None)]
    assert source.settings({**CONNECTION, "campaign_ids": ids}, {}).campaigns == expected
    assert source.settings({**CONNECTION, "campaign_ids": 125}, {}).campaigns == [(125, None)]


@pytest.mark.parametrize("args, message", [
    ({"campaign_ids": [125], "intervall": 5}, "unknown arguments intervall; it takes "),
    ({"campaign_ids": [125], "action_token": "action-secret-93ab"}, "unknown arguments action_token (the source only reads: give no action_token)"),
    ({}, "give one of campaign_ids (the campaigns to watch) and desired_state (a desired-state file)"),
    ({"campaign_ids": [125], "desired_state": "x.yml"}, "give one of campaign_ids"),
    ({"campaign_ids": [125, 0]}, "campaign_ids: item 2 (0) is not a campaign ID (a positive whole number)"),
    ({"campaign_ids": "125 12a,²"}, "campaign_ids: item 2 ('12a'), item 3 ('²') are not campaign IDs (a positive whole"),
    ({"campaign_ids": [125, True]}, "campaign_ids: item 2 (True) is not a campaign ID"),
    ({"campaign_ids": "125,,126,"}, "campaign_ids: item 2 (''), item 4 ('') are not campaign IDs"),
    ({"campaign_ids": " "}, "campaign_ids names no campaign: give IDs such as 125,126 or [125, 126]"),
    ({"campaign_ids": []}, "campaign_ids names no campaign"),
    ({"campaign_ids": [125], "interval": 0}, "interval must be a positive number of seconds, got 0.0"),
    ({"campaign_ids": [125], "interval": "soon"}, "interval must be a number, got 'soon'"),
    ({"campaign_ids": [125], "concurrency": 65}, "concurrency must be from 1 to 64, got 65"),
    ({"campaign_ids": [125], "retries": -1}, "retries must be 0 or more, got -1"),
    ({"campaign_ids": [125], "validate_certs": "maybe"}, "validate_certs must be true or false, got 'maybe'"),
    ({"campaign_ids": [125], "data_token": None}, "data_token is not set: give it as an argument, or set EIGHTBYEIGHT_CC_DATA_TOKEN"),
    ({"campaign_ids": [125], "username": ""}, "username is empty"),
    ({"campaign_ids": [125], "platform": None}, "set platform (for example na12) or api_url, or the environment variable EIGHTBYEIGHT_CC_PLATFORM"),
    ({"campaign_ids": [125], "api_url": "http://cc.example.com"}, "uses plain http to a host that is not this machine"),
    ({"desired_state": "/nonexistent/desired.yml"}, "cannot read the desired-state file /nonexistent/desired.yml: No such file or directory"),
    ({"desired_state": {"campaigns": [{"id": 125, "state": "pausd"}]}},
     "desired_state: the campaigns list has 1 problem(s): campaigns[0] (id 125) needs a state, one of running, paused, purged, stopped; got 'pausd'"),
    ({"desired_state": {"campaigns": []}}, "desired_state lists no campaign"),
    ({"desired_state": {"campaign": []}}, "desired_state must hold the desired state as campaigns, a list of {id, state}"),
])
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
    assert set(documented) == set(source._ARGUMENTS)  # pylint: disable=protected-access
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
    done = subprocess.run([sys.executable, "-c", code, str(plugin)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "campaign_status"


def test_the_rulebook_acts_on_the_events_the_source_emits():
    rulebook = yaml.safe_load((ROOT / "extensions" / "eda" / "rulebooks" / "enforce_desired_state.yml").read_text())
    [ruleset] = rulebook
    [feed] = ruleset["sources"]
    assert set(feed["eightbyeight.contact_center.campaign_status"]) <= set(source._ARGUMENTS)  # pylint: disable=protected-access
    conditions = " ".join(rule["condition"] for rule in ruleset["rules"])
    kinds = {source.DRIFTED, source.CHANGED, source.READ_FAILED, source.POLL_FAILED, source.POLL_RECOVERED, source.CREDENTIALS_REFUSED}
    for kind in kinds - {source.DRIFTED}:  # drifted events are matched by their "drifted" field, as drifted changes are
        assert f'"{kind}"' in conditions, kind
    [enforce] = [rule["action"]["run_playbook"] for rule in ruleset["rules"] if "run_playbook" in rule.get("action", {})]
    default = enforce["name"].split("default('")[1].split("'")[0]
    assert (ROOT / default).is_file(), "the playbook's default path, from the collection's root"
