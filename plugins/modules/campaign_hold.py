#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: campaign_hold
short_description: Open or lift a hold, which keeps automation from starting 8x8 Contact Center campaigns a person stopped
version_added: 1.0.0
description:
  - A hold is a person's stop that no automation undoes. While a campaign is held, neither
    M(eightbyeight.contact_center.campaign_status) (the C(apply) playbook, a scheduled run, the enforcement playbook the
    rulebook runs) nor the event source starts it; they plan the start and say who holds it, since when and why. A
    change that takes it further out of dialing (a stop, a purge) still goes.
  - The runbook's pause (M(eightbyeight.contact_center.campaign_pause)) opens a hold on what it pauses, and
    M(eightbyeight.contact_center.campaign_resume) lifts the hold of what it resumes; the event source opens one when it
    sees a person take a campaign out of dialing. This module opens one by hand (O(state=present)), for campaigns
    paused in Configuration Manager say, and lifts one without resuming anything (O(state=absent), the C(lift) entry
    point).
  - Holds are files in O(hold_dir), shared on one host; each names its tenant (the API's base URL and username, never
    a token), and a hold of another tenant is never changed.
  - Sends no request to the platform.
author:
  - The eightbyeight.contact_center maintainers (@eightbyeight)
options:
  state:
    description:
      - V(present) opens a hold on O(campaign_ids) (those already held stay in their older hold).
      - V(absent) lifts the holds of O(campaign_ids), or every campaign of the hold O(hold_id) from that hold alone.
    type: str
    choices: [present, absent]
    default: present
  hold_id:
    description:
      - With O(state=absent), the hold to lift whole, as its ID (the C(id) of an entry of RV(holds), or the C(Hold ...) line of a pause).
      - Another hold of the same campaigns (another incident's pause, say) stays, and keeps holding them.
    type: str
  hold_expires:
    description:
      - With O(state=present), when the hold ends by itself, with a warning; a duration such as V(8h), or a time in
        ISO 8601 with an offset. Default is never.
    type: str
extends_documentation_fragment:
  - eightbyeight.contact_center.connection
  - eightbyeight.contact_center.runbook
  - eightbyeight.contact_center.connection.ACTION_TOKEN_UNUSED
  - eightbyeight.contact_center.audit
  - eightbyeight.contact_center.attributes
attributes:
  check_mode:
    support: full
    details:
      - Says what a real run would open or lift, and changes no file.
  diff_mode:
    support: none
seealso:
  - module: eightbyeight.contact_center.campaign_pause
  - module: eightbyeight.contact_center.campaign_resume
"""

EXAMPLES = r"""
- name: Keep automation from starting two campaigns paused in Configuration Manager
  eightbyeight.contact_center.campaign_hold:
    campaign_ids: 125,126
    reason: paused by the dialer team for a list refresh
    ticket: CHG-1234
    hold_expires: 8h
  delegate_to: localhost

- name: Lift the hold of campaign 125, without starting it (the next apply or enforcement may)
  eightbyeight.contact_center.campaign_hold:
    campaign_ids: 125
    state: absent
  delegate_to: localhost
"""

RETURN = r"""
lines:
  description: What was opened or lifted, then each campaign of the tenant held now, naming the hold.
  returned: always
  type: list
  elements: str
  sample:
    - "Hold hold-20261206T193312Z-3fa2c1 lifted for 125"
    - "campaign 126: held since 2026-12-06T19:33:12Z by alice on bastion (runbook pause: carrier outage; hold
      hold-20261206T193312Z-3fa2c1): automation never starts it; a resume, or the lift entry point, ends the hold"
holds:
  description: The tenant's holds that hold a campaign now, as their files hold them.
  returned: always
  type: list
  elements: dict
  sample: [{"id": "hold-20261206T193312Z-3fa2c1", "campaigns": [125, 126], "source": "pause",
            "opened_by": "alice on bastion", "opened_at": "2026-12-06T19:33:12Z", "reason": "carrier outage",
            "ticket": "INC-7", "snapshot": null, "expires_at": null,
            "lifted": [{"id": 125, "at": "2026-12-06T20:01:00Z", "by": "bob on bastion", "why": "lifted"}],
            "tenant": {"api_url": "https://vcc-na12.8x8.com", "username": "acme"}}]
