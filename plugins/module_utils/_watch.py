# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the event source makes of its reads: a campaign's change of state, its drift from the effective desired
state (judged by _drift.judge, as the enforcement judges it), each drift emitted again after 1, 2, 4... intervals
with a stable drift_id, one stuck event, read failures of one campaign or of a whole poll, the backoff after failed
polls, heartbeats, and when to poll next so that a window's edge is acted on when it comes.

A person's stop wins over automation: a campaign the policy wants dialing that someone took out of dialing (not the
policy: calling hours that closed, a desired state paused) is held (_holds.py), and its start is never sent until
the hold ends: the campaign seen dialing again, its desired state changed (a hold the watch opened by hand), or a
person lifting the hold.

No asyncio, no files and no clock of its own: the entry file (extensions/eda/plugins/event_source/campaign_status.py)
reads the campaigns and the hold directory, gives the time, puts on the queue the events these return, and writes
what the watch opened and lifted (hold_changes) and what it remembers (memory) for a restart.
"""

from __future__ import annotations

import logging
import typing as t
from dataclasses import dataclass, field
from datetime import datetime, timezone

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_id as campaign_id_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import Decision, decide
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import ENFORCE, Policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import Verdict, judge
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import (
    ApiError,
    CampaignError,
    ReconcileError,
    label,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import (
    affects_every_campaign,
    failure_message,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import (
    BY_HAND,
    Hold,
    hold_of,
    in_force,
    open_hold,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    PAUSED,
    RUNNING,
    TRANSITIONS,
    satisfies,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, timestamp

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import DesiredStateFile
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._watch_settings import Settings

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
HELD = "held"
LIFTED = "lifted"
#: Every type of event the source puts.
KINDS = (
    DRIFTED,
    CHANGED,
    STUCK,
    READ_FAILED,
    POLL_FAILED,
    POLL_RECOVERED,
    CREDENTIALS_REFUSED,
    HEARTBEAT,
    DESIRED_STATE_INVALID,
    HELD,
    LIFTED,
)

#: Who opens and lifts the holds by hand: the name the hold files, the lines and the events give.
ENFORCER = "the enforcer (event source campaign_status)"
#: The version of the state file's content.
MEMORY_VERSION = 1

MAX_BACKOFF = 300.0  # seconds: the longest pause after failed polls, unless the interval is longer
EDGE_DELAY = 0.5  # seconds after a window's edge at which the source polls: the edge has passed
MIN_PAUSE = 1.0  # seconds: the shortest pause between two polls, for edges close together

logger = logging.getLogger("eightbyeight.contact_center.campaign_status")

#: An event as it is put on the queue: {KEY: {"type": ..., ..., "message": ...}}.
Event = dict[str, t.Any]


class Polled(t.NamedTuple):
    """One poll's reads made into events."""

    events: list[Event]
    #: Why the poll failed as a whole (None: it did not).
    failure: str | None = None
    #: A refusal of the credential, which ends the source.
    refused: ReconcileError | None = None


class Concluded(t.NamedTuple):
    """What follows a poll: the events about the poll itself, and the seconds to the next one (None: the source
    ends, since the credential was refused)."""

    events: list[Event]
    next_poll_in: float | None


class Lifting(t.NamedTuple):
    """Campaigns the watch took out of every hold of its tenant that held them: what the hold directory is told."""

    campaign_ids: tuple[int, ...]
    when: datetime
    by: str
    why: str


class HoldChanges(t.NamedTuple):
    """What the watch did to holds since it was last asked, for the hold directory (empty without one)."""

    opened: list[Hold]
    lifts: list[Lifting]


@dataclass(frozen=True)
class Seen:
    """A campaign at its last read: its state, and the effective state the policy gave it then (None: none)."""

    state: str
    effective: str | None


