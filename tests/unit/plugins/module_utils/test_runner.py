# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The runner against a model of the platform: combined faults, other actors, and a model-based property test."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import typing as t
from datetime import datetime, timedelta, timezone

import pytest
import requests
import responses
import urllib3
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule
from urllib3.connection import HTTPSConnection

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import (
    Outcome,
    RunSettings,
    Write,
    Written,
    reconcile,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._waiter import Waiter
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    REFERENCE_PLAN,
    REFERENCE_STATUSES,
    USERNAME,
    FakeClock,
    campaign_answer,
    read_url,
    write_url,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.platform_model import (
    FAULTS,
    STATE_OF,
    ModelPlatform,
)

WAIT_TIMEOUT = 10.0
WAIT_SLEEP = 1.0
SATISFIES = {("purged", "paused")}


def satisfied(state: str, desired: str) -> bool:
    return state == desired or (state, desired) in SATISFIES


class Run(t.NamedTuple):
    outcome: Outcome | None
    error: ReconcileError | None

    @property
    def transitions(self) -> tuple[str, ...]:
        if self.outcome:
            return self.outcome.transitions
        assert self.error is not None, "a run ends in an outcome or an error"
        return self.error.sent

    @property
    def unconfirmed(self) -> tuple[str, ...]:
        if self.outcome:
            return self.outcome.unconfirmed
        assert self.error is not None, "a run ends in an outcome or an error"
        return self.error.unconfirmed

    @property
    def writes(self) -> tuple[Written, ...]:
        if self.outcome:
            return self.outcome.writes
        assert self.error is not None, "a run ends in an outcome or an error"
        return self.error.writes


def run(clock: FakeClock, desired: str, retries: int = 3, wait: bool = True) -> Run:
    api = CampaignApi(
        BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, retries=retries, sleep=clock.sleep, clock=clock.monotonic
    )
    waiter = Waiter(WAIT_TIMEOUT, WAIT_SLEEP, clock=clock.monotonic, pause=clock.sleep)
    try:
        return Run(reconcile(api, 125, desired, RunSettings(False, waiter, wait, retries)), None)
    except ReconcileError as error:
        return Run(None, error)


@pytest.fixture
def platform(api_mock: responses.RequestsMock, clock: FakeClock) -> t.Callable[..., ModelPlatform]:
    def make(status: int, **kwargs: t.Any) -> ModelPlatform:
        return ModelPlatform(clock, status, **kwargs).serve(api_mock)

    return make


@pytest.fixture
def api_mock() -> t.Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


# The combined-fault matrix: two things go wrong at once. Requests are numbered from 1: the first read is 1 and
# the first write 2. (name, status before, desired, model settings, expected transitions, or the failure's words)
MATRIX = [
    (
        "lost answer x late visibility (the worst case)",
        3,
        "paused",
        {"faults": [None, "lost"], "visibility_delay": 3},
        ["PAUSED"],
    ),
    (
        "lost answer x failing reads",
        3,
        "paused",
        {"faults": [None, "lost"] + ["503"] * 4},
        "PAUSED was sent but its outcome is unknown",
    ),
    (
        "5xx applied x late visibility",
        3,
        "paused",
        {"faults": [None, "504_applied"], "visibility_delay": 3},
        ["PAUSED"],
    ),
    ("5xx not applied x late visibility", 3, "paused", {"faults": [None, "503"], "visibility_delay": 3}, ["PAUSED"]),
    (
        "lost answer x visibility later than the watch before a resend",
        3,
        "paused",
        {"faults": [None, "lost"], "visibility_delay": WAIT_TIMEOUT * 0.7},
        ["PAUSED"],
    ),
    (
        "lost answer x visibility later than wait_timeout",
        3,
        "paused",
        {"faults": [None, "lost"], "visibility_delay": WAIT_TIMEOUT + 3},
        "PAUSED was sent but its outcome is unknown",
    ),
    ("race x late visibility", 3, "paused", {"outside": {2: 8}, "visibility_delay": 3}, []),
    (
        "race x late visibility, then the rest of the plan",
        3,
        "purged",
        {"outside": {2: 8}, "visibility_delay": 3},
        ["PURGED"],
    ),
    (
        "lost answer on the first step of two",
        3,
        "purged",
        {"faults": [None, "lost"], "visibility_delay": 2},
        ["PAUSED", "PURGED"],
    ),
    (
        "lost answer on the second step of two",
        3,
        "purged",
        {"faults": [None, None, None, "lost"], "visibility_delay": 0},
        ["PAUSED", "PURGED"],
    ),
    (
        "5xx on the second step x late visibility",
        3,
        "purged",
        {"faults": [None, None, None, None, None, "504_applied"], "visibility_delay": 2},
        ["PAUSED", "PURGED"],
    ),
    (
        "lost answer x someone else stops the campaign",
        3,
        "paused",
        {"faults": [None, "lost"], "outside": {3: 5}},
        "it changed while this task ran, and cannot become paused",
    ),
    ("429 on the write x late visibility", 8, "running", {"faults": [None, "429"], "visibility_delay": 2}, ["RUNNING"]),
]


@pytest.mark.parametrize("name, status, desired, settings_, expected", MATRIX, ids=[case[0] for case in MATRIX])
def test_combined_faults(platform, clock, name, status, desired, settings_, expected):
    model = platform(status, **settings_)
    result = run(clock, desired)
    plan = REFERENCE_PLAN[STATE_OF[status]][desired]
    assert plan is not None, "each case is a change the table allows"
    assert model.accepted == [w for w in plan if w in model.accepted], (
        "each step accepted at most once, in the plan's order"
    )
    if isinstance(expected, list):
        assert result.error is None, str(result.error)
        assert result.outcome is not None
        assert list(result.transitions) == expected
        assert result.outcome.changed is bool(expected)
        assert result.unconfirmed == ()
        assert satisfied(STATE_OF[model.status], desired)
    else:
        assert result.error is not None
        assert expected in str(result.error)
        assert "\n" not in str(result.error)
    assert set(model.accepted) <= set(result.transitions) | set(result.unconfirmed), (
        "an accepted change is never hidden"
    )


def test_the_worst_case_ends_changed_with_one_accepted_write(platform, clock):
    """Running, desired paused; the POST is applied, its answer lost, and the change shows only 3 s later."""
    model = platform(3, faults=[None, "lost"], visibility_delay=3)
    result = run(clock, "paused")
    assert result.error is None, str(result.error)
    assert result.outcome is not None
    assert (result.outcome.changed, result.transitions) == (True, ("PAUSED",))
    assert model.accepted == ["PAUSED"]
    assert model.requests == 2 + 4, "one write, then reads every second until the change shows"


def test_a_write_whose_outcome_cannot_be_learned_fails_saying_so(platform, clock):
    model = platform(3, faults=[None, "lost"] + ["503"] * 4)
    result = run(clock, "paused")
    assert str(result.error) == (
        "campaign 125 (Spring renewals): GET https://vcc-na12.8x8.com/api/stats/campaigns/125.json answered HTTP 503 "
        "after 3 retries: Service Unavailable (PAUSED was sent but its outcome is unknown: look at the campaign in "
        "Configuration Manager before running again)"
    )
    assert result.error is not None and result.error.campaign is not None
    assert result.error.result() == {
        "changed": False,
        "transitions": [],
        "unconfirmed": ["PAUSED"],
        "campaign": result.error.campaign.as_result(),
    }
    assert model.accepted == ["PAUSED"]


def test_a_repeat_refused_because_the_first_write_landed_counts_the_first(platform, clock):
    """The first write's answer is lost and its change shows only after half of wait_timeout, the watch before a
    resend: sent again, refused, then seen."""
    model = platform(3, faults=[None, "lost"], visibility_delay=WAIT_TIMEOUT * 0.7)
    result = run(clock, "paused")
    assert result.transitions == ("PAUSED",)
    assert model.accepted == ["PAUSED"]
    writes = [event for event in model.events if event[0] == "ours"]
    assert len(writes) == 1


def test_an_unanswered_write_is_not_sent_again_before_the_campaign_was_watched(platform, clock):
    model = platform(3, faults=[None, "drop"])
    start = clock.now
    result = run(clock, "paused")
    assert result.transitions == ("PAUSED",)
    assert clock.now - start >= WAIT_TIMEOUT / 2, "the resend waits until half of wait_timeout showed no change"
    assert model.accepted == ["PAUSED"]
    assert model.writes == 2


@pytest.mark.parametrize(
    "fault, expected", [("503", None), ("drop", None), ("504_applied", ("PAUSED",)), ("lost", ("PAUSED",))]
)
def test_retries_zero_never_sends_a_write_again(platform, clock, fault, expected):
    model = platform(3, faults=[None, fault])
    result = run(clock, "paused", retries=0)
    assert model.writes == 1
    if expected is None:
        assert result.error is not None
        assert "PAUSED was sent but its outcome is unknown" in str(result.error)
        assert model.accepted == []
    else:
        assert result.error is None and result.transitions == expected


def test_someone_else_reaching_the_desired_state_is_not_our_change(platform, clock):
    model = platform(3, outside={2: 8})  # paused by someone else just before our write arrives
    result = run(clock, "paused")
    assert result.error is None
    assert result.outcome is not None
    assert (result.outcome.changed, result.transitions) == (False, ())
    assert result.outcome.notes == (
        "campaign 125 (Spring renewals): PAUSED was refused (Invalid state transition), and the campaign now shows "
        "8 (Manual Paused): someone else changed it meanwhile",
    )
    assert model.accepted == []


def test_in_a_two_step_change_only_our_accepted_step_counts(platform, clock):
    model = platform(3, outside={4: 10})  # purged by someone else between our two steps
    result = run(clock, "purged")
    assert result.error is None
    assert result.outcome is not None
    assert (result.outcome.changed, result.transitions) == (True, ("PAUSED",))
    assert "PURGED was refused (Invalid state transition)" in result.outcome.notes[0]
    assert model.accepted == ["PAUSED"]


def test_a_campaign_stopped_while_waiting_fails_at_once_naming_its_status(platform, clock):
    platform(3, outside={3: 5})  # stopped by someone else while our PAUSED is awaited
    start = clock.now
    result = run(clock, "purged")
    assert str(result.error) == (
        "campaign 125 (Spring renewals): it changed while this task ran, and cannot become purged: its status is "
        "5 (Manual Stopped); stopped is final: it cannot be changed any more (already applied: PAUSED)"
    )
    assert clock.now - start < WAIT_SLEEP, "no waiting out wait_timeout"


def test_a_refusal_nothing_explains_fails_after_watching(platform, clock):
    model = platform(3)
    model.outside = {2: 8}
    model.visibility_delay = WAIT_TIMEOUT * 3  # someone paused it, but reads will not show it within wait_timeout
    result = run(clock, "paused")
    assert str(result.error).endswith("answered HTTP 400: Invalid state transition")
    assert result.unconfirmed == ()


# After each accepted step, the rest is planned again from what the campaign shows.


def test_a_desired_state_reached_by_someone_else_while_awaiting_a_step_ends_ok_sending_no_more(platform, clock):
    """Running, desired purged: PAUSED is accepted, then someone else purges the campaign before PAUSED is seen."""
    model = platform(3, outside={3: 10})
    start = clock.now
    result = run(clock, "purged")
    assert result.error is None, str(result.error)
    assert result.outcome is not None
    assert (result.outcome.changed, result.transitions, result.unconfirmed) == (True, ("PAUSED",), ())
    assert result.outcome.after.status == 10
    assert result.outcome.notes == (
        "campaign 125 (Spring renewals): the platform accepted PAUSED, then the campaign showed 10 (Manual Purged), "
        "already purged: someone else changed it meanwhile, so PURGED was not sent",
    )
    assert (model.writes, model.accepted) == (1, ["PAUSED"]), "PURGED is not sent to a purged campaign"
    assert clock.now == start, "no waiting"


def test_a_desired_state_reached_by_a_second_actor_ends_ok(platform, clock):
    """Someone else pauses the campaign before PAUSED arrives, and someone purges it before PURGED does."""
    model = platform(3, outside={2: 8, 4: 10})
    result = run(clock, "purged")
    assert result.error is None, str(result.error)
    assert result.outcome is not None
    assert (result.outcome.changed, result.transitions) == (False, ())
    assert [note.split(": ", 1)[1] for note in result.outcome.notes] == [
        "PAUSED was refused (Invalid state transition), and the campaign now shows 8 (Manual Paused): someone else "
        "changed it meanwhile",
        "PURGED was refused (Invalid state transition), and the campaign now shows 10 (Manual Purged): someone else "
        "changed it meanwhile",
    ]
    assert model.accepted == []


# wait_timeout bounds the whole wait for one step: its watches, its resends and the wait for it to show.


@pytest.mark.parametrize("status", [500, 503])
def test_a_platform_answering_every_write_with_5xx_fails_a_default_task_within_wait_timeout(api_mock, clock, status):
    api_mock.add(responses.GET, read_url(125), json=campaign_answer(125, 3))
    api_mock.add(responses.POST, write_url(125), status=status, json={"message": "Service Unavailable"})
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, sleep=clock.sleep, clock=clock.monotonic)
    waiter = Waiter(60, 1, clock=clock.monotonic, pause=clock.sleep)
    start = clock.now
    with pytest.raises(ReconcileError) as caught:
        reconcile(api, 125, "paused", RunSettings(False, waiter, resends=3))
    assert clock.now - start <= 60, "wait_timeout, not a wait_timeout for each of the 4 sends"
    assert str(caught.value) == (
        f"campaign 125 (Spring renewals): POST {write_url(125)} answered HTTP {status}: Service Unavailable (PAUSED "
        "was sent but its outcome is unknown: look at the campaign in Configuration Manager before running again)"
    )
    assert [call.request.method for call in api_mock.calls].count("POST") == 4, "sent, then sent again 3 times"
    assert caught.value.result()["unconfirmed"] == ["PAUSED"]


