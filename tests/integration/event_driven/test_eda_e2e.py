# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rulebook enforce_desired_state, run by the real ansible-rulebook (with its event source and its playbook) against
the simulator: a campaign resumed by hand is paused again, once, and a campaign left alone is never written; a
campaign the platform answers HTTP 500 for, every time, listed first, does not keep the source from the others."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import contextlib
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time
import typing as t
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import yaml
from e2e import DEMO, SECRETS, descendants, writes

from simulator import Simulator, SimulatorClient

# Timed: the rulebook must act within so many poll intervals (make integration runs these as they would run alone).
pytestmark = pytest.mark.timed

RULEBOOK = "eightbyeight.contact_center.enforce_desired_state"
INTERVAL = 3  # seconds between two polls: three of them leave room for a slow ansible-playbook start
RESUMED, LEFT_ALONE = 108, 109  # both Paused in the demo data, and desired paused
FAILING = 103  # Manual Running in the demo data, desired paused: were it ever read, the rulebook would pause it
READY = "Waiting for events"  # what ansible-rulebook -v logs once its rules engine takes events
STARTUP_TIMEOUT = 120  # seconds for ansible-rulebook to start (a JVM, the rules engine) and make its first poll
STOP_TIMEOUT = 20  # seconds for ansible-rulebook to end once told to, before it is killed


def java_home() -> str:
    """JAVA_HOME as set, or the installation of the java on PATH (ansible-rulebook's rules engine runs in a JVM)."""
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    if java is None:
        pytest.fail("ansible-rulebook needs Java 17: no java on PATH and no JAVA_HOME")
    return str(pathlib.Path(os.path.realpath(java)).parents[1])  # .../bin/java


def ansible_rulebook() -> pathlib.Path:
    """The ansible-rulebook of this environment."""
    executable = pathlib.Path(sys.executable).parent / "ansible-rulebook"
    if not executable.exists():
        pytest.fail(f"{executable} is missing: install requirements-dev.txt (make venv)")
    return executable


def rulebook_environment(collections_path: pathlib.Path, sim: Simulator) -> dict[str, str]:
    """ansible-rulebook's environment: this one, without its EIGHTBYEIGHT_CC_* variables, with the collection and the
    demo tenant's connection."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("EIGHTBYEIGHT_CC_")}
    environment.update(
        # ansible-rulebook finds ansible-galaxy and ansible-playbook on PATH, and runs the playbook with this Python.
        PATH=f"{ansible_rulebook().parent}{os.pathsep}{environment.get('PATH', '')}",
        JAVA_HOME=java_home(),
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_LOCALHOST_WARNING="0",
        # The connection, for the event source and the playbook alike, as an EDA credential would inject it.
        EIGHTBYEIGHT_CC_API_URL=sim.base_url,
        EIGHTBYEIGHT_CC_USERNAME=DEMO["username"],
        EIGHTBYEIGHT_CC_DATA_TOKEN=DEMO["data_token"],
        EIGHTBYEIGHT_CC_ACTION_TOKEN=DEMO["action_token"],
    )
    return environment


class Rulebook:
    """ansible-rulebook running in a process group of its own, its output in a file."""

    def __init__(self, command: list[str], cwd: pathlib.Path, env: dict[str, str], output: pathlib.Path) -> None:
        self.output_path = output
        with output.open("wb") as stream:
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with  # stopped by stop()
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=stream,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def output(self) -> str:
        return self.output_path.read_text(encoding="utf-8", errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Stop ansible-rulebook and every process below it, and return once they are all gone. The playbooks it
        runs through ansible-runner have sessions of their own, out of reach of a signal to its group: left running,
        one would write to the simulator during the next test. So the tree is frozen first (SIGSTOP: a frozen process
        starts nothing), found whole, and only then terminated; SIGKILL for what is left after a while."""
        family = [self.process.pid]
        while True:
            for pid in family:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGSTOP)
            found = {child for pid in family for child in descendants(pid)} - set(family)
            if not found:
                break
            family += sorted(found)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in family:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
                    os.kill(pid, signal.SIGCONT)
            deadline = time.monotonic() + STOP_TIMEOUT
            while time.monotonic() < deadline and any(_alive(pid, self.process) for pid in family):
                time.sleep(0.1)
        self.process.wait(timeout=STOP_TIMEOUT)