@dataclass(frozen=True)
class Memory:
    """What the watch remembers across a restart, for one tenant: its state_file."""

    tenant: Tenant
    #: The campaigns whose being out of dialing the policy explains (calling hours closed, desired paused), or that
    #: a person handed back to it (a hold lifted, the desired state changed): the enforcer may start them again.
    paused_by_policy: tuple[int, ...] = ()
    #: Each campaign as last read, to tell a person's stop from the policy's at the next read.
    seen: t.Mapping[int, Seen] = field(default_factory=dict)
    #: The campaigns held at the last poll, and the ID of the hold: a hold gone since was lifted, and is told so.
    held: t.Mapping[int, str] = field(default_factory=dict)
    #: The holds by hand the watch opened, when there is no hold directory to keep them.
    holds: tuple[Hold, ...] = ()

    def as_dict(self) -> dict[str, t.Any]:
        """The state file's content: JSON, without a token."""
        return {
            "version": MEMORY_VERSION,
            "tenant": self.tenant.as_dict(),
            "paused_by_policy": sorted(self.paused_by_policy),
            "seen": [
                {"id": campaign_id, "state": seen.state, "effective": seen.effective}
                for campaign_id, seen in sorted(self.seen.items())
            ],
            "held": [{"id": campaign_id, "hold": hold_id} for campaign_id, hold_id in sorted(self.held.items())],
            "holds": [hold.as_dict() for hold in self.holds],
        }


def memory_of(value: t.Any, where: str, tenant: Tenant) -> Memory:
    """What a state file holds, once it is known to be ``tenant``'s; a CampaignError naming what is wrong, and the
    tenants when it is another's."""
    if not isinstance(value, dict) or value.get("version") != MEMORY_VERSION:
        raise CampaignError(f"{where} is not the state of this event source (a mapping of version {MEMORY_VERSION})")
    given = value.get("tenant")
    if not isinstance(given, dict) or not all(isinstance(given.get(key), str) for key in ("api_url", "username")):
        raise CampaignError(f"{where} records no tenant (api_url and username)")
    recorded = Tenant(given["api_url"], given["username"])
    if not recorded.same_as(tenant):
        raise CampaignError(
            f"{where} is the state of the event source of the tenant {recorded}, not of {tenant}: give each "
            "tenant's event source a state_file of its own"
        )
    listed = {
        name: [] if value.get(name) is None else value[name] for name in ("paused_by_policy", "seen", "held", "holds")
    }
    wrong = [name for name, entries in listed.items() if not isinstance(entries, list)]
    if wrong:
        raise CampaignError(f"{where}: {', '.join(wrong)} should be a list")
    paused = [campaign_id_of(entry) for entry in listed["paused_by_policy"]]
    if None in paused:
        raise CampaignError(f"{where}: paused_by_policy should be a list of campaign IDs")
    seen: dict[int, Seen] = {}
    for index, entry in enumerate(listed["seen"]):
        identity = campaign_id_of(entry.get("id")) if isinstance(entry, dict) else None
        state, effective = (entry.get("state"), entry.get("effective")) if isinstance(entry, dict) else (None, None)
        if identity is None or state not in TRANSITIONS or not (effective is None or effective in TRANSITIONS):
            raise CampaignError(f"{where}: seen[{index}] should have a campaign's id, state and effective state")
        seen[identity] = Seen(state, effective)
    held: dict[int, str] = {}
    for index, entry in enumerate(listed["held"]):
        identity = campaign_id_of(entry.get("id")) if isinstance(entry, dict) else None
        hold_id = entry.get("hold") if isinstance(entry, dict) else None
        if identity is None or not isinstance(hold_id, str) or not hold_id:
            raise CampaignError(f"{where}: held[{index}] should have a campaign's id and the id of its hold")
        held[identity] = hold_id
    holds = tuple(hold_of(entry, f"{where}: holds[{index}]") for index, entry in enumerate(listed["holds"]))
    return Memory(recorded, tuple(t.cast("list[int]", paused)), seen, held, holds)


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
    return isinstance(cause, ApiError) and (affects_every_campaign(cause) or cause.status_code == 429)


def _unanswered(cause: BaseException) -> bool:
    """A request that got no answer at all (a timeout, a dropped connection) or no API answer."""
    return isinstance(cause, ApiError) and cause.status_code is None


