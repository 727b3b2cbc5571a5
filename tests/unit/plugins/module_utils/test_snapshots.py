# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whose campaigns these are and their status at one time: what a snapshot records, and whose snapshot a resume
takes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    Tenant,
    resume_ids,
    saved_form,
    snapshot,
    snapshot_of_host,
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
