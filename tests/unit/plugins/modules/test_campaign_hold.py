# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""campaign_hold: a hold opened by hand, and lifted without resuming; no request is sent."""

from __future__ import annotations

from datetime import datetime, timezone

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HoldStore
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import GIVEN, PAUSE, open_hold
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant
from ansible_collections.eightbyeight.contact_center.plugins.modules.campaign_hold import main
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import BASE_URL, CONNECTION, USERNAME, sent

ACME = Tenant(BASE_URL, USERNAME)


def test_a_hold_opened_by_hand_holds_what_is_not_held_already(run_module, api_mock, tmp_path):
    store = HoldStore(str(tmp_path))
    older = open_hold(ACME, [125], PAUSE, "alice on bastion", datetime(2026, 12, 6, tzinfo=timezone.utc))
    store.add(older)
    params = dict(CONNECTION, campaign_ids="125 126", hold_dir=str(tmp_path), reason="list refresh", hold_expires="8h")
    run = run_module(main, dict(params, run={"user": "bob", "host": "bastion"}))
    assert not run.failed, run.result.get("msg")
    assert run.result["changed"] is True
    assert sent(api_mock) == [], "a hold sends nothing to the platform"
    by_id = {hold["id"]: hold for hold in run.result["holds"]}
    assert by_id[older.id]["campaigns"] == [125]
    [new] = [hold for hold in by_id.values() if hold["id"] != older.id]
    assert (new["campaigns"], new["source"], new["opened_by"], new["reason"]) == (
        [126],
        "given",
        "bob on bastion",
        "list refresh",
    )
    assert new["expires_at"] is not None
    assert run.result["lines"][2].startswith("campaign 125: held since 2026-12-06T00:00:00Z by alice on bastion")


def test_lift_by_campaign_or_by_hold_and_never_another_tenants(run_module, tmp_path):
    store = HoldStore(str(tmp_path))
    when = datetime(2026, 12, 6, tzinfo=timezone.utc)
    mine = open_hold(ACME, [125, 126], PAUSE, "alice", when)
    theirs = open_hold(Tenant(BASE_URL, "globex"), [125], PAUSE, "carol", when)
    store.add(mine)
    store.add(theirs)
    check = run_module(
        main, dict(CONNECTION, campaign_ids=125, state="absent", hold_dir=str(tmp_path)), check_mode=True
    )
    assert check.result["lines"][1] == "Check mode: would lift the holds of 125"
    assert {h.id: h.unlifted for h in store.read()[0]} == {mine.id: (125, 126), theirs.id: (125,)}
    run = run_module(main, dict(CONNECTION, campaign_ids=125, state="absent", hold_dir=str(tmp_path)))
    assert not run.failed and run.result["changed"] is True
    assert {h.id: h.unlifted for h in store.read()[0]} == {mine.id: (126,), theirs.id: (125,)}
    whole = run_module(main, dict(CONNECTION, hold_id=mine.id, state="absent", hold_dir=str(tmp_path)))
    assert not whole.failed and whole.result["holds"] == []
    again = run_module(main, dict(CONNECTION, hold_id=mine.id, state="absent", hold_dir=str(tmp_path)))
    assert again.result["changed"] is False
    unknown = run_module(main, dict(CONNECTION, hold_id=theirs.id, state="absent", hold_dir=str(tmp_path)))
    assert unknown.failed and unknown.result["msg"].startswith(f"no hold {theirs.id} of the tenant acme at")


def test_lifting_one_hold_by_id_leaves_another_hold_of_the_same_campaign_holding_it(run_module, tmp_path):
    store = HoldStore(str(tmp_path))
    carrier = open_hold(ACME, [125, 126], PAUSE, "alice", datetime(2026, 12, 6, tzinfo=timezone.utc), "carrier")
    refresh = open_hold(ACME, [125], GIVEN, "carol", datetime(2026, 12, 6, 1, tzinfo=timezone.utc), "list refresh")
    store.add(carrier)
    store.add(refresh)
    params = dict(CONNECTION, hold_id=carrier.id, state="absent", hold_dir=str(tmp_path))
    check = run_module(main, params, check_mode=True)
    assert check.result["lines"] == [
        f"Check mode: would lift the hold {carrier.id} of 125, 126",
        f"campaign 125: {carrier.why()}",
        f"campaign 126: {carrier.why()}",
    ]
    run = run_module(main, params)
    assert not run.failed and run.result["changed"] is True
    assert run.result["lines"][0] == f"Hold {carrier.id} lifted for 125, 126: automation may start them again"
    assert {h.id: h.unlifted for h in store.read()[0]} == {carrier.id: (), refresh.id: (125,)}
    assert [hold["id"] for hold in run.result["holds"]] == [refresh.id]
    assert run.result["lines"][1].startswith("campaign 125: held since 2026-12-06T01:00:00Z by carol")
