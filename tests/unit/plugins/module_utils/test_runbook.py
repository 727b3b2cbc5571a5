# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The runbook's decisions: what a pause acts on, what a snapshot records, whose snapshot a resume takes."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import parse_campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import plan_rows
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import CampaignResult, FleetOutcome
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import (
    drift_message,
    fleet_lines,
    pause_lines,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import choose_pause, runbook_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import Outcome
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    Tenant,
    resume_ids,
    saved_form,
    snapshot,
    snapshot_of_host,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import campaign_answer

ACME = Tenant("https://vcc-na12.8x8.com", "acme")
GLOBEX = Tenant("https://vcc-na12.8x8.com", "globex")
TAKEN = datetime(2026, 12, 1, 21, 30, tzinfo=timezone.utc)


def campaign(campaign_id, status, **fields):
    fields.setdefault("campaign-name", f"Campaign {campaign_id}")
    return parse_campaign(campaign_answer(campaign_id, status, **fields), campaign_id)


def unread(campaign_id):
    return ReconcileError(campaign_id, CampaignError("not found (HTTP 404)"))


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
    read = [
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
        (4, "it must become paused, but it is not a dynamic campaign: turn on Dynamic Campaign in Configuration Manager"),
    ]
    assert [e.campaign_id for e in choice.unread] == [5]


def test_five_hundred_running_campaigns_are_all_chosen():
    assert len(choose_pause([campaign(i, 3) for i in range(1, 501)]).pause) == 500


def test_every_line_names_its_campaign_and_says_what_became_of_it():
    read = [campaign(1, 3), campaign(2, 3, enabled="N"), campaign(3, 8), unread(4), campaign(5, 3)]
    choice = choose_pause(read)
    failed = ReconcileError(5, CampaignError("PAUSED was refused"), read[4])
    lines = pause_lines(choice, {1: ("PAUSED",), 5: failed}, check_mode=False)
    assert lines == [
        "campaign 1 (Campaign 1): running, status 3 (Manual Running): paused (PAUSED)",
        "MAY STILL BE DIALING: campaign 5 (Campaign 5): PAUSED was refused",
        "campaign 3 (Campaign 3): paused, status 8 (Manual Paused): not dialing, left as it is",
        "STILL DIALING: campaign 2 (Campaign 2) is running, and the API cannot pause it (it must become paused, but the "
        "campaign is not enabled: enable it in Configuration Manager): pause it by hand in Configuration Manager",
        "MAY STILL BE DIALING: campaign 4: not found (HTTP 404): check it in Configuration Manager, and pause it there "
        "if need be",
    ]
    assert pause_lines(choice, {1: ("PAUSED",)}, check_mode=True)[0].endswith(": would pause (PAUSED)")


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


@pytest.mark.parametrize("api_url", ["https://vcc-eu5.8x8.com", "https://vcc-na12.8x8.com/other", "http://vcc-na12.8x8.com"])
def test_the_same_username_on_another_platform_is_another_tenant(api_url):
    with pytest.raises(CampaignError, match="is of the tenant acme at"):
        resume_ids(_snapshot(Tenant(api_url, "acme"), c1="running"), ACME)


def test_a_base_url_differing_only_in_case_or_a_trailing_slash_is_the_same_tenant():
    assert resume_ids(_snapshot(Tenant("HTTPS://VCC-NA12.8x8.com/", "acme"), c1="running"), ACME) == [1]


@pytest.mark.parametrize("value, message", [
    ({"campaigns": [{"id": 1, "state": "running"}]}, "the snapshot records no tenant"),  # as pause wrote it before
    ([{"id": 1, "state": "running"}], "the snapshot is not a snapshot"),
    (None, "no snapshot given: give the file pause saved"),
    ({"tenant": ACME.as_dict(), "campaigns": [{"id": "x", "state": "running"}]}, "entries without an id and a state: campaigns[0]"),
    ({"tenant": ACME.as_dict()}, "the snapshot has no campaigns list"),
])
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


def test_the_campaigns_given_win_over_the_hosts_desired_state_and_it_says_so():
    def fleet():
        return [{"id": 7, "state": "running"}, {"id": 8, "state": "paused"}]

    def broken():
        raise CampaignError("the desired-state file is not valid YAML")

    assert runbook_ids("125 126", fleet) == ([125, 126], "Campaigns: the 2 campaigns given; this host's desired state is not used")
    assert runbook_ids("125", broken)[0] == [125], "a broken desired state never stops a pause of the campaigns named"
    assert runbook_ids(None, fleet) == ([7, 8], "Campaigns: the 2 campaigns of this host's desired state")
    assert runbook_ids([125], None) == ([125], "Campaigns: the 1 campaign given")


@pytest.mark.parametrize("given, fleet, message", [
    (None, None, "no campaign given: give campaign_ids"),
    ("", lambda: [{"id": 7}], "campaign_ids names no campaign"),  # never the whole fleet by a typo
    (None, lambda: [], "the host's desired state lists no campaign"),
    ("12a", None, "campaign_ids: item 1 ('12a') is not a campaign ID"),
])
def test_no_campaign_or_a_bad_one_is_refused(given, fleet, message):
    with pytest.raises(CampaignError, match=message.replace("(", r"\(").replace(")", r"\)")):
        runbook_ids(given, fleet)


def _fleet(*results):
    return FleetOutcome(list(results))


def _outcome(campaign_id, status, transitions=(), after=None):
    before = campaign(campaign_id, status)
    return CampaignResult(campaign_id, Outcome(before, after or before, tuple(transitions)))


def test_plan_rows_hold_each_campaign_that_would_change_with_its_desired_state_even_from_quoted_ids():
    fleet = _fleet(_outcome(401, 3, ["PAUSED"]), _outcome(402, 8), _outcome(403, 3, ["PAUSED", "PURGED"]))
    rows = plan_rows([(401, "paused"), (402, "paused"), (403, "purged")], fleet)
    assert [row.as_dict() for row in rows] == [
        {"id": 401, "name": "Campaign 401", "status": 3, "status_name": "Manual Running", "state": "running",
         "desired": "paused", "transitions": ["PAUSED"]},
        {"id": 403, "name": "Campaign 403", "status": 3, "status_name": "Manual Running", "state": "running",
         "desired": "purged", "transitions": ["PAUSED", "PURGED"]},
    ]
    assert drift_message(rows) == (
        "2 campaign(s) drifted from the desired state: campaign 401 (Campaign 401) is running, desired paused, a run "
        "would send PAUSED; campaign 403 (Campaign 403) is running, desired purged, a run would send PAUSED, PURGED"
    )


def test_the_summary_names_each_changed_and_failed_campaign():
    failed = CampaignResult(9, error=ReconcileError(9, CampaignError("cannot become running"), campaign(9, 6)))
    fleet = _fleet(_outcome(1, 3, ["PAUSED"], after=campaign(1, 8)), _outcome(2, 8), failed)
    assert fleet_lines(fleet, check_mode=False) == [
        "3 campaigns: 1 unchanged, 1 changed, 1 failed",
        "campaign 1 (Campaign 1): sent PAUSED",
        "failed: campaign 9 (Campaign 9): cannot become running",
        "states now: 2 paused, 1 stopped",
    ]
    assert fleet_lines(fleet, check_mode=True)[:2] == [
        "3 campaigns: 1 unchanged, 1 to change, 1 failed (check mode: the plan, nothing was sent)",
        "campaign 1 (Campaign 1): would send PAUSED",
    ]
