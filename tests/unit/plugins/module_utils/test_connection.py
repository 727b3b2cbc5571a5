# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection options, declared once: the modules' argument spec built from them, the base URL taken from the
environment only as a pair, the credentials' checks, and the bounds of concurrency."""

from __future__ import annotations

import pytest
import responses
from ansible.module_utils.basic import env_fallback

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._connection import (
    ENV_PREFIX,
    MAX_CONCURRENCY,
    OPTIONS,
    READ_OPTIONS,
    Connection,
    Wording,
    base_url,
    check_concurrency,
    credential,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._module import connection_argument_spec
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    USERNAME,
    add_read,
    add_write,
    campaign_answer,
    read_url,
    sent,
    write_url,
)

WORDS = Wording(not_set="say it, or set {variable}", empty="fill it in, or set {variable}")


def test_the_modules_argument_spec_is_built_from_the_options_one_entry_each():
    spec = connection_argument_spec()
    assert list(spec) == [option.name for option in OPTIONS]
    assert spec == {
        "platform": {"type": "str"},
        "api_url": {"type": "str"},
        "username": {"type": "str", "fallback": (env_fallback, ["EIGHTBYEIGHT_CC_USERNAME"])},
        "data_token": {"type": "str", "no_log": True, "fallback": (env_fallback, ["EIGHTBYEIGHT_CC_DATA_TOKEN"])},
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path"},
        "timeout": {"type": "float", "default": 30},
        "retries": {"type": "int", "default": 3},
        "concurrency": {"type": "int", "default": 8},
        "action_token": {"type": "str", "no_log": True, "fallback": (env_fallback, ["EIGHTBYEIGHT_CC_ACTION_TOKEN"])},
    }


def test_each_option_gives_its_entry_and_every_secret_is_no_log():
    spec = connection_argument_spec()
    for option in OPTIONS:
        entry = spec[option.name]
        assert entry["type"] == option.type
        assert entry.get("default") == option.default
        assert entry.get("no_log", False) is option.secret
        assert ("fallback" in entry) is option.from_environment
        assert option.variable == ENV_PREFIX + option.name.upper()
    assert {option.name for option in OPTIONS if option.secret} == {"data_token", "action_token"}
    assert [option.name for option in READ_OPTIONS] == [
        option.name for option in OPTIONS if option.name != "action_token"
    ]


def test_each_module_gets_a_spec_of_its_own():
    first = connection_argument_spec()
    first["timeout"]["default"] = 5
    first["username"]["fallback"][1].append("ELSEWHERE")
    del first["platform"]
    assert connection_argument_spec()["timeout"] == {"type": "float", "default": 30}
    assert connection_argument_spec()["username"]["fallback"][1] == ["EIGHTBYEIGHT_CC_USERNAME"]
    assert "platform" in connection_argument_spec()


ENVIRON = {"EIGHTBYEIGHT_CC_PLATFORM": "eu5", "EIGHTBYEIGHT_CC_API_URL": "https://proxy.example.com/cc"}


@pytest.mark.parametrize(
    "values, environ, expected",
    [
        ({"platform": "na12"}, {}, "https://vcc-na12.8x8.com"),
        ({"api_url": "https://cc.example.com/"}, {}, "https://cc.example.com"),
        ({"platform": "na12", "api_url": "https://cc.example.com"}, {}, "https://cc.example.com"),
        ({}, ENVIRON, "https://proxy.example.com/cc"),
        ({"platform": None, "api_url": None}, {"EIGHTBYEIGHT_CC_PLATFORM": "EU5"}, "https://vcc-eu5.8x8.com"),
        ({}, {"EIGHTBYEIGHT_CC_API_URL": "https://proxy.example.com/cc"}, "https://proxy.example.com/cc"),
        (
            {},
            {"EIGHTBYEIGHT_CC_PLATFORM": "", "EIGHTBYEIGHT_CC_API_URL": "https://x.example.com"},
            "https://x.example.com",
        ),
        # One of the pair given: the other is never taken from the environment.
        ({"platform": "na12"}, ENVIRON, "https://vcc-na12.8x8.com"),
        ({"api_url": "https://cc.example.com"}, ENVIRON, "https://cc.example.com"),
    ],
)
def test_the_base_url_takes_platform_and_api_url_from_the_environment_only_as_a_pair(values, environ, expected):
    assert base_url(values, environ) == expected


def test_a_platform_given_empty_is_not_replaced_by_the_environments():
    with pytest.raises(CampaignError, match="^set platform"):
        base_url({"platform": ""}, ENVIRON)


def test_nothing_anywhere_says_what_to_set():
    for environ in ({}, {"EIGHTBYEIGHT_CC_PLATFORM": "", "EIGHTBYEIGHT_CC_API_URL": ""}):
        with pytest.raises(CampaignError) as caught:
            base_url({}, environ)
        assert str(caught.value) == (
            "set platform (for example na12) or api_url, or the environment variable EIGHTBYEIGHT_CC_PLATFORM or "
            "EIGHTBYEIGHT_CC_API_URL"
        )