def _alive(pid: int, leader: subprocess.Popen[bytes]) -> bool:
    if pid == leader.pid:
        return leader.poll() is None
    try:
        # A zombie has no command line: it is over, only its parent has not read its status yet.
        return bool(pathlib.Path(f"/proc/{pid}/cmdline").read_bytes())
    except OSError:
        return False


def wait_for(condition: t.Callable[[], bool], timeout: float, rulebook: Rulebook, what: str) -> float:
    """Seconds until ``condition`` holds; fails, with the rulebook's output, after ``timeout`` or if it ends."""
    start = time.monotonic()
    while not condition():
        if not rulebook.running():
            pytest.fail(
                f"ansible-rulebook ended (exit {rulebook.process.returncode}) before {what}:\n{rulebook.output}"
            )
        if time.monotonic() - start > timeout:
            pytest.fail(f"no {what} within {timeout} seconds; ansible-rulebook's output:\n{rulebook.output}")
        time.sleep(0.1)
    return time.monotonic() - start


@pytest.fixture
def rulebook(
    collections_path: pathlib.Path, tmp_path: pathlib.Path, sim: Simulator
) -> t.Iterator[t.Callable[..., Rulebook]]:
    """Start the collection's rulebook by its name, as a user would, from the collection's root; stop it afterwards."""
    started: list[Rulebook] = []
    executable = ansible_rulebook()

    def start(desired: dict[t.Any, t.Any], **options: t.Any) -> Rulebook:
        """``desired``: {ID: state}, or a whole desired-state document; ``options``: more rulebook variables."""
        pairs = [{"id": i, "state": s} for i, s in desired.items()]
        document = desired if "campaigns" in desired else {"campaigns": pairs}
        write_desired_state(tmp_path / "desired-state.yml", document)
        variables = tmp_path / "vars.yml"
        settings = {"desired_state": str(tmp_path / "desired-state.yml"), "interval": INTERVAL, **options}
        variables.write_text(yaml.safe_dump(settings), encoding="utf-8")
        inventory = tmp_path / "inventory"
        inventory.write_text("localhost ansible_connection=local\n", encoding="utf-8")
        environment = rulebook_environment(collections_path, sim)
        command = [str(executable), "-v", "-r", RULEBOOK, "-i", str(inventory), "--vars", str(variables)]
        # From a directory of its own: the rulebook and its playbook are found by their names, in the collection.
        started.append(Rulebook(command, tmp_path, environment, tmp_path / "ansible-rulebook.out"))
        return started[-1]

    yield start
    for each in started:
        each.stop()


def write_desired_state(path: pathlib.Path, document: dict[str, t.Any] | str) -> None:
    """Write the file whole, as an editor that saves by renaming does: the source never reads half of it."""
    partial = path.with_suffix(".partial")
    partial.write_text(document if isinstance(document, str) else yaml.safe_dump(document), encoding="utf-8")
    os.replace(partial, path)


def status(control: SimulatorClient, campaign: int) -> int:
    return control.campaign("demo", campaign)["status"]


def polled(control: SimulatorClient, since: int, *campaigns: int, status_code: int = 200) -> bool:
    """Whether every one of ``campaigns`` was read, and answered ``status_code``, since the simulator's log had
    ``since`` entries."""
    log = control.log()[since:]
    read = {entry["campaign"] for entry in log if entry["method"] == "GET" and entry["status_code"] == status_code}
    return read.issuperset(campaigns)


