# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Where requests go and how the server is trusted: the base URL of a platform or an explicit api_url, and the
certificate check, each refused with a message saying what to fix before any request is sent."""

from __future__ import annotations

import ipaddress
import os
import re
from urllib.parse import urlsplit

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError

_PLATFORM_SHAPE = re.compile(r"[A-Za-z]+[0-9]+")  # matched as a whole (fullmatch): no trailing newline
# Hosts that do not follow the vcc-{platform}.8x8.com pattern.
_PLATFORM_HOSTS = {"bc2": "https://odcc2.bell.ca"}
# Where requests looks for a CA bundle when told nothing else, in its order.
_CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


def resolve_base_url(platform: str | None, api_url: str | None) -> str:
    """The base URL for a platform such as ``na12``, or the explicit ``api_url``, which wins."""
    if api_url:
        return _checked_api_url(api_url)
    if not platform:
        raise CampaignError(
            "set platform (for example na12) or api_url, or the environment variable EIGHTBYEIGHT_CC_PLATFORM or "
            "EIGHTBYEIGHT_CC_API_URL"
        )
    if not _PLATFORM_SHAPE.fullmatch(platform):
        raise CampaignError(
            f"platform {platform!r} is not a platform name: use letters then digits, as in the "
            "Configuration Manager address (na12, eu5, bc2), or set api_url"
        )
    name = platform.lower()
    return _PLATFORM_HOSTS.get(name, f"https://vcc-{name}.8x8.com")


def _checked_api_url(api_url: str) -> str:
    try:
        parts = urlsplit(api_url)
        host = parts.hostname
        parts.port  # noqa: B018  # pylint: disable=pointless-statement  # raises ValueError when out of range
    except ValueError:
        raise CampaignError("api_url is not a valid URL: give one such as https://vcc-na12.8x8.com") from None
    if parts.username or parts.password or "?" in api_url or "#" in api_url:
        # Not echoed: credentials or a token may be in it.
        raise CampaignError(
            "api_url must be a plain base URL, without credentials, query or fragment: give those as options"
        )
    if parts.scheme not in ("http", "https") or not host:
        raise CampaignError(f"api_url {api_url!r} is not an http(s) URL such as https://vcc-na12.8x8.com")
    if parts.scheme == "http" and not is_loopback(host):
        raise CampaignError(
            f"api_url {api_url!r} uses plain http to a host that is not this machine: the tokens would "
            "cross the network in clear text; use https"
        )
    return api_url.rstrip("/")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def verify_setting(validate_certs: bool, ca_path: str | None) -> bool | str:
    """What to check the server's certificate with, decided here so that no setting of the environment overrides
    the options, and a CA file that is missing is a clear error rather than a traceback on the first request."""
    if not validate_certs:
        return False
    if ca_path:
        if not os.path.exists(ca_path):
            raise CampaignError(
                f"ca_path {ca_path} does not exist: give the PEM file of the CA that signed the server's certificate"
            )
        return ca_path
    for name in _CA_BUNDLE_VARIABLES:
        value = os.environ.get(name)
        if value:
            if not os.path.exists(value):
                raise CampaignError(
                    f"the environment variable {name} names {value}, which does not exist: correct or unset it, "
                    "or set ca_path"
                )
            return value
    return True
