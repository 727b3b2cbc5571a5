# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""End-to-end fixtures: the simulator with the demo data, and real ansible-playbook runs against it.

``sim`` and ``control`` come from simulator.testing, imported here and in tests/simulator/conftest.py rather than in
a tests/conftest.py, which pytest would also load for the unit tests: those run without the simulator.
"""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import pathlib
import typing as t

import pytest
import yaml
from e2e import DEMO, PlaybookRun, run_playbook

from simulator import Simulator
from simulator.testing import control, sim  # noqa: F401  # pylint: disable=unused-import  # fixtures, found by name

ROOT = pathlib.Path(__file__).resolve().parents[2]
COLLECTIONS = ROOT / ".build" / "collections"


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
        return run_playbook(collections_path, tmp_path, str(path), *options, env=env)

    return run


@pytest.fixture
def connection(sim: Simulator) -> dict[str, str]:  # noqa: F811  # the fixture imported above, by name
    """The options that reach the simulator's demo tenant."""
    return {"api_url": sim.base_url, **DEMO}
