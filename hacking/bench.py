# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""make bench: how long campaign_status takes against the bundled simulator, next to plain uri tasks, and how long
the runbook's pause and resume playbooks take as whole runs.

Starts the simulator (campaigns 1..N in the tenant ``load``, every request answered after ``--latency``
seconds), checks that the simulator itself keeps up, then runs real ansible-playbook commands, each measurement
a few times and interleaved with the others, and prints a Markdown table of medians, the machine it ran on and
PASS/FAIL lines for the targets; the same goes to .build/bench.md. Exits 1 when a target fails, 2 when the
simulator is too slow to measure anything. See docs/benchmark.md.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import http.client
import json
import os
import pathlib
import platform
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import typing as t
from dataclasses import dataclass, field
from urllib.parse import urlsplit

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = BIN / "python"
COLLECTIONS = ROOT / ".build" / "collections"
OUTPUT = ROOT / ".build" / "bench.md"
MODULE = "eightbyeight.contact_center.campaign_status"
# The on-call runbook: playbooks of the collection, run by name, and the module each one's time is spent in.
PAUSE_PLAYBOOK, PAUSE_MODULE = "eightbyeight.contact_center.pause", "eightbyeight.contact_center.campaign_pause"
RESUME_PLAYBOOK, RESUME_MODULE = "eightbyeight.contact_center.resume", "eightbyeight.contact_center.campaign_resume"
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

# The targets (issue "Fleets at speed", item 5).
ONE_CAMPAIGN_MAX_RATIO = 1.05
BULK_MIN_SPEEDUP = 80.0
BULK_UNCHANGED_FACTOR, BULK_UNCHANGED_SLACK = 1.2, 0.3
BULK_CHANGING_FACTOR, BULK_CHANGING_SLACK = 1.2, 0.5
BIG_FACTOR = 1.5
BIG_MAX_MEMORY_MB = 150.0
# Issue item 12: the runbook's whole playbooks, above a one-task playbook.
RUNBOOK_FACTOR, RUNBOOK_SLACK = 1.2, 1.5

# The interpreter the module runs under when its peak memory is measured: it starts the real Python as its only
# child and waits for it with wait4(), which answers that one process's resource usage: its peak resident set
# (ru_maxrss, KiB on Linux) and CPU time. ansible-core's AnsiballZ wrapper runs the module inside the interpreter it
# was started with (no further process), so this is the module process itself, not ansible-playbook, its workers or
# the simulator. -I -S and no imports beyond os, sys and time keep its own start-up short; bench.py measures what it
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
        command = [str(PYTHON), "-m", "simulator", "--data", str(data), "--generate", str(campaigns), "--quiet",
                   "--admin-token", self.admin_token, "--host", "127.0.0.1"]
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
    check = SimulatorCheck(keepalive_median, (after["service_seconds"] - before["service_seconds"]) / requests,
                           elapsed * PROBE_CLIENTS / requests)
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
    wall: float                   # ansible-playbook, from start to exit
    task: float                   # the measured task, from its start to its result
    requests: int                 # API requests the simulator counted
    service: float                # the simulator's own seconds on them
    simulator_cpu: float          # CPU seconds of the simulator process
    playbook_cpu: float           # CPU seconds of ansible-playbook and everything it started, the module included
    module_cpu: float | None = None
    module_peak: int | None = None  # bytes
    module_wall: float | None = None    # the module process, from start to exit
    before_module: float | None = None  # from the task's start to the module's (templating, worker, AnsiballZ)
    after_module: float | None = None   # from the module's exit to the task's result (reading the result)
    before_tasks: float | None = None   # from ansible-playbook's start to its first task's (its start-up)
    other_tasks: float | None = None    # from the first task's start to the last result, but the timed task
    after_tasks: float | None = None    # from the last result to ansible-playbook's exit


