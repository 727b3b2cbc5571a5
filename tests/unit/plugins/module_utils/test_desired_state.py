# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The desired-state file, versions 1 and 2, checked as a whole: every problem named with its place, in one error."""

from __future__ import annotations

import typing as t
from datetime import datetime

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._jurisdictions import JurisdictionWindow
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import Window
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import (
    EXAMPLE,
    SPEC_EXAMPLE,
    at,
    calling,
    running,
)


def test_policy_next_change_is_the_first_edge_of_any_window():
    policy = load_policy(EXAMPLE)
    assert policy.next_change(at("2026-12-23T17:00:00-06:00")) == at("2026-12-24T00:00:00Z")  # 18:00 in Chicago
    assert policy.next_change(at("2026-12-24T00:00:00Z")) == at("2026-12-24T03:00:00Z")  # 21:00 in Chicago
    assert load_policy({"campaigns": []}).next_change(at("2026-12-23T22:00:00Z")) is None


# Validation: every problem, each named with its place, in one error.


def problems_of(content, where="the desired state"):
    with pytest.raises(CampaignError) as caught:
        load_policy(content, where)
    text = str(caught.value)
    head, _separator, rest = text.partition(" problem(s): ")
    count = int(head.rsplit(" ", 1)[1])
    assert head == f"{where} has {count}"
    problems = rest.split("; ")
    assert len(problems) >= count
    return text, count


def test_a_version_1_list_gives_its_pairs_in_order():
    assert load_policy([{"id": 3, "state": "paused"}, {"id": "7", "state": "running"}]).pairs() == [
        (3, "paused"),
        (7, "running"),
    ]


@pytest.mark.parametrize(
    "entries, problems",
    [
        (
            [{"id": 108, "state": "running"}, {"id": 108, "state": "paused"}],
            [
                "campaigns[1] (id 108) lists campaign 108 again (first as running, then as paused): give each campaign once"
            ],
        ),
        (
            [{"id": 108, "state": "paused"}, {"id": 108, "state": "paused"}],
            ["campaigns[1] (id 108) lists campaign 108 again (with the same state): give each campaign once"],
        ),
        (
            [{"id": 5, "stat": "paused"}],
            [
                "campaigns[0] (id 5) has unknown keys stat: each entry takes id, state, mode and reaches",
                "campaigns[0] (id 5) needs a state, one of running, paused, purged, stopped; got None",
            ],
        ),
        (
            [{"id": 5, "state": "pausd"}],
            ["campaigns[0] (id 5) needs a state, one of running, paused, purged, stopped; got 'pausd'"],
        ),
        (
            [{"state": "paused"}, {"id": 0, "state": "paused"}, {"id": True, "state": "paused"}],
            [
                "campaigns[0] needs an id, a positive whole number; got None",
                "campaigns[1] needs an id, a positive whole number; got 0",
                "campaigns[2] needs an id, a positive whole number; got True",
            ],
        ),
        (["108: paused"], ["campaigns[0] is '108: paused', not a mapping of id and state"]),
    ],
)
def test_every_bad_version_1_entry_is_named_before_anything_is_sent(entries, problems):
    with pytest.raises(CampaignError) as caught:
        load_policy(entries, "the campaigns list")
    assert str(caught.value) == (f"the campaigns list has {len(problems)} problem(s): {'; '.join(problems)}")


def test_an_unknown_key_of_an_entry_names_the_keys_it_takes_now():
    assert str(pytest.raises(CampaignError, load_policy, [{"id": 5, "state": "paused", "note": "x"}]).value) == (
        "the desired state has 1 problem(s): campaigns[0] (id 5) has unknown keys note: each entry takes id, state, "
        "mode and reaches"
    )


def window_problem(**keys):
    """The one problem of a file whose only window is calling hours with ``keys`` changed (None: left out)."""
    window = {**calling(campaigns=[125]), **keys}
    window = {key: value for key, value in window.items() if value is not None}
    with pytest.raises(CampaignError) as caught:
        load_policy({"campaigns": running(125, 126), "windows": [window]})
    return str(caught.value).partition(" problem(s): ")[2]


