# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import base64
import json

import pytest
import requests
import responses

from ansible_collections.eightbyeight.contact_center.plugins.modules.campaign_status import main
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    CONNECTION,
    DATA_TOKEN,
    LANDS_IN,
    REFERENCE_PLAN,
    REFERENCE_STATUSES,
    SECRETS,
    USERNAME,
    add_read,
    add_write,
    read_url,
    sent,
    write_url,
    written,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.platform_model import ModelPlatform

STATE_OF = {code: state for code, (_name, state) in REFERENCE_STATUSES.items()}
NAMES = {code: name for code, (name, _state) in REFERENCE_STATUSES.items()}
CASES = [(code, desired) for code in range(12) for desired in ("running", "paused", "purged", "stopped")]


def args(**extra):
    return dict(CONNECTION, campaign_id=125, **extra)


def summary(code):
    return {"state": STATE_OF[code], "status": code, "status_name": NAMES[code]}


def diff(before, after, words):
    """A diff headed by the campaign, whose after holds the changes sent."""
    header = "campaign 125 (Spring renewals)"
    return {
        "before_header": header,
        "after_header": header,
        "before": before,
        "after": dict(after, transitions=words) if words else after,
    }


@pytest.mark.parametrize("code, desired", CASES)
def test_every_cell_of_the_table_for_every_status_code(run_module, api_mock, code, desired):
    words = REFERENCE_PLAN[STATE_OF[code]][desired]
    add_read(api_mock, code)
    for word in words or []:
        add_write(api_mock)
        add_read(api_mock, LANDS_IN[word][0])
    run = run_module(main, args(state=desired), diff=True)

    if words is None:
        assert run.failed
        assert run.result["msg"].startswith("campaign 125 (Spring renewals): cannot become ")
        assert f"its status is {code} ({NAMES[code]})" in run.result["msg"]
        assert [m for m, _u, _b in sent(api_mock)] == ["GET"], "nothing is sent when the change is not allowed"
        assert run.result["changed"] is False
        return
    assert not run.failed, run.result.get("msg")
    assert run.result["changed"] is bool(words)
    assert run.result["transitions"] == words
    assert written(api_mock) == words
    if words:
        assert [m for m, _u, _b in sent(api_mock)] == ["GET"] + ["POST", "GET"] * len(words), "each change is confirmed"
        after = dict(zip(("status", "status_name", "state"), LANDS_IN[words[-1]]))
        assert run.result["campaign"]["status"] == after["status"], "the result shows the campaign as read back"
    else:
        assert sent(api_mock) == [("GET", read_url(125), None)], "nothing to change costs exactly one GET"
        after = summary(code)
    assert run.result["diff"] == diff(summary(code), after, words)


@pytest.mark.parametrize("code, desired", CASES)
def test_check_mode_sends_no_write_and_predicts_the_real_run(run_module, api_mock, code, desired):
    words = REFERENCE_PLAN[STATE_OF[code]][desired]
    add_read(api_mock, code)
    check = run_module(main, args(state=desired), check_mode=True, diff=True)

    assert sent(api_mock) == [("GET", read_url(125), None)], "check mode sends one GET and nothing else"
    if words is None:
        assert check.failed
        assert "cannot become" in check.result["msg"]
        return
    assert check.result["changed"] is bool(words)
    assert check.result["transitions"] == words
    expected_after = dict(zip(("status", "status_name", "state"), LANDS_IN[words[-1]])) if words else summary(code)
    assert check.result["diff"] == diff(summary(code), expected_after, words)
    assert check.result["campaign"]["status"] == code


@pytest.mark.parametrize("code, desired", [(3, "purged"), (8, "running"), (10, "stopped"), (5, "stopped")])
def test_check_mode_result_equals_the_real_runs(run_module, code, desired):
    """The same server answers, once in check mode and once for real: changed, transitions and diff agree."""
    runs = []
    for check_mode in (True, False):
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            add_read(mock, code)
            add_write(mock)
            words = REFERENCE_PLAN[STATE_OF[code]][desired]
            assert words is not None, "each case is a change the table allows"
            for status in [LANDS_IN[word][0] for word in words] or [code]:  # each step shows in turn
                add_read(mock, status)
            runs.append(run_module(main, args(state=desired), check_mode=check_mode, diff=True).result)
    check, real = runs
    for key in ("changed", "transitions", "diff"):
        assert check[key] == real[key]


def test_a_second_run_reports_no_change_after_one_get(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock)
    add_read(api_mock, 8)
    first = run_module(main, args(state="paused"))
    assert first.result["changed"] is True
    api_mock.calls.reset()
    second = run_module(main, args(state="paused"))
    assert second.result["changed"] is False
    assert second.result["transitions"] == []
    assert sent(api_mock) == [("GET", read_url(125), None)]


def test_the_result_describes_the_campaign(run_module, api_mock):
    add_read(api_mock, 8)
    result = run_module(main, args(state="paused")).result
    campaign = result["campaign"]
    assert {k: campaign[k] for k in ("id", "name", "status", "status_name", "state", "enabled", "dynamic")} == {
        "id": 125,
        "name": "Spring renewals",
        "status": 8,
        "status_name": "Manual Paused",
        "state": "paused",
        "enabled": True,
        "dynamic": True,
    }
    assert campaign["queue_id"] == 598
    assert "diff" not in result, "the diff is only returned in diff mode"


