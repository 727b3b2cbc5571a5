# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bring one campaign to a desired state: read, plan, stop there in check mode, apply, verify.

No Ansible here: the modules turn an Outcome into a result, and a ReconcileError into a failure.

Every status change sent ends in one of three ways (``Write``), and each has one answer:
accepted, and once it shows, the rest is planned again from what the campaign shows (someone else may have gone
on meanwhile: a desired state reached that way ends the task, with a note); refused, and the task fails unless
the campaign was changed by someone else meanwhile (then the change is planned again, once, or not at all when
the desired state was reached); unknown (no answer, or a 5xx), and the campaign is polled until it shows a
change: the written state means the write landed, the state it was sent from means it did not (it is sent again,
at most ``retries`` times), any other state means someone else acted. A write is never repeated before that poll.

Each step has one deadline, ``wait_timeout`` after the answer to its first send: the polls after its unclear
answers, its resends and the wait for it to show all end by then. So that a resend has time to show, the poll after an
unclear answer lasts half the time left, except after the last send allowed, which is watched to the deadline.

Every status change sent, resends included, is recorded in order (``Written``: the word, its outcome, the status it
was sent from, when its answer came, and the error's text) in the Outcome or the ReconcileError, for the journal.
"""

from __future__ import annotations

import enum
import typing as t
from dataclasses import dataclass
from datetime import datetime, timezone

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import (
    Campaign,
    parse_campaign,
    plan_change,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import (
    ApiError,
    CampaignError,
    ReconcileError,
    label,
    unexpected,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    COMMANDS,
    LANDING_STATUS,
    commands,
    describe,
    satisfies,
    summary,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._waiter import Waiter, WaitTimeout

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi


@dataclass(frozen=True)
class RunSettings:
    """How campaigns are brought to a state, the same for each campaign of a task: whether only to plan (check mode),
    how to wait for each change to show, whether to wait for the last one, and how often a write whose outcome is
    unknown may be sent again."""

    check_mode: bool
    waiter: Waiter
    wait: bool = True
    resends: int = 3


@dataclass(frozen=True)
class Outcome:
    before: Campaign
    #: The campaign as read after the change; the same as ``before`` when nothing was sent.
    after: Campaign
    #: The status words the platform accepted, in order; in check mode, the ones a real run would send.
    transitions: tuple[str, ...]
    #: In check mode with a change to make, the status the change would land in.
    predicted_status: int | None = None
    #: Status words sent whose outcome could not be learned (someone else changed the campaign meanwhile).
    unconfirmed: tuple[str, ...] = ()
    #: Things the user should know that are not failures.
    notes: tuple[str, ...] = ()
    #: The status words a policy kept from being sent (observe, a freeze), and why; nothing was sent then.
    held: tuple[str, ...] = ()
    held_because: str | None = None
    #: Every status change sent, resends included, in order; empty when nothing was sent (check mode too).
    writes: tuple[Written, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.transitions)

    def result(self, every_field: bool = True) -> dict[str, t.Any]:
        result = {
            "changed": self.changed,
            "campaign": self.after.as_result(every_field),
            "transitions": list(self.transitions),
            "unconfirmed": list(self.unconfirmed),
        }
        if self.held_because:
            result.update(held=list(self.held), held_because=self.held_because)
        return result

    def diff(self) -> dict[str, t.Any]:
        """The status before and after, headed by the campaign's ID and name; the changes sent belong to the after."""
        header = label(self.before.id, self.before)
        after = summary(self.after.status if self.predicted_status is None else self.predicted_status)
        if self.transitions:
            after["transitions"] = list(self.transitions)
        return {"before_header": header, "after_header": header, "before": summary(self.before.status), "after": after}


def read_campaign(api: CampaignApi, campaign_id: int) -> Campaign:
    try:
        return parse_campaign(api.read(campaign_id), campaign_id)
    except CampaignError as error:
        raise ReconcileError(campaign_id, error) from None


def reconcile(
    api: CampaignApi, campaign_id: int, desired: str, settings: RunSettings, before: Campaign | None = None
) -> Outcome:
    """Bring a campaign to ``desired``; in check mode (``settings.check_mode``), only say what that would take.

    The settings' waiter polls after each accepted step but the last (and after the last too when ``wait`` is true),
    and after each write refused or whose outcome is unknown, within one ``waiter.timeout`` for each step. A write
    whose outcome is unknown is sent again at most ``resends`` times in all. ``before`` is the campaign as just read,
    if the caller read it already.
    """
    if before is None:
        before = read_campaign(api, campaign_id)
    try:
        path = plan_change(before, desired)
    except CampaignError as error:
        raise ReconcileError(campaign_id, error, before) from None
    if not path:
        return Outcome(before, before, ())
    if settings.check_mode:
        return Outcome(before, before, commands(path), predicted_status=LANDING_STATUS[path[-1]])
    if not api.can_write:
        raise ReconcileError(
            campaign_id,
            CampaignError(
                f"it must change ({', '.join(commands(path))}), which needs the Action Request Token: set action_token "
                "or EIGHTBYEIGHT_CC_ACTION_TOKEN"
            ),
            before,
        )
    change = _Change(api, campaign_id, desired, before, settings.waiter, settings.resends)
    try:
        change.apply(path, settings.wait)
    except ReconcileError:
        raise
    except Exception as error:  # pylint: disable=broad-exception-caught  # the failure must still say what was sent
        change.fail(unexpected(error))
    return Outcome(
        before,
        change.campaign,
        change.sent,
        unconfirmed=change.unconfirmed,
        notes=tuple(change.notes),
        writes=change.writes,
    )


class Write(enum.Enum):
    """What became of one status change sent to the platform."""

    ACCEPTED = "accepted"  # answered 2xx: applied
    REFUSED = "refused"  # answered 3xx or 4xx (429 after its retries too), or never delivered: nothing was applied
    UNKNOWN = "unknown"  # no answer, or a 5xx: it may have been applied


@dataclass(frozen=True)
class Written:
    """One status change sent, as the journal records it: what became of it, and the status it was sent from."""

    word: str
    outcome: Write
    #: The campaign's status as last read before this send.
    status_before: int
    #: When its answer came, or its lack of one was known (UTC).
    at: datetime
    #: The error's text when it was refused or its outcome is unknown (free of credentials, as every ApiError is).
    error: str | None = None


class Sent(t.NamedTuple):
    """One status change sent: what became of it, and the error unless it was accepted."""

    outcome: Write
    error: ApiError | None


def send(api: CampaignApi, campaign_id: int, word: str) -> Sent:
    """Send one status change; the error is None exactly when it was accepted."""
    try:
        api.write(campaign_id, word)
    except ApiError as error:
        refused = error.status_code < 500 if error.status_code is not None else not error.delivered
        return Sent(Write.REFUSED if refused else Write.UNKNOWN, error)
    return Sent(Write.ACCEPTED, None)


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def _invalid_transition(error: ApiError) -> bool:
    """The platform's refusal of a change that does not fit the campaign's status as it is now."""
    return error.status_code == 400 and "invalid state transition" in (error.server_message or "").lower()


class _Change:
    """One campaign's change under way: what has been sent and with what outcome, and the campaign as last read."""

    def __init__(
        self, api: CampaignApi, campaign_id: int, desired: str, campaign: Campaign, waiter: Waiter, resends: int
    ) -> None:
        self.api = api
        self.campaign_id = campaign_id
        self.desired = desired
        self.campaign = campaign
        self.waiter = waiter
        self.sent: tuple[str, ...] = ()
        self.unconfirmed: tuple[str, ...] = ()
        self.writes: tuple[Written, ...] = ()
        self.notes: list[str] = []
        self._resends = resends
        # A change by someone else is planned around once; a second one fails the task, unless it reached the goal.
        self._replans = 1

    def apply(self, path: tuple[str, ...], wait: bool) -> None:
        deadline: float | None = None  # the current step's
        while path:
            step = path[0]
            word = COMMANDS[step]
            origin, status_before = self.campaign.state, self.campaign.status
            outcome, error = send(self.api, self.campaign_id, word)
            self.writes += (Written(word, outcome, status_before, _utc_now(), None if error is None else str(error)),)
            if deadline is None:
                # From the first answer: time the client spent getting it (a 429's Retry-After) is not waiting.
                deadline = self.waiter.deadline()
            if error is None:  # accepted
                self._accepted(word)
                rest = path[1:]
                if not rest and not wait:
                    self._look(step)
                    return
                self._await(step, word, deadline)
                # From what shows, not from the plan: someone else may have gone on meanwhile.
                path, deadline = self._replan(), None
                if rest and not path:
                    self._reached_by_someone_else(word, rest)
                continue
            if outcome is Write.REFUSED and not _invalid_transition(error):
                self.fail(error)  # a refusal that reading again cannot change
            if outcome is Write.UNKNOWN and word not in self.unconfirmed:
                self.unconfirmed += (word,)
            # Watched to the deadline, unless it may be sent again: then for half the time left, so that the resend
            # too has time to show.
            resend = outcome is Write.UNKNOWN and self._resends > 0
            left = self.waiter.left(deadline)
            shown = self._settle(origin, deadline - left / 2 if resend and left > 0 else deadline)
            if shown.state == origin:
                # Nothing shows after waiting: a refusal nothing explains, or a write that did not land.
                if not resend or self.waiter.left(deadline) <= 0:
                    self.fail(error)
                self._resends -= 1
                continue
            if shown.state == step and word in self.unconfirmed:
                self._accepted(word)  # it landed, only its answer was lost (so a repeat of it was refused)
            else:
                self._changed_by_someone_else(word, outcome, error)
            path, deadline = self._replan(), None

    def fail(self, cause: CampaignError) -> t.NoReturn:
        raise ReconcileError(self.campaign_id, cause, self.campaign, self.sent, self.unconfirmed, self.writes)

    def read(self) -> Campaign:
        try:
            self.campaign = parse_campaign(self.api.read(self.campaign_id), self.campaign_id)
        except CampaignError as error:
            self.fail(error)
        return self.campaign

    def _replan(self) -> tuple[str, ...]:
        try:
            return plan_change(self.campaign, self.desired)
        except CampaignError as error:
            self.fail(CampaignError(f"it changed while this task ran, and {error}"))

    def _accepted(self, word: str) -> None:
        self.sent += (word,)
        if word in self.unconfirmed:  # an earlier attempt of it did not land, or this is it
            self.unconfirmed = tuple(w for w in self.unconfirmed if w != word)

    def _await(self, step: str, word: str, deadline: float) -> None:
        """Poll until an accepted step shows, or the desired state does; stop at once if it can no longer be reached."""

        def shows(campaign: Campaign) -> bool:
            if satisfies(campaign.state, step) or satisfies(campaign.state, self.desired):
                return True
            self._replan()  # fails when someone else took the campaign where the desired state is out of reach
            return False

        try:
            self.waiter.until(self.read, shows, deadline)
        except WaitTimeout as timeout:
            self.fail(
                CampaignError(
                    f"the platform accepted {word}, but {timeout}, not {step}: raise wait_timeout, or look at it in "
                    "Configuration Manager"
                )
            )

    def _look(self, step: str) -> None:
        """Read once after the last step (wait is false), and say so if the change does not show yet."""
        if not satisfies(self.read().state, step):
            self.notes.append(
                f"{label(self.campaign_id, self.campaign)}: the platform accepted {', '.join(self.sent)}; it does not "
                f"show {self.desired} yet (wait is false)"
            )

    def _settle(self, origin: str, deadline: float) -> Campaign:
        """After a write that was refused or got no clear answer: poll until the campaign leaves ``origin``."""
        try:
            return self.waiter.until(self.read, lambda campaign: campaign.state != origin, deadline)
        except WaitTimeout as timeout:
            return timeout.campaign

    def _changed_by_someone_else(self, word: str, outcome: Write, error: ApiError) -> None:
        if self._replans <= 0 and not satisfies(self.campaign.state, self.desired):
            self.fail(error)  # a second change by someone else; none is too many when it reached the desired state
        self._replans -= 1
        what = f"was refused ({error.server_message})" if outcome is Write.REFUSED else "got no clear answer"
        self.notes.append(
            f"{label(self.campaign_id, self.campaign)}: {word} {what}, and the campaign now shows "
            f"{describe(self.campaign.status)}: someone else changed it meanwhile"
        )

    def _reached_by_someone_else(self, word: str, rest: tuple[str, ...]) -> None:
        self.notes.append(
            f"{label(self.campaign_id, self.campaign)}: the platform accepted {word}, then the campaign showed "
            f"{describe(self.campaign.status)}, already {self.desired}: someone else changed it meanwhile, so "
            f"{', '.join(commands(rest))} was not sent"
        )
