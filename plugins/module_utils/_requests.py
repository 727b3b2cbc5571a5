# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""requests and urllib3, the modules' one HTTP dependency, or why they cannot be imported here.

Imported by every file that speaks HTTP, so that a missing package is one clear failure (missing_required_lib in a
module, a plain message in the event source) rather than a traceback.
"""

from __future__ import annotations

import traceback

try:
    import requests
    import urllib3
except ImportError:
    requests = urllib3 = None  # type: ignore[assignment]
    REQUESTS_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    REQUESTS_IMPORT_ERROR = None

__all__ = ["REQUESTS_IMPORT_ERROR", "requests", "urllib3"]
