# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make bench: campaign_status and the runbook's playbooks timed against the simulator (docs/benchmark.md).

- harness.py: the simulator's process and the check that it keeps up, the runner of ansible-playbook commands,
  a measurement and its runs, and the order the runs go in
- machine.py: the facts about the machine the report gives
- scenarios.py: what is measured, the playbooks and tasks of each measurement
- targets.py: the targets, as a table of bounds
- report.py: the Markdown report
- callback.py: the callback plugin that times each task
- __main__.py: the command line (hacking/run_bench.py runs it)
"""