NAMED = "windows[0].{} (US calling hours)"
ONE_OFF = {
    "kind": "freeze",
    "start": None,
    "end": None,
    "from": "2026-12-24T00:00:00Z",
    "until": "2026-12-27T00:00:00Z",
}
WINDOW_PROBLEMS = [
    (
        {"time_zone": "America/Chicgo"},
        "windows[0].time_zone (US calling hours) is 'America/Chicgo', not a time zone this system knows (an IANA name "
        "such as America/Chicago)",
    ),
    (
        {"time_zone": None},
        "windows[0].time_zone (US calling hours) is missing: give the IANA name of the window's time zone, such as "
        "America/Chicago",
    ),
    ({"time_zone": 6}, "windows[0].time_zone (US calling hours) is 6, not a time zone name such as America/Chicago"),
    (
        {"time_zone": "../../etc/passwd"},
        "windows[0].time_zone (US calling hours) is '../../etc/passwd', not a time zone this system knows (an IANA name "
        "such as America/Chicago)",
    ),
    (
        {"kind": "calling-hours"},
        "windows[0].kind (US calling hours) is 'calling-hours', not one of calling_hours, freeze",
    ),
    ({"kind": None}, "windows[0].kind (US calling hours) is missing, not one of calling_hours, freeze"),
    ({"name": None}, "windows[0].name is missing: each window needs a name, such as 'US calling hours'"),
    ({"name": " "}, "windows[0].name is ' ': each window needs a name, such as 'US calling hours'"),
    (
        {"days": ["Mon", "monday"]},
        "windows[0].days (US calling hours) has 'Mon', 'monday', which are not days: use mon, tue, wed, thu, fri, sat, "
        "sun",
    ),
    ({"days": ["mon", "tue", "mon"]}, "windows[0].days (US calling hours) lists mon more than once"),
    ({"days": []}, "windows[0].days (US calling hours) is empty: leave it out for every day"),
    (
        {"days": "mon-fri"},
        "windows[0].days (US calling hours) is 'mon-fri', not a list of days such as [mon, tue, wed, thu, fri]",
    ),
    ({"start": "8am"}, 'windows[0].start (US calling hours) is \'8am\', not a time of day as "HH:MM" or "HH:MM:SS"'),
    (
        {"start": "24:00"},
        'windows[0].start (US calling hours) is \'24:00\', not a time of day as "HH:MM" or "HH:MM:SS"',
    ),
    (
        {"end": "21:60"},
        'windows[0].end (US calling hours) is \'21:60\', not a time of day as "HH:MM" or "HH:MM:SS", at most "24:00"',
    ),
    (
        {"end": 1260},
        'windows[0].end (US calling hours) is 1260, not a time of day as "HH:MM" or "HH:MM:SS", at most "24:00" (YAML '
        "reads an unquoted 21:00 as the number 1260: quote the time)",
    ),
    ({"end": None}, 'windows[0].end (US calling hours) is missing: give start and end, as "08:00" and "21:00"'),
    (
        {"end": "08:00:00"},
        "windows[0].end (US calling hours) is the start, 08:00: give a later end, or an earlier one to run past midnight",
    ),
    (
        {"from": "2026-12-24T00:00:00Z"},
        "windows[0] (US calling hours) has from or until: calling hours recur, with days, start and end",
    ),
    (
        {"campaigns": [125, 999, 1000]},
        "windows[0].campaigns (US calling hours) lists 999, 1000, which are not campaigns of the file",
    ),
    (
        {"campaigns": [125, "12a"]},
        "windows[0].campaigns: item 2 ('12a') is not a campaign ID (a positive whole number)",
    ),
    (
        {"campaigns": []},
        "windows[0].campaigns (US calling hours) is empty: list campaign IDs, or leave it out for every campaign of the "
        "file",
    ),
    (
        {"campaigns": "125"},
        "windows[0].campaigns (US calling hours) is '125', not a list of campaign IDs: leave it out for every campaign",
    ),
    (
        {"note": "x", "zone": "UTC"},
        "windows[0] (US calling hours) has unknown keys note, zone: a window takes name, kind, time_zone, days, start, "
        "end, from, until, campaigns, reaches",
    ),
    (
        {"kind": "freeze", "from": "2026-12-24T00:00:00Z", "until": "2026-12-27T00:00:00Z"},
        "windows[0] (US calling hours) has both from/until and days/start/end: a freeze is one-off (from, until) or "
        "recurring",
    ),
    (
        {"kind": "freeze", "start": None, "end": None},
        "windows[0] (US calling hours) needs from and until (a one-off freeze), or start and end (a recurring one)",
    ),
    (
        {**ONE_OFF, "until": None},
        "windows[0].until (US calling hours) is missing: a one-off freeze needs from and until, such as "
        "2026-12-24T00:00:00+00:00",
    ),
    (
        {**ONE_OFF, "until": "2026-12-24T00:00:00+00:00"},
        "windows[0].until (US calling hours) is 2026-12-24T00:00:00+00:00, not after from (2026-12-24T00:00:00+00:00)",
    ),
    (
        {**ONE_OFF, "from": "2026-12-24"},
        "windows[0].from (US calling hours) is '2026-12-24', not a time in ISO 8601 with an offset, such as "
        "2026-12-24T00:00:00+00:00",
    ),
    (
        {**ONE_OFF, "from": datetime(2026, 12, 24)},
        "windows[0].from (US calling hours) is 2026-12-24T00:00:00, without an offset: give one, such as "
        "2026-12-24T00:00:00+00:00",
    ),
    (
        {**ONE_OFF, "kind": "freeze", "time_zone": "Europe/Lundon"},
        "windows[0].time_zone (US calling hours) is 'Europe/Lundon', not a time zone this system knows (an IANA name "
        "such as America/Chicago)",
    ),
]


