#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: campaign_pause
short_description: Stop the dialing now - pause every running 8x8 Contact Center campaign of a list, after a snapshot
version_added: 1.0.0
description:
  - The on-call runbook's pause. Reads each listed campaign once, saves a snapshot of their status, then pauses every
    one that is running, O(concurrency) at a time, confirming each pause by reading the campaign again.
  - Campaigns that are not dialing (new, paused, purged, stopped) are left as they are, and reported.
  - A running campaign the API cannot pause (disabled, or not a dynamic campaign), and a campaign that cannot be read,
    fail the task once the others are paused, each named as possibly still dialing.
  - The snapshot records the tenant (the API's base URL and username, never a token), the host, the time, and each
    campaign's identity, status and flags, which is what a resume needs (M(eightbyeight.contact_center.campaign_report)
    writes every field). M(eightbyeight.contact_center.campaign_resume)
    brings back exactly the campaigns it shows running, and refuses it for another tenant.
  - The snapshot is saved before any change, and only when there is something to pause; when nothing is running, the
    task says so and names the newest earlier snapshot of this host and tenant that would resume these campaigns.
    When some of the campaigns are still paused since an earlier snapshot (a pause cut short, say), that snapshot is
    named too, and the resume command takes both.
  - A real run that pauses campaigns opens a hold on them in O(hold_dir) before any change, with O(reason),
    O(ticket), who ran it and O(hold_expires). Until M(eightbyeight.contact_center.campaign_resume) or the C(lift)
    entry point ends it, no automation starts them again (the rulebook, a scheduled C(apply)); see
    M(eightbyeight.contact_center.campaign_hold).
  - Each write can be recorded in a journal (O(journal)).
  - A second run pauses nothing and reports no change.
author:
  - The eightbyeight.contact_center maintainers (@eightbyeight)
options:
  snapshot_dest:
    description:
      - Where to save the snapshot, as JSON, on the machine that runs the module.
      - A directory, where the snapshot is saved as C(paused-<host>-<UTC time>-<run>.json), a name of its own for each
        run; or a file name, to which the name of O(host) is added before the extension, so that each tenant of a play
        saves its own file (V(night.json) becomes V(night-acme.json)). A snapshot never replaces another file.
      - Default is the hold directory (O(hold_dir)), which is the current directory unless set.
      - The snapshot is also returned as RV(snapshot), for AWX, whose job files do not outlast the job.
    type: path
  hold_expires:
    description:
      - When the hold this pause opens ends by itself, with a warning; a duration such as V(8h), V(90m) or V(2d), or a
        time in ISO 8601 with an offset.
      - Default is never, so that a person lifts it.
    type: str
  inventory:
    description:
      - The inventory sources of the play, named in the resume command the task prints for a host other than
        V(localhost), normally C({{ ansible_inventory_sources }}).
    type: list
    elements: str
extends_documentation_fragment:
  - eightbyeight.contact_center.connection
  - eightbyeight.contact_center.runbook
  - eightbyeight.contact_center.connection.ACTION_TOKEN
  - eightbyeight.contact_center.wait
  - eightbyeight.contact_center.audit
  - eightbyeight.contact_center.attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the campaigns and reports what a real run would pause, without pausing and without saving a snapshot.
      - Does not need O(action_token).
  diff_mode:
    support: none
seealso:
  - module: eightbyeight.contact_center.campaign_resume
  - module: eightbyeight.contact_center.campaign_status
"""

EXAMPLES = r"""
- name: Stop the dialing of three campaigns now (credentials from EIGHTBYEIGHT_CC_* variables)
  eightbyeight.contact_center.campaign_pause:
    campaign_ids: 125,126,127
  delegate_to: localhost
  register: paused

- name: Say what was done with each campaign, and where the snapshot is
  ansible.builtin.debug:
    msg: "{{ paused.lines }}"

- name: Resume them later from the same snapshot
  eightbyeight.contact_center.campaign_resume:
    snapshot: "{{ paused.snapshot }}"
  delegate_to: localhost
