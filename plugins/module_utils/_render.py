# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What people read: the lines a runbook task prints (one per campaign, naming it), the terminal table of a report,
the plan as a document and as Markdown, the drift gate's and a freeze's failures, and the desired-state file that
keeps a snapshot's campaigns as they are. Text only: the caller writes it (_files.py)."""

from __future__ import annotations

import typing as t
from datetime import datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_id as campaign_id_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._decisions import Decision
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._drift import PlanRow
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import ReconcileError, label
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import PauseChoice, count
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, timestamp

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import CampaignResult, FleetOutcome
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import Hold
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import Outcome


def pause_lines(
    choice: PauseChoice, outcomes: dict[int, ReconcileError | tuple[str, ...]], check_mode: bool
) -> list[str]:
    """One line per campaign, naming it, for a person in an incident: what the pause did (or would do) with it."""
    lines = []
    for campaign in choice.pause:
        outcome = outcomes.get(campaign.id, ())
        if isinstance(outcome, ReconcileError):
            lines.append(f"MAY STILL BE DIALING: {outcome}")
        elif check_mode:
            lines.append(f"{label(campaign.id, campaign)}: {_status(campaign)}: would pause ({', '.join(outcome)})")
        elif outcome:
            lines.append(f"{label(campaign.id, campaign)}: {_status(campaign)}: paused ({', '.join(outcome)})")
        else:
            lines.append(f"{label(campaign.id, campaign)}: {_status(campaign)}: already paused by someone else")
    for campaign in choice.idle:
        lines.append(f"{label(campaign.id, campaign)}: {_status(campaign)}: not dialing, left as it is")
    for campaign, why in choice.by_hand:
        lines.append(
            f"STILL DIALING: {label(campaign.id, campaign)} is running, and the API cannot pause it ({why}): "
            "pause it by hand in Configuration Manager"
        )
    for error in choice.unread:
        lines.append(f"MAY STILL BE DIALING: {error}: check it in Configuration Manager, and pause it there if need be")
    return lines


def _status(campaign: Campaign) -> str:
    return f"{campaign.state}, status {campaign.status} ({campaign.status_name})"


def resume_lines(snapshots: t.Sequence[dict[str, t.Any]], fleet: FleetOutcome, check_mode: bool) -> list[str]:
    """One line per campaign of the snapshots (known to be the tenant's), each once, naming it: what the resume did
    with it."""
    results = {result.campaign_id: result for result in fleet.results}
    resumed, verb = (
        sum(1 for r in fleet.results if r.outcome and r.outcome.changed),
        "would resume" if check_mode else "resumed",
    )
    held = sum(1 for r in fleet.results if r.outcome and r.outcome.held_because)
    failed = sum(1 for r in fleet.results if r.error)
    lines = [f"{count(resumed, 'campaign')} {verb}, {held} held back, {failed} failed"]
    seen: set[int] = set()
    for taken in snapshots:
        for entry in taken["campaigns"]:
            campaign_id = t.cast(int, campaign_id_of(entry["id"]))
            if campaign_id in seen:
                continue
            seen.add(campaign_id)
            who = f"campaign {campaign_id}" + (f" ({entry['name']})" if entry.get("name") else "")
            result = results.get(campaign_id)
            if result is None:
                lines.append(f"{who}: {entry['state']} at the snapshot: left as it is")
            elif result.error:
                lines.append(f"NOT RESUMED: {result.error}")
            elif result.outcome and result.outcome.held_because:
                lines.append(f"NOT RESUMED: {who}: running at the snapshot: {result.outcome.held_because}")
            elif result.outcome and result.outcome.changed:
                lines.append(f"{who}: running at the snapshot: {verb} ({', '.join(result.outcome.transitions)})")
            else:
                lines.append(f"{who}: running at the snapshot: running already")
        for failure in taken.get("failures") or []:
            if isinstance(failure, dict):
                lines.append(
                    f"not resumed, since it could not be read when the snapshot was taken: {failure.get('msg')}"
                )
    if not results:
        when = ", ".join(str(taken.get("taken_at")) for taken in snapshots)
        lines.append(f"The snapshot taken at {when} shows no running campaign: nothing to resume")
    return lines


def lifted_lines(lifted: t.Sequence[Hold], dialing: t.Sequence[int], check_mode: bool) -> list[str]:
    """What a resume did with the holds of the campaigns it brought back to dialing."""
    lines = []
    for hold in lifted:
        mine = [campaign for campaign in hold.campaigns if campaign in dialing]
        verb = "would be lifted" if check_mode else "lifted"
        lines.append(f"Hold {hold.id} {verb} for {', '.join(map(str, mine))}: automation may keep them running again")
    return lines


