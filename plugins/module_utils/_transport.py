# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The HTTP side of the campaign API: one session, the right token for each call, clear errors.

Nothing here decides what to send; it sends what it is asked and says plainly what went wrong.
"""

from __future__ import annotations

import base64
import random
import time
import typing as t
from urllib.parse import urlsplit

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._answers import (
    describe_body,
    raise_for_status,
    request_failure,
    retry_after,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._endpoint import is_loopback, verify_setting
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ApiError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._requests import (
    REQUESTS_IMPORT_ERROR,
    requests,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._throttle import RETRY_AFTER_MAX, Throttle

__all__ = ["REQUESTS_IMPORT_ERROR", "CampaignApi"]

_MASK = "********"


class _RetryPolicy(t.NamedTuple):
    statuses: frozenset[int]  # answers that say "not now"
    undelivered_only: bool  # whether a request that got no answer is sent again only if it surely never arrived


# A read is asked again after any passing fault. A write only after 429, which applies nothing, or a failure to
# connect: one that got no answer may have been applied, and only reading the campaign can tell (the runner does).
_RETRY_READ = _RetryPolicy(frozenset((429, 502, 503, 504)), undelivered_only=False)
_RETRY_WRITE = _RetryPolicy(frozenset((429,)), undelivered_only=True)
_BACKOFF_FIRST = 0.5  # seconds before the first retry; doubled for each further one, with jitter
_BACKOFF_MAX = 30.0

# Which credential each kind of call uses, for messages that tell the user what to check.
_READ_CREDENTIAL = "username and data_token (reads use the Data Request Token)"
_WRITE_CREDENTIAL = "username and action_token (status changes use the Action Request Token)"


class CampaignApi:
    """Reads and changes campaigns on one platform, over one HTTP session."""

    def __init__(
        self,
        base_url: str,
        username: str,
        data_token: str,
        action_token: str | None = None,
        validate_certs: bool = True,
        ca_path: str | None = None,
        timeout: float = 30,
        retries: int = 3,
        sleep: t.Callable[[float], None] | None = None,
        connections: int = 1,
        clock: t.Callable[[], float] | None = None,
    ) -> None:
        self.base_url = base_url
        self._data_token = data_token
        self._action_token = action_token
        # Passed on every request: a session-level setting would lose to REQUESTS_CA_BUNDLE.
        self._verify = verify_setting(validate_certs, ca_path)
        self._timeout = timeout
        self._retries = retries
        self._sleep = sleep or time.sleep
        self._session = requests.Session()
        # One pool for the whole task, as large as the number of requests that may be under way at once.
        for scheme in ("https://", "http://"):
            self._session.mount(scheme, requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=connections))
        # Every request goes to the one host, so what the session would work out for each (its adapter, the proxy
        # the environment names, the headers) is worked out once, and requests are sent through the adapter, with
        # the session's cookies: a bulk task sends thousands, and the session's per-request merging is a quarter
        # of their CPU time.
        self._adapter = self._session.get_adapter(base_url)
        # Plain http is allowed only to this machine: a proxy from the environment must not carry the tokens away.
        loopback = is_loopback(urlsplit(base_url).hostname or "")
        self._proxies = {} if loopback else requests.utils.get_environ_proxies(base_url)
        self._headers = {
            token: {
                **self._session.headers,  # requests' own: User-Agent, Accept-Encoding (gzip), keep-alive
                "Accept": "application/json",
                "Authorization": _basic_auth(username, token),
            }
            for token in (data_token, action_token or "")
        }
        self._throttle = Throttle(clock or time.monotonic, self._sleep)
        # What the server might quote back (an error page echoing the request): the tokens and the Authorization
        # values, also with "/" escaped as JSON written by PHP has it (base64 holds "/").
        self._secrets = sorted(
            {
                form
                for token in (data_token, action_token)
                if token
                for text in (token, _basic_auth(username, token).split(" ", 1)[1])
                for form in (text, text.replace("/", "\\/"))
            },
            key=len,
            reverse=True,
        )
        # Most texts of an answer are shorter than any credential, so hold none (a bulk task reads thousands).
        self._shortest_secret = len(self._secrets[-1]) if self._secrets else 0
        # The vendor documents POST, its OpenAPI file PATCH: a write that POST gets a 405 for is sent as PATCH, and
        # once a PATCH is accepted, PATCH is kept for the rest of the task (this client lives for one module
        # invocation, so each task, and each loop item, learns it again).
        self._write_method = "POST"
        #: One line for each retry, for the module to show as warnings (see take_retry_notes).
        self.retry_notes: list[str] = []

    def take_retry_notes(self) -> list[str]:
        """The retry notes so far, which the client then forgets: a long-lived caller keeps no growing list."""
        notes, self.retry_notes = self.retry_notes, []
        return notes

    @property
    def can_write(self) -> bool:
        return bool(self._action_token)

    def read_url(self, campaign_id: int) -> str:
        # Without .json the stats API answers in XML.
        return f"{self.base_url}/api/stats/campaigns/{campaign_id}.json"

    def write_url(self, campaign_id: int) -> str:
        return f"{self.base_url}/api/tstats/campaigns/{campaign_id}"

    def read(self, campaign_id: int) -> t.Any:
        """The decoded JSON answer for one campaign, any credential quoted in it masked.

        The caller quotes an answer that is not a campaign in its error (an echo of the request, say); no campaign
        field holds a credential, so a campaign comes back as sent.
        """
        url = self.read_url(campaign_id)
        response = self._request("GET", url, self._data_token, _READ_CREDENTIAL, _RETRY_READ)
        try:
            answer = response.json()
        except ValueError:
            raise ApiError(f"GET {url} answered {describe_body(response, self._scrub)}, not JSON") from None
        return self._scrub_answer(answer)

    def write(self, campaign_id: int, command: str) -> None:
        """Ask the platform to change a campaign's status, e.g. ``command="PAUSED"``. Needs can_write.

        Sent once (after 429, which applies nothing, again): whether to repeat a write that got no answer
        is for the caller to decide, after reading the campaign.
        """
        url = self.write_url(campaign_id)
        body = {"status": command}
        token = self._action_token or ""
        if self._write_method == "POST":
            try:
                self._request("POST", url, token, _WRITE_CREDENTIAL, _RETRY_WRITE, body)
                return
            except ApiError as error:
                if error.status_code != 405:
                    raise
        self._request("PATCH", url, token, _WRITE_CREDENTIAL, _RETRY_WRITE, body)
        self._write_method = "PATCH"  # only now: a server that refuses both gets POST first again

    def _request(
        self,
        method: str,
        url: str,
        token: str,
        credential: str,
        policy: _RetryPolicy,
        body: dict[str, str] | None = None,
    ) -> t.Any:
        """Send, retrying as ``policy`` allows, at most ``retries`` times; raise unless the answer is 2xx."""
        attempt = 0
        delay: float | None  # the seconds to wait before the next attempt
        while True:
            closed = self._throttle.closed_for()
            if closed:
                raise ApiError(
                    f"{method} {url} was not sent: the platform answered HTTP 429 and asked for no request for "
                    f"{closed:.0f} more seconds: try again later",
                    429,
                    delivered=False,
                )
            started = self._throttle.wait()
            try:
                response = self._send(method, url, token, body)
            except ApiError as error:
                resend = error.transient and (not error.delivered or not policy.undelivered_only)
                if not resend or attempt >= self._retries:
                    raise error.scrubbed(self._scrub) from None
                reason, delay = self._scrub(str(error)), self._backoff(attempt)
            else:
                status = response.status_code
                delay = retry_after(response)
                if status == 429:
                    delay = self._backoff(attempt) if delay is None else delay
                    self._throttle.slow_down(delay, started)  # every thread of this client, not only this request
                elif status < 400:
                    self._throttle.recover()
                if status not in policy.statuses or attempt >= self._retries or (delay or 0) > RETRY_AFTER_MAX:
                    retried = f" after {attempt} retries" if attempt and status in policy.statuses else ""
                    try:
                        raise_for_status(response, credential, self._scrub, retried)
                    except ApiError as error:
                        raise error.scrubbed(self._scrub) from None
                    return response
                reason = f"{method} {url} answered HTTP {status}"
                if delay is None:
                    delay = self._backoff(attempt)
            attempt += 1
            self.retry_notes.append(f"{reason}; retry {attempt} of {self._retries} in {delay:.1f} seconds")
            self._sleep(delay)

    def _scrub(self, text: str) -> str:
        """``text`` without any credential this client sends, however the server quoted it.

        Applied to the whole text, before any cut for a preview: a credential cut in half would no longer match.
        """
        if len(text) < self._shortest_secret:
            return text
        for secret in self._secrets:
            text = text.replace(secret, _MASK)
        return text

    def _scrub_answer(self, value: t.Any) -> t.Any:
        """A decoded JSON answer with every text in it, keys too, scrubbed."""
        if isinstance(value, str):
            return self._scrub(value)
        if isinstance(value, dict):
            return {self._scrub(key): self._scrub_answer(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self._scrub_answer(item) for item in value]
        return value

    @staticmethod
    def _backoff(attempt: int) -> float:
        # Exponential, with jitter so that many clients retrying together do not arrive together again.
        return min(_BACKOFF_MAX, _BACKOFF_FIRST * 2**attempt) * random.uniform(0.5, 1.0)

    def _send(self, method: str, url: str, token: str, body: dict[str, str] | None = None) -> t.Any:
        try:
            request = requests.PreparedRequest()
            request.prepare_method(method)
            request.prepare_url(url, None)
            request.prepare_headers(self._headers[token])
            request.prepare_body(None, None, body)
            request.prepare_cookies(self._session.cookies)  # a load balancer's sticky cookie, say
            # The adapter never follows a redirect: a redirected write may land nowhere (an http->https hop drops
            # the body), and a redirect to another host would take the credentials along.
            response = self._adapter.send(request, timeout=self._timeout, verify=self._verify, proxies=self._proxies)
            requests.cookies.extract_cookies_to_jar(self._session.cookies, request, response.raw)
            # Read whole now, as the session would: only then does the connection go back to the pool.
            response.content  # noqa: B018  # pylint: disable=pointless-statement
        except requests.exceptions.RequestException as error:
            raise request_failure(method, url, error, self._timeout) from None
        return response


def _basic_auth(username: str, token: str) -> str:
    """The Authorization header's value for HTTP Basic auth (credentials were checked to be Latin-1)."""
    return "Basic " + base64.b64encode(f"{username}:{token}".encode("latin-1")).decode("ascii")
