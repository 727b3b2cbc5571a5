# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The runbook's decisions: which campaigns a runbook acts on, and which of them a pause pauses."""

from __future__ import annotations

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import choose_pause, runbook_ids
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import campaign, unread


def test_a_pause_where_every_campaign_is_running_pauses_them_all():
    read = [campaign(i, status) for i, status in ((1, 1), (2, 2), (3, 3), (4, 4))]  # every running status code
    choice = choose_pause(read)
    assert [c.id for c in choice.pause] == [1, 2, 3, 4]
    assert (choice.idle, choice.by_hand, choice.unread) == ([], [], [])


def test_a_pause_where_nothing_is_running_pauses_nothing():
    read = [campaign(i, status) for i, status in ((1, 0), (2, 8), (3, 10), (4, 6))]  # new, paused, purged, stopped
    choice = choose_pause(read)
    assert choice.pause == [] and [c.id for c in choice.idle] == [1, 2, 3, 4]


def test_a_mix_is_sorted_by_what_the_api_allows():
    read: list[Campaign | ReconcileError] = [
        campaign(1, 3),
        campaign(2, 3, enabled="N"),
        campaign(3, 8),
        campaign(4, 4, **{"dynamic-campaign": "N"}),
        unread(5),
        campaign(6, 8, enabled="N"),  # disabled but not dialing: nothing to do
    ]
    choice = choose_pause(read)
    assert [c.id for c in choice.pause] == [1]
    assert [c.id for c in choice.idle] == [3, 6]
    assert [(c.id, why) for c, why in choice.by_hand] == [
        (2, "it must become paused, but the campaign is not enabled: enable it in Configuration Manager"),
        (
            4,
            "it must become paused, but it is not a dynamic campaign: turn on Dynamic Campaign in Configuration Manager",
        ),
    ]
    assert [e.campaign_id for e in choice.unread] == [5]


def test_five_hundred_running_campaigns_are_all_chosen():
    assert len(choose_pause([campaign(i, 3) for i in range(1, 501)]).pause) == 500


def test_the_campaigns_given_win_over_the_hosts_desired_state_and_it_says_so():
    def fleet():
        return [{"id": 7, "state": "running"}, {"id": 8, "state": "paused"}]

    def broken():
        raise CampaignError("the desired-state file is not valid YAML")

    assert runbook_ids("125 126", fleet) == (
        [125, 126],
        "Campaigns: the 2 campaigns given; this host's desired state is not used",
    )
    assert runbook_ids("125", broken)[0] == [125], "a broken desired state never stops a pause of the campaigns named"
    assert runbook_ids(None, fleet) == ([7, 8], "Campaigns: the 2 campaigns of this host's desired state")
    assert runbook_ids([125], None) == ([125], "Campaigns: the 1 campaign given")


@pytest.mark.parametrize(
    "given, fleet, message",
    [
        (None, None, "no campaign given: give campaign_ids"),
        ("", lambda: [{"id": 7}], "campaign_ids names no campaign"),  # never the whole fleet by a typo
        (None, lambda: [], "the host's desired state lists no campaign"),
        ("12a", None, "campaign_ids: item 1 ('12a') is not a campaign ID"),
    ],
)
def test_no_campaign_or_a_bad_one_is_refused(given, fleet, message):
    with pytest.raises(CampaignError, match=message.replace("(", r"\(").replace(")", r"\)")):
        runbook_ids(given, fleet)
