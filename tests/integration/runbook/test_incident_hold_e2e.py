# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An incident as on-call engineers live it, with real ansible-playbook on the simulator: the pause's hold against a
scheduled apply, two pauses at the same instant, a pause killed halfway, the journal of every write, and calling hours
that pause whatever is dialing after hours. make integration-older runs this file with the older ansible-cores too."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import signal
import subprocess
import time
import typing as t
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
import yaml
from e2e import ANSIBLE_BIN, SECRETS, PlaybookRun, descendants, run_playbook, writes
from fleet import demo_env, results_of

APPLY = "eightbyeight.contact_center.apply"
PAUSE = "eightbyeight.contact_center.pause"
RESUME = "eightbyeight.contact_center.resume"
LIFT = "eightbyeight.contact_center.lift"
REPORT = "eightbyeight.contact_center.report"


@pytest.fixture
def run(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim) -> t.Callable[..., PlaybookRun]:
    def run_(playbook: str, *options: str, env: dict[str, str] | None = None) -> PlaybookRun:
        return run_playbook(
            collections_path, tmp_path, playbook, *options, env={**demo_env(sim.base_url), **(env or {})}
        )

    return run_


def lines(run: PlaybookRun, task: str) -> list[str]:
    [result] = results_of(run, task)
    return result["msg"]


def snapshots(directory: pathlib.Path) -> list[pathlib.Path]:
    return sorted(directory.glob("paused-*.json"))


def holds(directory: pathlib.Path) -> list[dict[str, t.Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("hold-*.json"))]


def desired(tmp_path: pathlib.Path, campaigns: list[dict[str, t.Any]], **extra: t.Any) -> pathlib.Path:
    path = tmp_path / "desired.yml"
    path.write_text(yaml.safe_dump({"campaigns": campaigns, **extra}), encoding="utf-8")
    return path


def test_a_scheduled_apply_during_an_open_hold_starts_nothing_and_says_why_and_applies_again_after_resume(
    run, control, tmp_path
):
    state = desired(tmp_path, [{"id": 101, "state": "running"}, {"id": 103, "state": "running"}])
    pause = run(PAUSE, "-e", "campaign_ids=101,103", "-e", '{"reason": "carrier outage", "ticket": "INC-7"}')
    assert pause.returncode == 0, pause.output
    [hold] = holds(tmp_path)
    assert (hold["campaigns"], hold["reason"], hold["ticket"]) == ([101, 103], "carrier outage", "INC-7")
    said = lines(pause, "Say what became of each campaign")
    assert said[0] == "2 campaigns paused, 0 idle (new, paused, purged or stopped); none of them is dialing now"
    assert any(line.startswith(f"Hold {hold['id']} opened on 2 campaigns") for line in said)
    paused = len(writes(control))

    # What a cron job or an AWX schedule runs, a real run: nothing is started, and the summary says who holds them
    apply = run(APPLY, "-e", f"desired_state_file={state}")
    assert apply.returncode == 0, apply.output
    assert len(writes(control)) == paused, "a held campaign is never started"
    summary = lines(apply, "Summary")
    assert summary[0] == "2 campaigns: 0 unchanged, 0 changed, 2 held back, 0 failed"
    for campaign in (101, 103):
        [line] = [line for line in summary if line.startswith(f"campaign {campaign} (")]
        assert f"not sent (RUNNING): held since {hold['opened_at']} by " in line
        assert f"(runbook pause: carrier outage; ticket INC-7; hold {hold['id']})" in line
    # The drift gate reports them without failing on them
    gate = run(
        APPLY, "-e", f"desired_state_file={state}", "--check", "-e", "fail_on_drift=true", "-e", "plan_file=plan"
    )
    assert gate.returncode == 0, gate.output
    rows = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))["campaigns"]
    assert [(row["id"], row["hold"]) for row in rows] == [(101, hold["id"]), (103, hold["id"])]

    resume = run(RESUME, "-e", f"@{snapshots(tmp_path)[0]}")
    assert resume.returncode == 0, resume.output
    assert sorted(writes(control)[paused:]) == [(101, "RUNNING"), (103, "RUNNING")]
    assert lines(resume, "Say what became of each campaign")[-1].startswith(f"Hold {hold['id']} lifted for 101, 103")
    # After the resume, the desired state is applied as before: a campaign paused by hand is started again
    control.set_campaign("demo", 103, campaign_status=8)
    again = run(APPLY, "-e", f"desired_state_file={state}")
    assert again.returncode == 0, again.output
    assert writes(control)[-1] == (103, "RUNNING")


