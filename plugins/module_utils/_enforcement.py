# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A desired state applied under its policy: each campaign judged (_drift.judge), what the policy holds back kept
from being sent and said why, the rest brought to its effective state by the runner; and a resume, which brings
campaigns back to running unless the host's policy keeps them from dialing now.

The service campaign_status (and so the apply playbook, the drift gate and the enforcement playbook the event source
triggers) and campaign_resume call; each returns a typed outcome that says what was done, what was held back, and
which failure, if any, ends the task.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field, replace
from datetime import datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import plan_change
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import Decision, decide
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import ENFORCE, OBSERVE, Policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import (
    PlanRow,
    allowed,
    drifted,
    judge,
    plan_rows,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import (
    CampaignResult,
    FleetOutcome,
    reconcile_many,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import PAUSED, RUNNING, commands
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import (
    Outcome,
    RunSettings,
    read_campaign,
    reconcile,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import utc_now
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import parse_time

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import Hold
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._journal import Journal
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi


def in_play(decision: Decision) -> bool:
    """Whether the policy asks more of this campaign now than its desired state says: a mode other than enforce, a
    window that changes its state or is closed, or a freeze. Where it asks nothing more of any campaign, the plan is
    that of a plain desired state (no "decided by" and "held back" columns)."""
    asks = (decision.mode != ENFORCE, decision.effective != decision.desired, decision.frozen_by, decision.outside)
    return any(ask not in (False, None) for ask in asks)


def journaled(journal: Journal | None, reason: str | None, change: t.Callable[[], Outcome]) -> Outcome:
    """``change()``, each write it sent appended to ``journal`` (None: no journal) with ``reason``, also when it
    fails: a write the platform may have applied is on record whatever became of the task."""
    if journal is None:
        return change()
    try:
        outcome = change()
    except ReconcileError as error:
        _record(journal, error, reason)  # the failure is what the task reports
        raise
    problem = _record(journal, outcome, reason)
    return outcome if problem is None else replace(outcome, notes=(*outcome.notes, problem))


def _record(journal: Journal, result: Outcome | ReconcileError, reason: str | None) -> str | None:
    """Append what was sent; the error's text when the journal cannot take it (the writes were sent all the same)."""
    try:
        journal.record_result(result, reason)
    except CampaignError as error:
        return str(error)
    return None


def _held(campaign: Campaign, transitions: tuple[str, ...], why: str) -> Outcome:
    return Outcome(campaign, campaign, (), held=transitions, held_because=why)


@dataclass(frozen=True)
class Enforced:
    """What applying a desired state under its policy did with each campaign, and what it means for the task."""

    fleet: FleetOutcome
    decisions: tuple[Decision, ...]
    #: Whether a real run, or a check, made it.
    check_mode: bool
    #: Whether the policy asked anything of any campaign beyond its desired state (see in_play), or automation ran it.
    policed: bool
    #: The freezes whose changes override_freeze sent all the same.
    overridden: tuple[str, ...] = ()
    #: The holds (a person's stop) that kept campaigns from being started, by campaign.
    holds: t.Mapping[int, Hold] = field(default_factory=dict)

    @property
    def rows(self) -> list[PlanRow]:
        """The plan's rows: each campaign that would change (in a real run, that changed) or that was held back."""
        desired = [(decision.id, decision.effective) for decision in self.decisions]
        return plan_rows(desired, self.fleet, self.decisions if self.policed else (), self.holds)

    @property
    def reasons(self) -> dict[int, str]:
        """Why each campaign whose policy asks more than its desired state (a window, a mode, a freeze) is to be as it
        is: what a summary line says in the terminal, as the plan does."""
        return {d.id: d.reason for d in self.decisions if in_play(d)}

    @property
    def held_by_freeze(self) -> list[CampaignResult]:
        """The campaigns a freeze kept from changing (observed ones aside: nothing is sent to them anyway)."""
        # A hold's campaigns aside: a person's stop, which no override sends
        frozen = {d.id for d in self.decisions if d.frozen_by and d.mode != OBSERVE and d.id not in self.holds}
        return [
            result
            for result in self.fleet.results
            if result.outcome and result.outcome.held and result.campaign_id in frozen
        ]

    @property
    def drift(self) -> list[PlanRow]:
        """The rows that fail the drift gate."""
        return drifted(self.rows)

    @property
    def override_note(self) -> str | None:
        """What the task warns about when override_freeze sent changes a freeze held back."""
        return f"override_freeze: the freeze {', '.join(self.overridden)} was overridden" if self.overridden else None


def policy_time(given: str | None, check_mode: bool) -> datetime:
    """The time a policy is applied at: now, or ``given`` (policy_time), which only a check takes: a plan as of then
    is no reason to send anything now."""
    if given is None:
        return utc_now()
    if not check_mode:
        raise CampaignError("policy_time plans as of another time, so it is taken in check mode only: add --check")
    return parse_time(given)


def decisions_at(policy: Policy, when: datetime, limit: t.Sequence[int] | None = None) -> list[Decision]:
    """What the policy asks of each campaign at ``when``, in file order; with ``limit``, of those campaigns only, in
    that order. A CampaignError when ``limit`` names a campaign the desired state does not list."""
    decisions = decide(policy, when)
    if limit is None:
        return decisions
    known = {decision.id: decision for decision in decisions}
    unknown = [str(campaign_id) for campaign_id in limit if campaign_id not in known]
    if unknown:
        raise CampaignError(f"limit names campaigns the desired state does not list: {', '.join(unknown)}")
    return [known[campaign_id] for campaign_id in limit]


def enforce(
    api: CampaignApi,
    decisions: t.Sequence[Decision],
    settings: RunSettings,
    concurrency: int = 8,
    automation: bool = False,
    override_freeze: bool = False,
    holds: t.Mapping[int, Hold] | None = None,
    journal: Journal | None = None,
    reason: str | None = None,
) -> Enforced:
    """Bring each campaign of ``decisions`` to its effective state, as far as its policy lets ``automation`` (the
    enforcement playbook) or a person applying the file go now; in check mode, only plan.

    A campaign judged in its desired state is left alone; a change the policy holds back (observe, guard for
    automation, a freeze unless ``override_freeze``) or a start that one of ``holds`` keeps (a person's stop, by
    campaign) is planned and named, nothing sent; one that cannot be reached at all fails, unless the policy would
    send it nothing anyway (observe). Each write sent goes to ``journal``, with ``reason`` (the person's) and what
    decided it (the desired state, a window). Raises ReconcileError
    for what every campaign would meet (see _fleet.check_connection).
    """
    decided = {decision.id: decision for decision in decisions}
    frozen = sorted({decision.frozen_by for decision in decisions if decision.frozen_by})
    holding = holds or {}
    held_by: dict[int, Hold] = {}  # filled by the workers, one key each

    def work(campaign_id: int, state: str, before: Campaign | None) -> Outcome:
        before = before or read_campaign(api, campaign_id)
        decision = decided[campaign_id]
        verdict = judge(before, decision, automation, override_freeze, holding.get(campaign_id))
        if not verdict.drifted:
            return Outcome(before, before, ())
        if verdict.hold is not None:
            held_by[campaign_id] = verdict.hold
        if verdict.problem is not None:
            if verdict.held_because is None:
                raise ReconcileError(campaign_id, verdict.problem, before)
            return _held(before, (), f"{verdict.held_because}; {verdict.problem}")
        if verdict.held_because is not None:
            return _held(before, t.cast("tuple[str, ...]", verdict.transitions), verdict.held_because)
        target = verdict.target or state
        decided_by = decision.outside if verdict.target else decision.reason
        why = f"{reason}; {decided_by}" if reason else decided_by
        return journaled(journal, why, lambda: reconcile(api, campaign_id, target, settings, before))

    fleet = reconcile_many(api, [(d.id, d.effective) for d in decisions], settings, concurrency, work=work)
    return Enforced(
        fleet,
        tuple(decisions),
        settings.check_mode,
        policed=automation or bool(held_by) or any(in_play(decision) for decision in decisions),
        overridden=tuple(frozen) if override_freeze and frozen else (),
        holds=held_by,
    )


def resume(
    api: CampaignApi,
    campaign_ids: t.Sequence[int],
    decisions: t.Mapping[int, Decision],
    settings: RunSettings,
    concurrency: int = 8,
    override_freeze: bool = False,
    journal: Journal | None = None,
    reason: str | None = None,
) -> FleetOutcome:
    """Bring each campaign back to running, except where the host's policy (``decisions``, made as if each were desired
    running: see _runbook.resume_decisions) keeps it from dialing now: outside its calling hours, in a freeze (unless
    ``override_freeze``), in mode observe. A resume never pauses anything. A resume is a person's: a hold does not
    keep it from starting a campaign (the caller lifts the holds of what it resumed). Each write goes to
    ``journal`` with ``reason`` (the operator's)."""

    def work(campaign_id: int, state: str, before: Campaign | None) -> Outcome:
        before = before or read_campaign(api, campaign_id)
        decision = decisions.get(campaign_id)
        if decision is not None:
            try:
                path = plan_change(before, RUNNING)
            except CampaignError:
                path = ()  # reconcile fails with it below, naming the campaign
            why = _not_resumed(decision, before, path, override_freeze)
            if why is not None:
                return _held(before, commands(path), why)
        return journaled(journal, reason, lambda: reconcile(api, campaign_id, state, settings, before))

    return reconcile_many(
        api, [(campaign_id, RUNNING) for campaign_id in campaign_ids], settings, concurrency, work=work
    )


def pause(
    api: CampaignApi,
    campaigns: t.Sequence[Campaign],
    settings: RunSettings,
    concurrency: int = 8,
    journal: Journal | None = None,
    reason: str | None = None,
) -> FleetOutcome:
    """The runbook's pause of ``campaigns``, just read and found running (_runbook.choose_pause): each paused, each
    write to ``journal`` with ``reason`` (the operator's)."""

    def work(campaign_id: int, state: str, before: Campaign | None) -> Outcome:
        return journaled(journal, reason, lambda: reconcile(api, campaign_id, state, settings, before))

    known = {campaign.id: campaign for campaign in campaigns}
    return reconcile_many(api, [(c.id, PAUSED) for c in campaigns], settings, concurrency, known=known, work=work)


def _not_resumed(decision: Decision, campaign: Campaign, path: tuple[str, ...], override_freeze: bool) -> str | None:
    if not path:
        return None
    if decision.effective != RUNNING:
        return f"{decision.reason}: not resumed; resume it again when its desired state allows it to run"
    return allowed(decision, campaign.state, path, False, override_freeze)
