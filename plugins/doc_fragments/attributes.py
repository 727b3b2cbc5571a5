# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Attributes shared by the collection's modules."""

    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and predict the changes a real run would make, without making them.
  diff_mode:
    description: Returns the status before and after the change (or the predicted one, in check mode) in diff mode.
  action_group:
    description: Use C(group/eightbyeight.contact_center.campaign) in C(module_defaults) to set options once for all these modules.
    support: full
    membership:
      - eightbyeight.contact_center.campaign
  platform:
    description: The systems the module works on.
    support: full
    platforms: 8x8 Contact Center
"""

    #: For modules that only read.
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This module only reads, so it runs the same in check mode.
  diff_mode:
    support: N/A
    details:
      - This module only reads.
"""
