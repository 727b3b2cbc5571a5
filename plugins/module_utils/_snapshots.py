# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Whose campaigns these are, and their status at one time: the tenant (an API base URL and a username, never a
token), the snapshot a pause saves and a report writes, what a resume may take from one or from several, and which
campaigns of an earlier snapshot are still paused. Pure: the caller reads and writes the files (_inputs.py,
_files.py)."""

from __future__ import annotations

import json
import typing as t
from dataclasses import dataclass
from datetime import datetime, timezone

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_id as campaign_id_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    PAUSED,
    RUNNING,
    TRANSITIONS,
    satisfies,
)

#: Every state a campaign can be in: the lifecycle's transition table has a row for each, in its order.
STATES = tuple(TRANSITIONS)

#: What resume says when it is given nothing to resume from.
NO_SNAPSHOT = "no snapshot given: give the file pause saved, as -e @FILE or -e snapshot=FILE"


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


def tenant_of(value: t.Any, where: str) -> Tenant:
    """The tenant a snapshot or report records, or a CampaignError saying what is wrong with it."""
    if value is None:
        raise CampaignError(NO_SNAPSHOT)
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
    """The campaigns a snapshot shows running, once it is known to be ``tenant``'s and each of its entries to have an
    id and a state the lifecycle knows; raises CampaignError otherwise, naming each bad entry."""
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
    # A state that is no state ("Running", a typo) would otherwise count as not running: the campaign left paused.
    unknown = [_unknown_state(index, entry) for index, entry in enumerate(entries) if entry["state"] not in STATES]
    if unknown:
        raise CampaignError(f"{where} cannot be used: {'; '.join(unknown)}; nothing was sent")
    running = [t.cast(int, campaign_id_of(entry["id"])) for entry in entries if entry["state"] == RUNNING]
    return list(dict.fromkeys(running))


def _entry_ok(entry: t.Any) -> bool:
    return (
        isinstance(entry, dict) and campaign_id_of(entry.get("id")) is not None and isinstance(entry.get("state"), str)
    )


def _unknown_state(index: int, entry: dict[str, t.Any]) -> str:
    state = json.dumps(entry["state"], ensure_ascii=False)  # quoted, a line break or a quote in it escaped
    return (
        f"campaigns[{index}] (id {campaign_id_of(entry['id'])}) has state {state}, which is not a state "
        f"(one of {', '.join(STATES)})"
    )


def resume_ids_of(snapshots: t.Sequence[tuple[t.Any, str]], tenant: Tenant) -> list[int]:
    """What a resume from several snapshots at once takes: the campaigns any of them shows running, each once, in
    the order they first appear. Each snapshot, given with the ``where`` that names it, is checked as resume_ids
    checks one; a CampaignError names every one that cannot be used."""
    if not snapshots:
        raise CampaignError(NO_SNAPSHOT)
    running: dict[int, None] = {}
    problems = []
    for value, where in snapshots:
        try:
            running.update(dict.fromkeys(resume_ids(value, tenant, where)))
        except CampaignError as error:
            problems.append(str(error))
    if len(problems) == 1:
        raise CampaignError(problems[0])
    if problems:
        numbered = " ".join(f"({number}) {problem}" for number, problem in enumerate(problems, 1))
        raise CampaignError(f"{len(problems)} of the {len(snapshots)} snapshots given cannot be used: {numbered}")
    return list(running)


def still_paused(
    value: t.Any, tenant: Tenant, read: t.Mapping[int, str], where: str = "the snapshot"
) -> tuple[int, ...]:
    """The campaigns a snapshot of ``tenant`` shows running that ``read`` (each campaign ID just read, and its state
    now) shows paused still (or purged, which is paused too); a campaign not read is not known to be paused, and a
    stopped one is final. Raises CampaignError as resume_ids does."""
    return tuple(
        campaign
        for campaign in resume_ids(value, tenant, where)
        if campaign in read and satisfies(read[campaign], PAUSED)
    )