@pytest.mark.parametrize(
    "flag, value, reason",
    [
        ("enabled", "N", "the campaign is not enabled: enable it in Configuration Manager"),
        ("dynamic-campaign", "N", "it is not a dynamic campaign: turn on Dynamic Campaign in Configuration Manager"),
    ],
)
@pytest.mark.parametrize("check_mode", [False, True])
def test_a_disabled_or_static_campaign_fails_before_any_write(run_module, api_mock, flag, value, reason, check_mode):
    add_read(api_mock, 3, **{flag: value})
    run = run_module(main, args(state="paused"), check_mode=check_mode)
    assert run.failed
    assert run.result["msg"] == f"campaign 125 (Spring renewals): it must become paused, but {reason}"
    assert written(api_mock) == []


@pytest.mark.parametrize("flag", ["enabled", "dynamic-campaign"])
def test_a_disabled_or_static_campaign_already_in_state_is_ok(run_module, api_mock, flag):
    add_read(api_mock, 8, 125, **{flag: "N"})
    run = run_module(main, args(state="paused"))
    assert not run.failed
    assert run.result["changed"] is False


def test_a_needed_change_without_action_token_fails_before_sending_anything(run_module, api_mock):
    add_read(api_mock, 3)
    connection = dict(CONNECTION)
    del connection["action_token"]
    run = run_module(main, dict(connection, campaign_id=125, state="stopped"))
    assert run.failed
    assert "needs the Action Request Token: set action_token or EIGHTBYEIGHT_CC_ACTION_TOKEN" in run.result["msg"]
    assert written(api_mock) == []


def test_check_mode_and_no_change_work_without_action_token(run_module, api_mock):
    add_read(api_mock, 3)
    connection = {k: v for k, v in CONNECTION.items() if k != "action_token"}
    check = run_module(main, dict(connection, campaign_id=125, state="stopped"), check_mode=True)
    assert not check.failed
    assert check.result["transitions"] == ["STOPPED"]
    assert "A real run would change the campaign, which needs action_token" in json.dumps(check.result["warnings"])
    same = run_module(main, dict(connection, campaign_id=125, state="running"))
    assert not same.failed and same.result["changed"] is False


def test_credentials_come_from_the_environment(run_module, api_mock, monkeypatch):
    for name, value in (
        ("PLATFORM", "na12"),
        ("USERNAME", USERNAME),
        ("DATA_TOKEN", DATA_TOKEN),
        ("ACTION_TOKEN", ACTION_TOKEN),
    ):
        monkeypatch.setenv(f"EIGHTBYEIGHT_CC_{name}", value)
    add_read(api_mock, 8)
    add_write(api_mock)
    add_read(api_mock, 3)
    run = run_module(main, {"campaign_id": 125, "state": "running"})
    assert not run.failed, run.result.get("msg")
    assert run.result["transitions"] == ["RUNNING"]


def test_api_url_overrides_platform(run_module, api_mock):
    api_mock.add(
        responses.GET,
        "http://127.0.0.1:8080/api/stats/campaigns/125.json",
        json={"campaign": {"campaign-id": 125, "status": 3, "enabled": "Y", "dynamic-campaign": "Y"}},
    )
    run = run_module(main, args(state="running", api_url="http://127.0.0.1:8080"))
    assert not run.failed, run.result.get("msg")


def test_a_405_falls_back_to_patch(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=405)
    add_write(api_mock, method=responses.PATCH)
    add_read(api_mock, 8)
    add_read(api_mock, 10)
    run = run_module(main, args(state="purged"))
    assert not run.failed, run.result.get("msg")
    assert [(m, b) for m, _u, b in sent(api_mock)] == [
        ("GET", None),
        ("POST", {"status": "PAUSED"}),
        ("PATCH", {"status": "PAUSED"}),
        ("GET", None),
        ("PATCH", {"status": "PURGED"}),
        ("GET", None),
    ]


def test_a_change_that_does_not_show_fails_after_wait_timeout_naming_the_last_status(run_module, api_mock, clock):
    add_read(api_mock, 3)
    add_write(api_mock)
    add_read(api_mock, 3)  # accepted, yet still running
    run = run_module(main, args(state="paused", wait_timeout=5, wait_sleep=2))
    assert run.failed
    assert run.result["msg"] == (
        "campaign 125 (Spring renewals): the platform accepted PAUSED, but after 5 seconds the "
        "campaign still reads 3 (Manual Running), not paused: raise wait_timeout, or look at it in "
        "Configuration Manager (already applied: PAUSED)"
    )
    assert run.result["changed"] is True
    assert run.result["transitions"] == ["PAUSED"]
    assert clock.sleeps == [2, 2, 1]
    assert [m for m, _u, _b in sent(api_mock)] == ["GET", "POST", "GET", "GET", "GET", "GET"]


def test_waiting_polls_until_the_change_shows(run_module, api_mock, clock):
    add_read(api_mock, 0)
    add_write(api_mock)
    add_read(api_mock, 0)
    add_read(api_mock, 0)
    add_read(api_mock, 1)  # Manual Started counts as running
    run = run_module(main, args(state="running", wait_sleep=0.5))
    assert not run.failed, run.result.get("msg")
    assert run.result["campaign"]["status"] == 1
    assert clock.sleeps == [0.5, 0.5]


def test_without_wait_a_change_not_yet_shown_is_a_warning(run_module, api_mock, clock):
    add_read(api_mock, 3)
    add_write(api_mock)
    add_read(api_mock, 3)
    run = run_module(main, args(state="paused", wait=False))
    assert not run.failed
    assert run.result["changed"] is True
    assert "it does not show paused yet (wait is false)" in json.dumps(run.result["warnings"])
    assert clock.sleeps == []


