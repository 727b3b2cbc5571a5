# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Many campaigns in one task: the single-campaign runner, run concurrently over one client.

No Ansible and no HTTP of its own. The first campaign is read alone, so that a failure every campaign would meet
(a refused credential, an unknown host, a certificate not trusted) ends the task once, in seconds.
"""

from __future__ import annotations

import typing as t
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import (
    ApiError,
    ReconcileError,
    unexpected,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import (
    Outcome,
    RunSettings,
    read_campaign,
    reconcile,
)

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi

T = t.TypeVar("T")


#: One campaign's work in a bulk task: given its ID, its desired state and the campaign as already read (None: not
#: read yet), its outcome; it raises ReconcileError for the campaign's failure.
Work = t.Callable[[int, str, t.Optional["Campaign"]], Outcome]
_FAILURES_IN_FULL = 5  # a failure message names every failed campaign, and gives the reasons of the first few


@dataclass(frozen=True)
class CampaignResult:
    """What became of one campaign of a bulk task: an outcome, or the failure that stopped it."""

    campaign_id: int
    outcome: Outcome | None = None
    error: ReconcileError | None = None

    @property
    def kind(self) -> str:
        if self.error:
            return "failed"
        if self.outcome and self.outcome.held_because:
            return "held"
        return "changed" if self.outcome and self.outcome.changed else "unchanged"

    def result(self) -> dict[str, t.Any]:
        # The campaign's identity and status only: every field would make the result nearly three times as long,
        # and Ansible slow to pass it on (campaign_info returns them all).
        if self.error:
            failure = {"failed": True, "msg": str(self.error), **self.error.result(every_field=False)}
            return {"id": self.campaign_id, **failure}
        return {"id": self.campaign_id, **(self.outcome.result(every_field=False) if self.outcome else {})}


@dataclass(frozen=True)
class FleetOutcome:
    """The campaigns of a bulk task, in the order given."""

    results: list[CampaignResult]

    @property
    def changed(self) -> bool:
        return any(r.outcome.changed if r.outcome else bool(r.error and r.error.sent) for r in self.results)

    @property
    def notes(self) -> list[str]:
        return [note for r in self.results if r.outcome for note in r.outcome.notes]

    def summary(self) -> dict[str, t.Any]:
        """Counts by outcome, and by the state each campaign was last seen in."""
        kinds = Counter(r.kind for r in self.results)
        states = Counter(
            campaign.state
            for r in self.results
            for campaign in [r.outcome.after if r.outcome else r.error.campaign if r.error else None]
            if campaign
        )
        return {
            **{kind: kinds[kind] for kind in ("unchanged", "changed", "held", "failed")},
            "states": dict(sorted(states.items())),
        }

    def result(self, with_diff: bool) -> dict[str, t.Any]:
        result: dict[str, t.Any] = {
            "changed": self.changed,
            "campaigns": [r.result() for r in self.results],
            "summary": self.summary(),
        }
        if with_diff:
            result["diff"] = [r.outcome.diff() for r in self.results if r.outcome and r.outcome.changed]
        return result

    def failure(self) -> str | None:
        """The task's failure message, naming every failed campaign; None when none failed."""
        return failure_message([r.error for r in self.results if r.error], len(self.results), "failed")


def failure_message(errors: list[ReconcileError], total: int, what: str) -> str | None:
    """'2 of 500 campaigns failed: <the first few in full>; and 3 more (IDs)'; None when there are no errors."""
    if not errors:
        return None
    message = f"{len(errors)} of {total} campaigns {what}: {'; '.join(map(str, errors[:_FAILURES_IN_FULL]))}"
    rest = errors[_FAILURES_IN_FULL:]
    if rest:
        message += f"; and {len(rest)} more ({', '.join(str(e.campaign_id) for e in rest)}): see their entries"
    return message


def affects_every_campaign(error: ApiError) -> bool:
    """A refused credential, a request that never arrived (unknown host, TLS, no connection) or a redirect."""
    return error.status_code in (401, 403) or not error.delivered or 300 <= (error.status_code or 0) < 400


def check_connection(
    api: CampaignApi, campaign_id: int, ends_all: t.Callable[[ApiError], bool] = affects_every_campaign
) -> Campaign | ReconcileError:
    """Read one campaign before the others: raise a failure that ``ends_all``, return any other."""
    try:
        return read_campaign(api, campaign_id)
    except ReconcileError as error:
        if isinstance(error.cause, ApiError) and ends_all(error.cause):
            raise
        return error
    except Exception as error:  # pylint: disable=broad-exception-caught  # see _failure
        return _failure(campaign_id, error)


def _failure(campaign_id: int, error: Exception) -> ReconcileError:
    """Whatever was raised for one campaign, as its failure: a bug or a library's own error met by one campaign
    must not end the task with a traceback, nor stop the others."""
    return error if isinstance(error, ReconcileError) else ReconcileError(campaign_id, unexpected(error))


def in_order(count: int, work: t.Callable[[int], T], concurrency: int) -> list[T]:
    """``work(0)`` to ``work(count - 1)``, at most ``concurrency`` at a time; the results in that order."""
    if count <= 1 or concurrency <= 1:
        return [work(index) for index in range(count)]
    with ThreadPoolExecutor(max_workers=min(concurrency, count)) as pool:
        return list(pool.map(work, range(count)))


def reconcile_many(
    api: CampaignApi,
    desired: list[tuple[int, str]],
    settings: RunSettings,
    concurrency: int = 8,
    known: t.Mapping[int, Campaign] | None = None,
    work: Work | None = None,
) -> FleetOutcome:
    """Bring each campaign to its desired state as a single run would, ``concurrency`` at a time.

    ``known`` holds campaigns the caller has just read: they are not read again before their change, and the
    connection needs no check. ``work`` does one campaign's part (by default reconcile, with ``settings``): a service
    that decides more (a policy, say) gives its own, which may end in reconcile.
    """
    if not desired:
        return FleetOutcome([])
    first = check_connection(api, desired[0][0]) if known is None else None
    if work is None:

        def work(campaign_id: int, state: str, before: Campaign | None) -> Outcome:
            return reconcile(api, campaign_id, state, settings, before)

    def one(index: int) -> CampaignResult:
        campaign_id, state = desired[index]
        before = (known or {}).get(campaign_id) or (first if index == 0 else None)
        if isinstance(before, ReconcileError):
            return CampaignResult(campaign_id, error=before)
        try:
            return CampaignResult(campaign_id, work(campaign_id, state, before))
        except Exception as error:  # pylint: disable=broad-exception-caught  # see _failure
            return CampaignResult(campaign_id, error=_failure(campaign_id, error))

    return FleetOutcome(in_order(len(desired), one, concurrency))


def read_many(
    api: CampaignApi,
    campaign_ids: list[int],
    concurrency: int = 8,
    ends_all: t.Callable[[ApiError], bool] = affects_every_campaign,
) -> list[Campaign | ReconcileError]:
    """Each campaign as read, or why it could not be, in the order given, ``concurrency`` at a time; a failure of the
    first read that ``ends_all`` is raised instead, before the others are sent."""
    if not campaign_ids:
        return []
    first = check_connection(api, campaign_ids[0], ends_all)

    def one(index: int) -> Campaign | ReconcileError:
        if index == 0:
            return first
        try:
            return read_campaign(api, campaign_ids[index])
        except Exception as error:  # pylint: disable=broad-exception-caught  # see _failure
            return _failure(campaign_ids[index], error)

    return in_order(len(campaign_ids), one, concurrency)
