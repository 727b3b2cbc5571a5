# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Which campaigns the on-call runbook's modules act on, and the tenant's name in their files."""

    DOCUMENTATION = r"""
options:
  campaign_ids:
    description:
      - The campaigns, each once; a list of IDs (numbers, or quoted numbers), of entries with an C(id) (a desired
        state's, or a report's), or a string of IDs separated by commas and/or white space, such as V(125,126) or
        V(125 126).
      - Anything else (an empty item, V(12a)) fails the task, naming the item, before any request.
      - When it is given, O(desired_state) and O(desired_state_file) are not used, and RV(lines) says so.
    type: raw
  desired_state:
    description:
      - The host's desired state, a list of entries with an C(id) (as a desired-state file's C(campaigns) holds
        them), whose campaigns are acted on when O(campaign_ids) is not given. The API has no call that lists
        campaigns, so a tenant's desired state is its known fleet.
    type: list
    elements: raw
  desired_state_file:
    description:
      - Instead of O(desired_state), the desired-state file holding it as C(campaigns), on the machine that runs the
        module; read only when O(campaign_ids) is not given.
    type: path
  host:
    description:
      - The name of the tenant in this run, normally C({{ inventory_hostname }}); put in the names and the content of
        the files the module writes.
    type: str
    default: localhost
"""
