# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""pytest fixtures for tests that run against the simulator; a conftest.py takes them with
``from simulator.testing import control, sim``. They live here, not in a tests/conftest.py, which pytest would also
load for the unit tests: those run without the simulator (ansible-test units, and the collection from Galaxy)."""

from __future__ import annotations

import typing as t

import pytest

from .client import SimulatorClient
from .server import Simulator


@pytest.fixture(scope="session")
def sim() -> t.Iterator[Simulator]:
    """The simulator with the demo data, started once for the whole run."""
    with Simulator() as simulator:
        yield simulator


@pytest.fixture
def control(sim: Simulator) -> SimulatorClient:  # pylint: disable=redefined-outer-name  # pytest hands fixtures in by name
    """The simulator's control client, after a reset: each test starts from the seeded data with an empty log."""
    client = sim.client
    client.reset()
    return client