def test_a_resend_accepted_but_never_shown_fails_within_the_steps_wait_timeout(platform, clock):
    model = platform(3, faults=[None, "drop"], visibility_delay=WAIT_TIMEOUT * 5)
    start = clock.now
    result = run(clock, "paused")
    assert "the platform accepted PAUSED, but after 10 seconds the campaign still reads 3 (Manual Running)" in str(
        result.error
    )
    assert result.transitions == ("PAUSED",)
    assert model.writes == 2
    assert clock.now - start <= WAIT_TIMEOUT, "the wait for the resend to show ends at the step's deadline"


def test_the_deadline_starts_at_the_first_answer_not_before_a_429s_retry_after(platform, clock):
    """The write waits 8 s for its turn (HTTP 429), is accepted, and shows 8 s later: within wait_timeout of it."""
    model = platform(3, faults=[None, "429"], retry_after=WAIT_TIMEOUT - 2, visibility_delay=WAIT_TIMEOUT - 2)
    result = run(clock, "paused")
    assert result.error is None, str(result.error)
    assert result.transitions == ("PAUSED",)
    assert model.writes == 2


def test_each_step_has_a_deadline_of_its_own(platform, clock):
    """A first step that used most of its wait_timeout leaves the second step a whole one."""
    model = platform(3, visibility_delay=WAIT_TIMEOUT - 1)
    result = run(clock, "purged")
    assert result.error is None, str(result.error)
    assert result.transitions == ("PAUSED", "PURGED")
    assert model.writes == 2


