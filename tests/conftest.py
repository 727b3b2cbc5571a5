# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures shared by the simulator's tests and the end-to-end tests: one simulator with the demo data."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import typing as t

import pytest

from simulator import Simulator, SimulatorClient


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
