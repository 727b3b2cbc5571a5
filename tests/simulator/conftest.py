# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures for the simulator's own tests; ``sim`` and ``control`` come from simulator.testing."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

import pytest
import requests

from simulator import Simulator
from simulator.testing import control, sim  # noqa: F401  # pylint: disable=unused-import  # fixtures, found by name


class FakeClock:
    """A monotonic clock that moves only when a test says so, for the Store's delays and rate limits."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


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


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def clocked_sim(clock):
    """A simulator of its own with the demo data whose store runs on ``clock``."""
    with Simulator(clock=clock) as simulator:
        yield simulator
