# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The bench's harness: the simulator in a process of its own and the check that it keeps up, the runner of
ansible-playbook commands and what it learns from each run, and the order the runs go in.

What is measured is in scenarios.py, the targets in targets.py, the Markdown in report.py.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import pathlib
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import typing as t
from dataclasses import dataclass, field
from urllib.parse import urlsplit

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python"
COLLECTIONS = ROOT / ".build" / "collections"
# The callback plugin that times each task (callback.py), enabled as bench_timer.
CALLBACK = pathlib.Path(__file__).resolve().with_name("callback.py")
SNAPSHOTS = "paused-*.json"  # what a pause run saves in its current directory

TENANT = {"username": "load", "data_token": "load-data-token", "action_token": "load-action-token"}
MEASURED = "measured"  # the name of the task that is timed in each playbook

# The simulator must not be what is measured: its own time per request must stay far below the latency, and a
# kept-alive GET must take the latency and little more (a Nagle/delayed-ACK stall adds about 40 ms).
MAX_SERVICE_PER_REQUEST = 0.002
MAX_KEEPALIVE_EXTRA = 0.010
WARMUP_REQUESTS = 300
PROBE_REQUESTS = 800
PROBE_CLIENTS = 8

# The interpreter the module runs under when its peak memory is measured: it starts the real Python as its only
# child and waits for it with wait4(), which answers that one process's resource usage: its peak resident set
# (ru_maxrss, KiB on Linux) and CPU time. ansible-core's AnsiballZ wrapper runs the module inside the interpreter it
# was started with (no further process), so this is the module process itself, not ansible-playbook, its workers or
# the simulator. -I -S and no imports beyond os, sys and time keep its own start-up short; the bench measures what it
# adds (module_wrapper_overhead) and reports it.
_RSS_WRAPPER = """#!{python} -IS
import os, sys, time
started = time.time()
pid = os.fork()
if pid == 0:
    os.execv({python!r}, [{python!r}] + sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
ended = time.time()
with open({output!r}, "a") as output:
    output.write("%d %.6f %.6f %.6f %.6f\\n" % (usage.ru_maxrss, usage.ru_utime, usage.ru_stime, started, ended))
sys.exit(os.waitstatus_to_exitcode(status))
"""


class BenchError(Exception):
    """The bench cannot go on (the simulator does not start or is too slow); the message says why."""


class MeasurementError(Exception):
    """One measurement went wrong (the playbook failed, or did not do what was expected)."""


# --- the simulator ----------------------------------------------------------------------------------------------


