# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""campaign_pause: stop the dialing now, after a snapshot; three requests per running campaign, none for the others."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.eightbyeight.contact_center.plugins.modules.campaign_pause import main
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    CONNECTION,
    SECRETS,
    add_read,
    add_write,
    read_url,
    sent,
    write_url,
)


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def running(api_mock, *ids):
    """Each campaign reads running, accepts PAUSED, then reads paused."""
    for campaign_id in ids:
        add_read(api_mock, 3, campaign_id=campaign_id)
        add_write(api_mock, campaign_id)
        add_read(api_mock, 8, campaign_id=campaign_id)


def snapshot_files(directory):
    return sorted(directory.glob("paused-*.json"))


def test_when_every_campaign_is_running_each_is_paused_with_three_requests(run_module, api_mock, here):
    running(api_mock, 1, 2, 3)
    run = run_module(main, dict(CONNECTION, campaign_ids="1 2 3"))
    assert not run.failed, run.result.get("msg")
    assert run.result["changed"] is True
    assert run.result["summary"] == {"paused": 3, "idle": 0, "by_hand": 0, "unread": 0, "failed": 0}
    calls = sent(api_mock)
    for campaign_id in (1, 2, 3):
        mine = [(method, body) for method, url, body in calls if url in (read_url(campaign_id), write_url(campaign_id))]
        assert mine == [("GET", None), ("POST", {"status": "PAUSED"}), ("GET", None)]
    [saved] = snapshot_files(here)
    assert run.result["snapshot_file"] == str(saved)
    content = json.loads(saved.read_text(encoding="utf-8"))
    assert content == {"pause_snapshots": {"localhost": run.result["snapshot"]}}
    taken = run.result["snapshot"]
    assert taken["tenant"] == {"api_url": "https://vcc-na12.8x8.com", "username": "acme"}
    assert [(c["id"], c["state"]) for c in taken["campaigns"]] == [(1, "running"), (2, "running"), (3, "running")]
    assert run.result["lines"][-1] == (
        f"Snapshot saved in {saved}; to resume: ansible-playbook eightbyeight.contact_center.resume -e @{saved}"
    )


def test_the_snapshot_is_saved_before_any_change(run_module, api_mock, here):
    def refuse_unless_saved(request):
        assert snapshot_files(here), "a pause was sent before the snapshot was saved"
        return 200, {}, "{}"

    add_read(api_mock, 3, campaign_id=1)
    api_mock.add_callback(responses.POST, write_url(1), callback=refuse_unless_saved)
    add_read(api_mock, 8, campaign_id=1)
    assert not run_module(main, dict(CONNECTION, campaign_ids=[1])).failed


def test_when_nothing_is_running_nothing_is_sent_or_saved_and_the_snapshot_that_can_restore_is_named(
    run_module, api_mock, here
):
    running(api_mock, 1, 2)
    first = run_module(main, dict(CONNECTION, campaign_ids="1,2"))
    add_read(api_mock, 8, campaign_id=1)
    add_read(api_mock, 10, campaign_id=2)
    second = run_module(main, dict(CONNECTION, campaign_ids="1,2"))
    assert not second.failed and second.result["changed"] is False
    assert [m for m, _u, _b in sent(api_mock)].count("POST") == 2, "only the first pause wrote"
    assert len(snapshot_files(here)) == 1, "the second pause saved no snapshot"
    assert "snapshot" not in second.result
    saved = first.result["snapshot_file"]
    assert second.result["lines"][-1] == (
        "Nothing was dialing among the 2 campaigns read: nothing to pause, and no snapshot was saved; the newest "
        f"snapshot of this tenant that would resume them is {saved}; to resume: "
        f"ansible-playbook eightbyeight.contact_center.resume -e @{saved}"
    )


def test_a_campaign_that_may_still_be_dialing_fails_the_task_after_the_others_are_paused(run_module, api_mock, here):
    running(api_mock, 1)
    add_read(api_mock, 3, campaign_id=2, enabled="N")
    api_mock.add(responses.GET, read_url(3), status=404)
    add_read(api_mock, 8, campaign_id=4)
    run = run_module(main, dict(CONNECTION, campaign_ids=[1, 2, 3, 4]))
    assert run.failed
    assert [b["status"] for m, u, b in sent(api_mock) if m == "POST"] == ["PAUSED"]
    assert run.result["msg"].startswith(
        "STILL DIALING: campaign 2 (Spring renewals) is running, and the API cannot pause it (it must become paused, "
        "but the campaign is not enabled: enable it in Configuration Manager): pause it by hand in Configuration Manager; "
        "MAY STILL BE DIALING: campaign 3: not found (HTTP 404"
    )
    assert [(e["id"], e["action"]) for e in run.result["campaigns"]] == [
        (1, "paused"),
        (2, "by_hand"),
        (3, "unread"),
        (4, "idle"),
    ]
    assert run.result["snapshot"]["failures"][0]["id"] == 3
    assert snapshot_files(here)


