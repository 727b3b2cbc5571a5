#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: campaign_status
short_description: Start, pause, purge or stop an 8x8 Contact Center campaign
version_added: 1.0.0
description:
  - Brings a dynamic campaign of 8x8 Contact Center to the desired state, sending only the status changes the
    platform allows, in order.
  - Reads the campaign first (with the Data Request Token) and sends nothing when it already is in the desired
    state, so a second run reports no change.
  - A change is sent with the Action Request Token and confirmed by reading the campaign again.
  # BEGIN generated plan (from plugins/module_utils/_lifecycle.py by hacking/update_docs.py)
  - "From V(new): to V(running) it sends C(RUNNING); anything else fails."
  - "From V(running): to V(paused) it sends C(PAUSED); to V(purged) it sends C(PAUSED), then C(PURGED); to V(stopped) it sends C(STOPPED)."
  - "From V(paused): to V(running) it sends C(RUNNING); to V(purged) it sends C(PURGED); to V(stopped) it sends C(STOPPED)."
  - "From V(purged): to V(running) it sends C(RUNNING); to V(stopped) it sends C(STOPPED); it already counts as V(paused)."
  - "V(stopped) is final: nothing can change it."
  # END generated plan
  - A campaign held by a hold (a person's stop, see M(eightbyeight.contact_center.campaign_hold)) is never started,
    with O(campaign_id) and with O(campaigns) alike; a change that takes it further out of dialing still goes. With
    O(campaign_id) the task fails, naming the hold; with O(campaigns) its plan row says who holds it, since when and
    why, and the drift gate reports it without failing on it.
  - Anything else fails before sending a request, naming the states the campaign can still reach. The module
    never passes through V(running) on the way to another state, since that would start dialing; so a V(new)
    campaign can only be started.
author:
  - The eightbyeight.contact_center maintainers (@eightbyeight)
options:
  campaign_id:
    description:
      - The campaign's ID, as shown in the C(Campaign ID) column of Configuration Manager's Campaigns list.
      - Required with O(state), unless O(campaigns) is given instead.
    type: int
  state:
    description:
      - The state the campaign should be in.
      - V(running) starts or resumes dialing.
      - V(paused) stops offering new records; queued records are still processed.
      - V(purged) pauses the campaign and flushes its queues.
      - V(stopped) ends the campaign for good; a stopped campaign cannot be started again.
    type: str
    choices: [running, paused, purged, stopped]
  campaigns:
    description:
      - Many campaigns in one task, each brought to its own state exactly as O(campaign_id) and O(state) would,
        O(concurrency) at a time, over one connection pool. Much faster than a loop.
      - The whole list is checked before anything is sent; an unknown key, a missing or unknown state, or a
        campaign listed twice fails the task at once, naming the entries.
      - The first campaign is read alone, so that refused credentials, an unknown host or a TLS failure fail the
        task once. After that, one campaign's failure never stops the others; the task fails at the end, naming
        every failed campaign.
      - Mutually exclusive with O(campaign_id) and O(state).
    type: list
    elements: dict
    suboptions:
      id:
        description: The campaign's ID.
        type: int
        required: true
      state:
        description: The state the campaign should be in, as for O(state).
        type: str
        required: true
        choices: [running, paused, purged, stopped]
      mode:
        description:
          - V(enforce) brings the campaign to its state in any direction.
          - V(guard) does too here; an event-driven enforcer only ever takes it out of dialing (pause, purge, stop),
            so that an on-call pause is never undone by automation.
          - V(observe) never writes it; its drift is only planned and reported (RV(campaigns[].held)), and never
            fails O(fail_on_drift).
        type: str
        choices: [enforce, guard, observe]
        default: enforce
  windows:
    description:
      - With O(campaigns), the windows of a desired-state file (version 2), which make the effective desired state of
        each campaign depend on the time; the plan names, for each row, the window or mode that decided it.
      - A window of kind V(calling_hours) (C(name), C(time_zone), C(days), C(start), C(end), optional C(campaigns));
        outside it, a campaign in its scope whose state is V(running) is to be V(paused). Days and edges are the
        window's time zone's (an IANA name), daylight-saving changes included; an end not after the start runs past
        midnight.
      - A window of kind V(freeze) (C(from) and C(until), or C(days), C(start) and C(end)); inside it, no change is sent
        to a campaign in its scope, except a pause for calling hours, and a real run then fails after the plan, naming
        each campaign held back and the freeze's end, unless O(override_freeze).
      - The whole desired state is checked before anything is sent; each problem is named with its place, such as
        C(windows[1].time_zone).
    type: list
    elements: dict
  policy_time:
    description:
      - With O(campaigns) and O(windows), plan as of this time instead of now, such as V(2026-12-01T21:30:00-05:00)
        (ISO 8601 with an offset). Check mode only; a real run refuses it.
    type: str
  override_freeze:
    description:
      - Send the changes a freeze holds back (see O(windows)); the task warns that the freeze was overridden.
    type: bool
    default: false
  desired_state:
    description:
      - Instead of O(campaigns) and O(windows), the whole desired state, version 1 or 2, as the path of its file on the
        machine that runs the module, or as the mapping itself (C(campaigns), C(windows)); checked as a whole, each
        problem named with its place.
    type: raw
  limit:
    description:
      - With O(desired_state), only these campaigns of it (a list of IDs, or a string of IDs separated by commas
        and/or white space); each must be listed in the desired state.
    type: raw
  automation:
    description:
      - Apply as automation does (the event-driven enforcer). A campaign in mode V(guard) is only ever taken out of
        dialing, never started, and what a policy forbids is held back and reported, never sent.
      - The policy is applied when the module runs, so that an enforcement queued behind others never sends what has
        become forbidden meanwhile (calling hours that ended, a freeze that began).
    type: bool
    default: false
  plan_dest:
    description:
      - With O(campaigns), write the plan to this path with C(.json) and C(.md) added, on the machine that runs the
        module, in check mode too (the plan is what check mode is for).
      - The plan names the tenant (the API's base URL and username, never a token) and the time, and has one row per
        campaign that would change (in a real run, that changed), with its ID, name, status, desired state and the
        status changes a real run would send.
      - When some campaigns could not be checked (a refused token, an unknown campaign, a change the platform does not
        allow), the plan says plainly that the check failed and names them (C(complete) is false in the JSON).
    type: path
  fail_on_drift:
    description:
      - With O(campaigns) in check mode, fail after the plan when any campaign would change, naming each one, what it
        is, what it should be and what a real run would send. The drift gate of a CI pipeline.
      - Without check mode it has no effect.
    type: bool
    default: false
extends_documentation_fragment:
  - eightbyeight.contact_center.connection
  - eightbyeight.contact_center.connection.ACTION_TOKEN
  - eightbyeight.contact_center.wait
  - eightbyeight.contact_center.audit
  - eightbyeight.contact_center.attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the campaign and reports the plan (RV(transitions), and the predicted status in the diff) without
        sending any change.
      - Does not need O(action_token).
  diff_mode:
    support: full
seealso:
  - module: eightbyeight.contact_center.campaign_info
  - name: 8x8 developer documentation
    description: The vendor's page "CC Managing Campaign Status" describes the API and the allowed status changes.
    link: https://developer.8x8.com/
"""

EXAMPLES = r"""
- name: Pause campaign 125 for the night
  eightbyeight.contact_center.campaign_status:
    platform: na12
    username: "{{ cc_username }}"
    data_token: "{{ cc_data_token }}"
    action_token: "{{ cc_action_token }}"
    campaign_id: 125
    state: paused
  delegate_to: localhost

- name: Flush the queue of campaign 125 (sends PAUSED, then PURGED, if it is running)
  eightbyeight.contact_center.campaign_status:
    platform: na12
    username: "{{ cc_username }}"
    data_token: "{{ cc_data_token }}"
    action_token: "{{ cc_action_token }}"
    campaign_id: 125
    state: purged
  delegate_to: localhost

- name: Start several campaigns, with the credentials set once for the whole group
  module_defaults:
    group/eightbyeight.contact_center.campaign:
      platform: na12
      username: "{{ cc_username }}"
      data_token: "{{ cc_data_token }}"
      action_token: "{{ cc_action_token }}"
  block:
    - name: Start the morning campaigns
      eightbyeight.contact_center.campaign_status:
        campaign_id: "{{ item }}"
        state: running
      loop: [125, 126]
      delegate_to: localhost

- name: Show what stopping campaign 125 would do, without doing it (credentials from EIGHTBYEIGHT_CC_* variables)
  eightbyeight.contact_center.campaign_status:
    campaign_id: 125
    state: stopped
  check_mode: true
  diff: true
  delegate_to: localhost
  register: stop_plan

- name: Say what a real run would send
  ansible.builtin.debug:
    msg: "Would send {{ stop_plan.transitions | join(', ') or 'nothing' }}"

- name: Apply a desired state to many campaigns in one task, eight at a time
  eightbyeight.contact_center.campaign_status:
    campaigns:
      - {id: 125, state: paused}
      - {id: 126, state: purged}
      - {id: 127, state: running}
  delegate_to: localhost
  register: fleet

- name: Say what changed
  ansible.builtin.debug:
    msg: "{{ fleet.summary.changed }} changed, {{ fleet.summary.unchanged }} already as desired"
"""

RETURN = r"""
transitions:
  description:
    - With O(campaign_id).
    - The status words the platform accepted, in order, including one whose answer was lost but whose change the
      campaign showed afterwards. In check mode, the ones a real run would send.
    - Empty when the campaign already is in the desired state, or when someone else brought it there and the
      platform refused this task's change (a warning says so).
    - The task is changed exactly when this list is not empty.
  returned: with O(campaign_id)
  type: list
  elements: str
  sample: [PAUSED, PURGED]
unconfirmed:
  description:
    - Status words sent whose outcome could not be learned, for example because the answer was lost and the
      campaign could not be read afterwards. Look at the campaign in Configuration Manager before running again.
    - Empty in check mode and in almost every run.
  returned: with O(campaign_id)
  type: list
  elements: str
  sample: [PAUSED]
campaign:
  description:
    - The campaign as last read from the API; after a change, as read back to confirm it.
    - In check mode, as read before the planned change.
    - Holds every field of the API's answer in snake_case as well (see M(eightbyeight.contact_center.campaign_info)).
  returned: with O(campaign_id), when the campaign could be read
  type: dict
  contains:
    id:
      description: The campaign's ID.
      type: int
      sample: 125
    name:
      description: The campaign's name.
      type: str
      sample: Spring renewals
    status:
      description: The platform's status code, 0 to 11.
      type: int
      sample: 8
    status_name:
      description: The vendor's name of the status code.
      type: str
      sample: Manual Paused
    state:
      description: The state the status code belongs to.
      type: str
      choices: [new, running, paused, purged, stopped]
      sample: paused
    enabled:
      description: Whether the campaign is enabled; a change to a disabled campaign is refused.
      type: bool
      sample: true
    dynamic:
      description: Whether it is a dynamic campaign; only those can be changed through the API.
      type: bool
      sample: true
campaigns:
  description:
    - With O(campaigns), one entry per campaign, in the order given, with what a single run returns, except that
      C(campaign) holds only the campaign's identity, status and flags.
  returned: with O(campaigns)
  type: list
  elements: dict
  contains:
    id:
      description: The campaign's ID.
      type: int
      sample: 125
    changed:
      description: Whether the platform accepted a change of this campaign from this task.
      type: bool
      sample: true
    transitions:
      description: As RV(transitions) for a single campaign.
      type: list
      elements: str
      sample: [PAUSED]
    unconfirmed:
      description: As RV(unconfirmed) for a single campaign.
      type: list
      elements: str
      sample: []
    campaign:
      description:
        - As RV(campaign) for a single campaign, with its ID, name, status, state and flags, but not the API's other
          fields, which would make the result of a large fleet nearly three times as long (read them with
          M(eightbyeight.contact_center.campaign_info)).
        - Absent when the campaign could not be read.
      type: dict
      sample: {"id": 125, "name": "Spring renewals", "state": "paused", "status": 8, "status_name": "Manual Paused",
               "enabled": true, "dynamic": true}
    held:
      description:
        - The status words a real run would have sent but a policy held back (mode V(observe), or a freeze); nothing
          was sent to the campaign. Present only then, with RV(campaigns[].held_because).
      type: list
      elements: str
      sample: [PAUSED]
    held_because:
      description: Why the change was held back.
      type: str
      sample: "frozen by Year-end freeze until 2026-12-27T00:00:00+00:00: no change is sent in a freeze but a pause for
        calling hours"
    failed:
      description: Present and true for a campaign that failed.
      type: bool
      sample: true
    msg:
      description: Why the campaign failed, naming it.
      type: str
      sample: "campaign 126 (Autumn leads): it must become paused, but the campaign is not enabled: enable it in Configuration Manager"
lines:
  description:
    - "With O(campaigns), the task's summary for a CI log or an AWX job, a line each: the counts, each campaign that
      changed (in check mode, would change) with the status changes, each failed campaign, and the states now."
  returned: with O(campaigns)
  type: list
  elements: str
  sample: ["3 campaigns: 2 unchanged, 1 changed, 0 failed", "campaign 125 (Spring renewals): sent PAUSED",
           "states now: 1 paused, 2 running"]
plan_files:
  description: With O(plan_dest), the files the plan was written to.
  returned: with O(plan_dest)
  type: list
  elements: str
  sample: [plan.json, plan.md]
summary:
  description:
    - With O(campaigns), how many campaigns were unchanged, changed, held back by a policy or failed, and how many are
      in each state.
  returned: with O(campaigns)
  type: dict
  sample: {"unchanged": 480, "changed": 19, "held": 0, "failed": 1, "states": {"paused": 499, "running": 1}}
diff:
  description:
    - The campaign's status before and after the change, headed by its ID and name; in check mode, C(after) is the
      prediction. C(after) holds the changes sent, as C(transitions).
    - With O(campaigns), a list of these, one for each campaign that changed.
  returned: in diff mode
  type: dict
  contains:
    before_header:
      description: The campaign's ID and name.
      type: str
      sample: campaign 125 (Spring renewals)
    after_header:
      description: The campaign's ID and name.
      type: str
      sample: campaign 125 (Spring renewals)
    before:
      description: The state, status code and status name before the change.
      type: dict
      sample: {"state": "running", "status": 3, "status_name": "Manual Running"}
    after:
      description:
        - The state, status code and status name after the change, and the changes sent (C(transitions)).
        - In check mode, the status a change by API lands in (the C(Manual) status of the desired state).
      type: dict
      sample: {"state": "paused", "status": 8, "status_name": "Manual Paused", "transitions": ["PAUSED"]}
"""

import typing as t
from datetime import datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._enforcement import (
    Enforced,
    decisions_at,
    enforce,
    journaled,
    policy_time,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import (
    CampaignError,
    ReconcileError,
    label,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import write_plan
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import desired_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import DESIRED_STATES, RUNNING
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._module import (
    CampaignModule,
    audit_argument_spec,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import (
    drift_message,
    fleet_lines,
    freeze_message,
    plan_document,
    plan_markdown,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import read_campaign, reconcile
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, utc_now
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi

#: What the journal says sent a write of this module.
SENT_BY = "eightbyeight.contact_center.campaign_status"

_NEEDS_ACTION_TOKEN = "A real run would change {what}, which needs action_token (or EIGHTBYEIGHT_CC_ACTION_TOKEN)."


def main() -> None:
    module = CampaignModule(
        argument_spec={
            "campaign_id": {"type": "int"},
            "state": {"type": "str", "choices": list(DESIRED_STATES)},
            "campaigns": {"type": "list", "elements": "dict"},
            "plan_dest": {"type": "path"},
            "fail_on_drift": {"type": "bool", "default": False},
            "windows": {"type": "list", "elements": "dict"},
            "policy_time": {"type": "str"},
            "override_freeze": {"type": "bool", "default": False},
            "desired_state": {"type": "raw"},
            "limit": {"type": "raw"},
            "automation": {"type": "bool", "default": False},
            **audit_argument_spec(),
        },
        mutually_exclusive=[
            ("campaign_id", "campaigns", "desired_state"),
            ("state", "campaigns", "desired_state"),
            ("windows", "desired_state"),
        ],
        required_one_of=[("campaign_id", "campaigns", "desired_state")],
        required_together=[("campaign_id", "state")],
    )
    for option in ("plan_dest", "windows", "policy_time", "limit"):
        if module.params[option] not in (None, [], "") and module.params["campaign_id"] is not None:
            module.fail_json(msg=f"{option} goes with campaigns or desired_state, not with campaign_id")
    module.require_positive("campaign_id")
    api = module.campaign_api()
    if module.params["campaign_id"] is not None:
        one_campaign(module, api)
    many_campaigns(module, api)


def one_campaign(module: CampaignModule, api: CampaignApi) -> t.NoReturn:
    """campaign_id and state: the campaign brought to the state, nothing else asked."""
    tenant = Tenant(api.base_url, module.params["username"])
    campaign_id, state = module.params["campaign_id"], module.params["state"]
    if state == RUNNING:
        _refuse_if_held(module, api, tenant, campaign_id)
    journal = module.journal(tenant, SENT_BY)
    try:
        outcome = journaled(
            journal, module.params["reason"], lambda: reconcile(api, campaign_id, state, module.run_settings())
        )
    except ReconcileError as error:
        module.fail_with(api, str(error), error.result())
    notes = list(outcome.notes)
    if module.check_mode and outcome.changed and not api.can_write:
        notes.append(_NEEDS_ACTION_TOKEN.format(what="the campaign"))
    result = outcome.result()
    if module._diff:
        result["diff"] = outcome.diff()
    module.exit_with(api, result, notes)


def _refuse_if_held(module: CampaignModule, api: CampaignApi, tenant: Tenant, campaign_id: int) -> None:
    """A held campaign is never started here either (a cron job or a by-hand enforcement may run this): the task fails
    naming the hold, nothing sent; a resume, or the lift entry point, ends it."""
    held, notes = module.holds_in_force(tenant, utc_now())
    hold = held.get(campaign_id)
    if hold is None:
        return
    try:
        campaign = read_campaign(api, campaign_id)
    except ReconcileError as error:
        module.fail_with(api, str(error), error.result(), notes)
    if campaign.state != RUNNING:
        message = f"{label(campaign_id, campaign)} is {hold.why()}; nothing was sent"
        module.fail_with(api, message, {"changed": False, "held": ["RUNNING"], "held_because": hold.why()}, notes)


def many_campaigns(module: CampaignModule, api: CampaignApi) -> t.NoReturn:
    """campaigns (and windows), or desired_state: each campaign brought to its effective state under its policy."""
    params = module.params
    tenant = Tenant(api.base_url, params["username"])
    plan = _Plan(module, api, tenant)
    try:  # the whole desired state, before anything is sent
        if params["desired_state"] is not None:
            policy = desired_policy(params["desired_state"])
        else:
            policy = load_policy(
                {"campaigns": params["campaigns"], "windows": params["windows"] or []}, "the campaigns list"
            )
        when = policy_time(params["policy_time"], module.check_mode)
        limit = None if params["limit"] is None else campaign_ids(params["limit"], "limit")
        decisions = decisions_at(policy, when, limit)
    except CampaignError as error:
        plan.fail(f"nothing was sent, since {error}", [], {"changed": False})
    plan.policy_time = when
    holds, hold_notes = module.holds_in_force(tenant, when)
    sent_by = f"{SENT_BY} (automation)" if params["automation"] else SENT_BY
    try:
        enforced = enforce(
            api,
            decisions,
            module.run_settings(),
            params["concurrency"],
            automation=params["automation"],
            override_freeze=params["override_freeze"],
            holds=holds,
            journal=module.journal(tenant, sent_by),
            reason=params["reason"],
        )
    except ReconcileError as error:  # a failure every campaign would meet: nothing was sent
        summary = {"unchanged": 0, "changed": 0, "held": 0, "failed": len(decisions), "states": {}}
        result = {"changed": False, "campaigns": [], "summary": summary, "lines": [f"nothing was sent: {error}"]}
        plan.fail(f"{error}; nothing was sent", [{"id": error.campaign_id, "msg": str(error)}], result)
    result = enforced.fleet.result(with_diff=module._diff)
    result["lines"] = fleet_lines(enforced.fleet, module.check_mode, enforced.reasons)
    failures = [{"id": r.campaign_id, "msg": str(r.error)} for r in enforced.fleet.results if r.error]
    plan.write(enforced, failures, result)
    notes = hold_notes + enforced.fleet.notes
    if module.check_mode and enforced.fleet.changed and not api.can_write:
        notes.append(_NEEDS_ACTION_TOKEN.format(what="campaigns"))
    if enforced.override_note:
        notes.append(enforced.override_note)
    failure = _failure(enforced, params["fail_on_drift"])
    if failure:
        module.fail_with(api, failure, result, notes)
    module.exit_with(api, result, notes)


def _failure(enforced: Enforced, fail_on_drift: bool) -> str | None:
    """Why the task fails: a campaign failed; in a real run, a freeze held changes back; in a check with
    fail_on_drift, a campaign drifted."""
    failure = enforced.fleet.failure()
    if failure:
        return failure
    if enforced.held_by_freeze and not enforced.check_mode:
        return freeze_message(enforced.held_by_freeze, {d.id: d for d in enforced.decisions})
    if enforced.check_mode and fail_on_drift and enforced.drift:
        return drift_message(enforced.drift)
    return None


class _Plan:
    """The plan files a bulk task writes when asked (plan_dest): from every run that reads the campaigns, and saying
    plainly when the check failed."""

    def __init__(self, module: CampaignModule, api: CampaignApi, tenant: Tenant) -> None:
        self.module = module
        self.api = api
        self.tenant = tenant
        self.taken_at = utc_now()
        #: The time the policy was applied at (policy_time, else now), once known.
        self.policy_time: datetime | None = None

    def write(self, enforced: Enforced | None, failures: list[dict[str, t.Any]], result: dict[str, t.Any]) -> None:
        dest = self.module.params["plan_dest"]
        if not dest:
            return
        rows = enforced.rows if enforced else []
        plan = plan_document(self.tenant, self.taken_at, self.module.check_mode, rows, failures, self.policy_time)
        try:
            result["plan_files"] = write_plan(dest, plan, plan_markdown(plan))
        except OSError as error:
            self.module.fail_with(self.api, f"cannot write the plan to {error.filename}: {error.strerror}", result)

    def fail(self, msg: str, failures: list[dict[str, t.Any]], result: dict[str, t.Any]) -> t.NoReturn:
        """Fail with ``msg``, after writing a plan that says the check failed."""
        self.write(None, failures or [{"id": None, "msg": msg}], result)
        self.module.fail_with(self.api, msg, result)


if __name__ == "__main__":
    main()