def test_a_campaign_resumed_by_hand_is_paused_again_once_and_no_other_is_written(rulebook, control):
    assert status(control, RESUMED) == 8 and status(control, LEFT_ALONE) == 9, (
        "the demo data: Manual and Schedule Paused"
    )
    running = rulebook({RESUMED: "paused", LEFT_ALONE: "paused"})
    # Ready: the rules engine waits for events (it starts after the sources, and holds up their first polls), and a
    # poll of both campaigns came after that. The change below comes right after a poll: the longest wait for the next.
    wait_for(lambda: READY in running.output, STARTUP_TIMEOUT, running, "the rules engine waiting for events")
    since = len(control.log())
    wait_for(lambda: polled(control, since, RESUMED, LEFT_ALONE), 10 * INTERVAL, running, "a poll of both campaigns")

    control.set_campaign("demo", RESUMED, status=3)  # a supervisor resumes it: Manual Running
    took = wait_for(lambda: status(control, RESUMED) == 8, 20 * INTERVAL, running, f"PAUSED for campaign {RESUMED}")
    assert took <= 3 * INTERVAL, f"paused again after {took:.1f} seconds, more than three poll intervals of {INTERVAL}"

    # The source's next poll sees it paused, as desired: that is reported, and nothing more is sent.
    wait_for(
        lambda: "to paused (status 8, Manual Paused); desired paused" in running.output,
        10 * INTERVAL,
        running,
        "report of the campaign back in its desired state",
    )
    time.sleep(INTERVAL)
    running.stop()
    output = running.output

    assert writes(control) == [(RESUMED, "PAUSED")], "exactly one PAUSED, for the resumed campaign, and nothing else"
    assert status(control, LEFT_ALONE) == 9
    assert f"campaign {RESUMED} (Abandoned cart recovery): sent PAUSED" in output
    assert "states now: 1 paused" in output
    for secret in SECRETS:
        assert secret not in output


def test_a_campaign_answering_500_every_time_listed_first_does_not_hide_the_others(rulebook, control):
    assert status(control, FAILING) == 3 and status(control, RESUMED) == 8, "the demo data: Manual Running and Paused"
    # The platform answers 500 for this campaign's every read, as the vendor's OpenAPI shows for a stopped campaign.
    control.add_fault(kind="500", method="GET", campaign=FAILING, tenant="demo", count=-1)
    running = rulebook({FAILING: "paused", RESUMED: "paused"})  # the failing campaign first: a poll's first read
    wait_for(lambda: READY in running.output, STARTUP_TIMEOUT, running, "the rules engine waiting for events")
    since = len(control.log())
    wait_for(
        lambda: polled(control, since, RESUMED) and polled(control, since, FAILING, status_code=500),
        10 * INTERVAL,
        running,
        f"a poll of campaign {RESUMED} beside campaign {FAILING}",
    )

    control.set_campaign("demo", RESUMED, status=3)  # a supervisor resumes it: Manual Running
    took = wait_for(lambda: status(control, RESUMED) == 8, 20 * INTERVAL, running, f"PAUSED for campaign {RESUMED}")
    assert took <= 3 * INTERVAL, f"paused again after {took:.1f} seconds, more than three poll intervals of {INTERVAL}"
    wait_for(
        lambda: "to paused (status 8, Manual Paused); desired paused" in running.output,
        10 * INTERVAL,
        running,
        "report of the campaign back in its desired state",
    )
    time.sleep(INTERVAL)
    running.stop()
    output, log = running.output, control.log()

    assert writes(control) == [(RESUMED, "PAUSED")], f"nothing sent for campaign {FAILING}, which never answered"
    assert status(control, FAILING) == 3
    failing_reads = [entry["status_code"] for entry in log if entry["method"] == "GET" and entry["campaign"] == FAILING]
    resumed_reads = [entry for entry in log if entry["method"] == "GET" and entry["campaign"] == RESUMED]
    assert set(failing_reads) == {500} and len(failing_reads) >= 4, "asked at every poll, never answered"
    # Every poll read both: none ended at its first read (the enforce playbook reads campaign RESUMED at least twice
    # more, before and after its PAUSED, which covers a last poll stopped between its first read and the others).
    assert len(resumed_reads) >= len(failing_reads)
    read_failed = f"campaign {FAILING}: GET {control.base_url}/api/stats/campaigns/{FAILING}.json answered HTTP 500"
    assert output.count(read_failed) == 1, "reported once, by its read_failed event"
    assert "reading the campaigns failed" not in output and "polls in a row failed" not in output, "no failed poll"
    for secret in SECRETS:
        assert secret not in output