def refused(cause: BaseException) -> bool:
    return isinstance(cause, ApiError) and cause.status_code in (401, 403)


def _fields(verdict: Verdict) -> dict[str, t.Any]:
    """An event's fields that come from the desired state and the verdict."""
    names = ("desired", "effective", "mode", "reason", "frozen_by", "freeze_ends")
    decision = verdict.decision
    given = dict.fromkeys(names) if decision is None else {name: getattr(decision, name) for name in names}
    given["freeze_ends"] = _iso(given["freeze_ends"])
    if decision is not None and decision.citations:  # the jurisdictions' rules that decided it, where any did
        given["citations"] = list(decision.citations)
    if decision is None:
        why: str | None = "no desired state"
    elif not verdict.drifted:
        why = "in its desired state"
    elif verdict.problem is not None:
        why = str(verdict.problem)
    else:
        why = verdict.held_because
    transitions = None if verdict.transitions is None else list(verdict.transitions)
    hold = None if verdict.hold is None else verdict.hold.id
    return {
        **given,
        "drifted": verdict.drifted,
        "transitions": transitions,
        "act": verdict.act,
        "why": why,
        "hold": hold,
    }


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
            drift_id = f"{campaign_id}-{when.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}-{self._serial}"
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

    def __init__(
        self,
        config: Settings,
        secrets: t.Sequence[str] = (),
        clock: t.Callable[[], datetime] | None = None,
        memory: Memory | None = None,
    ) -> None:
        #: The wall time an event says it was decided at.
        self.now = clock or (lambda: datetime.now(timezone.utc))
        self.policy = None if config.desired is None else config.desired.policy
        self.desired = config.desired  # in each event, for the playbook to decide again
        self.ids = [campaign_id for campaign_id, _state in config.campaigns]
        self.last: dict[int, Campaign] = {}
        #: The campaigns whose last read failed, with why.
        self.unreadable: dict[int, str] = {}
        self.drifts = Drifts(config.interval, config.reemit_max, config.stuck_after)
        self.last_good_poll: datetime | None = None
        self.interval = config.interval
        #: Polls failed in a row.
        self.failed = 0
        self._secrets = [secret for secret in secrets if secret]
        self.tenant = Tenant(config.base_url, config.username)
        #: Whether a hold directory keeps the holds (holds_read gives them before each poll), or this watch alone.
        self.stores_holds = config.hold_dir is not None
        memory = memory or Memory(self.tenant)
        #: See Memory: a restart without a state file remembers nothing, and so holds what it finds stopped.
        self.paused_by_policy = set(memory.paused_by_policy)
        self.seen = dict(memory.seen)
        self.held = dict(memory.held)
        #: Every hold known of this tenant: the hold directory's, or the ones this watch opened.
        self.holds: list[Hold] = list(memory.holds)
        # Holds remembered from a run without a hold directory go into the one given now: none is dropped.
        self._opened: list[Hold] = list(memory.holds) if self.stores_holds else []
        self._lifts: list[Lifting] = []

    def scrub(self, text: str) -> str:
        """``text`` without a token: the client's messages have none already; this is the rest."""
        for secret in self._secrets:
            text = text.replace(secret, "********")
        return text

    def event(self, kind: str, message: str, **fields: t.Any) -> dict[str, t.Any]:
        """An event of the source: its type, its fields, and a message for a log."""
        return {KEY: {"type": kind, **fields, "message": self.scrub(message)}}

    def use(self, policy: Policy) -> list[Event]:
        """A new desired state: its campaigns, in its order; what is known of those it keeps. A campaign whose desired
        state or mode changed (or that is new to it) is a person's word: the hold the watch opened on it by hand is
        lifted, and its being out of dialing is the policy's to end. A hold of a runbook pause or one a person opened
        stays, and so does the campaign's being a person's: a resume, the lift entry point or its expiry ends it. The
        events: a lifted one for each hold that ends."""
        before = {} if self.policy is None else {entry.id: entry for entry in self.policy.campaigns}
        self.policy = policy
        self.ids = [campaign.id for campaign in policy.campaigns]
        known = set(self.last) | set(self.unreadable) | set(self.drifts.current) | set(self.seen) | set(self.held)
        for campaign_id in known | self.paused_by_policy:
            if campaign_id not in self.ids:
                self.last.pop(campaign_id, None)
                self.unreadable.pop(campaign_id, None)
                self.drifts.resolve(campaign_id)
                self.seen.pop(campaign_id, None)
                self.held.pop(campaign_id, None)
                self.paused_by_policy.discard(campaign_id)
        if not self.stores_holds:  # kept for this watch alone: a campaign added again is a new word anyway
            self.holds = [hold for hold in self.holds if set(hold.unlifted) & set(self.ids)]
        when = self.now()
        held = self._holds_now(when)
        events = []
        for entry in policy.campaigns:
            if before.get(entry.id) == entry or self._held_by_a_person(entry.id, when):
                continue
            self._hand_back(entry.id)
            hold = held.get(entry.id)
            if hold is not None:
                why = f"its desired state changed to {entry.state} (mode {entry.mode})"
                events.append(self._lift(entry.id, hold, when, why))
        return events

    def refreshed(self, desired: DesiredStateFile | None) -> list[Event]:
        """Read the desired-state file again before a poll: a new one is used, a broken one is told once."""
        if desired is None:
            return []
        refresh = desired.refresh()
        if refresh.note:
            logger.info("%s", refresh.note)
        lifted = self.use(desired.policy) if refresh.changed else []
        if refresh.problem is None:
            return lifted
        message = f"{refresh.problem}; the desired state last read in full stays in force"
        logger.warning("%s", self.scrub(message))
        return [*lifted, self.event(DESIRED_STATE_INVALID, message, file=desired.path)]

    def holds_read(self, holds: t.Iterable[Hold], complete: bool = True) -> None:
        """The holds of the hold directory, read before a poll: this tenant's are in force from that poll on. When a
        file could not be read (not ``complete``), the holds known before that the read lacks stay in force: a file
        that cannot be read lifts nothing."""
        read = [hold for hold in holds if hold.tenant.same_as(self.tenant)]
        if not complete:
            ids = {hold.id for hold in read}
            read += [hold for hold in self.holds if hold.id not in ids]
        self.holds = read

    def hold_changes(self) -> HoldChanges:
        """The holds opened and lifted since the last call, for the hold directory to record."""
        changes = HoldChanges(self._opened, self._lifts)
        self._opened, self._lifts = [], []
        return changes

    def memory(self) -> Memory:
        """What a restart would need to go on as this watch does: its state file's content."""
        return Memory(
            self.tenant,
            tuple(sorted(self.paused_by_policy)),
            dict(self.seen),
            dict(self.held),
            () if self.stores_holds else tuple(self.holds),
        )

    def concluded(self, polled: Polled) -> Concluded:
        """After a poll: the events about the poll itself, and the seconds to the next one (None: the source ends,
        since the credential was refused). A failed poll is tried again after pauses that double (backoff)."""
        if polled.refused is not None:
            message = f"{polled.refused}; the source stops: correct the credential, then restart the rulebook"
            logger.error("%s", self.scrub(message))
            status_code = t.cast(ApiError, polled.refused.cause).status_code
            return Concluded([self.event(CREDENTIALS_REFUSED, message, status_code=status_code)], None)
        if polled.failure is not None:
            self.failed += 1
            delay = backoff(self.interval, self.failed)
            reason = self.scrub(polled.failure)
            logger.warning(
                "%d polls in a row failed, the last one: %s; next poll in %g seconds", self.failed, reason, delay
            )
            if self.failed > 1:
                return Concluded([], delay)
            message = (
                f"reading the campaigns failed: {reason}; trying again in {delay:g} seconds, then after longer "
                "pauses while it fails"
            )
            return Concluded([self.event(POLL_FAILED, message, retry_in=delay)], delay)
        events = []
        if self.failed:
            logger.info("reading the campaigns works again, after %d failed polls", self.failed)
            message = f"reading the campaigns works again, after {self.failed} failed polls"
            events.append(self.event(POLL_RECOVERED, message, failed_polls=self.failed))
        self.failed = 0
        return Concluded(events, self.interval)

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
        held = self._holds_now(self.now())
        hold_ids = sorted({hold.id for hold in held.values()})
        if held:
            message += f"; {len(held)} held by {len(hold_ids)} holds ({', '.join(hold_ids)})"
        # Counts in a mapping of their own: a campaign event's "drifted" is a boolean rules compare.
        counts = {
            "watched": len(self.ids),
            "drifted": drifted,
            "stuck": stuck,
            "unreadable": len(self.unreadable),
            "held": len(held),
        }
        return self.event(
            HEARTBEAT,
            message,
            campaigns=counts,
            holds={"count": len(hold_ids), "ids": hold_ids},
            last_good_poll=last,
            failed_polls=failed_polls,
        )

    def poll(self, results: list[Campaign | ReconcileError], when: datetime, moment: float) -> Polled:
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
        held = self._holds_now(when)
        events.extend(self._lifted_elsewhere(held, when))
        for campaign_id, result in zip(self.ids, results):
            if isinstance(result, Campaign):
                self.unreadable.pop(campaign_id, None)
                decision = decisions.get(campaign_id)
                events.extend(self._look(result, decision, held, when))
                verdict = judge(result, decision, automation=True, hold=held.get(campaign_id))
                events.extend(self._campaign_events(result, verdict, when, moment))
                continue
            if refused(result.cause):
                return Polled(events, None, result)
            unanswered = _unanswered(result.cause) and not platform_answers
            if _every_campaign(result.cause) or unanswered:
                failures.append(result)
                continue
            if campaign_id in self.drifts.current:
                self.drifts.current[campaign_id].last_error = self.scrub(str(result))
            if campaign_id not in self.unreadable:
                decision = decisions.get(campaign_id)
                events.append(
                    self.event(
                        READ_FAILED,
                        str(result),
                        campaign={"id": campaign_id},
                        desired=None if decision is None else decision.desired,
                        effective=None if decision is None else decision.effective,
                    )
                )
            self.unreadable[campaign_id] = self.scrub(str(result))
        self.held = {campaign_id: hold.id for campaign_id, hold in held.items()}
        if not failures:
            self.last_good_poll = when
        return Polled(events, failure_message(failures, len(self.ids), "could not be read"))

    # Holds: a person's stop, seen or read, and its end.

    def _holds_now(self, when: datetime) -> dict[int, Hold]:
        """The watched campaigns a hold keeps from being started at ``when``, with the hold."""
        watched = set(self.ids)
        return {
            campaign_id: hold
            for campaign_id, hold in in_force(self.holds, self.tenant, when).items()
            if campaign_id in watched
        }

    def _held_by_a_person(self, campaign_id: int, when: datetime) -> bool:
        """Whether a hold the watch did not open by hand (a runbook pause's, one given with campaign_hold) holds the
        campaign at ``when``: only a person ends it, never an edit of the desired state."""
        return any(
            hold.source != BY_HAND and hold.tenant.same_as(self.tenant) and campaign_id in hold.held(when)
            for hold in self.holds
        )

    def _hand_back(self, campaign_id: int) -> None:
        """A person handed the campaign back to the policy (a hold lifted, its desired state changed): its being out
        of dialing is the policy's now, which starts it again when it says so."""
        last = self.seen.get(campaign_id)
        if last is None or last.state != RUNNING:
            self.paused_by_policy.add(campaign_id)

    def _look(
        self, campaign: Campaign, decision: Decision | None, held: dict[int, Hold], when: datetime
    ) -> list[Event]:
        """What a read tells of holds: a campaign seen dialing again ends its hold; one the policy wants dialing that
        someone else took out of dialing is held. ``held`` is kept up to date; the events: held, or lifted."""
        campaign_id, hold = campaign.id, held.get(campaign.id)
        before = self.seen.get(campaign_id)
        effective = None if decision is None else decision.effective
        self.seen[campaign_id] = Seen(campaign.state, effective)
        if decision is None:
            return []  # watched by ID: no desired state, so nothing to hold back or to start
        if campaign.state == RUNNING:
            self.paused_by_policy.discard(campaign_id)
            if hold is None:
                return []
            # Dialing again under a hold it was seen stopped under (a hold by hand always was): someone resumed it.
            stopped_under_it = before is not None and before.state != RUNNING and self.held.get(campaign_id) == hold.id
            if hold.source != BY_HAND and not stopped_under_it:
                return []  # a pause whose hold came first, and which has not landed yet
            del held[campaign_id]
            return [self._lift(campaign_id, hold, when, f"seen {RUNNING} at {timestamp(when)}", campaign)]
        if hold is not None or not satisfies(campaign.state, PAUSED):
            return []  # held already; new or stopped: nobody took it out of dialing that could start it again
        # The policy explains it when the watch saw it dialing while the policy wanted it out (the watch asked for
        # that pause), or, while the policy wants it out, when nothing is known of it before (a start without a
        # state file). A pause the watch did not ask for is a person's, and stays one.
        if before is not None and before.state == RUNNING and before.effective != RUNNING:
            self.paused_by_policy.add(campaign_id)
        if effective != RUNNING:
            if before is None:
                self.paused_by_policy.add(campaign_id)
            return []
        if campaign_id in self.paused_by_policy or decision.mode != ENFORCE:
            return []  # the policy's to start again; guard and observe never start anything
        path = judge(campaign, decision, automation=True).path
        if not path or RUNNING not in path:
            return []  # it cannot be started from here: nothing to hold back
        reason = f"seen {campaign.state} at {timestamp(when)} while desired running"
        hold = open_hold(self.tenant, [campaign_id], BY_HAND, ENFORCER, _to_the_second(when), reason=reason)
        self.holds.append(hold)
        held[campaign_id] = hold
        if self.stores_holds:
            self._opened.append(hold)
        return [self._held_event(campaign, hold, decision, when)]

    def _lift(self, campaign_id: int, hold: Hold, when: datetime, why: str, campaign: Campaign | None = None) -> Event:
        """End every hold of the campaign, as the enforcer; the lifted event."""
        when = _to_the_second(when)
        self.holds = [each.lift([campaign_id], when, ENFORCER, why) for each in self.holds]
        if self.stores_holds:
            self._lifts.append(Lifting((campaign_id,), when, ENFORCER, why))
        else:
            self.holds = [each for each in self.holds if each.unlifted]
        self.held.pop(campaign_id, None)
        lifted = hold.lift([campaign_id], when, ENFORCER, why)
        return self._lifted_event(campaign_id, lifted, ENFORCER, why, campaign)

    def _lifted_elsewhere(self, held: dict[int, Hold], when: datetime) -> list[Event]:
        """The campaigns held at the last poll that no hold holds now: a person lifted the hold (resume, the lift
        entry point), or it expired; each is handed back to the policy. A hold gone without a word (its file removed,
        the hold directory no longer given) hands nothing back: a campaign found stopped is then held anew. A lifted
        event each."""
        events = []
        for campaign_id, hold_id in list(self.held.items()):
            if campaign_id in held:
                continue
            del self.held[campaign_id]
            hold = next((each for each in self.holds if each.id == hold_id), None)
            lift = (
                None if hold is None else next((done for done in hold.lifted if done.campaign_id == campaign_id), None)
            )
            if lift is not None:
                by, why = lift.by, lift.why
            elif hold is not None and hold.expires_at is not None and hold.expired(when):
                by, why = "expiry", f"expired at {timestamp(hold.expires_at)}"
            else:
                by, why = None, "the hold is gone: its file is no longer in the hold directory"
            if hold is not None:
                self._hand_back(campaign_id)
            events.append(self._lifted_event(campaign_id, hold, by, why, None, hold_id))
        return events

    def _held_event(self, campaign: Campaign, hold: Hold, decision: Decision, when: datetime) -> Event:
        seen_at = when.astimezone(timezone.utc)
        message = (
            f"{label(campaign.id, campaign)} was taken out of dialing, not by the policy: seen {_shown(campaign)} at "
            f"{_iso(seen_at)} while desired running; held ({hold.id}): automation never starts it until a person "
            "resumes it, lifts the hold, or changes its desired state"
        )
        logger.warning("%s", message)
        return self.event(
            HELD,
            message,
            campaign={"id": campaign.id, "name": campaign.name, **_summary(campaign)},
            seen_at=_iso(seen_at),
            desired=decision.desired,
            effective=decision.effective,
            mode=decision.mode,
            why=hold.why(),
            hold=hold.as_dict(),
        )

    def _lifted_event(
        self,
        campaign_id: int,
        hold: Hold | None,
        by: str | None,
        why: str,
        campaign: Campaign | None = None,
        hold_id: str | None = None,
    ) -> Event:
        campaign = campaign or self.last.get(campaign_id)
        hold_id = hold_id or t.cast(Hold, hold).id
        who = label(campaign_id, campaign)
        message = f"{who}: hold {hold_id} ended ({why}{f', by {by}' if by else ''}): automation may start it again"
        logger.info("%s", message)
        shown = (
            {"id": campaign_id}
            if campaign is None
            else {"id": campaign_id, "name": campaign.name, **_summary(campaign)}
        )
        return self.event(
            LIFTED,
            message,
            campaign=shown,
            hold_id=hold_id,
            hold=None if hold is None else hold.as_dict(),
            by=by,
            why=why,
        )

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
        self,
        kind: str,
        campaign: Campaign,
        previous: Campaign | None,
        verdict: Verdict,
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
            kind,
            message,
            campaign={"id": campaign.id, "name": campaign.name, **_summary(campaign)},
            previous=None if previous is None else _summary(previous),
            **_fields(verdict),
            drift_id=None if drift is None else drift.drift_id,
            attempt=None if drift is None else drift.attempt,
            decided_at=_iso(self.now()),
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
        wanted = {k: v for k, v in _fields(verdict).items() if k not in ("drifted", "act")}
        return self.event(
            STUCK,
            message,
            campaign={"id": campaign.id, "name": campaign.name, **_summary(campaign)},
            **wanted,
            drift_id=drift.drift_id,
            attempts=attempts,
            since=_iso(drift.since),
            last_error=drift.last_error,
        )


