# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The HTTP side: the two 8x8 endpoints, faults on the wire, the /_sim/ control API, TLS, and ``Simulator``."""

from __future__ import annotations

import base64
import hmac
import ipaddress
import json
import os
import re
import secrets
import socket
import ssl
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from .client import SimulatorClient
from .control import ControlApi
from .data import DataError, DataSource
from .faults import ERROR_STATUS_KINDS, WRITE_METHODS, FaultRule
from .store import Outcome, ResetMeanwhile, Store

ADMIN_HEADER = "X-Simulator-Admin-Token"
CONTROL_PREFIX = "/_sim/"

_READ_PATH = re.compile(r"/api/stats/campaigns/(\d+)(\.json)?")
_WRITE_PATH = re.compile(r"/api/tstats/campaigns/(\d+)")

_JSON = "application/json"
_LOGIN_PAGE = (
    b'<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body><form method="post" action="/login">\n'
    b'<input name="username"><input name="password" type="password"><button>Sign in</button>\n</form></body></html>\n'
)

#: What a gateway (nginx here) answers when the platform behind it took too long, whatever the platform did meanwhile.
_GATEWAY_TIMEOUT_PAGE = (
    b"<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n"
    b"<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n</body>\r\n</html>\r\n"
)

#: Seconds between the serving loop's checks for stop(): how long stopping takes at most.
SHUTDOWN_POLL = 0.1

#: Seconds a connection may stay idle (keep-alive) or take for its TLS handshake before the server closes it.
IDLE_TIMEOUT = 120


@dataclass(frozen=True)
class _Route:
    """Which endpoint a request is for: kind "read" or "write", or None (unknown path, or a method it does not take)."""

    kind: str | None
    campaign_id: int | None = None
    xml: bool = False
    allow: str | None = None  # the endpoint's methods, when the request used another one


@dataclass
class _ApiCall:
    """One request to the 8x8 endpoints, with its log entry as it fills in."""

    route: _Route
    username: str | None
    password: str | None
    raw_body: bytes
    entry: dict[str, Any]
    started: float  # time.perf_counter() when its request line had been read
    waited: float = 0.0  # seconds slept on purpose (latency, a slow fault): not the simulator's own time
    epoch: int = -1  # the store's resets when it arrived (Store.arrive)
    logged: bool = False
    rate_limited: bool = False


def _route(method: str, path: str) -> _Route:
    read = _READ_PATH.fullmatch(path)
    if read:
        campaign_id, xml = int(read.group(1)), read.group(2) is None
        return _Route("read", campaign_id, xml) if method == "GET" else _Route(None, campaign_id, allow="GET")
    write = _WRITE_PATH.fullmatch(path)
    if write:
        campaign_id = int(write.group(1))
        return (
            _Route("write", campaign_id)
            if method in WRITE_METHODS
            else _Route(None, campaign_id, allow=", ".join(WRITE_METHODS))
        )
    return _Route(None)


