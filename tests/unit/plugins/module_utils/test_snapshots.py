# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Whose campaigns these are and their status at one time: what a snapshot records, whose snapshot a resume takes,
which states it takes, what it takes from several, and which campaigns of an earlier one are still paused."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import STATUSES
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    STATES,
    Tenant,
    resume_ids,
    resume_ids_of,
    saved_form,
    snapshot,
    snapshot_of_host,
    still_paused,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import campaign, unread

ACME = Tenant("https://vcc-na12.8x8.com", "acme")
GLOBEX = Tenant("https://vcc-na12.8x8.com", "globex")
TAKEN = datetime(2026, 12, 1, 21, 30, tzinfo=timezone.utc)


def test_a_snapshot_names_its_tenant_host_and_time_and_never_a_token():
    taken = snapshot(ACME, "acme", TAKEN, [campaign(1, 3)], [unread(2)])
    assert taken["tenant"] == {"api_url": "https://vcc-na12.8x8.com", "username": "acme"}
    assert (taken["host"], taken["taken_at"]) == ("acme", "2026-12-01T21:30:00Z")
    assert [(c["id"], c["state"], c["status"]) for c in taken["campaigns"]] == [(1, "running", 3)]
    assert taken["failures"] == [{"id": 2, "msg": "campaign 2: not found (HTTP 404)"}]


def _snapshot(tenant=ACME, **states):
    read = [campaign(int(key[1:]), {"running": 3, "paused": 8, "new": 0}[state]) for key, state in states.items()]
    return snapshot(tenant, "acme", TAKEN, read, [])


def test_resume_takes_exactly_the_campaigns_the_snapshot_shows_running():
    assert resume_ids(_snapshot(c1="running", c2="paused", c3="running", c4="new"), ACME) == [1, 3]


def test_resume_refuses_another_tenants_snapshot_naming_both():
    with pytest.raises(CampaignError) as caught:
        resume_ids(_snapshot(GLOBEX, c1="running"), ACME)
    assert str(caught.value) == (
        "the snapshot is of the tenant globex at https://vcc-na12.8x8.com, taken at 2026-12-01T21:30:00Z, but this run "
        "connects to the tenant acme at https://vcc-na12.8x8.com: nothing was sent. Resume with the snapshot of this "
        "tenant, or run against the tenant the snapshot names"
    )


@pytest.mark.parametrize(
    "api_url", ["https://vcc-eu5.8x8.com", "https://vcc-na12.8x8.com/other", "http://vcc-na12.8x8.com"]
)
def test_the_same_username_on_another_platform_is_another_tenant(api_url):
    with pytest.raises(CampaignError, match="is of the tenant acme at"):
        resume_ids(_snapshot(Tenant(api_url, "acme"), c1="running"), ACME)


def test_a_base_url_differing_only_in_case_or_a_trailing_slash_is_the_same_tenant():
    assert resume_ids(_snapshot(Tenant("HTTPS://VCC-NA12.8x8.com/", "acme"), c1="running"), ACME) == [1]


@pytest.mark.parametrize(
    "value, message",
    [
        ({"campaigns": [{"id": 1, "state": "running"}]}, "the snapshot records no tenant"),  # as pause wrote it before
        ([{"id": 1, "state": "running"}], "the snapshot is not a snapshot"),
        (None, "no snapshot given: give the file pause saved"),
        (
            {"tenant": ACME.as_dict(), "campaigns": [{"id": "x", "state": "running"}]},
            "entries without an id and a state: campaigns[0]",
        ),
        ({"tenant": ACME.as_dict()}, "the snapshot has no campaigns list"),
    ],
)
def test_a_snapshot_that_cannot_be_trusted_is_refused(value, message):
    with pytest.raises(CampaignError, match=message.replace("[", r"\[")):
        resume_ids(value, ACME)


def test_the_saved_form_gives_each_host_its_snapshot_and_names_the_hosts_it_holds():
    taken = _snapshot(c1="running")
    saved = saved_form("acme", taken)
    assert snapshot_of_host(saved, "acme") == taken
    assert snapshot_of_host(saved["pause_snapshots"], "acme") == taken  # an AWX artifact, as an extra variable
    assert snapshot_of_host(taken, "globex") is taken  # a snapshot itself: its tenant decides
    with pytest.raises(CampaignError, match="holds no snapshot of the host globex \\(it holds: acme\\)"):
        snapshot_of_host(saved, "globex")


# States that are not states: refused by name, before anything is sent.


def _entries(*entries, tenant=ACME):
    return {"tenant": tenant.as_dict(), "taken_at": "2026-12-01T21:30:00Z", "campaigns": list(entries)}


def test_the_states_a_snapshot_may_hold_are_the_lifecycles_every_one():
    assert STATES == ("new", "running", "paused", "purged", "stopped")
    assert set(STATES) == {state for _name, state in STATUSES.values()}