@dataclass
class Measurement:
    key: str
    label: str
    tasks: list[dict[str, t.Any]]
    runs: int
    size: int = 0                 # campaigns the row is about
    items: int = 0                # campaigns the playbook handles (fewer for a loop timed on a sample)
    concurrency: int = 1          # for the lower bound
    changes: int = 0              # campaigns the task must change
    bulk: bool = False
    in_table: bool = True         # False: only in the table of where the time goes
    reports_changes: bool = True  # uri says changed: false after a POST; only the simulator can tell
    # A playbook of the collection, run by name (instead of one of ``tasks``), in a directory of its own, with these
    # extra variables; ``module`` is the action of the task timed in it.
    playbook: str | None = None
    extra_vars: dict[str, t.Any] = field(default_factory=dict)
    module: str | None = None
    saves_snapshot: bool = False  # the run must leave one pause snapshot, of ``items`` running campaigns
    resumes: str | None = None    # the key of the row whose run it undoes: right after it, from its snapshot, no reset
    requests_expected: int | None = None  # the API requests each run must send, when known exactly
    end_state: str | None = None  # the state campaigns 1..items must all be in after each run
    needs: tuple[str, ...] = ()   # the rows it cannot do without (for --only): its targets', the run it undoes
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
        shutil.copy(ROOT / "hacking" / "bench_callback.py", callbacks / "bench_timer.py")
        config = work / "ansible.cfg"
        config.write_text("[defaults]\n", encoding="utf-8")  # the defaults, whatever ~/.ansible.cfg says
        self.rss_log = work / "module-rss.txt"
        self.rss_interpreter = work / "python-rss"
        self.rss_interpreter.write_text(_RSS_WRAPPER.format(python=str(PYTHON), output=str(self.rss_log)), encoding="utf-8")
        self.rss_interpreter.chmod(0o755)
        self.env = {name: value for name, value in os.environ.items()
                    if not name.startswith(("ANSIBLE_", "EIGHTBYEIGHT_CC_"))}
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
            for command, into in (([str(self.rss_interpreter), "-c", "pass"], wrapped), ([str(PYTHON), "-c", "pass"], plain)):
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
                play = {"name": measurement.label, "hosts": "localhost", "connection": "local", "gather_facts": False,
                        "tasks": measurement.tasks}
                playbook.write_text(json.dumps([play]), encoding="utf-8")  # JSON is YAML, and quick to load
            command = [str(BIN / "ansible-playbook"), str(playbook)]
        else:
            # By name, as a user runs it; a pause saves its snapshot in the current directory: one of its own, in
            # the bench's temporary directory, where the resume that follows runs too.
            command = [str(BIN / "ansible-playbook"), measurement.playbook, "--extra-vars", json.dumps(measurement.extra_vars)]
            if measurement.resumes:
                if snapshot is None:
                    raise MeasurementError(f"no snapshot to resume from: the run just before was not one of {measurement.resumes}")
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
        output = self.work / f"{measurement.key}.out"
        simulator_cpu = self.sim.cpu_seconds()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the simulator is not waited for, so not in it
        process_start = time.time()  # the callback's clock, for the time before the first task and after the last
        started = time.perf_counter()
        with open(output, "wb") as stdout:
            done = subprocess.run(command, env=self.env, cwd=directory, stdout=stdout, stderr=subprocess.STDOUT,
                                  timeout=1200, check=False)
        wall = time.perf_counter() - started
        process_end = time.time()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        simulator_cpu = self.sim.cpu_seconds() - simulator_cpu
        counters = self.sim.control.counters()
        if before is not None:
            counters = {name: value - before.get(name, 0) for name, value in counters.items()}
        events = [json.loads(line) for line in self.timer_log.read_text(encoding="utf-8").splitlines()] if self.timer_log.exists() else []
        (task_start, task_end), result = self._timed_task(measurement, events, output, done.returncode)
        self._check(measurement, result, counters)
        if measurement.end_state is not None:
            states = self.sim.states(measurement.items)
            if states != {measurement.end_state: measurement.items}:
                raise MeasurementError(f"campaigns 1 to {measurement.items} should all be {measurement.end_state} after "
                                       f"the run, and are: {', '.join(f'{count} {state}' for state, count in states.items())}")
        if measurement.saves_snapshot:
            self.snapshot = self._snapshot(measurement, directory)
        run = Run(wall, task_end - task_start, int(counters["requests"]), float(counters["service_seconds"]),
                  simulator_cpu, (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime))
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
    def _timed_task(measurement: Measurement, events: list[dict[str, t.Any]], output: pathlib.Path,
                    returncode: int) -> tuple[tuple[float, float], dict[str, t.Any]]:
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
            raise MeasurementError(f"the task reported changed={result['changed']}, expected {bool(measurement.changes)}")
        if counters["applied"] != measurement.changes:
            raise MeasurementError(f"the simulator applied {counters['applied']:g} changes, expected {measurement.changes}")
        if measurement.requests_expected is not None and counters["requests"] != measurement.requests_expected:
            raise MeasurementError(f"the simulator counted {counters['requests']:g} requests, expected {measurement.requests_expected}")
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


