# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A person's stop against the enforcement rulebook, run by the real ansible-rulebook (its event source and its
playbook) against the simulator: a campaign paused by hand is held, and not started for ten poll intervals, then
started once a person lifts the hold or changes its desired state; what calling hours paused is started again when
they open; and a source restarted in the middle of an incident, with its state file or without, starts nothing."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import pathlib
import re
import time
import typing as t
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
import yaml
from e2e import DEMO, SECRETS, writes
from event_driven.test_eda_e2e import (
    READY,
    STARTUP_TIMEOUT,
    Rulebook,
    ansible_rulebook,
    rulebook_environment,
    status,
    wait_for,
    write_desired_state,
)

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HoldStore
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import BY_HAND
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant
from simulator import Simulator, SimulatorClient

# Timed: the rulebook must act, or not, within so many poll intervals (make integration runs these as they would run alone).
pytestmark = pytest.mark.timed

INTERVAL = 3  # seconds between two polls
HELD_FOR = 10  # intervals a held campaign is watched, and not started
#: Manual Running and Schedule Running in the demo data: dialing, as their desired state (running) wants.
FIRST, SECOND = 103, 104
HELD_LINE = "was taken out of dialing, not by the policy"  # the source's log line for a hold it opens


def holds_told(output: str) -> int:
    """How many holds the source opened, each told in its log and reported by the rulebook: its distinct IDs."""
    told = [line for line in output.splitlines() if HELD_LINE in line]
    return len({match for line in told for match in re.findall(r"hold-[0-9]{8}T[0-9]{6}Z-[0-9a-f]+", line)})


RULEBOOK = "eightbyeight.contact_center.enforce_desired_state"  # the collection's, by name: it takes state_file


class Enforcer(t.NamedTuple):
    """How to start the rulebook, from one directory, with one desired state, hold directory and state file."""

    start: t.Callable[..., Rulebook]
    path: pathlib.Path  # the desired-state file
    holds: HoldStore | None


@pytest.fixture
def enforcer(
    collections_path: pathlib.Path, tmp_path: pathlib.Path, sim: Simulator
) -> t.Iterator[t.Callable[..., Enforcer]]:
    """Start the rulebook as test_eda_e2e.py does, with EIGHTBYEIGHT_CC_HOLD_DIR (shared by the event source and the
    playbook it runs) when ``hold_dir``, and a state file when ``state_file``; stop each one started afterwards."""
    started: list[Rulebook] = []
    executable = ansible_rulebook()

    def prepare(document: dict[str, t.Any], hold_dir: bool = False) -> Enforcer:
        path = tmp_path / "desired-state.yml"
        write_desired_state(path, document)
        holds = HoldStore(str(tmp_path / "holds")) if hold_dir else None
        inventory = tmp_path / "inventory"
        inventory.write_text("localhost ansible_connection=local\n", encoding="utf-8")

        def start(state_file: pathlib.Path | None = None, **options: t.Any) -> Rulebook:
            settings = {"desired_state": str(path), "interval": INTERVAL, "heartbeat": INTERVAL, **options}
            if state_file is not None:
                settings["state_file"] = str(state_file)
            variables = tmp_path / "vars.yml"
            variables.write_text(yaml.safe_dump(settings), encoding="utf-8")
            environment = rulebook_environment(collections_path, sim)
            if holds is not None:
                environment["EIGHTBYEIGHT_CC_HOLD_DIR"] = holds.directory
            command = [str(executable), "-v", "-r", RULEBOOK, "-i", str(inventory), "--vars", str(variables)]
            output = tmp_path / f"ansible-rulebook-{len(started)}.out"
            started.append(Rulebook(command, tmp_path, environment, output))
            wait_for(lambda: READY in started[-1].output, STARTUP_TIMEOUT, started[-1], "the rules engine ready")
            return started[-1]

        return Enforcer(start, path, holds)

    yield prepare
    for each in started:
        each.stop()


def running(*ids: int, **extra: t.Any) -> dict[str, t.Any]:
    return {"version": 2, "campaigns": [{"id": campaign, "state": "running"} for campaign in ids], **extra}


def held_in(holds: HoldStore, campaign: int) -> bool:
    """Whether a hold of the directory keeps ``campaign`` from being started now."""
    now = datetime.now(timezone.utc)
    return any(campaign in hold.held(now) for hold in holds.read()[0])


