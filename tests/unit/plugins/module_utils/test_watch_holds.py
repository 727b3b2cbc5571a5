# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The watch's holds, without its event loop: a person's stop seen (a campaign desired running found out of dialing,
not by the policy) is held, told once by a held event, and never started; the hold ends when the campaign is seen
dialing again, when a person lifts it in the hold directory, or, for a hold the watch opened itself, when its desired
state changes, each told by a lifted event; what the policy paused is started again when it says; what the watch remembers across a restart. Last, a state
machine of polls, people, window edges and restarts, and the one thing that must never happen."""

from __future__ import annotations

import json
import typing as t
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import (
    BY_HAND,
    GIVEN,
    PAUSE,
    Hold,
    in_force,
    open_hold,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import LANDING_STATUS, state_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._watch import (
    CHANGED,
    DRIFTED,
    ENFORCER,
    HELD,
    KEY,
    LIFTED,
    Lifting,
    Memory,
    Seen,
    Watch,
    memory_of,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._watch_settings import (
    settings as source_settings,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import campaign
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import calling
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import DATA_TOKEN, USERNAME

CHICAGO = ZoneInfo("America/Chicago")
#: A Tuesday, 10:00 in Chicago: inside the calling hours of desired_states.calling() (08:00-21:00, every day).
WHEN = datetime(2026, 6, 9, 10, 0, tzinfo=CHICAGO)
CONNECTION = {"platform": "na12", "username": USERNAME, "data_token": DATA_TOKEN}
TENANT = Tenant("https://vcc-na12.8x8.com", USERNAME)
RUNNING, PAUSED, PURGED, STOPPED = 3, 8, 10, 5  # a status code of each state


class Clock:
    """The watch's wall time, which the tests move: what use() lifts a hold at."""

    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self) -> datetime:
        return self.when


def watch(
    content: t.Any, clock: Clock | None = None, memory: Memory | None = None, **args: t.Any
) -> tuple[Watch, Clock]:
    """A watch of ``content`` (a desired state), as the source's arguments give it; its clock."""
    clock = clock or Clock(WHEN)
    config = source_settings({**CONNECTION, "interval": 3, "desired_state": content, **args}, {})
    return Watch(config, (DATA_TOKEN,), clock=clock, memory=memory), clock


def desired(*entries: tuple[int, str] | tuple[int, str, str], windows: t.Sequence[t.Any] = ()) -> dict[str, t.Any]:
    """A desired state of (ID, state) or (ID, state, mode) entries."""
    campaigns = [
        {"id": entry[0], "state": entry[1], **({"mode": entry[2]} if len(entry) > 2 else {})} for entry in entries
    ]
    return {"version": 2, "campaigns": campaigns, "windows": list(windows)}


class Poller:
    """Polls of one watch at a moving time: each poll ``step`` seconds after the one before."""

    def __init__(self, source: Watch, clock: Clock) -> None:
        self.source, self.clock, self.moment = source, clock, 0.0

    def poll(self, *statuses: int, at: datetime | None = None) -> list[dict[str, t.Any]]:
        """The events of a poll where the watched campaigns show ``statuses``, in order, at ``at`` (else 3 s on)."""
        self.clock.when = at or self.clock.when + timedelta(seconds=3)
        self.moment += 3.0
        reads = [campaign(campaign_id, status) for campaign_id, status in zip(self.source.ids, statuses)]
        polled = self.source.poll(t.cast(t.Any, reads), self.clock.when, self.moment)
        return [event[KEY] for event in polled.events]


def of(events: list[dict[str, t.Any]], kind: str) -> list[dict[str, t.Any]]:
    return [event for event in events if event["type"] == kind]


def starts(events: list[dict[str, t.Any]]) -> list[int]:
    """The campaigns an event says automation may start now."""
    return [event["campaign"]["id"] for event in events if event.get("act") and "RUNNING" in event["transitions"]]


# A person's stop seen.


