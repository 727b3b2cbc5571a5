# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A campaign as the stats API describes it, normalised for Ansible results, and what the platform lets change of it.
Pure: no I/O."""

from __future__ import annotations

import re
import typing as t
from dataclasses import dataclass, field

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import (
    plan,
    state_of,
    status_name,
    summary,
)

# The API sends numbers as numbers or as numeric strings, flags as "Y"/"N", and "" when unset. Only the fields
# the modules act on must have that shape; the others are made numbers or booleans where they have it, and are
# returned as given where they do not (a caller ID of "+13125555068" is not an error).
_NUMBER_FIELDS = frozenset(
    (
        "no-of-records",
        "caller-id",
        "queue-id",
        "retry-interval",
        "max-retry",
        "abandon-max-retry",
        "max-ring-time",
        "calling-window",
    )
)
_FLAG_FIELDS = frozenset(("sequential",))
# The fields the normalised keys come from, so not returned a second time under their own names.
_NORMALISED_FROM = frozenset(("campaign-id", "campaign-name", "status", "enabled", "dynamic-campaign"))


class UnexpectedAnswer(CampaignError):
    """The server answered, but not with a campaign in the documented shape."""


@dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    status: int
    enabled: bool
    dynamic: bool
    #: The answer's fields as given, normalised only when asked for (a bulk task of thousands never asks).
    answer: dict[str, t.Any] = field(default_factory=dict, compare=False)

    @property
    def fields(self) -> dict[str, t.Any]:
        """The answer's fields other than the normalised keys, in snake_case, as numbers or booleans where they
        have that shape."""
        return {
            str(key).replace("-", "_"): _lenient(str(key), value)
            for key, value in self.answer.items()
            if key not in _NORMALISED_FROM
        }

    @property
    def state(self) -> str:
        return state_of(self.status)

    @property
    def status_name(self) -> str:
        return status_name(self.status)

    def as_result(self, every_field: bool = True) -> dict[str, t.Any]:
        """The normalised keys, then (unless told not to) every other field of the answer in snake_case."""
        result = {"id": self.id, "name": self.name, "enabled": self.enabled, "dynamic": self.dynamic}
        result.update(summary(self.status))
        if every_field:
            result.update((name, value) for name, value in self.fields.items() if name not in result)
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


def _lenient(name: str, value: t.Any) -> t.Any:
    """A field the modules do not act on: normalised where it has the documented shape, else as given."""
    if value == "":
        return None
    try:
        if name in _NUMBER_FIELDS:
            return _number(name, value)
        if name in _FLAG_FIELDS:
            return _flag(name, value)
    except UnexpectedAnswer:
        pass
    return value


def parse_campaign(answer: t.Any, campaign_id: int) -> Campaign:
    """Turn a decoded ``{"campaign": {...}}`` answer into a Campaign, or raise UnexpectedAnswer."""
    body = answer.get("campaign") if isinstance(answer, dict) else None
    if not isinstance(body, dict):
        raise UnexpectedAnswer(f"the answer has no 'campaign' object: {_preview(answer)}")
    for required in ("status", "enabled", "dynamic-campaign"):
        if required not in body:
            raise UnexpectedAnswer(f"the answer has no {required!r} field: {_preview(answer)}")
    answered_id = _number("campaign-id", body.get("campaign-id"))
    if answered_id is not None and answered_id != campaign_id:
        raise UnexpectedAnswer(f"asked for campaign {campaign_id}, the answer describes campaign {answered_id}")
    status = _number("status", body["status"])
    if status is None:
        raise UnexpectedAnswer("the answer's 'status' is empty")
    state_of(status)  # an unknown code is an error here, not later
    name = body.get("campaign-name")
    return Campaign(
        id=campaign_id,
        name="" if name is None else str(name),
        status=status,
        enabled=_flag("enabled", body["enabled"]),
        dynamic=_flag("dynamic-campaign", body["dynamic-campaign"]),
        answer=body,
    )


def _preview(value: t.Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def plan_change(campaign: Campaign, desired: str) -> tuple[str, ...]:
    """The states to move ``campaign`` through; the platform refuses any change to a disabled or static one."""
    path = plan(campaign.status, desired)
    if path and not campaign.enabled:
        raise CampaignError(
            f"it must become {desired}, but the campaign is not enabled: enable it in Configuration Manager"
        )
    if path and not campaign.dynamic:
        raise CampaignError(
            f"it must become {desired}, but it is not a dynamic campaign: "
            "turn on Dynamic Campaign in Configuration Manager"
        )
    return path


# An ID list written as text: items split on commas and/or white space, each an ASCII number, possibly quoted, and
# the whole possibly in brackets, as "[125, '126']" from a form field that was meant as a list.
_SEPARATORS = re.compile(r"\s*,\s*|\s+")
_QUOTED = re.compile(r"""(['"])(.*)\1""")
_DIGITS = re.compile(r"[0-9]+")  # not str.isdigit(), which takes "²"


def campaign_id(value: t.Any) -> int | None:
    """A campaign ID, a positive whole number, from an int or the text of one ("401", " 401"); None for anything
    else (True, 0, 12.0, "12a", "²")."""
    if isinstance(value, str):
        text = value.strip()
        quoted = _QUOTED.fullmatch(text)
        text = quoted.group(2).strip() if quoted else text
        value = int(text) if _DIGITS.fullmatch(text) else None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return value


def campaign_ids(value: t.Any, name: str = "campaign_ids") -> list[int]:
    """The campaign IDs ``value`` gives, each once, in order: the one way every module, playbook and the event source
    read a list of IDs.

    ``value`` is a list of IDs (ints or their text) or of entries with an ``id`` (a desired state's, a snapshot's), a
    single ID, or a text of IDs separated by commas and/or white space. Raises CampaignError naming every item that is
    not an ID (an empty one, "12a", "²"), before anything is sent. Nothing at all (None, "", []) gives no ID: the
    caller decides whether that is an error.
    """
    if value is None:
        items: list[t.Any] = []
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1].strip()
        items = _SEPARATORS.split(text) if text else []
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        items = [value]
    ids = [campaign_id(item.get("id") if isinstance(item, dict) else item) for item in items]
    bad = [f"item {index + 1} ({item!r})" for index, (item, found) in enumerate(zip(items, ids)) if found is None]
    if bad:
        verb = "is not a campaign ID" if len(bad) == 1 else "are not campaign IDs"
        raise CampaignError(f"{name}: {', '.join(bad)} {verb} (a positive whole number)")
    return list(dict.fromkeys(t.cast("list[int]", ids)))
