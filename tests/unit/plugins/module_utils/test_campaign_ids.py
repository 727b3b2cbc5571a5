# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One way to read a list of campaign IDs: every spelling a person or a tool writes gives the same list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.extensions.eda.plugins.event_source import (
    campaign_status as source,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_id, campaign_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import runbook_ids


@pytest.mark.parametrize(
    "value, ids",
    [
        ("125 126", [125, 126]),  # a survey field: once read as campaign 125126
        ("125,126", [125, 126]),
        (" 125 , 126\n127 ", [125, 126, 127]),
        ("125, 126 127", [125, 126, 127]),
        ("[125, '126', \"127\"]", [125, 126, 127]),
        ("'125'", [125]),
        (125, [125]),
        ([125, "126", " 127 "], [125, 126, 127]),
        ([{"id": "401", "state": "paused"}, {"id": 402}], [401, 402]),  # a desired state's entries, quoted or not
        ("125 126 125", [125, 126]),  # each once, in the order first given
        ("", []),
        ([], []),
        (None, []),
    ],
)
def test_the_spellings_people_use_give_the_ids(value, ids):
    assert campaign_ids(value) == ids


@pytest.mark.parametrize(
    "value, message",
    [
        ("125,,126", "campaign_ids: item 2 ('') is not a campaign ID (a positive whole number)"),
        ("125,", "campaign_ids: item 2 ('') is not a campaign ID (a positive whole number)"),
        ("12a", "campaign_ids: item 1 ('12a') is not a campaign ID (a positive whole number)"),
        (
            "\u00b2",
            "campaign_ids: item 1 ('\u00b2') is not a campaign ID (a positive whole number)",
        ),  # str.isdigit() takes it
        ("0 -3", "campaign_ids: item 1 ('0'), item 2 ('-3') are not campaign IDs (a positive whole number)"),
        (["125 126"], "campaign_ids: item 1 ('125 126') is not a campaign ID (a positive whole number)"),
        ([True, 12.0], "campaign_ids: item 1 (True), item 2 (12.0) are not campaign IDs (a positive whole number)"),
        (
            [{"state": "paused"}],
            "campaign_ids: item 1 ({'state': 'paused'}) is not a campaign ID (a positive whole number)",
        ),
    ],
)
def test_anything_else_is_refused_naming_each_bad_item(value, message):
    with pytest.raises(CampaignError) as caught:
        campaign_ids(value)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize("value", [True, False, 0, -1, 1.5, 12.0, "12a", "1 2", "", None, "\u0661"])
def test_one_id_is_a_positive_whole_number_and_nothing_else(value):
    assert campaign_id(value) is None


_ids = st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=20)
_separator = st.sampled_from([",", " ", ", ", " ,", "\t", "\n", " , ", "  "])


@st.composite
def spellings(draw: st.DrawFn) -> tuple[list[int], object]:
    """A list of IDs, and one way of writing it that the collection accepts."""
    ids = draw(_ids)
    texts = [draw(st.sampled_from(["{}", "'{}'", '"{}"', " {} "])).format(i) for i in ids]
    form = draw(st.sampled_from(["text", "bracketed", "list of ints", "list of texts", "entries"]))
    if form in ("text", "bracketed"):
        text = texts[0] + "".join(draw(_separator) + item for item in texts[1:])
        return ids, f"[{text}]" if form == "bracketed" else text
    if form == "list of ints":
        return ids, list(ids)
    if form == "list of texts":
        return ids, [str(i) for i in ids]
    return ids, [{"id": draw(st.sampled_from([i, str(i)])), "state": "paused"} for i in ids]


@given(spellings())
def test_every_accepted_spelling_of_a_list_gives_the_same_ids_everywhere(case):
    """The modules (campaign_ids, runbook_ids) and the event source read a spelling to the same campaigns."""
    ids, spelling = case
    expected = list(dict.fromkeys(ids))
    assert campaign_ids(spelling) == expected
    assert runbook_ids(spelling, None)[0] == expected
    connection = {"platform": "na12", "username": "acme", "data_token": "data-secret-6d1f"}
    watched = source.settings({**connection, "campaign_ids": spelling}, {}).campaigns
    assert [campaign for campaign, _desired in watched] == expected