def test_a_two_step_change_waits_between_steps_even_without_wait(run_module, api_mock, clock):
    add_read(api_mock, 3)
    add_write(api_mock)
    add_read(api_mock, 3)
    add_read(api_mock, 8)
    add_write(api_mock)
    add_read(api_mock, 10)
    run = run_module(main, args(state="purged", wait=False))
    assert not run.failed
    assert [m for m, _u, _b in sent(api_mock)] == ["GET", "POST", "GET", "GET", "POST", "GET"]
    assert len(clock.sleeps) == 1


def test_a_failure_half_way_says_what_was_applied(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock)
    add_read(api_mock, 8)
    add_write(api_mock, status=400, json={"message": "The campaign is not enabled."})
    run = run_module(main, args(state="purged"))
    assert run.failed
    assert run.result["msg"] == (
        f"campaign 125 (Spring renewals): POST {write_url(125)} answered HTTP 400: The campaign is not "
        "enabled. (already applied: PAUSED)"
    )
    assert run.result["changed"] is True
    assert run.result["transitions"] == ["PAUSED"]
    assert run.result["campaign"]["status"] == 8


@pytest.mark.parametrize(
    "status, body, message",
    [
        (401, {"message": "Unauthorized"}, "was refused (HTTP 401: Unauthorized): check username and data_token"),
        (404, None, "not found (HTTP 404 from GET"),
    ],
)
def test_read_errors_name_the_campaign_and_the_cause(run_module, api_mock, status, body, message):
    api_mock.add(responses.GET, read_url(125), status=status, json=body)
    run = run_module(main, args(state="paused"))
    assert run.failed
    assert run.result["msg"].startswith("campaign 125: ")
    assert message in run.result["msg"]
    assert "\n" not in run.result["msg"]


def test_an_unknown_status_code_fails_without_writing(run_module, api_mock):
    add_read(api_mock, 42)
    run = run_module(main, args(state="paused"))
    assert run.failed
    assert run.result["msg"] == "campaign 125: unknown campaign status 42 (known codes are 0 to 11)"


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"campaign_id": 0}, "campaign_id must be a positive integer, got 0"),
        ({"campaign_id": -4}, "campaign_id must be a positive integer, got -4"),
        ({"campaign_id": "abc"}, "campaign_id"),
        ({"state": "started"}, "value of state must be one of: running, paused, purged, stopped"),
        ({"timeout": 0}, "timeout must be a positive number, got 0.0"),
        ({"timeout": "nan"}, "timeout must be a positive number, got nan"),
        ({"timeout": "inf"}, "timeout must be a positive number, got inf"),
        ({"wait_timeout": "-inf"}, "wait_timeout must be a positive number, got -inf"),
        ({"wait_sleep": "NaN"}, "wait_sleep must be a positive number, got nan"),
        ({"platform": "na12\n"}, "platform 'na12\\n' is not a platform name"),
        ({"api_url": "https://vcc-na12.8x8.com:99999"}, "api_url is not a valid URL"),
        (
            {"api_url": "https://vcc-na12.8x8.com/?"},
            "api_url must be a plain base URL, without credentials, query or fragment",
        ),
        (
            {"api_url": "https://vcc-na12.8x8.com#"},
            "api_url must be a plain base URL, without credentials, query or fragment",
        ),
        ({"ca_path": "/nonexistent/ca.pem"}, "ca_path /nonexistent/ca.pem does not exist"),
        ({"platform": "na-12"}, "platform 'na-12' is not a platform name"),
        (
            {"platform": None},
            "set platform (for example na12) or api_url, or the environment variable "
            "EIGHTBYEIGHT_CC_PLATFORM or EIGHTBYEIGHT_CC_API_URL",
        ),
        ({"api_url": "http://cc.example.com"}, "uses plain http to a host that is not this machine"),
        (
            {"data_token": None},
            "data_token is not set: set it in the task or module_defaults, or EIGHTBYEIGHT_CC_DATA_TOKEN",
        ),
        ({"data_token": ""}, "data_token is empty: set it, or EIGHTBYEIGHT_CC_DATA_TOKEN"),
        ({"username": ""}, "username is empty: set it, or EIGHTBYEIGHT_CC_USERNAME"),
    ],
)
def test_bad_parameters_fail_before_any_request(run_module, api_mock, bad, message):
    run = run_module(main, dict(args(state="paused"), **bad))
    assert run.failed
    assert message in run.result["msg"]
    assert len(api_mock.calls) == 0


@pytest.mark.parametrize("check_mode", [False, True])
def test_no_secret_appears_in_any_result(run_module, check_mode):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        add_read(mock, 3)
        add_write(mock)
        add_write(mock, status=401, json={"message": "Unauthorized"})
        run = run_module(main, args(state="purged"), check_mode=check_mode, diff=True)
    assert run.failed is not check_mode
    assert not any(secret in run.output for secret in SECRETS)
    assert "Authorization" not in run.output and "Basic " not in run.output


# Faults: a write is never repeated blindly, and a race is planned again once.


def test_a_write_whose_answer_was_lost_but_applied_is_a_success_sent_once(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, body=requests.exceptions.ConnectionError("Connection aborted."), json=None)
    add_read(api_mock, 8)
    run = run_module(main, args(state="paused"))
    assert not run.failed, run.result.get("msg")
    assert (run.result["changed"], run.result["transitions"]) == (True, ["PAUSED"])
    assert written(api_mock) == ["PAUSED"]


def test_a_write_that_got_no_answer_and_did_not_apply_is_sent_again_after_watching(run_module, api_mock, clock):
    model = ModelPlatform(clock, 3, faults=[None, "drop"]).serve(api_mock)
    run = run_module(main, args(state="paused", wait_timeout=5))
    assert not run.failed, run.result.get("msg")
    assert (run.result["changed"], run.result["transitions"], run.result["unconfirmed"]) == (True, ["PAUSED"], [])
    assert model.writes == 2 and model.accepted == ["PAUSED"]
    assert 5 / 2 <= sum(clock.sleeps) <= 5, "sent again after half of wait_timeout showed no change, and seen within it"


