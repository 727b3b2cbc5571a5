# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The rulebook enforce_with_job_template, run by the real ansible-rulebook against the simulator and a fake
automation controller: ansible-rulebook validates the file and wants a controller; a drift launches the named job
template once, with the event the enforce playbook reads as its extra_vars, and the job (the enforce playbook, run
as the controller would with those variables) puts the campaign back; campaigns not drifted, or drifted where
automation may not act, launch nothing."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import http.server
import json
import pathlib
import subprocess
import threading
import typing as t
import urllib.parse

import pytest
import yaml
from e2e import DEMO, SECRETS, run_playbook, writes
from event_driven.test_eda_e2e import (
    READY,
    STARTUP_TIMEOUT,
    Rulebook,
    ansible_rulebook,
    polled,
    rulebook_environment,
    status,
    wait_for,
)

from simulator import Simulator, SimulatorClient

# Timed: the rulebook must launch the job within so many poll intervals (make integration runs these as they would run alone).
pytestmark = pytest.mark.timed

ROOT = pathlib.Path(__file__).resolve().parents[3]
# By its path, as EDA controller gets it from a project: ansible-rulebook checks a file against its schema then.
RULEBOOK = ROOT / "extensions" / "eda" / "rulebooks" / "enforce_with_job_template.yml"
INTERVAL = 3  # seconds between two polls
CONTROLLER_TOKEN = "controller-token-for-the-test"
JOB_TIMEOUT = 300  # how long a job may run: run_playbook's own limit
ENFORCE = "eightbyeight.contact_center.enforce"
#: The job templates the fake controller has: the same name in two organizations, and another one.
TEMPLATES = [
    {"id": 7, "name": "8x8 CC enforce", "organization": "Default"},
    {"id": 9, "name": "8x8 CC enforce", "organization": "Contact center"},
    {"id": 11, "name": "Put a campaign back", "organization": "Contact center"},
]
RESUMED, LEFT_ALONE, OBSERVED = 108, 109, 104  # Manual Paused, Schedule Paused, Schedule Running in the demo data
DRIFTED_AT_START = 103  # Manual Running in the demo data


class Launch(t.NamedTuple):
    template: int
    body: dict[str, t.Any]


class FakeController:
    """The part of automation controller's API that ansible-rulebook's run_job_template calls (api/v2/: config,
    unified_job_templates, a template's launch, jobs): each launch runs the enforce playbook with the launch's
    extra_vars, as a job template with Prompt on launch for variables would."""

    def __init__(self, job: t.Callable[[int, dict[str, t.Any]], bool]) -> None:
        self.job = job
        self.launches: list[Launch] = []
        self.jobs: dict[int, str] = {}
        #: (method, path, its query) of every request
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []
        self.unexpected: list[str] = []
        self.unauthorized = 0
        self.lock = threading.Lock()
        #: the threads running the launched jobs, waited for at the end: a job left running would go on writing to
        #: the simulator after its test
        self.running: list[threading.Thread] = []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeController:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        for job in self.running:
            job.join(timeout=JOB_TIMEOUT)

    def _run(self, number: int, extra_vars: dict[str, t.Any]) -> None:
        outcome = "successful" if self.job(number, extra_vars) else "failed"
        with self.lock:
            self.jobs[number] = outcome

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: t.Any) -> tuple[int, t.Any]:
        with self.lock:
            self.requests.append((method, path, query))
        if method == "GET" and path == "/api/v2/config/":
            return 200, {"version": "4.6.0"}
        if method == "GET" and path == "/api/v2/unified_job_templates/":
            wanted = query.get("name", [None])[0]
            found = [
                {
                    "id": template["id"],
                    "type": "job_template",
                    "name": template["name"],
                    "summary_fields": {"organization": {"name": template["organization"]}},
                    "related": {"launch": f"/api/v2/job_templates/{template['id']}/launch/"},
                    "ask_limit_on_launch": False,
                    "ask_labels_on_launch": False,
                    "ask_inventory_on_launch": False,
                    "ask_variables_on_launch": True,
                }
                for template in TEMPLATES
                if template["name"] == wanted
            ]
            return 200, {"count": len(found), "next": None, "results": found}
        parts = path.strip("/").split("/")
        if method == "POST" and parts[:3] == ["api", "v2", "job_templates"] and parts[4:] == ["launch"]:
            with self.lock:
                self.launches.append(Launch(int(parts[3]), body))
                number = len(self.launches)
                self.jobs[number] = "running"
            job = threading.Thread(target=self._run, args=(number, body.get("extra_vars", {})), daemon=True)
            self.running.append(job)
            job.start()
            return 201, {"id": number, "job": number, "url": f"/api/v2/jobs/{number}/", "status": "pending"}
        if method == "GET" and path == "/api/v2/jobs/":
            numbers = [int(n) for n in query.get("id__in", [""])[0].split(",") if n]
            with self.lock:
                found = [
                    {"id": n, "status": self.jobs[n], "created": "2026-12-01T00:00:00Z", "artifacts": {}}
                    for n in numbers
                    if n in self.jobs
                ]
            return 200, {"count": len(found), "next": None, "results": found}
        with self.lock:
            self.unexpected.append(f"{method} {path}")
        return 404, {"detail": "Not found."}

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        controller = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _serve(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                if self.headers.get("Authorization") != f"Bearer {CONTROLLER_TOKEN}":
                    with controller.lock:
                        controller.unauthorized += 1
                    code, answer = 401, {"detail": "Authentication credentials were not provided."}
                else:
                    code, answer = controller.answer(self.command, url.path, urllib.parse.parse_qs(url.query), body)
                data = json.dumps(answer).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: t.Any) -> None:  # pylint: disable=redefined-builtin
                pass

        return Handler


