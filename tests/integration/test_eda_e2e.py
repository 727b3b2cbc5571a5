# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The rulebook enforce_desired_state, run by the real ansible-rulebook (with its event source and its playbook) against
the simulator: a campaign resumed by hand is paused again, once, and a campaign left alone is never written; a
campaign the platform answers HTTP 500 for, every time, listed first, does not keep the source from the others."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time
import typing as t

import pytest
import yaml
from e2e import DEMO, SECRETS, writes
from simulator import Simulator, SimulatorClient

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


class Rulebook:
    """ansible-rulebook running in a process group of its own, its output in a file."""

    def __init__(self, command: list[str], cwd: pathlib.Path, env: dict[str, str], output: pathlib.Path) -> None:
        self.output_path = output
        with output.open("wb") as stream:
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with  # stopped by stop()
                command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=stream, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def output(self) -> str:
        return self.output_path.read_text(encoding="utf-8", errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM to the group (ansible-rulebook and any ansible-playbook it runs), then SIGKILL after a while."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                break
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                continue
        self.process.wait(timeout=STOP_TIMEOUT)


def wait_for(condition: t.Callable[[], bool], timeout: float, rulebook: Rulebook, what: str) -> float:
    """Seconds until ``condition`` holds; fails, with the rulebook's output, after ``timeout`` or if it ends."""
    start = time.monotonic()
    while not condition():
        if not rulebook.running():
            pytest.fail(f"ansible-rulebook ended (exit {rulebook.process.returncode}) before {what}:\n{rulebook.output}")
        if time.monotonic() - start > timeout:
            pytest.fail(f"no {what} within {timeout} seconds; ansible-rulebook's output:\n{rulebook.output}")
        time.sleep(0.1)
    return time.monotonic() - start


@pytest.fixture
def rulebook(collections_path: pathlib.Path, tmp_path: pathlib.Path, sim: Simulator) -> t.Iterator[t.Callable[..., Rulebook]]:
    """Start the collection's rulebook by its name, as a user would, from the collection's root; stop it afterwards."""
    started: list[Rulebook] = []
    executable = pathlib.Path(sys.executable).parent / "ansible-rulebook"
    if not executable.exists():
        pytest.fail(f"{executable} is missing: install requirements-dev.txt (make venv)")

    def start(desired: dict[int, str]) -> Rulebook:
        desired_state = tmp_path / "desired-state.yml"
        desired_state.write_text(yaml.safe_dump({"campaigns": [{"id": i, "state": s} for i, s in desired.items()]}), encoding="utf-8")
        variables = tmp_path / "vars.yml"
        variables.write_text(yaml.safe_dump({"desired_state": str(desired_state), "interval": INTERVAL}), encoding="utf-8")
        inventory = tmp_path / "inventory"
        inventory.write_text("localhost ansible_connection=local\n", encoding="utf-8")
        environment = {k: v for k, v in os.environ.items() if not k.startswith("EIGHTBYEIGHT_CC_")}
        environment.update(
            # ansible-rulebook finds ansible-galaxy and ansible-playbook on PATH, and runs the playbook with this Python.
            PATH=f"{executable.parent}{os.pathsep}{environment.get('PATH', '')}",
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
        command = [str(executable), "-v", "-r", RULEBOOK, "-i", str(inventory), "--vars", str(variables)]
        root = collections_path / "ansible_collections" / "eightbyeight" / "contact_center"
        started.append(Rulebook(command, root, environment, tmp_path / "ansible-rulebook.out"))
        return started[-1]

    yield start
    for each in started:
        each.stop()


def status(control: SimulatorClient, campaign: int) -> int:
    return control.campaign("demo", campaign)["status"]


def polled(control: SimulatorClient, since: int, *campaigns: int, status_code: int = 200) -> bool:
    """Whether every one of ``campaigns`` was read, and answered ``status_code``, since the simulator's log had
    ``since`` entries."""
    log = control.log()[since:]
    read = {entry["campaign"] for entry in log if entry["method"] == "GET" and entry["status_code"] == status_code}
    return read.issuperset(campaigns)


def test_a_campaign_resumed_by_hand_is_paused_again_once_and_no_other_is_written(rulebook, control):
    assert status(control, RESUMED) == 8 and status(control, LEFT_ALONE) == 9, "the demo data: Manual and Schedule Paused"
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
    wait_for(lambda: "to paused (status 8, Manual Paused); desired paused" in running.output, 10 * INTERVAL, running,
             "report of the campaign back in its desired state")
    time.sleep(INTERVAL)
    running.stop()
    output = running.output

    assert writes(control) == [(RESUMED, "PAUSED")], "exactly one PAUSED, for the resumed campaign, and nothing else"
    assert status(control, LEFT_ALONE) == 9
    assert (f"campaign {RESUMED} (Abandoned cart recovery): found running (status 3, Manual Running), desired paused; "
            "sent PAUSED; now paused (status 8, Manual Paused)") in output
    for secret in SECRETS:
        assert secret not in output


def test_a_campaign_answering_500_every_time_listed_first_does_not_hide_the_others(rulebook, control):
    assert status(control, FAILING) == 3 and status(control, RESUMED) == 8, "the demo data: Manual Running and Paused"
    # The platform answers 500 for this campaign's every read, as the vendor's OpenAPI shows for a stopped campaign.
    control.add_fault(kind="500", method="GET", campaign=FAILING, tenant="demo", count=-1)
    running = rulebook({FAILING: "paused", RESUMED: "paused"})  # the failing campaign first: a poll's first read
    wait_for(lambda: READY in running.output, STARTUP_TIMEOUT, running, "the rules engine waiting for events")
    since = len(control.log())
    wait_for(lambda: polled(control, since, RESUMED) and polled(control, since, FAILING, status_code=500),
             10 * INTERVAL, running, f"a poll of campaign {RESUMED} beside campaign {FAILING}")

    control.set_campaign("demo", RESUMED, status=3)  # a supervisor resumes it: Manual Running
    took = wait_for(lambda: status(control, RESUMED) == 8, 20 * INTERVAL, running, f"PAUSED for campaign {RESUMED}")
    assert took <= 3 * INTERVAL, f"paused again after {took:.1f} seconds, more than three poll intervals of {INTERVAL}"
    wait_for(lambda: "to paused (status 8, Manual Paused); desired paused" in running.output, 10 * INTERVAL, running,
             "report of the campaign back in its desired state")
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
