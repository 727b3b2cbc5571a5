# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The campaign lifecycle: status codes, states, the platform's transitions, and the plan between them.

Pure domain, standard library only: no I/O and no Ansible imports, so that the simulator, the
documentation generator and the tests can load this file on its own (with _errors.py, the one file it
imports: simulator/lifecycle.py loads both). The transition table below is the only place the
collection states which status changes the platform allows.
"""

from __future__ import annotations

from collections import deque

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError

NEW = "new"
RUNNING = "running"
PAUSED = "paused"
PURGED = "purged"
STOPPED = "stopped"

#: The states a user may ask for (a campaign cannot be made "new" again).
DESIRED_STATES = (RUNNING, PAUSED, PURGED, STOPPED)

#: Every status code the platform reports: code -> (vendor name, state).
STATUSES = {
    0: ("New", NEW),
    1: ("Manual Started", RUNNING),
    2: ("Scheduled", RUNNING),
    3: ("Manual Running", RUNNING),
    4: ("Schedule Running", RUNNING),
    5: ("Manual Stopped", STOPPED),
    6: ("Completed (Stopped)", STOPPED),
    7: ("Schedule Stopped", STOPPED),
    8: ("Manual Paused", PAUSED),
    9: ("Schedule Paused", PAUSED),
    10: ("Manual Purged", PURGED),
    11: ("Schedule Purged", PURGED),
}

#: The status changes the platform accepts (the vendor's diagram), from state -> to states.
TRANSITIONS = {
    NEW: (RUNNING,),
    RUNNING: (PAUSED, STOPPED),
    PAUSED: (RUNNING, PURGED, STOPPED),
    PURGED: (RUNNING, STOPPED),
    STOPPED: (),
}

#: The word the API takes in {"status": ...} to move a campaign into each state.
COMMANDS = {RUNNING: "RUNNING", PAUSED: "PAUSED", PURGED: "PURGED", STOPPED: "STOPPED"}

#: The status code a change by API lands in (the "Manual" variant of each state).
LANDING_STATUS = {RUNNING: 3, PAUSED: 8, PURGED: 10, STOPPED: 5}

#: A purged campaign is a paused one whose queue was flushed, so it already is "paused".
_ALSO_SATISFIES = {PURGED: (PAUSED,)}

#: Passing through running on the way elsewhere would start dialing, so a plan never does it by itself.
_NEVER_PASSED_THROUGH = (RUNNING,)


class UnknownStatus(CampaignError):
    """A status code the reference list does not have."""

    def __init__(self, status: object) -> None:
        super().__init__(f"unknown campaign status {status!r} (known codes are 0 to {max(STATUSES)})")
        self.status = status


class TransitionNotAllowed(CampaignError):
    """A desired state the platform's transitions cannot reach from the current status."""

    def __init__(self, status: int, desired: str, reachable: tuple[str, ...]) -> None:
        if reachable:
            hint = f"from here it can only become {_join(reachable)}"
        else:
            hint = f"{state_of(status)} is final: it cannot be changed any more"
        super().__init__(f"cannot become {desired}: its status is {describe(status)}; {hint}")
        self.status = status
        self.desired = desired
        self.reachable = reachable


def _join(words: tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _known(status: object) -> tuple[str, str]:
    # True and 3.0 equal codes as dictionary keys, but are not codes.
    if isinstance(status, bool) or not isinstance(status, int) or status not in STATUSES:
        raise UnknownStatus(status)
    return STATUSES[status]


def state_of(status: int) -> str:
    """The state a status code belongs to."""
    return _known(status)[1]


def status_name(status: int) -> str:
    """The vendor's name of a status code."""
    return _known(status)[0]


def describe(status: int) -> str:
    """'8 (Manual Paused)'."""
    return f"{status} ({status_name(status)})"


def summary(status: int) -> dict[str, object]:
    """What a diff shows of a campaign: its state, status code and the code's name, and nothing else."""
    return {"state": state_of(status), "status": status, "status_name": status_name(status)}


def satisfies(state: str, desired: str) -> bool:
    """Whether a campaign in ``state`` already is what ``desired`` asks for."""
    return state == desired or desired in _ALSO_SATISFIES.get(state, ())


def _paths_from(state: str) -> dict[str, tuple[str, ...]]:
    """The shortest sequence of states leading from ``state`` to every state a plan may reach."""
    paths: dict[str, tuple[str, ...]] = {state: ()}
    queue = deque([state])
    while queue:
        here = queue.popleft()
        if paths[here] and here in _NEVER_PASSED_THROUGH:
            continue  # reachable, but not a place to go through
        for there in TRANSITIONS[here]:
            if there not in paths:
                paths[there] = paths[here] + (there,)
                queue.append(there)
    return paths


def reachable(status: int) -> tuple[str, ...]:
    """The desired states a campaign with this status can still be brought to, in DESIRED_STATES order."""
    current = state_of(status)
    paths = _paths_from(current)
    return tuple(s for s in DESIRED_STATES if s != current and s in paths)


def plan(status: int, desired: str) -> tuple[str, ...]:
    """The states to move through, in order, to bring a campaign with ``status`` to ``desired``.

    Empty when nothing needs to change. Raises TransitionNotAllowed when the platform's transitions
    cannot get there without passing through running, and UnknownStatus for a code it does not know.
    """
    if desired not in DESIRED_STATES:
        raise CampaignError(f"unknown desired state {desired!r} (use one of {', '.join(DESIRED_STATES)})")
    current = state_of(status)
    if satisfies(current, desired):
        return ()
    path = _paths_from(current).get(desired)
    if path is None:
        raise TransitionNotAllowed(status, desired, reachable(status))
    return path


def commands(path: tuple[str, ...]) -> tuple[str, ...]:
    """The API words that move a campaign along ``path``."""
    return tuple(COMMANDS[state] for state in path)
