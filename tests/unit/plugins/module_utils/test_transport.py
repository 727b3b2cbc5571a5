# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The client: one session, the right token for each call, retries, the pace after HTTP 429, and answers and
messages that never hold a credential."""

from __future__ import annotations

import base64
import socket

import pytest
import requests
import responses
import urllib3
from urllib3.connection import HTTPSConnection

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import parse_campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import (
    ApiError,
    CampaignError,
    ReconcileError,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import read_many
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    SECRETS,
    USERNAME,
    add_read,
    add_write,
    campaign_answer,
    read_url,
    sent,
    write_url,
)


def basic(token: str) -> str:
    return "Basic " + base64.b64encode(f"{USERNAME}:{token}".encode()).decode()


@pytest.fixture
def api() -> CampaignApi:
    return CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN)


def test_a_read_uses_the_data_token_and_the_json_suffix(api, api_mock):
    add_read(api_mock, 3)
    assert api.read(125) == campaign_answer(125, 3)
    request = api_mock.calls[0].request
    assert request.url == read_url(125)
    assert request.headers["Authorization"] == basic(DATA_TOKEN)


def test_a_write_uses_the_action_token_and_a_json_body(api, api_mock):
    add_write(api_mock)
    api.write(125, "PAUSED")
    request = api_mock.calls[0].request
    assert sent(api_mock) == [("POST", write_url(125), {"status": "PAUSED"})]
    assert request.headers["Authorization"] == basic(ACTION_TOKEN)
    assert request.headers["Content-Type"] == "application/json"


def test_requests_go_out_as_requests_sends_them_asking_for_json(api, api_mock):
    add_read(api_mock, 3)
    api.read(125)
    headers = api_mock.calls[0].request.headers
    assert headers["User-Agent"].startswith("python-requests/")
    assert (headers["Accept"], headers["Accept-Encoding"]) == ("application/json", "gzip, deflate")


def test_a_cookie_the_server_sets_goes_back_with_the_next_requests(api, api_mock):
    api_mock.add(
        responses.GET, read_url(125), json=campaign_answer(125, 3), headers={"Set-Cookie": "lb=node-2; Path=/"}
    )
    add_write(api_mock)
    api.read(125)
    api.write(125, "PAUSED")
    assert "Cookie" not in api_mock.calls[0].request.headers
    assert api_mock.calls[1].request.headers["Cookie"] == "lb=node-2"


def test_a_405_to_post_is_sent_again_as_patch_and_patch_is_kept(api, api_mock):
    add_write(api_mock, status=405, json={"message": "Method Not Allowed"})
    add_write(api_mock, method=responses.PATCH)
    api.write(125, "PAUSED")
    api.write(125, "PURGED")
    assert [(method, body) for method, _url, body in sent(api_mock)] == [
        ("POST", {"status": "PAUSED"}),
        ("PATCH", {"status": "PAUSED"}),
        ("PATCH", {"status": "PURGED"}),
    ]


def test_a_405_to_patch_is_an_error(api, api_mock):
    add_write(api_mock, status=405)
    add_write(api_mock, method=responses.PATCH, status=405)
    with pytest.raises(ApiError, match=r"PATCH .* answered HTTP 405"):
        api.write(125, "PAUSED")


def test_patch_is_kept_only_once_the_server_accepted_one(api, api_mock):
    add_write(api_mock, status=405)  # a stray 405, from a proxy say
    add_write(api_mock, method=responses.PATCH, status=405)
    with pytest.raises(ApiError):
        api.write(125, "PAUSED")
    add_write(api_mock)
    api.write(125, "PAUSED")
    assert written_methods(api_mock) == ["POST", "PATCH", "POST"]


def test_an_html_login_page_is_not_taken_for_a_campaign(api, api_mock):
    api_mock.add(responses.GET, read_url(125), body="<html><body>Please log in</body></html>", content_type="text/html")
    with pytest.raises(
        ApiError, match=r"answered HTTP 200 with text/html \(a login page or a proxy\?\): '<html><body>Please log in"
    ):
        api.read(125)


def test_a_truncated_answer_is_not_json(api, api_mock):
    api_mock.add(responses.GET, read_url(125), body='{"campaign": {"status": 3, "ena', content_type="application/json")
    with pytest.raises(ApiError, match=r"answered HTTP 200 with application/json: .*, not JSON"):
        api.read(125)


def test_a_write_is_never_redirected(api, api_mock):
    add_write(api_mock, status=301, headers={"Location": "https://elsewhere.example.com/x"}, json=None)
    with pytest.raises(ApiError, match=r"was redirected \(HTTP 301\) to https://elsewhere.example.com/x: set api_url"):
        api.write(125, "RUNNING")
    assert len(api_mock.calls) == 1


def test_no_secret_in_any_error_message(api, api_mock):
    add_write(api_mock, status=401, json={"message": "Unauthorized"})
    api_mock.add(responses.GET, read_url(125), status=500, body="oops")
    for call in (lambda: api.write(125, "PAUSED"), lambda: api.read(125)):
        with pytest.raises(ApiError) as caught:
            call()
        assert not any(secret in str(caught.value) for secret in SECRETS)


# Retries: reads after passing faults; writes only after 429.


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 502, "body": "Bad Gateway"},
        {"status": 503, "body": "Service Unavailable"},
        {"status": 504, "body": "Gateway Timeout"},
        {"body": requests.exceptions.ConnectionError("Connection aborted.")},
        {"body": requests.exceptions.ReadTimeout("read timed out")},
    ],
)
def test_a_read_is_retried_after_a_passing_fault_with_growing_backoff(api, api_mock, clock, fault):
    api_mock.add(responses.GET, read_url(125), **fault)
    api_mock.add(responses.GET, read_url(125), **fault)
    add_read(api_mock, 3)
    assert api.read(125)["campaign"]["status"] == 3
    assert len(api_mock.calls) == 3
    first, second = clock.sleeps
    assert 0.25 <= first <= 0.5 and 0.5 <= second <= 1.0
    assert len(api.retry_notes) == 2 and api.retry_notes[1].endswith(f"retry 2 of 3 in {second:.1f} seconds")


def test_retry_after_is_honoured_in_seconds_and_as_a_date(api, api_mock, clock):
    api_mock.add(responses.GET, read_url(125), status=503, headers={"Retry-After": "7"})
    api_mock.add(responses.GET, read_url(125), status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    add_read(api_mock, 3)
    api.read(125)
    assert clock.sleeps == [7.0, 0.0]


def test_a_read_gives_up_after_retries_and_says_so(api, api_mock, clock):
    api_mock.add(responses.GET, read_url(125), status=503, json={"message": "Service Unavailable"})
    with pytest.raises(ApiError, match=r"answered HTTP 503 after 3 retries: Service Unavailable"):
        api.read(125)
    assert len(api_mock.calls) == 4


def test_a_server_asking_to_wait_too_long_gets_a_clear_failure_not_a_hung_task(api, api_mock, clock):
    api_mock.add(responses.GET, read_url(125), status=429, headers={"Retry-After": "600"})
    with pytest.raises(
        ApiError, match=r"was rate-limited \(HTTP 429\) and asks to retry in 600 seconds: try again later"
    ):
        api.read(125)
    assert clock.sleeps == []


@pytest.mark.parametrize("status", [400, 401, 404, 500])
def test_a_read_is_not_retried_after_an_answer_that_will_not_change(api, api_mock, clock, status):
    api_mock.add(responses.GET, read_url(125), status=status, json={"message": "no"})
    with pytest.raises(ApiError):
        api.read(125)
    assert len(api_mock.calls) == 1


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 502, "body": "Bad Gateway"},
        {"status": 503, "body": "Service Unavailable"},
        {"body": requests.exceptions.ConnectionError("Connection aborted.")},
    ],
)
def test_a_write_is_not_repeated_by_the_transport(api, api_mock, clock, fault):
    api_mock.add(responses.POST, write_url(125), **fault)
    with pytest.raises(ApiError) as caught:
        api.write(125, "PAUSED")
    assert len(api_mock.calls) == 1
    assert caught.value.answered is ("status" in fault)


def test_no_retries_when_retries_is_zero(api_mock, clock):
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, retries=0)
    api_mock.add(responses.GET, read_url(125), status=503)
    with pytest.raises(ApiError):
        api.read(125)
    assert len(api_mock.calls) == 1 and clock.sleeps == []


# Network edges: proxies, redirects, malformed URLs, unknown hosts.


@pytest.mark.parametrize(
    "base_url, proxied", [("http://127.0.0.1:8080", False), ("http://localhost:8080", False), (BASE_URL, True)]
)
def test_proxies_from_the_environment_are_never_used_for_this_machine(api_mock, monkeypatch, base_url, proxied):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://proxy.example.com:3128")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    api = CampaignApi(base_url, USERNAME, DATA_TOKEN, ACTION_TOKEN)
    api_mock.add(responses.GET, f"{base_url}/api/stats/campaigns/125.json", json=campaign_answer(125, 3))
    api.read(125)
    proxies = api_mock.calls[0].request.req_kwargs["proxies"]
    assert bool(proxies.get(base_url.split(":")[0])) is proxied


def test_a_proxy_failure_says_it_came_from_the_proxy_without_its_password(api, api_mock, monkeypatch, clock):
    monkeypatch.setenv("HTTPS_PROXY", "http://ops:proxy-pass@proxy.example.com:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    api_mock.add(
        responses.GET,
        read_url(125),
        body=requests.exceptions.ProxyError(
            "Unable to connect to proxy", OSError("Tunnel connection failed: 407 Proxy Authentication Required")
        ),
    )
    api_mock.add(responses.GET, read_url(125), json=campaign_answer(125, 3))
    api.read(125)  # a passing fault at the proxy is retried like any other
    assert api.retry_notes[0].startswith(f"GET {read_url(125)} failed at the proxy proxy.example.com:3128 (")
    assert (
        "(Tunnel connection failed: 407 Proxy Authentication Required): check HTTPS_PROXY and NO_PROXY"
        in api.retry_notes[0]
    )
    assert "proxy-pass" not in api.retry_notes[0]


def test_a_get_redirected_to_another_host_fails_naming_the_redirect(api, api_mock):
    api_mock.add(
        responses.GET,
        read_url(125),
        status=302,
        headers={"Location": "https://sso.example.com/login?next=/api&token=abc"},
    )
    with pytest.raises(
        ApiError, match=r"^GET .* was redirected \(HTTP 302\) to https://sso.example.com/login: set api_url"
    ):
        api.read(125)
    assert len(api_mock.calls) == 1, "not followed: the credentials would go along"


@pytest.mark.parametrize(
    "error, message",
    [
        (requests.exceptions.InvalidURL("Failed to parse: https://vcc-na12.8x8.com:x"), "cannot be sent"),
        (
            requests.exceptions.ConnectionError(socket.gaierror(-2, "Name or service not known")),
            "check platform or api_url, and this machine's DNS",
        ),
        (requests.exceptions.SSLError("certificate verify failed"), "failed TLS verification"),
    ],
)
def test_faults_that_sending_again_cannot_mend_are_not_retried(api, api_mock, clock, error, message):
    api_mock.add(responses.GET, read_url(125), body=error)
    with pytest.raises(ApiError, match=message):
        api.read(125)
    assert len(api_mock.calls) == 1 and clock.sleeps == []


def test_a_write_that_could_not_connect_is_sent_again_since_nothing_arrived(api, api_mock, clock):
    refused = urllib3.exceptions.NewConnectionError(
        HTTPSConnection("vcc-na12.8x8.com"), "Failed to establish a new connection: [Errno 111] Connection refused"
    )
    add_write(api_mock, body=requests.exceptions.ConnectionError(refused), json=None)
    add_write(api_mock)
    api.write(125, "PAUSED")
    assert written_methods(api_mock) == ["POST", "POST"]


def test_server_text_quoting_the_credentials_is_scrubbed(api, api_mock):
    echo = f"<html>Bad request. Authorization: {basic(ACTION_TOKEN)} token={ACTION_TOKEN} data={DATA_TOKEN}</html>"
    add_write(api_mock, status=400, body=echo, content_type="text/html", json=None)
    with pytest.raises(ApiError) as caught:
        api.write(125, "PAUSED")
    message = str(caught.value)
    assert "********" in message
    assert not any(secret in message for secret in SECRETS + (basic(ACTION_TOKEN)[6:], basic(DATA_TOKEN)[6:]))
    assert not any(secret in (caught.value.server_message or "") for secret in SECRETS)


@pytest.mark.parametrize("status, content_type", [(200, "text/html"), (200, "application/json"), (400, "text/html")])
@pytest.mark.parametrize("secret", [DATA_TOKEN, basic(DATA_TOKEN)[6:]])
def test_a_credential_that_a_preview_would_cut_in_half_is_masked_whole(api, api_mock, status, content_type, secret):
    body = f"<p>{'x' * 69} {secret} and more</p>"  # the preview's cut, at 80 characters, falls inside the secret
    api_mock.add(responses.GET, read_url(125), status=status, body=body, content_type=content_type)
    with pytest.raises(ApiError) as caught:
        api.read(125)
    message = str(caught.value)
    assert f"HTTP {status} with {content_type}" in message
    assert secret[:6] not in message and secret[:6] not in (caught.value.server_message or "")


def test_a_read_answer_quoting_the_credentials_comes_back_with_them_masked(api, api_mock):
    echo = {"headers": {"Authorization": basic(DATA_TOKEN)}, "query": [f"token={DATA_TOKEN}"], DATA_TOKEN: 1}
    api_mock.add(responses.GET, read_url(125), json=echo)
    answer = api.read(125)
    assert answer == {"headers": {"Authorization": "Basic ********"}, "query": ["token=********"], "********": 1}
    with pytest.raises(CampaignError) as caught:
        parse_campaign(answer, 125)  # which quotes the answer, cut at 120 characters
    assert not any(secret[:6] in str(caught.value) for secret in (DATA_TOKEN, basic(DATA_TOKEN)[6:]))


def test_an_authorization_value_quoted_with_its_slash_escaped_is_masked(api_mock):
    api = CampaignApi(BASE_URL, USERNAME, "tok?en")
    value = basic("tok?en")[6:]
    assert "/" in value
    escaped = value.replace("/", "\\/")  # as PHP's json_encode writes it
    truncated = f'{{"echo": "Basic {escaped}", "cut'
    api_mock.add(responses.GET, read_url(125), body=truncated, content_type="application/json")
    with pytest.raises(ApiError, match=r"'{\"echo\": \"Basic \*{8}\", \"cut', not JSON") as caught:
        api.read(125)
    assert escaped[:6] not in str(caught.value)


def written_methods(mock):
    return [method for method, _url, _body in sent(mock)]


# Rate limits: a 429 slows the whole client down, and the pace recovers gradually.


def test_a_429_spaces_out_the_requests_of_the_whole_client_and_the_pace_recovers(api_mock, clock):
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN)
    for campaign_id in range(1, 5):
        add_read(api_mock, 3, campaign_id=campaign_id)
        clock.sleep(0.1)
        api.read(campaign_id)  # four requests within the last second: no limit yet
    api_mock.add(responses.GET, read_url(5), status=429, headers={"Retry-After": "2"})
    add_read(api_mock, 3, campaign_id=5)
    clock.sleeps.clear()
    api.read(5)
    assert clock.sleeps == [2], "the request itself waits as Retry-After asks"
    starts = []
    for campaign_id in range(6, 30):
        add_read(api_mock, 3, campaign_id=campaign_id)
        starts.append(clock.now)
        api.read(campaign_id)
    gaps = [later - earlier for earlier, later in zip(starts, starts[1:])]
    # half the 5 requests a second seen, raised by 1.25 a second of good answers while below the 5 the 429 came at
    assert gaps[:2] == pytest.approx([1 / 2.5, 1 / (2.5 * 1.25**0.4)]), "half the 5 requests a second seen, then raised"
    assert all(later < earlier for earlier, later in zip(gaps, gaps[1:])), "the pace recovers gradually"


def test_after_a_429_no_thread_starts_before_retry_after(api_mock, clock):
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, retries=0)
    api_mock.add(responses.GET, read_url(1), status=429, headers={"Retry-After": "7"})
    add_read(api_mock, 3, campaign_id=2)
    with pytest.raises(ApiError, match="rate-limited"):
        api.read(1)  # as another thread's request would
    start = clock.now
    api.read(2)
    assert clock.now - start == pytest.approx(7)


def test_a_retry_after_too_long_to_wait_fails_every_request_at_once_and_sends_no_other(api_mock, clock):
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN)
    api_mock.add(responses.GET, read_url(1), status=429, headers={"Retry-After": "3600"})
    with pytest.raises(ApiError, match="asks to retry in 3600 seconds"):
        api.read(1)  # fails at once
    for campaign_id in (2, 3):  # as other threads' requests would: not parked, not sent
        with pytest.raises(ApiError) as caught:
            api.read(campaign_id)
        assert str(caught.value) == (
            f"GET {read_url(campaign_id)} was not sent: the platform answered HTTP 429 and asked for no request for "
            "3600 more seconds: try again later"
        )
        assert caught.value.status_code == 429 and not caught.value.delivered
    assert len(api_mock.calls) == 1
    assert not any(seconds > 120 for seconds in clock.sleeps), "no thread sleeps past the cap"
    clock.sleep(3600)
    add_read(api_mock, 3, campaign_id=2)
    api.read(2)  # the platform's window has passed


def test_many_campaigns_behind_a_retry_after_too_long_all_fail_in_seconds(api_mock, clock):
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, connections=8)
    api_mock.add(responses.GET, read_url(1), status=429, headers={"Retry-After": "3600"})
    results = read_many(api, list(range(1, 501)), concurrency=8)
    assert all(isinstance(result, ReconcileError) for result in results)
    assert len(api_mock.calls) == 1 and clock.now - 1000.0 < 5


def test_after_a_429_to_the_first_request_some_six_seconds_of_good_answers_lift_the_limit(api_mock, clock):
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN)
    api_mock.add(responses.GET, read_url(1), status=429, headers={"Retry-After": "1"})
    add_read(api_mock, 3, campaign_id=1)
    api.read(1)  # one request seen: the rate is cut to 1 a second
    start = clock.now
    for campaign_id in range(2, 2000):  # twice the rate every two seconds, then faster: 1000 a second after 6.3
        add_read(api_mock, 3, campaign_id=campaign_id)
        clock.sleeps.clear()
        api.read(campaign_id)
        if not clock.sleeps:
            break
    assert clock.now - start == pytest.approx(6.3, abs=0.1)
    clock.sleeps.clear()
    for later in (campaign_id + 1, campaign_id + 2):
        add_read(api_mock, 3, campaign_id=later)
        api.read(later)
    assert clock.sleeps == [], "no limit any more"