class SimulatorProcess:
    """``python -m simulator`` in a process of its own, so that its threads never compete with the bench's."""

    def __init__(self, work: pathlib.Path, latency: float, campaigns: int) -> None:
        self.work = work
        self.admin_token = secrets.token_urlsafe(16)
        data = work / "simulator-data.json"
        data.write_text(json.dumps({"tenants": [{**TENANT, "latency": latency, "campaigns": []}]}), encoding="utf-8")
        self._stdout = work / "simulator.out"
        command = [
            str(PYTHON),
            "-m",
            "simulator",
            "--data",
            str(data),
            "--generate",
            str(campaigns),
            "--quiet",
            # One argument: a token that starts with "-" (token_urlsafe's alphabet has it) would be read as an option.
            f"--admin-token={self.admin_token}",
            "--host",
            "127.0.0.1",
        ]
        with open(self._stdout, "wb") as stdout, open(work / "simulator.err", "wb") as stderr:
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=stderr)  # pylint: disable=consider-using-with
        self.base_url = self._wait_for_url()
        parts = urlsplit(self.base_url)
        self.host, self.port = str(parts.hostname), int(parts.port or 80)
        sys.path.insert(0, str(ROOT))
        from simulator.client import SimulatorClient  # pylint: disable=import-outside-toplevel  # from the checkout
        from simulator.lifecycle import state_of  # pylint: disable=import-outside-toplevel

        self.control = SimulatorClient(self.base_url, self.admin_token)
        self._state_of = state_of

    def states(self, count: int) -> dict[str, int]:
        """How many of the campaigns 1..count are in each state, as they are stored now (through the control API)."""
        found: dict[str, int] = {}
        for campaign_id in range(1, count + 1):
            state = self._state_of(self.control.campaign(TENANT["username"], campaign_id)["status"])
            found[state] = found.get(state, 0) + 1
        return found

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            lines = self._stdout.read_text(encoding="utf-8").splitlines()
            if lines and lines[0].startswith("http"):
                return lines[0].strip()
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        error = (self.work / "simulator.err").read_text(encoding="utf-8", errors="replace").strip()
        raise BenchError(f"the simulator did not start: {error or 'no URL on its first line within 60 seconds'}")

    def cpu_seconds(self) -> float:
        """User and system CPU time the simulator process has used so far."""
        stat = pathlib.Path(f"/proc/{self.process.pid}/stat").read_text(encoding="ascii")
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _authorization(token_name: str) -> str:
    raw = f"{TENANT['username']}:{TENANT[token_name]}".encode("ascii")
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _timed_gets(host: str, port: int, campaign_ids: t.Iterable[int]) -> list[float]:
    """GET each campaign on one kept-alive connection; the seconds each took."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Authorization": _authorization("data_token"), "Accept": "application/json"}
    times = []
    try:
        for campaign_id in campaign_ids:
            started = time.perf_counter()
            connection.request("GET", f"/api/stats/campaigns/{campaign_id}.json", headers=headers)
            answer = connection.getresponse()
            answer.read()
            times.append(time.perf_counter() - started)
            if answer.status != 200:
                raise BenchError(f"the simulator answered HTTP {answer.status} to a GET of campaign {campaign_id}")
    finally:
        connection.close()
    return times


def _concurrent_gets(sim: SimulatorProcess, count: int, clients: int) -> float:
    """``count`` GETs from ``clients`` threads with a kept-alive connection each; the seconds they took."""
    errors: list[BaseException] = []

    def client(index: int) -> None:
        try:
            _timed_gets(sim.host, sim.port, range(1 + index, count + 1, clients))
        except BaseException as error:  # pylint: disable=broad-exception-caught  # reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise BenchError(f"the simulator check failed: {errors[0]}")
    return time.perf_counter() - started


@dataclass
class SimulatorCheck:
    keepalive_median: float
    service_per_request: float
    per_request_observed: float


def check_simulator(sim: SimulatorProcess, latency: float) -> SimulatorCheck:
    """Make sure the simulator is not the bottleneck, or raise BenchError saying why it is."""
    sim.control.reset()
    keepalive = _timed_gets(sim.host, sim.port, [1] * 21)[1:]  # the first one opens the connection
    keepalive_median = statistics.median(keepalive)
    _concurrent_gets(sim, WARMUP_REQUESTS, PROBE_CLIENTS)
    before = sim.control.counters()
    elapsed = _concurrent_gets(sim, PROBE_REQUESTS, PROBE_CLIENTS)
    after = sim.control.counters()
    requests = after["requests"] - before["requests"]
    if requests != PROBE_REQUESTS:
        raise BenchError(f"the simulator counted {requests:g} requests instead of {PROBE_REQUESTS}")
    check = SimulatorCheck(
        keepalive_median,
        (after["service_seconds"] - before["service_seconds"]) / requests,
        elapsed * PROBE_CLIENTS / requests,
    )
    if check.service_per_request >= MAX_SERVICE_PER_REQUEST:
        raise BenchError(
            f"the simulator spends {check.service_per_request * 1000:.2f} ms of its own on each request (limit "
            f"{MAX_SERVICE_PER_REQUEST * 1000:g} ms, latency {latency * 1000:g} ms): it would be the bottleneck. "
            "Run the bench on a quieter machine, or look at simulator/server.py and store.py."
        )
    if keepalive_median > latency + MAX_KEEPALIVE_EXTRA:
        raise BenchError(
            f"a GET on a kept-alive connection takes {keepalive_median * 1000:.1f} ms for a latency of "
            f"{latency * 1000:g} ms (limit: {MAX_KEEPALIVE_EXTRA * 1000:g} ms more): an answer waits for something, "
            "such as Nagle's algorithm and a delayed ACK (about 40 ms). Check that the simulator sets TCP_NODELAY "
            "and sends each answer in one write."
        )
    return check


# --- ansible-playbook runs --------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float  # ansible-playbook, from start to exit
    task: float  # the measured task, from its start to its result
    requests: int  # API requests the simulator counted, those it refused under a rate limit included
    service: float  # the simulator's own seconds on them
    simulator_cpu: float  # CPU seconds of the simulator process
    playbook_cpu: float  # CPU seconds of ansible-playbook and everything it started, the module included
    module_cpu: float | None = None
    module_peak: int | None = None  # bytes
    module_wall: float | None = None  # the module process, from start to exit
    before_module: float | None = None  # from the task's start to the module's (templating, worker, AnsiballZ)
    after_module: float | None = None  # from the module's exit to the task's result (reading the result)
    before_tasks: float | None = None  # from ansible-playbook's start to its first task's (its start-up)
    other_tasks: float | None = None  # from the first task's start to the last result, but the timed task
    after_tasks: float | None = None  # from the last result to ansible-playbook's exit
    rate_limited: int = 0  # of the requests, those answered 429 by the tenant's rate limit

    @property
    def answered(self) -> int:
        """The requests that passed the rate limit (all of them when there is none)."""
        return self.requests - self.rate_limited


@dataclass
class Measurement:
    key: str
    label: str
    tasks: list[dict[str, t.Any]]
    runs: int
    size: int = 0  # campaigns the row is about
    items: int = 0  # campaigns the playbook handles (fewer for a loop timed on a sample)
    concurrency: int = 1  # for the lower bound
    changes: int = 0  # campaigns the task must change
    bulk: bool = False
    in_table: bool = True  # False: only in the table of where the time goes
    reports_changes: bool = True  # uri says changed: false after a POST; only the simulator can tell
    # A playbook of the collection, run by name (instead of one of ``tasks``), in a directory of its own, with these
    # extra variables; ``module`` is the action of the task timed in it.
    playbook: str | None = None
    extra_vars: dict[str, t.Any] = field(default_factory=dict)
    module: str | None = None
    saves_snapshot: bool = False  # the run must leave one pause snapshot, of ``items`` running campaigns
    resumes: str | None = None  # the key of the row whose run it undoes: right after it, from its snapshot, no reset
    requests_expected: int | None = None  # the API requests each run must send, when known exactly
    end_state: str | None = None  # the state campaigns 1..items must all be in after each run
    needs: tuple[str, ...] = ()  # the rows it cannot do without (for --only): its targets', the run it undoes
    rate_limit: float | None = None  # requests a second the tenant may make during each run (None: no limit)
    results: list[Run] = field(default_factory=list)
    error: str | None = None

    @property
    def kind(self) -> str:
        """What a failed warm-up can leave out: "runbook", "bulk", or "" for what is always measured."""
        return "runbook" if self.playbook else "bulk" if self.bulk else ""

    @property
    def wrapped(self) -> bool:
        """Whether its module runs under the memory wrapper (and it is in the table of where the time goes)."""
        return self.bulk or self.playbook is not None or not self.in_table

    @property
    def scale(self) -> float:
        return self.size / self.items if self.items else 1.0

    def median(self, name: str) -> float | None:
        values = [getattr(run, name) for run in self.results if getattr(run, name) is not None]
        return statistics.median(values) if values else None

    @property
    def task(self) -> float | None:
        """The median task time, scaled up for a loop timed on a sample."""
        value = self.median("task")
        return None if value is None else value * self.scale

    @property
    def wall(self) -> float | None:
        """The median ansible-playbook time; for a sample, as if the whole loop had run."""
        wall, task = self.median("wall"), self.median("task")
        return None if wall is None or task is None else wall + task * (self.scale - 1)

    @property
    def requests(self) -> float | None:
        value = self.median("requests")
        return None if value is None else value * self.scale

    def lower_bound(self, latency: float) -> float | None:
        requests = self.requests
        return None if requests is None else requests * latency / self.concurrency


class Runner:
    """Runs playbooks of one timed task, or the collection's runbook playbooks, against the simulator, and learns what
    each cost."""

    def __init__(self, work: pathlib.Path, sim: SimulatorProcess) -> None:
        self.work = work
        self.sim = sim
        self.timer_log = work / "timer.jsonl"
        callbacks = work / "callback_plugins"
        callbacks.mkdir()
        shutil.copy(CALLBACK, callbacks / "bench_timer.py")
        config = work / "ansible.cfg"
        config.write_text("[defaults]\n", encoding="utf-8")  # the defaults, whatever ~/.ansible.cfg says
        self.rss_log = work / "module-rss.txt"
        self.rss_interpreter = work / "python-rss"
        self.rss_interpreter.write_text(
            _RSS_WRAPPER.format(python=str(PYTHON), output=str(self.rss_log)), encoding="utf-8"
        )
        self.rss_interpreter.chmod(0o755)
        self.env = {
            name: value for name, value in os.environ.items() if not name.startswith(("ANSIBLE_", "EIGHTBYEIGHT_CC_"))
        }
        self.env.update(
            ANSIBLE_CONFIG=str(config),
            ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS),
            ANSIBLE_PYTHON_INTERPRETER=str(PYTHON),
            ANSIBLE_CALLBACK_PLUGINS=str(callbacks),
            ANSIBLE_CALLBACKS_ENABLED="bench_timer",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_LOCAL_TEMP=str(work / "ansible-local"),
            ANSIBLE_REMOTE_TEMP=str(work / "ansible-remote"),
            BENCH_TIMER_LOG=str(self.timer_log),
            EIGHTBYEIGHT_CC_API_URL=sim.base_url,
            EIGHTBYEIGHT_CC_USERNAME=TENANT["username"],
            EIGHTBYEIGHT_CC_DATA_TOKEN=TENANT["data_token"],
            EIGHTBYEIGHT_CC_ACTION_TOKEN=TENANT["action_token"],
        )
        self._count = 0
        self.snapshot: pathlib.Path | None = None  # the one the last run saved, for the run that resumes from it

    def wrapper_overhead(self, times: int = 7) -> float:
        """Seconds the memory-measuring interpreter adds to a module's start (median of interleaved runs)."""
        wrapped: list[float] = []
        plain: list[float] = []
        for _round in range(times):
            for command, into in (
                ([str(self.rss_interpreter), "-c", "pass"], wrapped),
                ([str(PYTHON), "-c", "pass"], plain),
            ):
                started = time.perf_counter()
                subprocess.run(command, env=self.env, check=True, timeout=60)
                into.append(time.perf_counter() - started)
        self.rss_log.unlink(missing_ok=True)
        return statistics.median(wrapped) - statistics.median(plain)

    def run(self, measurement: Measurement, memory: bool = False) -> Run:
        """One run of the measurement's playbook, on freshly reset data; for one that resumes, on the data the run
        just before it left, from the snapshot that run saved."""
        self._count += 1
        snapshot, self.snapshot = self.snapshot, None  # only the very next run may resume from it
        directory = self.work
        if measurement.playbook is None:
            playbook = self.work / f"{measurement.key}.yml"
            if not playbook.exists():
                play = {
                    "name": measurement.label,
                    "hosts": "localhost",
                    "connection": "local",
                    "gather_facts": False,
                    "tasks": measurement.tasks,
                }
                playbook.write_text(json.dumps([play]), encoding="utf-8")  # JSON is YAML, and quick to load
            command = [str(BIN / "ansible-playbook"), str(playbook)]
        else:
            # By name, as a user runs it; a pause saves its snapshot in the current directory: one of its own, in
            # the bench's temporary directory, where the resume that follows runs too.
            command = [
                str(BIN / "ansible-playbook"),
                measurement.playbook,
                "--extra-vars",
                json.dumps(measurement.extra_vars),
            ]
            if measurement.resumes:
                if snapshot is None:
                    raise MeasurementError(
                        f"no snapshot to resume from: the run just before was not one of {measurement.resumes}"
                    )
                command += ["--extra-vars", f"@{snapshot}"]
                directory = snapshot.parent
            else:
                directory = self.work / f"run-{self._count}"
                directory.mkdir()
        if memory:
            command += ["--extra-vars", json.dumps({"ansible_python_interpreter": str(self.rss_interpreter)})]
        self.timer_log.unlink(missing_ok=True)
        self.rss_log.unlink(missing_ok=True)
        # A resume counts its requests from the simulator's counters before and after it, without a reset, which
        # would bring back the campaigns the pause before it paused.
        before = self.sim.control.counters() if measurement.resumes else None
        if before is None:
            self.sim.control.reset()
        if measurement.rate_limit is not None:
            # Set for each run, a resume's too: setting it fills the bucket, as the time between a pause and its
            # resume would.
            self.sim.control.set_tenant(TENANT["username"], rate_limit=measurement.rate_limit)
        output = self.work / f"{measurement.key}.out"
        simulator_cpu = self.sim.cpu_seconds()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the simulator is not waited for, so not in it
        process_start = time.time()  # the callback's clock, for the time before the first task and after the last
        started = time.perf_counter()
        with open(output, "wb") as stdout:
            done = subprocess.run(
                command, env=self.env, cwd=directory, stdout=stdout, stderr=subprocess.STDOUT, timeout=1200, check=False
            )
        wall = time.perf_counter() - started
        process_end = time.time()
        if measurement.rate_limit is not None:
            self.sim.control.set_tenant(TENANT["username"], rate_limit=None)  # the next run may not be limited
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        simulator_cpu = self.sim.cpu_seconds() - simulator_cpu
        counters = self.sim.control.counters()
        if before is not None:
            counters = {name: value - before.get(name, 0) for name, value in counters.items()}
        events = (
            [json.loads(line) for line in self.timer_log.read_text(encoding="utf-8").splitlines()]
            if self.timer_log.exists()
            else []
        )
        (task_start, task_end), result = self._timed_task(measurement, events, output, done.returncode)
        self._check(measurement, result, counters)
        if measurement.end_state is not None:
            states = self.sim.states(measurement.items)
            if states != {measurement.end_state: measurement.items}:
                raise MeasurementError(
                    f"campaigns 1 to {measurement.items} should all be {measurement.end_state} after "
                    f"the run, and are: {', '.join(f'{count} {state}' for state, count in states.items())}"
                )
        if measurement.saves_snapshot:
            self.snapshot = self._snapshot(measurement, directory)
        run = Run(
            wall,
            task_end - task_start,
            int(counters["requests"]),
            float(counters["service_seconds"]),
            simulator_cpu,
            (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime),
            rate_limited=int(counters.get("rate_limited", 0)),
        )
        first_start = min(event["time"] for event in events if event["event"] == "start")
        last_end = max(event["time"] for event in events if event["event"] != "start")
        run.before_tasks, run.after_tasks = first_start - process_start, process_end - last_end
        run.other_tasks = (last_end - first_start) - run.task
        if memory:
            lines = self.rss_log.read_text(encoding="utf-8").splitlines() if self.rss_log.exists() else []
            if len(lines) != 1:
                raise MeasurementError(f"expected the memory of one module process, got {len(lines)} lines")
            peak, user, system, module_start, module_end = (float(value) for value in lines[0].split())
            run.module_peak = int(peak) * 1024
            run.module_cpu = user + system
            run.module_wall = module_end - module_start
            run.before_module, run.after_module = module_start - task_start, task_end - module_end
        return run

    @staticmethod
    def _timed_task(
        measurement: Measurement, events: list[dict[str, t.Any]], output: pathlib.Path, returncode: int
    ) -> tuple[tuple[float, float], dict[str, t.Any]]:
        """(start, result) of the timed task: the one named MEASURED, or in a playbook of the collection the one
        that runs the measurement's module; and its result."""

        def timed(event: dict[str, t.Any]) -> bool:
            return event.get("action") == measurement.module if measurement.playbook else event["task"] == MEASURED

        starts = [event for event in events if event["event"] == "start" and timed(event)]
        ends = [event for event in events if event["event"] in ("ok", "failed") and timed(event)]
        if returncode != 0 or not starts or not ends or ends[-1]["event"] != "ok":
            message = ends[-1].get("msg") if ends else None
            tail = " ".join(output.read_text(encoding="utf-8", errors="replace").split()[-60:])
            raise MeasurementError(f"ansible-playbook exited {returncode}: {message or tail}")
        return (starts[0]["time"], ends[-1]["time"]), ends[-1]

    @staticmethod
    def _check(measurement: Measurement, result: dict[str, t.Any], counters: dict[str, float]) -> None:
        """A run that did not do what it should measures nothing."""
        if measurement.reports_changes and result["changed"] != bool(measurement.changes):
            raise MeasurementError(
                f"the task reported changed={result['changed']}, expected {bool(measurement.changes)}"
            )
        if counters["applied"] != measurement.changes:
            raise MeasurementError(
                f"the simulator applied {counters['applied']:g} changes, expected {measurement.changes}"
            )
        # Under a rate limit the requests refused with 429 are sent again: they are counted apart.
        answered = counters["requests"] - counters.get("rate_limited", 0)
        if measurement.requests_expected is not None and answered != measurement.requests_expected:
            raise MeasurementError(
                f"the simulator counted {answered:g} requests (besides {counters.get('rate_limited', 0):g} refused "
                f"by the rate limit), expected {measurement.requests_expected}"
            )
        if (measurement.bulk or measurement.playbook) and result["campaigns"] != measurement.items:
            raise MeasurementError(f"the result lists {result['campaigns']} campaigns, expected {measurement.items}")

    @staticmethod
    def _snapshot(measurement: Measurement, directory: pathlib.Path) -> pathlib.Path:
        """The one snapshot the run saved, which must show all its campaigns running."""
        saved = sorted(directory.glob(SNAPSHOTS))
        if len(saved) != 1:
            raise MeasurementError(f"expected one snapshot ({SNAPSHOTS}) in the run's directory, found {len(saved)}")
        try:
            hosts = json.loads(saved[0].read_text(encoding="utf-8"))["pause_snapshots"]
            running = sum(campaign["state"] == "running" for taken in hosts.values() for campaign in taken["campaigns"])
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise MeasurementError(f"the snapshot {saved[0].name} is not what a pause saves: {error!r}") from None
        if running != measurement.items:
            raise MeasurementError(f"the snapshot shows {running} campaigns running, expected {measurement.items}")
        return saved[0]


