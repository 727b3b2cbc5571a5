# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The on-call runbook's decisions: which campaigns a runbook entry point acts on, which of them a pause pauses, and
what the host's desired state says of resuming each.

No HTTP and no Ansible: the modules read and write, these functions decide, and the unit tests call them directly.
"""

from __future__ import annotations

import typing as t
from datetime import datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import (
    Campaign,
    campaign_ids,
    plan_change,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import Decision, decide
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import DesiredCampaign, Policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import PAUSED, RUNNING

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import FleetOutcome


def count(number: int, noun: str) -> str:
    """'1 campaign', '3 campaigns'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


class PauseChoice(t.NamedTuple):
    """What a pause does with each campaign read, and the campaigns it could not read."""

    #: Running, and the API can pause them.
    pause: list[Campaign]
    #: Not dialing (new, paused, purged, stopped): left as they are.
    idle: list[Campaign]
    #: Running, but the API cannot pause them (disabled, or not dynamic), with the reason.
    by_hand: list[tuple[Campaign, str]]
    #: Could not be read: they may be dialing.
    unread: list[ReconcileError]


def choose_pause(read: t.Sequence[Campaign | ReconcileError]) -> PauseChoice:
    """The pause's one decision: every running campaign is paused where the API allows it, and nothing else is sent."""
    choice = PauseChoice([], [], [], [])
    for item in read:
        if isinstance(item, ReconcileError):
            choice.unread.append(item)
        elif item.state != RUNNING:
            choice.idle.append(item)
        else:
            try:
                plan_change(item, PAUSED)  # the same rule the runner applies before any change
            except CampaignError as error:
                choice.by_hand.append((item, str(error)))
            else:
                choice.pause.append(item)
    return choice


def runbook_ids(given: t.Any, fleet: t.Callable[[], t.Any] | None) -> tuple[list[int], str]:
    """The campaigns a runbook acts on, and a line saying which: those given (``campaign_ids``) win, else those of the
    host's desired state, the tenant's known fleet (the API has no call that lists campaigns). ``fleet`` gives the
    host's desired state, and is called only when no campaign is given: a broken desired-state file never stops a
    pause of the campaigns named."""
    if given is not None:
        ids = campaign_ids(given, "campaign_ids")
        if not ids:
            raise CampaignError("campaign_ids names no campaign: give IDs such as 125,126 or [125, 126]")
        unused = "; this host's desired state is not used" if fleet is not None else ""
        return ids, f"Campaigns: the {count(len(ids), 'campaign')} given{unused}"
    if fleet is not None:
        ids = campaign_ids(fleet(), "the host's desired state")
        if not ids:
            raise CampaignError("the host's desired state lists no campaign: give campaign_ids (such as 125,126)")
        return ids, f"Campaigns: the {count(len(ids), 'campaign')} of this host's desired state"
    raise CampaignError(
        "no campaign given: give campaign_ids (such as 125,126), or run on a host with a desired state "
        "(desired_state_campaigns or desired_state_file)"
    )


def resume_decisions(policy: Policy | None, ids: list[int], when: datetime) -> dict[int, Decision]:
    """What the host's desired state says now of running each of ``ids`` that it lists: the file's windows and each
    campaign's mode applied to it as if it were desired running, since the snapshot asks for exactly that."""
    if policy is None:
        return {}
    modes = {campaign.id: campaign.mode for campaign in policy.campaigns}
    asked = Policy(tuple(DesiredCampaign(i, RUNNING, modes[i]) for i in ids if i in modes), policy.windows)
    return {decision.id: decision for decision in decide(asked, when)}


#: What a pause did with each campaign, as its entry says (``action``).
PAUSE_ACTIONS = ("paused", "idle", "by_hand", "unread", "failed")


class PauseOutcome(t.NamedTuple):
    """What a pause did: each paused campaign's changes sent (or its failure), each campaign's entry in the order
    given, the count of each action, and whether any campaign may still be dialing."""

    sent: dict[int, ReconcileError | tuple[str, ...]]
    entries: list[dict[str, t.Any]]
    summary: dict[str, int]
    may_be_dialing: bool


def pause_outcome(
    read: t.Sequence[Campaign | ReconcileError], choice: PauseChoice, fleet: FleetOutcome
) -> PauseOutcome:
    """The pause's outcome from what was read, chosen and sent."""
    sent = {r.campaign_id: r.error or (r.outcome.transitions if r.outcome else ()) for r in fleet.results}
    action = {c.id: "paused" for c in choice.pause}
    action.update((c.id, "idle") for c in choice.idle)
    why = {c.id: reason for c, reason in choice.by_hand}
    action.update((campaign_id, "by_hand") for campaign_id in why)
    entries: list[dict[str, t.Any]] = []
    for item in read:
        if isinstance(item, ReconcileError):
            entries.append({"id": item.campaign_id, "action": "unread", "transitions": [], "msg": str(item)})
            continue
        entry: dict[str, t.Any] = {
            "id": item.id,
            "action": action[item.id],
            "transitions": [],
            "campaign": item.as_result(False),
        }
        outcome = sent.get(item.id)
        if isinstance(outcome, ReconcileError):
            entry.update(action="failed", transitions=list(outcome.sent), msg=str(outcome))
        elif outcome:
            entry["transitions"] = list(outcome)
        if item.id in why:
            entry["msg"] = why[item.id]
        entries.append(entry)
    summary = {name: sum(entry["action"] == name for entry in entries) for name in PAUSE_ACTIONS}
    dialing = any(entry["action"] in ("by_hand", "unread", "failed") for entry in entries)
    return PauseOutcome(sent, entries, summary, dialing)