def test_a_campaign_paused_by_hand_while_desired_running_is_held_told_once_and_never_started():
    source, clock = watch(desired((125, "running"), (126, "running")), stuck_after=1)
    poller = Poller(source, clock)
    assert poller.poll(RUNNING, RUNNING) == []
    events = poller.poll(PAUSED, RUNNING)  # 10:00:06: a supervisor pauses 125
    [held] = of(events, HELD)
    [hold] = source.holds
    assert held == {
        "type": HELD,
        "campaign": {"id": 125, "name": "Campaign 125", "status": 8, "status_name": "Manual Paused", "state": "paused"},
        "seen_at": "2026-06-09T15:00:06+00:00",
        "desired": "running",
        "effective": "running",
        "mode": "enforce",
        "why": hold.why(),
        "hold": hold.as_dict(),
        "message": f"campaign 125 (Campaign 125) was taken out of dialing, not by the policy: seen paused (status 8, "
        f"Manual Paused) at 2026-06-09T15:00:06+00:00 while desired running; held ({hold.id}): automation never "
        "starts it until a person resumes it, lifts the hold, or changes its desired state",
    }
    assert (hold.source, hold.opened_by, hold.campaigns, hold.tenant) == (BY_HAND, ENFORCER, (125,), TENANT)
    assert hold.reason == "seen paused at 2026-06-09T15:00:06Z while desired running"
    [changed] = of(events, CHANGED)
    assert (changed["drifted"], changed["transitions"], changed["act"]) == (True, ["RUNNING"], False)
    assert (changed["why"], changed["hold"]) == (hold.why(), hold.id)
    assert changed["message"].endswith(f"; automation may not: {hold.why()}")
    assert hold.why().startswith("held since 2026-06-09T15:00:06Z by the enforcer (event source campaign_status)")
    # It lasts: emitted again on its schedule, held each time, never stuck, and no second held event.
    later = [poller.poll(PAUSED, RUNNING) for _poll in range(30)]
    drifted = [event for events in later for event in events]
    assert drifted and all(event["type"] == DRIFTED for event in drifted), "no held, no stuck: nothing acts on it"
    assert all(event["act"] is False and event["hold"] == hold.id for event in drifted)
    beat = source.heartbeat(0)[KEY]
    assert beat["campaigns"]["held"] == 1 and beat["holds"] == {"count": 1, "ids": [hold.id]}
    assert beat["message"].endswith(f"; 1 held by 1 holds ({hold.id})")


def test_seen_dialing_again_the_hold_ends_with_a_lifted_event_and_a_new_stop_is_a_new_hold():
    source, clock = watch(desired((125, "running")))
    poller = Poller(source, clock)
    poller.poll(RUNNING)
    [first] = of(poller.poll(PAUSED), HELD)
    events = poller.poll(RUNNING)  # a supervisor resumes it by hand
    [lifted] = of(events, LIFTED)
    assert lifted["campaign"] == {
        "id": 125,
        "name": "Campaign 125",
        "status": 3,
        "status_name": "Manual Running",
        "state": "running",
    }
    assert (lifted["hold_id"], lifted["by"], lifted["why"]) == (
        first["hold"]["id"],
        ENFORCER,
        "seen running at 2026-06-09T15:00:09Z",
    )
    assert lifted["hold"]["lifted"] == [
        {"id": 125, "at": "2026-06-09T15:00:09Z", "by": ENFORCER, "why": "seen running at 2026-06-09T15:00:09Z"}
    ]
    assert lifted["message"] == (
        f"campaign 125 (Campaign 125): hold {first['hold']['id']} ended (seen running at 2026-06-09T15:00:09Z, by "
        f"{ENFORCER}): automation may start it again"
    )
    assert source.holds == [] and source.heartbeat(0)[KEY]["holds"] == {"count": 0, "ids": []}
    [second] = of(poller.poll(PAUSED), HELD)
    assert second["hold"]["id"] != first["hold"]["id"]
    assert starts(poller.poll(PAUSED)) == []


def test_a_change_of_the_campaigns_desired_state_ends_its_hold_and_hands_it_back_to_the_policy():
    content = desired((125, "running"), (126, "running"))
    source, clock = watch(content)
    poller = Poller(source, clock)
    poller.poll(RUNNING, RUNNING)
    assert len(of(poller.poll(PAUSED, PAUSED), HELD)) == 2
    # The same desired state written otherwise (mode enforce is the default) changes nothing.
    assert source.use(load_policy(desired((125, "running", "enforce"), (126, "running")))) == []
    # 125 desired paused: its hold ends; 126 keeps its own.
    [lifted] = [event[KEY] for event in source.use(load_policy(desired((125, "paused"), (126, "running"))))]
    assert (lifted["type"], lifted["campaign"]["id"], lifted["by"]) == (LIFTED, 125, ENFORCER)
    assert lifted["why"] == "its desired state changed to paused (mode enforce)"
    assert lifted["campaign"]["state"] == "paused", "named as last read"
    assert starts(poller.poll(PAUSED, PAUSED)) == []
    assert source.use(load_policy(content)) == [], "no hold left on 125 to end"
    events = poller.poll(PAUSED, PAUSED)
    assert starts(events) == [125], "desired running again: the policy's to start"
    assert of(events, HELD) == [] and [hold.unlifted for hold in source.holds] == [(126,)]