"""

import os
from datetime import datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._connection import base_url
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import (
    GIVEN,
    Hold,
    expiry,
    in_force,
    open_hold,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import host_fleet
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._module import (
    CampaignModule,
    audit_argument_spec,
    runbook_argument_spec,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import runbook_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, utc_now


def main() -> None:
    module = CampaignModule(
        argument_spec={
            **runbook_argument_spec(),
            **audit_argument_spec(),
            "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            "hold_id": {"type": "str"},
            "hold_expires": {"type": "str"},
        },
        writes=False,
        mutually_exclusive=[("hold_id", "campaign_ids")],
    )
    params = module.params
    if params["hold_id"] and params["state"] != "absent":
        module.fail_json(msg="hold_id goes with state=absent (it names a hold to lift); nothing was changed")
    tenant = Tenant(module.checked(base_url, params, os.environ), params["username"])
    store, now = module.hold_store(), utc_now()
    holds, notes = store.read()
    held = in_force(holds, tenant, now)
    if params["hold_id"]:
        mine = [hold for hold in holds if hold.id == params["hold_id"] and hold.tenant.same_as(tenant)]
        if not mine:
            module.fail_json(msg=f"no hold {params['hold_id']} of the tenant {tenant} in {store.directory}")
        ids, lines = list(mine[0].held(now)), []
    else:
        ids, source = module.checked(
            runbook_ids, params["campaign_ids"], host_fleet(params["desired_state"], params["desired_state_file"])
        )
        lines = [source]
    if params["state"] == "present":
        lines += _open(module, tenant, [i for i in ids if i not in held], now)
    else:
        lines += _lift(module, tenant, [i for i in ids if i in held], now, params["hold_id"])
    holds = store.read()[0]
    current = in_force(holds, tenant, now)
    lines += [f"campaign {campaign}: {hold.why()}" for campaign, hold in sorted(current.items())]
    shown = sorted({hold.id: hold for hold in current.values()}.values(), key=lambda hold: hold.id)
    changed = bool(lines and any(line.startswith(("Hold ", "Check mode: would")) for line in lines))
    for note in notes:
        module.warn(note)
    module.exit_json(changed=changed, lines=lines, holds=[hold.as_dict() for hold in shown])


def _open(module: CampaignModule, tenant: Tenant, ids: list[int], now: datetime) -> list[str]:
    params = module.params
    if not ids:
        return ["Every campaign given is held already: nothing was opened"]
    expires_at = module.checked(expiry, params["hold_expires"], now)
    hold = open_hold(tenant, ids, GIVEN, module.who(), now, params["reason"], params["ticket"], None, expires_at)
    if module.check_mode:
        return [f"Check mode: would open a hold on {', '.join(map(str, ids))}"]
    try:
        module.hold_store().add(hold)
    except CampaignError as error:
        module.fail_json(msg=str(error))
    return [f"Hold {hold.id} opened on {', '.join(map(str, ids))}: no automation starts them until it is lifted"]


def _lift(module: CampaignModule, tenant: Tenant, ids: list[int], now: datetime, hold_id: str | None) -> list[str]:
    """Lift ``ids`` out of every hold of the tenant, or out of the hold ``hold_id`` alone."""
    if not ids:
        return ["No campaign given is held: nothing was lifted"]
    if module.check_mode:
        holds = f"the hold {hold_id}" if hold_id else "the holds"
        return [f"Check mode: would lift {holds} of {', '.join(map(str, ids))}"]
    why = f"lifted: {module.params['reason']}" if module.params["reason"] else "lifted"
    changed: list[Hold] = module.checked(module.hold_store().lift, tenant, ids, now, module.who(), why, hold_id)
    return [
        f"Hold {hold.id} lifted for {', '.join(str(i) for i in ids if i in hold.campaigns)}: automation may start "
        "them again"
        for hold in changed
    ]


if __name__ == "__main__":
    main()