def test_writes_that_keep_failing_stop_after_retries_and_say_the_outcome_is_unknown(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=503, json={"message": "Service Unavailable"})
    run = run_module(main, args(state="paused", retries=2, wait_timeout=3))
    assert run.failed
    assert run.result["msg"] == (
        f"campaign 125 (Spring renewals): POST {write_url(125)} answered HTTP 503: Service "
        "Unavailable (PAUSED was sent but its outcome is unknown: look at the campaign in "
        "Configuration Manager before running again)"
    )
    assert written(api_mock) == ["PAUSED"] * 3
    assert (run.result["changed"], run.result["unconfirmed"]) == (False, ["PAUSED"])


def test_a_write_rate_limited_is_sent_again_after_retry_after(run_module, api_mock, clock):
    add_read(api_mock, 3)
    add_write(api_mock, status=429, headers={"Retry-After": "4"}, json={"message": "Too Many Requests"})
    add_write(api_mock)
    add_read(api_mock, 8)
    run = run_module(main, args(state="paused"))
    assert not run.failed, run.result.get("msg")
    assert clock.sleeps[0] == 4, "then the client keeps a slower pace for a while: see the transport's tests"
    assert "answered HTTP 429; retry 1 of 3 in 4.0 seconds" in json.dumps(run.result["warnings"])


def test_a_race_that_still_allows_the_desired_state_is_planned_again(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=400, json={"message": "Invalid state transition"})
    add_read(api_mock, 8)  # someone paused it meanwhile
    add_write(api_mock)
    add_read(api_mock, 10)
    run = run_module(main, args(state="purged"))
    assert not run.failed, run.result.get("msg")
    assert written(api_mock) == ["PAUSED", "PURGED"]
    assert run.result["transitions"] == ["PURGED"], "only the change the platform accepted from this task"
    assert run.warnings == [
        "campaign 125 (Spring renewals): PAUSED was refused (Invalid state transition), and the "
        "campaign now shows 8 (Manual Paused): someone else changed it meanwhile"
    ]


def test_a_race_that_already_reached_the_desired_state_succeeds_unchanged_with_a_warning(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=400, json={"message": "Invalid state transition"})
    add_read(api_mock, 10)  # someone purged it meanwhile
    run = run_module(main, args(state="purged"))
    assert not run.failed, run.result.get("msg")
    assert (run.result["changed"], run.result["transitions"]) == (False, [])
    assert run.result["campaign"]["status"] == 10
    assert run.warnings == [
        "campaign 125 (Spring renewals): PAUSED was refused (Invalid state transition), and the "
        "campaign now shows 10 (Manual Purged): someone else changed it meanwhile"
    ]


@pytest.mark.parametrize(
    "answer, unknown",
    [
        ({"status": 400, "json": {"message": "Invalid state transition"}}, ""),
        # The vendor answers 500 to a change of a stopped campaign, but a 5xx may also come after the change was made.
        (
            {"status": 500, "json": {"message": "Internal server error"}},
            " (PAUSED was sent but its outcome is unknown: look at the campaign in Configuration Manager before running again)",
        ),
    ],
)
def test_a_race_that_makes_the_desired_state_unreachable_names_the_new_status(run_module, api_mock, answer, unknown):
    add_read(api_mock, 3)
    add_write(api_mock, **answer)
    add_read(api_mock, 6)  # stopped meanwhile
    run = run_module(main, args(state="paused"))
    assert run.failed
    assert run.result["msg"] == (
        "campaign 125 (Spring renewals): it changed while this task ran, and cannot become paused: "
        "its status is 6 (Completed (Stopped)); stopped is final: it cannot be changed any more" + unknown
    )
    assert written(api_mock) == ["PAUSED"]


def test_a_refusal_that_watching_does_not_explain_fails_without_sending_again(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=400, json={"message": "Invalid state transition"})
    run = run_module(main, args(state="paused", wait_timeout=3))
    assert run.failed
    assert run.result["msg"].endswith("answered HTTP 400: Invalid state transition")
    assert written(api_mock) == ["PAUSED"]


def test_a_race_is_planned_again_only_once(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=400, json={"message": "Invalid state transition"})
    add_read(api_mock, 8)  # someone paused it
    add_write(api_mock, status=400, json={"message": "Invalid state transition"})
    add_read(api_mock, 3)  # and someone resumed it
    run = run_module(main, args(state="purged"))
    assert run.failed
    assert run.result["msg"].endswith("answered HTTP 400: Invalid state transition")
    assert written(api_mock) == ["PAUSED", "PURGED"]


def test_without_retries_a_write_whose_answer_was_lost_is_still_checked_by_reading(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=503, json={"message": "Service Unavailable"})
    add_read(api_mock, 8)  # it was applied all the same
    run = run_module(main, args(state="paused", retries=0))
    assert not run.failed, run.result.get("msg")
    assert (run.result["changed"], run.result["transitions"]) == (True, ["PAUSED"])
    assert written(api_mock) == ["PAUSED"]


def test_a_read_failing_while_waiting_is_reported_once(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock)
    api_mock.add(responses.GET, read_url(125), status=401, json={"message": "Unauthorized"})
    run = run_module(main, args(state="paused"))
    assert run.failed
    assert run.result["msg"].count("campaign 125") == 1
    assert run.result["msg"].count("already applied") == 1


