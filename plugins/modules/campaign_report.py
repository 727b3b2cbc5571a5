#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: campaign_report
short_description: Report the status of 8x8 Contact Center campaigns, as a table, a JSON report and a desired state
version_added: 1.0.0
description:
  - Reads the listed campaigns with the Data Request Token and writes, on the machine that runs the module, a JSON
    report (the snapshot format of M(eightbyeight.contact_center.campaign_pause), naming the tenant and the time) and
    a desired-state file that would keep every campaign as it is.
  - New campaigns are left out of the desired state, as comments, since a desired state can only start them.
  - The simulator bundled with the collection serves such a report as a tenant, to rehearse a change on a copy.
  - When some campaigns cannot be read, the files hold the others, and the task fails naming them.
  - Never changes a campaign.
author:
  - The eightbyeight.contact_center maintainers (@eightbyeight)
options:
  report_dest:
    description:
      - Where to write the JSON report; a directory, where it is named C(report-<host>.json), or a file name, to which
        the name of O(host) is added before the extension, so that each tenant of a play writes its own file.
      - Default is the current directory.
    type: path
  journal:
    description:
      - The journal the collection's modules append to (see the C(journal) option of
        M(eightbyeight.contact_center.campaign_status)). With it, each campaign's last change is named in RV(lines),
        who sent it, when and why (who stopped campaign 125?), and RV(history) holds every write of each.
      - If not set, the environment variable E(EIGHTBYEIGHT_CC_JOURNAL) is used; else no history is given.
    type: path
  desired_state_dest:
    description:
      - Where to write the desired state that keeps the campaigns as they are; a directory, where it is named
        C(report-<host>-desired-state.yml), or a file name, to which O(host) is added as for O(report_dest).
      - Default is the current directory.
    type: path
extends_documentation_fragment:
  - eightbyeight.contact_center.connection
  - eightbyeight.contact_center.runbook
  - eightbyeight.contact_center.connection.ACTION_TOKEN_UNUSED
  - eightbyeight.contact_center.attributes
attributes:
  check_mode:
    support: full
    details:
      - Reads the campaigns and returns the report, but writes no file.
  diff_mode:
    support: none
seealso:
  - module: eightbyeight.contact_center.campaign_info
  - module: eightbyeight.contact_center.campaign_pause
"""

EXAMPLES = r"""
- name: Report three campaigns (credentials from EIGHTBYEIGHT_CC_* variables)
  eightbyeight.contact_center.campaign_report:
    campaign_ids: 125 126 127
  delegate_to: localhost
  register: report

- name: Show the table
  ansible.builtin.debug:
    msg: "{{ report.lines }}"
"""

RETURN = r"""
lines:
  description: A table of the campaigns (ID, name, state, status), then where the files are.
  returned: always
  type: list
  elements: str
  sample:
    - "ID        NAME             STATE     STATUS"
    - "125       Spring renewals  running   3 Manual Running"
    - "Report saved in /runbook/report-localhost.json; the desired state that keeps it in
      /runbook/report-localhost-desired-state.yml"
report:
  description:
    - The report, as written to O(report_dest), in the snapshot format of
      RV(eightbyeight.contact_center.campaign_pause#module:snapshot) (tenant, host, taken_at, campaigns, failures).
  returned: when the campaigns could be read
  type: dict
  sample: {"tenant": {"api_url": "https://vcc-na12.8x8.com", "username": "acme"}, "host": "localhost",
           "taken_at": "2026-12-01T21:30:00Z", "campaigns": [], "failures": []}
history:
  description: With a journal, every write it holds of each campaign reported, oldest first, by campaign ID.
  returned: when a journal is given
  type: dict
  sample: {"125": [{"at": "2026-12-06T19:33:13Z", "campaign_id": 125, "campaign_name": "Spring renewals",
                    "sent": "PAUSED", "outcome": "accepted", "sent_by": "eightbyeight.contact_center.campaign_pause",
                    "reason": "runbook pause: carrier outage", "ticket": "INC-7"}]}
files:
  description: The files written; empty in check mode.
  returned: when the campaigns could be read
  type: list
  elements: str
  sample: [/runbook/report-localhost.json, /runbook/report-localhost-desired-state.yml]
"""

import os
import typing as t

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import (
    report_dest,
    write_json,
    write_text,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import failure_message, read_many
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import host_fleet
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._journal import (
    describe,
    journal_path,
    last_accepted,
    read_journal,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._journal import history as _history_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._module import (
    CampaignModule,
    runbook_argument_spec,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._render import keep_as_is, table
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import runbook_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, snapshot, utc_now


def main() -> None:
    module = CampaignModule(
        argument_spec={
            **runbook_argument_spec(),
            "report_dest": {"type": "path"},
            "desired_state_dest": {"type": "path"},
            "journal": {"type": "path"},
        },
        writes=False,
    )
    params = module.params
    ids, source = module.checked(
        runbook_ids, params["campaign_ids"], host_fleet(params["desired_state"], params["desired_state_file"])
    )
    api = module.campaign_api()
    taken_at = utc_now()
    try:
        read = read_many(api, ids, params["concurrency"])
    except ReconcileError as error:  # a failure every campaign would meet
        module.fail_with(api, f"{error}; no report was written", {"lines": [f"NO REPORT: {error}"]})
    errors = [item for item in read if isinstance(item, ReconcileError)]
    campaigns = [item for item in read if not isinstance(item, ReconcileError)]
    report = snapshot(Tenant(api.base_url, params["username"]), params["host"], taken_at, campaigns, errors)
    json_file = report_dest(params["report_dest"], params["host"], ".json")
    yaml_file = report_dest(params["desired_state_dest"], params["host"], "-desired-state.yml")
    lines = [source, *table(report["campaigns"]), *(f"could not be read: {error}" for error in errors)]
    history = _history(module, Tenant(api.base_url, params["username"]), [c.id for c in campaigns], lines)
    files: list[str] = []
    if module.check_mode:
        lines.append(f"Check mode: no file written; a real run would write {json_file} and {yaml_file}")
    else:
        try:
            write_json(json_file, report)
            files.append(json_file)
            write_text(yaml_file, keep_as_is(report))
            files.append(yaml_file)
        except OSError as error:
            module.fail_with(
                api, f"cannot write {error.filename}: {error.strerror}", {"lines": lines, "report": report}
            )
        lines.append(f"Report saved in {json_file}; the desired state that keeps it in {yaml_file}")
    result = {"changed": False, "lines": lines, "report": report, "files": files}
    if history is not None:
        result["history"] = history
    failure = failure_message(errors, len(ids), "could not be read")
    if failure:
        module.fail_with(api, failure, result)
    module.exit_with(api, result)


def _history(
    module: CampaignModule, tenant: Tenant, ids: list[int], lines: list[str]
) -> dict[str, list[dict[str, t.Any]]] | None:
    """With a journal: each campaign's last accepted change, added to ``lines`` (who changed it, when and why), and
    every write the journal holds of each, by campaign ID; None without a journal."""
    path = journal_path(module.params["journal"], os.environ)
    if path is None:
        return None
    try:
        entries, problems = read_journal(os.path.abspath(path))
    except CampaignError as error:
        module.fail_json(msg=str(error), lines=lines)
    for problem in problems:
        module.warn(problem)
    history = {}
    for campaign_id in ids:
        last = last_accepted(entries, tenant, campaign_id)
        lines.append(f"last change: {describe(last)}" if last else f"campaign {campaign_id}: no change in the journal")
        history[str(campaign_id)] = [entry.as_dict() for entry in _history_of(entries, tenant, campaign_id)]
    return history


if __name__ == "__main__":
    main()
