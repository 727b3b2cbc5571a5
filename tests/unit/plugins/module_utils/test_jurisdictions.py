# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The shipped calling rules as data, and the windows they make: each checked row against its source's window and
citation, no check date on a row that was never checked, the time zones, and worked instants across Sundays,
holidays and daylight-saving changes; property tests over 2026-2028."""

from __future__ import annotations

import inspect
import os
import pathlib
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import decide
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._jurisdictions import (
    CHECKED,
    NO_RULE_OF_ITS_OWN,
    NOT_CHECKED,
    RULES,
    RULES_BY_CODE,
    JurisdictionWindow,
    chain,
    effective_hours,
    hours_text,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import at, running

UTC = timezone.utc
EASTERN = ZoneInfo("America/New_York")
CENTRAL = ZoneInfo("America/Chicago")


def window(code):
    return JurisdictionWindow(chain(code, RULES_BY_CODE))


def hours(code):
    return hours_text(effective_hours([RULES_BY_CODE[code]]))


# The rows checked against their source's words: (code, the words' citation, the hours they give as hours_text shows
# them). A row gets a check date only with a line here.
CHECKED_AGAINST = [
    ("US", "47 CFR 64.1200(c)(1)", "08:00-21:00"),
    ("US-AL", "Ala. Admin. Code r. 770-X-5-.17(1)(b)", "mon-sat 08:00-20:00, sun closed"),
    ("US-FL", "Fla. Stat. 501.616(6)(a)", "08:00-20:00"),
    ("US-MA", "201 CMR 12.02(2)", "08:00-20:00"),
    ("US-NM", "N.M. Stat. 57-12-22(B)(5)", "09:00-21:00"),
    ("US-RI", "R.I. Gen. Laws 5-61-3.6 and 5-61-2", "mon-fri 09:00-18:00, sat 10:00-17:00, sun closed"),
    ("US-UT", "Utah Code 13-25a-103(3)", "mon-sat 08:00-21:00, sun closed"),
    ("US-WA", "RCW 19.158.040(2)", "08:00-20:00"),
    ("CA", "CRTC Unsolicited Telecommunications Rules, Part III", "mon-fri 09:00-21:30, sat-sun 10:00-18:00"),
    (
        "AU",
        "ACMA Telecommunications (Telemarketing and Research Calls) Industry Standard 2017",
        "mon-fri 09:00-20:00, sat 09:00-17:00, sun closed",
    ),
]
# The rows written from secondary sources, whose source's words were not read: their hours, as shipped.
NOT_CHECKED_ROWS = [
    ("US-CT", "09:00-20:00"),
    ("US-KY", "10:00-21:00"),
    ("US-LA", "mon-sat 08:00-20:00, sun closed"),
    ("US-MD", "08:00-20:00"),
    ("US-MI", "09:00-21:00"),
    ("US-MN", "09:00-21:00"),
    ("US-MS", "mon-sat 08:00-20:00, sun closed"),
    ("US-NV", "09:00-20:00"),
    ("US-OK", "08:00-20:00"),
    ("US-PA", "mon-sat 09:00-19:00, sun closed"),
    ("US-TX", "mon-sat 09:00-21:00, sun 12:00-21:00"),
]


@pytest.mark.parametrize("code, citation, expected", CHECKED_AGAINST, ids=[f"{c[0]}: {c[1]}" for c in CHECKED_AGAINST])
def test_each_checked_row_has_the_window_and_citation_of_its_source(code, citation, expected):
    rule = RULES_BY_CODE[code]
    assert citation in rule.citation
    assert hours(code) == expected
    assert rule.checked == CHECKED


@pytest.mark.parametrize("code, expected", NOT_CHECKED_ROWS)
def test_a_row_never_checked_says_so_and_keeps_its_hours(code, expected):
    rule = RULES_BY_CODE[code]
    assert rule.checked is None
    assert rule.note is not None and NOT_CHECKED in rule.note
    assert hours(code) == expected


def test_no_row_claims_a_check_it_did_not_get():
    """A check date only on the rows checked against their source, each with a citation; every other row says in
    its note that it was not checked."""
    checked = {rule.code for rule in RULES if rule.checked is not None}
    assert checked == {entry[0] for entry in CHECKED_AGAINST}
    for rule in RULES:
        if rule.checked is None:
            assert rule.note and NOT_CHECKED in rule.note, rule.code
        else:
            assert rule.citation.strip(), rule.code
            assert date(2026, 1, 1) <= rule.checked <= date.today(), rule.code


def test_a_row_of_zones_alone_claims_no_rule_of_its_own_and_no_check():
    zones_only = [rule for rule in RULES if rule.hours == NO_RULE_OF_ITS_OWN and rule.holidays is None]
    assert {rule.code for rule in zones_only} >= {"US-IN", "US-TN", "CA-ON", "AU-NSW"}
    for rule in zones_only:
        assert rule.within is not None and rule.checked is None, rule.code
        assert rule.citation.startswith("no rule of its own in this table"), rule.code


@pytest.mark.parametrize(
    "code, country",
    [
        ("US-AL", ("US", "AL")),
        ("US-LA", ("US", "LA")),
        ("US-PA", ("US", "PA")),
        ("US-RI", ("US", "RI")),
        ("US-UT", ("US", "UT")),
        ("AU", ("AU", None)),
    ],
)
def test_the_rows_that_ban_holidays_name_whose(code, country):
    assert RULES_BY_CODE[code].holidays == country


def test_the_table_is_ordered_by_code_each_once_with_a_name_seven_days_and_a_parent_it_has():
    codes = [rule.code for rule in RULES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    for rule in RULES:
        assert rule.citation.strip() and rule.name.strip()
        assert len(rule.hours) == 7
        assert all(span is None or 0 <= span[0] < span[1] <= 86400 for span in rule.hours)
        assert rule.within is None or rule.within == rule.code.split("-")[0]
        assert rule.within is None or rule.within in RULES_BY_CODE
        assert rule.holidays is None or rule.holidays[0] in holidays.list_supported_countries()


def test_every_zone_is_an_iana_zone():
    for rule in RULES:
        for name in rule.zones:
            assert ZoneInfo(name).key == name


TWO_ZONES = {
    "US-FL": {"America/New_York", "America/Chicago"},
    "US-TX": {"America/Chicago", "America/Denver"},
    "US-KY": {"America/New_York", "America/Chicago"},
    "US-TN": {"America/New_York", "America/Chicago"},
    "US-IN": {"America/Indiana/Indianapolis", "America/Chicago"},
    "US-MI": {"America/Detroit", "America/Menominee"},
    "US-ND": {"America/Chicago", "America/Denver"},
    "US-SD": {"America/Chicago", "America/Denver"},
    "US-NE": {"America/Chicago", "America/Denver"},
    "US-KS": {"America/Chicago", "America/Denver"},
    "US-ID": {"America/Boise", "America/Los_Angeles"},
    "US-OR": {"America/Los_Angeles", "America/Boise"},
    "US-NV": {"America/Los_Angeles", "America/Denver"},
    "CA-BC": {"America/Vancouver", "America/Edmonton"},
    "CA-ON": {"America/Toronto", "America/Winnipeg"},
    "CA-NL": {"America/St_Johns", "America/Goose_Bay"},
    "CA-SK": {"America/Regina", "America/Edmonton"},
    "AU-NSW": {"Australia/Sydney", "Australia/Broken_Hill", "Australia/Lord_Howe"},
    "AU-WA": {"Australia/Perth", "Australia/Eucla"},
}


@pytest.mark.parametrize("code, zones", sorted(TWO_ZONES.items()))
def test_a_jurisdiction_that_spans_zones_lists_each(code, zones):
    assert zones <= set(RULES_BY_CODE[code].zones)


@pytest.mark.parametrize("country", ["US", "CA", "AU"])
def test_a_country_lists_every_zone_of_its_states(country):
    within = {name for rule in RULES if rule.within == country for name in rule.zones}
    assert within <= set(RULES_BY_CODE[country].zones)
    provinces = {"CA": 13, "AU": 8}
    if country in provinces:  # every province and territory, every state and territory
        assert sum(rule.within == country for rule in RULES) == provinces[country]


def test_a_row_of_zones_alone_cites_the_rule_it_lies_within():
    assert RULES_BY_CODE["CA-ON"].hours == NO_RULE_OF_ITS_OWN
    assert window("CA-ON").describe().endswith(f"; {RULES_BY_CODE['CA'].source})")


# Worked cases with exact instants.


def decision(codes, when, **keys):
    policy = load_policy({"campaigns": running(1, reaches=list(codes), **keys)})
    return decide(policy, at(when))[0]


@pytest.mark.parametrize(
    "when, effective, reason",
    [
        ("2026-06-10T08:30:00-04:00", "paused", "US-FL opens at 08:00 in America/Chicago (Fla. Stat. 501.616(6)(a))"),
        ("2026-06-10T09:00:00-04:00", "running", "desired state"),
        ("2026-06-10T19:59:59-04:00", "running", "desired state"),
        ("2026-06-10T20:30:00-04:00", "paused", "US-FL closed at 20:00 in America/New_York (Fla. Stat. 501.616(6)(a))"),
    ],
)
def test_florida_dials_only_from_nine_to_eight_eastern(when, effective, reason):
    found = decision(["US-FL"], when)
    assert (found.effective, found.reason) == (effective, reason)
    assert found.citations == ((RULES_BY_CODE["US-FL"].citation,) if effective == "paused" else ())


def test_florida_names_its_day_in_describe():
    assert window("US-FL").describe() == (
        "US-FL (08:00-20:00 in America/New_York and America/Chicago; Fla. Stat. 501.616(6)(a))"
    )


@pytest.mark.parametrize(
    "when, effective, zone",
    [
        ("2026-06-14T11:00:00-05:00", "paused", "America/Chicago"),  # a Sunday: before noon in Central time
        # Noon in Central time is 11:00 in El Paso (Mountain): Texas's Sunday opens at 12:00 there, 13:00 Central.
        ("2026-06-14T12:00:00-05:00", "paused", "America/Denver"),
        ("2026-06-14T13:00:00-05:00", "running", None),
        ("2026-06-13T10:00:00-05:00", "running", None),  # Saturday: 09:00 Mountain
        ("2026-06-13T09:30:00-05:00", "paused", "America/Denver"),
    ],
)
def test_texas_opens_at_noon_on_sundays_in_each_of_its_zones(when, effective, zone):
    found = decision(["US-TX"], when)
    assert found.effective == effective
    if zone:
        assert found.reason.startswith("US-TX opens at ") and f" in {zone} " in found.reason


def test_texas_alone_in_central_time_opens_at_noon_on_sunday():
    own = {
        "code": "US-TX",
        "name": "Texas, Central time only",
        "zones": ["America/Chicago"],
        "hours": {day: "09:00-21:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat")} | {"sun": "12:00-21:00"},
        "citation": "Tex. Bus. & Com. Code 301.051",
        "checked": "2026-12-06",
        "within": "US",
    }
    policy = load_policy({"campaigns": running(1, reaches=["US-TX"]), "jurisdictions": [own]})
    assert decide(policy, at("2026-06-14T11:59:59-05:00"))[0].effective == "paused"
    assert decide(policy, at("2026-06-14T12:00:00-05:00"))[0].effective == "running"


@pytest.mark.parametrize(
    "when, holiday",
    [
        ("2026-12-25T12:00:00-06:00", "is closed on Christmas Day (2026-12-25)"),
        ("2026-12-27T12:00:00-06:00", "is closed on Sundays"),
        # Independence Day 2027 is a Sunday: the holiday is observed on Monday the 5th.
        ("2027-07-05T12:00:00-05:00", "is closed on Independence Day (observed) (2027-07-05)"),
    ],
)
def test_alabama_is_closed_on_sundays_and_its_holidays_observed_days_included(when, holiday):
    found = decision(["US-AL"], when)
    assert found.effective == "paused"
    assert found.reason.startswith(f"US-AL {holiday} in America/Chicago")
    assert decision(["US-AL"], "2027-07-06T12:00:00-05:00").effective == "running"


def test_louisiana_is_closed_on_its_holidays_too():
    assert decision(["US-LA"], "2026-12-25T12:00:00-06:00").effective == "paused"
    assert decision(["US-LA"], "2026-12-24T12:00:00-06:00").effective == "running"


def test_australia_never_on_a_sunday_nor_a_national_holiday():
    assert decision(["AU-VIC"], "2026-06-14T12:00:00+10:00").effective == "paused"  # a Sunday
    assert decision(["AU-VIC"], "2026-06-13T12:00:00+10:00").effective == "running"  # Saturday noon
    assert decision(["AU-VIC"], "2026-06-13T17:00:00+10:00").effective == "paused"  # Saturday ends at 17:00
    found = decision(["AU-VIC"], "2026-01-26T12:00:00+11:00")  # Australia Day, a Monday
    assert found.reason == (
        f"AU-VIC is closed on Australia Day (2026-01-26) in Australia/Melbourne (AU: {RULES_BY_CODE['AU'].source})"
    )


def test_the_next_edge_moves_with_the_spring_forward_and_fall_back_of_us_zones():
    florida = window("US-FL")
    # Florida opens at 08:00 Central, 09:00 Eastern: 14:00 UTC in winter, 13:00 UTC in summer.
    assert florida.next_change(at("2026-03-07T21:00:00-05:00")) == at("2026-03-08T13:00:00Z")
    assert florida.next_change(at("2026-10-31T21:00:00-04:00")) == at("2026-11-01T14:00:00Z")
    # And closes at 20:00 Eastern on each.
    assert florida.next_change(at("2026-03-08T12:00:00-04:00")) == at("2026-03-09T00:00:00Z")
    assert florida.next_change(at("2026-11-01T12:00:00-05:00")) == at("2026-11-02T01:00:00Z")


def test_the_next_edge_moves_with_the_daylight_saving_changes_of_australian_zones():
    victoria = window("AU-VIC")
    # Sunday closed, Monday opens at 09:00 in Melbourne: +10 before 2026-10-04, +11 after.
    assert victoria.next_change(at("2026-09-27T12:00:00+10:00")) == at("2026-09-27T23:00:00Z")
    assert victoria.next_change(at("2026-10-04T12:00:00+11:00")) == at("2026-10-04T22:00:00Z")
    # The clocks go back on Easter Sunday 2026-04-05, and Easter Monday is a national holiday: Tuesday, at +10.
    assert victoria.next_change(at("2026-04-05T12:00:00+10:00")) == at("2026-04-06T23:00:00Z")
    # New South Wales opens when it is 09:00 in Broken Hill, half an hour behind Sydney.
    assert window("AU-NSW").next_change(at("2026-10-04T12:00:00+11:00")) == at("2026-10-04T22:30:00Z")


def test_a_week_of_alabama_edges_skips_its_closed_days():
    alabama = window("US-AL")
    # Christmas Day 2026 is a Friday: closed; Saturday 26th opens at 08:00.
    assert alabama.next_change(at("2026-12-24T20:00:00-06:00")) == at("2026-12-26T14:00:00Z")


# Property tests over random instants of 2026-2028, across daylight-saving changes and holidays.

SOME_CODES = ["US", "US-FL", "US-TX", "US-AL", "US-LA", "US-KY", "US-IN", "CA", "CA-BC", "AU", "AU-NSW", "AU-WA"]
instants = st.integers(
    int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()), int(datetime(2028, 12, 31, tzinfo=UTC).timestamp())
).map(lambda seconds: datetime.fromtimestamp(seconds, UTC))
reaches = st.lists(st.sampled_from(SOME_CODES), min_size=1, max_size=4, unique=True)
PROPERTY = settings(max_examples=300, deadline=None)


def open_by_hand(code, moment):
    """The oracle: every rule of the chain, read directly, open in every zone of the jurisdiction."""
    rules = chain(code, RULES_BY_CODE)
    for name in rules[0].zones:
        local = moment.astimezone(ZoneInfo(name))
        for rule in rules:
            span = rule.hours[local.weekday()]
            seconds = local.hour * 3600 + local.minute * 60 + local.second
            if span is None or not span[0] <= seconds < span[1]:
                return False
            if rule.holidays and local.date() in holidays.country_holidays(
                rule.holidays[0], subdiv=rule.holidays[1], years=local.year
            ):
                return False
    return True


@PROPERTY
@given(instants, reaches)
def test_a_campaign_never_dials_while_a_reached_jurisdiction_is_closed_in_any_zone(moment, codes):
    found = decide(load_policy({"campaigns": running(1, reaches=codes)}), moment)[0]
    assert (found.effective == "running") == all(open_by_hand(code, moment) for code in codes)


@PROPERTY
@given(instants, reaches, st.data())
def test_removing_a_reached_jurisdiction_never_shortens_the_allowed_time(moment, codes, data):
    fewer = [code for code in codes if code != data.draw(st.sampled_from(codes))]
    allowed = decide(load_policy({"campaigns": running(1, reaches=codes)}), moment)[0].effective == "running"
    still = decide(load_policy({"campaigns": running(1, reaches=fewer)}), moment)[0].effective == "running"
    assert still or not allowed


@settings(max_examples=150, deadline=None)
@given(instants, st.sampled_from(SOME_CODES), st.floats(0.0, 1.0))
def test_the_next_change_is_the_first_instant_the_open_state_changes(moment, code, fraction):
    jurisdiction = window(code)
    change = jurisdiction.next_change(moment)
    assert change is not None  # every shipped rule opens and closes within two weeks
    assert change > moment and jurisdiction.contains(change) != jurisdiction.contains(moment)
    before = change - timedelta(seconds=1)
    between = moment + (before - moment) * fraction
    assert jurisdiction.contains(between) == jurisdiction.contains(moment)
    assert jurisdiction.contains(before) == jurisdiction.contains(moment)


def test_a_holiday_lookup_without_the_package_is_a_clear_error(monkeypatch):
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _jurisdictions

    monkeypatch.setattr(_jurisdictions, "holidays_library", lambda: None)
    _jurisdictions._holidays_of.cache_clear()
    try:
        with pytest.raises(CampaignError, match="pip install holidays"):
            window("US-AL").contains(at("2026-06-10T12:00:00-05:00"))
    finally:
        _jurisdictions._holidays_of.cache_clear()


def test_the_holidays_package_is_imported_only_for_a_rule_that_names_holidays():
    # Loading its countries takes about a fifth of a second: a module run that reaches no such rule must not pay it.
    script = (
        "import sys\n"
        "from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import decide\n"
        "from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy\n"
        "from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import at, running\n"
        "when = at('2026-12-09T18:00:00Z')\n"
        "decide(load_policy({'campaigns': running(1, 2, reaches=['US-FL', 'US-TX', 'CA'])}), when)\n"
        "print('holidays' in sys.modules)\n"
        "decide(load_policy({'campaigns': running(3, reaches=['US-AL'])}), when)\n"
        "print('holidays' in sys.modules)\n"
    )
    # The directory holding ansible_collections: ansible-test's units find the collection with a loader of their own,
    # which a child process does not have.
    collections = pathlib.Path(inspect.getfile(decide)).parents[5]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(collections), os.environ.get("PYTHONPATH")]))}
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env)
    assert found.returncode == 0, found.stderr
    assert found.stdout.split() == ["False", "True"], found.stderr


@pytest.mark.parametrize(
    "code, when, reason",
    [
        # Rhode Island: weekdays 09:00-18:00, Saturdays 10:00-17:00, no Sundays, no holidays on any day.
        ("US-RI", "2027-03-10T17:59:00-05:00", None),
        ("US-RI", "2027-03-10T18:00:00-05:00", "US-RI closed at 18:00 in America/New_York"),
        ("US-RI", "2027-03-13T09:30:00-05:00", "US-RI opens at 10:00 in America/New_York"),
        ("US-RI", "2027-08-09T12:00:00-04:00", "US-RI is closed on Victory Day (2027-08-09) in America/New_York"),
        # Utah: 08:00-21:00, no Sundays, no legal holidays (Pioneer Day is Utah's own).
        ("US-UT", "2027-03-10T20:59:00-07:00", None),
        ("US-UT", "2027-03-10T21:00:00-07:00", "US-UT closed at 21:00 in America/Denver"),
        ("US-UT", "2027-03-14T12:00:00-06:00", "US-UT is closed on Sundays in America/Denver"),
        ("US-UT", "2026-07-24T12:00:00-06:00", "US-UT is closed on Pioneer Day (2026-07-24) in America/Denver"),
        # Pennsylvania: 09:00-19:00 Monday to Saturday, no Sundays, no legal holidays.
        ("US-PA", "2027-03-10T18:59:00-05:00", None),
        ("US-PA", "2027-03-10T19:00:00-05:00", "US-PA closed at 19:00 in America/New_York"),
        ("US-PA", "2026-11-26T12:00:00-05:00", "US-PA is closed on Thanksgiving Day (2026-11-26) in America/New_York"),
        # Mississippi: no Sundays, but holidays are as other days since the commission's rules ended.
        ("US-MS", "2026-12-25T12:00:00-06:00", None),
        ("US-MS", "2026-12-27T12:00:00-06:00", "US-MS is closed on Sundays in America/Chicago"),
    ],
)
def test_the_rows_corrected_from_their_sources_open_and_close_as_their_hours_say(code, when, reason):
    found = window(code).closed_because(at(when))
    assert found == (reason if reason is None else f"{reason} ({RULES_BY_CODE[code].source})")