def polls(control: SimulatorClient, since: int, campaign: int) -> int:
    """How many times ``campaign`` was read since the simulator's log had ``since`` entries: the source's polls, while
    nothing else reads it."""
    return sum(1 for entry in control.log()[since:] if entry["method"] == "GET" and entry["campaign"] == campaign)


def watched_for(control: SimulatorClient, rulebook: Rulebook, campaign: int, count: int) -> None:
    """Wait for ``count`` more polls of ``campaign``: time enough for the rulebook to act, were it to."""
    since = len(control.log())
    wait_for(lambda: polls(control, since, campaign) >= count, 3 * count * INTERVAL, rulebook, f"{count} polls")


def starts(control: SimulatorClient) -> list[int]:
    return [campaign for campaign, word in writes(control) if word == "RUNNING"]


def test_a_campaign_paused_by_hand_is_held_then_started_once_lifted_or_its_desired_state_changes(enforcer, control):
    assert [status(control, c) for c in (FIRST, SECOND)] == [3, 4], "the demo data: both dialing"
    setup = enforcer(running(FIRST, SECOND), hold_dir=True)
    holds = t.cast(HoldStore, setup.holds)
    rulebook = setup.start()
    # A supervisor pauses both, in the platform's own screens: neither is started again.
    control.set_campaign("demo", FIRST, status=8)
    control.set_campaign("demo", SECOND, status=8)
    wait_for(
        lambda: held_in(holds, FIRST) and held_in(holds, SECOND), 5 * INTERVAL, rulebook, "both held by the source"
    )
    [hold] = [each for each in holds.read()[0] if FIRST in each.campaigns]
    assert (hold.source, hold.campaigns) == (BY_HAND, (FIRST,))
    watched_for(control, rulebook, FIRST, HELD_FOR)
    assert starts(control) == [] and [status(control, c) for c in (FIRST, SECOND)] == [8, 8]
    assert holds_told(rulebook.output) == 2, "one held event each"
    assert "2 held by 2 holds (" in rulebook.output, "the heartbeat lists them"

    # A person lifts the first's hold, as the lift playbook would: it is started again.
    holds.lift(Tenant(control.base_url, DEMO["username"]), [FIRST], datetime.now(timezone.utc), "alice", "INC-7 over")
    wait_for(lambda: status(control, FIRST) == 3, 10 * INTERVAL, rulebook, f"RUNNING for campaign {FIRST}")
    assert starts(control) == [FIRST]
    # The second's desired state changes (paused, then running again): its hold ends, and it is started.
    write_desired_state(
        setup.path, {"version": 2, "campaigns": [{"id": FIRST, "state": "running"}, {"id": SECOND, "state": "paused"}]}
    )
    wait_for(lambda: not held_in(holds, SECOND), 5 * INTERVAL, rulebook, "the second's hold ended")
    write_desired_state(setup.path, running(FIRST, SECOND))
    wait_for(lambda: status(control, SECOND) == 3, 10 * INTERVAL, rulebook, f"RUNNING for campaign {SECOND}")
    watched_for(control, rulebook, SECOND, 2)  # seen dialing: nothing more is sent
    rulebook.stop()
    assert sorted(starts(control)) == [FIRST, SECOND] and writes(control) == [(FIRST, "RUNNING"), (SECOND, "RUNNING")]
    for secret in SECRETS:
        assert secret not in rulebook.output


def calling_hours(close: float, reopen: float) -> dict[str, t.Any]:
    """Calling hours (in Asia/Kolkata, to the second) that end at ``close`` and begin again at ``reopen`` (times of
    time.time(), less than a day apart): open all day but that gap."""
    zone = ZoneInfo("Asia/Kolkata")
    return {
        "name": "Kolkata calling hours",
        "kind": "calling_hours",
        "time_zone": "Asia/Kolkata",
        "start": datetime.fromtimestamp(reopen, zone).strftime("%H:%M:%S"),
        "end": datetime.fromtimestamp(close, zone).strftime("%H:%M:%S"),
    }


