#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: campaign_resume
short_description: Undo a pause - bring back to running the 8x8 Contact Center campaigns a snapshot shows running
version_added: 1.0.0
description:
  - The on-call runbook's resume. Brings back to V(running) exactly the campaigns that the snapshot of
    M(eightbyeight.contact_center.campaign_pause) (or a report) shows running, with the same runner as
    M(eightbyeight.contact_center.campaign_status), and leaves every other campaign as it is.
  - Refuses a snapshot of another tenant before sending anything, naming both tenants, since campaign IDs repeat across
    tenants, and resuming another contact center's campaigns would start dialing there. A snapshot that records no
    tenant is refused too.
  - A campaign that was Scheduled or Schedule Running comes back as Manual Running, since the API starts campaigns by
    hand.
  - A second run changes nothing.
  - Several snapshots may be given at once (a pause cut short, then a second one), and what any of them shows running
    is resumed. A state in a snapshot that is not one of the collection's is refused by name, nothing sent.
  - A resume is a person's act. A hold does not keep it from starting a campaign, and the holds of the campaigns it
    brings back (or finds running) are lifted in O(hold_dir), each named in RV(lines) and RV(lifted).
author:
  - The eightbyeight.contact_center maintainers (@eightbyeight)
options:
  snapshot:
    description:
      - The snapshot, as RV(eightbyeight.contact_center.campaign_pause#module:snapshot) returns it; or the snapshots of
        a pause by host, as its file and an AWX job's artifacts hold them (C(pause_snapshots)), of which the one of
        O(host) is taken; or the path of the file a pause saved, on the machine that runs the module.
      - Or several of those, as a list or as paths separated by commas, whose union is resumed.
      - Required; without it the task fails, saying how to give it.
    type: raw
  host:
    description:
      - The name of the tenant in this run, normally C({{ inventory_hostname }}), whose snapshot is taken from
        snapshots by host.
    type: str
    default: localhost
  desired_state:
    description:
      - The host's desired state (version 1 or 2), the path of its file or the mapping itself. A campaign it lists is
        resumed only when its policy lets it run now; outside its calling hours, in a freeze, or in mode V(observe),
        it is held back and named in RV(lines), nothing sent to it.
    type: raw
  override_freeze:
    description: Resume campaigns a freeze of O(desired_state) holds back.
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
      - Reads the campaigns and reports what a real run would resume, without sending any change.
      - Does not need O(action_token).
  diff_mode:
    support: full
seealso:
  - module: eightbyeight.contact_center.campaign_pause
"""

EXAMPLES = r"""
- name: Resume from the snapshot file a pause saved
  eightbyeight.contact_center.campaign_resume:
    snapshot: /runbook/paused-localhost-20261201T213000Z.json
  delegate_to: localhost
  register: resumed

- name: Say what was resumed
  ansible.builtin.debug:
    msg: "{{ resumed.lines }}"
"""

RETURN = r"""
lines:
  description: What the task did, one line per campaign of the snapshot, naming it by ID and name.
  returned: always
  type: list
  elements: str
  sample:
    - "campaign 125 (Spring renewals): running at the snapshot: resumed (RUNNING)"
    - "campaign 126 (Autumn leads): paused at the snapshot: left as it is"
campaigns:
  description:
    - One entry per campaign the snapshot shows running, as the O(eightbyeight.contact_center.campaign_status#module:campaigns)
      option of M(eightbyeight.contact_center.campaign_status) returns them.
  returned: when the snapshot is this tenant's
  type: list
  elements: dict
  sample: [{"id": 125, "changed": true, "transitions": ["RUNNING"], "unconfirmed": [],
            "campaign": {"id": 125, "name": "Spring renewals", "state": "running", "status": 3}}]
summary:
  description: How many campaigns were unchanged, changed or failed, and how many are in each state.
  returned: when the snapshot is this tenant's
  type: dict
  sample: {"unchanged": 1, "changed": 2, "held": 0, "failed": 0, "states": {"running": 3}}
lifted:
  description: The IDs of the holds this resume lifted (in check mode, that a real run would lift).
  returned: always, unless the snapshot is refused
  type: list
  elements: str
  sample: [hold-20261206T193312Z-3fa2c1]
diff:
  description: In diff mode, the status before and after, one entry per campaign resumed.
  returned: in diff mode
  type: list
  elements: dict
  sample: [{"before_header": "campaign 125 (Spring renewals)", "before": {"state": "paused"}, "after": {"state": "running"}}]
"""

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._enforcement import resume
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import desired_policy, snapshots_given
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import RUNNING
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._module import (
    CampaignModule,
    audit_argument_spec,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import lifted_lines, resume_lines
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import resume_decisions
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    Tenant,
    resume_ids_of,
    utc_now,
)

#: What the journal says sent a write of this module.
SENT_BY = "eightbyeight.contact_center.campaign_resume"


def main() -> None:
    module = CampaignModule(
        argument_spec={
            "snapshot": {"type": "raw"},
            "host": {"type": "str", "default": "localhost"},
            "desired_state": {"type": "raw"},
            "override_freeze": {"type": "bool", "default": False},
            **audit_argument_spec(),
        }
    )
    params = module.params
    api = module.campaign_api()
    tenant = Tenant(api.base_url, params["username"])
    try:  # before any request: the tenant is known from the options alone
        snapshots = snapshots_given(params["snapshot"], params["host"])
        ids = resume_ids_of(snapshots, tenant)
        given = params["desired_state"]
        decisions = resume_decisions(None if given is None else desired_policy(given), ids, utc_now())
    except CampaignError as error:
        module.fail_with(api, str(error), {"changed": False, "lines": [f"NOTHING WAS RESUMED: {error}"]})
    reason = f"runbook resume: {params['reason']}" if params["reason"] else "runbook resume"
    try:
        fleet = resume(
            api,
            ids,
            decisions,
            module.run_settings(),
            params["concurrency"],
            override_freeze=params["override_freeze"],
            journal=module.journal(tenant, SENT_BY),
            reason=reason,
        )
    except ReconcileError as error:  # a failure every campaign would meet: nothing was sent
        module.fail_with(
            api, f"{error}; nothing was sent", {"changed": False, "lines": [f"NOTHING WAS RESUMED: {error}"]}
        )
    result = fleet.result(with_diff=module._diff)
    result["lines"] = resume_lines([taken for taken, _where in snapshots], fleet, module.check_mode)
    # A person's resume ends the holds of what it brought back to dialing (in check mode: would end).
    dialing = [
        r.campaign_id for r in fleet.results if r.outcome and (r.outcome.changed or r.outcome.after.state == RUNNING)
    ]
    if module.check_mode:
        held, _notes = module.holds_in_force(tenant, utc_now())
        lifted = [held[campaign] for campaign in dialing if campaign in held]
    else:
        lifted = module.checked(module.hold_store().lift, tenant, dialing, utc_now(), module.who(), reason)
    result["lines"] += lifted_lines(lifted, dialing, module.check_mode)
    result["lifted"] = sorted({hold.id for hold in lifted})
    failure = fleet.failure()
    if failure:
        module.fail_with(api, failure, result, fleet.notes)
    module.exit_with(api, result, fleet.notes)


if __name__ == "__main__":
    main()
