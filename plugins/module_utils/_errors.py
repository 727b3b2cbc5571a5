# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's errors: the base every failure a user can act on derives from, a request's failure, and one
campaign's failure with what was known and done when it happened.

The bottom layer: standard library only, importing nothing of the collection, so that every other layer (and the
simulator, which loads the lifecycle table by file path) can raise and catch these.
"""

from __future__ import annotations

import typing as t

if t.TYPE_CHECKING:  # for the types only: a campaign and a write sent are layers above
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import Written


class CampaignError(Exception):
    """A failure a user can act on; its text is the whole message, without the campaign's name."""


class ApiError(CampaignError):
    """A request that did not get the answer it needed. The message never holds a credential."""

    def __init__(
        self,
        message: str,
        status_code: int | None = None,
        server_message: str | None = None,
        delivered: bool = True,
        transient: bool = True,
    ) -> None:
        super().__init__(message)
        #: None when no answer came at all (connection refused or dropped, timeout).
        self.status_code = status_code
        self.server_message = server_message
        #: False when the request surely never reached the server (no connection, TLS, proxy): nothing was applied.
        self.delivered = delivered
        #: False when sending again cannot help (a malformed URL, an unknown host, a certificate not trusted).
        self.transient = transient

    @property
    def answered(self) -> bool:
        return self.status_code is not None

    def scrubbed(self, scrub: t.Callable[[str], str]) -> ApiError:
        """The same error with ``scrub`` applied to every text that may quote the server."""
        server_message = None if self.server_message is None else scrub(self.server_message)
        return ApiError(scrub(str(self)), self.status_code, server_message, self.delivered, self.transient)


def label(campaign_id: int, campaign: Campaign | None = None) -> str:
    """'campaign 125 (Spring renewals)': how every message names a campaign."""
    name = f" ({campaign.name})" if campaign and campaign.name else ""
    return f"campaign {campaign_id}{name}"


class ReconcileError(CampaignError):
    """A failure about one campaign, with what was known and done when it happened."""

    def __init__(
        self,
        campaign_id: int,
        cause: CampaignError,
        campaign: Campaign | None = None,
        sent: tuple[str, ...] = (),
        unconfirmed: tuple[str, ...] = (),
        writes: tuple[Written, ...] = (),
    ) -> None:
        done = []
        if sent:
            done.append(f"already applied: {', '.join(sent)}")
        if unconfirmed:
            were, their = ("was", "its") if len(unconfirmed) == 1 else ("were", "their")
            done.append(
                f"{', '.join(unconfirmed)} {were} sent but {their} outcome is unknown: look at the campaign in "
                "Configuration Manager before running again"
            )
        suffix = f" ({'; '.join(done)})" if done else ""
        super().__init__(f"{label(campaign_id, campaign)}: {cause}{suffix}")
        self.campaign_id = campaign_id
        self.cause = cause
        #: The campaign as last read, or None when it could not be read.
        self.campaign = campaign
        self.sent = sent
        self.unconfirmed = unconfirmed
        #: Every status change sent before the failure, resends included, in order.
        self.writes = writes

    def result(self, every_field: bool = True) -> dict[str, t.Any]:
        """What a failed task reports beside its message: what was sent, and the campaign as last read."""
        result: dict[str, t.Any] = {
            "changed": bool(self.sent),
            "transitions": list(self.sent),
            "unconfirmed": list(self.unconfirmed),
        }
        if self.campaign:
            result["campaign"] = self.campaign.as_result(every_field)
        return result


def unexpected(error: Exception) -> CampaignError:
    """An exception nothing here expects (a bug, a library's own failure) as one campaign's one-line failure."""
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    text = " ".join(str(error).split())
    return CampaignError(f"unexpected {name}{': ' + text if text else ''}; please report it")