# --- the order of the runs --------------------------------------------------------------------------------------


def schedule(rows: list[Measurement]) -> list[list[Measurement]]:
    """The runs in rounds: each measurement's runs spread evenly over the rounds, the order reversed every other
    round, so that a slow spell of the machine hits them all alike and the two one-campaign tasks run side by side.
    A run that resumes comes right after the pause it undoes, in every round."""
    count = max(row.runs for row in rows)
    rounds: list[list[Measurement]] = [[] for _round in range(count)]
    for row in rows:
        picks = (
            [(count - 1) // 2] if row.runs == 1 else [round(i * (count - 1) / (row.runs - 1)) for i in range(row.runs)]
        )
        for pick in picks:
            rounds[pick].append(row)
    for number, members in enumerate(rounds):
        if number % 2:
            members.reverse()
        for row in [row for row in members if row.resumes]:
            members.remove(row)
            leader = next((index for index, other in enumerate(members) if other.key == row.resumes), len(members) - 1)
            members.insert(leader + 1, row)
    return rounds


def measure_all(runner: Runner, rows: list[Measurement], left_out: dict[str, str]) -> None:
    """Run every measurement its number of times (see schedule); one that fails is not run again, nor is the resume
    of a pause that failed."""
    for row in rows:
        if row.kind in left_out:
            row.error = left_out[row.kind]
    runnable = [row for row in rows if row.error is None]
    by_key = {row.key: row for row in rows}
    total = sum(row.runs for row in runnable)
    done = 0
    for members in schedule(runnable):
        for row in members:
            if row.resumes and by_key[row.resumes].error is not None and row.error is None:
                row.error = f"nothing to resume: {by_key[row.resumes].label} failed"
            if row.error is not None:
                continue
            done += 1
            try:
                run = runner.run(row, memory=row.wrapped)
            except (MeasurementError, subprocess.TimeoutExpired) as error:
                row.error = str(error)
                progress(f"[{done}/{total}] {row.label}: FAILED: {error}")
                continue
            row.results.append(run)
            refused = f" and {run.rate_limited} answered 429" if row.rate_limit is not None else ""
            progress(
                f"[{done}/{total}] {row.label}: task {run.task:.2f} s, playbook {run.wall:.2f} s, "
                f"{run.answered} requests{refused}"
            )


def progress(line: str) -> None:
    """A line of progress, on stderr: the report alone goes to stdout."""
    print(line, file=sys.stderr, flush=True)