def test_what_calling_hours_paused_is_started_when_they_open_and_never_held():
    source, clock = watch(desired((125, "running"), windows=[calling()]))
    poller = Poller(source, clock)
    assert poller.poll(RUNNING, at=datetime(2026, 6, 9, 20, 59, 50, tzinfo=CHICAGO)) == []
    [closing] = poller.poll(RUNNING, at=datetime(2026, 6, 9, 21, 0, 0, 500000, tzinfo=CHICAGO))
    assert (closing["transitions"], closing["act"]) == (["PAUSED"], True)
    [paused] = poller.poll(PAUSED)  # the enforcement paused it
    assert (paused["type"], paused["drifted"]) == (CHANGED, False)
    assert source.paused_by_policy == {125}
    events = poller.poll(PAUSED, at=datetime(2026, 6, 10, 8, 0, 0, 500000, tzinfo=CHICAGO))
    assert starts(events) == [125] and of(events, HELD) == []
    poller.poll(RUNNING)
    assert source.paused_by_policy == set(), "seen dialing: the policy's pause is over"


def test_a_pause_the_watch_did_not_ask_for_just_before_the_hours_close_is_a_persons_and_held_in_the_morning():
    source, clock = watch(desired((125, "running"), windows=[calling()]))
    poller = Poller(source, clock)
    poller.poll(RUNNING, at=datetime(2026, 6, 9, 20, 59, 50, tzinfo=CHICAGO))
    # A supervisor pauses it at 20:59:59; the poll at the edge finds it paused already.
    assert poller.poll(PAUSED, at=datetime(2026, 6, 9, 21, 0, 0, 500000, tzinfo=CHICAGO)) != []
    assert source.paused_by_policy == set()
    events = poller.poll(PAUSED, at=datetime(2026, 6, 10, 8, 0, 0, 500000, tzinfo=CHICAGO))
    assert starts(events) == [] and len(of(events, HELD)) == 1


@pytest.mark.parametrize("mode", ["guard", "observe"])
def test_guard_and_observe_campaigns_paused_by_hand_are_never_started_and_get_no_hold(mode):
    source, clock = watch(desired((125, "running", mode)))
    poller = Poller(source, clock)
    poller.poll(RUNNING)
    events = poller.poll(PAUSED)
    assert of(events, HELD) == [] and starts(events) == [] and source.holds == []


def test_a_stopped_or_new_campaign_gets_no_hold_nothing_can_start_it_or_it_never_dialed():
    source, clock = watch(desired((125, "running"), (126, "running")))
    poller = Poller(source, clock)
    poller.poll(RUNNING, 0)  # 126: New
    events = poller.poll(STOPPED, 0)
    assert of(events, HELD) == [] and source.holds == []
    assert starts(events) == [126], "stopped is final; a new campaign never dialed, and is launched"


# Restarts: what the watch remembers.


def test_at_start_up_without_memory_a_campaign_found_paused_while_desired_running_is_held():
    source, clock = watch(desired((125, "running"), (126, "running"), (127, "paused")))
    events = Poller(source, clock).poll(PAUSED, RUNNING, PAUSED)
    assert [event["campaign"]["id"] for event in of(events, HELD)] == [125]
    assert starts(events) == []
    assert source.paused_by_policy == {127}, "desired paused: the policy's"