def test_check_mode_sends_nothing_saves_nothing_and_says_so(run_module, api_mock, here):
    add_read(api_mock, 3, campaign_id=1)
    add_read(api_mock, 8, campaign_id=2)
    run = run_module(main, dict(CONNECTION, campaign_ids="1 2"), check_mode=True)
    assert not run.failed
    assert [m for m, _u, _b in sent(api_mock)] == ["GET", "GET"]
    assert snapshot_files(here) == [] and "snapshot" not in run.result
    assert run.result["changed"] is True, "as the real run would report"
    assert run.result["lines"][0] == "1 campaign would pause, 1 idle (new, paused, purged or stopped)"
    assert run.result["lines"][2].endswith(": would pause (PAUSED)")
    assert run.result["lines"][-1].startswith(
        "Check mode: nothing was paused, no snapshot saved and no hold opened; a real run would"
    )
    assert "hold" not in run.result and not list(here.glob("hold-*.json"))


def test_the_hosts_desired_state_is_paused_when_no_campaign_is_given(run_module, api_mock, here):
    running(api_mock, 7)
    run = run_module(main, dict(CONNECTION, desired_state=[{"id": "7", "state": "running"}], host="acme"))
    assert not run.failed
    assert run.result["lines"][1] == "Campaigns: the 1 campaign of this host's desired state"
    assert [p.name for p in snapshot_files(here)][0].startswith("paused-acme-")


def test_a_snapshot_dest_file_gets_the_host_in_its_name(run_module, api_mock, here):
    running(api_mock, 1)
    run = run_module(main, dict(CONNECTION, campaign_ids=1, snapshot_dest=str(here / "night.json"), host="acme"))
    assert run.result["snapshot_file"] == str(here / "night-acme.json")
    assert json.loads((here / "night-acme.json").read_text(encoding="utf-8"))["pause_snapshots"]["acme"]


def test_a_snapshot_that_cannot_be_saved_never_stops_the_pause(run_module, api_mock, here):
    running(api_mock, 1)
    run = run_module(main, dict(CONNECTION, campaign_ids=1, snapshot_dest=str(here / "missing-dir" / "s.json")))
    assert not run.failed and run.result["changed"] is True
    assert run.result["snapshot_file"] is None and run.result["snapshot"]["campaigns"]
    assert any("could not save the snapshot" in w and "it is in this task's result" in w for w in run.warnings)


@pytest.mark.parametrize(
    "ids, message",
    [
        ("125 12a", "campaign_ids: item 2 ('12a') is not a campaign ID (a positive whole number); nothing was sent"),
        ("", "campaign_ids names no campaign"),
        (None, "no campaign given: give campaign_ids"),
    ],
)
def test_bad_ids_fail_before_any_request(run_module, api_mock, here, ids, message):
    run = run_module(main, dict(CONNECTION, campaign_ids=ids))
    assert run.failed and run.result["msg"].startswith(message)
    assert sent(api_mock) == []


def test_a_refused_credential_pauses_nothing_and_says_so(run_module, api_mock, here):
    api_mock.add(responses.GET, read_url(1), status=401, json={"message": "Unauthorized"})
    run = run_module(main, dict(CONNECTION, campaign_ids="1 2"))
    assert run.failed
    assert run.result["msg"].endswith(
        "check username and data_token (reads use the Data Request Token); nothing was paused"
    )
    assert snapshot_files(here) == []
    assert not any(secret in run.output for secret in SECRETS)


def test_the_desired_state_file_is_read_only_when_no_campaign_is_given(run_module, api_mock, here):
    broken = here / "broken.yml"
    broken.write_text("campaigns: [\n", encoding="utf-8")
    running(api_mock, 1)
    named = run_module(main, dict(CONNECTION, campaign_ids=1, desired_state_file=str(broken)))
    assert not named.failed, "a broken desired-state file never stops a pause of the campaigns named"
    assert named.result["lines"][1] == "Campaigns: the 1 campaign given; this host's desired state is not used"
    fleet = run_module(main, dict(CONNECTION, desired_state_file=str(broken)))
    assert fleet.failed and fleet.result["msg"].startswith(f"the desired-state file {broken} is not valid YAML")
    good = here / "good.yml"
    good.write_text("campaigns:\n  - {id: '2', state: running}\n", encoding="utf-8")
    running(api_mock, 2)
    assert run_module(main, dict(CONNECTION, desired_state_file=str(good))).result["summary"]["paused"] == 1