def _basic_credentials(header: str | None) -> tuple[str | None, str | None]:
    """(username, password) from a Basic Authorization header; (None, None) when absent or malformed."""
    scheme, _space, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        username, colon, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except ValueError:
        return None, None
    return (username, password) if colon else (None, None)


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def _json_body(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")


def _xml_body(campaign: dict[str, Any]) -> bytes:
    """The stats API's answer without the .json suffix: one element per field."""
    elements = "".join(
        f"<{name}>{escape('' if value is None else str(value))}</{name}>" for name, value in campaign.items()
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<campaign>{elements}</campaign>\n'.encode()


def _seconds_header(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else str(seconds)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as clients with a session expect
    server_version = "vcc-simulator"
    timeout = IDLE_TIMEOUT
    # TCP_NODELAY on each connection, and each answer in one write (_send): either alone keeps a small answer from
    # waiting ~40 ms for the client's delayed ACK (Nagle), which would make the simulator look slow in benchmarks.
    disable_nagle_algorithm = True
    _headers_buffer: list[bytes]  # BaseHTTPRequestHandler's own, which send_header() fills; typeshed leaves it out
    server: _Server

    # --- plumbing ------------------------------------------------------------------------------------------------

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:  # pylint: disable=redefined-builtin  # the base class's name
        if self.server.verbose:
            super().log_message(format, *args)

    def parse_request(self) -> bool:
        # The request line has just been read: from here on the time is the simulator's (before, a keep-alive
        # connection may simply have been idle).
        self._started = time.perf_counter()
        return super().parse_request()

    def _dispatch(self) -> None:
        """Every method goes through here: the path decides between the 8x8 endpoints and the control API."""
        body = self._read_body()
        if body is None:
            return
        path = urlsplit(self.path).path
        if path.startswith(CONTROL_PREFIX) or path == CONTROL_PREFIX.rstrip("/"):
            self._control(path, body)
        else:
            self._api(path, body)

    def _read_body(self) -> bytes | None:
        """The whole request body, always read so that the next request on the connection starts in the right place."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._send(HTTPStatus.LENGTH_REQUIRED, _json_body({"message": "Length Required"}), _JSON, close=True)
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self._send(HTTPStatus.BAD_REQUEST, _json_body({"message": "Bad Content-Length"}), _JSON, close=True)
            return None
        return self.rfile.read(length) if length else b""

    # The names http.server looks for; any other method gets its 501 Not Implemented.
    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _dispatch

    def _send(
        self,
        status: int,
        body: bytes = b"",
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
        close: bool = False,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        # What end_headers() does, with the body in the same write: one segment for a small answer.
        self._headers_buffer.append(b"\r\n" + body)
        self.flush_headers()

    def _drop(self, call: _ApiCall) -> None:
        """Close the connection without a byte of answer, as a broken proxy or a lost network would."""
        self._log(call)
        self.close_connection = True

    # --- the 8x8 endpoints ---------------------------------------------------------------------------------------

    def _api(self, path: str, raw_body: bytes) -> None:
        username, password = _basic_credentials(self.headers.get("Authorization"))
        route = _route(self.command, path)
        call = _ApiCall(
            route,
            username,
            password,
            raw_body,
            {
                "method": self.command,
                "path": path,
                "tenant": username,
                "campaign": route.campaign_id,
                "status_code": None,
                "body": _json_or_none(raw_body),
                "applied": False,
                "fault": None,
                "duration": None,
            },
            self._started,
        )
        store = self.server.store
        try:
            call.epoch, fault = store.arrive(
                self.command, username, call.route.campaign_id, faults=call.route.kind is not None
            )
            call.entry["fault"] = fault.kind if fault else None
            delay = store.latency(username, call.route.campaign_id)
            if fault and fault.kind == "slow":
                delay += fault.delay or 0.0
            if delay > 0:
                slept_from = time.perf_counter()
                time.sleep(delay)
                call.waited = time.perf_counter() - slept_from
            self._answer_api(call, fault)
        except ResetMeanwhile:
            self.close_connection = True  # no answer, as from a platform that restarted (not logged either)
        finally:
            self._log(call)

    def _log(self, call: _ApiCall) -> None:
        """Record the request once, before its answer leaves: a client that reads the log next must find it there."""
        if not call.logged:
            call.entry["duration"] = round(max(0.0, time.perf_counter() - call.started - call.waited), 6)
            self.server.store.record(call.entry, call.route.kind, call.epoch, call.rate_limited)
            call.logged = True

    def _answer_api(self, call: _ApiCall, fault: FaultRule | None) -> None:
        """Answer (or not) an API request; its log entry learns the status code sent and whether a change was
        applied."""
        kind = fault.kind if fault else None
        if kind == "drop":
            self._drop(call)
        elif kind in ERROR_STATUS_KINDS:
            self._send_logged(
                call,
                int(kind),
                _json_body({"message": HTTPStatus(int(kind)).phrase}),
                _JSON,
                self._fault_headers(fault),
            )
        elif kind == "html":
            self._send_logged(call, 200, _LOGIN_PAGE, "text/html; charset=utf-8")
        elif call.route.allow:
            self._send_logged(
                call, 405, _json_body({"message": "Method Not Allowed"}), _JSON, {"Allow": call.route.allow}
            )
        elif call.route.kind is None:
            self._send_logged(call, 404)
        else:
            outcome = self._platform_outcome(call)
            call.entry["applied"] = outcome.applied
            call.rate_limited = outcome.retry_after is not None
            if kind == "drop_after_apply":
                self._drop(call)
                return
            if kind == "504_after_apply":
                self._send_logged(call, 504, _GATEWAY_TIMEOUT_PAGE, "text/html")
                return
            body, content_type = self._render(outcome, call.route.xml)
            if kind == "truncated":
                body = body[: len(body) // 2]
            self._send_logged(call, outcome.status, body, content_type, self._outcome_headers(outcome))

    def _platform_outcome(self, call: _ApiCall) -> Outcome:
        campaign_id = call.route.campaign_id if call.route.campaign_id is not None else -1
        if call.route.kind == "read":
            return self.server.store.read(call.epoch, call.username, call.password, campaign_id)
        return self.server.store.change_status(call.epoch, call.username, call.password, campaign_id, call.raw_body)

    def _send_logged(
        self,
        call: _ApiCall,
        status: int,
        body: bytes = b"",
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        call.entry["status_code"] = status
        self._log(call)
        self._send(status, body, content_type, headers)

    @staticmethod
    def _outcome_headers(outcome: Outcome) -> dict[str, str]:
        if outcome.status == 401:
            return {"WWW-Authenticate": 'Basic realm="8x8 Contact Center"'}
        if outcome.retry_after is not None:
            return {"Retry-After": str(outcome.retry_after)}
        return {}

    @staticmethod
    def _fault_headers(fault: FaultRule | None) -> dict[str, str]:
        if fault is None:
            return {}
        if fault.kind == "429" and fault.retry_after is not None:
            return {"Retry-After": _seconds_header(fault.retry_after)}
        if fault.kind == "405":
            return {"Allow": "PATCH"}
        return {}

    @staticmethod
    def _render(outcome: Outcome, xml: bool) -> tuple[bytes, str | None]:
        if outcome.campaign is not None:
            if xml:
                return _xml_body(outcome.campaign), "application/xml"
            return _json_body({"campaign": outcome.campaign}), _JSON
        if outcome.message is not None:
            return _json_body({"message": outcome.message}), _JSON
        return b"", None

    # --- the control API -----------------------------------------------------------------------------------------

    def _control(self, path: str, raw_body: bytes) -> None:
        given = self.headers.get(ADMIN_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8"), self.server.admin_token.encode("utf-8")):
            self._send(
                403, _json_body({"message": f"Forbidden: the control API needs the {ADMIN_HEADER} header"}), _JSON
            )
            return
        body = _json_or_none(raw_body)
        try:
            if raw_body and body is None:
                raise DataError("the request body is not valid JSON")
            status, answer = self.server.control.answer(self.command, path, body)
        except DataError as error:
            status, answer = 400, {"message": str(error)}
        self._send(status, _json_body(answer), _JSON)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an idle keep-alive connection must not hold up stopping

    def __init__(
        self,
        address: tuple[str, int],
        store: Store,
        admin_token: str,
        ssl_context: ssl.SSLContext | None,
        verbose: bool,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.store, self.admin_token, self.ssl_context, self.verbose = store, admin_token, ssl_context, verbose
        self.control = ControlApi(store)
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks DNS for a fully qualified name nobody here uses; that can stall on a bare machine.
        super(ThreadingHTTPServer, self).server_bind()  # pylint: disable=bad-super-call
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def finish_request(self, request: Any, client_address: Any) -> None:
        """Serve one connection; with TLS, shake hands here, in the connection's own thread, not in the accept loop."""
        self.store.connection_opened()
        if self.ssl_context is None:
            super().finish_request(request, client_address)
            return
        request.settimeout(IDLE_TIMEOUT)
        try:
            tls_request = self.ssl_context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return  # a client that fails the handshake (wrong CA, plain HTTP) gets nothing
        try:
            super().finish_request(tls_request, client_address)
        finally:
            self.shutdown_request(tls_request)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Simulator:
    """The simulator, served from a background thread; a context manager that starts and stops it.

    ``data``: a YAML/JSON file or a dict (default: the demo data). ``port`` 0 picks a free port. With ``tls``,
    a certificate for 127.0.0.1 and localhost is made with trustme and its CA written to ``ca_file`` (a temporary
    file when not given). ``admin_token`` guards the control API (a random one when not given). ``clock`` is what
    the platform's delays are measured on (monotonic seconds); tests hand in a fake one to move time themselves.
    """

    def __init__(
        self,
        data: DataSource = None,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool = False,
        ca_file: str | os.PathLike[str] | None = None,
        admin_token: str | None = None,
        generate: int | None = None,
        verbose: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.admin_token = admin_token or secrets.token_urlsafe(24)
        self.store = Store(data, generate, self.admin_token, clock)
        self.host, self.port, self.tls, self.verbose = host, port, tls, verbose
        self.ca_file: str | None = os.fspath(ca_file) if ca_file is not None else None
        self._own_ca_file = False
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """Where it listens, e.g. http://127.0.0.1:43123 (known once started)."""
        if self._server is None:
            raise RuntimeError("the simulator is not started")
        host, port = self._server.server_address[:2]
        host = str(host)
        host = f"[{host}]" if ":" in host else host
        return f"{'https' if self.tls else 'http'}://{host}:{port}"

    @property
    def client(self) -> SimulatorClient:
        """A control API client for this simulator."""
        return SimulatorClient(self.base_url, self.admin_token, self.ca_file)

    def start(self) -> Simulator:
        """Listen and serve from a background thread; answers itself, so ``Simulator().start()`` reads well."""
        if self._server is not None:
            return self
        self._server = _Server((self.host, self.port), self.store, self.admin_token, self._tls_context(), self.verbose)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(SHUTDOWN_POLL,), name="vcc-simulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; the CA file it made for itself (if any) is removed."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None
        if self._own_ca_file and self.ca_file:
            os.unlink(self.ca_file)
            self.ca_file, self._own_ca_file = None, False

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _tls_context(self) -> ssl.SSLContext | None:
        if not self.tls:
            return None
        import trustme  # pylint: disable=import-outside-toplevel  # needed for --tls only

        authority = trustme.CA()
        certificate = authority.issue_cert("127.0.0.1", "localhost", "::1")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        if self.ca_file is None:
            descriptor, self.ca_file = tempfile.mkstemp(prefix="vcc-simulator-ca-", suffix=".pem")
            os.close(descriptor)
            self._own_ca_file = True
        authority.cert_pem.write_to_path(self.ca_file)
        return context
