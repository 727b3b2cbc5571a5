# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What an HTTP answer, or the lack of one, means for the user: each failure mapped to an ApiError whose message
says what went wrong and what to check, never with a credential (the caller's scrub is applied to any text the
server sent)."""

from __future__ import annotations

import email.utils
import re
import socket
import time
import typing as t
from urllib.parse import urljoin, urlsplit

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ApiError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._requests import requests, urllib3

# The ways an unknown host shows in an exception chain (urllib3 2 names it; below that, the socket's own error).
_NAME_RESOLUTION_ERRORS: tuple[type[BaseException], ...] = (socket.gaierror,) + (
    (urllib3.exceptions.NameResolutionError,) if urllib3 and hasattr(urllib3.exceptions, "NameResolutionError") else ()
)


def _inner(error: BaseException) -> BaseException | None:
    """The exception ``error`` wraps: urllib3 keeps it as ``reason``, requests among its arguments."""
    reason = getattr(error, "reason", None)
    if isinstance(reason, BaseException):
        return reason
    return next((arg for arg in error.args if isinstance(arg, BaseException)), None)


def _causes(error: BaseException) -> t.Iterator[BaseException]:
    """A requests/urllib3 exception and the ones it wraps, outermost first."""
    seen: set[int] = set()
    here: BaseException | None = error
    while here is not None and id(here) not in seen:
        seen.add(id(here))
        yield here
        here = _inner(here) or here.__cause__ or here.__context__


def root_cause(error: BaseException) -> str:
    """The innermost reason of a requests/urllib3 exception chain, without object addresses."""
    seen = error
    while True:
        inner = _inner(seen)
        if inner is None or inner is seen:
            break
        seen = inner
    text = str(seen) or type(seen).__name__
    # urllib3 names the connection object first; the host is in the URL the message already gives.
    return re.sub(r"^(<[^>]* at 0x[0-9a-f]+>|\w+\(host=[^)]*\)): ", "", text)


def proxy_for(url: str) -> str:
    """The proxy the environment names for ``url``, as host:port only (a proxy URL may hold a password)."""
    proxy = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url)) or ""
    parts = urlsplit(proxy if "//" in proxy else f"//{proxy}")
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def retry_after(response: t.Any) -> float | None:
    """The seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if re.fullmatch(r"[0-9]+", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def raise_for_status(response: t.Any, credential: str, scrub: t.Callable[[str], str], retried: str = "") -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    request = f"{response.request.method} {response.request.url}"
    server_message = _server_message(response, scrub)
    if status in (401, 403):
        raise ApiError(
            f"{request} was refused (HTTP {status}{_suffix(server_message)}): check {credential}",
            status,
            server_message,
        )
    if status == 404:
        raise ApiError(
            f"not found (HTTP 404 from {request}): check campaign_id, and platform or api_url",
            status,
            server_message,
        )
    if 300 <= status < 400:
        raise ApiError(
            f"{request} was redirected (HTTP {status}) to {_where(response)}: set api_url to the final address",
            status,
            server_message,
        )
    if status == 429:
        wait = retry_after(response)
        later = f" and asks to retry in {wait:.0f} seconds" if wait else ""
        raise ApiError(
            f"{request} was rate-limited (HTTP 429{retried}){later}: try again later, or raise retries",
            status,
            server_message,
        )
    raise ApiError(f"{request} answered HTTP {status}{retried}{_suffix(server_message)}", status, server_message)


def _where(response: t.Any) -> str:
    """Where a redirect points, without what may be secret in it (user information, query)."""
    location = response.headers.get("Location", "")
    if not location:
        return "another address"
    try:
        parts = urlsplit(urljoin(response.request.url, location))
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "an address that is not a valid URL"
    return f"{parts.scheme}://{parts.hostname}{port}{parts.path}"


def _server_message(response: t.Any, scrub: t.Callable[[str], str]) -> str | None:
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return describe_body(response, scrub) if text else None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return scrub(body["message"])
    return None


def describe_body(response: t.Any, scrub: t.Callable[[str], str]) -> str:
    kind = response.headers.get("Content-Type", "no content type").split(";")[0]
    text = " ".join(scrub(response.text).split())  # scrubbed before the cut, which may fall inside a credential
    preview = text[:80] + ("..." if len(text) > 80 else "")
    hint = " (a login page or a proxy?)" if "html" in kind else ""
    return (
        f"HTTP {response.status_code} with {kind}{hint}: {preview!r}"
        if preview
        else f"HTTP {response.status_code} with an empty body"
    )


def _suffix(server_message: str | None) -> str:
    return f": {server_message}" if server_message else ""


def request_failure(method: str, url: str, error: BaseException, timeout: float) -> ApiError:
    """A request that got no HTTP answer (``error``, one of requests' exceptions) as an ApiError saying whether it
    may have arrived and whether sending it again can help."""
    if isinstance(error, requests.exceptions.ProxyError):
        return ApiError(
            f"{method} {url} failed at the proxy {proxy_for(url)} ({root_cause(error)}): check HTTPS_PROXY and "
            "NO_PROXY",
            delivered=False,
        )
    if isinstance(error, requests.exceptions.SSLError):
        return ApiError(
            f"{method} {url} failed TLS verification ({root_cause(error)}): set ca_path to the CA bundle "
            "that signed the server's certificate, or validate_certs: false for a test server",
            delivered=False,
            transient=False,
        )
    if isinstance(error, requests.exceptions.Timeout):
        return ApiError(
            f"{method} {url} got no answer within {timeout:g} seconds: raise timeout, or check the host",
            delivered=not isinstance(error, requests.exceptions.ConnectTimeout),
        )
    if isinstance(
        error,
        (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema),
    ):
        return ApiError(f"{method} {url} cannot be sent: {error}: check api_url", delivered=False, transient=False)
    causes = list(_causes(error))
    if any(isinstance(cause, _NAME_RESOLUTION_ERRORS) for cause in causes):
        return ApiError(
            f"{method} {url} failed: {root_cause(error)}: check platform or api_url, and this machine's DNS",
            delivered=False,
            transient=False,
        )
    connected = not any(isinstance(cause, urllib3.exceptions.NewConnectionError) for cause in causes)
    return ApiError(f"{method} {url} failed: {root_cause(error)}", delivered=connected)