@pytest.mark.parametrize("keys, problem", WINDOW_PROBLEMS, ids=[str(c[0]) for c in WINDOW_PROBLEMS])
def test_each_window_problem_is_named_with_its_place(keys, problem):
    assert window_problem(**keys) == problem


@pytest.mark.parametrize(
    "content, problem",
    [
        ("campaigns: []", "it is 'campaigns: []', not a mapping with campaigns (and windows), nor a list of campaigns"),
        (None, "it is None, not a mapping with campaigns (and windows), nor a list of campaigns"),
        ({}, "campaigns is missing: list the campaigns, each as {id, state}"),
        ({"campaigns": None}, "campaigns is None, not a list of {id, state}"),
        ({"campaigns": [], "windows": None}, "windows is None, not a list of windows ([] for none)"),
        ({"campaigns": [], "version": 1}, "version is 1: give version 2, or leave version out"),
        ({"campaigns": [], "version": "2"}, "version is '2': give version 2, or leave version out"),
        ({"campaigns": [], "version": True}, "version is True: give version 2, or leave version out"),
        (
            {"campaigns": [], "window": []},
            "it has unknown keys window: a desired state takes version, campaigns, windows, reaches and jurisdictions",
        ),
        (
            {"campaigns": running(125, mode="gaurd")},
            "campaigns[0].mode (id 125) is 'gaurd', not one of enforce, guard, observe",
        ),
        (
            {"campaigns": running(125, mode=None)},
            "campaigns[0].mode (id 125) is None, not one of enforce, guard, observe",
        ),
    ],
)
def test_each_problem_of_the_file_is_named(content, problem):
    with pytest.raises(CampaignError) as caught:
        load_policy(content, "the desired-state file desired.yml")
    assert str(caught.value) == f"the desired-state file desired.yml has 1 problem(s): {problem}"


def test_every_problem_is_named_at_once():
    content = {
        "version": 3,
        "campaigns": [{"id": 125, "state": "running", "mode": "gaurd"}, {"id": 125, "state": "running"}],
        "windows": [
            calling(time_zone="America/Chicgo", days=["Mon"]),
            {**calling(), "campaigns": [999]},
            {"name": "Year-end freeze", "kind": "freeze", "from": "2026-12-27T00:00:00Z", "until": "2026-12-24T00:00Z"},
            "every night",
        ],
    }
    problems = [
        "version is 3: give version 2, or leave version out",
        "campaigns[0].mode (id 125) is 'gaurd', not one of enforce, guard, observe",
        "windows[0].time_zone (US calling hours) is 'America/Chicgo', not a time zone this system knows (an IANA "
        "name such as America/Chicago)",
        "windows[0].days (US calling hours) has 'Mon', which is not a day: use mon, tue, wed, thu, fri, sat, sun",
        "windows[1].campaigns (US calling hours) lists 999, which is not a campaign of the file",
        "windows[1].name (US calling hours) is also the name of windows[0]: give each window its own name",
        "windows[2].until (Year-end freeze) is 2026-12-24T00:00:00+00:00, not after from (2026-12-27T00:00:00+00:00)",
        "windows[3] is 'every night', not a mapping with name, kind and time_zone",
    ]
    with pytest.raises(CampaignError) as caught:
        load_policy(content)
    assert str(caught.value) == f"the desired state has 8 problem(s): {'; '.join(problems)}"


