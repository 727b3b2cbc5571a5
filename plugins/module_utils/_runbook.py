# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The on-call runbook's decisions: which campaigns a pause acts on, what a snapshot records, and which campaigns a
resume brings back, for which tenant.

No HTTP and no Ansible: the modules read and write, these functions decide, and the unit tests call them directly.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign, campaign_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_id as campaign_id_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    PAUSED,
    RUNNING,
    CampaignError,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._policy import (
    OBSERVE,
    Decision,
    DesiredCampaign,
    Policy,
    decide,
    may_send,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import (
    ReconcileError,
    label,
    plan_change,
)

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import CampaignResult, FleetOutcome
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import Outcome


@dataclass(frozen=True)
class Tenant:
    """Whose campaigns these are: campaign IDs repeat across tenants, so an ID alone names no campaign."""

    api_url: str
    username: str

    def __str__(self) -> str:
        return f"{self.username} at {self.api_url}"

    def as_dict(self) -> dict[str, str]:
        return {"api_url": self.api_url, "username": self.username}

    def same_as(self, other: Tenant) -> bool:
        # A base URL is case-insensitive in its scheme and host, and the client drops a trailing slash.
        return self.username == other.username and _url_key(self.api_url) == _url_key(other.api_url)


def _url_key(url: str) -> str:
    scheme, _sep, rest = url.rstrip("/").partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"


def count(number: int, noun: str) -> str:
    """'1 campaign', '3 campaigns'."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def timestamp(when: datetime) -> str:
    """'2026-12-01T21:30:00Z'."""
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def snapshot(
    tenant: Tenant,
    host: str | None,
    taken_at: datetime,
    campaigns: list[Campaign],
    failures: list[ReconcileError],
    every_field: bool = True,
) -> dict[str, t.Any]:
    """The status of campaigns at one time, for one tenant: what a pause saves and a report writes.

    Each campaign is given as campaign_info returns it, or (``every_field`` false) with its identity, status and
    flags only, which is all a resume needs; the tenant is its base URL and username, never a token.
    """
    return {
        "tenant": tenant.as_dict(),
        "host": host,
        "taken_at": timestamp(taken_at),
        "campaigns": [campaign.as_result(every_field) for campaign in campaigns],
        "failures": [{"id": error.campaign_id, "msg": str(error)} for error in failures],
    }


#: The key a pause's snapshots stand under, by host, in its file and in an AWX job's artifacts: so that
#: ``-e @FILE`` and an AWX workflow give resume the same variable.
SNAPSHOTS_KEY = "pause_snapshots"


def saved_form(host: str, taken: dict[str, t.Any]) -> dict[str, t.Any]:
    """A snapshot as a pause saves it: under SNAPSHOTS_KEY, by host."""
    return {SNAPSHOTS_KEY: {host: taken}}


def snapshot_of_host(value: t.Any, host: str, where: str = "the snapshot") -> t.Any:
    """The snapshot for ``host`` in what resume is given: a snapshot itself, the saved form (with or without its
    SNAPSHOTS_KEY), or a CampaignError naming the hosts it holds."""
    if isinstance(value, dict) and SNAPSHOTS_KEY in value:
        value = value[SNAPSHOTS_KEY]
    if not isinstance(value, dict) or "tenant" in value or "campaigns" in value:
        return value  # a snapshot itself: resume_ids checks it
    if host not in value:
        hosts = ", ".join(sorted(map(str, value))) or "none"
        raise CampaignError(f"{where} holds no snapshot of the host {host} (it holds: {hosts}): nothing was sent")
    return value[host]


class PauseChoice(t.NamedTuple):
    """What a pause does with each campaign read, and the campaigns it could not read."""

    #: Running, and the API can pause them.
    pause: list[Campaign]
    #: Not dialing (new, paused, purged, stopped): left as they are.
    idle: list[Campaign]
    #: Running, but the API cannot pause them (disabled, or not dynamic), with the reason.
    by_hand: list[tuple[Campaign, str]]
    #: Could not be read: they may be dialing.
    unread: list[ReconcileError]


def choose_pause(read: t.Sequence[Campaign | ReconcileError]) -> PauseChoice:
    """The pause's one decision: every running campaign is paused where the API allows it, and nothing else is sent."""
    choice = PauseChoice([], [], [], [])
    for item in read:
        if isinstance(item, ReconcileError):
            choice.unread.append(item)
        elif item.state != RUNNING:
            choice.idle.append(item)
        else:
            try:
                plan_change(item, PAUSED)  # the same rule the runner applies before any change
            except CampaignError as error:
                choice.by_hand.append((item, str(error)))
            else:
                choice.pause.append(item)
    return choice


def tenant_of(value: t.Any, where: str) -> Tenant:
    """The tenant a snapshot or report records, or a CampaignError saying what is wrong with it."""
    if value is None:
        raise CampaignError("no snapshot given: give the file pause saved, as -e @FILE or -e snapshot=FILE")
    if not isinstance(value, dict):
        raise CampaignError(f"{where} is not a snapshot: give the file pause saved (tenant and campaigns)")
    tenant = value.get("tenant")
    if not isinstance(tenant, dict) or not all(isinstance(tenant.get(key), str) for key in ("api_url", "username")):
        raise CampaignError(
            f"{where} records no tenant (api_url and username), so it cannot be told apart from another tenant's, "
            "whose campaign IDs may be the same: take a new snapshot, or a report, of this tenant"
        )
    return Tenant(tenant["api_url"], tenant["username"])


def resume_ids(value: t.Any, tenant: Tenant, where: str = "the snapshot") -> list[int]:
    """The campaigns a snapshot shows running, once it is known to be ``tenant``'s; raises CampaignError otherwise."""
    recorded = tenant_of(value, where)
    if not recorded.same_as(tenant):
        taken = f", taken at {value['taken_at']}" if value.get("taken_at") else ""
        raise CampaignError(
            f"{where} is of the tenant {recorded}{taken}, but this run connects to the tenant {tenant}: nothing was "
            "sent. Resume with the snapshot of this tenant, or run against the tenant the snapshot names"
        )
    entries = value.get("campaigns")
    if not isinstance(entries, list):
        raise CampaignError(f"{where} has no campaigns list")
    problems = [f"campaigns[{index}]" for index, entry in enumerate(entries) if not _entry_ok(entry)]
    if problems:
        raise CampaignError(f"{where} has entries without an id and a state: {', '.join(problems)}; nothing was sent")
    running = [t.cast(int, campaign_id_of(entry["id"])) for entry in entries if entry["state"] == RUNNING]
    return list(dict.fromkeys(running))


def _entry_ok(entry: t.Any) -> bool:
    return (
        isinstance(entry, dict) and campaign_id_of(entry.get("id")) is not None and isinstance(entry.get("state"), str)
    )


def restores(value: t.Any, tenant: Tenant, ids: t.Collection[int]) -> bool:
    """Whether a snapshot is ``tenant``'s and would resume at least one of ``ids``."""
    try:
        return any(campaign in ids for campaign in resume_ids(value, tenant))
    except CampaignError:
        return False


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


def resume_lines(taken: dict[str, t.Any], fleet: FleetOutcome, check_mode: bool) -> list[str]:
    """One line per campaign of a snapshot (known to be the tenant's), naming it: what the resume did with it."""
    results = {result.campaign_id: result for result in fleet.results}
    lines = []
    for entry in taken["campaigns"]:
        campaign_id = t.cast(int, campaign_id_of(entry["id"]))
        who = f"campaign {campaign_id}" + (f" ({entry['name']})" if entry.get("name") else "")
        result = results.get(campaign_id)
        if result is None:
            lines.append(f"{who}: {entry['state']} at the snapshot: left as it is")
        elif result.error:
            lines.append(f"NOT RESUMED: {result.error}")
        elif result.outcome and result.outcome.held_because:
            lines.append(f"NOT RESUMED: {who}: running at the snapshot: {result.outcome.held_because}")
        elif result.outcome and result.outcome.changed:
            verb = "would resume" if check_mode else "resumed"
            lines.append(f"{who}: running at the snapshot: {verb} ({', '.join(result.outcome.transitions)})")
        else:
            lines.append(f"{who}: running at the snapshot: running already")
    for failure in taken.get("failures") or []:
        if isinstance(failure, dict):
            lines.append(f"not resumed, since it could not be read when the snapshot was taken: {failure.get('msg')}")
    if not results:
        lines.append(f"The snapshot taken at {taken.get('taken_at')} shows no running campaign: nothing to resume")
    return lines


def plan_rows(
    desired: list[tuple[int, str]], fleet: FleetOutcome, decisions: t.Sequence[Decision] = ()
) -> list[dict[str, t.Any]]:
    """One row per campaign that would change (in a real run, that changed), or that a policy held back: what the drift
    gate and its plan show. With a policy's ``decisions``, each row says what decided its desired state (a window, a
    mode) and whether the change was held back, and why."""
    wanted = dict(desired)
    decided = {decision.id: decision for decision in decisions}
    rows = []
    for result in fleet.results:
        outcome = result.outcome
        if outcome is None or not (outcome.transitions or outcome.held_because):
            continue
        campaign = outcome.before
        row = {
            "id": campaign.id,
            "name": campaign.name,
            "status": campaign.status,
            "status_name": campaign.status_name,
            "state": campaign.state,
            "desired": wanted[campaign.id],
            "transitions": list(outcome.transitions),
        }
        decision = decided.get(campaign.id)
        if decision:
            held = {"held": list(outcome.held), "held_because": outcome.held_because} if outcome.held_because else {}
            row.update(mode=decision.mode, decided_by=decision.reason, **held)
        rows.append(row)
    return rows


def drifted(rows: list[dict[str, t.Any]]) -> list[dict[str, t.Any]]:
    """The rows that fail the drift gate: every one but those of observed campaigns, whose drift is only reported.
    A change a freeze holds back is drift all the same."""
    return [row for row in rows if row.get("mode") != OBSERVE]


def drift_message(rows: list[dict[str, t.Any]]) -> str:
    """The drift gate's failure: each campaign that drifted, what it is, what it should be, what a run would send (or
    what a policy holds back)."""
    parts = []
    for row in rows:
        if row["transitions"]:
            would = f"a run would send {', '.join(row['transitions'])}"
        else:
            would = f"held back ({', '.join(row['held'])}): {row['held_because']}"
        parts.append(f"campaign {row['id']} ({row['name']}) is {row['state']}, desired {row['desired']}, {would}")
    return f"{len(rows)} campaign(s) drifted from the desired state: {'; '.join(parts)}"


def fleet_lines(fleet: FleetOutcome, check_mode: bool) -> list[str]:
    """A bulk task's summary for a CI log or an AWX job: the counts, then a line per changed and per failed campaign."""
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
            lines.append(f"{label(before.id, before)}: {verb} {', '.join(result.outcome.transitions)}")
        elif result.outcome and result.outcome.held_because:
            kept = result.outcome
            words = ", ".join(kept.held)
            lines.append(f"{label(kept.before.id, kept.before)}: not sent ({words}): {kept.held_because}")
    lines += [f"failed: {result.error}" for result in fleet.results if result.error]
    if not check_mode and counts["states"]:
        lines.append("states now: " + ", ".join(f"{count} {state}" for state, count in counts["states"].items()))
    return lines


def runbook_ids(given: t.Any, fleet: t.Callable[[], t.Any] | None) -> tuple[list[int], str]:
    """The campaigns a runbook acts on, and a line saying which: those given (``campaign_ids``) win, else those of the
    host's desired state, the tenant's known fleet (the API has no call that lists campaigns). ``fleet`` gives the
    host's desired state, and is called only when no campaign is given: a broken desired-state file never stops a
    pause of the campaigns named."""
    if given is not None:
        ids = campaign_ids(given, "campaign_ids")
        if not ids:
            raise CampaignError("campaign_ids names no campaign: give IDs such as 125,126 or [125, 126]")
        unused = "; this host's desired state is not used" if fleet is not None else ""
        return ids, f"Campaigns: the {count(len(ids), 'campaign')} given{unused}"
    if fleet is not None:
        ids = campaign_ids(fleet(), "the host's desired state")
        if not ids:
            raise CampaignError("the host's desired state lists no campaign: give campaign_ids (such as 125,126)")
        return ids, f"Campaigns: the {count(len(ids), 'campaign')} of this host's desired state"
    raise CampaignError(
        "no campaign given: give campaign_ids (such as 125,126), or run on a host with a desired state "
        "(desired_state_campaigns or desired_state_file)"
    )


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


def resume_decisions(policy: Policy | None, ids: list[int], when: datetime) -> dict[int, Decision]:
    """What the host's desired state says now of running each of ``ids`` that it lists: the file's windows and each
    campaign's mode applied to it as if it were desired running, since the snapshot asks for exactly that."""
    if policy is None:
        return {}
    modes = {campaign.id: campaign.mode for campaign in policy.campaigns}
    asked = Policy(tuple(DesiredCampaign(i, RUNNING, modes[i]) for i in ids if i in modes), policy.windows)
    return {decision.id: decision for decision in decide(asked, when)}


def resume_hold(
    decisions: t.Mapping[int, Decision], override_freeze: bool
) -> t.Callable[[Campaign, tuple[str, ...]], str | None]:
    """Why the host's desired state keeps a campaign from being resumed now, or None: outside its calling hours,
    in a freeze (unless overridden), in mode observe."""

    def hold(campaign: Campaign, path: tuple[str, ...]) -> str | None:
        decision = decisions.get(campaign.id)
        if decision is None or not path:
            return None
        if decision.effective != RUNNING:
            return f"{decision.reason}: not resumed; resume it again when its desired state allows it to run"
        allowed, why = may_send(
            replace(decision, frozen_by=None) if override_freeze else decision, campaign.state, path, False
        )
        return None if allowed else why

    return hold