def test_at_start_up_with_memory_what_the_policy_paused_is_started_again_and_nothing_else():
    content = desired((125, "running"), (126, "running"))
    first, clock = watch(content)
    poller = Poller(first, clock)
    poller.poll(RUNNING, RUNNING, at=datetime(2026, 6, 9, 20, 0, tzinfo=CHICAGO))
    assert first.use(load_policy(desired((125, "paused"), (126, "running")))) == []
    poller.poll(RUNNING, RUNNING)  # 125 drifted: the enforcement pauses it
    poller.poll(PAUSED, RUNNING)
    assert len(of(poller.poll(PAUSED, PAUSED), HELD)) == 1, "126 paused by hand"
    saved = json.loads(json.dumps(first.memory().as_dict()))  # through its file
    remembered = memory_of(saved, "the state file x", TENANT)
    assert remembered == first.memory()
    assert remembered.paused_by_policy == (125,) and remembered.seen[126] == Seen("paused", "running")
    # A restart with the desired state running again: 125 is the policy's to start, 126 stays held by its hold.
    second, clock = watch(content, Clock(clock.when), remembered)
    events = Poller(second, clock).poll(PAUSED, PAUSED)
    assert starts(events) == [125]
    assert of(events, HELD) == [], "the hold remembered, not a new one"
    assert [hold.id for hold in second.holds] == [hold.id for hold in first.holds]
    # And without memory: both found paused while desired running, both held.
    third, clock = watch(content, Clock(clock.when))
    events = Poller(third, clock).poll(PAUSED, PAUSED)
    assert starts(events) == [] and len(of(events, HELD)) == 2


def test_memory_is_refused_when_it_is_another_tenants_or_not_a_state_file():
    source, _clock = watch(desired((125, "running")))
    saved = source.memory().as_dict()
    assert saved == {
        "version": 1,
        "tenant": {"api_url": "https://vcc-na12.8x8.com", "username": USERNAME},
        "paused_by_policy": [],
        "seen": [],
        "held": [],
        "holds": [],
    }
    other = Tenant("https://vcc-na12.8x8.com", "another")
    with pytest.raises(CampaignError) as caught:
        memory_of(saved, "the state file /srv/enforcer.json", other)
    assert str(caught.value) == (
        f"the state file /srv/enforcer.json is the state of the event source of the tenant {USERNAME} at "
        "https://vcc-na12.8x8.com, not of another at https://vcc-na12.8x8.com: give each tenant's event source a "
        "state_file of its own"
    )
    assert memory_of(saved, "x", Tenant("HTTPS://VCC-NA12.8x8.com/", USERNAME)).tenant == TENANT, "the same tenant"
    for broken, problem in (
        ([], "x is not the state of this event source (a mapping of version 1)"),
        ({**saved, "version": 2}, "x is not the state of this event source (a mapping of version 1)"),
        ({**saved, "tenant": None}, "x records no tenant (api_url and username)"),
        ({**saved, "paused_by_policy": ["x"]}, "x: paused_by_policy should be a list of campaign IDs"),
        ({**saved, "seen": [{"id": 125, "state": "Running"}]}, "x: seen[0] should have a campaign's id, state and"),
        ({**saved, "held": [{"id": 125}]}, "x: held[0] should have a campaign's id and the id of its hold"),
        ({**saved, "holds": {}}, "x: holds should be a list"),
        ({**saved, "holds": [{"id": "hold-1"}]}, "x: holds[0] records no tenant"),
    ):
        with pytest.raises(CampaignError) as caught:
            memory_of(broken, "x", TENANT)
        assert str(caught.value).startswith(problem), broken


# The hold directory.


def stored_watch(content: t.Any) -> tuple[Watch, Poller]:
    source, clock = watch(content, hold_dir="/srv/holds")
    return source, Poller(source, clock)


def test_a_hold_of_the_hold_directory_keeps_the_campaign_from_being_started_until_a_person_lifts_it():
    source, poller = stored_watch(desired((125, "running"), (126, "running")))
    poller.poll(RUNNING, RUNNING)
    pause = open_hold(TENANT, [125, 126], PAUSE, "alice on bastion", WHEN, reason="carrier outage", ticket="INC-7")
    other_tenants = open_hold(Tenant("https://vcc-eu5.8x8.com", USERNAME), [125, 126], PAUSE, "bob", WHEN)
    source.holds_read([pause, other_tenants])
    events = poller.poll(PAUSED, PAUSED)  # the runbook's pause
    assert of(events, HELD) == [], "the runbook's hold, not one the watch opens"
    assert starts(events) == []
    assert all(event["why"] == pause.why() and event["hold"] == pause.id for event in of(events, CHANGED))
    assert source.hold_changes() == ([], []), "nothing of the watch's own to record"
    # Resumed through the collection, for 125: the hold directory says who lifted it, and why.
    lifted_at = WHEN + timedelta(minutes=5)
    source.holds_read([pause.lift([125], lifted_at, "alice on bastion", "resumed"), other_tenants])
    events = poller.poll(PAUSED, PAUSED)
    [lifted] = of(events, LIFTED)
    assert (lifted["campaign"]["id"], lifted["by"], lifted["why"], lifted["hold_id"]) == (
        125,
        "alice on bastion",
        "resumed",
        pause.id,
    )
    assert starts(events) == [125], "handed back: the policy's to start, not a new hold"
    assert source.heartbeat(0)[KEY]["holds"] == {"count": 1, "ids": [pause.id]}