@pytest.fixture
def enforcer(
    collections_path: pathlib.Path, tmp_path: pathlib.Path, sim: Simulator
) -> t.Iterator[t.Callable[..., tuple[Rulebook, FakeController]]]:
    """Start the rulebook against a fake controller whose jobs run the enforce playbook on the demo tenant (or
    another job), with the connection its credential would inject; stop both afterwards."""
    controllers: list[FakeController] = []
    rulebooks: list[Rulebook] = []

    def enforce(number: int, extra_vars: dict[str, t.Any]) -> bool:
        directory = tmp_path / f"job-{number}"
        directory.mkdir()
        (directory / "extra_vars.json").write_text(json.dumps(extra_vars), encoding="utf-8")
        connection = {f"EIGHTBYEIGHT_CC_{k.upper()}": v for k, v in DEMO.items()}
        done = run_playbook(
            collections_path,
            directory,
            ENFORCE,
            "-e",
            "@extra_vars.json",
            env={"EIGHTBYEIGHT_CC_API_URL": sim.base_url, **connection},
        )
        (directory / "output.txt").write_text(done.output, encoding="utf-8")
        return done.returncode == 0

    def start(
        desired: dict[str, t.Any], job: t.Callable[[int, dict[str, t.Any]], bool] = enforce, **options: t.Any
    ) -> tuple[Rulebook, FakeController]:
        """``job``: what a launch runs, the enforce playbook by default; ``options``: more rulebook variables."""
        controller = FakeController(job).__enter__()
        controllers.append(controller)
        variables = tmp_path / "vars.yml"
        # The desired state itself, as an activation's variables give it. Each drift emitted once (reemit_max 0):
        # a job takes longer than an interval here, and a re-emission would launch another that finds nothing to do.
        settings = {"desired_state": desired, "interval": INTERVAL, "reemit_max": 0, **options}
        variables.write_text(yaml.safe_dump(settings), "utf-8")
        environment = rulebook_environment(collections_path, sim)
        environment["EDA_JOB_TEMPLATE_REFRESH_DELAY"] = "0.5"  # how often a job's status is read (default 10 s)
        command = [
            str(ansible_rulebook()),
            "-v",
            "-r",
            str(RULEBOOK),
            "--vars",
            str(variables),
            "--controller-url",
            controller.url,
            "--controller-token",
            CONTROLLER_TOKEN,
        ]
        running = Rulebook(command, tmp_path, environment, tmp_path / f"ansible-rulebook-{len(rulebooks)}.out")
        rulebooks.append(running)
        wait_for(lambda: READY in running.output, STARTUP_TIMEOUT, running, "the rules engine waiting for events")
        return running, controller

    yield start
    try:
        for running in rulebooks:
            running.stop()
    finally:
        for controller in controllers:
            controller.__exit__()


def jobs_done(controller: FakeController) -> bool:
    with controller.lock:
        return bool(controller.jobs) and "running" not in controller.jobs.values()