def test_a_credential_basic_auth_cannot_carry_is_refused_without_echoing_it(run_module, api_mock):
    run = run_module(main, args(state="paused", username="u\u017cytkownik"))
    assert run.failed
    assert run.result["msg"] == "username has characters HTTP Basic authentication cannot send: check its value"


def test_a_lost_answer_with_no_resends_left_succeeds_when_someone_else_reached_the_desired_state(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=503, json={"message": "Service Unavailable"})
    add_read(api_mock, 10)  # purged meanwhile: the rest of the plan is not needed any more
    run = run_module(main, args(state="purged", retries=0))
    assert not run.failed, run.result.get("msg")
    assert (run.result["changed"], run.result["unconfirmed"]) == (False, ["PAUSED"]), (
        "someone else purged it; ours is unknown"
    )
    assert run.warnings == [
        "campaign 125 (Spring renewals): PAUSED got no clear answer, and the campaign now shows "
        "10 (Manual Purged): someone else changed it meanwhile"
    ]
    assert written(api_mock) == ["PAUSED"]


# Where the connection comes from, and what is said about the credentials.


@pytest.mark.parametrize("task", [{"platform": "na12"}, {"api_url": "https://vcc-na12.8x8.com"}])
def test_the_task_endpoint_beats_the_environment_so_credentials_never_go_elsewhere(
    run_module, api_mock, monkeypatch, task
):
    monkeypatch.setenv("EIGHTBYEIGHT_CC_API_URL", "https://collector.example.com")
    monkeypatch.setenv("EIGHTBYEIGHT_CC_PLATFORM", "eu5")
    add_read(api_mock, 8)  # only the task's own host answers: a request anywhere else fails the test
    connection = {k: v for k, v in CONNECTION.items() if k != "platform"}
    run = run_module(main, dict(connection, campaign_id=125, state="paused", **task))
    assert not run.failed, run.result.get("msg")
    assert [url for _m, url, _b in sent(api_mock)] == [read_url(125)]


def test_the_environment_gives_the_endpoint_as_a_pair_when_the_task_names_none(run_module, api_mock, monkeypatch):
    monkeypatch.setenv("EIGHTBYEIGHT_CC_PLATFORM", "eu5")
    monkeypatch.setenv(
        "EIGHTBYEIGHT_CC_API_URL", "https://vcc-na12.8x8.com"
    )  # api_url wins over platform, as in a task
    add_read(api_mock, 8)
    connection = {k: v for k, v in CONNECTION.items() if k != "platform"}
    run = run_module(main, dict(connection, campaign_id=125, state="paused"))
    assert not run.failed, run.result.get("msg")


def test_options_beat_credentials_from_the_environment(run_module, api_mock, monkeypatch):
    monkeypatch.setenv("EIGHTBYEIGHT_CC_DATA_TOKEN", "from-the-environment")
    add_read(api_mock, 8)
    run_module(main, args(state="paused"))
    expected = "Basic " + base64.b64encode(f"{USERNAME}:{DATA_TOKEN}".encode()).decode()
    assert api_mock.calls[0].request.headers["Authorization"] == expected


def test_a_token_too_short_for_no_log_masking_gets_a_warning(run_module, api_mock):
    add_read(api_mock, 8)
    run = run_module(main, args(state="paused", data_token="abc123"))
    assert not run.failed
    assert run.warnings == [
        "data_token is shorter than 8 characters, unlike the tokens Configuration Manager issues: "
        "check its value. Ansible hides every occurrence of it in results, which can garble them."
    ]


def test_every_result_says_what_is_unconfirmed(run_module, api_mock):
    add_read(api_mock, 8)
    assert run_module(main, args(state="paused")).result["unconfirmed"] == []


# Many campaigns in one task.


def bulk(*pairs, **extra):
    return dict(CONNECTION, campaigns=[{"id": campaign_id, "state": state} for campaign_id, state in pairs], **extra)


def add_fleet(mock, with_writes=True):
    """Campaign 1 running, to be paused; 2 already paused; 3 running, to be purged."""
    add_read(mock, 3, campaign_id=1)
    add_read(mock, 8, campaign_id=2)
    add_read(mock, 3, campaign_id=3)
    if with_writes:
        add_write(mock, campaign_id=1)
        add_read(mock, 8, campaign_id=1)
        add_write(mock, campaign_id=3)
        add_read(mock, 8, campaign_id=3)
        add_read(mock, 10, campaign_id=3)


def test_bulk_converges_each_campaign_and_reports_them_in_order(run_module, api_mock):
    add_fleet(api_mock)
    run = run_module(main, bulk((1, "paused"), (2, "paused"), (3, "purged")), diff=True)
    assert not run.failed, run.result.get("msg")
    assert run.result["changed"] is True
    assert [(c["id"], c["changed"], c["transitions"], c["campaign"]["status"]) for c in run.result["campaigns"]] == [
        (1, True, ["PAUSED"], 8),
        (2, False, [], 8),
        (3, True, ["PAUSED", "PURGED"], 10),
    ]
    assert run.result["summary"] == {
        "unchanged": 1,
        "changed": 2,
        "held": 0,
        "failed": 0,
        "states": {"paused": 2, "purged": 1},
    }
    assert [d["before_header"] for d in run.result["diff"]] == [
        "campaign 1 (Spring renewals)",
        "campaign 3 (Spring renewals)",
    ]
    assert sorted(written(api_mock)) == ["PAUSED", "PAUSED", "PURGED"]


