# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Many campaigns in one task: the list checked as a whole, the connection checked once, results in order."""

from __future__ import annotations

import threading
import typing as t
from collections import Counter

import pytest
import requests
import responses

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import (
    in_order,
    read_many,
    reconcile_many,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import RunSettings
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._waiter import Waiter
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    LANDS_IN,
    USERNAME,
    add_read,
    add_write,
    campaign_answer,
    read_url,
    written,
)


@pytest.fixture
def api() -> CampaignApi:
    return CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, connections=4)


def run(api, desired, check_mode=False):
    return reconcile_many(api, desired, RunSettings(check_mode, Waiter(5, 1)), concurrency=4)


def test_work_runs_concurrently_and_results_keep_their_order():
    started = threading.Barrier(4, timeout=5)  # only reached if four run at once

    def work(index):
        started.wait()
        return index * 10

    assert in_order(4, work, concurrency=4) == [0, 10, 20, 30]


def test_a_converged_fleet_costs_one_get_per_campaign(api):
    with responses.RequestsMock() as mock:
        for campaign_id, status in ((1, 8), (2, 10), (3, 6)):
            add_read(mock, status, campaign_id=campaign_id)
        fleet = run(api, [(1, "paused"), (2, "paused"), (3, "stopped")])
        assert [call.request.method for call in mock.calls] == ["GET"] * 3
    assert not fleet.changed and fleet.failure() is None
    assert fleet.summary() == {
        "unchanged": 3,
        "changed": 0,
        "held": 0,
        "failed": 0,
        "states": {"paused": 1, "purged": 1, "stopped": 1},
    }


def test_one_campaign_failing_never_stops_the_others(api):
    with responses.RequestsMock() as mock:
        add_read(mock, 3, campaign_id=1)
        add_write(mock, campaign_id=1)
        add_read(mock, 8, campaign_id=1)
        mock.add(responses.GET, read_url(2), status=404)
        add_read(mock, 3, campaign_id=3, enabled="N")
        add_read(mock, 0, campaign_id=4)
        add_write(mock, campaign_id=4)
        add_read(mock, 3, campaign_id=4)
        fleet = run(api, [(1, "paused"), (2, "paused"), (3, "paused"), (4, "running")])
    assert [r.kind for r in fleet.results] == ["changed", "failed", "failed", "changed"]
    assert fleet.changed
    assert fleet.failure() == (
        "2 of 4 campaigns failed: campaign 2: not found (HTTP 404 from GET https://vcc-na12.8x8.com/api/stats/campaigns/2.json): "
        "check campaign_id, and platform or api_url; campaign 3 (Spring renewals): it must become paused, but the campaign "
        "is not enabled: enable it in Configuration Manager"
    )
    assert fleet.summary() == {
        "unchanged": 0,
        "changed": 2,
        "held": 0,
        "failed": 2,
        "states": {"paused": 1, "running": 2},
    }


def test_many_failures_give_the_first_few_in_full_and_name_the_rest(api):
    with responses.RequestsMock() as mock:
        add_read(mock, 8, campaign_id=1)
        for campaign_id in range(2, 10):
            mock.add(responses.GET, read_url(campaign_id), status=404)
        fleet = run(api, [(campaign_id, "paused") for campaign_id in range(1, 10)])
    message = fleet.failure()
    assert message.startswith("8 of 9 campaigns failed: campaign 2: not found")
    assert message.count("not found") == 5
    assert message.endswith("; and 3 more (7, 8, 9): see their entries")


@pytest.mark.parametrize(
    "answer",
    [
        {"status": 401, "json": {"message": "Unauthorized"}},
        {"body": requests.exceptions.SSLError("certificate verify failed")},
    ],
)
def test_a_failure_every_campaign_would_meet_ends_the_task_after_one_request(api, answer):
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, read_url(1), **answer)
        with pytest.raises(ReconcileError, match="^campaign 1: GET"):
            run(api, [(campaign_id, "paused") for campaign_id in range(1, 300)])
        assert len(mock.calls) == 1


def test_each_entry_names_its_campaign_and_status_without_the_other_fields(api):
    with responses.RequestsMock() as mock:
        add_read(mock, 3, campaign_id=1)
        add_read(mock, 3, campaign_id=2, enabled="N")
        fleet = run(api, [(1, "running"), (2, "paused")])
    brief = {
        "name": "Spring renewals",
        "state": "running",
        "status": 3,
        "status_name": "Manual Running",
        "dynamic": True,
    }
    assert [entry["campaign"] for entry in fleet.result(with_diff=False)["campaigns"]] == [
        {"id": 1, **brief, "enabled": True},
        {"id": 2, **brief, "enabled": False},
    ]
    assert "queue_id" in fleet.results[0].outcome.after.as_result()  # a single run's result has every field


