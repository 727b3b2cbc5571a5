# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Campaigns as the collection holds them after a read, and the outcomes of a bulk task, for the tests of what is
decided and written from them (the runbook, snapshots, drift, text for people)."""

from __future__ import annotations

import typing as t

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign, parse_campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import CampaignResult, FleetOutcome
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import Outcome
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import campaign_answer


def campaign(campaign_id: int, status: int, **fields: t.Any) -> Campaign:
    """Campaign ``campaign_id`` at ``status``, named "Campaign <id>" unless ``fields`` say otherwise, as parsed from
    an answer of the API."""
    fields.setdefault("campaign-name", f"Campaign {campaign_id}")
    return parse_campaign(campaign_answer(campaign_id, status, **fields), campaign_id)


def unread(campaign_id: int) -> ReconcileError:
    """A campaign that could not be read."""
    return ReconcileError(campaign_id, CampaignError("not found (HTTP 404)"))


def fleet(*results: CampaignResult) -> FleetOutcome:
    return FleetOutcome(list(results))


def outcome(
    campaign_id: int, status: int, transitions: t.Sequence[str] = (), after: Campaign | None = None
) -> CampaignResult:
    """A bulk task's result for a campaign read at ``status``: the ``transitions`` sent, then ``after`` (by default
    as it was)."""
    before = campaign(campaign_id, status)
    return CampaignResult(campaign_id, Outcome(before, after or before, tuple(transitions)))