def _to_the_second(when: datetime) -> datetime:
    """A time a hold records: in UTC, to the second, as its file holds it."""
    return when.astimezone(timezone.utc).replace(microsecond=0)


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
        return f"{text}: drifted, and {verdict.problem}"
    text += f": drifted, and a run would send {', '.join(verdict.transitions)}"
    return text if verdict.act else f"{text}; automation may not: {verdict.held_because}"


def backoff(interval: float, failures: int) -> float:
    """The pause after the ``failures``-th failed poll in a row: twice the interval, doubled each
    time, bounded."""
    return min(interval * 2 ** min(failures, 32), max(interval, MAX_BACKOFF))


def ends_poll(error: ApiError) -> bool:
    """What the first read of a poll may meet that every other read would meet too: the poll ends
    there, rather than sending every campaign's reads, and retries, to a platform that is down or
    asks for fewer requests. A first read that got no answer is one of those; an HTTP 5xx is not:
    the campaign's own, it is that campaign's read_failed, and the others are read."""
    return _every_campaign(error) or _unanswered(error)


def until_next_poll(policy: Policy | None, when: datetime, delay: float) -> float:
    """``delay``, or less: the seconds to just after the next edge of a window of the desired state, if it comes
    first, so that an edge is acted on when it comes."""
    if policy is None or not policy.windows:
        return delay
    edge = policy.next_change(when)
    if edge is None:
        return delay
    until = (edge - when).total_seconds() + EDGE_DELAY
    return max(min(delay, until), min(delay, MIN_PAUSE))
