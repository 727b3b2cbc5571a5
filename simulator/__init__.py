# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A local simulator of the two 8x8 Contact Center endpoints the collection uses (read a campaign, change its status).

Its rules come from the collection's own ``plugins/module_utils/_lifecycle.py``. See README.md beside this file.
"""

from .client import SimulatorClient, SimulatorError
from .data import DEMO_DATA, SETTINGS, DataError, load_data, report_data
from .server import ADMIN_HEADER, Simulator

__all__ = [
    "ADMIN_HEADER",
    "DEMO_DATA",
    "SETTINGS",
    "DataError",
    "Simulator",
    "SimulatorClient",
    "SimulatorError",
    "load_data",
    "report_data",
]