def drift_message(rows: t.Sequence[PlanRow]) -> str:
    """The drift gate's failure: each campaign that drifted, what it is, what it should be, what a run would send (or
    what a policy holds back)."""
    parts = []
    for row in rows:
        if row.transitions:
            would = f"a run would send {', '.join(row.transitions)}"
        else:
            would = f"held back ({', '.join(row.held)}): {row.held_because}"
        parts.append(f"campaign {row.id} ({row.name}) is {row.state}, desired {row.desired}, {would}")
    return f"{len(rows)} campaign(s) drifted from the desired state: {'; '.join(parts)}"


def fleet_lines(fleet: FleetOutcome, check_mode: bool, reasons: t.Mapping[int, str] | None = None) -> list[str]:
    """A bulk task's summary for a CI log or an AWX job: the counts, then a line per changed and per failed campaign,
    each changed one with what decided it (``reasons``: a window, a mode) when its policy asked more than its state."""
    reasons = reasons or {}
    counts = fleet.summary()
    plan = " (check mode: the plan, nothing was sent)" if check_mode else ""
    held = f", {counts['held']} held back" if counts["held"] else ""
    lines = [
        f"{len(fleet.results)} campaigns: {counts['unchanged']} unchanged, {counts['changed']} "
        f"{'to change' if check_mode else 'changed'}{held}, {counts['failed']} failed{plan}"
    ]
    for result in fleet.results:
        if result.outcome and result.outcome.changed:
            before = result.outcome.before
            verb = "would send" if check_mode else "sent"
            why = f" ({reasons[before.id]})" if before.id in reasons else ""
            lines.append(f"{label(before.id, before)}: {verb} {', '.join(result.outcome.transitions)}{why}")
        elif result.outcome and result.outcome.held_because:
            kept = result.outcome
            words = ", ".join(kept.held)
            lines.append(f"{label(kept.before.id, kept.before)}: not sent ({words}): {kept.held_because}")
    lines += [f"failed: {result.error}" for result in fleet.results if result.error]
    if not check_mode and counts["states"]:
        lines.append("states now: " + ", ".join(f"{count} {state}" for state, count in counts["states"].items()))
    return lines


def freeze_message(held: t.Sequence[CampaignResult], decisions: t.Mapping[int, Decision]) -> str:
    """Why a real run inside a freeze failed: each campaign it did not change, and when the freeze ends."""
    parts = []
    for result in held:
        outcome, decision = t.cast("Outcome", result.outcome), decisions[result.campaign_id]
        ends = timestamp(decision.freeze_ends) if decision.freeze_ends else "no set time"
        parts.append(
            f"{label(outcome.before.id, outcome.before)} would be sent {', '.join(outcome.held)}, but the freeze "
            f"{decision.frozen_by} lasts until {ends}"
        )
    return (
        f"{count(len(held), 'campaign')} not changed, inside a freeze: {'; '.join(parts)}. Nothing was sent to "
        "them; run again after the freeze, or with override_freeze=true to send the changes now"
    )


def resume_command(paths: t.Sequence[str], host: str, inventory: t.Sequence[str] = ()) -> str:
    """The command that resumes from the snapshots at ``paths`` (one, or several at once), for the host (tenant) they
    were taken on, in the inventory it came from."""
    target = "" if host == "localhost" else "".join(f" -i {source}" for source in inventory) + f" -e target={host}"
    given = f"@{paths[0]}" if len(paths) == 1 else f"snapshot={','.join(paths)}"
    return f"ansible-playbook eightbyeight.contact_center.resume{target} -e {given}"


def pause_summary(summary: t.Mapping[str, int], check_mode: bool) -> str:
    """The pause's first line: how many campaigns it paused, and how many may still be dialing."""
    dialing = summary["by_hand"] + summary["unread"] + summary["failed"]
    verb = "would pause" if check_mode else "paused"
    line = f"{count(summary['paused'], 'campaign')} {verb}, {summary['idle']} idle (new, paused, purged or stopped)"
    if dialing:
        return f"{line}; {dialing} STILL OR MAYBE DIALING, named below"
    return line if check_mode else f"{line}; none of them is dialing now"


