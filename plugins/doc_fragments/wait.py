# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

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
      - Seconds to wait for one change to show; the task fails, naming the last status seen, when it does not.
      - Also how long to watch the campaign after a change that got no answer (or an HTTP 5xx) before deciding that it
        was not applied and sending it again; see O(retries).
    type: float
    default: 60
  wait_sleep:
    description:
      - Seconds between two reads while waiting.
    type: float
    default: 1
"""