"""

RETURN = r"""
lines:
  description:
    - What the task did, for a person in an incident; every line about a campaign names it by ID and name.
    - One line per campaign (paused, not dialing, still dialing, could not be read), then where the snapshot is and the
      command that resumes from it.
  returned: always
  type: list
  elements: str
  sample:
    - "1 campaign paused, 1 idle (new, paused, purged or stopped); none of them is dialing now"
    - "Campaigns: the 2 campaigns given"
    - "campaign 125 (Spring renewals): running, status 3 (Manual Running): paused (PAUSED)"
    - "campaign 126 (Autumn leads): paused, status 8 (Manual Paused): not dialing, left as it is"
    - "Snapshot saved in /runbook/paused-localhost-20261201T213000Z-9c1e0b.json; to resume: ansible-playbook
      eightbyeight.contact_center.resume -e @/runbook/paused-localhost-20261201T213000Z-9c1e0b.json"
campaigns:
  description: One entry per campaign, in the order given.
  returned: when the campaigns could be read
  type: list
  elements: dict
  contains:
    id:
      description: The campaign's ID.
      type: int
      sample: 125
    action:
      description:
        - V(paused) (in check mode, would be paused), V(idle) (not dialing, left as it is), V(by_hand) (running, but the
          API cannot pause it), V(unread) (could not be read) or V(failed) (the pause failed).
      type: str
      sample: paused
    transitions:
      description: The status words the platform accepted (in check mode, that a real run would send).
      type: list
      elements: str
      sample: [PAUSED]
    campaign:
      description: The campaign's ID, name, status, state and flags, before the pause.
      type: dict
      sample: {"id": 125, "name": "Spring renewals", "state": "running", "status": 3, "status_name": "Manual Running",
               "enabled": true, "dynamic": true}
    msg:
      description: Why the campaign may still be dialing.
      type: str
      sample: "campaign 127 (Winter promo): it must become paused, but the campaign is not enabled: enable it in Configuration Manager"
summary:
  description: How many campaigns had each RV(campaigns[].action).
  returned: when the campaigns could be read
  type: dict
  sample: {"paused": 480, "idle": 18, "by_hand": 1, "unread": 1, "failed": 0}
snapshot:
  description:
    - The status of every campaign before the pause, with its tenant and time; what
      M(eightbyeight.contact_center.campaign_resume) takes.
    - The file O(snapshot_dest) holds it under C(pause_snapshots), by host, as the C(pause) playbook's AWX artifact
      does, so that C(-e @FILE) and an AWX workflow give the C(resume) playbook the same variable.
  returned: when a snapshot was taken, in a real run with a campaign to pause
  type: dict
  contains:
    tenant:
      description: The API's base URL and the username; never a token.
      type: dict
      sample: {"api_url": "https://vcc-na12.8x8.com", "username": "acme"}
    host:
      description: O(host).
      type: str
      sample: localhost
    taken_at:
      description: When the campaigns were read, in UTC.
      type: str
      sample: "2026-12-01T21:30:00Z"
    campaigns:
      description: Each campaign that could be read, with its ID, name, status, state and flags.
      type: list
      elements: dict
      sample: [{"id": 125, "name": "Spring renewals", "state": "running", "status": 3, "status_name": "Manual Running"}]
    failures:
      description: The campaigns that could not be read, and why.
      type: list
      elements: dict
      sample: []
hold:
  description:
    - The hold this pause opened on the campaigns it paused, as its file in O(hold_dir) holds it; the C(pause)
      playbook keeps it as the AWX artifact C(pause_holds), by host.
  returned: when a hold was opened, in a real run with a campaign to pause
  type: dict
  sample: {"id": "hold-20261206T193312Z-3fa2c1", "tenant": {"api_url": "https://vcc-na12.8x8.com", "username": "acme"},
           "campaigns": [125], "source": "pause", "opened_by": "alice on bastion", "opened_at": "2026-12-06T19:33:12Z",
           "reason": "carrier outage", "ticket": "INC-7", "snapshot": "/runbook/paused-localhost-20261206T193312Z-9c1e0b.json",
           "expires_at": null, "lifted": []}
