# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""An event source for ansible-rulebook: the state of 8x8 Contact Center campaigns, polled, and drift from a desired state.

It reads with the collection's own client (the modules' retries, rate limiting and scrubbed messages), in a thread,
and keeps nothing but the last state seen of each campaign.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import sys
import typing as t

DOCUMENTATION = r"""
---
short_description: Watch 8x8 Contact Center campaigns, and say when one changes state or drifts from its desired state.
description:
  - An ansible-rulebook event source plugin that reads a set of 8x8 Contact Center campaigns every O(interval)
    seconds, with the Data Request Token only, and puts an event on the queue for each campaign whose state changed
    since the last poll.
  - With O(desired_state), each event says whether the campaign satisfies its desired state (a purged campaign
    satisfies V(paused)), and what a run of M(eightbyeight.contact_center.campaign_status) would send to bring it
    back. At start-up, one event is put for each campaign that has drifted already.
  - Every event is a mapping with one key, C(campaign_status), whose C(type) is one of C(drifted), C(changed),
    C(read_failed), C(poll_failed), C(poll_recovered) and C(credentials_refused); see the collection's
    docs/event-driven.md for their fields.
  - One campaign that cannot be read never blinds the source to the others. A failure of that campaign's own (an
    HTTP 4xx other than 401, 403 and 429, an HTTP 5xx after the client's own O(retries), such as the 500 the
    platform answers for some campaigns every time, or an answer that is not a campaign) is reported by one
    C(read_failed) event per streak, and the poll goes on with the other campaigns; once that campaign is read again,
    it is reported as at start-up (C(drifted) if it has drifted) or as a change, as any campaign is.
  - A poll fails only on what every campaign would meet; a request that never reached the server (refused
    connection, DNS, TLS, proxy), a redirect (HTTP 3xx), HTTP 429 after the client's own O(retries), or a read that
    got no answer at all (a timeout, a dropped connection) when no other read of the poll read its campaign. The
    first campaign is read alone, and when its read meets one of those (no answer included), the poll ends there
    and the others are not asked. A read that got no answer while other reads of the same poll read their campaigns
    is that campaign's C(read_failed).
  - A failed poll is tried again after a pause that doubles after each failed poll, from twice O(interval) up to five
    minutes (or O(interval), if longer), and goes back to O(interval) after a good poll. Each streak of failed polls
    is reported by one C(poll_failed) event, and its end by one C(poll_recovered) event.
  - A refused credential (HTTP 401 or 403) is reported by one C(credentials_refused) event, and the source ends, so
    that a rulebook is not left polling with a wrong token.
  - No event and no log line holds a token.
  - Needs the Python package C(requests) where ansible-rulebook runs (the decision environment).
options:
  platform:
    description:
      - The Contact Center platform, such as V(na12); the API is reached at C(https://vcc-<platform>.8x8.com).
      - If neither O(platform) nor O(api_url) is given, both are taken from E(EIGHTBYEIGHT_CC_PLATFORM) and
        E(EIGHTBYEIGHT_CC_API_URL); when either is given, both variables are ignored.
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
      - The Data Request Token; else E(EIGHTBYEIGHT_CC_DATA_TOKEN). The source only reads, and takes no action token.
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
      - The campaigns to watch, as a list of IDs, or a string of IDs separated by commas and/or white space, such as
        V(125,126) or V(125 126 127). An ID given twice is watched once. Events have no desired state.
      - Give either O(campaign_ids) or O(desired_state).
    type: list
    elements: int
  desired_state:
    description:
      - The campaigns to watch and the state each should be in; either the path of a desired-state file (YAML, a
        mapping whose C(campaigns) is a list of C({id, state}), as the collection's C(apply) playbook takes; a
        relative path is relative to the directory ansible-rulebook runs in), or that mapping itself.
      - Read once, at start-up; restart the rulebook to take a change into account.
    type: raw
  interval:
    description:
      - Seconds between two polls.
    type: float
    default: 30
  concurrency:
    description:
      - How many campaigns are read at a time, from 1 to 64.
    type: int
    default: 8
"""

