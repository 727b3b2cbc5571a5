# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Holds: a person's stop, which campaigns it keeps from being started and until when, and its record."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import (
    BY_HAND,
    PAUSE,
    expired,
    expiry,
    hold_of,
    in_force,
    open_hold,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant

ACME = Tenant("https://vcc.example", "acme")
OTHER = Tenant("https://vcc.example", "globex")
OPENED = datetime(2026, 12, 6, 19, 33, 12, tzinfo=timezone.utc)


def hold(*campaigns, tenant=ACME, when=OPENED, **given):
    return open_hold(tenant, campaigns, given.pop("source", PAUSE), "alice on bastion", when, **given)


def test_a_hold_keeps_its_campaigns_until_each_is_lifted():
    opened = hold(125, 126, 127, reason="carrier outage", ticket="INC-7")
    assert opened.held(OPENED) == (125, 126, 127)
    lifted = opened.lift([126, 999], OPENED + timedelta(minutes=5), "bob on bastion", "resumed")
    assert lifted.held(OPENED) == (125, 127)
    assert [(lift.campaign_id, lift.by, lift.why) for lift in lifted.lifted] == [(126, "bob on bastion", "resumed")]
    # Lifting what is lifted already changes nothing
    assert lifted.lift([126], OPENED, "carol", "lifted") is lifted


def test_why_names_who_since_when_why_and_the_hold():
    opened = hold(125, reason="carrier outage", ticket="INC-7", expires_at=OPENED + timedelta(hours=8))
    assert opened.why() == (
        f"held since 2026-12-06T19:33:12Z by alice on bastion (runbook pause: carrier outage; ticket INC-7, until "
        f"2026-12-07T03:33:12Z; hold {opened.id}): automation never starts it; a resume, or the lift entry point, "
        "ends the hold"
    )
    assert "taken out of dialing by hand" in hold(125, source=BY_HAND).why()


def test_two_holds_opened_in_the_same_second_have_different_ids():
    assert len({hold(125).id for _attempt in range(50)}) == 50


def test_in_force_is_the_tenants_own_oldest_hold_of_each_campaign_and_no_expired_one():
    first = hold(125, 126)
    second = hold(126, 127, when=OPENED + timedelta(minutes=1))
    others = hold(125, tenant=OTHER)
    ending = hold(128, expires_at=OPENED + timedelta(hours=1))
    held = in_force([second, others, first, ending], ACME, OPENED + timedelta(minutes=2))
    assert {campaign: found.id for campaign, found in held.items()} == {
        125: first.id,
        126: first.id,
        127: second.id,
        128: ending.id,
    }
    later = OPENED + timedelta(hours=1)
    assert 128 not in in_force([ending], ACME, later)
    assert expired([first, ending], later) == [ending]
    # Once its campaigns are recorded as lifted, an expired hold is not told again
    assert expired([ending.lift([128], later, "expiry", "expired")], later) == []


@pytest.mark.parametrize(
    "given, expected",
    [
        (None, None),
        ("", None),
        ("8h", OPENED + timedelta(hours=8)),
        ("90m", OPENED + timedelta(minutes=90)),
        ("2d", OPENED + timedelta(days=2)),
        ("2026-12-07T06:00:00Z", datetime(2026, 12, 7, 6, tzinfo=timezone.utc)),
    ],
)
def test_expiry_is_a_duration_or_a_time(given, expected):
    assert expiry(given, OPENED) == expected


@pytest.mark.parametrize(
    "given, message",
    [
        ("tomorrow", "hold_expires 'tomorrow' is neither a duration (such as 8h, 90m, 2d) nor not a time"),
        ("0h", "hold_expires '0h' is no time from now"),
        ("2026-12-01T00:00:00Z", "hold_expires 2026-12-01T00:00:00Z is in the past"),
    ],
)
def test_an_expiry_that_is_not_one_is_refused_by_name(given, message):
    with pytest.raises(CampaignError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        expiry(given, OPENED)


def test_a_hold_reads_back_as_it_was_written():
    opened = hold(125, 126, reason="outage", ticket="INC-7", snapshot="/runbook/paused.json", expires_at=OPENED)
    lifted = opened.lift([126], OPENED, "bob", "resumed")
    assert hold_of(lifted.as_dict(), "the hold") == lifted


@pytest.mark.parametrize(
    "change, message",
    [
        ({"tenant": None}, "the hold records no tenant"),
        ({"campaigns": ["x"]}, "the hold: campaigns should be a list of campaign IDs"),
        ({"campaigns": []}, "the hold: campaigns should be a list of campaign IDs"),
        ({"source": "robot"}, "the hold: source should be one of pause, by_hand, given"),
        ({"opened_at": "yesterday"}, "the hold: opened_at is not a time"),
        ({"lifted": [{"id": 125}]}, r"the hold: lifted\[0\].at is not a time"),
        ({"reason": 5}, "the hold: reason should be a text"),
    ],
)
def test_a_broken_hold_is_refused_naming_what_is_wrong(change, message):
    with pytest.raises(CampaignError, match=message):
        hold_of({**hold(125).as_dict(), **change}, "the hold")


@given(
    st.lists(st.integers(1, 20), min_size=1, max_size=8, unique=True),
    st.lists(st.integers(1, 20), max_size=10),
    st.integers(0, 48),
)
def test_a_campaign_is_held_exactly_while_it_is_in_the_hold_not_lifted_and_not_expired(campaigns, lifts, hours):
    opened = hold(*campaigns, expires_at=OPENED + timedelta(hours=24))
    when = OPENED + timedelta(hours=hours)
    lifted = opened.lift(lifts, OPENED, "bob", "lifted")
    held = in_force([lifted], ACME, when)
    for campaign in range(1, 21):
        expected = campaign in campaigns and campaign not in lifts and hours < 24
        assert (campaign in held) == expected
