# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The hold directory: holds written whole, read back, lifted and expired by several processes at once."""

from __future__ import annotations

import json
import multiprocessing
import os
from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HoldStore, hold_dir
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import PAUSE, in_force, open_hold
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant

ACME = Tenant("https://vcc.example", "acme")
OTHER = Tenant("https://vcc.example", "globex")
OPENED = datetime(2026, 12, 6, 19, 33, 12, tzinfo=timezone.utc)


def hold(*campaigns, tenant=ACME, **given):
    return open_hold(tenant, campaigns, PAUSE, "alice on bastion", OPENED, **given)


def test_the_directory_is_the_option_then_the_variable_then_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert hold_dir("/runbook/holds", {"EIGHTBYEIGHT_CC_HOLD_DIR": "/elsewhere"}) == "/runbook/holds"
    assert hold_dir(None, {"EIGHTBYEIGHT_CC_HOLD_DIR": "/elsewhere"}) == "/elsewhere"
    assert hold_dir(None, {}) == str(tmp_path)


def test_holds_are_read_back_and_a_broken_file_is_named_not_fatal(tmp_path):
    store = HoldStore(str(tmp_path / "holds"))
    assert store.read() == ([], [])  # a directory not made yet holds no hold
    first, second = hold(125, 126), hold(127, tenant=OTHER)
    path = store.add(first)
    store.add(second)
    assert json.loads(open(path, encoding="utf-8").read())["campaigns"] == [125, 126]
    (tmp_path / "holds" / "hold-broken.json").write_text("{", encoding="utf-8")
    holds, problems = store.read()
    assert sorted(h.id for h in holds) == sorted([first.id, second.id])
    assert len(problems) == 1 and "hold-broken.json" in problems[0]


def test_lifting_changes_only_that_tenants_holds(tmp_path):
    store = HoldStore(str(tmp_path))
    store.add(hold(125, 126))
    store.add(hold(125, tenant=OTHER))
    changed = store.lift(ACME, [125], OPENED, "bob on bastion", "resumed")
    assert [h.held(OPENED) for h in changed] == [(126,)]
    holds = store.read()[0]
    assert sorted(in_force(holds, ACME, OPENED)) == [126]
    assert sorted(in_force(holds, OTHER, OPENED)) == [125]


def test_lifting_by_hold_id_leaves_another_hold_of_the_same_campaigns_holding_them(tmp_path):
    store = HoldStore(str(tmp_path))
    first, second = hold(125, 126, reason="carrier outage"), hold(125, reason="list refresh")
    store.add(first)
    store.add(second)
    changed = store.lift(ACME, [125, 126], OPENED, "bob on bastion", "INC-7 over", hold_id=first.id)
    assert [(h.id, h.unlifted) for h in changed] == [(first.id, ())]
    assert {h.id: h.unlifted for h in store.read()[0]} == {first.id: (), second.id: (125,)}
    assert in_force(store.read()[0], ACME, OPENED)[125].id == second.id, "still held, by the other incident"
    assert store.lift(ACME, [125], OPENED, "bob", "lifted", hold_id="hold-unknown") == []


def test_an_expired_hold_lifts_itself_once(tmp_path):
    store = HoldStore(str(tmp_path))
    store.add(hold(125, expires_at=OPENED + timedelta(hours=1)))
    later = OPENED + timedelta(hours=2)
    assert [h.unlifted for h in store.expire(ACME, later)] == [()]
    assert store.expire(ACME, later) == []
    assert [lift.by for lift in store.read()[0][0].lifted] == ["expiry"]


def test_a_directory_that_cannot_be_made_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(CampaignError, match=f"cannot use the hold directory {blocker}/holds"):
        HoldStore(str(blocker / "holds")).add(hold(125))


def _lift_one(directory: str, campaign: int) -> None:
    HoldStore(directory).lift(ACME, [campaign], OPENED, f"process {os.getpid()}", "lifted")


def test_processes_lifting_at_once_never_lose_each_others_lift(tmp_path):
    store = HoldStore(str(tmp_path))
    campaigns = list(range(1, 25))
    store.add(hold(*campaigns))
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_lift_one, args=(str(tmp_path), campaign)) for campaign in campaigns]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    (only,) = store.read()[0]
    assert sorted(lift.campaign_id for lift in only.lifted) == campaigns
    assert only.held(OPENED) == ()


def test_a_directory_without_holds_is_left_as_it_is(tmp_path):
    store = HoldStore(str(tmp_path / "holds"))
    assert store.expire(ACME, OPENED) == []
    assert store.lift(ACME, [125], OPENED, "bob", "resumed") == []
    assert not (tmp_path / "holds").exists() or not list((tmp_path / "holds").iterdir())
