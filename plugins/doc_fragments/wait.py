# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """How the modules that change campaigns wait for each change to show."""

    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Whether to poll the campaign after the last change until it shows the desired state.
      - The platform may take a moment to show a change; a campaign being started can show C(1) (Manual Started),
        which counts as V(running).
      - With V(false) the module reads the campaign once after the change and warns if it does not show the desired
        state yet. Between the two steps of a change to V(purged) it always waits, since the second needs the first.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait for one change to show, counted from the answer to its first send, resends included; the
        task fails, naming the last status seen, when it does not. Each step of a change to V(purged) has its own.
      - After a change that got no answer (or an HTTP 5xx), the campaign is watched for half the time left before
        deciding that the change was not applied and sending it again (30 seconds with the defaults), and after
        the last send O(retries) allows, until this time ends; so a platform that never answers a change fails the
        task in about O(wait_timeout) seconds, whatever O(retries) is.
    type: float
    default: 60
  wait_sleep:
    description:
      - Seconds between two reads while waiting.
    type: float
    default: 1
"""
