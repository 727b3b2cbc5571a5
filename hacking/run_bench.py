# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make bench: runs the bench of hacking/bench/ (docs/benchmark.md) with the arguments it is given.

.venv/bin/python hacking/run_bench.py --help
.venv/bin/python hacking/run_bench.py --only pause,resume
"""

from __future__ import annotations

import sys

from bench.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