# The record of every status change sent, for the journal: its word, outcome, the status it was sent from, its time.


def sends(writes: t.Sequence[Written]) -> list[tuple[str, Write, int, bool]]:
    """Each write's word, outcome and status before, and whether it carries an error's text."""
    return [(write.word, write.outcome, write.status_before, write.error is not None) for write in writes]


def test_an_accepted_change_records_one_write_sent_from_the_status_read(platform, clock):
    platform(3)
    start = datetime.now(timezone.utc)
    result = run(clock, "paused")
    end = datetime.now(timezone.utc)
    assert result.outcome is not None
    assert sends(result.writes) == [("PAUSED", Write.ACCEPTED, 3, False)]
    (write,) = result.writes
    assert write.error is None
    assert write.at.tzinfo is not None and write.at.utcoffset() == timedelta(0), "aware, in UTC"
    assert start <= write.at <= end


def test_a_two_step_change_records_each_step_from_the_status_it_left(platform, clock):
    platform(3)
    result = run(clock, "purged")
    assert result.transitions == ("PAUSED", "PURGED")
    assert sends(result.writes) == [("PAUSED", Write.ACCEPTED, 3, False), ("PURGED", Write.ACCEPTED, 8, False)]
    assert result.writes[0].at <= result.writes[1].at