# The hold a pause opens, its journal, and the earlier snapshots it names


def test_a_pause_opens_a_hold_on_what_it_paused_before_any_change(run_module, api_mock, here):
    def refuse_unless_held(request):
        assert list(here.glob("hold-*.json")), "a pause was sent before the hold was opened"
        return 200, {}, "{}"

    add_read(api_mock, 3, campaign_id=1)
    api_mock.add_callback(responses.POST, write_url(1), callback=refuse_unless_held)
    add_read(api_mock, 8, campaign_id=1)
    add_read(api_mock, 8, campaign_id=2)
    params = dict(CONNECTION, campaign_ids=[1, 2], reason="carrier outage", ticket="INC-7", hold_expires="8h")
    run = run_module(main, dict(params, run={"awx_job_id": 42, "awx_user_name": "bob", "user": "alice", "host": "b"}))
    assert not run.failed, run.result.get("msg")
    [held] = here.glob("hold-*.json")
    hold = json.loads(held.read_text(encoding="utf-8"))
    assert hold == run.result["hold"]
    assert hold["campaigns"] == [1], "only what this pause paused"
    assert (hold["source"], hold["reason"], hold["ticket"]) == ("pause", "carrier outage", "INC-7")
    assert hold["opened_by"] == "alice on b (AWX job 42 by bob)"
    assert hold["snapshot"] == run.result["snapshot_file"] and hold["expires_at"] is not None
    assert hold["tenant"] == {"api_url": "https://vcc-na12.8x8.com", "username": "acme"}
    assert any(
        line.startswith(f"Hold {hold['id']} opened on 1 campaign: no automation") for line in run.result["lines"]
    )
    for secret in SECRETS:
        assert secret not in held.read_text(encoding="utf-8")


def test_the_hold_and_the_snapshots_go_to_the_hold_directory(run_module, api_mock, here, monkeypatch):
    monkeypatch.setenv("EIGHTBYEIGHT_CC_HOLD_DIR", str(here / "runbook"))
    running(api_mock, 1)
    run = run_module(main, dict(CONNECTION, campaign_ids=[1]))
    assert not run.failed, run.result.get("msg")
    assert run.result["snapshot_file"].startswith(str(here / "runbook" / "paused-localhost-"))
    assert len(list((here / "runbook").glob("hold-*.json"))) == 1


def test_every_write_of_a_pause_is_in_the_journal_with_its_reason(run_module, api_mock, here):
    running(api_mock, 1, 2)
    journal = here / "journal.jsonl"
    run = run_module(main, dict(CONNECTION, campaign_ids=[1, 2], journal=str(journal), reason="outage", ticket="T-1"))
    assert not run.failed, run.result.get("msg")
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert sorted((e["campaign_id"], e["sent"], e["outcome"]) for e in entries) == [
        (1, "PAUSED", "accepted"),
        (2, "PAUSED", "accepted"),
    ]
    assert {(e["sent_by"], e["reason"], e["ticket"]) for e in entries} == {
        ("eightbyeight.contact_center.campaign_pause", "runbook pause: outage", "T-1")
    }
    for secret in SECRETS:
        assert secret not in journal.read_text(encoding="utf-8")


def test_a_second_pause_after_one_cut_short_names_both_snapshots(run_module, api_mock, here):
    # The first pause saved its snapshot (1 and 2 running), paused 1 and died before 2.
    earlier = here / "paused-localhost-20261206T193312Z-abc123.json"
    taken = {
        "tenant": {"api_url": "https://vcc-na12.8x8.com", "username": "acme"},
        "host": "localhost",
        "taken_at": "2026-12-06T19:33:12Z",
        "campaigns": [{"id": 1, "name": "a", "state": "running"}, {"id": 2, "name": "b", "state": "running"}],
        "failures": [],
    }
    earlier.write_text(json.dumps({"pause_snapshots": {"localhost": taken}}), encoding="utf-8")
    add_read(api_mock, 8, campaign_id=1)
    running(api_mock, 2)
    run = run_module(main, dict(CONNECTION, campaign_ids=[1, 2]))
    assert not run.failed, run.result.get("msg")
    saved = run.result["snapshot_file"]
    assert saved != str(earlier)
    assert run.result["lines"][-2] == (
        f"The earlier snapshot {earlier} shows running 1 campaign that are still paused (1): resume from both snapshots"
    )
    assert run.result["lines"][-1].endswith(f"resume -e snapshot={saved},{earlier}")