EXAMPLES = r"""
- eightbyeight.contact_center.campaign_status:
    desired_state: desired-state.yml
    interval: 30

- eightbyeight.contact_center.campaign_status:
    api_url: https://vcc-na12.8x8.com
    username: "{{ cc_username }}"
    data_token: "{{ cc_data_token }}"
    campaign_ids: [125, 126, 127]
    interval: 60
"""


def _make_importable() -> None:
    """ansible-rulebook runs this file by its path, without Ansible's collection loader: put the collections directory
    this file is installed in (the one holding ansible_collections/) on the path, so that the imports below find the
    collection's own client code, from the same copy of the collection as this file."""
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
    desired_list,
    failure_message,
    read_many,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (  # noqa: E402
    CampaignError,
    commands,
    satisfies,
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

ENV_PREFIX = "EIGHTBYEIGHT_CC_"
KEY = "campaign_status"

DRIFTED = "drifted"
CHANGED = "changed"
READ_FAILED = "read_failed"
POLL_FAILED = "poll_failed"
POLL_RECOVERED = "poll_recovered"
CREDENTIALS_REFUSED = "credentials_refused"

MAX_BACKOFF = 300.0  # seconds: the longest pause between two failed polls, unless the interval is longer

_ARGUMENTS = frozenset((
    "platform", "api_url", "username", "data_token", "validate_certs", "ca_path", "timeout", "retries",
    "campaign_ids", "desired_state", "interval", "concurrency",
))
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")

logger = logging.getLogger("eightbyeight.contact_center.campaign_status")

#: How the source waits between polls; a test replaces it.
sleep = asyncio.sleep


class SourceArgumentError(ValueError):
    """An argument the source cannot start with. The message names the argument, never a token's value."""


class Settings(t.NamedTuple):
    base_url: str
    username: str
    data_token: str
    validate_certs: bool
    ca_path: str | None
    timeout: float
    retries: int
    #: (campaign ID, desired state or None), in the order given.
    campaigns: list[tuple[int, str | None]]
    interval: float
    concurrency: int

    def client(self) -> CampaignApi:
        try:
            return CampaignApi(
                self.base_url, self.username, self.data_token, None, validate_certs=self.validate_certs,
                ca_path=self.ca_path, timeout=self.timeout, retries=self.retries, connections=self.concurrency,
            )
        except CampaignError as error:
            raise SourceArgumentError(str(error)) from None


def settings(args: dict[str, t.Any], environ: t.Mapping[str, str]) -> Settings:
    """The source's arguments, checked, with the modules' fallbacks to the EIGHTBYEIGHT_CC_* environment."""
    unknown = sorted(str(name) for name in args if name not in _ARGUMENTS and not str(name).startswith("eda_"))
    if unknown:
        hint = " (the source only reads: give no action_token)" if "action_token" in unknown else ""
        raise SourceArgumentError(f"unknown arguments {', '.join(unknown)}{hint}; it takes {', '.join(sorted(_ARGUMENTS))}")
    platform, api_url = _text(args, "platform"), _text(args, "api_url")
    if platform is None and api_url is None:
        # As the modules do: from the environment only as a pair, and only when neither is given.
        platform, api_url = environ.get(f"{ENV_PREFIX}PLATFORM") or None, environ.get(f"{ENV_PREFIX}API_URL") or None
    try:
        base_url = resolve_base_url(platform, api_url)
    except CampaignError as error:
        raise SourceArgumentError(str(error)) from None
    credentials = {}
    for name in ("username", "data_token"):
        value = _text(args, name)
        if value is None:
            value = environ.get(ENV_PREFIX + name.upper())
        if value is None:
            raise SourceArgumentError(f"{name} is not set: give it as an argument, or set {ENV_PREFIX}{name.upper()}")
        if not value:
            raise SourceArgumentError(f"{name} is empty: give it, or set {ENV_PREFIX}{name.upper()}")
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise SourceArgumentError(f"{name} has characters HTTP Basic authentication cannot send: check its value") from None
        credentials[name] = value
    concurrency = _number(args, "concurrency", 8, int)
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise SourceArgumentError(f"concurrency must be from 1 to {MAX_CONCURRENCY}, got {concurrency}")
    retries = _number(args, "retries", 3, int)
    if retries < 0:
        raise SourceArgumentError(f"retries must be 0 or more, got {retries}")
    return Settings(
        base_url=base_url,
        username=credentials["username"],
        data_token=credentials["data_token"],
        validate_certs=_flag(args, "validate_certs", True),
        ca_path=_text(args, "ca_path"),
        timeout=_positive(args, "timeout", 30.0),
        retries=retries,
        campaigns=_campaigns(args),
        interval=_positive(args, "interval", 30.0),
        concurrency=concurrency,
    )


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


def _positive(args: dict[str, t.Any], name: str, default: float) -> float:
    value = _number(args, name, default, float)
    if not 0 < value < float("inf"):
        raise SourceArgumentError(f"{name} must be a positive number of seconds, got {value}")
    return value


def _campaigns(args: dict[str, t.Any]) -> list[tuple[int, str | None]]:
    ids, desired = args.get("campaign_ids"), args.get("desired_state")
    if (ids is None) == (desired is None):
        raise SourceArgumentError("give one of campaign_ids (the campaigns to watch) and desired_state (a desired-state file)")
    if desired is not None:
        return list(_desired_state(desired))
    try:
        watched = campaign_ids(ids, "campaign_ids")
    except CampaignError as error:
        raise SourceArgumentError(str(error)) from None
    if not watched:
        raise SourceArgumentError("campaign_ids names no campaign: give IDs such as 125,126 or [125, 126]")
    return [(campaign_id, None) for campaign_id in watched]


def _desired_state(desired: t.Any) -> list[tuple[int, str]]:
    where = "desired_state"
    if isinstance(desired, str):
        where = f"the desired-state file {desired}"
        try:
            import yaml  # pylint: disable=import-outside-toplevel  # ansible-rulebook needs it too
            with open(os.path.expanduser(desired), encoding="utf-8") as stream:
                desired = yaml.safe_load(stream)
        except OSError as error:
            raise SourceArgumentError(f"cannot read {where}: {error.strerror or error}") from None
        except yaml.YAMLError as error:
            raise SourceArgumentError(f"{where} is not valid YAML: {' '.join(str(error).split())}") from None
    if isinstance(desired, list):
        desired = {"campaigns": desired}
    if not isinstance(desired, dict) or not isinstance(desired.get("campaigns"), list):
        raise SourceArgumentError(f"{where} must hold the desired state as campaigns, a list of {{id, state}}")
    try:
        pairs = desired_list(desired["campaigns"])
    except CampaignError as error:
        raise SourceArgumentError(f"{where}: {error}") from None
    if not pairs:
        raise SourceArgumentError(f"{where} lists no campaign")
    return pairs


def _summary(campaign: Campaign) -> dict[str, t.Any]:
    return {"status": campaign.status, "status_name": campaign.status_name, "state": campaign.state}


def _shown(campaign: Campaign) -> str:
    return f"{campaign.state} (status {campaign.status}, {campaign.status_name})"


def _every_campaign(cause: BaseException) -> bool:
    """A failure that says nothing of the campaign read, whichever read meets it: a refused credential, a request that
    never reached the server (no connection, DNS, TLS, proxy), a redirect, or "too many requests" after the client's
    retries. Any other answer, a 5xx included, is about that campaign (the platform answers 500 for some campaigns,
    every time)."""
    return isinstance(cause, ApiError) and (affects_every_campaign(cause) or cause.status_code == 429)


def _unanswered(cause: BaseException) -> bool:
    """A request that got no answer at all (a timeout, a dropped connection) or one that is no answer of the API."""
    return isinstance(cause, ApiError) and cause.status_code is None


def _refused(cause: BaseException) -> bool:
    return isinstance(cause, ApiError) and cause.status_code in (401, 403)


class Watch:
    """The campaigns watched and the last state seen of each; turns each poll's reads into events."""

    def __init__(self, campaigns: list[tuple[int, str | None]], secrets: t.Sequence[str] = ()) -> None:
        self.desired = dict(campaigns)
        self.ids = [campaign_id for campaign_id, _state in campaigns]
        self.last: dict[int, Campaign] = {}
        self.unreadable: set[int] = set()
        self._secrets = [secret for secret in secrets if secret]

    def scrub(self, text: str) -> str:
        """``text`` without a token: the client's messages have none already, this is for anything else."""
        for secret in self._secrets:
            text = text.replace(secret, "********")
        return text

    def event(self, kind: str, message: str, **fields: t.Any) -> dict[str, t.Any]:
        return {KEY: {"type": kind, **fields, "message": self.scrub(message)}}

    def campaign_event(self, kind: str, campaign: Campaign, previous: Campaign | None) -> dict[str, t.Any]:
        desired = self.desired[campaign.id]
        drifted, transitions, why = False, [], ""
        if desired is not None and not satisfies(campaign.state, desired):
            drifted = True
            try:
                transitions = list(commands(plan_change(campaign, desired)))
            except CampaignError as error:
                transitions, why = None, str(error)
        if previous is None:
            message = f"{label(campaign.id, campaign)} is {_shown(campaign)}"
        else:
            message = f"{label(campaign.id, campaign)} went from {_shown(previous)} to {_shown(campaign)}"
        if desired is not None:
            message += f"; desired {desired}"
            if drifted:
                message += f": drifted, and a run would send {', '.join(transitions)}" if transitions is not None else f": drifted, and {why}"
        return self.event(
            kind, message,
            campaign={"id": campaign.id, "name": campaign.name, **_summary(campaign)},
            previous=None if previous is None else _summary(previous),
            desired=desired, drifted=drifted, transitions=transitions,
        )

    def poll(self, results: list[Campaign | ReconcileError]) -> tuple[list[dict[str, t.Any]], str | None, ReconcileError | None]:
        """The events of one poll's reads, why the poll failed (None if it did not), and a refusal of the credential.

        A campaign's own failure is its read_failed event; only what every campaign would meet fails the poll: see
        _every_campaign. A read that got no answer is the campaign's own when another read of this poll read its
        campaign (the platform answers), and fails the poll when none did."""
        events: list[dict[str, t.Any]] = []
        failures: list[ReconcileError] = []
        platform_answers = any(isinstance(result, Campaign) for result in results)
        for campaign_id, result in zip(self.ids, results):
            if isinstance(result, ReconcileError):
                if _refused(result.cause):
                    return events, None, result
                if _every_campaign(result.cause) or (_unanswered(result.cause) and not platform_answers):
                    failures.append(result)
                elif campaign_id not in self.unreadable:
                    self.unreadable.add(campaign_id)
                    events.append(self.event(READ_FAILED, str(result), campaign={"id": campaign_id}, desired=self.desired[campaign_id]))
                continue
            self.unreadable.discard(campaign_id)
            previous = self.last.get(campaign_id)
            self.last[campaign_id] = result
            if previous is None:
                event = self.campaign_event(DRIFTED, result, None)
                if event[KEY]["drifted"]:  # at start-up, only the campaigns that drifted
                    events.append(event)
            elif previous.state != result.state:
                events.append(self.campaign_event(CHANGED, result, previous))
        return events, failure_message(failures, len(self.ids), "could not be read"), None


def backoff(interval: float, failures: int) -> float:
    """The pause after the ``failures``-th failed poll in a row: twice the interval, doubled each time, bounded."""
    return min(interval * 2 ** min(failures, 32), max(interval, MAX_BACKOFF))


def _ends_poll(error: ApiError) -> bool:
    """What the first read of a poll may meet that every other read would meet too: the poll ends there, rather than
    sending every campaign's reads, and retries, to a platform that is down or asks for fewer requests. A first read
    that got no answer is one of those (no read of the poll has read a campaign); an HTTP 5xx is not: the campaign's
    own, it is reported as that campaign's read_failed, and the others are read."""
    return _every_campaign(error) or _unanswered(error)


async def _poll(api: CampaignApi, watch: Watch, concurrency: int) -> tuple[list[dict[str, t.Any]], str | None, ReconcileError | None]:
    """One poll: its events, why it failed (None if it did not), and a refusal of the credential."""
    try:
        results = await asyncio.to_thread(read_many, api, watch.ids, concurrency, _ends_poll)
    except ReconcileError as error:  # the first campaign's read: what every campaign would have met
        return ([], None, error) if _refused(error.cause) else ([], str(error), None)
    except Exception as error:  # pylint: disable=broad-exception-caught  # a poll never crashes the source
        return [], f"{type(error).__name__}: {error}", None
    finally:
        # The client keeps a note of each retry for a module's warnings; a source that runs for weeks logs and drops them.
        for note in api.take_retry_notes():
            logger.info("%s", watch.scrub(note))
    return watch.poll(results)


async def main(queue: asyncio.Queue[t.Any], args: dict[str, t.Any]) -> None:
    """Poll the campaigns until cancelled, or until the credential is refused."""
    if REQUESTS_IMPORT_ERROR:
        raise SourceArgumentError("the Python package requests is missing where ansible-rulebook runs (the decision environment): install it")
    config = settings(args, os.environ)
    api = config.client()
    basic = base64.b64encode(f"{config.username}:{config.data_token}".encode("latin-1")).decode("ascii")
    watch = Watch(config.campaigns, (config.data_token, basic))
    logger.info("watching %d campaigns on %s every %g seconds", len(watch.ids), config.base_url, config.interval)
    failed = 0  # polls failed in a row
    while True:
        events, failure, refused = await _poll(api, watch, config.concurrency)
        for event in events:
            await queue.put(event)
        if refused is not None:
            message = f"{refused}; the source stops: correct the credential, then restart the rulebook"
            logger.error("%s", watch.scrub(message))
            await queue.put(watch.event(CREDENTIALS_REFUSED, message, status_code=refused.cause.status_code))
            return
        if failure is not None:
            failed += 1
            delay = backoff(config.interval, failed)
            reason = watch.scrub(failure)
            logger.warning("%d polls in a row failed, the last one: %s; next poll in %g seconds", failed, reason, delay)
            if failed == 1:
                await queue.put(watch.event(
                    POLL_FAILED, f"reading the campaigns failed: {reason}; trying again in {delay:g} seconds, then after "
                    "longer pauses while it fails", retry_in=delay,
                ))
        else:
            if failed:
                logger.info("reading the campaigns works again, after %d failed polls", failed)
                await queue.put(watch.event(
                    POLL_RECOVERED, f"reading the campaigns works again, after {failed} failed polls", failed_polls=failed,
                ))
            failed = 0
            delay = config.interval
        await sleep(delay)


if __name__ == "__main__":

    class _PrintQueue(asyncio.Queue):  # type: ignore[type-arg]
        """Prints each event: ``python campaign_status.py`` with the EIGHTBYEIGHT_CC_* variables set, to try it."""

        async def put(self, item: t.Any) -> None:
            print(item)

    asyncio.run(main(_PrintQueue(), {"campaign_ids": sys.argv[1:] or "100", "interval": 5}))