def test_check_mode_plans_each_campaign_and_sends_nothing(api):
    with responses.RequestsMock() as mock:
        add_read(mock, 3, campaign_id=1)
        add_read(mock, 8, campaign_id=2)
        fleet = run(api, [(1, "purged"), (2, "paused")], check_mode=True)
        assert written(mock) == []
    assert [r.outcome.transitions for r in fleet.results] == [("PAUSED", "PURGED"), ()]
    assert fleet.result(with_diff=True)["diff"] == [
        {
            "before_header": "campaign 1 (Spring renewals)",
            "after_header": "campaign 1 (Spring renewals)",
            "before": {"state": "running", "status": 3, "status_name": "Manual Running"},
            "after": {
                "state": "purged",
                "status": 10,
                "status_name": "Manual Purged",
                "transitions": ["PAUSED", "PURGED"],
            },
        }
    ]


def test_reads_return_what_could_be_read_and_why_the_rest_could_not(api):
    with responses.RequestsMock() as mock:
        add_read(mock, 3, campaign_id=1)
        mock.add(responses.GET, read_url(2), status=404)
        add_read(mock, 8, campaign_id=3)
        read = read_many(api, [1, 2, 3], concurrency=3)
    assert [item.status if not isinstance(item, ReconcileError) else item.campaign_id for item in read] == [3, 2, 8]
    assert isinstance(read[1], ReconcileError)


# An exception nothing expects, raised for one campaign, is that campaign's failure; the others go on.


class ScriptedApi(CampaignApi):
    """A client whose campaigns are in memory, and which sends nothing; ``raises`` maps a campaign ID to an exception
    its reads raise from the n-th one on."""

    def __init__(self, statuses: dict[int, int], raises: dict[int, tuple[Exception, int]]) -> None:
        super().__init__(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN)
        self.statuses = dict(statuses)
        self.raises = raises
        self.reads: Counter[int] = Counter()
        self.writes: list[tuple[int, str]] = []
        self._lock = threading.Lock()

    def read(self, campaign_id: int) -> t.Any:
        with self._lock:
            self.reads[campaign_id] += 1
            count = self.reads[campaign_id]
        error, from_read = self.raises.get(campaign_id, (None, 0))
        if error is not None and count >= from_read:
            raise error
        return campaign_answer(campaign_id, self.statuses[campaign_id])

    def write(self, campaign_id: int, command: str) -> None:
        with self._lock:
            self.writes.append((campaign_id, command))
            self.statuses[campaign_id] = LANDS_IN[command][0]


UNICODE_ERROR = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")


@pytest.mark.parametrize(
    "failing, error, text",
    [
        (2, RuntimeError("boom,\nin two lines"), "RuntimeError: boom, in two lines"),
        (
            1,
            UNICODE_ERROR,
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
        ),
        (3, requests.exceptions.ChunkedEncodingError(), "requests.exceptions.ChunkedEncodingError"),
    ],
    ids=["a bug", "the first campaign, read alone", "a library's error without text"],
)
def test_an_unexpected_exception_fails_its_campaign_and_the_others_go_on(failing, error, text):
    api = ScriptedApi({1: 3, 2: 3, 3: 3}, raises={failing: (error, 1)})
    desired = [(1, "paused"), (2, "paused"), (3, "paused")]
    fleet = reconcile_many(api, desired, RunSettings(False, Waiter(5, 1)), concurrency=3)
    assert [r.kind for r in fleet.results] == ["failed" if i == failing else "changed" for i in (1, 2, 3)]
    assert str(fleet.results[failing - 1].error) == f"campaign {failing}: unexpected {text}; please report it"
    assert fleet.failure() == f"1 of 3 campaigns failed: campaign {failing}: unexpected {text}; please report it"
    assert sorted(api.writes) == [(i, "PAUSED") for i in (1, 2, 3) if i != failing]


def test_an_unexpected_exception_after_a_change_was_accepted_still_says_so():
    """The change's second read fails unexpectedly: the failure tells what was sent, and the campaign as last read."""
    api = ScriptedApi({1: 3, 2: 3}, raises={1: (requests.exceptions.ChunkedEncodingError("Connection broken"), 2)})
    fleet = reconcile_many(api, [(1, "paused"), (2, "paused")], RunSettings(False, Waiter(5, 1)), concurrency=2)
    error = fleet.results[0].error
    assert error is not None
    assert str(error) == (
        "campaign 1 (Spring renewals): unexpected requests.exceptions.ChunkedEncodingError: Connection broken; "
        "please report it (already applied: PAUSED)"
    )
    assert error.result(every_field=False)["transitions"] == ["PAUSED"]
    assert fleet.changed
    assert [r.kind for r in fleet.results] == ["failed", "changed"]


@pytest.mark.parametrize("failing", [1, 2])
def test_an_unexpected_exception_in_a_read_fails_that_read_only(failing):
    api = ScriptedApi({1: 3, 2: 8, 3: 10}, raises={failing: (RuntimeError("boom"), 1)})
    read = read_many(api, [1, 2, 3], concurrency=3)
    assert str(read[failing - 1]) == f"campaign {failing}: unexpected RuntimeError: boom; please report it"
    assert [item.status for item in read if not isinstance(item, ReconcileError)] == [
        status for campaign_id, status in ((1, 3), (2, 8), (3, 10)) if campaign_id != failing
    ]