def test_a_file_as_yaml_reads_it():
    text = SPEC_EXAMPLE.replace('"2026-12-24T00:00:00+00:00"', "2026-12-24T00:00:00+00:00")  # YAML's own timestamp
    policy = load_policy(yaml.safe_load(text))
    assert t.cast(Window, policy.windows[1]).from_ == at("2026-12-24T00:00:00Z")
    assert policy == load_policy(EXAMPLE)
    unquoted = yaml.safe_load(SPEC_EXAMPLE.replace('"21:00"', "21:00"))
    assert "windows[0].end (US calling hours) is 1260," in str(
        pytest.raises(CampaignError, load_policy, unquoted).value
    )


# Jurisdictions: what each campaign reaches, and the team's own calling rules.

FLORIDA_TEAM_ROW = {
    "code": "US-FL",
    "name": "Florida, as our counsel reads it",
    "zones": ["America/New_York", "America/Chicago"],
    "hours": {"mon": "09:00-19:00", "tue": "09:00-19:00", "wed": "09:00-19:00", "thu": "09:00-19:00"},
    "within": "US",
    "citation": "Fla. Stat. 501.616(6)(a); counsel's memo 2026-11",
    "checked": "2026-11-30",
}


def jurisdictions_of(policy):
    return {window.name: window.campaigns for window in policy.windows if window.name[:2] in ("US", "CA", "AU")}


def test_reaches_on_a_campaign_a_window_and_the_file_make_one_window_per_code_scoped_to_who_reaches_it():
    policy = load_policy(
        {
            "reaches": ["US"],
            "campaigns": [
                *running(1, reaches=["US-FL", "us-tx"]),
                *running(2),
                *running(3, reaches=[]),
                *running(4, reaches=["US-FL"]),
            ],
            "windows": [{"name": "Canada team", "kind": "calling_hours", "reaches": ["CA"], "campaigns": [3]}],
        }
    )
    assert jurisdictions_of(policy) == {"US-FL": (1, 4), "US-TX": (1,), "US": (2,), "CA": (3,)}
    assert [w.name for w in policy.windows] == ["US-FL", "US-TX", "US", "CA"]  # a window with reaches only adds none


def test_a_jurisdiction_every_campaign_reaches_is_scoped_to_all():
    policy = load_policy({"reaches": ["US-FL"], "campaigns": running(1, 2)})
    assert jurisdictions_of(policy) == {"US-FL": None}


def test_a_calling_hours_window_with_hours_and_reaches_is_both():
    policy = load_policy({"campaigns": running(125), "windows": [calling(reaches=["US-AL"])]})
    assert [(w.name, w.campaigns) for w in policy.windows] == [("US calling hours", None), ("US-AL", None)]


def test_an_unknown_code_is_refused_by_name_with_its_place_before_anything_is_sent():
    text, count = problems_of(
        {
            "reaches": "US-FL",
            "campaigns": [*running(1), *running(2, reaches=["US-FL", "US-ZZ", 7])],
            "windows": [{"name": "x", "kind": "calling_hours", "reaches": ["XX"]}],
        }
    )
    assert count == 4
    assert "reaches is 'US-FL', not a list of jurisdiction codes such as [US-FL, US-TX]" in text
    assert "campaigns[1].reaches[1] (id 2) is 'US-ZZ', a jurisdiction with no calling rule" in text
    assert "campaigns[1].reaches[2] (id 2) is 7, a jurisdiction with no calling rule" in text
    assert "windows[0].reaches[0] (x) is 'XX', a jurisdiction with no calling rule" in text


def test_reaches_on_a_freeze_is_refused():
    text, _count = problems_of(
        {"campaigns": running(1), "windows": [{**calling(), "kind": "freeze", "reaches": ["US"]}]}
    )
    assert "windows[0].reaches (US calling hours) is for calling_hours windows" in text


def test_the_teams_own_row_wins_over_the_shipped_one_row_by_row():
    policy = load_policy({"campaigns": running(1, reaches=["US-FL", "US-TX"]), "jurisdictions": [FLORIDA_TEAM_ROW]})
    florida, texas = (t.cast(JurisdictionWindow, window) for window in policy.windows)
    assert florida.rule.name == "Florida, as our counsel reads it" and florida.rule.hours[4] is None  # Friday closed
    assert [rule.code for rule in florida.rules] == ["US-FL", "US"]
    assert texas.rule.citation.startswith("Tex. Bus. & Com. Code 301.051")  # the shipped row: not overridden
    thursday_evening = at("2026-06-11T19:30:00-04:00")
    assert not florida.contains(thursday_evening)
    assert florida.closed_because(thursday_evening) == (
        "US-FL closed at 19:00 in America/New_York (Fla. Stat. 501.616(6)(a); counsel's memo 2026-11)"
    )


