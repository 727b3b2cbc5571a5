# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import base64

import pytest
import responses

from ansible_collections.eightbyeight.contact_center.plugins.modules.campaign_info import main
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    CONNECTION,
    DATA_TOKEN,
    SECRETS,
    USERNAME,
    add_read,
    read_url,
    sent,
)

INFO_CONNECTION = {k: v for k, v in CONNECTION.items() if k != "action_token"}


def test_reads_one_campaign_with_the_data_token(run_module, api_mock):
    add_read(api_mock, 10)
    run = run_module(main, dict(INFO_CONNECTION, campaign_id=125))
    assert not run.failed, run.result.get("msg")
    assert run.result["changed"] is False
    [campaign] = run.result["campaigns"]
    assert (campaign["id"], campaign["state"], campaign["status"], campaign["status_name"]) == (
        125,
        "purged",
        10,
        "Manual Purged",
    )
    assert campaign["no_of_records"] == 18 and campaign["sequential"] is False and campaign["end_time"] is None
    expected = "Basic " + base64.b64encode(f"{USERNAME}:{DATA_TOKEN}".encode()).decode()
    assert api_mock.calls[0].request.headers["Authorization"] == expected


def test_reads_several_campaigns_in_the_order_asked(run_module, api_mock):
    for campaign_id, status in ((7, 0), (3, 8), (5, 6)):
        add_read(api_mock, status, campaign_id=campaign_id)
    run = run_module(main, dict(INFO_CONNECTION, campaign_ids=[7, 3, 5]))
    assert [(c["id"], c["status"]) for c in run.result["campaigns"]] == [(7, 0), (3, 8), (5, 6)]
    urls = [url for _m, url, _b in sent(api_mock)]
    assert urls[0] == read_url(7), "the first alone, as a connection check; the others concurrently"
    assert sorted(urls) == sorted([read_url(7), read_url(3), read_url(5)])


@pytest.mark.parametrize("check_mode", [False, True])
def test_never_writes_and_ignores_an_action_token_given_for_the_whole_group(run_module, api_mock, check_mode):
    add_read(api_mock, 3)
    run = run_module(main, dict(CONNECTION, campaign_id=125), check_mode=check_mode)
    assert run.result["changed"] is False
    assert [m for m, _u, _b in sent(api_mock)] == ["GET"]
    assert not any(secret in run.output for secret in SECRETS)


def test_a_missing_campaign_names_it(run_module, api_mock):
    add_read(api_mock, 3, campaign_id=7)
    api_mock.add(responses.GET, read_url(8), status=404)
    run = run_module(main, dict(INFO_CONNECTION, campaign_ids=[7, 8]))
    assert run.failed
    assert run.result["msg"].startswith("1 of 2 campaigns could not be read: campaign 8: not found (HTTP 404 from GET")
    assert [c["id"] for c in run.result["campaigns"]] == [7], "the campaigns that could be read are returned"
    assert [f["id"] for f in run.result["failures"]] == [8]


@pytest.mark.parametrize(
    "bad, message",
    [
        ({}, "one of the following is required: campaign_id, campaign_ids"),
        ({"campaign_id": 1, "campaign_ids": [2]}, "parameters are mutually exclusive: campaign_id|campaign_ids"),
        (
            {"campaign_ids": [3, 0]},
            "campaign_ids: item 2 (0) is not a campaign ID (a positive whole number); nothing was sent",
        ),
        ({"campaign_ids": "125 12a,,7"}, "campaign_ids: item 2 ('12a'), item 3 ('') are not campaign IDs"),
    ],
)
def test_bad_parameters(run_module, api_mock, bad, message):
    run = run_module(main, dict(INFO_CONNECTION, **bad))
    assert run.failed
    assert message in run.result["msg"]
    assert len(api_mock.calls) == 0


def test_an_empty_list_reads_nothing(run_module, api_mock):
    run = run_module(main, dict(INFO_CONNECTION, campaign_ids=[]))
    assert run.result["campaigns"] == []


@pytest.mark.parametrize("spelling", ["7 3", "7,3", " 7 , 3 ", "[7, '3']", ["7", 3], [{"id": 7}, {"id": "3"}], "7 3 7"])
def test_every_spelling_of_an_id_list_reads_the_same_campaigns(run_module, api_mock, spelling):
    for campaign_id in (7, 3):
        add_read(api_mock, 8, campaign_id=campaign_id)
    run = run_module(main, dict(INFO_CONNECTION, campaign_ids=spelling))
    assert not run.failed, run.result.get("msg")
    assert [c["id"] for c in run.result["campaigns"]] == [7, 3]