def test_lift_lets_automation_start_again_what_it_names_and_nothing_else(run, control, tmp_path):
    state = desired(tmp_path, [{"id": 101, "state": "running"}, {"id": 103, "state": "running"}])
    assert run(PAUSE, "-e", "campaign_ids=101,103").returncode == 0
    count = len(writes(control))
    lift = run(LIFT, "-e", "campaign_ids=101", "-e", '{"reason": "carrier back"}')
    assert lift.returncode == 0, lift.output
    assert len(writes(control)) == count, "a lift starts nothing"
    apply = run(APPLY, "-e", f"desired_state_file={state}")
    assert apply.returncode == 0, apply.output
    assert writes(control)[count:] == [(101, "RUNNING")], "103 is held still"


def test_two_pauses_at_the_same_instant_keep_two_snapshots_and_resuming_both_restores_what_was_running(
    run, control, tmp_path
):
    control.set_tenant("demo", latency=0.3)  # each request takes a while: the two runs overlap
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda ids: run(PAUSE, "-e", f"campaign_ids={ids}"), ["101,103", "104,103"])
    assert first.returncode == 0, first.output
    assert second.returncode == 0, second.output
    taken = snapshots(tmp_path)
    assert len(taken) == 2, "neither replaced the other"
    shown = set()
    for path in taken:
        [snapshot] = json.loads(path.read_text(encoding="utf-8"))["pause_snapshots"].values()
        shown |= {c["id"] for c in snapshot["campaigns"] if c["state"] == "running"}
    assert shown == {101, 103, 104}
    control.set_tenant("demo", latency=None)
    resume = run(RESUME, "-e", "snapshot=" + ",".join(map(str, taken)))
    assert resume.returncode == 0, resume.output
    assert {c: control.campaign("demo", c)["status"] for c in (101, 103, 104)} == {101: 3, 103: 3, 104: 3}


def test_a_pause_killed_halfway_then_a_second_pause_names_both_snapshots_and_resuming_both_restores_all(
    collections_path, run, control, sim, tmp_path
):
    ids = [101, 103, 104]
    control.set_tenant("demo", latency=0.4)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("EIGHTBYEIGHT_CC_")}
    environment.update(demo_env(sim.base_url), ANSIBLE_COLLECTIONS_PATH=str(collections_path))
    environment.update(ANSIBLE_PYTHON_INTERPRETER=str(ANSIBLE_BIN / "python"))
    command = [
        str(ANSIBLE_BIN / "ansible-playbook"),
        PAUSE,
        "-e",
        "campaign_ids=101,103,104",
        "-e",
        "desired_state_concurrency=1",
    ]
    killed = subprocess.Popen(command, cwd=tmp_path, env=environment, start_new_session=True)
    deadline = time.monotonic() + 60
    while not writes(control, applied_only=True) and time.monotonic() < deadline:
        time.sleep(0.05)
    # A machine that dies: no clean-up at all. Ansible's workers (and so the module) leave the process group, so
    # every descendant is killed by its ID.
    family = descendants(killed.pid)
    os.killpg(killed.pid, signal.SIGKILL)
    for pid in family:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    killed.wait(30)
    time.sleep(1)  # a write already on its way lands all the same
    control.set_tenant("demo", latency=None)
    [earlier] = snapshots(tmp_path)
    still = [c for c in ids if control.campaign("demo", c)["status"] == 8]
    assert still and len(still) < len(ids), "killed halfway"
    second = run(PAUSE, "-e", "campaign_ids=101,103,104")
    assert second.returncode == 0, second.output
    said = lines(second, "Say what became of each campaign")
    assert any(line.startswith(f"The earlier snapshot {earlier} shows running") for line in said), said
    [latest] = [path for path in snapshots(tmp_path) if path != earlier]
    assert said[-1].endswith(f"resume -e snapshot={latest},{earlier}")
    resume = run(RESUME, "-e", f"snapshot={latest},{earlier}")
    assert resume.returncode == 0, resume.output
    assert {c: control.campaign("demo", c)["status"] for c in ids} == dict.fromkeys(ids, 3)