def test_a_new_code_of_the_teams_own_can_be_reached():
    row = {**FLORIDA_TEAM_ROW, "code": "US-GA", "name": "Georgia", "zones": ["America/New_York"], "holidays": "US-GA"}
    policy = load_policy({"campaigns": running(1, reaches=["US-GA"]), "jurisdictions": [row]})
    (georgia,) = (t.cast(JurisdictionWindow, window) for window in policy.windows)
    assert georgia.rule.holidays == ("US", "GA") and georgia.needs_holidays
    assert not georgia.contains(at("2026-12-24T12:00:00-05:00"))  # Christmas Eve is a Georgia state holiday


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"code": "Florida"}, "jurisdictions[0].code is 'Florida', not an ISO 3166 code such as US, US-FL or CA-ON"),
        ({"zones": ["America/Miami"]}, "jurisdictions[0].zones[0] (US-FL) is 'America/Miami', not a time zone"),
        ({"zones": []}, "jurisdictions[0].zones (US-FL) is []: list every IANA time zone its called parties may be"),
        ({"hours": {"mon": "20:00-08:00"}}, "jurisdictions[0].hours.mon (US-FL) is '20:00-08:00', not \"HH:MM-HH:MM\""),
        ({"hours": {"monday": "08:00-20:00"}}, "jurisdictions[0].hours (US-FL) has 'monday', which is not a day"),
        ({"holidays": "ZZ"}, "jurisdictions[0].holidays (US-FL) is ZZ, which the holidays package does not know"),
        ({"within": "EU"}, "jurisdictions[0].within (US-FL) is 'EU': EU (which US-FL lies within) has no calling rule"),
        ({"checked": "last week"}, "jurisdictions[0].checked (US-FL) is 'last week', not the date the row was last"),
        ({"citation": None}, "jurisdictions[0].citation (US-FL) is missing: every row needs its citation"),
        ({"source": "x"}, "jurisdictions[0] (US-FL) has unknown keys source: a calling rule takes code, name, zones"),
    ],
)
def test_each_problem_of_a_teams_row_is_named_with_its_place(changes, problem):
    row = {key: value for key, value in {**FLORIDA_TEAM_ROW, **changes}.items() if value is not None}
    text, _count = problems_of({"campaigns": running(1, reaches=["US-FL"]), "jurisdictions": [row]})
    assert problem in text


def test_a_row_given_twice_and_a_loop_of_within_are_refused():
    georgia = {**FLORIDA_TEAM_ROW, "code": "US-GA", "within": "US-FL"}
    looped = {**FLORIDA_TEAM_ROW, "within": "US-GA"}
    text, _count = problems_of({"campaigns": running(1), "jurisdictions": [georgia, looped, looped]})
    assert "jurisdictions[2].code (US-FL) is also the code of jurisdictions[1]: give each code once" in text
    assert "lies within itself" in text


def test_a_yaml_date_is_a_check_date():
    row = yaml.safe_load(
        "code: US-FL\nname: F\nzones: [America/New_York]\nhours: {mon: '08:00-20:00'}\n"
        "citation: c\nchecked: 2026-11-30\n"
    )
    policy = load_policy({"campaigns": running(1, reaches=["US-FL"]), "jurisdictions": [row]})
    assert str(t.cast(JurisdictionWindow, policy.windows[0]).rule.checked) == "2026-11-30"


def test_without_the_holidays_package_a_rule_that_needs_it_names_what_to_install(monkeypatch):
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _desired_state

    monkeypatch.setattr(_desired_state, "holidays_library", lambda: None)
    assert load_policy({"campaigns": running(1, reaches=["US-FL", "US-TX"])}).windows  # no holidays: no need
    with pytest.raises(CampaignError) as caught:
        load_policy({"campaigns": [*running(1, reaches=["US-FL"]), *running(2, reaches=["US-LA", "US-AL"])]})
    assert str(caught.value) == (
        "the Python library holidays is needed to read the calling rules of US-AL, US-LA, which close on holidays, "
        "and it cannot be imported here: install it (pip install holidays) where the modules run; nothing was sent"
    )
