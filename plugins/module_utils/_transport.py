# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTTP side of the campaign API: one session, the right token for each call, clear errors.

Nothing here decides what to send; it sends what it is asked and says plainly what went wrong.
"""

from __future__ import annotations

import base64
import email.utils
import ipaddress
import os
import random
import re
import socket
import threading
import time
import traceback
import typing as t
from collections import deque
from urllib.parse import urljoin, urlsplit

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import CampaignError

try:
    import requests
    import urllib3
except ImportError:
    requests = urllib3 = None  # type: ignore[assignment]
    REQUESTS_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    REQUESTS_IMPORT_ERROR = None

_PLATFORM_SHAPE = re.compile(r"[A-Za-z]+[0-9]+")  # matched as a whole (fullmatch): no trailing newline
# Where requests looks for a CA bundle when told nothing else, in its order.
_CA_BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
_MASK = "********"
# The ways an unknown host shows in an exception chain (urllib3 2 names it; below that, the socket's own error).
_NAME_RESOLUTION_ERRORS: tuple[type[BaseException], ...] = (socket.gaierror,) + (
    (urllib3.exceptions.NameResolutionError,) if urllib3 and hasattr(urllib3.exceptions, "NameResolutionError") else ()
)
# Hosts that do not follow the vcc-{platform}.8x8.com pattern.
_PLATFORM_HOSTS = {"bc2": "https://odcc2.bell.ca"}


class _RetryPolicy(t.NamedTuple):
    statuses: frozenset[int]  # answers that say "not now"
    undelivered_only: bool  # whether a request that got no answer is sent again only if it surely never arrived


# A read is asked again after any passing fault. A write only after 429, which applies nothing, or a failure to
# connect: one that got no answer may have been applied, and only reading the campaign can tell (the runner does).
_RETRY_READ = _RetryPolicy(frozenset((429, 502, 503, 504)), undelivered_only=False)
_RETRY_WRITE = _RetryPolicy(frozenset((429,)), undelivered_only=True)
_BACKOFF_FIRST = 0.5  # seconds before the first retry; doubled for each further one, with jitter
_BACKOFF_MAX = 30.0
# A server asking to come back later than this gets a clear failure rather than a task that seems hung.
_RETRY_AFTER_MAX = 120.0

# Which credential each kind of call uses, for messages that tell the user what to check.
_READ_CREDENTIAL = "username and data_token (reads use the Data Request Token)"
_WRITE_CREDENTIAL = "username and action_token (status changes use the Action Request Token)"


class ApiError(CampaignError):
    """A request that did not get the answer it needed. The message never holds a credential."""

    def __init__(
        self,
        message: str,
        status_code: int | None = None,
        server_message: str | None = None,
        delivered: bool = True,
        transient: bool = True,
    ) -> None:
        super().__init__(message)
        #: None when no answer came at all (connection refused or dropped, timeout).
        self.status_code = status_code
        self.server_message = server_message
        #: False when the request surely never reached the server (no connection, TLS, proxy): nothing was applied.
        self.delivered = delivered
        #: False when sending again cannot help (a malformed URL, an unknown host, a certificate not trusted).
        self.transient = transient

    @property
    def answered(self) -> bool:
        return self.status_code is not None

    def scrubbed(self, scrub: t.Callable[[str], str]) -> ApiError:
        """The same error with ``scrub`` applied to every text that may quote the server."""
        server_message = None if self.server_message is None else scrub(self.server_message)
        return ApiError(scrub(str(self)), self.status_code, server_message, self.delivered, self.transient)


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
    if parts.scheme == "http" and not _is_loopback(host):
        raise CampaignError(
            f"api_url {api_url!r} uses plain http to a host that is not this machine: the tokens would "
            "cross the network in clear text; use https"
        )
    return api_url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _verify_setting(validate_certs: bool, ca_path: str | None) -> bool | str:
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


def _root_cause(error: BaseException) -> str:
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
        self._verify = _verify_setting(validate_certs, ca_path)
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
        loopback = _is_loopback(urlsplit(base_url).hostname or "")
        self._proxies = {} if loopback else requests.utils.get_environ_proxies(base_url)
        self._headers = {
            token: {
                **self._session.headers,  # requests' own: User-Agent, Accept-Encoding (gzip), keep-alive
                "Accept": "application/json",
                "Authorization": _basic_auth(username, token),
            }
            for token in (data_token, action_token or "")
        }
        self._throttle = _Throttle(clock or time.monotonic, self._sleep)
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
            raise ApiError(f"GET {url} answered {_describe_body(response, self._scrub)}, not JSON") from None
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
                delay = _retry_after(response)
                if status == 429:
                    delay = self._backoff(attempt) if delay is None else delay
                    self._throttle.slow_down(delay, started)  # every thread of this client, not only this request
                elif status < 400:
                    self._throttle.recover()
                if status not in policy.statuses or attempt >= self._retries or (delay or 0) > _RETRY_AFTER_MAX:
                    retried = f" after {attempt} retries" if attempt and status in policy.statuses else ""
                    try:
                        _raise_for_status(response, credential, self._scrub, retried)
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
        except requests.exceptions.ProxyError as error:
            raise ApiError(
                f"{method} {url} failed at the proxy {_proxy_for(url)} ({_root_cause(error)}): check HTTPS_PROXY and "
                "NO_PROXY",
                delivered=False,
            ) from None
        except requests.exceptions.SSLError as error:
            raise ApiError(
                f"{method} {url} failed TLS verification ({_root_cause(error)}): set ca_path to the CA bundle "
                "that signed the server's certificate, or validate_certs: false for a test server",
                delivered=False,
                transient=False,
            ) from None
        except requests.exceptions.Timeout as error:
            raise ApiError(
                f"{method} {url} got no answer within {self._timeout:g} seconds: raise timeout, or check the host",
                delivered=not isinstance(error, requests.exceptions.ConnectTimeout),
            ) from None
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.InvalidSchema,
            requests.exceptions.MissingSchema,
        ) as error:
            raise ApiError(
                f"{method} {url} cannot be sent: {error}: check api_url", delivered=False, transient=False
            ) from None
        except requests.exceptions.RequestException as error:
            causes = list(_causes(error))
            if any(isinstance(cause, _NAME_RESOLUTION_ERRORS) for cause in causes):
                raise ApiError(
                    f"{method} {url} failed: {_root_cause(error)}: check platform or api_url, and this machine's DNS",
                    delivered=False,
                    transient=False,
                ) from None
            connected = not any(isinstance(cause, urllib3.exceptions.NewConnectionError) for cause in causes)
            raise ApiError(f"{method} {url} failed: {_root_cause(error)}", delivered=connected) from None
        return response


class _Throttle:
    """Spaces out the requests of every thread of a client once the platform answers "too many" (HTTP 429).

    After a 429 no request starts before its Retry-After has passed (at most ``_RETRY_AFTER_MAX``), not even one
    that was already waiting for its turn, and then at most ``rate`` a second: half the rate seen in the last second
    at the first 429, cut by ``_CUT`` again by a 429 to a request started after the last cut (the others were sent
    at the old pace), raised by each answer below HTTP 400, and lifted altogether once it is well above what any
    single client needs. The raise is multiplicative, so that the limit one passing 429 set is gone within seconds:
    by ``_RAISE_NEAR`` below the rate the last 429 came at, by ``_RAISE`` above it (passed without a 429: the limit
    is gone). So a 429 to a task's first request is forgotten within seconds, and a task under a real limit nears it
    gently, since every 429 also meets each request already under way.
    """

    _CUT = 0.7  # the rate is multiplied by this at each 429 after the first
    # From the 1 request a second that a 429 to a task's first request leaves, 38 answers, about 6 seconds at the pace
    # they allow, reach _LIFT.
    _RAISE = 1.2
    # From a cut to 0.7 of a limited rate, 180 answers (about 10 seconds at 20 a second) reach that rate again.
    _RAISE_NEAR = 1.002
    _LIFT = 1000.0  # requests a second above which there is no limit any more

    def __init__(self, clock: t.Callable[[], float], sleep: t.Callable[[float], None]) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._rate: float | None = None  # None: no limit
        self._next = 0.0  # when the next request may start
        self._quiet_until = 0.0  # the end of the last Retry-After
        self._closed_until = float("-inf")  # the end of a Retry-After longer than _RETRY_AFTER_MAX
        self._cut = float("-inf")  # when the rate was last halved
        self._ceiling = 0.0  # the rate the last 429 came at, near which the limit is
        self._starts: deque[float] = deque()  # request starts in the last second, while there is no limit

    def wait(self) -> float:
        """Wait for this request's turn; return when it starts."""
        with self._lock:
            now = self._clock()
            start = self._turn(now)
        while start > now:
            self._sleep(start - now)
            with self._lock:
                # A turn is given after every Retry-After known at the time: one that ends later came while this
                # request slept, and sending at that turn would only earn another 429 and another cut.
                if self._quiet_until <= start:
                    break
                now = self._clock()
                start = self._turn(now)
        return start

    def _turn(self, now: float) -> float:
        """The start of the next free turn, taken. Called with the lock held."""
        start = max(now, self._next)
        if self._rate:
            self._next = start + 1 / self._rate
        else:
            while self._starts and self._starts[0] <= now - 1:
                self._starts.popleft()
            self._starts.append(now)
        return start

    def closed_for(self) -> float:
        """The seconds for which the platform asked for no request at all, longer than any request waits; else 0."""
        with self._lock:
            return max(0.0, self._closed_until - self._clock())

    def slow_down(self, retry_after: float, started: float) -> None:
        """A request that started at ``started`` was answered 429."""
        with self._lock:
            now = self._clock()
            if started > self._cut:
                self._ceiling = self._rate or float(len(self._starts))  # the rate the 429 came at
                self._rate = max(1.0, self._rate * self._CUT if self._rate else len(self._starts) / 2)
                self._cut = now
            if retry_after > _RETRY_AFTER_MAX:
                # Longer than any request waits: that request fails at once, and so does every later one, unsent,
                # rather than parking every thread of the task or sending one request per window.
                self._closed_until = max(self._closed_until, now + retry_after)
                return
            self._quiet_until = max(self._quiet_until, now + retry_after)
            self._next = max(self._next, self._quiet_until)

    def recover(self) -> None:
        with self._lock:
            if self._rate:
                self._rate *= self._RAISE_NEAR if self._rate < self._ceiling else self._RAISE
                if self._rate > self._LIFT:
                    self._rate = None
                    self._starts.clear()


def _basic_auth(username: str, token: str) -> str:
    """The Authorization header's value for HTTP Basic auth (credentials were checked to be Latin-1)."""
    return "Basic " + base64.b64encode(f"{username}:{token}".encode("latin-1")).decode("ascii")


def _proxy_for(url: str) -> str:
    """The proxy the environment names for ``url``, as host:port only (a proxy URL may hold a password)."""
    proxy = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url)) or ""
    parts = urlsplit(proxy if "//" in proxy else f"//{proxy}")
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def _retry_after(response: t.Any) -> float | None:
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


def _raise_for_status(response: t.Any, credential: str, scrub: t.Callable[[str], str], retried: str = "") -> None:
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
        wait = _retry_after(response)
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
        return _describe_body(response, scrub) if text else None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return scrub(body["message"])
    return None


def _describe_body(response: t.Any, scrub: t.Callable[[str], str]) -> str:
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
