# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the bench measures: the playbooks and tasks of each measurement, in the order the report lists them, and
the untimed warm-up before them. docs/benchmark.md says why each one is there."""

from __future__ import annotations

import argparse
import typing as t

from .harness import MEASURED, TENANT, BenchError, Measurement, MeasurementError, Runner

MODULE = "eightbyeight.contact_center.campaign_status"
# The on-call runbook: playbooks of the collection, run by name, and the module each one's time is spent in.
PAUSE_PLAYBOOK, PAUSE_MODULE = "eightbyeight.contact_center.pause", "eightbyeight.contact_center.campaign_pause"
RESUME_PLAYBOOK, RESUME_MODULE = "eightbyeight.contact_center.resume", "eightbyeight.contact_center.campaign_resume"


def _read_url(base_url: str, campaign: t.Any) -> str:
    return f"{base_url}/api/stats/campaigns/{campaign}.json"


def _uri_get(base_url: str, campaign: t.Any) -> dict[str, t.Any]:
    return {
        "url": _read_url(base_url, campaign),
        "url_username": TENANT["username"],
        "url_password": TENANT["data_token"],
        "force_basic_auth": True,
    }


def _uri_post(base_url: str, campaign: t.Any, word: str) -> dict[str, t.Any]:
    return {
        "url": f"{base_url}/api/tstats/campaigns/{campaign}",
        "method": "POST",
        "body_format": "json",
        "body": {"status": word},
        "url_username": TENANT["username"],
        "url_password": TENANT["action_token"],
        "force_basic_auth": True,
    }


def _bulk(count: int, state: str, concurrency: int) -> dict[str, t.Any]:
    return {"campaigns": [{"id": number, "state": state} for number in range(1, count + 1)], "concurrency": concurrency}


def _task(module: str, args: dict[str, t.Any], loop: int | None = None) -> dict[str, t.Any]:
    task: dict[str, t.Any] = {"name": MEASURED, module: args}
    if loop:
        task["loop"] = list(range(1, loop + 1))
    return task


# Three jurisdictions, one of them closed on holidays (so the holidays package is read), and an instant at which
# every one is open in every zone it spans: Wednesday 9 December 2026, 13:00 Eastern, 11:00 Mountain.
REACHES = ["US-FL", "US-TX", "US-AL"]
PLANNED_AT = "2026-12-09T18:00:00Z"


def _planned(count: int, concurrency: int, reaches: list[str] | None = None) -> dict[str, t.Any]:
    """A bulk task planned in check mode as of PLANNED_AT (policy_time is a check's only) from a desired state of
    ``count`` running campaigns, all of them reaching ``reaches`` if given (the file-wide default): the cost of
    deciding with calling rules, beside the same task without them, whose arguments are the same size."""
    desired = {"version": 2, "campaigns": [{"id": number, "state": "running"} for number in range(1, count + 1)]}
    if reaches:
        desired["reaches"] = reaches
    args = {"desired_state": desired, "concurrency": concurrency, "policy_time": PLANNED_AT}
    return {**_task(MODULE, args), "check_mode": True}


def _runbook(
    count: int, concurrency: int, runs: int, prefix: str = "", rate_limit: float | None = None
) -> list[Measurement]:
    """The runbook's pause of campaigns 1..count, all running, and the resume from its snapshot that undoes it: whole
    ansible-playbook runs of the collection's playbooks, 3 requests a campaign each (read, write, read back); under
    a limit of ``rate_limit`` requests a second for the tenant, if given."""
    limited = f" under a limit of {rate_limit:g} requests/s" if rate_limit is not None else ""
    return [
        Measurement(
            f"{prefix}pause",
            f"{count} running -> paused{limited}: the `pause` playbook, whole run",
            [],
            runs,
            count,
            count,
            concurrency,
            count,
            playbook=PAUSE_PLAYBOOK,
            module=PAUSE_MODULE,
            extra_vars={
                "campaign_ids": ",".join(str(number) for number in range(1, count + 1)),
                "desired_state_concurrency": concurrency,
            },
            saves_snapshot=True,
            requests_expected=3 * count,
            end_state="paused",
            needs=("startup",),
            rate_limit=rate_limit,
        ),
        Measurement(
            f"{prefix}resume",
            f"{count} paused -> running{limited}: the `resume` playbook from that snapshot, whole run",
            [],
            runs,
            count,
            count,
            concurrency,
            count,
            playbook=RESUME_PLAYBOOK,
            module=RESUME_MODULE,
            extra_vars={"desired_state_concurrency": concurrency},
            resumes=f"{prefix}pause",
            requests_expected=3 * count,
            end_state="running",
            needs=("startup", f"{prefix}pause"),
            rate_limit=rate_limit,
        ),
    ]


def measurements(options: argparse.Namespace, base_url: str) -> list[Measurement]:
    n, sample, big, conc = options.campaigns, options.loop_items, options.big, options.concurrency
    cheap, loops, heavy = options.runs, options.loop_runs, options.big_runs
    return [
        Measurement(
            "startup",
            "start-up: a play with one `debug` task",
            [_task("ansible.builtin.debug", {"msg": "hello"})],
            cheap,
        ),
        Measurement(
            "one_module",
            "1 campaign, nothing to change: `campaign_status`",
            [_task(MODULE, {"campaign_id": 1, "state": "running"})],
            cheap,
            1,
            1,
        ),
        Measurement(
            "one_uri",
            "1 campaign, nothing to change: `uri` GET",
            [_task("ansible.builtin.uri", _uri_get(base_url, 1))],
            cheap,
            1,
            1,
        ),
        Measurement(
            "bulk_unchanged",
            f"{n} unchanged: one bulk `campaign_status` task",
            [_task(MODULE, _bulk(n, "running", conc))],
            cheap,
            n,
            n,
            conc,
            bulk=True,
            needs=("one_module",),
        ),
        Measurement(
            "bulk_planned",
            f"{n} unchanged, planned from a desired state (check mode, policy_time): one bulk `campaign_status` task",
            [_planned(n, conc)],
            cheap,
            n,
            n,
            conc,
            bulk=True,
        ),
        Measurement(
            "bulk_reaches",
            f"{n} unchanged, planned from a desired state that reaches {', '.join(REACHES)}: "
            "one bulk `campaign_status` task",
            [_planned(n, conc, REACHES)],
            cheap,
            n,
            n,
            conc,
            bulk=True,
            needs=("bulk_planned",),
        ),
        Measurement(
            "loop_module_unchanged",
            f"{n} unchanged: loop of `campaign_status`",
            [_task(MODULE, {"campaign_id": "{{ item }}", "state": "running"}, sample)],
            loops,
            n,
            sample,
        ),
        Measurement(
            "loop_uri_unchanged",
            f"{n} unchanged: loop of `uri` GET",
            [_task("ansible.builtin.uri", _uri_get(base_url, "{{ item }}"), sample)],
            loops,
            n,
            sample,
        ),
        Measurement(
            "bulk_changing",
            f"{n} running -> paused: one bulk `campaign_status` task",
            [_task(MODULE, _bulk(n, "paused", conc))],
            cheap,
            n,
            n,
            conc,
            n,
            bulk=True,
            needs=("one_module",),
        ),
        Measurement(
            "loop_module_changing",
            f"{n} running -> paused: loop of `campaign_status`",
            [_task(MODULE, {"campaign_id": "{{ item }}", "state": "paused"}, sample)],
            loops,
            n,
            sample,
            1,
            sample,
        ),
        Measurement(
            "loop_uri_changing",
            f"{n} running -> paused: loop of `uri` POST (no read, no check)",
            [_task("ansible.builtin.uri", _uri_post(base_url, "{{ item }}", "PAUSED"), sample)],
            loops,
            n,
            sample,
            1,
            sample,
            reports_changes=False,
        ),
        Measurement(
            "bulk_big",
            f"{big:,} unchanged: one bulk `campaign_status` task",
            [_task(MODULE, _bulk(big, "running", conc))],
            heavy,
            big,
            big,
            conc,
            bulk=True,
            needs=("one_module",),
        ),
        # The runbook, as the on-call engineer runs it: each pause followed by the resume that undoes it.
        *_runbook(n, conc, cheap),
        # The same under a platform's rate limit, whose target is every run's, not the median's.
        *_runbook(options.limited_campaigns, conc, options.limited_runs, "limited_", options.rate_limit),
        # The fixed cost of a module task, split up as the bulk tasks' are (under the same wrapper).
        Measurement(
            "one_module_wrapped",
            "1 campaign, nothing to change: `campaign_status`",
            [_task(MODULE, {"campaign_id": 1, "state": "running"})],
            loops,
            1,
            1,
            in_table=False,
        ),
        Measurement(
            "one_uri_wrapped",
            "1 campaign, nothing to change: `uri` GET",
            [_task("ansible.builtin.uri", _uri_get(base_url, 1))],
            loops,
            1,
            1,
            in_table=False,
        ),
    ]


def warm_up(runner: Runner, base_url: str, concurrency: int) -> dict[str, str]:
    """One untimed run of each kind of task and of each runbook playbook, so that no measurement pays for cold caches.

    Answers what cannot be measured, by kind (see Measurement.kind): "bulk" when campaign_status does not take
    ``campaigns``, "runbook" when the pause or resume playbook fails; each with the reason.
    """
    tasks = [
        _task("ansible.builtin.debug", {"msg": "hello"}),
        _task("ansible.builtin.uri", _uri_get(base_url, 1)),
        _task(MODULE, {"campaign_id": 1, "state": "running"}),
    ]
    try:
        runner.run(Measurement("warm_up", "warm-up", tasks, 1))
    except MeasurementError as error:
        raise BenchError(f"the warm-up playbook failed, so nothing would be measured: {error}") from None
    left_out = {}
    try:
        runner.run(
            Measurement("bulk_probe", "bulk warm-up", [_task(MODULE, _bulk(10, "running", 2))], 1, 10, 10, 2, bulk=True)
        )
    except MeasurementError as error:
        left_out["bulk"] = f"a bulk task (`campaigns`) fails in this checkout: {error}"
    try:
        for row in _runbook(10, concurrency, 1, "warm_up_"):
            runner.run(row)
    except MeasurementError as error:
        left_out["runbook"] = f"the {row.playbook} playbook fails in this checkout: {error}"
    return left_out


def keys() -> list[str]:
    """The measurements' keys, in the order they are listed (for --only)."""
    sizes = argparse.Namespace(
        campaigns=1,
        loop_items=1,
        big=1,
        concurrency=1,
        runs=1,
        loop_runs=1,
        big_runs=1,
        limited_campaigns=1,
        limited_runs=1,
        rate_limit=1.0,
    )
    return [row.key for row in measurements(sizes, "")]