def test_with_a_hold_directory_the_holds_the_watch_opens_and_lifts_are_handed_over_to_be_written():
    source, poller = stored_watch(desired((125, "running")))
    poller.poll(RUNNING)
    [held] = of(poller.poll(PAUSED), HELD)
    opened, lifts = source.hold_changes()
    assert [hold.as_dict() for hold in opened] == [held["hold"]] and lifts == []
    assert source.hold_changes() == ([], []), "handed over once"
    source.holds_read(opened)  # as the directory gives it back before the next poll
    [lifted] = of(poller.poll(RUNNING), LIFTED)
    assert source.hold_changes() == ([], [Lifting((125,), poller.clock.when, ENFORCER, lifted["why"])])
    assert source.memory().holds == (), "the directory keeps them, not the state file"


@pytest.mark.parametrize("source_of_hold", [PAUSE, GIVEN])
def test_a_pause_or_a_persons_hold_is_not_ended_by_a_change_of_the_desired_state(source_of_hold):
    source, poller = stored_watch(desired((125, "running", "guard")))
    poller.poll(RUNNING)
    pause = open_hold(TENANT, [125], source_of_hold, "alice on bastion", WHEN, reason="carrier outage")
    source.holds_read([pause])
    assert of(poller.poll(PAUSED), HELD) == []
    # guard -> enforce, then desired paused and running again: edits of the file, none of them a person's lift.
    edits: list[tuple[int, str] | tuple[int, str, str]] = [
        (125, "running", "enforce"),
        (125, "paused"),
        (125, "running"),
    ]
    for entry in edits:
        assert source.use(load_policy(desired(entry))) == [], f"no lifted event for {entry}"
        assert source.hold_changes() == ([], []), "no Lifting for the hold directory"
        source.holds_read([pause])  # as the directory gives it back before the next poll
        events = poller.poll(PAUSED)
        assert of(events, LIFTED) == [] and starts(events) == []
        if entry[1] == "running":  # the drift is told, held back by the pause's hold
            [drifted] = of(events, DRIFTED)
            assert (drifted["act"], drifted["transitions"], drifted["hold"]) == (False, ["RUNNING"], pause.id)
    # The person's lift ends it, and hands the campaign back to the policy.
    source.holds_read([pause.lift([125], poller.clock.when, "alice on bastion", "resumed")])
    events = poller.poll(PAUSED)
    [lifted] = of(events, LIFTED)
    assert (lifted["by"], lifted["hold_id"]) == ("alice on bastion", pause.id)
    assert starts(events) == [125]


def test_a_change_of_the_desired_state_lifts_no_hold_of_a_campaign_a_pause_holds_too():
    source, poller = stored_watch(desired((125, "running")))
    poller.poll(RUNNING)
    [held] = of(poller.poll(PAUSED), HELD)
    [by_hand], _lifts = source.hold_changes()
    pause = open_hold(TENANT, [125], PAUSE, "alice", poller.clock.when, reason="incident")
    source.holds_read([by_hand, pause])  # the runbook's pause holds it too, after the hold by hand
    assert in_force(source.holds, TENANT, poller.clock.when)[125].id == held["hold"]["id"], "the oldest names it"
    assert source.use(load_policy(desired((125, "running", "guard")))) == []
    assert source.hold_changes() == ([], [])
    assert [hold.unlifted for hold in source.holds] == [(125,), (125,)]


