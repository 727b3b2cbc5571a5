# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment:
    """Who sends a change and why (the journal), and the holds that keep campaigns a person stopped from starting."""

    DOCUMENTATION = r"""
options:
  hold_dir:
    description:
      - The hold directory, which the runbook's pause, M(eightbyeight.contact_center.campaign_status) (apply and the
        enforcement playbook), M(eightbyeight.contact_center.campaign_resume), M(eightbyeight.contact_center.campaign_hold)
        and the event source share on one host, on the machine that runs the module.
      - A hold (opened by the runbook's pause, by a person, or by the event source when it sees a person take a
        campaign out of dialing) keeps its campaigns from being started by anything but a resume, until it is lifted or
        expires.
      - If not set, the environment variable E(EIGHTBYEIGHT_CC_HOLD_DIR) is used, else the current directory, where
        a pause saves its snapshots by default.
    type: path
  journal:
    description:
      - Append every status change sent to this file, one JSON line per write (the time, the tenant, the campaign's ID
        and name, the status before, the status sent, its outcome V(accepted), V(refused) or V(unknown), what sent it,
        the run and the reason), each line written whole and flushed to disk; never a token. Several processes may
        append at once.
      - If not set, the environment variable E(EIGHTBYEIGHT_CC_JOURNAL) is used; else no journal is kept.
    type: path
  reason:
    description:
      - Why this change is made, in words, recorded in the journal and in a hold, such as V(carrier outage).
    type: str
  ticket:
    description:
      - The ticket of the change or incident, recorded in the journal and in a hold, such as V(INC-4711).
    type: str
  run:
    description:
      - Who runs this, for the journal and a hold's C(opened_by); the roles pass it from Ansible's variables.
      - C(awx_job_id) and C(awx_user_name) (the variables AWX gives a job), C(playbook); unset keys are taken from the
        machine (the user and the host name).
    type: dict
"""
