# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source's arguments, checked: each read as its type from the text a rulebook variable renders, the
connection checked as the modules check it, with the same EIGHTBYEIGHT_CC_* fallbacks, and every refusal naming the
argument."""

from __future__ import annotations

import typing as t

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._connection import (
    READ_OPTIONS,
    Wording,
    credential,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._watch_settings import (
    ARGUMENTS,
    SourceArgumentError,
    settings,
)
from ansible_collections.eightbyeight.contact_center.plugins.modules import campaign_info
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import DATA_TOKEN, USERNAME

CONNECTION = {"platform": "na12", "username": USERNAME, "data_token": DATA_TOKEN}
WATCH = {**CONNECTION, "campaign_ids": [125]}
ENV = {
    "EIGHTBYEIGHT_CC_PLATFORM": "eu5",
    "EIGHTBYEIGHT_CC_API_URL": "https://proxy.example.com/cc",
    "EIGHTBYEIGHT_CC_USERNAME": "from-env",
    "EIGHTBYEIGHT_CC_DATA_TOKEN": "env-data-token-1234",
}


def refusal(args: dict[str, t.Any], environ: t.Mapping[str, str] | None = None) -> str:
    with pytest.raises(SourceArgumentError) as caught:
        settings(args, environ or {})
    return str(caught.value)


@pytest.mark.parametrize(
    "name, given, expected",
    [
        ("interval", "2.5", 2.5),
        ("interval", " 30 ", 30.0),
        ("interval", 45, 45.0),
        ("timeout", "7", 7.0),
        ("reemit_max", "0", 0.0),
        ("heartbeat", "0.5", 0.5),
        ("concurrency", "4", 4),
        ("concurrency", 16.0, 16),
        ("retries", "0", 0),
        ("stuck_after", " 3 ", 3),
        ("validate_certs", "false", False),
        ("validate_certs", " No ", False),
        ("validate_certs", "off", False),
        ("validate_certs", "0", False),
        ("validate_certs", "TRUE", True),
        ("validate_certs", "yes", True),
        ("validate_certs", "1", True),
        ("validate_certs", False, False),
        ("ca_path", "/etc/ssl/cc.pem", "/etc/ssl/cc.pem"),
    ],
)
def test_each_argument_is_read_as_its_type_from_the_text_a_rulebook_variable_renders(name, given, expected):
    value = getattr(settings({**WATCH, name: given}, {}), name)
    assert value == expected and type(value) is type(expected)


def test_what_is_not_given_takes_the_documented_default():
    config = settings(WATCH, {})
    assert config.base_url == "https://vcc-na12.8x8.com"
    assert (config.validate_certs, config.ca_path, config.timeout, config.retries) == (True, None, 30.0, 3)
    assert (config.interval, config.concurrency, config.reemit_max) == (30.0, 8, 600.0)
    assert (config.stuck_after, config.heartbeat, config.desired) == (5, 300.0, None)
    assert config.campaigns == [(125, None)]


@pytest.mark.parametrize(
    "name, given, message",
    [
        ("interval", "0", "interval must be a positive number of seconds, got 0.0"),
        ("interval", "-5", "interval must be a positive number of seconds, got -5.0"),
        ("interval", "inf", "interval must be a positive number of seconds, got inf"),
        ("interval", True, "interval must be a number, got True"),
        ("interval", [30], "interval must be a number, got [30]"),
        ("timeout", "", "timeout must be a number, got ''"),
        ("reemit_max", "-1", "reemit_max must be a number of seconds, 0 for off, got -1.0"),
        ("concurrency", "2.5", "concurrency must be a whole number, got '2.5'"),
        ("concurrency", "0", "concurrency must be from 1 to 64, got 0"),
        ("concurrency", True, "concurrency must be a whole number, got True"),
        ("retries", "-1", "retries must be a whole number, got '-1'"),
        ("stuck_after", -1, "stuck_after must be 0 or more, got -1"),
        ("validate_certs", "maybe", "validate_certs must be true or false, got 'maybe'"),
        ("validate_certs", 1, "validate_certs must be true or false, got 1"),
        ("ca_path", 7, "ca_path must be a string, got a int"),
        ("username", 125, "username must be a string, got a int"),
        ("platform", ["na12"], "platform must be a string, got a list"),
    ],
)
def test_an_argument_that_is_not_of_its_type_is_refused_naming_it(name, given, message):
    assert refusal({**WATCH, name: given}) == message


@pytest.mark.parametrize("name", ["concurrency", "retries", "stuck_after"])
def test_a_whole_number_in_digits_python_cannot_read_is_refused_naming_it(name):
    assert refusal({**WATCH, name: "²"}) == f"{name} must be a whole number, got '²'"


def test_unknown_arguments_are_named_with_every_argument_the_source_takes():
    message = refusal({**WATCH, "intervall": 5, "campaign": 125})
    takes = ", ".join(sorted(ARGUMENTS))
    assert message == f"unknown arguments campaign, intervall; it takes {takes}"
    assert {option.name for option in READ_OPTIONS} < ARGUMENTS
    assert settings({**WATCH, "eda_feedback_queue": object(), "eda_something": 1}, {}).campaigns == [(125, None)]


def test_an_action_token_is_refused_with_a_hint_and_never_echoed():
    message = refusal({**WATCH, "action_token": "action-secret-93ab"})
    assert message.startswith("unknown arguments action_token (the source only reads: give no action_token); it takes")
    assert "action-secret-93ab" not in message
    assert "action_token" not in ARGUMENTS


@pytest.mark.parametrize(
    "given, environ, expected",
    [
        ({}, ENV, "https://proxy.example.com/cc"),  # both from the environment: api_url wins, as given it would
        ({}, {"EIGHTBYEIGHT_CC_PLATFORM": "eu5"}, "https://vcc-eu5.8x8.com"),
        ({}, {"EIGHTBYEIGHT_CC_API_URL": "https://proxy.example.com/cc/"}, "https://proxy.example.com/cc"),
        (
            {},
            {"EIGHTBYEIGHT_CC_PLATFORM": "", "EIGHTBYEIGHT_CC_API_URL": "http://127.0.0.1:8080"},
            "http://127.0.0.1:8080",
        ),
        # One of the pair given: the environment's are not looked at, not even the other one.
        ({"platform": "na12"}, ENV, "https://vcc-na12.8x8.com"),
        ({"api_url": "https://cc.example.com"}, ENV, "https://cc.example.com"),
    ],
)
def test_platform_and_api_url_come_from_the_environment_only_as_a_pair_when_neither_is_given(given, environ, expected):
    args = {"username": USERNAME, "data_token": DATA_TOKEN, "campaign_ids": [125], **given}
    assert settings(args, environ).base_url == expected


def test_without_platform_and_api_url_anywhere_the_source_says_what_to_set():
    assert refusal({"username": USERNAME, "data_token": DATA_TOKEN, "campaign_ids": [125]}) == (
        "set platform (for example na12) or api_url, or the environment variable EIGHTBYEIGHT_CC_PLATFORM or "
        "EIGHTBYEIGHT_CC_API_URL"
    )


def test_the_credentials_come_from_the_environment_unless_given():
    from_env = settings({"campaign_ids": [125]}, ENV)
    assert (from_env.username, from_env.data_token) == ("from-env", "env-data-token-1234")
    given = settings(WATCH, ENV)
    assert (given.username, given.data_token) == (USERNAME, DATA_TOKEN)
    assert refusal({"campaign_ids": [125]}, {**ENV, "EIGHTBYEIGHT_CC_DATA_TOKEN": ""}) == (
        "data_token is empty: give it, or set EIGHTBYEIGHT_CC_DATA_TOKEN"
    )
    assert refusal({**WATCH, "username": ""}, ENV) == "username is empty: give it, or set EIGHTBYEIGHT_CC_USERNAME"


# The source and the modules: one check of the credentials, each worded for its own user.

MISSING_OR_BAD = [
    pytest.param("username", None, id="username not set"),
    pytest.param("username", "", id="username empty"),
    pytest.param("data_token", None, id="data_token not set"),
    pytest.param("data_token", "", id="data_token empty"),
    pytest.param("data_token", "tok€n-1234", id="data_token not Latin-1"),
    pytest.param("username", "名前", id="username not Latin-1"),
]


@pytest.mark.parametrize("name, value", MISSING_OR_BAD)
def test_the_source_and_the_modules_refuse_the_same_credentials_each_in_its_own_words(run_module, name, value):
    given = {**CONNECTION, name: value}
    source = refusal({**given, "campaign_ids": [125]})
    module = run_module(campaign_info.main, {**given, "campaign_ids": [125]})
    assert module.failed, "the module sends nothing with it either"
    # The one check of both, worded for the source's user: the source says exactly that.
    words = Wording(not_set="give it as an argument, or set {variable}", empty="give it, or set {variable}")
    with pytest.raises(CampaignError) as checked:
        credential(given, {}, name, words)
    assert source == str(checked.value)
    variable = f"EIGHTBYEIGHT_CC_{name.upper()}"
    if value is None:
        assert source == f"{name} is not set: give it as an argument, or set {variable}"
        assert module.result["msg"] == f"{name} is not set: set it in the task or module_defaults, or {variable}"
    elif value == "":
        assert source == f"{name} is empty: give it, or set {variable}"
        assert module.result["msg"] == f"{name} is empty: set it, or {variable}"
    else:  # nothing to set, only a value to check: the same words
        assert (
            source
            == module.result["msg"]
            == (f"{name} has characters HTTP Basic authentication cannot send: check its value")
        )
        assert value not in source


@pytest.mark.parametrize("name, value", [("username", "Zoë"), ("data_token", "tökén-5678")])
def test_a_latin_1_credential_is_taken_by_the_source_as_by_the_check(name, value):
    config = settings({**WATCH, name: value}, {})
    assert getattr(config, name) == value == credential({name: value}, {}, name, Wording("", ""))


def test_a_refusal_is_a_value_error_and_a_campaign_error():
    assert issubclass(SourceArgumentError, ValueError) and issubclass(SourceArgumentError, CampaignError)


def test_a_missing_ca_file_is_refused_when_the_client_is_built_naming_ca_path(tmp_path):
    config = settings({**WATCH, "ca_path": str(tmp_path / "missing.pem")}, {})
    with pytest.raises(SourceArgumentError) as caught:
        config.client()
    assert str(caught.value) == (
        f"ca_path {tmp_path / 'missing.pem'} does not exist: give the PEM file of the CA that signed the server's "
        "certificate"
    )
    bundle = tmp_path / "cc.pem"
    bundle.write_text("")
    client = settings({**WATCH, "ca_path": str(bundle)}, {}).client()
    assert client.base_url == "https://vcc-na12.8x8.com" and not client.can_write, "the data token only"


def test_the_argument_list_is_the_connection_options_but_action_token_and_the_sources_own():
    own = {
        "campaign_ids",
        "desired_state",
        "interval",
        "reemit_max",
        "stuck_after",
        "heartbeat",
        "hold_dir",
        "state_file",
    }
    assert ARGUMENTS == {option.name for option in READ_OPTIONS} | own


def test_the_hold_directory_is_the_argument_else_eightbyeight_cc_hold_dir_else_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    variable = {"EIGHTBYEIGHT_CC_HOLD_DIR": "/srv/holds"}
    assert settings(WATCH, {}).hold_dir is None, "no directory: the holds by hand stay with the source"
    assert settings(WATCH, variable).hold_dir == "/srv/holds"
    assert settings({**WATCH, "hold_dir": "holds"}, variable).hold_dir == str(tmp_path / "holds"), "from where it runs"
    assert settings({**WATCH, "hold_dir": ""}, variable).hold_dir == "/srv/holds", "a variable defaulted to ''"
    assert settings({**WATCH, "hold_dir": " "}, {}).hold_dir is None
    assert refusal({**WATCH, "hold_dir": 7}) == "hold_dir must be a string, got a int"


def test_a_state_file_is_a_file_in_a_directory_that_exists(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert settings(WATCH, {"EIGHTBYEIGHT_CC_HOLD_DIR": "/srv/holds"}).state_file is None
    assert settings({**WATCH, "state_file": "enforcer.json"}, {}).state_file == str(tmp_path / "enforcer.json")
    assert settings({**WATCH, "state_file": ""}, {}).state_file is None
    assert refusal({**WATCH, "state_file": str(tmp_path)}) == (
        f"state_file {tmp_path} is a directory: give the path of a file in a directory that exists"
    )
    missing = tmp_path / "gone" / "enforcer.json"
    assert refusal({**WATCH, "state_file": str(missing)}) == (
        f"state_file {missing} is in {tmp_path / 'gone'}, which is no directory: give the path of a file in a "
        "directory that exists"
    )