def test_with_a_hold_directory_a_change_of_the_desired_state_lifts_the_watchs_hold_by_hand():
    source, poller = stored_watch(desired((125, "running")))
    poller.poll(RUNNING)
    [held] = of(poller.poll(PAUSED), HELD)
    opened, _lifts = source.hold_changes()
    source.holds_read(opened)
    [lifted] = [event[KEY] for event in source.use(load_policy(desired((125, "running", "guard"))))]
    assert (lifted["type"], lifted["hold_id"], lifted["by"]) == (LIFTED, held["hold"]["id"], ENFORCER)
    assert source.hold_changes() == ([], [Lifting((125,), poller.clock.when, ENFORCER, lifted["why"])])


def test_a_hold_of_the_directory_is_not_ended_by_a_campaign_seen_dialing_before_it_was_seen_stopped():
    source, poller = stored_watch(desired((125, "running")))
    pause = open_hold(TENANT, [125], PAUSE, "alice", WHEN)
    source.holds_read([pause])  # the runbook opened its hold; its pause has not landed yet
    assert of(poller.poll(RUNNING), LIFTED) == []
    assert of(poller.poll(PAUSED), HELD) == []
    [lifted] = of(poller.poll(RUNNING), LIFTED)  # resumed by hand, in the platform's own screens
    assert lifted["why"].startswith("seen running at ")


def test_a_hold_that_expires_or_is_gone_ends_and_a_directory_read_in_part_lifts_nothing():
    source, poller = stored_watch(desired((125, "running"), (126, "running")))
    poller.poll(RUNNING, RUNNING)
    soon = open_hold(TENANT, [125], PAUSE, "alice", WHEN, expires_at=WHEN + timedelta(seconds=10))
    other = open_hold(TENANT, [126], PAUSE, "alice", WHEN)
    source.holds_read([soon, other])
    poller.poll(PAUSED, PAUSED)
    source.holds_read([soon], complete=False)  # the file of the other could not be read
    assert of(poller.poll(PAUSED, PAUSED), LIFTED) == [] and len(source.holds) == 2
    events = poller.poll(PAUSED, PAUSED, at=WHEN + timedelta(seconds=11))
    [expired] = of(events, LIFTED)
    assert (expired["campaign"]["id"], expired["by"], expired["why"]) == (
        125,
        "expiry",
        "expired at 2026-06-09T15:00:10Z",
    )
    assert starts(events) == [125]
    source.holds_read([soon])  # the other's file removed
    events = poller.poll(PAUSED, PAUSED)
    [gone] = of(events, LIFTED)
    assert (gone["campaign"]["id"], gone["by"]) == (126, None)
    assert gone["why"] == "the hold is gone: its file is no longer in the hold directory"
    [again] = of(events, HELD)
    assert again["campaign"]["id"] == 126 and 126 not in starts(events), "gone without a word: nobody handed it back"


def test_holds_remembered_without_a_hold_directory_go_into_the_one_given_after_a_restart():
    content = desired((125, "running"))
    alone, clock = watch(content)
    poller = Poller(alone, clock)
    poller.poll(RUNNING)
    [held] = of(poller.poll(PAUSED), HELD)
    remembered = memory_of(json.loads(json.dumps(alone.memory().as_dict())), "the state file", TENANT)
    shared, clock = watch(content, Clock(clock.when), remembered, hold_dir="/srv/holds")
    opened, _lifts = shared.hold_changes()
    assert [hold.id for hold in opened] == [held["hold"]["id"]], "to be written to the directory"
    shared.holds_read(opened)
    events = Poller(shared, clock).poll(PAUSED)
    assert of(events, LIFTED) == [] and starts(events) == []
    # And a hold directory no longer given: its holds go, and the campaign found stopped is held anew.
    alone_again, clock = watch(content, Clock(clock.when), shared.memory())
    events = Poller(alone_again, clock).poll(PAUSED)
    assert [event["type"] for event in events if event["type"] in (LIFTED, HELD)] == [LIFTED, HELD]
    assert starts(events) == []


# The state machine: people, the policy's edges, restarts, and the watch.


