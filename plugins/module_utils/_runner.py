# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bring one campaign to a desired state: read, plan, stop there in check mode, apply, verify.

No Ansible here: the modules turn an Outcome into a result, and a ReconcileError into a failure.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign, parse_campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    LANDING_STATUS,
    CampaignError,
    commands,
    plan,
    satisfies,
    status_name,
)

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi


class ReconcileError(CampaignError):
    """A failure about one campaign, with what was known and done when it happened."""

    def __init__(self, campaign_id: int, cause: CampaignError, campaign: Campaign | None = None, sent: tuple[str, ...] = ()) -> None:
        name = f" ({campaign.name})" if campaign and campaign.name else ""
        done = f" (already applied: {', '.join(sent)})" if sent else ""
        super().__init__(f"campaign {campaign_id}{name}: {cause}{done}")
        self.campaign = campaign
        self.sent = sent

    def result(self) -> dict[str, t.Any]:
        """What a failed task reports beside its message: what was sent, and the campaign as last read."""
        result: dict[str, t.Any] = {"changed": bool(self.sent), "transitions": list(self.sent)}
        if self.campaign:
            result["campaign"] = self.campaign.as_result()
        return result


@dataclass(frozen=True)
class Outcome:
    before: Campaign
    #: The campaign as read after the change; the same as ``before`` when nothing was sent.
    after: Campaign
    #: The status words sent, in order; in check mode, the ones a real run would send.
    transitions: tuple[str, ...]
    #: What the diff shows as ``after``: read after a real change, predicted in check mode.
    after_summary: dict[str, t.Any]

    @property
    def changed(self) -> bool:
        return bool(self.transitions)

    def result(self, with_diff: bool) -> dict[str, t.Any]:
        result = {"changed": self.changed, "campaign": self.after.as_result(), "transitions": list(self.transitions)}
        if with_diff:
            result["diff"] = {"before": self.before.status_summary(), "after": self.after_summary}
        return result


def read_campaign(api: CampaignApi, campaign_id: int) -> Campaign:
    try:
        return parse_campaign(api.read(campaign_id), campaign_id)
    except CampaignError as error:
        raise ReconcileError(campaign_id, error) from None


def plan_change(campaign: Campaign, desired: str) -> tuple[str, ...]:
    """The states to move ``campaign`` through; the platform refuses any change to a disabled or static one."""
    path = plan(campaign.status, desired)
    if path and not campaign.enabled:
        raise CampaignError(f"it must become {desired}, but the campaign is not enabled: enable it in Configuration Manager")
    if path and not campaign.dynamic:
        raise CampaignError(
            f"it must become {desired}, but it is not a dynamic campaign: turn on Dynamic Campaign in Configuration Manager"
        )
    return path


def reconcile(api: CampaignApi, campaign_id: int, desired: str, check_mode: bool) -> Outcome:
    before = read_campaign(api, campaign_id)
    try:
        path = plan_change(before, desired)
    except CampaignError as error:
        raise ReconcileError(campaign_id, error, before) from None
    words = commands(path)
    if not path:
        return Outcome(before, before, words, before.status_summary())
    if check_mode:
        landing = LANDING_STATUS[path[-1]]
        predicted = {"state": path[-1], "status": landing, "status_name": status_name(landing)}
        return Outcome(before, before, words, predicted)
    if not api.can_write:
        raise ReconcileError(campaign_id, CampaignError(
            f"it must change ({', '.join(words)}), which needs the Action Request Token: set action_token "
            "or EIGHTBYEIGHT_CC_ACTION_TOKEN"
        ), before)
    sent: tuple[str, ...] = ()
    for word in words:
        try:
            api.write(campaign_id, word)
        except CampaignError as error:
            raise ReconcileError(campaign_id, error, before, sent) from None
        sent += (word,)
    after = read_campaign(api, campaign_id)
    if not satisfies(after.state, desired):
        raise ReconcileError(campaign_id, CampaignError(
            f"the platform accepted {', '.join(sent)} but the campaign now reads {after.status} "
            f"({after.status_name}), not {desired}"
        ), after, sent)
    return Outcome(before, after, words, after.status_summary())