# --- what is measured -------------------------------------------------------------------------------------------


def _read_url(base_url: str, campaign: t.Any) -> str:
    return f"{base_url}/api/stats/campaigns/{campaign}.json"


def _uri_get(base_url: str, campaign: t.Any) -> dict[str, t.Any]:
    return {"url": _read_url(base_url, campaign), "url_username": TENANT["username"],
            "url_password": TENANT["data_token"], "force_basic_auth": True}


def _uri_post(base_url: str, campaign: t.Any, word: str) -> dict[str, t.Any]:
    return {"url": f"{base_url}/api/tstats/campaigns/{campaign}", "method": "POST", "body_format": "json",
            "body": {"status": word}, "url_username": TENANT["username"], "url_password": TENANT["action_token"],
            "force_basic_auth": True}


def _bulk(count: int, state: str, concurrency: int) -> dict[str, t.Any]:
    return {"campaigns": [{"id": number, "state": state} for number in range(1, count + 1)], "concurrency": concurrency}


def _task(module: str, args: dict[str, t.Any], loop: int | None = None) -> dict[str, t.Any]:
    task: dict[str, t.Any] = {"name": MEASURED, module: args}
    if loop:
        task["loop"] = list(range(1, loop + 1))
    return task


def _runbook(count: int, concurrency: int, runs: int, prefix: str = "") -> list[Measurement]:
    """The runbook's pause of campaigns 1..count, all running, and the resume from its snapshot that undoes it: whole
    ansible-playbook runs of the collection's playbooks, 3 requests a campaign each (read, write, read back)."""
    return [
        Measurement(f"{prefix}pause", f"{count} running -> paused: the `pause` playbook, whole run", [], runs, count,
                    count, concurrency, count, playbook=PAUSE_PLAYBOOK, module=PAUSE_MODULE,
                    extra_vars={"campaign_ids": ",".join(str(number) for number in range(1, count + 1)),
                                "desired_state_concurrency": concurrency},
                    saves_snapshot=True, requests_expected=3 * count, end_state="paused", needs=("startup",)),
        Measurement(f"{prefix}resume", f"{count} paused -> running: the `resume` playbook from that snapshot, whole run",
                    [], runs, count, count, concurrency, count, playbook=RESUME_PLAYBOOK, module=RESUME_MODULE,
                    extra_vars={"desired_state_concurrency": concurrency}, resumes=f"{prefix}pause",
                    requests_expected=3 * count, end_state="running", needs=("startup", f"{prefix}pause")),
    ]


def measurements(options: argparse.Namespace, base_url: str) -> list[Measurement]:
    n, sample, big, conc = options.campaigns, options.loop_items, options.big, options.concurrency
    cheap, loops, heavy = options.runs, options.loop_runs, options.big_runs
    return [
        Measurement("startup", "start-up: a play with one `debug` task", [_task("ansible.builtin.debug", {"msg": "hello"})], cheap),
        Measurement("one_module", "1 campaign, nothing to change: `campaign_status`",
                    [_task(MODULE, {"campaign_id": 1, "state": "running"})], cheap, 1, 1),
        Measurement("one_uri", "1 campaign, nothing to change: `uri` GET",
                    [_task("ansible.builtin.uri", _uri_get(base_url, 1))], cheap, 1, 1),
        Measurement("bulk_unchanged", f"{n} unchanged: one bulk `campaign_status` task",
                    [_task(MODULE, _bulk(n, "running", conc))], cheap, n, n, conc, bulk=True, needs=("one_module",)),
        Measurement("loop_module_unchanged", f"{n} unchanged: loop of `campaign_status`",
                    [_task(MODULE, {"campaign_id": "{{ item }}", "state": "running"}, sample)], loops, n, sample),
        Measurement("loop_uri_unchanged", f"{n} unchanged: loop of `uri` GET",
                    [_task("ansible.builtin.uri", _uri_get(base_url, "{{ item }}"), sample)], loops, n, sample),
        Measurement("bulk_changing", f"{n} running -> paused: one bulk `campaign_status` task",
                    [_task(MODULE, _bulk(n, "paused", conc))], cheap, n, n, conc, n, bulk=True, needs=("one_module",)),
        Measurement("loop_module_changing", f"{n} running -> paused: loop of `campaign_status`",
                    [_task(MODULE, {"campaign_id": "{{ item }}", "state": "paused"}, sample)], loops, n, sample, 1, sample),
        Measurement("loop_uri_changing", f"{n} running -> paused: loop of `uri` POST (no read, no check)",
                    [_task("ansible.builtin.uri", _uri_post(base_url, "{{ item }}", "PAUSED"), sample)], loops, n, sample, 1, sample,
                    reports_changes=False),
        Measurement("bulk_big", f"{big:,} unchanged: one bulk `campaign_status` task",
                    [_task(MODULE, _bulk(big, "running", conc))], heavy, big, big, conc, bulk=True, needs=("one_module",)),
        # The runbook, as the on-call engineer runs it: each pause followed by the resume that undoes it.
        *_runbook(n, conc, cheap),
        # The fixed cost of a module task, split up as the bulk tasks' are (under the same wrapper).
        Measurement("one_module_wrapped", "1 campaign, nothing to change: `campaign_status`",
                    [_task(MODULE, {"campaign_id": 1, "state": "running"})], loops, 1, 1, in_table=False),
        Measurement("one_uri_wrapped", "1 campaign, nothing to change: `uri` GET",
                    [_task("ansible.builtin.uri", _uri_get(base_url, 1))], loops, 1, 1, in_table=False),
    ]