def test_a_refused_write_is_recorded_in_the_failure_with_the_errors_text(api_mock, clock):
    api_mock.add(responses.GET, read_url(125), json=campaign_answer(125, 8))
    api_mock.add(responses.POST, write_url(125), status=403, json={"message": "Forbidden for this user"})
    result = run(clock, "running")
    assert result.error is not None
    assert sends(result.writes) == [("RUNNING", Write.REFUSED, 8, True)]
    assert result.writes[0].error == str(result.error.cause)
    assert "HTTP 403" in str(result.writes[0].error) and "Forbidden for this user" in str(result.writes[0].error)


def test_a_write_answered_5xx_that_landed_is_recorded_once_as_unknown(platform, clock):
    model = platform(3, faults=[None, "504_applied"], visibility_delay=3)
    result = run(clock, "paused")
    assert result.transitions == ("PAUSED",), "it landed, so it counts as applied"
    assert sends(result.writes) == [("PAUSED", Write.UNKNOWN, 3, True)], "what the platform answered, not sent again"
    assert str(result.writes[0].error).startswith(f"POST {write_url(125)} answered HTTP 504")
    assert model.writes == 1


def test_a_resend_is_recorded_after_the_write_that_did_not_land(platform, clock):
    model = platform(3, faults=[None, "503"])
    result = run(clock, "paused")
    assert result.transitions == ("PAUSED",)
    assert sends(result.writes) == [("PAUSED", Write.UNKNOWN, 3, True), ("PAUSED", Write.ACCEPTED, 3, False)]
    assert "HTTP 503" in str(result.writes[0].error)
    assert model.writes == 2


