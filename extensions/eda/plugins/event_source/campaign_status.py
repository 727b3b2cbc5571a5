# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An event source for ansible-rulebook: the state of 8x8 Contact Center campaigns, polled, and
drift from the desired state in force now.

It reads with the collection's own client (the modules' retries, rate limiting and scrubbed
messages), in a thread of its own; what it makes of the reads (drift judged as the enforcement
judges it, re-emission, heartbeats, the watch of the desired-state file, the holds that keep a
person's stop from being undone) is module_utils/_watch.py, and its arguments are checked by
module_utils/_watch_settings.py. This file is the wiring: the reads, the hold directory and the
state file, in that thread too, and the queue.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import sys
import threading
import time
import typing as t
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
  - A person's stop wins over automation. A campaign in mode C(enforce) that the desired state wants
    running, seen out of dialing when the policy did not take it out (calling hours that closed, a
    desired state paused), was stopped by a person. The source records a hold (in O(hold_dir)),
    puts one C(held) event, and its drift says C(act) false, naming the hold, until the hold ends
    (the campaign seen dialing again, its desired state changed, or the hold lifted by a person
    with the collection's resume or its C(lift) playbook), which a C(lifted) event says. What the
    policy paused (calling hours) is still started again when the policy says.
  - The holds of O(hold_dir) (a runbook pause, a hold by hand) are in force for the source too.
  - Every event is a mapping with one key, C(campaign_status), whose C(type) is one of C(drifted),
    C(changed), C(stuck), C(read_failed), C(poll_failed), C(poll_recovered),
    C(credentials_refused), C(heartbeat), C(desired_state_invalid), C(held) and C(lifted); the
    collection's event-driven guide (docs/docsite/rst/event_driven.rst) gives their fields, and what
    fails a poll rather than one campaign.
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
      - Seconds between two C(heartbeat) events, which count the campaigns watched, drifted,
        unreadable and held, list the holds in force, and give the time of the last good poll.
        V(0) puts none.
    type: float
    default: 300
  hold_dir:
    description:
      - The hold directory, shared with the collection's modules and playbooks on this host. The
        holds there (a runbook pause, a hold by hand, the lift playbook's lifts) are read again
        before each poll, and the holds the source opens and lifts are written there, so that
        C(apply) and the enforcement playbook the rulebook runs see them.
      - Else E(EIGHTBYEIGHT_CC_HOLD_DIR); when neither is set, the source keeps its holds by hand
        in memory (and in O(state_file)). ansible-rulebook and the playbooks it runs must share
        the same directory.
    type: path
  state_file:
    description:
      - A JSON file where the source keeps what it remembers across a restart (which campaigns
        the policy took out of dialing, the campaigns held, and its holds when there is no
        O(hold_dir)), written whole whenever that changes and read at start-up. A file of another
        tenant is refused at start-up.
      - Without it, a restarted source remembers nothing, and holds every campaign it finds out of
        dialing while the desired state wants it running (during calling hours), until a person
        lifts the hold or resumes it.
    type: path
"""

EXAMPLES = r"""
- eightbyeight.contact_center.campaign_status:
    desired_state: desired-state.yml
    interval: 30
    reemit_max: 600
    stuck_after: 5
    heartbeat: 300

- eightbyeight.contact_center.campaign_status:
    desired_state: /srv/desired/evening.yml
    hold_dir: /var/lib/contact-center/holds        # or EIGHTBYEIGHT_CC_HOLD_DIR
    state_file: /var/lib/contact-center/enforcer-na12.json

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
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import (  # noqa: E402
    CampaignError,
    ReconcileError,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import (  # noqa: E402
    write_json,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import (  # noqa: E402
    read_many,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import (  # noqa: E402
    HoldStore,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import (  # noqa: E402
    Hold,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._requests import (  # noqa: E402
    REQUESTS_IMPORT_ERROR,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (  # noqa: E402
    Tenant,
    timestamp,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import (  # noqa: E402
    CampaignApi,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._watch import (  # noqa: E402
    KEY,
    HoldChanges,
    Memory,
    Polled,
    Watch,
    ends_poll,
    logger,
    memory_of,
    refused,
    until_next_poll,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._watch_settings import (  # noqa: E402
    Settings,
    SourceArgumentError,
    settings,
)

# pylint: enable=wrong-import-position

__all__ = ["SourceArgumentError", "main"]

# How the source waits, and tells the time; tests replace them. `now` gives the wall time the
# desired state's windows are read at, `monotonic` the seconds that pace polls and events.
sleep = asyncio.sleep
monotonic = time.monotonic


def now() -> datetime:
    """The time the desired state is decided at: aware, in UTC."""
    return datetime.now(timezone.utc)


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
            None,
            RuntimeError("the poll's thread ended without an outcome"),
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


async def _read(api: CampaignApi, watch: Watch, concurrency: int) -> Polled:
    """One poll's reads, made into events by the watch."""
    try:
        results = await in_thread(read_many, api, list(watch.ids), concurrency, ends_poll)
    except ReconcileError as error:  # the first campaign's read: what every campaign would meet
        return Polled([], None, error) if refused(error.cause) else Polled([], str(error))
    except Exception as error:  # pylint: disable=broad-exception-caught  # a poll never ends the source
        return Polled([], f"{type(error).__name__}: {error}")
    finally:
        # The client keeps a note of each retry for a module's warnings; a source that runs for
        # weeks logs and drops them.
        for note in api.take_retry_notes():
            logger.info("%s", watch.scrub(note))
    return watch.poll(results, now(), monotonic())


def remembered(config: Settings) -> Memory | None:
    """What the source remembered when it last ran (its state_file); None without one, or before
    its first write. A file that cannot be used stops the source at start-up, naming it: a
    restarted enforcer never guesses what it forgot."""
    if config.state_file is None:
        return None
    where = f"the state file {config.state_file}"
    try:
        with open(config.state_file, encoding="utf-8") as stream:
            value = json.load(stream)
    except FileNotFoundError:
        logger.info(
            "%s is not there yet: nothing is remembered; it is written after the first poll", where
        )
        return None
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise SourceArgumentError(
            f"cannot read {where}: {reason}; remove it to start remembering nothing (campaigns "
            "found out of dialing while desired running are then held)"
        ) from None
    try:
        return memory_of(value, where, Tenant(config.base_url, config.username))
    except CampaignError as error:
        raise SourceArgumentError(str(error)) from None


class HoldsRead(t.NamedTuple):
    """The hold directory before a poll: its holds, and whether every one could be read."""

    holds: list[Hold]
    complete: bool
    problems: list[str]


def _sync_holds(
    store: HoldStore, tenant: Tenant, changes: HoldChanges, when: datetime
) -> HoldsRead:
    """Write what the watch opened and lifted, end the holds that expired, and read them all."""
    _record(store, tenant, changes)
    problems = []
    try:
        for hold in store.expire(tenant, when):
            logger.warning(
                "hold %s expired at %s: campaigns %s may be started again",
                hold.id,
                timestamp(t.cast(datetime, hold.expires_at)),
                ", ".join(map(str, hold.campaigns)),
            )
    except CampaignError as error:
        problems.append(str(error))
    if not os.path.isdir(store.directory):
        problems.append(f"the hold directory {store.directory} is not there (yet)")
        return HoldsRead([], False, problems)
    holds, unreadable = store.read()
    return HoldsRead(holds, not unreadable, problems + unreadable)


def _record(store: HoldStore | None, tenant: Tenant, changes: HoldChanges) -> None:
    """The holds the watch opened and lifted, written to the hold directory, for the modules to
    see; a failure is logged, and the watch's own view goes on."""
    if store is None:
        return
    for hold in changes.opened:
        try:
            logger.info("hold %s recorded in %s", hold.id, store.add(hold))
        except CampaignError as error:
            logger.error("the hold %s could not be recorded: %s", hold.id, error)
    for lifting in changes.lifts:
        try:
            store.lift(tenant, lifting.campaign_ids, lifting.when, lifting.by, lifting.why)
        except CampaignError as error:
            logger.error(
                "the end of the holds of %s could not be recorded: %s", lifting.campaign_ids, error
            )


def _after_poll(
    store: HoldStore | None,
    tenant: Tenant,
    changes: HoldChanges,
    state_file: str | None,
    memory: Memory | None,
) -> bool:
    """The holds the poll opened and lifted recorded, then (``memory``: it changed) the state
    file written whole; whether it was."""
    _record(store, tenant, changes)
    if state_file is None or memory is None:
        return False
    try:
        write_json(state_file, memory.as_dict())
    except OSError as error:
        logger.error("cannot write the state file %s: %s", state_file, error.strerror or error)
        return False
    return True


class _Holds:
    """The hold directory and the state file, as one poll after another meets them."""

    def __init__(self, config: Settings, watch: Watch, memory: Memory | None) -> None:
        self.store = None if config.hold_dir is None else HoldStore(config.hold_dir)
        self.state_file = config.state_file
        self.watch = watch
        self.written = memory
        self.told: set[str] = set()  # each problem of the hold directory logged once

    async def before_poll(self) -> None:
        """What the watch changed since the last poll recorded, and the holds read again."""
        changes = self.watch.hold_changes()
        if self.store is None:
            return
        read = await in_thread(_sync_holds, self.store, self.watch.tenant, changes, now())
        for problem in read.problems:
            if problem not in self.told:
                logger.warning("%s", problem)
        self.told = set(read.problems)
        self.watch.holds_read(read.holds, read.complete)

    async def after_poll(self) -> None:
        """What the poll opened and lifted recorded, and what the watch remembers if it changed."""
        memory = self.watch.memory()
        changed = None if memory == self.written else memory
        changes = self.watch.hold_changes()
        if changed is None and not (self.store and (changes.opened or changes.lifts)):
            return  # nothing to write: no thread
        args = (self.store, self.watch.tenant, changes, self.state_file, changed)
        if await in_thread(_after_poll, *args):
            self.written = memory


def _secrets(config: Settings) -> tuple[str, str]:
    """What no event or log line may hold: the token, and the header it is sent in."""
    basic = base64.b64encode(f"{config.username}:{config.data_token}".encode("latin-1")).decode()
    return config.data_token, basic


async def _run(queue: asyncio.Queue[t.Any], config: Settings, memory: Memory | None = None) -> None:
    """Poll at each interval (or right after a window's edge) until cancelled, or until the
    credential is refused; a heartbeat every so often; each event put on the queue."""
    api = config.client()

    def wall_time() -> datetime:
        return now()  # looked up when called: tests replace now

    watch = Watch(config, _secrets(config), clock=wall_time, memory=memory)
    holds = _Holds(config, watch, memory)
    logger.info(
        "watching %d campaigns on %s every %g seconds",
        len(watch.ids),
        config.base_url,
        config.interval,
    )
    poll_due = monotonic()
    beat_due = poll_due + config.heartbeat if config.heartbeat else None
    try:
        while True:
            if monotonic() >= poll_due:
                refreshed = watch.refreshed(config.desired)
                await holds.before_poll()
                polled = await _read(api, watch, config.concurrency)
                await holds.after_poll()
                events, delay = watch.concluded(polled)
                for event in refreshed + polled.events + events:
                    await queue.put(event)
                if delay is None:
                    return
                poll_due = monotonic() + until_next_poll(watch.policy, now(), delay)
            if beat_due is not None and monotonic() >= beat_due:
                await queue.put(watch.heartbeat(watch.failed))
                beat_due = monotonic() + config.heartbeat
            wake = poll_due if beat_due is None else min(poll_due, beat_due)
            await sleep(max(0.0, wake - monotonic()))
    except asyncio.CancelledError:
        logger.info("stopping: ansible-rulebook ends the source")
        raise


async def main(queue: asyncio.Queue[t.Any], args: dict[str, t.Any]) -> None:
    """Poll the campaigns until cancelled, or until the credential is refused."""
    if REQUESTS_IMPORT_ERROR:
        raise SourceArgumentError(
            "the Python package requests is missing where ansible-rulebook runs (the decision "
            "environment): install it"
        )
    config = settings(args, os.environ)
    await _run(queue, config, remembered(config))