def warm_up(runner: Runner, base_url: str, concurrency: int) -> dict[str, str]:
    """One untimed run of each kind of task and of each runbook playbook, so that no measurement pays for cold caches.

    Answers what cannot be measured, by kind (see Measurement.kind): "bulk" when campaign_status does not take
    ``campaigns``, "runbook" when the pause or resume playbook fails; each with the reason.
    """
    tasks = [_task("ansible.builtin.debug", {"msg": "hello"}), _task("ansible.builtin.uri", _uri_get(base_url, 1)),
             _task(MODULE, {"campaign_id": 1, "state": "running"})]
    try:
        runner.run(Measurement("warm_up", "warm-up", tasks, 1))
    except MeasurementError as error:
        raise BenchError(f"the warm-up playbook failed, so nothing would be measured: {error}") from None
    left_out = {}
    try:
        runner.run(Measurement("bulk_probe", "bulk warm-up", [_task(MODULE, _bulk(10, "running", 2))], 1, 10, 10, 2, bulk=True))
    except MeasurementError as error:
        left_out["bulk"] = f"a bulk task (`campaigns`) fails in this checkout: {error}"
    try:
        for row in _runbook(10, concurrency, 1, "warm_up_"):
            runner.run(row)
    except MeasurementError as error:
        left_out["runbook"] = f"the {row.playbook} playbook fails in this checkout: {error}"
    return left_out