def test_a_repeat_refused_because_the_first_write_landed_records_both_answers(platform, clock):
    platform(3, faults=[None, "lost"], visibility_delay=WAIT_TIMEOUT * 0.7)
    result = run(clock, "paused")
    assert result.transitions == ("PAUSED",)
    assert sends(result.writes) == [("PAUSED", Write.UNKNOWN, 3, True), ("PAUSED", Write.REFUSED, 3, True)]


def test_a_write_whose_outcome_stays_unknown_is_recorded_in_the_failure_with_each_resend(api_mock, clock):
    api_mock.add(responses.GET, read_url(125), json=campaign_answer(125, 3))
    api_mock.add(responses.POST, write_url(125), status=503, json={"message": "Service Unavailable"})
    result = run(clock, "paused", retries=2)
    assert result.error is not None
    assert sends(result.writes) == [("PAUSED", Write.UNKNOWN, 3, True)] * 3, "sent, then sent again twice"


def test_check_mode_and_a_campaign_already_there_record_no_write(api_mock, clock):
    api_mock.add(responses.GET, read_url(125), json=campaign_answer(125, 3))
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, sleep=clock.sleep, clock=clock.monotonic)
    waiter = Waiter(WAIT_TIMEOUT, WAIT_SLEEP, clock=clock.monotonic, pause=clock.sleep)
    planned = reconcile(api, 125, "purged", RunSettings(True, waiter))
    assert (planned.transitions, planned.writes) == (("PAUSED", "PURGED"), ())
    assert reconcile(api, 125, "running", RunSettings(False, waiter)).writes == ()
    assert [call.request.method for call in api_mock.calls] == ["GET", "GET"]


# The model-based property test: any schedule of faults, delays and other actors.

STATUSES = st.sampled_from(sorted(REFERENCE_STATUSES))
DELAYS = st.sampled_from([0.0, 0.5, 3.0, WAIT_TIMEOUT + 2])


