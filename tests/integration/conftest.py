# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""End-to-end fixtures: the simulator with the demo data, and real ansible-playbook runs against it.

``sim`` and ``control`` are also in tests/simulator/conftest.py; see there why not in a tests/conftest.py.
"""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import typing as t

import pytest
import yaml

from e2e import DEMO, PlaybookRun
from simulator import Simulator, SimulatorClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
COLLECTIONS = ROOT / ".build" / "collections"


@pytest.fixture(scope="session")
def sim() -> t.Iterator[Simulator]:
    """The simulator with the demo data, started once for the whole run."""
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def control(sim: Simulator) -> SimulatorClient:
    """The simulator's control client, after a reset: each test starts from the seeded data with an empty log."""
    client = sim.client
    client.reset()
    return client


@pytest.fixture(scope="session")
def collections_path() -> pathlib.Path:
    """A collections path where Ansible finds this checkout as eightbyeight.contact_center."""
    link = COLLECTIONS / "ansible_collections" / "eightbyeight" / "contact_center"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(ROOT)
    return COLLECTIONS


@pytest.fixture
def playbook(collections_path: pathlib.Path, tmp_path: pathlib.Path) -> t.Callable[..., PlaybookRun]:
    """Run a play of ``tasks`` on localhost with ansible-playbook, as a user would."""

    def run(
        tasks: list[dict[str, t.Any]],
        *options: str,
        env: dict[str, str] | None = None,
        module_defaults: dict[str, t.Any] | None = None,
    ) -> PlaybookRun:
        play = {"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}
        if module_defaults is not None:
            play["module_defaults"] = module_defaults
        path = tmp_path / "playbook.yml"
        path.write_text(yaml.safe_dump([play], sort_keys=False), encoding="utf-8")
        log = tmp_path / "results.jsonl"
        log.unlink(missing_ok=True)
        environment = {k: v for k, v in os.environ.items() if not k.startswith("EIGHTBYEIGHT_CC_")}
        environment.update(
            ANSIBLE_COLLECTIONS_PATH=str(collections_path),
            ANSIBLE_CALLBACK_PLUGINS=str(HERE / "callback_plugins"),
            ANSIBLE_CALLBACKS_ENABLED="result_log",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_PYTHON_INTERPRETER=sys.executable,
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            RESULT_LOG=str(log),
        )
        environment.update(env or {})
        command = [str(pathlib.Path(sys.executable).parent / "ansible-playbook"), str(path), *options]
        done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, check=False)
        results = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
        return PlaybookRun(done.returncode, done.stdout + done.stderr, results)

    return run


@pytest.fixture
def connection(sim: Simulator) -> dict[str, str]:
    """The options that reach the simulator's demo tenant."""
    return {"api_url": sim.base_url, **DEMO}