def test_ansible_rulebook_validates_the_rulebook_and_asks_for_a_controller(collections_path, tmp_path, sim):
    """Checked against ansible-rulebook's schema (a file given by path), parsed, and refused without a controller,
    naming the rule whose action needs one."""
    variables = tmp_path / "vars.yml"
    variables.write_text(
        yaml.safe_dump({"desired_state": {"campaigns": [{"id": RESUMED, "state": "paused"}]}}), "utf-8"
    )
    command = [str(ansible_rulebook()), "-r", str(RULEBOOK), "--vars", str(variables)]
    done = subprocess.run(
        command,
        cwd=tmp_path,
        env=rulebook_environment(collections_path, sim),
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert (
        "Rule Put a drifted campaign back in its effective desired state has an action run_job_template which "
        "needs controller url and token to be defined"
    ) in output
    assert "Failed validating" not in output and "Traceback" not in output


def test_a_drift_launches_the_named_job_template_once_with_the_event_the_enforce_playbook_reads(
    enforcer, control: SimulatorClient, tmp_path: pathlib.Path
):
    assert [status(control, c) for c in (RESUMED, LEFT_ALONE, OBSERVED)] == [8, 9, 4], "the demo data"
    desired = {
        "version": 2,
        "campaigns": [
            {"id": RESUMED, "state": "paused"},
            {"id": LEFT_ALONE, "state": "paused"},
            {"id": OBSERVED, "state": "paused", "mode": "observe"},  # drifted from the start; never written
        ],
    }
    running, controller = enforcer(desired)
    since = len(control.log())
    wait_for(lambda: polled(control, since, RESUMED, LEFT_ALONE, OBSERVED), 10 * INTERVAL, running, "a poll")
    wait_for(
        lambda: "automation may not: mode observe" in running.output,
        5 * INTERVAL,
        running,
        "the observe campaign's drift reported",
    )
    assert controller.launches == [], "nothing launched for campaigns as desired, nor for the observe one"

    control.set_campaign("demo", RESUMED, status=3)  # a supervisor resumes it: Manual Running
    wait_for(lambda: status(control, RESUMED) == 8, 20 * INTERVAL, running, f"PAUSED for campaign {RESUMED} by a job")
    wait_for(lambda: jobs_done(controller), 10 * INTERVAL, running, "the job's end seen by ansible-rulebook")
    wait_for(
        lambda: "to paused (status 8, Manual Paused); desired paused" in running.output,
        10 * INTERVAL,
        running,
        "report of the campaign back in its desired state",
    )
    since = len(control.log())
    wait_for(lambda: polled(control, since, RESUMED, LEFT_ALONE, OBSERVED), 10 * INTERVAL, running, "one more poll")
    running.stop()
    output = running.output

    [launch] = controller.launches
    assert launch.template == 7, "8x8 CC enforce of the organization Default, not its namesake of another"
    lookups = [q for m, p, q in controller.requests if p == "/api/v2/unified_job_templates/"]
    assert lookups and all(q["name"] == ["8x8 CC enforce"] for q in lookups)
    assert set(launch.body) == {"extra_vars", "limit"}, "no labels, no inventory"
    extra_vars = launch.body["extra_vars"]
    # Only the event: campaign_id and state given would make the run a person's, which ignores the policy.
    assert set(extra_vars) == {"ansible_eda"}
    assert extra_vars["ansible_eda"]["rule"] == "Put a drifted campaign back in its effective desired state"
    event = extra_vars["ansible_eda"]["event"]["campaign_status"]
    assert event["campaign"]["id"] == RESUMED and event["campaign"]["state"] == "running"
    assert (event["drifted"], event["act"], event["effective"], event["mode"]) == (True, True, "paused", "enforce")
    assert event["transitions"] == ["PAUSED"]
    assert event["desired_state"] == desired, "the desired state in force, which the job decides again with"
    assert jobs_done(controller) and controller.jobs == {1: "successful"}
    assert "sent PAUSED" in (tmp_path / "job-1" / "output.txt").read_text(encoding="utf-8")
    assert writes(control) == [(RESUMED, "PAUSED")], "the job's PAUSED, and nothing for the other campaigns"
    assert status(control, LEFT_ALONE) == 9 and status(control, OBSERVED) == 4
    assert controller.unexpected == [] and controller.unauthorized == 0, "only the API it knows, with the token"
    assert ("GET", "/api/v2/config/", {}) in controller.requests, "the controller checked at start-up"
    for secret in SECRETS:
        assert secret not in output


def test_the_job_template_and_its_organization_are_the_rulebooks_variables(enforcer, control: SimulatorClient):
    assert status(control, DRIFTED_AT_START) == 3, "the demo data: Manual Running"
    desired = {"campaigns": [{"id": DRIFTED_AT_START, "state": "paused"}]}
    # A job that sends nothing: the campaign stays drifted, and its drift, emitted once, launches one job.
    running, controller = enforcer(
        desired,
        job=lambda number, extra_vars: True,
        job_template="Put a campaign back",
        job_template_organization="Contact center",
    )
    wait_for(lambda: jobs_done(controller), 20 * INTERVAL, running, "a job launched and ended")
    since = len(control.log())
    wait_for(lambda: polled(control, since, DRIFTED_AT_START), 10 * INTERVAL, running, "a poll after the job")
    running.stop()

    assert [launch.template for launch in controller.launches] == [11], "once, the template the variables name"
    lookups = {q["name"][0] for m, p, q in controller.requests if p == "/api/v2/unified_job_templates/"}
    assert lookups == {"Put a campaign back"}
    event = controller.launches[0].body["extra_vars"]["ansible_eda"]["event"]["campaign_status"]
    assert (event["campaign"]["id"], event["type"], event["effective"]) == (DRIFTED_AT_START, "drifted", "paused")
    assert writes(control) == [] and status(control, DRIFTED_AT_START) == 3