class RunnerUnderFaults(RuleBasedStateMachine):
    """One campaign on the model platform, reconciled again and again while things go wrong around it."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        self.mock.start()
        self.platform = ModelPlatform(self.clock, 3).serve(self.mock)

    @initialize(status=STATUSES, delay=DELAYS)
    def a_campaign(self, status: int, delay: float) -> None:
        self.platform.status, self.platform.visibility_delay = status, delay
        self.platform.reset()

    @rule(status=STATUSES, delay=DELAYS)
    def someone_sets_up_the_campaign_again(self, status: int, delay: float) -> None:
        """Another campaign in the same tenant, so that a stopped one does not end the story."""
        self.a_campaign(status, delay)

    @rule(seconds=st.sampled_from([1.0, 5.0, 60.0]))
    def time_passes(self, seconds: float) -> None:
        self.clock.sleep(seconds)

    @rule(
        desired=st.sampled_from(["running", "paused", "purged", "stopped"]),
        retries=st.integers(0, 2),
        faults=st.one_of(
            st.tuples(st.integers(1, 4), st.sampled_from(FAULTS)).map(lambda one: [None] * (one[0] - 1) + [one[1]]),
            st.lists(st.sampled_from((None,) + FAULTS), max_size=8),
        ),
        other=st.none() | st.tuples(st.integers(1, 12), st.sampled_from([3, 8, 10, 5, 6])),
    )
    def reconcile(self, desired: str, retries: int, faults: list[str | None], other: tuple[int, int] | None) -> None:
        """Reconcile while the faults drawn hit the next requests, and maybe someone else acts after a few."""
        model = self.platform
        model.faults = faults
        model.outside = {model.requests + other[0]: other[1]} if other else {}
        first_event, first_request, first_fault = len(model.events), model.requests, model.faults_used
        first_write = model.writes
        plan = REFERENCE_PLAN[STATE_OF[model.visible_status]][desired]
        # Reads tell the truth only once earlier changes show: until then, no run can know who did what.
        settled = model.visible_status == model.status
        result = run(self.clock, desired, retries)
        events = model.events[first_event:]
        ours = [word for who, word in events if who == "ours"]
        others = any(who == "outside" for who, _what in events) or not settled
        transitions, unconfirmed = result.transitions, result.unconfirmed

        assert set(ours) <= set(transitions) | set(unconfirmed), "a change the platform accepted is never hidden"
        writes = result.writes
        assert bool(writes) is (model.writes > first_write), "a write is recorded exactly when one was sent"
        assert len(writes) <= model.writes - first_write, "one record for each send (the client may repeat one)"
        for word in set(ours):
            landed = [w for w in writes if w.word == word and w.outcome in (Write.ACCEPTED, Write.UNKNOWN)]
            assert ours.count(word) <= len(landed), "a change that landed was answered accepted, or not clearly"
        assert all(w.word in transitions for w in writes if w.outcome is Write.ACCEPTED)
        assert all((w.error is None) is (w.outcome is Write.ACCEPTED) for w in writes)
        assert all(w.status_before in REFERENCE_STATUSES for w in writes)
        assert [w.at for w in writes] == sorted(w.at for w in writes), "in the order sent"
        since_other: set[str] = set()
        for who, what in events:
            if who == "outside":
                since_other = set()
            else:
                assert what not in since_other, "a step is accepted once, unless someone else undid it meanwhile"
                since_other.add(what)
        if not others:
            assert list(transitions) == [word for word in ours if word in transitions], "only accepted changes reported"
            assert len(transitions) == len(set(transitions))
        assert model.requests - first_request < 200, "bounded"
        if (
            not others
            and plan is not None
            and retries
            and model.faults_used - first_fault <= 1
            and model.visibility_delay <= WAIT_TIMEOUT
        ):
            assert result.outcome, f"one fault alone must not fail a change the platform allows: {result.error}"
        ends_desired = model.visible_status == model.status and satisfied(STATE_OF[model.status], desired)
        if ends_desired and model.faults_used == first_fault and model.visibility_delay < WAIT_TIMEOUT:
            assert result.outcome, f"the campaign ends {desired}: another actor must not fail the task: {result.error}"
        if result.outcome:
            assert result.outcome.changed is bool(transitions)
            assert satisfied(result.outcome.after.state, desired)
            if not others:
                assert satisfied(STATE_OF[model.status], desired)
        else:
            message = str(result.error)
            assert message.startswith("campaign 125") and "\n" not in message
            if unconfirmed:
                assert f"{', '.join(unconfirmed)} {'was' if len(unconfirmed) == 1 else 'were'} sent but" in message
                assert "outcome is unknown" in message

    def teardown(self) -> None:
        self.mock.stop()
        self.mock.reset()


RunnerUnderFaults.TestCase.settings = settings(
    max_examples=600,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_runner_under_any_schedule_of_faults = RunnerUnderFaults.TestCase


def test_a_write_that_never_reached_the_platform_fails_without_watching_or_guessing(api_mock, clock):
    refused = urllib3.exceptions.NewConnectionError(
        HTTPSConnection("vcc-na12.8x8.com"), "Failed to establish a new connection: [Errno 111] Connection refused"
    )
    api_mock.add(responses.GET, read_url(125), json=campaign_answer(125, 3))
    api_mock.add(responses.POST, write_url(125), body=requests.exceptions.ConnectionError(refused))
    start = clock.now
    result = run(clock, "paused", retries=1)
    assert "Connection refused" in str(result.error)
    assert result.unconfirmed == (), "nothing arrived, so nothing is unknown"
    assert clock.now - start < WAIT_TIMEOUT, "no watching for a change that cannot have been made"
    assert [call.request.method for call in api_mock.calls] == ["GET", "POST", "POST"], "sent again once: retries is 1"