snapshot_file:
  description:
    - The file the snapshot was saved in; null when it could not be saved (a warning says why).
  returned: when a snapshot was taken, in a real run with a campaign to pause
  type: str
  sample: /runbook/paused-localhost-20261201T213000Z-9c1e0b.json
"""

import contextlib
import os
import typing as t
from datetime import datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._enforcement import pause
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import (
    EarlierSnapshot,
    earlier_snapshots,
    new_run_id,
    snapshot_dest,
    write_new_json,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import read_many
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HoldStore
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import PAUSE, Hold, expiry, open_hold
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import host_fleet
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._module import (
    CampaignModule,
    audit_argument_spec,
    runbook_argument_spec,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import (
    pause_lines,
    pause_summary,
    resume_command,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import (
    PauseChoice,
    choose_pause,
    count,
    pause_outcome,
    runbook_ids,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    Tenant,
    saved_form,
    snapshot,
    timestamp,
    utc_now,
)

#: What the journal says sent a write of this module.
SENT_BY = "eightbyeight.contact_center.campaign_pause"


def main() -> None:
    module = CampaignModule(
        argument_spec={
            **runbook_argument_spec(),
            **audit_argument_spec(),
            "snapshot_dest": {"type": "path"},
            "inventory": {"type": "list", "elements": "str"},
            "hold_expires": {"type": "str"},
        },
    )
    params = module.params
    ids, source = module.checked(
        runbook_ids, params["campaign_ids"], host_fleet(params["desired_state"], params["desired_state_file"])
    )
    api = module.campaign_api()
    tenant, taken_at = Tenant(api.base_url, params["username"]), utc_now()
    expires_at = module.checked(expiry, params["hold_expires"], taken_at)
    try:
        read = read_many(api, ids, params["concurrency"])
    except ReconcileError as error:  # a failure every campaign would meet
        module.fail_with(
            api, f"{error}; nothing was paused", {"changed": False, "lines": [f"NOTHING WAS PAUSED: {error}"]}
        )
    choice = choose_pause(read)
    campaigns = [item for item in read if not isinstance(item, ReconcileError)]
    taken = snapshot(tenant, params["host"], taken_at, campaigns, choice.unread, every_field=False)
    store = module.hold_store()
    if not params["snapshot_dest"] and choice.pause and not module.check_mode:
        with contextlib.suppress(OSError):  # saving the snapshot says why, if it cannot be made
            os.makedirs(store.directory, exist_ok=True)  # snapshots go beside the holds by default
    dest = snapshot_dest(params["snapshot_dest"] or store.directory, params["host"], taken_at, new_run_id())
    before = {campaign.id: campaign.state for campaign in campaigns}
    earlier = earlier_snapshots(os.path.dirname(dest), params["host"], tenant, before)
    saved: str | None = None
    hold: Hold | None = None
    notes: list[str] = []
    if choice.pause and not module.check_mode:
        # The snapshot and the hold before any change: a task cut short still leaves the way back, and keeps
        # automation from undoing what it paused.
        saved, notes = _save(dest, params["host"], taken)
        hold, hold_notes = _hold(module, store, tenant, choice, taken_at, saved, expires_at)
        notes += hold_notes
    fleet = pause(
        api,
        choice.pause,
        module.run_settings(),
        params["concurrency"],
        module.journal(tenant, SENT_BY),
        _reason(params),
    )
    outcome = pause_outcome(read, choice, fleet)
    lines = [
        pause_summary(outcome.summary, module.check_mode),
        source,
        *pause_lines(choice, outcome.sent, module.check_mode),
    ]
    lines += _left_behind(module, choice, tenant, before, len(campaigns), dest, saved, earlier, hold)
    result = {"changed": fleet.changed, "lines": lines, "campaigns": outcome.entries, "summary": outcome.summary}
    if choice.pause and not module.check_mode:
        result.update(snapshot=taken, snapshot_file=saved)
    if hold is not None:
        result["hold"] = hold.as_dict()
    notes += fleet.notes
    if outcome.may_be_dialing:
        module.fail_with(api, "; ".join(line for line in lines if line.startswith(("STILL", "MAY"))), result, notes)
    module.exit_with(api, result, notes)


def _reason(params: dict[str, t.Any]) -> str:
    return f"runbook pause: {params['reason']}" if params["reason"] else "runbook pause"


def _hold(
    module: CampaignModule,
    store: HoldStore,
    tenant: Tenant,
    choice: PauseChoice,
    when: datetime,
    saved: str | None,
    expires_at: datetime | None,
) -> tuple[Hold | None, list[str]]:
    """The hold on the campaigns this pause pauses; or a note saying why it could not be recorded. Stopping the
    dialing matters more than the hold."""
    params = module.params
    hold = open_hold(
        tenant,
        [campaign.id for campaign in choice.pause],
        PAUSE,
        module.who(),
        when,
        params["reason"],
        params["ticket"],
        saved,
        expires_at,
    )
    try:
        store.add(hold)
    except CampaignError as error:
        return None, [
            f"{error}: no hold was opened, so automation (a rulebook, a scheduled apply) may start them again"
        ]
    return hold, []


def _save(dest: str, host: str, taken: dict[str, t.Any]) -> tuple[str | None, list[str]]:
    """Save the snapshot: where it was saved, or a note saying why not. Stopping the dialing matters more than the
    file: the task's result holds the snapshot too."""
    try:
        write_new_json(dest, saved_form(host, taken))
    except OSError as error:
        return None, [f"could not save the snapshot in {dest} ({error.strerror or error}): it is in this task's result"]
    return dest, []


