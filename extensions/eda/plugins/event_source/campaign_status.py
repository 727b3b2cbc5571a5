# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An event source for ansible-rulebook: the state of 8x8 Contact Center campaigns, polled, and
drift from the desired state in force now.

It reads with the collection's own client (the modules' retries, rate limiting and scrubbed
messages), in a thread of its own, and asks the collection's policy (module_utils/_policy.py)
what each campaign should be in at each poll, and whether automation may change it.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import logging
import os
import sys
import threading
import time
import typing as t
from dataclasses import dataclass
from datetime import datetime, timezone

DOCUMENTATION = r"""
---
short_description: Watch 8x8 Contact Center campaigns; say when one changes state or drifts.
description:
  - An ansible-rulebook event source plugin that reads a set of 8x8 Contact Center campaigns
    every O(interval) seconds, with the Data Request Token only, and puts an event on the queue
    for each campaign whose state changed since the last poll.
  - With O(desired_state) (a desired-state file of version 1 or 2), each campaign is compared with
    its effective desired state, the one in force now (a campaign desired running is paused
    outside its calling hours); a drifted campaign's event says what a run of
    M(eightbyeight.contact_center.campaign_status) would send, and whether automation may send
    it now (C(act)), by the campaign's mode and any freeze.
  - A drift is emitted when it starts (at start-up, at a change of state, at a window's edge, at
    an edit of the file) and again while it lasts, after 1, 2, 4... intervals up to
    O(reemit_max) seconds, with the same C(drift_id) and a growing C(attempt). After
    O(stuck_after) events of a drift that automation may act on, one C(stuck) event says so.
  - Every event is a mapping with one key, C(campaign_status), whose C(type) is one of C(drifted),
    C(changed), C(stuck), C(read_failed), C(poll_failed), C(poll_recovered),
    C(credentials_refused), C(heartbeat) and C(desired_state_invalid); the collection's
    docs/event-driven.md gives their fields, and what fails a poll rather than one campaign.
  - A failed poll is tried again after pauses that double, from twice O(interval) up to five
    minutes. A refused credential (HTTP 401 or 403) ends the source.
  - When ansible-rulebook stops, the source ends within a second, also while a read waits for a
    slow answer or a Retry-After. No event and no log line holds a token.
  - Needs the Python package C(requests) where ansible-rulebook runs (the decision environment).
options:
  platform:
    description:
      - The Contact Center platform, such as V(na12); the API is at C(https://vcc-<platform>.8x8.com).
      - If neither O(platform) nor O(api_url) is given, both are taken from
        E(EIGHTBYEIGHT_CC_PLATFORM) and E(EIGHTBYEIGHT_CC_API_URL); when either is given, both
        variables are ignored.
    type: str
  api_url:
    description:
      - The base URL of the API, which wins over O(platform); plain C(http://) only to this machine.
    type: str
  username:
    description:
      - The API username from Configuration Manager; else E(EIGHTBYEIGHT_CC_USERNAME).
    type: str
  data_token:
    description:
      - The Data Request Token; else E(EIGHTBYEIGHT_CC_DATA_TOKEN). The source only reads, and
        takes no action token.
    type: str
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to verify the server's certificate with.
    type: str
  timeout:
    description:
      - Seconds to wait for the server to answer one request.
    type: float
    default: 30
  retries:
    description:
      - How many times the client sends a read again after a passing fault, within one poll.
    type: int
    default: 3
  campaign_ids:
    description:
      - The campaigns to watch, as a list of IDs, or a string of IDs separated by commas and/or
        white space, such as V(125,126) or V(125 126 127). An ID given twice is watched once.
        Events have no desired state, and nothing ever drifts.
      - Give either O(campaign_ids) or O(desired_state).
    type: list
    elements: int
  desired_state:
    description:
      - The campaigns to watch and what each should be in; either the path of a desired-state
        file (YAML, version 1 or 2, as the collection's C(apply) playbook takes it, with
        C(campaigns), a list of C({id, state, mode}), and C(windows), calling hours and freezes; a
        relative path is relative to the directory ansible-rulebook runs in), or that mapping.
      - A file is read again at every poll; an edit takes effect at the next poll once it passes
        the same checks as at start-up. A broken edit keeps the last good desired state in force
        and is reported by one C(desired_state_invalid) event per broken version.
    type: raw
  interval:
    description:
      - Seconds between two polls. The source also polls right after a window of the desired
        state opens or closes.
    type: float
    default: 30
  concurrency:
    description:
      - How many campaigns are read at a time, from 1 to 64.
    type: int
    default: 8
  reemit_max:
    description:
      - The longest pause, in seconds, between two events of a drift that lasts; the pauses are 1,
        2, 4... intervals up to this. V(0) emits each drift once.
    type: float
    default: 600
  stuck_after:
    description:
      - After this many events of one drift that automation may act on, and the drift still there
        when the next is due, one C(stuck) event is put. V(0) puts none.
    type: int
    default: 5
  heartbeat:
    description:
      - Seconds between two C(heartbeat) events, which count the campaigns watched, drifted and
        unreadable, and give the time of the last good poll. V(0) puts none.
    type: float
    default: 300
"""

