#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: campaign_info
short_description: Read 8x8 Contact Center campaigns and their status
version_added: 1.0.0
description:
  - Reads one or several campaigns of 8x8 Contact Center with the Data Request Token and returns them, with their
    status code, the vendor's name for it and the state it belongs to.
  - Never changes anything, and does not need O(action_token).
author:
  - The eightbyeight.contact_center maintainers (@eightbyeight)
options:
  campaign_id:
    description:
      - The ID of the campaign to read.
      - Exactly one of O(campaign_id) and O(campaign_ids) is required.
    type: int
  campaign_ids:
    description:
      - The IDs of several campaigns to read, O(concurrency) at a time; RV(campaigns) lists them in this order, each
        once.
      - A list of IDs (numbers, or quoted numbers), of entries with an C(id), or a string of IDs separated by commas
        and/or white space, such as V(125,126) or V(125 126). Anything else fails the task, naming the item, before
        any request.
      - The first is read alone, so that refused credentials or an unknown host fail the task once. When other
        campaigns cannot be read, the task still returns the ones that could be, lists the others in RV(failures),
        and fails.
    type: raw
extends_documentation_fragment:
  - eightbyeight.contact_center.connection
  - eightbyeight.contact_center.connection.ACTION_TOKEN_UNUSED
  - eightbyeight.contact_center.attributes
  - eightbyeight.contact_center.attributes.INFO_MODULE
seealso:
  - module: eightbyeight.contact_center.campaign_status
"""

EXAMPLES = r"""
- name: Read campaign 125
  eightbyeight.contact_center.campaign_info:
    platform: na12
    username: "{{ cc_username }}"
    data_token: "{{ cc_data_token }}"
    campaign_id: 125
  delegate_to: localhost
  register: campaign_125

- name: Say what it is doing
  ansible.builtin.debug:
    msg: "{{ campaign_125.campaigns[0].name }} is {{ campaign_125.campaigns[0].state }}"

- name: Read several campaigns (credentials from EIGHTBYEIGHT_CC_* variables)
  eightbyeight.contact_center.campaign_info:
    campaign_ids: [125, 126, 127]
  delegate_to: localhost
  register: morning

- name: List the ones that are not running
  ansible.builtin.debug:
    msg: "{{ morning.campaigns | rejectattr('state', 'equalto', 'running') | map(attribute='id') | list }}"
"""

RETURN = r"""
failures:
  description: The campaigns that could not be read, and why.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 126
      msg: "campaign 126: not found (HTTP 404 from GET https://vcc-na12.8x8.com/api/stats/campaigns/126.json): check campaign_id,
        and platform or api_url"
campaigns:
  description:
    - The campaigns that could be read, in the order asked.
    - Besides the keys below, each holds every other field of the API's answer with its name in snake_case
      (C(no-of-records) becomes C(no_of_records)); flags are booleans, numbers are numbers, and empty values are
      null. A field in another shape is returned as the API gave it.
  returned: always
  type: list
  elements: dict
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
      sample: 3
    status_name:
      description: The vendor's name of the status code.
      type: str
      sample: Manual Running
    state:
      description: The state the status code belongs to.
      type: str
      choices: [new, running, paused, purged, stopped]
      sample: running
    enabled:
      description: Whether the campaign is enabled.
      type: bool
      sample: true
    dynamic:
      description: Whether it is a dynamic campaign, whose status can be changed through the API.
      type: bool
      sample: true
    no_of_records:
      description: The number of records in the campaign.
      type: int
      sample: 18
    queue_id:
      description: The queue the campaign dials for.
      type: int
      sample: 598
    actual_run_time:
      description: When the campaign last started running, or null.
      type: str
      sample: "2022-10-17T22:31:02+01:00"
    actual_stop_time:
      description: When the campaign stopped, or null.
      type: str
      sample: null
"""

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import failure_message, read_many
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._module import CampaignModule


def main() -> None:
    module = CampaignModule(
        argument_spec={
            "campaign_id": {"type": "int"},
            "campaign_ids": {"type": "raw"},
        },
        writes=False,
        mutually_exclusive=[("campaign_id", "campaign_ids")],
        required_one_of=[("campaign_id", "campaign_ids")],
    )
    module.require_positive("campaign_id")
    ids = [module.params["campaign_id"]] if module.params["campaign_ids"] is None else module.campaign_ids()
    api = module.campaign_api()
    try:
        read = read_many(api, ids, module.params["concurrency"])
    except ReconcileError as error:  # a failure every campaign would meet
        module.fail_with(api, str(error), {"campaigns": [], "failures": [{"id": error.campaign_id, "msg": str(error)}]})
    errors = [item for item in read if isinstance(item, ReconcileError)]
    result = {
        "changed": False,
        "campaigns": [item.as_result() for item in read if not isinstance(item, ReconcileError)],
        "failures": [{"id": error.campaign_id, "msg": str(error)} for error in errors],
    }
    failure = failure_message(errors, len(ids), "could not be read")
    if failure:
        module.fail_with(api, failure, result)
    module.exit_with(api, result)


if __name__ == "__main__":
    main()
