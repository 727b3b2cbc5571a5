# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import (
    Campaign,
    UnexpectedAnswer,
    parse_campaign,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import summary
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import campaign_answer


def test_the_seed_example_becomes_a_campaign_with_every_field():
    campaign = parse_campaign(campaign_answer(6561, 3, **{"campaign-name": "My Callbacks"}), 6561)
    result = campaign.as_result()
    assert result["id"] == 6561
    assert result["name"] == "My Callbacks"
    assert (result["status"], result["status_name"], result["state"]) == (3, "Manual Running", "running")
    assert result["enabled"] is True and result["dynamic"] is True
    # every other field, in snake_case, flags as booleans, empty values as None
    assert result["no_of_records"] == 18
    assert result["caller_id"] == 13125555068
    assert result["sequential"] is False
    assert result["start_time"] is None
    assert result["abandon_max_retry"] is None
    assert result["actual_run_time"] == "2022-10-17T22:31:02+01:00"
    assert result["schedule_name"] == "'5-6pm Eastern'"
    assert result["timezone"] == "EST5EST"


def test_numbers_sent_as_strings_are_numbers():
    campaign = parse_campaign(campaign_answer(125, "8", **{"campaign-id": "125", "queue-id": " 598 "}), 125)
    assert campaign.status == 8
    assert campaign.fields["queue_id"] == 598
    assert campaign.state == "paused"


def test_the_normalised_keys_are_not_repeated_under_their_raw_names():
    result = parse_campaign(campaign_answer(125, 3), 125).as_result()
    assert not {"campaign_id", "campaign_name", "dynamic_campaign"} & set(result)
    assert list(result)[:7] == ["id", "name", "enabled", "dynamic", "state", "status", "status_name"]


def test_an_api_field_never_overwrites_a_normalised_key():
    answer = campaign_answer(125, 3, id=999, name="raw", state="weird", status_name="Odd", dynamic="maybe")
    result = parse_campaign(answer, 125).as_result()
    assert (result["id"], result["name"], result["state"], result["status_name"], result["dynamic"]) == (
        125,
        "Spring renewals",
        "running",
        "Manual Running",
        True,
    )


@pytest.mark.parametrize(
    "name, value",
    [
        ("caller-id", "+13125555068"),
        ("queue-id", "queue-7"),
        ("no-of-records", 12.5),
        ("max-retry", True),
        ("sequential", "sometimes"),
        ("calling-window", {"from": "9:00"}),
    ],
)
def test_fields_the_modules_do_not_act_on_are_returned_as_given_when_in_another_shape(name, value):
    campaign = parse_campaign(campaign_answer(125, 3, **{name: value}), 125)
    assert campaign.as_result()[name.replace("-", "_")] == value


def test_a_campaign_name_that_looks_like_a_number_stays_text():
    assert parse_campaign(campaign_answer(125, 3, **{"campaign-name": "2024"}), 125).name == "2024"


def test_flags_decide_enabled_and_dynamic():
    campaign = parse_campaign(campaign_answer(125, 3, enabled="N", **{"dynamic-campaign": "n"}), 125)
    assert campaign.enabled is False
    assert campaign.dynamic is False


def test_the_diff_summary_holds_only_the_status():
    assert summary(10) == {"state": "purged", "status": 10, "status_name": "Manual Purged"}


@pytest.mark.parametrize(
    "answer, message",
    [
        ({}, "no 'campaign' object"),
        ([], "no 'campaign' object"),
        ({"campaign": "x"}, "no 'campaign' object"),
        ({"campaign": {"enabled": "Y", "dynamic-campaign": "Y"}}, "no 'status' field"),
        (campaign_answer(125, ""), "'status' is empty"),
        (campaign_answer(125, "three"), "field 'status' should be a number, got 'three'"),
        (campaign_answer(125, True), "field 'status' should be a number"),
        (campaign_answer(125, "--5"), "field 'status' should be a number"),
        (campaign_answer(125, "\u00b2"), "field 'status' should be a number"),
        (campaign_answer(125, 3, enabled="maybe"), "field 'enabled' should be 'Y' or 'N'"),
        (campaign_answer(999, 3), "asked for campaign 125, the answer describes campaign 999"),
    ],
)
def test_an_answer_in_another_shape_is_a_clear_error(answer, message):
    with pytest.raises(UnexpectedAnswer, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_campaign(answer, 125)


def test_an_unknown_status_code_in_an_answer_is_an_error():
    with pytest.raises(CampaignError, match="unknown campaign status 42"):
        parse_campaign(campaign_answer(125, 42), 125)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_FIELD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 15), st.sampled_from(["", "Y", "N", "3", "x"]), _JSON
)


@given(answer=_JSON)
def test_any_decoded_json_is_a_campaign_or_a_clear_error(answer):
    try:
        campaign = parse_campaign(answer, 125)
    except CampaignError as error:
        assert str(error)
    else:
        assert isinstance(campaign, Campaign)


@given(
    fields=st.dictionaries(
        st.sampled_from(["status", "enabled", "dynamic-campaign", "campaign-id", "queue-id", "campaign-name"]),
        _FIELD_VALUES,
    )
)
def test_any_campaign_fields_give_a_campaign_or_a_clear_error(fields):
    answer = {"campaign": {"status": 3, "enabled": "Y", "dynamic-campaign": "Y", **fields}}
    try:
        campaign = parse_campaign(answer, 125)
    except CampaignError as error:
        assert str(error)
    else:
        assert campaign.as_result()["state"] in ("new", "running", "paused", "purged", "stopped")