# One run of the rulebook for the desired state of version 2: a campaign of each mode, calling hours that end
# during the run, an enforcement the platform refuses for a while, an edit of the file, and the heartbeat.
POLICY_INTERVAL = 3  # seconds between two polls
WINDOW, REFUSED, GUARDED, OBSERVED, EDITED = 103, 108, 101, 104, 109
ZONE = "Asia/Kolkata"  # any zone: the window's edges are its wall clock, computed here to the second
CLOSE_AHEAD = 30  # seconds from the test's start to the end of the calling hours: the rulebook is ready well before


def calling_hours(close: float) -> dict[str, t.Any]:
    """A calling-hours window, for campaign WINDOW only, open for three hours up to ``close`` (a time.time())."""
    end = datetime.fromtimestamp(close, ZoneInfo(ZONE))
    start = end - timedelta(hours=3)
    return {
        "name": "Kolkata calling hours",
        "kind": "calling_hours",
        "time_zone": ZONE,
        "start": start.strftime("%H:%M:%S"),
        "end": end.strftime("%H:%M:%S"),
        "campaigns": [WINDOW],
    }


def policy_document(close: float, edited: str = "paused") -> dict[str, t.Any]:
    return {
        "version": 2,
        "windows": [calling_hours(close)],
        "campaigns": [
            {"id": WINDOW, "state": "running"},  # Manual Running: as desired until its calling hours end
            {"id": REFUSED, "state": "paused"},  # Manual Paused: resumed by hand later, its pause refused for a while
            {"id": GUARDED, "state": "running", "mode": "guard"},  # Manual Started: paused by hand later
            {"id": OBSERVED, "state": "paused", "mode": "observe"},  # Schedule Running: drifted from the start
            {"id": EDITED, "state": edited},  # Schedule Paused: desired purged by an edit of the file
        ],
    }


def printed(rulebook: Rulebook, text: str) -> t.Callable[[], bool]:
    return lambda: text in rulebook.output


