# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a desired state asks of each campaign at a given time: its effective state (calling hours pause what is
desired running outside them), and whether a change may be sent now (modes, freezes). The one place the apply
playbook, the drift gate, the resume and the event source ask, so that they never disagree. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import (
    GUARD,
    OBSERVE,
    AnyWindow,
    Policy,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._jurisdictions import JurisdictionWindow
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import PAUSED, RUNNING, satisfies
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._windows import (
    CALLING_HOURS,
    FREEZE,
    utc,
)


@dataclass(frozen=True)
class Decision:
    """What one campaign should be in at a time, and why: a plan row's and an event's explanation."""

    id: int
    desired: str  # the file's state
    effective: str  # what the campaign should be in now
    mode: str
    reason: str
    frozen_by: str | None = None  # the freeze in force for this campaign, if any
    freeze_ends: datetime | None = None  # when that freeze ends (None: it never does)
    #: The calling-hours windows closed for this campaign now ('outside calling hours X'), whatever its desired
    #: state: outside them nobody may be dialing it, so a pause is sent in a freeze too.
    outside: str | None = None
    #: The citations of the jurisdictions' rules that closed its calling hours (none: no jurisdiction did).
    citations: tuple[str, ...] = ()


def decide(policy: Policy, when: datetime) -> list[Decision]:
    """What each campaign of the policy should be in at ``when`` (aware), in file order.

    A campaign desired running is paused outside any calling-hours window that has it in scope: the most restrictive
    window wins; a jurisdiction it reaches is such a window, named by the zone and rule that closed it ("US-FL
    closed at 20:00 in America/New_York (Fla. Stat. 501.616(6)(a))") with that rule's citation. Any other desired
    state is the effective state at all times, and the closed windows are named
    (``outside``) so that a campaign found dialing after hours is paused whatever it is desired in (_drift.judge). A
    freeze changes no effective state: it says which changes may_send holds back, and until when.
    """
    moment = utc(when)
    inside = [window.contains(moment) for window in policy.windows]
    # Each closed window's text once, not once per campaign: a jurisdiction may scope hundreds.
    calling = [_closed(w, moment) for w, open_ in zip(policy.windows, inside) if w.kind == CALLING_HOURS and not open_]
    freezes = [(w, w.next_change(moment)) for w, open_ in zip(policy.windows, inside) if w.kind == FREEZE and open_]
    decisions = []
    for campaign in policy.campaigns:
        effective, reason = campaign.state, "desired state"
        closed = [(text, citation) for window, text, citation in calling if window.in_scope(campaign.id)]
        outside = " and ".join(text for text, _citation in closed) or None
        if campaign.state == RUNNING and outside:
            effective, reason = PAUSED, outside
        elif outside:
            reason = f"desired state; {outside}"
        if campaign.mode == OBSERVE:
            reason = f"mode {OBSERVE}" if reason == "desired state" else f"mode {OBSERVE}; {reason}"
        frozen = _longest([(window, ends) for window, ends in freezes if window.in_scope(campaign.id)])
        decisions.append(
            Decision(
                id=campaign.id,
                desired=campaign.state,
                effective=effective,
                mode=campaign.mode,
                reason=reason,
                frozen_by=frozen[0].name if frozen else None,
                freeze_ends=frozen[1] if frozen else None,
                outside=outside,
                citations=tuple(dict.fromkeys(citation for _text, citation in closed if citation)),
            )
        )
    return decisions


def _closed(window: AnyWindow, moment: datetime) -> tuple[AnyWindow, str, str | None]:
    """A closed calling-hours window, why it is closed, and the citation of the rule that closed it (a
    jurisdiction's only)."""
    if isinstance(window, JurisdictionWindow):
        closure = window.closure(moment)
        if closure is not None:
            return window, closure.text, closure.citation
    return window, f"outside {window.describe()}", None


def _longest(freezes: list[tuple[AnyWindow, datetime | None]]) -> tuple[AnyWindow, datetime | None] | None:
    """Of the freezes in force, the one that ends last (None: never), which says when changes may be sent again;
    the first in the file of those that end together."""
    longest = None
    for freeze in freezes:
        if longest is None or (longest[1] is not None and (freeze[1] is None or utc(freeze[1]) > utc(longest[1]))):
            longest = freeze
    return longest


def satisfied(decision: Decision, state: str) -> bool:
    """Whether a campaign in ``state`` is as ``decision`` wants it now: in its effective state (a purged campaign is
    paused too), or, when calling hours alone make a campaign desired running paused, in any state but running: they
    only keep it from dialing, and a new or stopped campaign is not dialing."""
    if decision.desired == RUNNING and decision.effective == PAUSED:
        return state != RUNNING
    return satisfies(state, decision.effective)


def may_send(decision: Decision, current_state: str, path: tuple[str, ...], automation: bool) -> tuple[bool, str]:
    """Whether the changes along ``path`` (the states a plan moves through) may be sent now, and if not, why.

    observe: never. guard, for automation (the rulebook): only a path that never reaches running, since automation
    may take a campaign out of dialing but only a person applying the file may start it. In a freeze: only a pause for
    calling hours (outside them, whatever the campaign's desired state), which keeps a campaign from dialing and is
    never blocked. Else: yes.
    """
    steps = tuple(path)
    if decision.mode == OBSERVE:
        return False, "mode observe: nothing is ever sent to it, its drift is only reported"
    if not steps:
        return True, ""
    if automation and decision.mode == GUARD and RUNNING in steps:
        return False, (
            f"mode guard: automation only takes it out of dialing, never from {current_state} to running; "
            "applying the desired state does"
        )
    calling_hours_pause = decision.outside is not None and current_state == RUNNING and steps == (PAUSED,)
    if decision.frozen_by is not None and not calling_hours_pause:
        ends = f"until {decision.freeze_ends.isoformat()}" if decision.freeze_ends else "with no end"
        return (
            False,
            f"frozen by {decision.frozen_by} {ends}: no change is sent in a freeze but a pause for calling hours",
        )
    return True, ""