def test_bulk_check_mode_is_exactly_the_plan_of_the_real_run(run_module):
    runs = []
    for check_mode in (True, False):
        with responses.RequestsMock(assert_all_requests_are_fired=not check_mode) as mock:
            add_fleet(mock)
            runs.append(
                run_module(main, bulk((1, "paused"), (2, "paused"), (3, "purged")), check_mode=check_mode, diff=True)
            )
            if check_mode:
                assert written(mock) == []
    check, real = (r.result for r in runs)
    assert [(c["changed"], c["transitions"]) for c in check["campaigns"]] == [
        (c["changed"], c["transitions"]) for c in real["campaigns"]
    ]
    assert check["diff"] == real["diff"] and check["changed"] == real["changed"]


def test_bulk_already_converged_sends_one_get_per_campaign(run_module, api_mock):
    add_fleet(api_mock, with_writes=False)
    run = run_module(main, bulk((1, "running"), (2, "paused"), (3, "running")))
    assert run.result["changed"] is False
    assert sorted(url for _m, url, _b in sent(api_mock)) == [read_url(1), read_url(2), read_url(3)]


def test_bulk_partial_failure_fails_the_task_at_the_end_naming_the_campaign(run_module, api_mock):
    add_read(api_mock, 3, campaign_id=1)
    add_write(api_mock, campaign_id=1)
    add_read(api_mock, 8, campaign_id=1)
    add_read(api_mock, 3, campaign_id=2, **{"dynamic-campaign": "N"})
    run = run_module(main, bulk((1, "paused"), (2, "paused")))
    assert run.failed
    assert run.result["msg"] == (
        "1 of 2 campaigns failed: campaign 2 (Spring renewals): it must become paused, but it is "
        "not a dynamic campaign: turn on Dynamic Campaign in Configuration Manager"
    )
    assert run.result["changed"] is True, "campaign 1 was changed all the same"
    assert [c.get("failed", False) for c in run.result["campaigns"]] == [False, True]


def test_bulk_refused_credentials_fail_once_and_send_nothing_more(run_module, api_mock):
    api_mock.add(responses.GET, read_url(1), status=401, json={"message": "Unauthorized"})
    run = run_module(main, bulk(*[(campaign_id, "paused") for campaign_id in range(1, 51)]))
    assert run.failed
    assert run.result["msg"].endswith(
        "check username and data_token (reads use the Data Request Token); nothing was sent"
    )
    assert run.result["summary"] == {"unchanged": 0, "changed": 0, "held": 0, "failed": 50, "states": {}}
    assert len(api_mock.calls) == 1


@pytest.mark.parametrize(
    "bad, message",
    [
        (
            {"campaigns": [{"id": 108, "state": "running"}, {"id": 108, "state": "paused"}]},
            "campaigns[1] (id 108) lists campaign 108 again (first as running, then as paused)",
        ),
        (
            {"campaigns": [{"id": 1, "state": "paused"}], "campaign_id": 1},
            "parameters are mutually exclusive: campaign_id|campaigns",
        ),
        ({"campaigns": [{"id": 1, "state": "paused"}], "concurrency": 0}, "concurrency must be from 1 to 64, got 0"),
        ({"campaigns": [{"id": 1, "state": "paused"}], "concurrency": 65}, "concurrency must be from 1 to 64, got 65"),
    ],
)
def test_bulk_bad_input_fails_before_any_request(run_module, api_mock, bad, message):
    run = run_module(main, dict(CONNECTION, **bad))
    assert run.failed
    assert message in run.result["msg"]
    assert len(api_mock.calls) == 0


def test_retries_zero_is_honoured_for_a_write_answered_500(run_module, api_mock):
    add_read(api_mock, 3)
    add_write(api_mock, status=500, json={"message": "Internal server error"})
    run = run_module(main, args(state="paused", retries=0, wait_timeout=3))
    assert run.failed
    assert written(api_mock) == ["PAUSED"], "read again, but never sent again"
    assert run.result["unconfirmed"] == ["PAUSED"]


def _plan(path):
    return json.loads((path.parent / (path.name + ".json")).read_text(encoding="utf-8"))


def test_the_drift_gate_fails_after_the_plan_naming_each_drifted_campaign(run_module, api_mock, tmp_path):
    add_read(api_mock, 3, campaign_id=401)
    add_read(api_mock, 8, campaign_id=402)
    plan = tmp_path / "plan"
    desired = [{"id": "401", "state": "paused"}, {"id": 402, "state": "paused"}]  # a quoted ID, as YAML may give it
    run = run_module(
        main, dict(CONNECTION, campaigns=desired, plan_dest=str(plan), fail_on_drift=True), check_mode=True
    )
    assert run.failed
    assert run.result["msg"] == (
        "1 campaign(s) drifted from the desired state: campaign 401 (Spring renewals) is running, desired paused, a run "
        "would send PAUSED"
    )
    written_plan = _plan(plan)
    assert written_plan["complete"] is True and written_plan["check_mode"] is True
    assert [(r["id"], r["desired"], r["transitions"]) for r in written_plan["campaigns"]] == [
        (401, "paused", ["PAUSED"])
    ]
    assert written_plan["tenant"] == {"api_url": "https://vcc-na12.8x8.com", "username": "acme"}
    assert "| 401 | Spring renewals | 3 (Manual Running) | paused | PAUSED |" in (tmp_path / "plan.md").read_text(
        encoding="utf-8"
    )
    assert (
        run.result["lines"][0]
        == "2 campaigns: 1 unchanged, 1 to change, 0 failed (check mode: the plan, nothing was sent)"
    )
    assert not any(secret in json.dumps(written_plan) for secret in SECRETS)