def test_a_state_that_is_not_a_state_is_refused_naming_each_entry():
    value = _entries(
        {"id": 401, "state": "running"},
        {"id": 402, "state": "paused"},
        {"id": 403, "state": "new"},
        {"id": 405, "state": "Running"},
        {"id": "406", "state": "runnning"},
    )
    with pytest.raises(CampaignError) as caught:
        resume_ids(value, ACME, "the snapshot paused-acme.json")
    one_of = "(one of new, running, paused, purged, stopped)"
    assert str(caught.value) == (
        f'the snapshot paused-acme.json cannot be used: campaigns[3] (id 405) has state "Running", which is not a '
        f'state {one_of}; campaigns[4] (id 406) has state "runnning", which is not a state {one_of}; nothing was sent'
    )


def test_a_state_with_a_quote_or_a_line_break_is_named_on_one_line():
    with pytest.raises(CampaignError) as caught:
        resume_ids(_entries({"id": 1, "state": 'run"\nning'}), ACME)
    assert 'campaigns[0] (id 1) has state "run\\"\\nning", which is not a state' in str(caught.value)
    assert "\n" not in str(caught.value)


@given(
    states=st.lists(
        st.one_of(st.sampled_from(STATES), st.text(max_size=12).filter(lambda word: word not in STATES)), max_size=8
    )
)
def test_a_snapshot_is_taken_only_when_every_state_is_a_state(states):
    value = _entries(*({"id": index + 1, "state": state} for index, state in enumerate(states)))
    bad = [index for index, state in enumerate(states) if state not in STATES]
    if not bad:
        assert resume_ids(value, ACME) == [index + 1 for index, state in enumerate(states) if state == "running"]
        return
    with pytest.raises(CampaignError) as caught:
        resume_ids(value, ACME)
    named = re.findall(r"campaigns\[(\d+)\] \(id (\d+)\)", str(caught.value))
    assert named == [(str(index), str(index + 1)) for index in bad]


# resume_ids_of: a resume from several snapshots at once.


def test_a_resume_from_two_snapshots_takes_the_union_in_order_of_first_appearance():
    killed = _snapshot(c3="running", c1="running", c2="paused")
    after = _snapshot(c1="paused", c4="running", c3="running", c5="new")
    assert resume_ids_of([(killed, "the first"), (after, "the second")], ACME) == [3, 1, 4]
    assert resume_ids_of([(after, "the second"), (killed, "the first")], ACME) == [4, 3, 1]


def test_one_snapshot_that_cannot_be_used_is_refused_as_resume_ids_refuses_it():
    good, theirs = _snapshot(c1="running"), _snapshot(GLOBEX, c2="running")
    with pytest.raises(CampaignError) as alone:
        resume_ids(theirs, ACME, "the snapshot b.json")
    with pytest.raises(CampaignError) as among:
        resume_ids_of([(good, "the snapshot a.json"), (theirs, "the snapshot b.json")], ACME)
    assert str(among.value) == str(alone.value)


def test_every_snapshot_that_cannot_be_used_is_named_by_its_where():
    theirs, broken = _snapshot(GLOBEX, c2="running"), _entries({"id": 7, "state": "Paused"})
    with pytest.raises(CampaignError) as caught:
        resume_ids_of([(_snapshot(c1="running"), "a.json"), (theirs, "b.json"), (broken, "c.json")], ACME)
    message = str(caught.value)
    assert message.startswith("2 of the 3 snapshots given cannot be used: (1) b.json is of the tenant globex at ")
    assert ' (2) c.json cannot be used: campaigns[0] (id 7) has state "Paused", which is not a state' in message
    assert "a.json" not in message


def test_no_snapshot_at_all_is_refused_saying_how_to_give_one():
    with pytest.raises(CampaignError, match="^no snapshot given: give the file pause saved"):
        resume_ids_of([], ACME)


_RUNBOOK_STATES = st.dictionaries(st.integers(1, 12), st.sampled_from(STATES), max_size=12)


@given(st.lists(_RUNBOOK_STATES, min_size=1, max_size=4))
def test_the_union_holds_each_campaign_any_snapshot_shows_running_once(taken):
    snapshots = [
        (_entries(*({"id": i, "state": s} for i, s in states.items())), f"s{n}") for n, states in enumerate(taken)
    ]
    union = resume_ids_of(snapshots, ACME)
    every = [campaign for value, where in snapshots for campaign in resume_ids(value, ACME, where)]
    assert union == list(dict.fromkeys(every))


# still_paused: which campaigns of an earlier snapshot a resume would still bring back.


def test_still_paused_are_those_it_shows_running_that_are_paused_or_purged_now():
    earlier = _snapshot(c1="running", c2="running", c3="running", c4="running", c5="running", c6="paused")
    now = {1: "paused", 2: "running", 3: "purged", 4: "stopped", 6: "paused"}  # 5 was not read
    assert still_paused(earlier, ACME, now) == (1, 3)


def test_still_paused_refuses_another_tenants_snapshot_as_resume_ids_does():
    with pytest.raises(CampaignError, match="is of the tenant globex"):
        still_paused(_snapshot(GLOBEX, c1="running"), ACME, {1: "paused"})


@given(taken=_RUNBOOK_STATES, now=_RUNBOOK_STATES)
def test_still_paused_is_what_a_resume_would_bring_back_from_a_pause(taken, now):
    value = _entries(*({"id": i, "state": s} for i, s in taken.items()))
    paused = still_paused(value, ACME, now)
    running_then = resume_ids(value, ACME)
    assert list(paused) == [c for c in running_then if now.get(c) in ("paused", "purged")]
