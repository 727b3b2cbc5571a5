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
    COMMANDS,
    LANDING_STATUS,
    CampaignError,
    commands,
    plan,
    satisfies,
    summary,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import ApiError

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._waiter import Waiter


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
    #: In check mode with a change to make, the status the change would land in.
    predicted_status: int | None = None
    #: Things the user should know that are not failures.
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.transitions)

    def result(self, with_diff: bool) -> dict[str, t.Any]:
        result = {"changed": self.changed, "campaign": self.after.as_result(), "transitions": list(self.transitions)}
        if with_diff:
            after = self.after.status if self.predicted_status is None else self.predicted_status
            result["diff"] = {"before": summary(self.before.status), "after": summary(after)}
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


def reconcile(
    api: CampaignApi,
    campaign_id: int,
    desired: str,
    check_mode: bool,
    waiter: Waiter,
    wait: bool = True,
    resends: int = 3,
) -> Outcome:
    """Bring a campaign to ``desired``; in check mode, only say what that would take.

    ``waiter`` polls between the steps of a two-step change, and after the last one when ``wait`` is true.
    A write that got no answer or a 5xx is never repeated blindly: the campaign is read first, and the write
    is sent again (at most ``resends`` times) only while it still is the next step of a plan.
    """
    before = read_campaign(api, campaign_id)
    try:
        path = plan_change(before, desired)
    except CampaignError as error:
        raise ReconcileError(campaign_id, error, before) from None
    if not path:
        return Outcome(before, before, ())
    if check_mode:
        return Outcome(before, before, commands(path), predicted_status=LANDING_STATUS[path[-1]])
    if not api.can_write:
        raise ReconcileError(campaign_id, CampaignError(
            f"it must change ({', '.join(commands(path))}), which needs the Action Request Token: set action_token "
            "or EIGHTBYEIGHT_CC_ACTION_TOKEN"
        ), before)
    change = _Change(api, campaign_id, desired, before)
    after, notes = change.apply(path, waiter, wait, resends)
    return Outcome(before, after, change.sent, notes=notes)


def _is_race(error: ApiError) -> bool:
    """The platform's answers when the campaign changed between our read and our write."""
    message = (error.server_message or "").lower()
    return (error.status_code == 400 and "invalid state transition" in message) or error.status_code == 500


class _Change:
    """One campaign's change under way: what has been sent, and the campaign as last read."""

    def __init__(self, api: CampaignApi, campaign_id: int, desired: str, campaign: Campaign) -> None:
        self.api = api
        self.campaign_id = campaign_id
        self.desired = desired
        self.campaign = campaign
        self.sent: tuple[str, ...] = ()

    def fail(self, cause: CampaignError) -> t.NoReturn:
        raise ReconcileError(self.campaign_id, cause, self.campaign, self.sent)

    def read(self) -> Campaign:
        try:
            self.campaign = parse_campaign(self.api.read(self.campaign_id), self.campaign_id)
        except CampaignError as error:
            self.fail(error)
        return self.campaign

    def replan(self) -> tuple[str, ...]:
        try:
            return plan_change(self.campaign, self.desired)
        except CampaignError as error:
            self.fail(CampaignError(f"it changed while this task ran, and {error}"))

    def apply(self, path: tuple[str, ...], waiter: Waiter, wait: bool, resends: int) -> tuple[Campaign, tuple[str, ...]]:
        raced = False
        while path:
            step = path[0]
            word = COMMANDS[step]
            try:
                self.api.write(self.campaign_id, word)
            except ApiError as error:
                race = _is_race(error)
                if error.answered and error.status_code < 500 and not race:
                    self.fail(error)  # a refusal that reading again cannot change
                # Never repeat a write blindly: read, and plan again from what the campaign shows now.
                self.read()
                remaining = self.replan()
                if remaining == path[1:]:
                    self.sent += (word,)  # the change shows: only its answer was lost
                elif remaining and ((race and raced) or (not race and resends <= 0)):
                    self.fail(error)  # still needed, but the budget for sending it again is spent
                if race:
                    raced = True
                else:
                    resends -= 1
                path = remaining
                continue
            self.sent += (word,)
            path = path[1:]
            if path or wait:
                try:
                    waiter.until(self.read, step)
                except ReconcileError:
                    raise  # from self.read, already about this campaign
                except CampaignError as error:
                    self.fail(error)
        if not wait:
            self.read()
            if not satisfies(self.campaign.state, self.desired):
                return self.campaign, (
                    f"campaign {self.campaign_id}: the platform accepted {', '.join(self.sent)}; it does not show "
                    f"{self.desired} yet (wait is false)",
                )
        return self.campaign, ()