EXAMPLES = r"""
- eightbyeight.contact_center.campaign_status:
    desired_state: desired-state.yml
    interval: 30
    reemit_max: 600
    stuck_after: 5
    heartbeat: 300

- eightbyeight.contact_center.campaign_status:
    api_url: https://vcc-na12.8x8.com
    username: "{{ cc_username }}"
    data_token: "{{ cc_data_token }}"
    campaign_ids: [125, 126, 127]
    interval: 60
"""


def _make_importable() -> None:
    """ansible-rulebook runs this file by its path, without Ansible's collection loader: put the
    collections directory this file is installed in (the one holding ansible_collections/) on the
    path, so that the imports below find the collection's own code, from the same copy."""
    parts = os.path.abspath(__file__).split(os.sep)
    if len(parts) > 8 and parts[-8] == "ansible_collections":
        root = os.sep.join(parts[:-8]) or os.sep
        if root not in (os.path.abspath(entry) for entry in sys.path if entry):
            sys.path.insert(0, root)


_make_importable()

# pylint: disable=wrong-import-position  # the path above must be set first
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import (  # noqa: E402
    Campaign,
    campaign_ids,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import (  # noqa: E402
    MAX_CONCURRENCY,
    affects_every_campaign,
    failure_message,
    read_many,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (  # noqa: E402
    CampaignError,
    commands,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._policy import (  # noqa: E402
    ENFORCE,
    Decision,
    Policy,
    decide,
    load_policy,
    may_send,
    satisfied,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import (  # noqa: E402
    ReconcileError,
    label,
    plan_change,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import (  # noqa: E402
    REQUESTS_IMPORT_ERROR,
    ApiError,
    CampaignApi,
    resolve_base_url,
)

# pylint: enable=wrong-import-position

ENV_PREFIX = "EIGHTBYEIGHT_CC_"
KEY = "campaign_status"

DRIFTED = "drifted"
CHANGED = "changed"
STUCK = "stuck"
READ_FAILED = "read_failed"
POLL_FAILED = "poll_failed"
POLL_RECOVERED = "poll_recovered"
CREDENTIALS_REFUSED = "credentials_refused"
HEARTBEAT = "heartbeat"
DESIRED_STATE_INVALID = "desired_state_invalid"

MAX_BACKOFF = 300.0  # seconds: the longest pause after failed polls, unless the interval is longer
EDGE_DELAY = 0.5  # seconds after a window's edge at which the source polls: the edge has passed
MIN_PAUSE = 1.0  # seconds: the shortest pause between two polls, for edges close together

_ARGUMENTS = frozenset((
    "platform", "api_url", "username", "data_token", "validate_certs", "ca_path", "timeout",
    "retries", "campaign_ids", "desired_state", "interval", "concurrency", "reemit_max",
    "stuck_after", "heartbeat",
))
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")

logger = logging.getLogger("eightbyeight.contact_center.campaign_status")

# How the source waits, and tells the time; tests replace them. `now` gives the wall time the
# desired state's windows are read at, `monotonic` the seconds that pace polls and events.
sleep = asyncio.sleep
monotonic = time.monotonic


def now() -> datetime:
    """The time the desired state is decided at: aware, in UTC."""
    return datetime.now(timezone.utc)


class SourceArgumentError(ValueError):
    """An argument the source cannot start with. The message names the argument, never a token."""


class Settings(t.NamedTuple):
    """The source's arguments, checked."""

    base_url: str
    username: str
    data_token: str
    validate_certs: bool
    ca_path: str | None
    timeout: float
    retries: int
    #: (campaign ID, the file's desired state or None), in the order given, at start-up.
    campaigns: list[tuple[int, str | None]]
    #: The desired state, or None with campaign_ids.
    desired: DesiredState | None
    interval: float
    concurrency: int
    reemit_max: float
    stuck_after: int
    heartbeat: float

    def client(self) -> CampaignApi:
        """The collection's client, with the data token only."""
        try:
            return CampaignApi(
                self.base_url, self.username, self.data_token, None,
                validate_certs=self.validate_certs, ca_path=self.ca_path, timeout=self.timeout,
                retries=self.retries, connections=self.concurrency,
            )
        except CampaignError as error:
            raise SourceArgumentError(str(error)) from None


def settings(args: dict[str, t.Any], environ: t.Mapping[str, str]) -> Settings:
    """The source's arguments, checked, with the modules' fallbacks to the EIGHTBYEIGHT_CC_*
    environment."""
    unknown = sorted(
        str(name) for name in args if name not in _ARGUMENTS and not str(name).startswith("eda_")
    )
    if unknown:
        hint = " (the source only reads: give no action_token)" if "action_token" in unknown else ""
        takes = ", ".join(sorted(_ARGUMENTS))
        raise SourceArgumentError(f"unknown arguments {', '.join(unknown)}{hint}; it takes {takes}")
    platform, api_url = _text(args, "platform"), _text(args, "api_url")
    if platform is None and api_url is None:
        # As the modules do: from the environment only as a pair, and only when neither is given.
        platform = environ.get(f"{ENV_PREFIX}PLATFORM") or None
        api_url = environ.get(f"{ENV_PREFIX}API_URL") or None
    try:
        base_url = resolve_base_url(platform, api_url)
    except CampaignError as error:
        raise SourceArgumentError(str(error)) from None
    credentials = {name: _credential(args, environ, name) for name in ("username", "data_token")}
    concurrency = _number(args, "concurrency", 8, int)
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise SourceArgumentError(
            f"concurrency must be from 1 to {MAX_CONCURRENCY}, got {concurrency}"
        )
    desired, campaigns = _campaigns(args)
    return Settings(
        base_url=base_url,
        username=credentials["username"],
        data_token=credentials["data_token"],
        validate_certs=_flag(args, "validate_certs", True),
        ca_path=_text(args, "ca_path"),
        timeout=_seconds(args, "timeout", 30.0),
        retries=_count(args, "retries", 3),
        campaigns=campaigns,
        desired=desired,
        interval=_seconds(args, "interval", 30.0),
        concurrency=concurrency,
        reemit_max=_seconds(args, "reemit_max", 600.0, off=True),
        stuck_after=_count(args, "stuck_after", 5),
        heartbeat=_seconds(args, "heartbeat", 300.0, off=True),
    )


def _credential(args: dict[str, t.Any], environ: t.Mapping[str, str], name: str) -> str:
    value = _text(args, name)
    variable = ENV_PREFIX + name.upper()
    if value is None:
        value = environ.get(variable)
    if value is None:
        raise SourceArgumentError(f"{name} is not set: give it as an argument, or set {variable}")
    if not value:
        raise SourceArgumentError(f"{name} is empty: give it, or set {variable}")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise SourceArgumentError(
            f"{name} has characters HTTP Basic authentication cannot send: check its value"
        ) from None
    return value


def _text(args: dict[str, t.Any], name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceArgumentError(f"{name} must be a string, got a {type(value).__name__}")
    return value


def _flag(args: dict[str, t.Any], name: str, default: bool) -> bool:
    value = args.get(name, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise SourceArgumentError(f"{name} must be true or false, got {value!r}")


def _number(args: dict[str, t.Any], name: str, default: t.Any, kind: type) -> t.Any:
    value = args.get(name)
    if value is None:
        return default
    if isinstance(value, str):
        value = value.strip()
    if kind is int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif not isinstance(value, bool):
        try:
            return float(value)
        except (TypeError, ValueError):
            pass
    what = "a whole number" if kind is int else "a number"
    raise SourceArgumentError(f"{name} must be {what}, got {value!r}")


def _seconds(args: dict[str, t.Any], name: str, default: float, off: bool = False) -> float:
    value = _number(args, name, default, float)
    if not (0 <= value if off else 0 < value) or value == float("inf"):
        what = "a number of seconds, 0 for off" if off else "a positive number of seconds"
        raise SourceArgumentError(f"{name} must be {what}, got {value}")
    return value


def _count(args: dict[str, t.Any], name: str, default: int) -> int:
    value = _number(args, name, default, int)
    if value < 0:
        raise SourceArgumentError(f"{name} must be 0 or more, got {value}")
    return t.cast(int, value)


def _campaigns(
    args: dict[str, t.Any],
) -> tuple[DesiredState | None, list[tuple[int, str | None]]]:
    ids, desired = args.get("campaign_ids"), args.get("desired_state")
    if (ids is None) == (desired is None):
        raise SourceArgumentError(
            "give one of campaign_ids (the campaigns to watch) and desired_state "
            "(a desired-state file)"
        )
    if desired is not None:
        state = DesiredState.given(desired)
        return state, list(state.policy.pairs())
    try:
        watched = campaign_ids(ids, "campaign_ids")
    except CampaignError as error:
        raise SourceArgumentError(str(error)) from None
    if not watched:
        raise SourceArgumentError(
            "campaign_ids names no campaign: give IDs such as 125,126 or [125, 126]"
        )
    return None, [(campaign_id, None) for campaign_id in watched]


def _policy(content: t.Any, where: str) -> Policy:
    """The checked policy of a desired state's content, as the modules check it."""
    try:
        policy = load_policy(content, where)
    except CampaignError as error:
        raise SourceArgumentError(str(error)) from None
    if not policy.campaigns:
        raise SourceArgumentError(f"{where} lists no campaign")
    return policy


def _parsed(content: bytes, where: str) -> tuple[Policy, t.Any]:
    """The policy of a file's content, and the content as loaded."""
    import yaml  # pylint: disable=import-outside-toplevel  # only for a file; ansible-rulebook has it

    try:
        loaded = yaml.safe_load(content)
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split())
        raise SourceArgumentError(f"{where} is not valid YAML: {detail}") from None
    return _policy(loaded, where), loaded


class DesiredState:
    """The desired state in force and, for a file, what it takes to notice an edit: the file is
    read at every poll (it is small), and a new content is checked before it is used."""

    def __init__(self, policy: Policy, path: str | None = None, digest: str | None = None,
                 content: t.Any = None) -> None:
        self.policy = policy
        #: The file as given, or None for a desired state given as a mapping.
        self.path = path
        #: What the enforcement playbook is given to decide again when it sends: the desired
        #: state in force, as loaded (the file may be broken by then: the last good one holds).
        self.reference = content
        self._digest = digest  # the content in force
        self._seen = digest  # the content last read, good or not: each broken version is told once

    @classmethod
    def given(cls, value: t.Any) -> DesiredState:
        """The desired state of the argument: a path, or the mapping itself. Raises
        SourceArgumentError, naming the problem, when it cannot start with it."""
        if not isinstance(value, str):
            return cls(_policy(value, "desired_state"), content=value)
        where = f"the desired-state file {value}"
        try:
            with open(os.path.expanduser(value), "rb") as stream:
                content = stream.read()
        except OSError as error:
            raise SourceArgumentError(f"cannot read {where}: {error.strerror or error}") from None
        policy, loaded = _parsed(content, where)
        return cls(policy, value, hashlib.sha256(content).hexdigest(), loaded)

    def refresh(self) -> tuple[bool, str | None]:
        """Read the file again: whether a new desired state is now in force, and why an edit cannot
        be used (once for each content, or each reason the file cannot be read)."""
        if self.path is None:
            return False, None
        where = f"the desired-state file {self.path}"
        content: bytes | None = None
        try:
            with open(os.path.expanduser(self.path), "rb") as stream:
                content = stream.read()
        except OSError as error:
            digest = f"unreadable: {error.strerror or error}"
        else:
            digest = hashlib.sha256(content).hexdigest()
        if digest == self._seen:
            return False, None
        self._seen = digest
        if content is None:
            return False, f"cannot read {where}: {digest.split(': ', 1)[1]}"
        if digest == self._digest:
            logger.info("%s is back to the desired state in force", where)
            return False, None
        try:
            policy, loaded = _parsed(content, where)
        except SourceArgumentError as error:
            return False, str(error)
        self.policy, self._digest, self.reference = policy, digest, loaded
        logger.info("%s changed: %d campaigns now", where, len(policy.campaigns))
        return True, None


def _summary(campaign: Campaign) -> dict[str, t.Any]:
    return {"status": campaign.status, "status_name": campaign.status_name, "state": campaign.state}


def _shown(campaign: Campaign) -> str:
    return f"{campaign.state} (status {campaign.status}, {campaign.status_name})"


def _iso(when: datetime | None) -> str | None:
    return None if when is None else when.isoformat(timespec="seconds")


def _every_campaign(cause: BaseException) -> bool:
    """A failure that says nothing of the campaign read, whichever read meets it: a refused
    credential, a request that never reached the server (no connection, DNS, TLS, proxy), a
    redirect, or "too many requests" after the client's retries. Any other answer, a 5xx included,
    is about that campaign (the platform answers 500 for some campaigns, every time)."""
    return isinstance(cause, ApiError) and (
        affects_every_campaign(cause) or cause.status_code == 429
    )


def _unanswered(cause: BaseException) -> bool:
    """A request that got no answer at all (a timeout, a dropped connection) or no API answer."""
    return isinstance(cause, ApiError) and cause.status_code is None


def _refused(cause: BaseException) -> bool:
    return isinstance(cause, ApiError) and cause.status_code in (401, 403)


class Verdict(t.NamedTuple):
    """One campaign against its desired state in force, as an event tells it."""

    decision: Decision | None
    drifted: bool
    #: What a run would send; None when the effective state cannot be reached from here.
    transitions: list[str] | None
    #: Whether automation may send those changes now, and why not.
    act: bool
    why: str | None

    def fields(self) -> dict[str, t.Any]:
        """The event's fields that come from the desired state."""
        names = ("desired", "effective", "mode", "reason", "frozen_by", "freeze_ends")
        given = dict.fromkeys(names) if self.decision is None else {
            name: getattr(self.decision, name) for name in names
        }
        given["freeze_ends"] = _iso(given["freeze_ends"])
        mine = ("drifted", "transitions", "act", "why")
        return {**given, **{name: getattr(self, name) for name in mine}}


def judge(campaign: Campaign, decision: Decision | None) -> Verdict:
    """Whether ``campaign`` is in its effective desired state and, if not, what would bring it back
    and whether automation may send that now."""
    if decision is None:
        return Verdict(None, False, [], False, "no desired state")
    if satisfied(decision, campaign.state):
        return Verdict(decision, False, [], False, "in its desired state")
    try:
        path = plan_change(campaign, decision.effective)
    except CampaignError as error:
        return Verdict(decision, True, None, False, str(error))
    act, why = may_send(decision, campaign.state, path, automation=True)
    return Verdict(decision, True, list(commands(path)), act, None if act else why)


@dataclass
class Drift:
    """One drift of one campaign: out of one effective state, in one state, with one verdict on
    whether automation may act. A change to any of those is another drift."""

    #: (state, effective state, mode, whether automation may act)
    key: tuple[t.Any, ...]
    drift_id: str
    since: datetime
    #: The events of this drift put so far.
    attempt: int = 0
    #: When (monotonic seconds) the next event of this drift is due; None: never.
    due: float | None = None
    #: Whether its stuck event was put.
    stuck: bool = False
    #: The last failure to read the campaign during this drift, if any.
    last_error: str | None = None

    @property
    def act(self) -> bool:
        """Whether automation may act on this drift."""
        return bool(self.key[-1])


class Drifts:
    """The drifts that last, and when each is to be emitted again."""

    def __init__(self, interval: float, reemit_max: float, stuck_after: int) -> None:
        self.interval = interval
        self.reemit_max = reemit_max
        self.stuck_after = stuck_after
        self.current: dict[int, Drift] = {}
        self._serial = 0

    def pause(self, attempt: int) -> float | None:
        """Seconds from the ``attempt``-th event of a drift to the next: 1, 2, 4... intervals, at
        most reemit_max; None when reemit_max is 0."""
        if not self.reemit_max:
            return None
        return min(self.interval * 2 ** min(attempt - 1, 32), self.reemit_max)

    def observe(
        self, campaign_id: int, key: tuple[t.Any, ...], when: datetime, moment: float
    ) -> tuple[Drift | None, bool]:
        """The drift to emit now (None: not yet), and whether to say now that it is stuck (once)."""
        drift = self.current.get(campaign_id)
        if drift is None or drift.key != key:
            self._serial += 1
            drift_id = f"{campaign_id}-{when:%Y%m%dT%H%M%SZ}-{self._serial}"
            drift = self.current[campaign_id] = Drift(key, drift_id, when)
        elif drift.due is None or moment < drift.due:
            return None, False
        stuck = drift.act and not drift.stuck and 0 < self.stuck_after <= drift.attempt
        drift.stuck = drift.stuck or stuck
        drift.attempt += 1
        pause = self.pause(drift.attempt)
        drift.due = None if pause is None else moment + pause
        return drift, stuck

    def resolve(self, campaign_id: int) -> None:
        """The campaign is in its effective desired state (or no longer watched)."""
        self.current.pop(campaign_id, None)


class Watch:  # pylint: disable=too-many-instance-attributes  # what one watch keeps track of
    """The campaigns watched, the last state seen of each and their drifts; turns each poll's reads
    into events."""

    def __init__(self, config: Settings, secrets: t.Sequence[str] = ()) -> None:
        self.policy = None if config.desired is None else config.desired.policy
        self.desired = config.desired  # in each event, for the playbook to decide again
        self.ids = [campaign_id for campaign_id, _state in config.campaigns]
        self.last: dict[int, Campaign] = {}
        #: The campaigns whose last read failed, with why.
        self.unreadable: dict[int, str] = {}
        self.drifts = Drifts(config.interval, config.reemit_max, config.stuck_after)
        self.last_good_poll: datetime | None = None
        self._secrets = [secret for secret in secrets if secret]

    def scrub(self, text: str) -> str:
        """``text`` without a token: the client's messages have none already; this is the rest."""
        for secret in self._secrets:
            text = text.replace(secret, "********")
        return text

    def event(self, kind: str, message: str, **fields: t.Any) -> dict[str, t.Any]:
        """An event of the source: its type, its fields, and a message for a log."""
        return {KEY: {"type": kind, **fields, "message": self.scrub(message)}}

    def use(self, policy: Policy) -> None:
        """A new desired state: its campaigns, in its order; what is known of those it keeps."""
        self.policy = policy
        self.ids = [campaign.id for campaign in policy.campaigns]
        for campaign_id in set(self.last) | set(self.unreadable) | set(self.drifts.current):
            if campaign_id not in self.ids:
                self.last.pop(campaign_id, None)
                self.unreadable.pop(campaign_id, None)
                self.drifts.resolve(campaign_id)

    def heartbeat(self, failed_polls: int) -> dict[str, t.Any]:
        """The heartbeat event: what the source watches, and how it goes."""
        drifted = len(self.drifts.current)
        stuck = sum(1 for drift in self.drifts.current.values() if drift.stuck)
        last = _iso(self.last_good_poll)
        message = (
            f"watching {len(self.ids)} campaigns: {drifted} drifted, {stuck} of them stuck, "
            f"{len(self.unreadable)} unreadable; last good poll {last or 'none yet'}"
        )
        if failed_polls:
            message += f"; {failed_polls} polls in a row failed since"
        # Counts in a mapping of their own: a campaign event's "drifted" is a boolean rules compare.
        counts = {"watched": len(self.ids), "drifted": drifted, "stuck": stuck,
                  "unreadable": len(self.unreadable)}
        return self.event(
            HEARTBEAT, message, campaigns=counts, last_good_poll=last, failed_polls=failed_polls,
        )

    def poll(
        self, results: list[Campaign | ReconcileError], when: datetime, moment: float
    ) -> tuple[list[dict[str, t.Any]], str | None, ReconcileError | None]:
        """The events of one poll's reads, made at ``when`` (``moment`` in monotonic seconds), why
        the poll failed (None if it did not), and a refusal of the credential.

        A campaign's own failure is its read_failed event; only what every campaign would meet
        fails the poll: see _every_campaign. A read that got no answer is the campaign's own when
        another read of this poll read its campaign (the platform answers), and fails the poll when
        none did."""
        events: list[dict[str, t.Any]] = []
        failures: list[ReconcileError] = []
        platform_answers = any(isinstance(result, Campaign) for result in results)
        decisions = {} if self.policy is None else {d.id: d for d in decide(self.policy, when)}
        for campaign_id, result in zip(self.ids, results):
            if isinstance(result, Campaign):
                self.unreadable.pop(campaign_id, None)
                verdict = judge(result, decisions.get(campaign_id))
                events.extend(self._campaign_events(result, verdict, when, moment))
                continue
            if _refused(result.cause):
                return events, None, result
            unanswered = _unanswered(result.cause) and not platform_answers
            if _every_campaign(result.cause) or unanswered:
                failures.append(result)
                continue
            if campaign_id in self.drifts.current:
                self.drifts.current[campaign_id].last_error = self.scrub(str(result))
            if campaign_id not in self.unreadable:
                decision = decisions.get(campaign_id)
                events.append(self.event(
                    READ_FAILED, str(result), campaign={"id": campaign_id},
                    desired=None if decision is None else decision.desired,
                    effective=None if decision is None else decision.effective,
                ))
            self.unreadable[campaign_id] = self.scrub(str(result))
        if not failures:
            self.last_good_poll = when
        return events, failure_message(failures, len(self.ids), "could not be read"), None

    def _campaign_events(
        self, campaign: Campaign, verdict: Verdict, when: datetime, moment: float
    ) -> list[dict[str, t.Any]]:
        previous = self.last.get(campaign.id)
        self.last[campaign.id] = campaign
        changed = previous is not None and previous.state != campaign.state
        if not verdict.drifted:
            self.drifts.resolve(campaign.id)
            return [self._campaign_event(CHANGED, campaign, previous, verdict)] if changed else []
        decision = t.cast(Decision, verdict.decision)
        key = (campaign.state, decision.effective, decision.mode, verdict.act)
        drift, stuck = self.drifts.observe(campaign.id, key, when, moment)
        events = []
        if stuck and drift is not None:
            events.append(self._stuck_event(campaign, verdict, drift))
        if drift is not None:
            kind = CHANGED if changed else DRIFTED
            events.append(self._campaign_event(kind, campaign, previous, verdict, drift))
        return events

    def _campaign_event(
        self, kind: str, campaign: Campaign, previous: Campaign | None, verdict: Verdict,
        drift: Drift | None = None,
    ) -> dict[str, t.Any]:
        who = label(campaign.id, campaign)
        if previous is not None and previous.state != campaign.state:
            message = f"{who} went from {_shown(previous)} to {_shown(campaign)}"
        elif drift is not None and drift.attempt > 1:
            message = f"{who} is still {_shown(campaign)}"
        else:
            message = f"{who} is {_shown(campaign)}"
        message += _wanted(verdict)
        if drift is not None and drift.attempt > 1:
            message += f" (event {drift.attempt} of this drift, since {_iso(drift.since)})"
        return self.event(
            kind, message,
            campaign={"id": campaign.id, "name": campaign.name, **_summary(campaign)},
            previous=None if previous is None else _summary(previous),
            **verdict.fields(),
            drift_id=None if drift is None else drift.drift_id,
            attempt=None if drift is None else drift.attempt,
            decided_at=_iso(now()),
            desired_state=None if self.desired is None else self.desired.reference,
        )

    def _stuck_event(self, campaign: Campaign, verdict: Verdict, drift: Drift) -> dict[str, t.Any]:
        effective = t.cast(Decision, verdict.decision).effective
        attempts = drift.attempt - 1  # the events before this one, each given its time
        message = (
            f"{label(campaign.id, campaign)} is stuck: still {_shown(campaign)}, desired "
            f"{effective}, after {attempts} events of this drift since {_iso(drift.since)} that "
            "automation may act on"
        )
        if drift.last_error:
            message += f"; its last failed read: {drift.last_error}"
        message += (
            "; the source does not see how actions went: the enforcement's own error is in "
            "ansible-rulebook's output or the job's. Its events go on"
        )
        wanted = {k: v for k, v in verdict.fields().items() if k not in ("drifted", "act")}
        return self.event(
            STUCK, message,
            campaign={"id": campaign.id, "name": campaign.name, **_summary(campaign)}, **wanted,
            drift_id=drift.drift_id, attempts=attempts, since=_iso(drift.since),
            last_error=drift.last_error,
        )


def _wanted(verdict: Verdict) -> str:
    """'; desired paused: drifted, and a run would send PAUSED', and what keeps automation off."""
    decision = verdict.decision
    if decision is None:
        return ""
    text = f"; desired {decision.desired}"
    if decision.mode != ENFORCE:
        text += f" ({decision.mode})"
    if decision.effective != decision.desired:
        text += f", {decision.effective} now: {decision.reason}"
    if not verdict.drifted:
        return text
    if verdict.transitions is None:
        return f"{text}: drifted, and {verdict.why}"
    text += f": drifted, and a run would send {', '.join(verdict.transitions)}"
    return text if verdict.act else f"{text}; automation may not: {verdict.why}"


def backoff(interval: float, failures: int) -> float:
    """The pause after the ``failures``-th failed poll in a row: twice the interval, doubled each
    time, bounded."""
    return min(interval * 2 ** min(failures, 32), max(interval, MAX_BACKOFF))


def _ends_poll(error: ApiError) -> bool:
    """What the first read of a poll may meet that every other read would meet too: the poll ends
    there, rather than sending every campaign's reads, and retries, to a platform that is down or
    asks for fewer requests. A first read that got no answer is one of those; an HTTP 5xx is not:
    the campaign's own, it is that campaign's read_failed, and the others are read."""
    return _every_campaign(error) or _unanswered(error)


async def in_thread(function: t.Callable[..., t.Any], *args: t.Any) -> t.Any:
    """``function(*args)`` in a daemon thread of its own; awaiting it can be cancelled at once.

    Not asyncio.to_thread: a read blocked in the default executor (a slow answer, a Retry-After)
    holds up the end of the event loop, which waits for the executor's threads. Here the thread
    goes on alone, and its outcome is dropped when nobody waits for it any more."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[t.Any] = loop.create_future()

    def settle(result: t.Any, error: BaseException | None) -> None:
        if future.done():  # cancelled meanwhile
            return
        if error is None:
            future.set_result(result)
        else:
            future.set_exception(error)

    def work() -> None:
        outcome: tuple[t.Any, BaseException | None] = (
            None, RuntimeError("the poll's thread ended without an outcome"),
        )
        try:
            outcome = (function(*args), None)
        except Exception as error:  # pylint: disable=broad-exception-caught  # raised when awaited
            outcome = (None, error)
        finally:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
                loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=work, name=f"{KEY} poll", daemon=True).start()
    return await future


async def _poll(
    api: CampaignApi, watch: Watch, concurrency: int
) -> tuple[list[dict[str, t.Any]], str | None, ReconcileError | None]:
    """One poll: its events, why it failed (None if it did not), and a refusal of the credential."""
    try:
        results = await in_thread(read_many, api, list(watch.ids), concurrency, _ends_poll)
    except ReconcileError as error:  # the first campaign's read: what every campaign would meet
        return ([], None, error) if _refused(error.cause) else ([], str(error), None)
    except Exception as error:  # pylint: disable=broad-exception-caught  # a poll never ends the source
        return [], f"{type(error).__name__}: {error}", None
    finally:
        # The client keeps a note of each retry for a module's warnings; a source that runs for
        # weeks logs and drops them.
        for note in api.take_retry_notes():
            logger.info("%s", watch.scrub(note))
    return watch.poll(results, now(), monotonic())


class Source:
    """The source's loop: a poll at each interval (or right after a window's edge), a heartbeat
    every so often, and what each puts on the queue."""

    def __init__(self, queue: asyncio.Queue[t.Any], config: Settings) -> None:
        self.queue = queue
        self.config = config
        self.api = config.client()
        basic = base64.b64encode(
            f"{config.username}:{config.data_token}".encode("latin-1")
        ).decode("ascii")
        self.watch = Watch(config, (config.data_token, basic))
        self.failed = 0  # polls failed in a row
        #: When (monotonic seconds) the next poll, and the next heartbeat (None: none), are due.
        self.due: dict[str, float | None] = {"poll": None, "heartbeat": None}

    async def put(self, event: dict[str, t.Any]) -> None:
        """Put an event on ansible-rulebook's queue."""
        await self.queue.put(event)

    async def run(self) -> None:
        """Poll until cancelled, or until the credential is refused."""
        config = self.config
        logger.info(
            "watching %d campaigns on %s every %g seconds", len(self.watch.ids), config.base_url,
            config.interval,
        )
        start = monotonic()
        beat = start + config.heartbeat if config.heartbeat else None
        self.due = {"poll": start, "heartbeat": beat}
        try:
            while True:
                moment = monotonic()
                if moment >= t.cast(float, self.due["poll"]):
                    if await self.poll():
                        return
                beat = self.due["heartbeat"]
                if beat is not None and monotonic() >= beat:
                    await self.put(self.watch.heartbeat(self.failed))
                    self.due["heartbeat"] = monotonic() + config.heartbeat
                wake = min(due for due in self.due.values() if due is not None)
                await sleep(max(0.0, wake - monotonic()))
        except asyncio.CancelledError:
            logger.info("stopping: ansible-rulebook ends the source")
            raise

    async def poll(self) -> bool:
        """One poll and its events; True when the source must end (a refused credential)."""
        config, watch = self.config, self.watch
        if config.desired is not None:
            renewed, problem = config.desired.refresh()
            if renewed:
                watch.use(config.desired.policy)
            if problem is not None:
                message = f"{problem}; the desired state last read in full stays in force"
                logger.warning("%s", watch.scrub(message))
                await self.put(watch.event(
                    DESIRED_STATE_INVALID, message, file=config.desired.path,
                ))
        events, failure, refused = await _poll(self.api, watch, config.concurrency)
        for event in events:
            await self.put(event)
        if refused is not None:
            message = (
                f"{refused}; the source stops: correct the credential, then restart the rulebook"
            )
            logger.error("%s", watch.scrub(message))
            status_code = t.cast(ApiError, refused.cause).status_code
            await self.put(watch.event(CREDENTIALS_REFUSED, message, status_code=status_code))
            return True
        if failure is not None:
            self.failed += 1
            delay = backoff(config.interval, self.failed)
            reason = watch.scrub(failure)
            logger.warning(
                "%d polls in a row failed, the last one: %s; next poll in %g seconds", self.failed,
                reason, delay,
            )
            if self.failed == 1:
                message = (
                    f"reading the campaigns failed: {reason}; trying again in {delay:g} seconds, "
                    "then after longer pauses while it fails"
                )
                await self.put(watch.event(POLL_FAILED, message, retry_in=delay))
        else:
            if self.failed:
                logger.info("reading the campaigns works again, after %d failed polls", self.failed)
                message = f"reading the campaigns works again, after {self.failed} failed polls"
                await self.put(watch.event(POLL_RECOVERED, message, failed_polls=self.failed))
            self.failed = 0
            delay = config.interval
        self.due["poll"] = monotonic() + self._until_edge(delay)
        return False

    def _until_edge(self, delay: float) -> float:
        """``delay``, or less: the seconds to just after the next edge of a window of the desired
        state, if it comes first, so that an edge is acted on when it comes."""
        policy = self.watch.policy
        if policy is None or not policy.windows:
            return delay
        when = now()
        edge = policy.next_change(when)
        if edge is None:
            return delay
        until = (edge - when).total_seconds() + EDGE_DELAY
        return max(min(delay, until), min(delay, MIN_PAUSE))


async def main(queue: asyncio.Queue[t.Any], args: dict[str, t.Any]) -> None:
    """Poll the campaigns until cancelled, or until the credential is refused."""
    if REQUESTS_IMPORT_ERROR:
        raise SourceArgumentError(
            "the Python package requests is missing where ansible-rulebook runs (the decision "
            "environment): install it"
        )
    await Source(queue, settings(args, os.environ)).run()