def test_the_rulebook_keeps_each_campaign_as_its_mode_and_the_time_say(rulebook, control, tmp_path):
    """(a) calling hours that end pause the running campaign within two intervals; (b) a pause the platform refuses
    (HTTP 429 with a Retry-After longer than the client waits) lands once allowed, after re-emission and a stuck
    event, with exactly one accepted write; (c) a guard campaign paused by hand stays paused; (d) an observe campaign
    is never written; (e) a heartbeat; (f) an edit of the desired-state file, a broken one first."""
    assert [status(control, c) for c in (WINDOW, REFUSED, GUARDED, OBSERVED, EDITED)] == [3, 8, 1, 4, 9], "demo data"
    names = {c: control.campaign("demo", c)["campaign-name"] for c in (REFUSED, OBSERVED)}
    close = float(int(time.time()) + CLOSE_AHEAD)
    running = rulebook(policy_document(close), interval=POLICY_INTERVAL, heartbeat=5, stuck_after=2, reemit_max=4)
    path = tmp_path / "desired-state.yml"
    wait_for(printed(running, READY), STARTUP_TIMEOUT, running, "the rules engine waiting for events")
    if time.time() > close - 3 * POLICY_INTERVAL:
        pytest.fail(f"ansible-rulebook took more than {CLOSE_AHEAD} seconds to start: the window closed meanwhile")

    # (d) drifted from the start, and reported; (e) the heartbeat.
    observed = f"campaign {OBSERVED} ({names[OBSERVED]}) is running"
    wait_for(printed(running, observed), 5 * POLICY_INTERVAL, running, "the observe campaign's drift reported")
    wait_for(printed(running, "heartbeat: watching 5 campaigns: "), 20, running, "a heartbeat")
    # (c) a supervisor pauses the guard campaign: drifted (desired running), and automation may not start it.
    control.set_campaign("demo", GUARDED, status=8)
    wait_for(
        printed(running, "automation may not: mode guard"),
        5 * POLICY_INTERVAL,
        running,
        "the guard campaign's drift reported",
    )
    # (f) a broken edit is reported, and the desired state in force stays.
    write_desired_state(path, policy_document(close, edited="purge"))
    wait_for(
        printed(running, "desired_state_invalid: the desired-state file "),
        5 * POLICY_INTERVAL,
        running,
        "the broken edit reported",
    )

    # (a) the calling hours end: the campaign is paused within two intervals, though nothing else changed.
    assert status(control, WINDOW) == 3, "still running inside its calling hours"
    while time.time() < close:
        time.sleep(0.05)
    took = wait_for(
        lambda: status(control, WINDOW) == 8, 10 * POLICY_INTERVAL, running, f"PAUSED for campaign {WINDOW}"
    )
    assert took <= 2 * POLICY_INTERVAL, f"paused {took:.1f} seconds after its calling hours ended"

    # (f) a good edit takes effect: the campaign is purged.
    write_desired_state(path, policy_document(close, edited="purged"))
    # (b) the platform refuses every write to this campaign for longer than the client waits; it is resumed by hand.
    control.add_fault(kind="429", method="POST", campaign=REFUSED, tenant="demo", count=-1, retry_after=300)
    control.set_campaign("demo", REFUSED, status=3)
    wait_for(
        printed(running, f"STUCK: campaign {REFUSED} ({names[REFUSED]}) is stuck"),
        15 * POLICY_INTERVAL,
        running,
        "the refused campaign reported stuck",
    )
    wait_for(lambda: status(control, EDITED) == 10, 10 * POLICY_INTERVAL, running, f"PURGED for campaign {EDITED}")
    control.clear_faults()
    wait_for(lambda: status(control, REFUSED) == 8, 10 * POLICY_INTERVAL, running, f"PAUSED for campaign {REFUSED}")
    time.sleep(POLICY_INTERVAL)
    running.stop()
    output, log = running.output, control.log()

    accepted = writes(control, applied_only=True)
    refused = [
        e for e in log if e["campaign"] == REFUSED and e["method"] in ("POST", "PATCH") and e["status_code"] == 429
    ]
    assert [w for w in accepted if w[0] == REFUSED] == [(REFUSED, "PAUSED")], "exactly one accepted write"
    assert len(refused) >= 2, "refused, then tried again on the drift's next events"
    assert sorted(accepted) == sorted([(WINDOW, "PAUSED"), (EDITED, "PURGED"), (REFUSED, "PAUSED")])
    assert not [w for w in writes(control) if w[0] in (GUARDED, OBSERVED)], "guard never started, observe never written"
    assert status(control, GUARDED) == 8 and status(control, OBSERVED) == 4
    assert output.count(observed) == 1, "its events come again, and the rulebook logs the drift once (throttle)"
    assert "Cannot compare values" not in output, "every field a condition compares has one type in every event"
    assert re.search(
        r"heartbeat: watching 5 campaigns: \d drifted, \d of them stuck, 0 unreadable; last good poll 20", output
    ), "a heartbeat's counts and last good poll"
    assert (
        f"desired_state_invalid: the desired-state file {path} has 1 problem(s): campaigns[4] (id {EDITED}) needs "
        "a state, one of running, paused, purged, stopped; got 'purge'"
    ) in output
    for secret in SECRETS:
        assert secret not in output