def test_without_drift_the_gate_passes_and_the_plan_says_so(run_module, api_mock, tmp_path):
    add_read(api_mock, 8, campaign_id=402)
    run = run_module(
        main,
        dict(
            CONNECTION, campaigns=[{"id": 402, "state": "paused"}], plan_dest=str(tmp_path / "plan"), fail_on_drift=True
        ),
        check_mode=True,
    )
    assert not run.failed
    assert _plan(tmp_path / "plan")["campaigns"] == []
    assert "No campaign would change" in (tmp_path / "plan.md").read_text(encoding="utf-8")


def test_a_check_that_failed_never_writes_a_plan_in_sync(run_module, api_mock, tmp_path):
    api_mock.add(responses.GET, read_url(401), status=401, json={"message": "Unauthorized"})
    run = run_module(
        main,
        dict(
            CONNECTION, campaigns=[{"id": 401, "state": "paused"}], plan_dest=str(tmp_path / "plan"), fail_on_drift=True
        ),
        check_mode=True,
    )
    assert run.failed
    plan = _plan(tmp_path / "plan")
    assert plan["complete"] is False and plan["failures"][0]["id"] == 401
    markdown = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "**The check failed**" in markdown and "desired state" not in markdown


def test_an_unknown_campaign_makes_the_plan_incomplete_and_names_it(run_module, api_mock, tmp_path):
    add_read(api_mock, 3, campaign_id=401)
    api_mock.add(responses.GET, read_url(999), status=404)
    run = run_module(
        main,
        dict(
            CONNECTION,
            campaigns=[{"id": 401, "state": "paused"}, {"id": 999, "state": "paused"}],
            plan_dest=str(tmp_path / "plan"),
        ),
        check_mode=True,
    )
    assert run.failed
    plan = _plan(tmp_path / "plan")
    assert plan["complete"] is False and [f["id"] for f in plan["failures"]] == [999]
    assert [r["id"] for r in plan["campaigns"]] == [401]


def test_a_bad_desired_state_writes_a_plan_that_says_nothing_was_checked(run_module, api_mock, tmp_path):
    run = run_module(
        main,
        dict(CONNECTION, campaigns=[{"id": 1, "state": "pausd"}], plan_dest=str(tmp_path / "plan")),
        check_mode=True,
    )
    assert run.failed and sent(api_mock) == []
    plan = _plan(tmp_path / "plan")
    assert plan["complete"] is False and "needs a state" in plan["failures"][0]["msg"]


FOREVER = {
    "name": "Freeze",
    "kind": "freeze",
    "from": "2026-01-01T00:00:00+00:00",
    "until": "2099-01-01T00:00:00+00:00",
}


@pytest.mark.parametrize("check_mode", [True, False])
def test_an_observed_campaign_is_never_written_and_check_mode_predicts_it(run_module, api_mock, check_mode):
    add_read(api_mock, 3, campaign_id=7)
    run = run_module(
        main, dict(CONNECTION, campaigns=[{"id": 7, "state": "paused", "mode": "observe"}]), check_mode=check_mode
    )
    assert not run.failed, run.result.get("msg")
    assert [m for m, _u, _b in sent(api_mock)] == ["GET"]
    [entry] = run.result["campaigns"]
    assert (entry["changed"], entry["transitions"], entry["held"]) == (False, [], ["PAUSED"])
    assert entry["held_because"].startswith("mode observe")
    assert run.result["summary"]["held"] == 1 and run.result["changed"] is False


def test_a_freeze_holds_every_change_back_and_fails_a_real_run_after_the_plan(run_module, api_mock, tmp_path):
    add_read(api_mock, 3, campaign_id=7)
    add_read(api_mock, 8, campaign_id=8)
    desired = [{"id": 7, "state": "paused"}, {"id": 8, "state": "paused"}]
    run = run_module(main, dict(CONNECTION, campaigns=desired, windows=[FOREVER], plan_dest=str(tmp_path / "plan")))
    assert run.failed and [m for m, _u, _b in sent(api_mock)] == ["GET", "GET"]
    assert run.result["msg"].startswith(
        "1 campaign not changed, inside a freeze: campaign 7 (Spring renewals) would be sent PAUSED, but the freeze "
        "Freeze lasts until 2099-01-01T00:00:00Z"
    )
    [row] = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))["campaigns"]
    assert (row["id"], row["held"], row["held_because"].startswith("frozen by Freeze")) == (7, ["PAUSED"], True)


def test_override_freeze_sends_what_the_freeze_held_back_and_says_so(run_module, api_mock):
    add_read(api_mock, 3, campaign_id=7)
    add_write(api_mock, 7)
    add_read(api_mock, 8, campaign_id=7)
    run = run_module(
        main, dict(CONNECTION, campaigns=[{"id": 7, "state": "paused"}], windows=[FOREVER], override_freeze=True)
    )
    assert not run.failed and written(api_mock) == ["PAUSED"]
    assert "override_freeze: the freeze Freeze was overridden" in run.warnings


def test_policy_time_is_refused_in_a_real_run_before_any_request(run_module, api_mock):
    run = run_module(
        main, dict(CONNECTION, campaigns=[{"id": 7, "state": "paused"}], policy_time="2026-12-01T21:30:00-06:00")
    )
    assert run.failed and "taken in check mode only" in run.result["msg"] and sent(api_mock) == []


def test_policy_time_is_refused_before_a_limit_is_read(run_module, api_mock):
    run = run_module(
        main,
        dict(
            CONNECTION,
            campaigns=[{"id": 7, "state": "paused"}],
            limit="7,abc",
            policy_time="2026-12-01T21:30:00-06:00",
        ),
    )
    assert run.failed and "taken in check mode only" in run.result["msg"] and sent(api_mock) == []


def test_every_missing_credential_is_named_before_one_that_cannot_be_sent(run_module, api_mock):
    run = run_module(main, dict(CONNECTION, username="用户", data_token=None, campaign_id=7, state="paused"))
    assert run.failed and run.result["msg"].startswith("data_token is not set: ") and sent(api_mock) == []


