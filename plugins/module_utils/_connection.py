# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection options, declared once: their names, types and defaults, the EIGHTBYEIGHT_CC_* variables they
fall back to, and the checks every caller makes of them. The modules build their argument spec from OPTIONS
(_module.py); the event source checks its arguments with the same functions, so that both accept and refuse alike.

No Ansible here: each caller says how its user sets an option (``Wording``), for messages that say what to fix.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._endpoint import resolve_base_url
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi

ENV_PREFIX = "EIGHTBYEIGHT_CC_"
#: The most requests one task (or the event source) has under way at once (concurrency).
MAX_CONCURRENCY = 64


class Option(t.NamedTuple):
    """One connection option."""

    name: str
    type: str  # as an Ansible argument spec names it: str, bool, float, int, path
    default: t.Any = None
    #: Never logged nor shown (no_log).
    secret: bool = False
    #: Falls back to EIGHTBYEIGHT_CC_<NAME>. platform and api_url do too, but only as a pair (see base_url).
    from_environment: bool = False

    @property
    def variable(self) -> str:
        return ENV_PREFIX + self.name.upper()


OPTIONS = (
    Option("platform", "str"),
    Option("api_url", "str"),
    Option("username", "str", from_environment=True),
    Option("data_token", "str", secret=True, from_environment=True),
    Option("validate_certs", "bool", True),
    Option("ca_path", "path"),
    Option("timeout", "float", 30),
    Option("retries", "int", 3),
    Option("concurrency", "int", 8),
    Option("action_token", "str", secret=True, from_environment=True),
)
#: The options the event source takes too: it only reads, so it has no action_token.
READ_OPTIONS = tuple(option for option in OPTIONS if option.name != "action_token")
_BY_NAME = {option.name: option for option in OPTIONS}


class Wording(t.NamedTuple):
    """How a caller's user gives an option, for the messages: '{variable}' stands for its environment variable."""

    not_set: str
    empty: str


def base_url(values: t.Mapping[str, t.Any], environ: t.Mapping[str, str]) -> str:
    """The base URL that ``platform`` or ``api_url`` names, or a CampaignError saying what to set.

    Taken from the environment only as a pair, and only when neither is given: an environment variable must never
    send the caller's credentials to another host than the caller's own platform.
    """
    platform, api_url = values.get("platform"), values.get("api_url")
    if platform is None and api_url is None:
        platform = environ.get(_BY_NAME["platform"].variable) or None
        api_url = environ.get(_BY_NAME["api_url"].variable) or None
    return resolve_base_url(platform, api_url)


def credential(
    values: t.Mapping[str, t.Any], environ: t.Mapping[str, str], name: str, wording: Wording, required: bool = True
) -> str | None:
    """A credential given, or from its environment variable; a CampaignError when a required one is missing or empty,
    or when any has characters HTTP Basic authentication cannot carry."""
    value = given_credential(values, environ, name, wording, required)
    return None if value is None else sendable(name, value)


def given_credential(
    values: t.Mapping[str, t.Any], environ: t.Mapping[str, str], name: str, wording: Wording, required: bool = True
) -> str | None:
    """A credential given, or from its environment variable; a CampaignError when a required one is missing or
    empty. None for an optional one that is either."""
    variable = _BY_NAME[name].variable
    value = values.get(name)
    if value is None:
        value = environ.get(variable)
    if value is None:
        if required:
            raise CampaignError(f"{name} is not set: {wording.not_set.format(variable=variable)}")
        return None
    if not value:
        if required:  # given, but empty: a variable that did not resolve
            raise CampaignError(f"{name} is empty: {wording.empty.format(variable=variable)}")
        return None
    return value


def sendable(name: str, value: str) -> str:
    """``value``, unless it has characters HTTP Basic authentication cannot carry."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise CampaignError(f"{name} has characters HTTP Basic authentication cannot send: check its value") from None
    return value


def check_concurrency(value: int) -> int:
    if not 1 <= value <= MAX_CONCURRENCY:
        raise CampaignError(f"concurrency must be from 1 to {MAX_CONCURRENCY}, got {value}")
    return value


@dataclass(frozen=True)
class Connection:
    """The connection options, checked: what a client is built from."""

    base_url: str
    username: str
    data_token: str
    action_token: str | None = None
    validate_certs: bool = True
    ca_path: str | None = None
    timeout: float = 30
    retries: int = 3
    concurrency: int = 8

    def client(self) -> CampaignApi:
        """The collection's client for this connection; a CampaignError for a CA file that is missing."""
        return CampaignApi(
            self.base_url,
            self.username,
            self.data_token,
            self.action_token,
            validate_certs=self.validate_certs,
            ca_path=self.ca_path,
            timeout=self.timeout,
            retries=self.retries,
            connections=self.concurrency,
        )
