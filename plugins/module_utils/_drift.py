# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one judge of drift: whether a campaign is as its desired state wants it now, what would bring it back, and
whether that may be sent. The enforcement (and so the apply playbook and the drift gate) and the event source all
ask judge(), and the plan's rows are made here from what the enforcement did with each verdict."""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, replace

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import plan_change
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import (
    Decision,
    may_send,
    satisfied,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import OBSERVE
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import PAUSED, RUNNING, commands

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import FleetOutcome
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import Hold


@dataclass(frozen=True)
class Verdict:
    """One campaign against its desired state in force."""

    decision: Decision | None
    drifted: bool = False
    #: The states a run would move it through; None when its effective state cannot be reached from here.
    path: tuple[str, ...] | None = ()
    #: Why the effective state cannot be reached (path None).
    problem: CampaignError | None = None
    #: Why the policy keeps the change from being sent now (a mode, a freeze, a hold), or None.
    held_because: str | None = None
    #: The state the change brings the campaign to now: its effective state, or paused when calling hours are closed
    #: and nothing else may be sent (None: the effective state).
    target: str | None = None
    #: The hold that keeps it from being started (a person's stop), when that is what holds the change back.
    hold: Hold | None = None

    @property
    def transitions(self) -> tuple[str, ...] | None:
        """The status words a run would send; None when the effective state cannot be reached."""
        return None if self.path is None else commands(self.path)

    @property
    def act(self) -> bool:
        """Whether the change may be sent now: drifted, reachable, and not held back."""
        return self.drifted and self.path is not None and self.held_because is None


def allowed(
    decision: Decision, state: str, path: tuple[str, ...], automation: bool, override_freeze: bool = False
) -> str | None:
    """Why ``decision`` keeps the changes along ``path`` from being sent now, or None when they may be."""
    policy = replace(decision, frozen_by=None) if override_freeze else decision
    may, why = may_send(policy, state, path, automation)
    return None if may else why


def judge(
    campaign: Campaign,
    decision: Decision | None,
    automation: bool,
    override_freeze: bool = False,
    hold: Hold | None = None,
) -> Verdict:
    """Whether ``campaign`` is in its effective desired state and, if not, what would bring it back and whether it may
    be sent now: by automation (the event source, the enforcement playbook) or by a person applying the file.

    A ``hold`` (a person's stop) keeps any path that starts the campaign from being sent, whatever the policy allows;
    override_freeze never lifts it. A campaign dialing outside its calling hours is paused when nothing else may be
    sent to it (a freeze, a campaign desired stopped that cannot be stopped from here): nobody dials after hours."""
    if decision is None or satisfied(decision, campaign.state):
        return Verdict(decision)
    try:
        path: tuple[str, ...] | None = plan_change(campaign, decision.effective)
        problem = None
    except CampaignError as error:
        path, problem = None, error
    held = allowed(decision, campaign.state, path or (), automation, override_freeze)
    if (problem or held) and campaign.state == RUNNING and decision.outside and decision.effective != PAUSED:
        pause = _calling_hours_pause(campaign, decision, automation, override_freeze)
        if pause is not None:
            return pause
    if hold is not None and path and RUNNING in path and decision.mode != OBSERVE:
        return Verdict(decision, True, path, problem, hold.why(), hold=hold)
    return Verdict(decision, True, path, problem, held)


def _calling_hours_pause(
    campaign: Campaign, decision: Decision, automation: bool, override_freeze: bool
) -> Verdict | None:
    """The pause that ends a campaign's dialing outside its calling hours, when it may be sent."""
    try:
        path = plan_change(campaign, PAUSED)
    except CampaignError:
        return None
    if allowed(decision, campaign.state, path, automation, override_freeze) is not None:
        return None
    return Verdict(decision, True, path, target=PAUSED)


@dataclass(frozen=True)
class PlanRow:
    """A campaign that would change (in a real run, that changed), or whose change a policy held back: a row of the
    plan and of the drift gate."""

    id: int
    name: str
    status: int
    status_name: str
    state: str
    desired: str
    transitions: tuple[str, ...]
    #: With a policy in play: the campaign's mode, what decided its desired state, and what was held back and why.
    mode: str | None = None
    decided_by: str | None = None
    held: tuple[str, ...] = ()
    held_because: str | None = None
    #: The hold (a person's stop) that kept it from being started: reported, never drift that fails the gate.
    hold: str | None = None
    #: The citations of the jurisdictions' rules that decided it (Decision.citations).
    citations: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, t.Any]:
        """The row as the plan's JSON file has it."""
        row: dict[str, t.Any] = {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "status_name": self.status_name,
            "state": self.state,
            "desired": self.desired,
            "transitions": list(self.transitions),
        }
        if self.mode is not None:
            row.update(mode=self.mode, decided_by=self.decided_by)
            if self.citations:
                row.update(citations=list(self.citations))
            if self.held_because:
                row.update(held=list(self.held), held_because=self.held_because)
        if self.hold:
            row.update(held=list(self.held), held_because=self.held_because, hold=self.hold)
        return row


def plan_rows(
    desired: t.Sequence[tuple[int, str]],
    fleet: FleetOutcome,
    decisions: t.Sequence[Decision] = (),
    holds: t.Mapping[int, Hold] | None = None,
) -> list[PlanRow]:
    """One row per campaign that would change (in a real run, that changed), or that a policy held back. With a
    policy's ``decisions``, each row says what decided its desired state (a window, a mode) and whether the change
    was held back, and why; ``holds`` are the holds that kept campaigns from being started."""
    wanted = dict(desired)
    holds = holds or {}
    decided = {decision.id: decision for decision in decisions}
    rows = []
    for result in fleet.results:
        outcome = result.outcome
        if outcome is None or not (outcome.transitions or outcome.held_because):
            continue
        campaign, decision = outcome.before, decided.get(outcome.before.id)
        rows.append(
            PlanRow(
                id=campaign.id,
                name=campaign.name,
                status=campaign.status,
                status_name=campaign.status_name,
                state=campaign.state,
                desired=wanted[campaign.id],
                transitions=outcome.transitions,
                mode=decision.mode if decision else None,
                decided_by=decision.reason if decision else None,
                held=outcome.held,
                held_because=outcome.held_because,
                hold=holds[campaign.id].id if campaign.id in holds and outcome.held_because else None,
                citations=decision.citations if decision else (),
            )
        )
    return rows


def drifted(rows: t.Sequence[PlanRow]) -> list[PlanRow]:
    """The rows that fail the drift gate: every one but those of observed campaigns, whose drift is only reported,
    and those a hold keeps from being started: a person stopped them, and the gate reports them without failing.
    A change a freeze holds back is drift all the same."""
    return [row for row in rows if row.mode != OBSERVE and row.hold is None]