def _left_behind(
    module: CampaignModule,
    choice: PauseChoice,
    tenant: Tenant,
    states: dict[int, str],
    read: int,
    dest: str,
    saved: str | None,
    earlier: list[EarlierSnapshot],
    hold: Hold | None,
) -> list[str]:
    """What the pause leaves behind: the snapshot (and any earlier one whose campaigns are still paused) and how to
    resume from them, the hold, or why there is none."""
    host, inventory = module.params["host"], module.params["inventory"] or []
    if not choice.pause and not choice.by_hand:
        return [_nothing_running(read, tenant, host, states, dest, inventory)]
    if module.check_mode:
        return [
            f"Check mode: nothing was paused, no snapshot saved and no hold opened; a real run would save it in {dest}"
        ]
    lines = []
    if hold is not None:
        expires = f"; it expires at {timestamp(hold.expires_at)}" if hold.expires_at else ""
        lines.append(
            f"Hold {hold.id} opened on {count(len(hold.campaigns), 'campaign')}: no automation (the rulebook, a "
            f"scheduled apply) starts them until the resume below, or the lift entry point, ends it{expires}"
        )
    if saved:
        paths = [saved, *(found.path for found in earlier)]
        for found in earlier:
            lines.append(
                f"The earlier snapshot {found.path} shows running {count(len(found.still_paused), 'campaign')} that "
                f"are still paused ({', '.join(map(str, found.still_paused))}): resume from both snapshots"
            )
        lines.append(f"Snapshot saved in {saved}; to resume: {resume_command(paths, host, inventory)}")
    return lines  # without a snapshot, the warning says why none was saved


def _nothing_running(
    read: int, tenant: Tenant, host: str, states: dict[int, str], dest: str, inventory: list[str]
) -> str:
    directory = os.path.dirname(dest)
    paths = [found.path for found in earlier_snapshots(directory, host, tenant, states)]
    if len(paths) > 1:  # a pause cut short, then others: only all of them bring back every campaign
        where = (
            f"the snapshots of this tenant that would resume them are {', '.join(paths)}; to resume: "
            f"{resume_command(paths, host, inventory)}"
        )
    elif paths:
        where = (
            f"the newest snapshot of this tenant that would resume them is {paths[0]}; to resume: "
            f"{resume_command(paths, host, inventory)}"
        )
    else:
        where = f"no snapshot of this tenant in {directory} would resume them"
    return f"Nothing was dialing among the {count(read, 'campaign')} read: nothing to pause, and no snapshot was saved; {where}"


if __name__ == "__main__":
    main()