def test_what_calling_hours_paused_is_started_again_when_they_open_and_never_held(enforcer, control):
    assert status(control, FIRST) == 3
    setup = enforcer(running(FIRST), hold_dir=True)
    rulebook = setup.start()
    # Calling hours that close two intervals from now and open again five later, in an edit of the file.
    close = float(int(time.time()) + 2 * INTERVAL)
    reopen = close + 5 * INTERVAL
    write_desired_state(setup.path, running(FIRST, windows=[calling_hours(close, reopen)]))
    wait_for(lambda: status(control, FIRST) == 8, close - time.time() + 10 * INTERVAL, rulebook, "the evening pause")
    assert time.time() >= close, "paused when the hours closed, not before"
    wait_for(lambda: status(control, FIRST) == 3, reopen - time.time() + 10 * INTERVAL, rulebook, "the morning start")
    started = time.time()
    rulebook.stop()
    assert reopen <= started <= reopen + 3 * INTERVAL, "started when the hours opened"
    assert writes(control) == [(FIRST, "PAUSED"), (FIRST, "RUNNING")]
    assert HELD_LINE not in rulebook.output and t.cast(HoldStore, setup.holds).read() == ([], [])


def test_a_source_restarted_mid_incident_starts_nothing_with_its_state_file_or_without(enforcer, control, tmp_path):
    state_file = tmp_path / "enforcer.json"
    setup = enforcer(running(FIRST, SECOND))  # no hold directory: the holds by hand are the source's own
    first = setup.start(state_file)
    control.set_campaign("demo", FIRST, status=8)  # the incident: the first paused by hand

    def remembered_holds() -> list[list[int]]:
        if not state_file.exists():
            return []
        return [hold["campaigns"] for hold in json.loads(state_file.read_text(encoding="utf-8"))["holds"]]

    wait_for(lambda: remembered_holds() == [[FIRST]], 5 * INTERVAL, first, "the first held, in the state file")
    first.stop()
    control.set_campaign("demo", SECOND, status=8)  # ... and the second while the source is down

    # With its state file: the first still held by the same hold, the second found stopped after it was seen dialing.
    again = setup.start(state_file)
    wait_for(lambda: sorted(remembered_holds()) == [[FIRST], [SECOND]], 5 * INTERVAL, again, "both held")
    watched_for(control, again, FIRST, HELD_FOR // 2)
    again.stop()
    assert holds_told(again.output) == 1, "a new hold for the second only"
    # Without it: nothing remembered, both found paused while desired running, both held.
    forgetting = setup.start()
    wait_for(lambda: holds_told(forgetting.output) == 2, 5 * INTERVAL, forgetting, "both held again")
    watched_for(control, forgetting, FIRST, HELD_FOR // 2)
    forgetting.stop()
    assert writes(control) == [], "nothing started, by either"
    assert [status(control, c) for c in (FIRST, SECOND)] == [8, 8]


def test_the_runbooks_pause_is_not_undone_and_its_resume_is_not_fought(enforcer, control, collections_path, tmp_path):
    from e2e import run_playbook
    from fleet import demo_env

    setup = enforcer(running(FIRST, SECOND), hold_dir=True)
    holds = t.cast(HoldStore, setup.holds)
    rulebook = setup.start()
    env = {**demo_env(control.base_url), "EIGHTBYEIGHT_CC_HOLD_DIR": holds.directory}
    pause = run_playbook(
        collections_path, tmp_path, "eightbyeight.contact_center.pause", "-e", f"campaign_ids={FIRST},{SECOND}", env=env
    )
    assert pause.returncode == 0, pause.output
    assert [status(control, c) for c in (FIRST, SECOND)] == [8, 8]
    watched_for(control, rulebook, FIRST, HELD_FOR)
    assert starts(control) == [], "the incident pause stays paused for ten intervals"
    assert [status(control, c) for c in (FIRST, SECOND)] == [8, 8]
    [snapshot] = sorted(pathlib.Path(holds.directory).glob("paused-*.json"))
    resume = run_playbook(
        collections_path, tmp_path, "eightbyeight.contact_center.resume", "-e", f"@{snapshot}", env=env
    )
    assert resume.returncode == 0, resume.output
    watched_for(control, rulebook, FIRST, 4)
    rulebook.stop()
    # The resume's two starts, and nothing the rulebook sent against them
    assert sorted((c, word) for c, word in writes(control) if word != "PAUSED") == [
        (FIRST, "RUNNING"),
        (SECOND, "RUNNING"),
    ]
    assert len(writes(control)) == 4, "two pauses, two starts: nothing else"
    assert [status(control, c) for c in (FIRST, SECOND)] == [3, 3]
    assert not any(held_in(holds, c) for c in (FIRST, SECOND))
