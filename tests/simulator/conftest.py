# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the simulator's tests; first, the repository root goes on sys.path so ``simulator`` imports from anywhere."""

# pylint: disable=wrong-import-position,redefined-outer-name  # imports after the path is set; pytest hands fixtures in by name

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import pytest  # noqa: E402
import requests  # noqa: E402

from simulator import Simulator, SimulatorClient  # noqa: E402


@pytest.fixture(scope="module")
def sim():
    """The simulator with the demo data, shared by a module's tests."""
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def control(sim: Simulator) -> SimulatorClient:
    """The demo simulator's control client, after a reset: each test starts from the seeded data."""
    client = sim.client
    client.reset()
    return client


@pytest.fixture
def session():
    """A keep-alive HTTP session, as the collection's clients use."""
    with requests.Session() as http_session:
        yield http_session


@pytest.fixture(scope="module")
def load_sim():
    """A simulator with 10,000 generated campaigns (tenant "load") and nothing else."""
    with Simulator(data={"tenants": []}, generate=10_000) as simulator:
        yield simulator
