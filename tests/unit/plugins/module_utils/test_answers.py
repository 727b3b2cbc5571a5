# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What an answer, or the lack of one, means for the user: the message of each failure says what went wrong and
what to check."""

from __future__ import annotations

import socket

import pytest
import requests
import responses

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ApiError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    USERNAME,
    add_write,
    read_url,
    write_url,
)


@pytest.fixture
def api() -> CampaignApi:
    return CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN)


@pytest.mark.parametrize(
    "method, status, message",
    [
        (
            "GET",
            401,
            r"GET https://vcc-na12.8x8.com/api/stats/campaigns/125.json was refused \(HTTP 401: Unauthorized\): "
            r"check username and data_token \(reads use the Data Request Token\)",
        ),
        (
            "POST",
            401,
            r"POST https://vcc-na12.8x8.com/api/tstats/campaigns/125 was refused \(HTTP 401: Unauthorized\): "
            r"check username and action_token \(status changes use the Action Request Token\)",
        ),
        ("GET", 403, r"was refused \(HTTP 403: Unauthorized\): check username and data_token"),
        (
            "GET",
            404,
            r"not found \(HTTP 404 from GET https://vcc-na12.8x8.com/api/stats/campaigns/125.json\): check campaign_id",
        ),
        ("POST", 404, r"not found \(HTTP 404 from POST"),
    ],
)
def test_refusals_say_which_credential_or_parameter_to_check(api, api_mock, method, status, message):
    api_mock.add(
        method,
        read_url(125) if method == "GET" else write_url(125),
        status=status,
        json={"message": "Unauthorized"} if status != 404 else None,
    )
    with pytest.raises(ApiError, match=message):
        api.read(125) if method == "GET" else api.write(125, "PAUSED")


@pytest.mark.parametrize(
    "status, message",
    [
        (400, "Invalid state transition"),
        (400, "Not a dynamic campaign"),
        (400, "The campaign is not enabled."),
        (500, "Internal server error"),
    ],
)
def test_the_vendors_error_answers_keep_their_message(api, api_mock, status, message):
    add_write(api_mock, status=status, json={"message": message})
    with pytest.raises(ApiError) as caught:
        api.write(125, "RUNNING")
    assert str(caught.value) == f"POST {write_url(125)} answered HTTP {status}: {message}"
    assert (caught.value.status_code, caught.value.server_message) == (status, message)


def test_an_error_page_in_html_is_summarised(api, api_mock):
    add_write(api_mock, status=502, body="<html><h1>502 Bad Gateway</h1></html>", content_type="text/html", json=None)
    with pytest.raises(ApiError, match=r"answered HTTP 502: HTTP 502 with text/html .*502 Bad Gateway"):
        api.write(125, "RUNNING")


def test_an_unreachable_host_names_the_request_and_the_cause():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api = CampaignApi(f"http://127.0.0.1:{port}", USERNAME, DATA_TOKEN, ACTION_TOKEN, timeout=5)
    with pytest.raises(ApiError) as caught:
        api.read(125)
    message = str(caught.value)
    assert message.startswith(f"GET http://127.0.0.1:{port}/api/stats/campaigns/125.json failed: ")
    assert message.endswith("failed: Failed to establish a new connection: [Errno 111] Connection refused")


def test_a_timeout_says_how_long_it_waited(api_mock):
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, timeout=7)
    api_mock.add(responses.GET, read_url(125), body=requests.exceptions.ReadTimeout("read timed out"))
    with pytest.raises(ApiError, match=r"GET .* got no answer within 7 seconds: raise timeout"):
        api.read(125)


def test_a_tls_failure_says_how_to_trust_the_server(api, api_mock):
    api_mock.add(responses.GET, read_url(125), body=requests.exceptions.SSLError("certificate verify failed"))
    with pytest.raises(ApiError, match=r"failed TLS verification \(certificate verify failed\): set ca_path"):
        api.read(125)
