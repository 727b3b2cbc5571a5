# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where requests go and how the server is trusted: the base URL of a platform or an api_url, and the certificate
check, each refused before any request is sent."""

from __future__ import annotations

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._endpoint import resolve_base_url
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    USERNAME,
    add_read,
    add_write,
)


@pytest.mark.parametrize(
    "platform, api_url, expected",
    [
        ("na12", None, "https://vcc-na12.8x8.com"),
        ("EU5", None, "https://vcc-eu5.8x8.com"),
        ("sb1", None, "https://vcc-sb1.8x8.com"),
        ("bc2", None, "https://odcc2.bell.ca"),
        ("BC2", None, "https://odcc2.bell.ca"),
        ("na12", "https://proxy.example.com/cc/", "https://proxy.example.com/cc"),
        (None, "http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        (None, "http://localhost:8080/", "http://localhost:8080"),
        (None, "http://[::1]:8080", "http://[::1]:8080"),
    ],
)
def test_base_url(platform, api_url, expected):
    assert resolve_base_url(platform, api_url) == expected


@pytest.mark.parametrize(
    "platform, api_url, message",
    [
        (None, None, "set platform"),
        ("na-12", None, "is not a platform name"),
        ("12na", None, "is not a platform name"),
        ("vcc-na12.8x8.com", None, "is not a platform name"),
        (None, "vcc-na12.8x8.com", "is not an http"),
        (None, "ftp://vcc-na12.8x8.com", "is not an http"),
        (None, "https://user:pw@vcc-na12.8x8.com", "must be a plain base URL, without credentials, query or fragment"),
        (None, "https://vcc-na12.8x8.com/?x=1", "must be a plain base URL"),
        (None, "https://[bad", "api_url is not a valid URL"),
        (None, "http://vcc-na12.8x8.com", "plain http to a host that is not this machine"),
        (None, "http://10.0.0.5", "plain http to a host that is not this machine"),
    ],
)
def test_bad_platform_or_api_url_is_refused_with_the_fix(platform, api_url, message):
    with pytest.raises(CampaignError, match=message):
        resolve_base_url(platform, api_url)


@pytest.mark.parametrize("api_url", ["ftp://u:SECRET@host", "https://host/?token=SECRET", "https://u:SECRET@[bad"])
def test_a_bad_api_url_is_not_echoed_when_it_may_hold_a_secret(api_url):
    with pytest.raises(CampaignError) as caught:
        resolve_base_url(None, api_url)
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize(
    "validate_certs, ca_path, expected",
    [
        (True, None, "ENV"),  # the environment's bundle serves when nothing else is said
        (False, None, False),
        (True, "OPTION", "OPTION"),
        (False, "OPTION", False),
    ],
)
def test_the_environment_ca_bundle_never_overrides_the_options(
    api_mock, monkeypatch, tmp_path, validate_certs, ca_path, expected
):
    files = {"ENV": tmp_path / "else.pem", "OPTION": tmp_path / "cc-ca.pem"}
    for path in files.values():
        path.write_text("")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(files["ENV"]))
    ca_path = str(files[ca_path]) if ca_path else None
    expected = str(files[expected]) if isinstance(expected, str) else expected
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, validate_certs=validate_certs, ca_path=ca_path)
    add_read(api_mock, 3)
    add_write(api_mock)
    api.read(125)
    api.write(125, "PAUSED")
    assert [call.request.req_kwargs["verify"] for call in api_mock.calls] == [expected, expected]


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_a_missing_ca_bundle_named_by_the_environment_is_a_clear_error(monkeypatch, variable):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.setenv(variable, "/nonexistent/bundle.pem")
    with pytest.raises(
        CampaignError, match=f"the environment variable {variable} names /nonexistent/bundle.pem, which does not exist"
    ):
        CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN)
    CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, validate_certs=False)  # not looked at: nothing to verify


def test_a_missing_ca_path_is_a_clear_error():
    with pytest.raises(CampaignError, match="ca_path /nonexistent/ca.pem does not exist"):
        CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, ca_path="/nonexistent/ca.pem")