def table(campaigns: list[dict[str, t.Any]]) -> list[str]:
    """The campaigns as a table for a terminal: ID, name, state, status."""
    width = max([len(str(c["name"])) for c in campaigns] + [4])
    row = f"{{:<8}}  {{:<{width}}}  {{:<8}}  {{}}"
    lines = [row.format("ID", "NAME", "STATE", "STATUS")]
    lines += [row.format(c["id"], c["name"], c["state"], f"{c['status']} {c['status_name']}") for c in campaigns]
    return lines


def keep_as_is(taken: dict[str, t.Any]) -> str:
    """A desired-state file that keeps every campaign of a snapshot as it is, naming the tenant and the time.

    New campaigns are left out (as comments): a desired state can start a campaign, never keep it new.
    """
    tenant = taken["tenant"]
    lines = [
        "---",
        f"# The desired state that keeps campaigns as they were at {taken['taken_at']},",
        f"# tenant {tenant['username']} at {tenant['api_url']} (host {taken['host']}).",
    ]
    new = [c for c in taken["campaigns"] if c["state"] == "new"]
    kept = [c for c in taken["campaigns"] if c["state"] != "new"]
    if new:
        lines.append("# Left out: a desired state cannot keep a campaign new, only start it.")
        lines += [f"#   - {{id: {c['id']}, state: new}}  # {_comment(c['name'])}" for c in new]
    lines.append("campaigns:" + ("" if kept else " []"))
    lines += [f"  - {{id: {c['id']}, state: {c['state']}}}  # {_comment(c['name'])}" for c in kept]
    return "\n".join(lines) + "\n"


def _comment(text: t.Any) -> str:
    return " ".join(str(text).split())  # a name with a line break must not end the comment


def plan_document(
    tenant: Tenant,
    taken_at: datetime,
    check_mode: bool,
    rows: t.Sequence[PlanRow],
    failures: list[dict[str, t.Any]],
    policy_time: datetime | None = None,
) -> dict[str, t.Any]:
    """The plan file's content: the campaigns that would change (in a real run, that changed), with the tenant, the
    time it was made and the time its policy was applied at (policy_time; the same, unless a check was given one);
    ``complete`` is false, and ``failures`` names them, when some campaigns could not be checked."""
    return {
        "tenant": tenant.as_dict(),
        "taken_at": timestamp(taken_at),
        "policy_time": timestamp(policy_time or taken_at),
        "check_mode": check_mode,
        "complete": not failures,
        "campaigns": [row.as_dict() for row in rows],
        "failures": failures,
    }


def plan_markdown(plan: dict[str, t.Any]) -> str:
    """The plan as Markdown, for a pull-request comment or a ticket; a failed check says so first, plainly."""
    tenant, check_mode = plan["tenant"], plan["check_mode"]
    lines = [f"Plan for the tenant {tenant['username']} at {tenant['api_url']}, {plan['taken_at']}", ""]
    if plan.get("policy_time"):
        lines[0] += f"; calling hours, freezes and holds as of {plan['policy_time']} (policy_time)"
    if not plan["complete"]:
        lines += [
            f"**The check failed**: {len(plan['failures'])} campaign(s) could not be checked, so this plan is "
            "incomplete:",
            "",
        ]
        lines += [f"- {_cell(failure['msg'])}" for failure in plan["failures"]]
        lines.append("")
    if plan["campaigns"]:
        policed = any("decided_by" in row for row in plan["campaigns"])
        extra = " decided by | held back |" if policed else ""
        lines += [
            f"| ID | name | status | desired | {'would send' if check_mode else 'sent'} |{extra}",
            "|---|---|---|---|---|" + ("---|---|" if policed else ""),
        ]
        lines += [
            f"| {row['id']} | {_cell(row['name'])} | {row['status']} ({row['status_name']}) | {row['desired']} | "
            f"{', '.join(row['transitions'])} |" + (f" {_cell(row['decided_by'])} | {_held(row)} |" if policed else "")
            for row in plan["campaigns"]
        ]
    elif plan["complete"]:
        lines.append(
            f"No campaign {'would change' if check_mode else 'changed'}: the campaigns are in their desired state."
        )
    else:
        lines.append(f"No campaign that could be checked {'would change' if check_mode else 'changed'}.")
    return "\n".join(lines) + "\n"


def _held(row: dict[str, t.Any]) -> str:
    """What a policy held back of a row's change, and why; empty when nothing was."""
    if not row.get("held_because"):
        return ""
    return _cell(f"{', '.join(row['held'])}: {row['held_because']}" if row["held"] else row["held_because"])


def _cell(text: t.Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
