# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A campaign as the stats API describes it, normalised for Ansible results. Pure: no I/O."""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    CampaignError,
    state_of,
    status_name,
    summary,
)

# The API sends these as numbers or as numeric strings, and "" when unset.
_NUMBER_FIELDS = frozenset((
    "campaign-id", "status", "no-of-records", "caller-id", "queue-id", "retry-interval", "max-retry",
    "abandon-max-retry", "max-ring-time", "calling-window",
))
# "Y"/"N" flags.
_FLAG_FIELDS = frozenset(("enabled", "dynamic-campaign", "sequential"))


class UnexpectedAnswer(CampaignError):
    """The server answered, but not with a campaign in the documented shape."""


@dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    status: int
    enabled: bool
    dynamic: bool
    fields: dict[str, t.Any] = field(default_factory=dict, compare=False)

    @property
    def state(self) -> str:
        return state_of(self.status)

    @property
    def status_name(self) -> str:
        return status_name(self.status)

    def as_result(self) -> dict[str, t.Any]:
        """Every field of the answer in snake_case, with the normalised ones first."""
        result = {"id": self.id, "name": self.name, "enabled": self.enabled, "dynamic": self.dynamic}
        result.update(summary(self.status))
        result.update(self.fields)
        return result


def _number(name: str, value: t.Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise UnexpectedAnswer(f"field {name!r} should be a number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value.strip())
    raise UnexpectedAnswer(f"field {name!r} should be a number, got {value!r}")


def _flag(name: str, value: t.Any) -> bool:
    if isinstance(value, str) and value.upper() in ("Y", "N"):
        return value.upper() == "Y"
    if isinstance(value, bool):
        return value
    raise UnexpectedAnswer(f"field {name!r} should be 'Y' or 'N', got {value!r}")


def _normalise(name: str, value: t.Any) -> t.Any:
    if name in _NUMBER_FIELDS:
        return _number(name, value)
    if name in _FLAG_FIELDS:
        return _flag(name, value)
    return None if value == "" else value


def parse_campaign(answer: t.Any, campaign_id: int) -> Campaign:
    """Turn a decoded ``{"campaign": {...}}`` answer into a Campaign, or raise UnexpectedAnswer."""
    body = answer.get("campaign") if isinstance(answer, dict) else None
    if not isinstance(body, dict):
        raise UnexpectedAnswer(f"the answer has no 'campaign' object: {_preview(answer)}")
    for required in ("status", "enabled", "dynamic-campaign"):
        if required not in body:
            raise UnexpectedAnswer(f"the answer has no {required!r} field: {_preview(answer)}")
    fields = {str(name).replace("-", "_"): _normalise(str(name), value) for name, value in body.items()}
    answered_id = fields.get("campaign_id")
    if answered_id is not None and answered_id != campaign_id:
        raise UnexpectedAnswer(f"asked for campaign {campaign_id}, the answer describes campaign {answered_id}")
    status = fields["status"]
    if status is None:
        raise UnexpectedAnswer("the answer's 'status' is empty")
    state_of(status)  # an unknown code is an error here, not later
    name = fields.get("campaign_name")
    return Campaign(
        id=campaign_id,
        name="" if name is None else str(name),
        status=status,
        enabled=fields["enabled"],
        dynamic=fields["dynamic_campaign"],
        fields=fields,
    )


def _preview(value: t.Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
