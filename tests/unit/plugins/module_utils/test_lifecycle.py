# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _lifecycle as lifecycle
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    TransitionNotAllowed,
    UnknownStatus,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    REFERENCE_PLAN,
    REFERENCE_STATUSES,
    REFERENCE_TRANSITIONS,
)

ALL_CASES = [(code, desired) for code in range(12) for desired in lifecycle.DESIRED_STATES]


def test_transition_table_is_the_vendor_diagram():
    edges = {(here, there) for here, theres in lifecycle.TRANSITIONS.items() for there in theres}
    assert edges == REFERENCE_TRANSITIONS


@pytest.mark.parametrize("code", range(12))
def test_every_status_code_has_its_vendor_name_and_state(code):
    assert (lifecycle.status_name(code), lifecycle.state_of(code)) == REFERENCE_STATUSES[code]


@pytest.mark.parametrize("code", [-1, 12, 42, None, "3", 3.5, 3.0, True])
def test_an_unknown_status_code_is_an_error_not_a_guess(code):
    with pytest.raises(UnknownStatus, match="unknown campaign status"):
        lifecycle.state_of(code)


@pytest.mark.parametrize("code, desired", ALL_CASES)
def test_plan_follows_the_reference_table_for_every_status_code(code, desired):
    expected = REFERENCE_PLAN[lifecycle.state_of(code)][desired]
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            lifecycle.plan(code, desired)
    else:
        assert list(lifecycle.commands(lifecycle.plan(code, desired))) == expected


def test_a_forbidden_change_names_the_status_and_the_states_still_reachable():
    with pytest.raises(TransitionNotAllowed) as caught:
        lifecycle.plan(0, "paused")
    assert str(caught.value) == "cannot become paused: its status is 0 (New); from here it can only become running"
    assert caught.value.reachable == ("running",)


def test_a_stopped_campaign_is_final():
    with pytest.raises(TransitionNotAllowed) as caught:
        lifecycle.plan(6, "running")
    assert "6 (Completed (Stopped))" in str(caught.value)
    assert "stopped is final" in str(caught.value)
    assert caught.value.reachable == ()


@pytest.mark.parametrize(
    "code, expected",
    [
        (0, ("running",)),
        (3, ("paused", "purged", "stopped")),
        (8, ("running", "purged", "stopped")),
        (10, ("running", "stopped")),
        (5, ()),
    ],
)
def test_reachable_states(code, expected):
    assert lifecycle.reachable(code) == expected


def test_an_unknown_desired_state_is_refused():
    with pytest.raises(CampaignError, match="unknown desired state 'new'"):
        lifecycle.plan(3, "new")


def test_every_state_has_a_landing_status_of_its_own():
    for state, code in lifecycle.LANDING_STATUS.items():
        assert lifecycle.state_of(code) == state
        assert lifecycle.status_name(code).startswith("Manual")


@given(
    status=st.one_of(st.integers(-5, 20), st.none(), st.text(max_size=3)),
    desired=st.sampled_from(lifecycle.DESIRED_STATES),
)
def test_any_pair_gives_a_valid_plan_or_a_clear_error(status, desired):
    try:
        path = lifecycle.plan(status, desired)
    except CampaignError as error:
        assert str(error)
        return
    here = lifecycle.state_of(status)
    for step, there in enumerate(path):
        assert there in lifecycle.TRANSITIONS[here], "every step is a transition the platform allows"
        assert step == len(path) - 1 or there != "running", "a plan never passes through running"
        here = there
    assert lifecycle.satisfies(here, desired)