def test_the_journal_has_one_whole_line_per_write_of_pauses_appending_at_once_and_the_report_says_who(
    run, control, tmp_path
):
    journal = tmp_path / "journal.jsonl"
    env = {"EIGHTBYEIGHT_CC_JOURNAL": str(journal)}
    with ThreadPoolExecutor(2) as pool:
        done = list(
            pool.map(
                lambda ids: run(PAUSE, "-e", f"campaign_ids={ids}", "-e", '{"reason": "carrier outage"}', env=env),
                ["101,103", "104"],
            )
        )
    assert all(one.returncode == 0 for one in done), [one.output for one in done]
    text = journal.read_text(encoding="utf-8")
    entries = [json.loads(line) for line in text.splitlines()]
    assert sorted((e["campaign_id"], e["sent"], e["outcome"]) for e in entries) == [
        (101, "PAUSED", "accepted"),
        (103, "PAUSED", "accepted"),
        (104, "PAUSED", "accepted"),
    ]
    assert {e["run"]["playbook"] for e in entries} == {"Stop the dialing now"}
    for secret in SECRETS:
        assert secret not in text
    report = run(REPORT, "-e", "campaign_ids=103", env=env)
    assert report.returncode == 0, report.output
    [line] = [line for line in lines(report, "Show the campaigns") if line.startswith("last change:")]
    assert line.startswith("last change: campaign 103 (") and " PAUSED accepted at " in line
    assert line.endswith("reason: runbook pause: carrier outage")


def test_outside_calling_hours_in_a_freeze_whatever_is_dialing_is_paused_with_one_write_each(run, control, tmp_path):
    opens = datetime.now(timezone.utc) + timedelta(hours=12)
    # 101 and 103 are running: one desired paused, one stopped, both found dialing after hours in a freeze
    state = desired(
        tmp_path,
        [{"id": 101, "state": "paused"}, {"id": 103, "state": "stopped"}],
        version=2,
        windows=[
            {
                "name": "Nobody",
                "kind": "calling_hours",
                "time_zone": "UTC",
                # One minute, twelve hours from now: closed whenever the test runs
                "start": opens.strftime("%H:%M"),
                "end": (opens + timedelta(minutes=1)).strftime("%H:%M"),
            },
            {"name": "Year end", "kind": "freeze", "from": "2020-01-01T00:00:00Z", "until": "2099-01-01T00:00:00Z"},
        ],
    )
    apply = run(APPLY, "-e", f"desired_state_file={state}")
    assert apply.returncode == 0, apply.output
    assert sorted(writes(control)) == [(101, "PAUSED"), (103, "PAUSED")], "one write each"
    summary = lines(apply, "Summary")
    for campaign in (101, 103):
        [line] = [line for line in summary if line.startswith(f"campaign {campaign} (")]
        window = f"{opens:%H:%M}-{opens + timedelta(minutes=1):%H:%M} UTC"
        assert line.endswith(f"sent PAUSED (desired state; outside Nobody ({window}))"), line
    # The stop itself waits for the freeze: the next run says so and fails after the plan, sending nothing
    again = run(APPLY, "-e", f"desired_state_file={state}")
    assert again.returncode != 0 and "the freeze Year end lasts until" in again.output, again.output
    assert len(writes(control)) == 2


def test_a_pause_of_500_running_campaigns_journals_exactly_one_whole_line_per_write(collections_path, tmp_path):
    from simulator import Simulator

    journal = tmp_path / "journal.jsonl"
    load = {"username": "load", "data_token": "load-data-token", "action_token": "load-action-token"}
    with Simulator(data={"tenants": [], "generate": 500}) as sim:
        env = {
            "EIGHTBYEIGHT_CC_API_URL": sim.base_url,
            **{f"EIGHTBYEIGHT_CC_{key.upper()}": value for key, value in load.items()},
            "EIGHTBYEIGHT_CC_JOURNAL": str(journal),
        }
        pause = run_playbook(
            collections_path, tmp_path, PAUSE, "-e", "campaign_ids=" + ",".join(map(str, range(1, 501))),
            "-e", "desired_state_concurrency=16", env=env,
        )  # fmt: skip
        assert pause.returncode == 0, pause.output[-2000:]
        applied = writes(sim.client, applied_only=True)
    text = journal.read_text(encoding="utf-8")
    entries = [json.loads(line) for line in text.splitlines()]
    assert len(entries) == len(applied) == 500
    assert sorted(e["campaign_id"] for e in entries) == list(range(1, 501))
    assert {(e["sent"], e["outcome"], e["state_before"]) for e in entries} == {("PAUSED", "accepted", "running")}
    assert not any(secret in text for secret in (*load.values(),) if secret.endswith("token"))