class PeopleAndTheEnforcer(RuleBasedStateMachine):
    """Two campaigns desired running within calling hours (08:00-21:00 in Chicago), polled by the watch, whose events
    with act true the enforcement carries out at once. People pause, resume, stop, lift holds (in a hold directory,
    when there is one), run the runbook's pause, change the desired state; the source restarts, with its memory or
    without, while people act and the hours turn. People act one at a time, each change seen by a poll: two changes
    between two polls are one change to any poller, and so each change the enforcement makes is seen by a poll
    before anyone acts again.

    The rule: the watch never says that automation may start a campaign a person took out of dialing until a person
    handed it back (resumed it, lifted its hold, changed its desired state while no pause's hold held it: an edit of
    the file ends only a hold the watch opened by hand). The one exception is documented: a restart without memory
    takes a campaign found out of dialing outside its calling hours for the policy's."""

    IDS = (125, 126)

    def __init__(self) -> None:
        super().__init__()
        self.clock = Clock(WHEN)
        self.moment = 0.0
        self.status = {campaign_id: RUNNING for campaign_id in self.IDS}
        self.entries = {campaign_id: ("running", "enforce") for campaign_id in self.IDS}
        #: The campaigns a person took out of dialing and nobody handed back: the ground truth.
        self.stopped_by_hand: set[int] = set()
        self.store: list[Hold] | None = None
        self.saved: dict[str, t.Any] | None = None
        self.source: Watch | None = None

    def content(self) -> dict[str, t.Any]:
        return desired(*[(i, state, mode) for i, (state, mode) in self.entries.items()], windows=[calling()])

    def start(self, memory: Memory | None) -> None:
        args = {} if self.store is None else {"hold_dir": "/srv/holds"}
        self.source, _clock = watch(self.content(), self.clock, memory, **args)

    def poll(self, rounds: int = 3) -> None:
        """One poll, as the entry file makes it: the hold directory read, the campaigns, what changed written; then
        the enforcement of every event automation may act on, and the polls that see it (``rounds`` at most)."""
        source = t.cast(Watch, self.source)
        if self.store is not None:
            source.holds_read(list(self.store))
        self.moment += 3.0
        reads = [campaign(campaign_id, self.status[campaign_id]) for campaign_id in source.ids]
        events = [event[KEY] for event in source.poll(t.cast(t.Any, reads), self.clock.when, self.moment).events]
        self.record()
        acted = False
        for event in events:
            self.check(event)
            if event.get("act") and event["transitions"]:
                landing = event["transitions"][-1].lower()
                self.status[event["campaign"]["id"]] = LANDING_STATUS[landing]
                acted = True
        if acted and rounds:  # the next poll sees what the enforcement did, before anyone acts again
            self.tick()
            self.poll(rounds - 1)

    def record(self) -> None:
        source = t.cast(Watch, self.source)
        opened, lifts = source.hold_changes()
        if self.store is not None:
            self.store.extend(opened)
            for lifting in lifts:
                self.store[:] = [
                    hold.lift(lifting.campaign_ids, lifting.when, lifting.by, lifting.why) for hold in self.store
                ]
        self.saved = json.loads(json.dumps(source.memory().as_dict()))

    def check(self, event: dict[str, t.Any]) -> None:
        if event.get("act") and "RUNNING" in (event["transitions"] or []):
            assert event["campaign"]["id"] not in self.stopped_by_hand, event["message"]

    def state(self, campaign_id: int) -> str:
        return state_of(self.status[campaign_id])

    def tick(self, seconds: float = 3.0) -> None:
        """Time moves on, short of the next edge of the calling hours: the source polls just after each edge."""
        edge = load_policy(self.content()).next_change(self.clock.when)
        if edge is not None and self.clock.when + timedelta(seconds=seconds) >= edge:
            seconds = (edge - self.clock.when).total_seconds() / 2
        self.clock.when += timedelta(seconds=seconds)

    def open_now(self) -> bool:
        policy = load_policy(desired((1, "running"), windows=[calling()]))
        return policy.windows[0].contains(self.clock.when)

    @initialize(hold_directory=st.booleans())
    def begin(self, hold_directory: bool) -> None:
        self.store = [] if hold_directory else None
        self.start(None)
        self.poll()

    @rule(campaign_id=st.sampled_from(IDS))
    def a_person_pauses(self, campaign_id: int) -> None:
        if self.state(campaign_id) == "running":
            self.status[campaign_id] = PAUSED
            self.stopped_by_hand.add(campaign_id)
        self.tick()
        self.poll()

    @rule(campaign_id=st.sampled_from(IDS))
    def a_person_resumes(self, campaign_id: int) -> None:
        if self.state(campaign_id) in ("paused", "purged"):
            self.status[campaign_id] = RUNNING
            self.stopped_by_hand.discard(campaign_id)
        self.tick()
        self.poll()

    @rule(campaign_id=st.sampled_from(IDS))
    def a_person_stops(self, campaign_id: int) -> None:
        if self.state(campaign_id) != "stopped":
            self.status[campaign_id] = STOPPED  # final: nothing starts it again
        self.tick()
        self.poll()

    @precondition(lambda self: self.store is not None)
    @rule()
    def the_runbooks_pause(self) -> None:
        store = t.cast("list[Hold]", self.store)
        store.append(open_hold(TENANT, self.IDS, PAUSE, "alice", self.clock.when, reason="incident"))
        for campaign_id in self.IDS:
            if self.state(campaign_id) == "running":
                self.status[campaign_id] = PAUSED
            self.stopped_by_hand.add(campaign_id)  # the pause holds them all, dialing or not
        self.tick()
        self.poll()

    @precondition(lambda self: self.store is not None)
    @rule(campaign_id=st.sampled_from(IDS))
    def a_person_lifts(self, campaign_id: int) -> None:
        store = t.cast("list[Hold]", self.store)
        store[:] = [hold.lift([campaign_id], self.clock.when, "alice", "lifted") for hold in store]
        self.stopped_by_hand.discard(campaign_id)
        self.tick()
        self.poll()

    @rule(
        campaign_id=st.sampled_from(IDS),
        state=st.sampled_from(["running", "paused"]),
        mode=st.sampled_from(["enforce", "guard"]),
    )
    def a_person_changes_the_desired_state(self, campaign_id: int, state: str, mode: str) -> None:
        if self.entries[campaign_id] != (state, mode):
            self.entries[campaign_id] = (state, mode)
            paused_by_runbook = any(
                hold.source != BY_HAND and campaign_id in hold.held(self.clock.when) for hold in self.store or []
            )
            if not paused_by_runbook:  # a pause's hold ends only by a person's lift: the edit hands nothing back
                self.stopped_by_hand.discard(campaign_id)
            for event in t.cast(Watch, self.source).use(load_policy(self.content())):
                self.check(event[KEY])
        self.tick()
        self.poll()

    @rule()
    def time_passes(self) -> None:
        self.tick()
        self.poll()

    @rule()
    def the_calling_hours_open_or_close(self) -> None:
        edge = t.cast(datetime, load_policy(self.content()).next_change(self.clock.when))
        self.clock.when = edge + timedelta(seconds=0.5)
        self.poll()

    @rule(
        remembering=st.booleans(),
        paused_meanwhile=st.sampled_from((None,) + IDS),
        an_edge_meanwhile=st.booleans(),
    )
    def the_source_restarts(self, remembering: bool, paused_meanwhile: int | None, an_edge_meanwhile: bool) -> None:
        saved = self.saved
        if paused_meanwhile is not None and self.state(paused_meanwhile) == "running":
            self.status[paused_meanwhile] = PAUSED
            self.stopped_by_hand.add(paused_meanwhile)
        if an_edge_meanwhile:
            edge = t.cast(datetime, load_policy(self.content()).next_change(self.clock.when))
            self.clock.when = edge + timedelta(minutes=5)
        else:
            self.tick()
        memory = memory_of(saved, "the state file", TENANT) if remembering and saved is not None else None
        if memory is None:
            # The documented exception: nothing remembered, a campaign found out of dialing while the policy wants it
            # so is taken for the policy's, unless a hold of the directory holds it.
            held = in_force(self.store or [], TENANT, self.clock.when)
            for campaign_id in list(self.stopped_by_hand):
                effective = "running" if self.entries[campaign_id][0] == "running" and self.open_now() else "paused"
                if effective != "running" and campaign_id not in held:
                    self.stopped_by_hand.discard(campaign_id)
        self.start(memory)
        self.poll()

    @invariant()
    def what_is_remembered_reads_back_as_it_was(self) -> None:
        if self.saved is not None and self.source is not None:
            assert memory_of(self.saved, "the state file", TENANT) == self.source.memory()


TestPeopleAndTheEnforcer = PeopleAndTheEnforcer.TestCase
TestPeopleAndTheEnforcer.settings = settings(
    max_examples=300, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