def test_a_platform_from_the_environment_is_checked_as_one_given():
    with pytest.raises(CampaignError, match="platform 'vcc-na12.8x8.com' is not a platform name"):
        base_url({}, {"EIGHTBYEIGHT_CC_PLATFORM": "vcc-na12.8x8.com"})
    with pytest.raises(CampaignError, match="uses plain http to a host that is not this machine"):
        base_url({}, {"EIGHTBYEIGHT_CC_API_URL": "http://cc.example.com"})


@pytest.mark.parametrize("value", ["acme", "Zoë Müller", "tok:en ÿ", "x" * 200])
def test_a_latin_1_credential_is_taken_as_given(value):
    assert credential({"username": value}, {}, "username", WORDS) == value
    assert credential({}, {"EIGHTBYEIGHT_CC_USERNAME": value}, "username", WORDS) == value


@pytest.mark.parametrize("value", ["tok€n", "名前", "emoji-\U0001f600", "ł"])
@pytest.mark.parametrize("name, required", [("username", True), ("data_token", True), ("action_token", False)])
def test_a_credential_http_basic_authentication_cannot_carry_is_refused_without_echoing_it(name, required, value):
    for values, environ in (({name: value}, {}), ({}, {f"EIGHTBYEIGHT_CC_{name.upper()}": value})):
        with pytest.raises(CampaignError) as caught:
            credential(values, environ, name, WORDS, required=required)
        assert str(caught.value) == f"{name} has characters HTTP Basic authentication cannot send: check its value"
        assert value not in str(caught.value)


def test_a_required_credential_missing_or_empty_is_refused_in_the_callers_words():
    with pytest.raises(CampaignError) as caught:
        credential({}, {}, "data_token", WORDS)
    assert str(caught.value) == "data_token is not set: say it, or set EIGHTBYEIGHT_CC_DATA_TOKEN"
    for values, environ in (({"username": ""}, {}), ({}, {"EIGHTBYEIGHT_CC_USERNAME": ""})):
        with pytest.raises(CampaignError) as caught:
            credential(values, environ, "username", WORDS)
        assert str(caught.value) == "username is empty: fill it in, or set EIGHTBYEIGHT_CC_USERNAME"


def test_an_empty_credential_given_is_not_replaced_by_the_environments():
    with pytest.raises(CampaignError, match="^username is empty"):
        credential({"username": ""}, {"EIGHTBYEIGHT_CC_USERNAME": "from-env"}, "username", WORDS)
    assert credential({"username": None}, {"EIGHTBYEIGHT_CC_USERNAME": "from-env"}, "username", WORDS) == "from-env"


def test_a_credential_not_required_may_be_missing_or_empty():
    assert credential({}, {}, "action_token", WORDS, required=False) is None
    assert credential({"action_token": ""}, {}, "action_token", WORDS, required=False) is None
    assert credential({}, {"EIGHTBYEIGHT_CC_ACTION_TOKEN": "env-action"}, "action_token", WORDS, required=False) == (
        "env-action"
    )


@pytest.mark.parametrize("value", [1, 8, MAX_CONCURRENCY])
def test_concurrency_from_1_to_the_maximum_is_taken(value):
    assert check_concurrency(value) == value


@pytest.mark.parametrize("value", [0, -1, MAX_CONCURRENCY + 1, 1000])
def test_concurrency_outside_its_bounds_is_refused(value):
    with pytest.raises(CampaignError) as caught:
        check_concurrency(value)
    assert str(caught.value) == f"concurrency must be from 1 to 64, got {value}"


def test_a_connection_builds_a_client_that_reads_and_writes_with_its_tokens(api_mock):
    connection = Connection(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, timeout=7, retries=0, concurrency=2)
    api = connection.client()
    add_read(api_mock, 3)
    add_write(api_mock)
    assert api.read(125) == campaign_answer(125, 3)
    api.write(125, "PAUSED")
    assert sent(api_mock) == [("GET", read_url(125), None), ("POST", write_url(125), {"status": "PAUSED"})]
    assert [call.request.req_kwargs["timeout"] for call in api_mock.calls] == [7, 7]
    reader = Connection(BASE_URL, USERNAME, DATA_TOKEN).client()
    assert api.can_write and not reader.can_write


def test_a_connection_with_a_missing_ca_file_builds_no_client(tmp_path):
    with pytest.raises(CampaignError, match="ca_path .* does not exist"):
        Connection(BASE_URL, USERNAME, DATA_TOKEN, ca_path=str(tmp_path / "missing.pem")).client()


def test_a_connection_gives_the_client_its_retries(api_mock):
    api = Connection(BASE_URL, USERNAME, DATA_TOKEN, retries=0).client()
    api_mock.add(responses.GET, read_url(125), status=503)
    with pytest.raises(CampaignError):
        api.read(125)
    assert len(api_mock.calls) == 1