def schedule(rows: list[Measurement]) -> list[list[Measurement]]:
    """The runs in rounds: each measurement's runs spread evenly over the rounds, the order reversed every other
    round, so that a slow spell of the machine hits them all alike and the two one-campaign tasks run side by side.
    A run that resumes comes right after the pause it undoes, in every round."""
    count = max(row.runs for row in rows)
    rounds: list[list[Measurement]] = [[] for _round in range(count)]
    for row in rows:
        picks = [(count - 1) // 2] if row.runs == 1 else [round(i * (count - 1) / (row.runs - 1)) for i in range(row.runs)]
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
                _progress(f"[{done}/{total}] {row.label}: FAILED: {error}")
                continue
            row.results.append(run)
            _progress(f"[{done}/{total}] {row.label}: task {run.task:.2f} s, playbook {run.wall:.2f} s, {run.requests} requests")


def _progress(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --- the report -------------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from ansible.release import __version__ as ansible_version  # pylint: disable=import-outside-toplevel  # the venv's

    memory = ""
    try:
        kib = next(int(line.split()[1]) for line in pathlib.Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
                   if line.startswith("MemTotal:"))
        memory = f", {kib / 1024 ** 2:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    commit = subprocess.run(["git", "log", "-1", "--format=%h %cs", "--", "plugins"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip()
    edited = subprocess.run(["git", "status", "--porcelain", "--", "plugins"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout.strip()
    if commit and edited:
        commit += ", with changes not yet committed"
    return {
        "CPU": f"{model}, {os.cpu_count()} cores{memory}",
        "system": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "ansible-core": ansible_version,
        "plugins/ at": commit or "unknown",
    }


def _busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since it started (every process), from /proc/stat."""
    try:
        values = [int(value) for value in pathlib.Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    idle = values[3] + values[4]  # idle and iowait
    return (sum(values) - idle) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    """CPU seconds of the bench and of every process it started and has waited for."""
    return sum(usage.ru_utime + usage.ru_stime for usage in
               (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


class Busy:
    """Whether other work shared the machine with the bench: load averages, and the CPU time others used."""

    def __init__(self) -> None:
        self.load_at_start = os.getloadavg()[0]
        self._busy = _busy_seconds()
        self._own = _own_cpu_seconds()
        self._started = time.monotonic()

    def conditions(self) -> dict[str, str]:
        """Once the simulator has been stopped and waited for (so that its CPU time counts as the bench's own)."""
        busy, cores = _busy_seconds(), os.cpu_count() or 1
        found = {"load average (1 min) at the start": f"{self.load_at_start:.2f}"}
        if busy is not None and self._busy is not None:
            others = max(0.0, (busy - self._busy) - (_own_cpu_seconds() - self._own))
            share = others / ((time.monotonic() - self._started) * cores)
            found["other processes"] = f"used {share:.0%} of the CPU time while the bench ran"
        return found


def _seconds(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _runs(row: Measurement) -> str:
    if row.error is not None and not row.results:
        return "–"
    if row.items and row.items < row.size:
        return f"{len(row.results)} × {row.items} items, ×{row.scale:g}"
    return str(len(row.results))


@dataclass
class Target:
    passed: bool
    text: str


def targets(rows: dict[str, Measurement], latency: float) -> list[Target]:
    """The PASS/FAIL lines; a target whose measurements were not chosen (--only) is left out."""
    one_module = rows["one_module"].task if "one_module" in rows else None
    one_uri = rows["one_uri"].task if "one_uri" in rows else None
    found: list[Target] = []

    def chosen(*keys: str) -> bool:
        return all(key in rows for key in keys)

    def add(description: str, value_ok: t.Callable[[], tuple[bool, str]], *needed: Measurement) -> None:
        broken = [row for row in needed if row.task is None]
        if broken:
            reason = broken[0].error or "not measured"
            found.append(Target(False, f"{description}: not measured ({broken[0].label}: {reason})"))
            return
        passed, text = value_ok()
        found.append(Target(passed, f"{description}: {text}"))

    def ratio() -> tuple[bool, str]:
        # Run for run: the two tasks run side by side in each round (see schedule), so a busy spell of the machine
        # weighs on both sides of a ratio.
        pairs = list(zip(rows["one_module"].results, rows["one_uri"].results))
        value = statistics.median(module.task / uri.task for module, uri in pairs)
        return value <= ONE_CAMPAIGN_MAX_RATIO, (
            f"`campaign_status` {one_module:.2f} s, `uri` {one_uri:.2f} s: ratio {value:.3f}, the median of "
            f"{len(pairs)} side-by-side runs (target <= {ONE_CAMPAIGN_MAX_RATIO:g}, "
            f"{_margin(ONE_CAMPAIGN_MAX_RATIO - value, '', 3)})")

    if chosen("one_module", "one_uri"):
        add("1 campaign, nothing to change, no slower than `uri`", ratio, rows["one_module"], rows["one_uri"])

    def speedup() -> tuple[bool, str]:
        bulk, uri_loop = rows["bulk_unchanged"], rows["loop_uri_unchanged"]
        value = t.cast(float, uri_loop.task) / t.cast(float, bulk.task)
        return value >= BULK_MIN_SPEEDUP, (
            f"{value:.0f}x faster than the `uri` loop ({bulk.task:.2f} s against {uri_loop.task:.1f} s; target >= "
            f"{BULK_MIN_SPEEDUP:g}x, {_margin(value - BULK_MIN_SPEEDUP, 'x', 0)})")

    if chosen("bulk_unchanged", "loop_uri_unchanged", "one_module"):
        bulk = rows["bulk_unchanged"]
        add(f"{bulk.size} unchanged in one bulk task, against a loop of `uri`", speedup, bulk, rows["loop_uri_unchanged"],
            rows["one_module"])

    def above(row: Measurement, factor: float, slack: float) -> t.Callable[[], tuple[bool, str]]:
        def check() -> tuple[bool, str]:
            value = t.cast(float, row.task) - t.cast(float, one_module)
            bound = t.cast(float, row.lower_bound(latency))
            limit = factor * bound + slack
            plus = f" + {slack:g} s" if slack else ""
            return value <= limit, (
                f"{value:.2f} s above the one-campaign task (target <= {factor:g} x {bound:.2f} s{plus} = {limit:.2f} s, "
                f"{_margin(limit - value, ' s')})")
        return check

    for key, what, factor, slack in (("bulk_unchanged", "unchanged", BULK_UNCHANGED_FACTOR, BULK_UNCHANGED_SLACK),
                                     ("bulk_changing", "changing", BULK_CHANGING_FACTOR, BULK_CHANGING_SLACK),
                                     ("bulk_big", "unchanged", BIG_FACTOR, 0.0)):
        if chosen(key, "one_module"):
            row = rows[key]
            add(f"{row.size:,} {what} in one bulk task", above(row, factor, slack), row, rows["one_module"])

    def memory() -> tuple[bool, str]:
        peaks = [run.module_peak for run in rows["bulk_big"].results if run.module_peak is not None]
        if not peaks:
            return False, "not measured"
        value = max(peaks) / 1e6
        return value < BIG_MAX_MEMORY_MB, (
            f"peak {value:.0f} MB (largest of {len(peaks)} runs; target < {BIG_MAX_MEMORY_MB:g} MB, "
            f"{_margin(BIG_MAX_MEMORY_MB - value, ' MB', 0)})")

    if chosen("bulk_big"):
        add(f"{rows['bulk_big'].size:,} unchanged in one bulk task, module memory", memory, rows["bulk_big"])

    def above_startup(row: Measurement) -> t.Callable[[], tuple[bool, str]]:
        # Whole ansible-playbook runs, start-up included on both sides: what the runbook costs an on-call engineer
        # beyond what any playbook does.
        def check() -> tuple[bool, str]:
            startup = t.cast(float, rows["startup"].wall)
            value = t.cast(float, row.wall) - startup
            bound = t.cast(float, row.lower_bound(latency))
            limit = RUNBOOK_FACTOR * bound + RUNBOOK_SLACK
            return value <= limit, (
                f"{value:.2f} s above the one-task playbook ({row.wall:.2f} s against {startup:.2f} s; target <= "
                f"{RUNBOOK_FACTOR:g} x {bound:.2f} s + {RUNBOOK_SLACK:g} s = {limit:.2f} s, {_margin(limit - value, ' s')})")
        return check

    for key, what in (("pause", "running paused by the `pause` playbook"),
                      ("resume", "paused resumed by the `resume` playbook from its snapshot")):
        if chosen(key, "startup"):
            add(f"{rows[key].size} {what}, whole run", above_startup(rows[key]), rows[key], rows["startup"])
    return found


def _margin(spare: float, unit: str, digits: int = 2) -> str:
    return f"{spare:.{digits}f}{unit} to spare" if spare >= 0 else f"{-spare:.{digits}f}{unit} over"


def report(rows: list[Measurement], check: SimulatorCheck, overhead: float, options: argparse.Namespace,
           conditions: dict[str, str], started: float) -> tuple[str, bool]:
    by_key = {row.key: row for row in rows}
    latency = options.latency
    one = by_key["one_module"].task if "one_module" in by_key else None
    lines = [
        f"Simulator latency {latency * 1000:g} ms per request; bulk tasks and the runbook with concurrency "
        f"{options.concurrency}. Times are medians in seconds; a task's time runs from its start to its result (for "
        "the runbook, its module's task), the playbook's is the whole ansible-playbook command.",
        "",
        "| measurement | runs | playbook | task | requests | lower bound | task above 1 campaign | module peak |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if not row.in_table:
            continue
        if row.error is not None and not row.results:
            lines.append(f"| {row.label} | – | – | – | – | – | – | {row.error} |")
            continue
        bound = row.lower_bound(latency) if row.items else None
        excess = row.task - one if row.bulk and row.task is not None and one is not None else None
        peaks = [run.module_peak for run in row.results if run.module_peak is not None]
        peak = f"{max(peaks) / 1e6:.0f} MB" if peaks else "–"
        approx = "≈ " if row.scale > 1 else ""
        requests = "–" if not row.items else f"{row.requests:,.0f}"
        task = f"{approx}{_seconds(row.task, 1 if row.task and row.task >= 10 else 2)}"
        lines.append(f"| {row.label} | {_runs(row)} | {approx}{_seconds(row.wall, 1)} | {task} | {requests} | "
                     f"{_seconds(bound)} | {_seconds(excess)} | {peak} |")
    lines += [
        "",
        "Lower bound: requests × latency / concurrency (1 for single tasks and loops, which send one request at a "
        f"time), the requests counted by the simulator. Loops were timed on {options.loop_items} items and scaled "
        f"to {options.campaigns} (≈). Module peak: the module process's largest resident set (max RSS), measured "
        f"with an interpreter wrapper on the bulk tasks and the runbook's module tasks, which adds about "
        f"{overhead * 1000:.0f} ms to each (left in their times).",
        "",
    ]
    bulk_rows = sorted((row for row in rows if row.wrapped and row.results), key=lambda row: row.in_table)
    if bulk_rows:
        lines += [
            "Where the time goes, for the tasks run under the memory wrapper (the single tasks 3 more times, for this "
            "table only; seconds, medians; CPU seconds of each process; the simulator's own time per request from its "
            "counters):",
            "",
            "| measurement | task | before the module | module process | after the module | module CPU | "
            "ansible-playbook CPU besides | simulator CPU | simulator's own time per request |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in bulk_rows:
            module_cpu, playbook_cpu = row.median("module_cpu"), row.median("playbook_cpu")
            rest = None if module_cpu is None or playbook_cpu is None else playbook_cpu - module_cpu
            own = statistics.median(run.service / run.requests for run in row.results if run.requests)
            lines.append(f"| {row.label} | {_seconds(row.task)} | {_seconds(row.median('before_module'))} | "
                         f"{_seconds(row.median('module_wall'))} | {_seconds(row.median('after_module'))} | "
                         f"{_seconds(module_cpu)} | {_seconds(rest)} | {_seconds(row.median('simulator_cpu'))} | "
                         f"{own * 1000:.2f} ms |")
        lines.append("")
    runbook_rows = [row for row in rows if (row.playbook or row.key == "startup") and row.results]
    if any(row.playbook for row in runbook_rows):
        startup = by_key["startup"].wall if "startup" in by_key else None
        lines += [
            "The runbook's playbooks as whole runs, next to the one-task playbook (seconds, medians): "
            "ansible-playbook's own start-up until its first task starts, the timed task (the `debug` task; the "
            "module's), the play's other tasks, and what follows the last result until ansible-playbook exits:",
            "",
            "| measurement | playbook | above the one-task playbook | lower bound | before the first task | "
            "timed task | other tasks | after the last task |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for row in runbook_rows:
            excess = row.wall - startup if row.playbook and row.wall is not None and startup is not None else None
            bound = row.lower_bound(latency) if row.playbook else None
            lines.append(f"| {row.label} | {_seconds(row.wall)} | {_seconds(excess)} | {_seconds(bound)} | "
                         f"{_seconds(row.median('before_tasks'))} | {_seconds(row.task)} | "
                         f"{_seconds(row.median('other_tasks'))} | {_seconds(row.median('after_tasks'))} |")
        lines.append("")
    lines += [
        f"Simulator check before measuring: its own time {check.service_per_request * 1000:.2f} ms per request "
        f"(limit {MAX_SERVICE_PER_REQUEST * 1000:g} ms) over {PROBE_REQUESTS} GETs from {PROBE_CLIENTS} kept-alive "
        f"clients after {WARMUP_REQUESTS} to warm up ({check.per_request_observed * 1000:.1f} ms each as the clients "
        f"saw them); one GET on a kept-alive connection {check.keepalive_median * 1000:.1f} ms (median of 20).",
        "",
        "Machine:",
        "",
    ]
    lines += [f"- {name}: {value}" for name, value in {**machine(), **conditions}.items()]
    found = targets(by_key, latency)
    lines += ["", "Targets:", ""]
    lines += [f"- {'PASS' if target.passed else 'FAIL'} {target.text}" for target in found]
    minutes = (time.monotonic() - started) / 60
    command = "make bench" if options.only is None else f"hacking/bench.py --only {','.join(options.only)}"
    lines += ["", f"Measured on {datetime.date.today().isoformat()} by `{command}` in {minutes:.1f} minutes."]
    return "\n".join(lines) + "\n", all(target.passed for target in found)


# --- main -------------------------------------------------------------------------------------------------------


def _keys() -> list[str]:
    """The measurements' keys, in the order they are listed (for --only)."""
    sizes = argparse.Namespace(campaigns=1, loop_items=1, big=1, concurrency=1, runs=1, loop_runs=1, big_runs=1)
    return [row.key for row in measurements(sizes, "")]


def parse_args(argv: t.Sequence[str] | None) -> argparse.Namespace:
    keys = _keys()
    parser = argparse.ArgumentParser(description="Time campaign_status against the simulator (see docs/benchmark.md).")
    parser.add_argument("--latency", type=float, default=0.02, help="seconds the simulator waits before each answer (default: %(default)s)")
    parser.add_argument("--concurrency", type=int, default=8,
                        help="the bulk tasks' and the runbook's concurrency, and the lower bound's (default: %(default)s)")
    parser.add_argument("--campaigns", type=int, default=500, help="campaigns in the middle-sized measurements (default: %(default)s)")
    parser.add_argument("--big", type=int, default=10000, help="campaigns in the largest bulk task (default: %(default)s)")
    parser.add_argument("--loop-items", type=int, default=20, help="items a loop is timed on, then scaled (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=9, help="runs of the cheap measurements, the runbook's included (default: %(default)s)")
    parser.add_argument("--loop-runs", type=int, default=3, help="runs of each loop (default: %(default)s)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the largest bulk task (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="one run of each, smaller loops and bulk: to try the bench, not to quote it")
    parser.add_argument("--only", metavar="KEY,...", type=lambda value: [key.strip() for key in value.split(",") if key.strip()],
                        help="measure only these (and what they need: the resume needs the pause, both the start-up, "
                             "a bulk task the one-campaign task), and check only their targets; keys: "
                             f"{', '.join(keys)}")
    parser.add_argument("--output", type=pathlib.Path, help="where to write the Markdown report (default: .build/bench.md, "
                        "or .build/bench-only.md with --only, so that a partial run never replaces the whole report)")
    options = parser.parse_args(argv)
    if options.quick:
        options.runs = options.loop_runs = options.big_runs = 1
        options.loop_items, options.big = min(options.loop_items, 5), min(options.big, 2000)
    if min(options.runs, options.loop_runs, options.big_runs, options.concurrency, options.loop_items) < 1:
        parser.error("runs, loop items and concurrency must be at least 1")
    if not 1 <= options.loop_items <= options.campaigns <= options.big:
        parser.error("need 1 <= --loop-items <= --campaigns <= --big")
    if options.latency <= 0:
        parser.error("--latency must be above 0")
    if options.output is None:
        options.output = OUTPUT if options.only is None else OUTPUT.with_name("bench-only.md")
    unknown = [key for key in options.only or () if key not in keys]
    if unknown or options.only == []:
        parser.error(f"--only takes keys among {', '.join(keys)}" + (f"; not {', '.join(unknown)}" if unknown else ""))
    return options


def selection(rows: list[Measurement], only: list[str] | None) -> list[Measurement]:
    """The rows --only names, and those they need."""
    if only is None:
        return rows
    by_key, wanted, pending = {row.key: row for row in rows}, set(), list(only)
    while pending:
        key = pending.pop()
        if key not in wanted:
            wanted.add(key)
            pending += by_key[key].needs
    return [row for row in rows if row.key in wanted]


def main(argv: t.Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    started = time.monotonic()
    for needed in (PYTHON, BIN / "ansible-playbook", COLLECTIONS / "ansible_collections" / "eightbyeight" / "contact_center"):
        if not needed.exists():
            print(f"bench: {needed} is missing: run make venv first", file=sys.stderr)
            return 2
    busy = Busy()
    if busy.load_at_start > 0.5:
        _progress(f"bench: the machine is busy (load average {busy.load_at_start:.2f}): the times will be higher "
                  "than on a quiet one")
    with tempfile.TemporaryDirectory(prefix="bench-") as directory:
        work = pathlib.Path(directory)
        try:
            sim = SimulatorProcess(work, options.latency, options.big)
        except BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 2
        try:
            _progress(f"simulator at {sim.base_url}, latency {options.latency * 1000:g} ms; checking that it keeps up")
            check = check_simulator(sim, options.latency)
            _progress(f"simulator: {check.service_per_request * 1000:.2f} ms of its own per request, a kept-alive GET "
                      f"{check.keepalive_median * 1000:.1f} ms")
            runner = Runner(work, sim)
            overhead = runner.wrapper_overhead()
            left_out = warm_up(runner, sim.base_url, options.concurrency)
            for kind, reason in left_out.items():
                _progress(f"the {kind} measurements are left out: {reason}")
            rows = selection(measurements(options, sim.base_url), options.only)
            measure_all(runner, rows, left_out)
        except BenchError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 2
        finally:
            sim.stop()
        text, passed = report(rows, check, overhead, options, busy.conditions(), started)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {options.output})", file=sys.stderr)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