CLOSED_NOW = {
    "name": "Closed",
    "kind": "calling_hours",
    "time_zone": "UTC",
    "days": ["sun"],
    "start": "00:00",
    "end": "00:01",
}


def test_a_new_campaign_desired_running_outside_its_calling_hours_is_left_as_it_is(run_module, api_mock):
    add_read(api_mock, 0, campaign_id=7)  # new: not dialing, which is all calling hours ask
    run = run_module(
        main,
        dict(
            CONNECTION,
            campaigns=[{"id": 7, "state": "running"}],
            windows=[CLOSED_NOW],
            policy_time="2026-12-01T21:30:00+00:00",
        ),
        check_mode=True,
    )
    assert not run.failed, run.result.get("msg")
    assert run.result["summary"]["unchanged"] == 1 and [m for m, _u, _b in sent(api_mock)] == ["GET"]


def test_the_desired_state_file_is_read_whole_and_limit_keeps_one_campaign(run_module, api_mock, tmp_path):
    path = tmp_path / "desired.yml"
    path.write_text("campaigns:\n  - {id: 7, state: paused}\n  - {id: 8, state: paused}\n", encoding="utf-8")
    add_read(api_mock, 3, campaign_id=7)
    run = run_module(main, dict(CONNECTION, desired_state=str(path), limit="7"), check_mode=True)
    assert not run.failed and [e["id"] for e in run.result["campaigns"]] == [7]
    path.write_text("campaign:\n  - {id: 7, state: paused}\n", encoding="utf-8")  # misspelled: never ignored
    broken = run_module(main, dict(CONNECTION, desired_state=str(path)), check_mode=True)
    assert broken.failed and "unknown keys campaign" in broken.result["msg"]


def test_as_automation_a_guard_campaign_is_never_started(run_module, api_mock):
    add_read(api_mock, 8, campaign_id=7)
    desired = {"campaigns": [{"id": 7, "state": "running", "mode": "guard"}]}
    run = run_module(main, dict(CONNECTION, desired_state=desired, automation=True))
    assert not run.failed and [m for m, _u, _b in sent(api_mock)] == ["GET"]
    [entry] = run.result["campaigns"]
    assert entry["held"] == ["RUNNING"] and entry["held_because"].startswith("mode guard")


# Holds: a person's stop, which neither a desired state nor a by-hand enforcement undoes


def _held(tmp_path, *campaigns):
    from datetime import datetime, timezone

    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HoldStore
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import PAUSE, open_hold
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant
    from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import BASE_URL, USERNAME

    hold = open_hold(Tenant(BASE_URL, USERNAME), campaigns, PAUSE, "alice on bastion", datetime.now(timezone.utc))
    HoldStore(str(tmp_path)).add(hold)
    return hold


def test_a_held_campaign_is_not_started_by_campaign_id_either_and_the_task_names_the_hold(
    run_module, api_mock, tmp_path
):
    hold = _held(tmp_path, 125)
    add_read(api_mock, 8)
    run = run_module(main, dict(CONNECTION, campaign_id=125, state="running", hold_dir=str(tmp_path)))
    assert run.failed and hold.id in run.result["msg"] and run.result["msg"].endswith("; nothing was sent")
    assert [m for m, _u, _b in sent(api_mock)] == ["GET"]


def test_a_held_campaign_may_still_be_stopped(run_module, api_mock, tmp_path):
    _held(tmp_path, 125)
    add_read(api_mock, 8)
    add_write(api_mock)
    add_read(api_mock, 5)
    run = run_module(main, dict(CONNECTION, campaign_id=125, state="stopped", hold_dir=str(tmp_path)))
    assert not run.failed, run.result.get("msg")
    assert written(api_mock) == ["STOPPED"]


def test_a_hold_file_that_cannot_be_read_keeps_a_real_run_from_sending_anything(run_module, api_mock, tmp_path):
    (tmp_path / "hold-broken.json").write_text("{", encoding="utf-8")
    params = dict(CONNECTION, campaigns=[{"id": 125, "state": "running"}], hold_dir=str(tmp_path))
    run = run_module(main, params)
    assert run.failed and "hold-broken.json" in run.result["msg"] and "nothing was sent" in run.result["msg"]
    assert sent(api_mock) == []
    add_read(api_mock, 8)
    check = run_module(main, params, check_mode=True)
    assert not check.failed and "hold-broken.json" in str(check.result.get("warnings"))


def test_a_freeze_and_a_hold_together_fail_nothing_with_override_freeze(run_module, api_mock, tmp_path):
    _held(tmp_path, 125)
    add_read(api_mock, 8)
    freeze = {"name": "Year end", "kind": "freeze", "from": "2020-01-01T00:00:00Z", "until": "2099-01-01T00:00:00Z"}
    params = dict(
        CONNECTION,
        campaigns=[{"id": 125, "state": "running"}],
        windows=[freeze],
        hold_dir=str(tmp_path),
        override_freeze=True,
    )
    run = run_module(main, params)
    assert not run.failed, run.result.get("msg")
    assert run.result["summary"]["held"] == 1 and written(api_mock) == []


def test_a_journal_that_cannot_be_written_sends_nothing(run_module, api_mock, tmp_path):
    journal = tmp_path / "missing" / "journal.jsonl"
    run = run_module(main, dict(CONNECTION, campaigns=[{"id": 125, "state": "paused"}], journal=str(journal)))
    assert run.failed and run.result["msg"].startswith(f"cannot append to the journal {journal}")
    assert sent(api_mock) == []
