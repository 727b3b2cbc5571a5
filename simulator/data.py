# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The simulator's seed data: tenants, their tokens, their campaigns and realism settings.

Read from a YAML or JSON file (or a dict), checked, and completed: a campaign that leaves out vendor
fields gets plausible defaults, so a data file only says what matters to its story. A report of campaigns
as the collection returns them (``report_data``) becomes such data too, to rehearse against a copy of a tenant.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml

from .lifecycle import lifecycle

#: The demo data shipped beside this file, used when no other data is given.
DEMO_DATA = Path(__file__).resolve().parent / "demo.yml"

#: Seconds-valued settings that make the simulator behave like a real, remote platform.
#: They may be set per tenant or per campaign (the campaign's wins) and are never campaign fields.
SETTINGS = ("latency", "visibility_delay", "start_delay")

#: Settings of a whole tenant only: ``rate_limit``, requests a second (0: none), as the platform limits an account.
TENANT_SETTINGS = ("rate_limit",)

#: The tenant that ``generate`` fills with campaigns 1..N for load tests.
LOAD_TENANT = {"username": "load", "data_token": "load-data-token", "action_token": "load-action-token"}

#: The tenant a report becomes unless told otherwise; its tokens are "<username>-data-token" and
#: "<username>-action-token".
REHEARSAL_USERNAME = "rehearsal"

#: The status generated campaigns start in: 3, Manual Running, so a load test can pause them all.
GENERATED_STATUS = 3

DataSource = Union[str, os.PathLike, Mapping[str, Any], None]

#: The value types a vendor field may have: the GET answer is flat.
SCALAR_TYPES = (str, int, float, bool, type(None))


class DataError(ValueError):
    """The data file (or a control request) does not describe tenants and campaigns the simulator can use."""


def default_fields(campaign_id: int) -> dict[str, Any]:
    """Every field of the vendor's GET answer, in the vendor's order, with plausible values."""
    return {
        "campaign-name": f"Campaign {campaign_id}",
        "campaign-id": campaign_id,
        "enabled": "Y",
        "status": 0,
        "no-of-records": 0,
        "caller-id": 13125550100,
        "queue-id": 598,
        "start-time": "",
        "end-time": "",
        "actual-run-time": "",
        "actual-stop-time": "",
        "daily-start-time": "",
        "daily-end-time": "",
        "retry-interval": 30,
        "max-retry": 1,
        "abandon-max-retry": "",
        "max-ring-time": 15,
        "integration-type": "contactual",
        "calling-window": 2,
        "schedule-name": "",
        "timezone": "EST5EST",
        "dynamic-campaign": "Y",
        "sequential": "N",
    }


@dataclass
class CampaignSeed:
    fields: dict[str, Any]
    settings: dict[str, float] = field(default_factory=dict)


@dataclass
class TenantSeed:
    username: str
    data_token: str
    action_token: str
    settings: dict[str, float] = field(default_factory=dict)
    campaigns: dict[int, CampaignSeed] = field(default_factory=dict)


def check_settings(values: Mapping[str, Any], where: str, names: tuple[str, ...] = SETTINGS) -> dict[str, float | None]:
    """Realism settings from ``values`` (only the keys in ``names``), each a number >= 0, or None to unset."""
    settings: dict[str, float | None] = {}
    for name in names:
        if name not in values:
            continue
        value = values[name]
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
            unit = "requests a second" if name in TENANT_SETTINGS else "seconds"
            raise DataError(f"{where}: {name} must be a number of {unit} >= 0, not {value!r}")
        settings[name] = None if value is None else float(value)
    return settings


def check_fields(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Vendor fields from ``values`` (every key that is not a setting); each value must be a plain scalar."""
    fields: dict[str, Any] = {}
    for name, value in values.items():
        if name in SETTINGS:
            continue
        if name in TENANT_SETTINGS:
            raise DataError(f"{where}: {name} is a setting of the whole tenant, not of a campaign")
        if not isinstance(name, str) or not isinstance(value, SCALAR_TYPES):
            raise DataError(
                f"{where}: field {name!r} must be a name with a plain value (text, number, flag), not {value!r}"
            )
        fields[name] = value
    return fields


def campaign_id_of(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(f"{where}: campaign-id must be a whole number, not {value!r}")
    return value


def make_campaign(campaign_id: int, values: Mapping[str, Any], where: str) -> CampaignSeed:
    """A campaign from the fields it gives, the rest filled with defaults."""
    fields = default_fields(campaign_id)
    fields.update(check_fields(values, where))
    fields["campaign-id"] = campaign_id
    settings = {name: value for name, value in check_settings(values, where).items() if value is not None}
    return CampaignSeed(fields=fields, settings=settings)


def _tenant(entry: Any, index: int) -> TenantSeed:
    where = f"tenants[{index}]"
    if not isinstance(entry, Mapping):
        raise DataError(f"{where} must be a mapping")
    unknown = set(entry) - {"username", "data_token", "action_token", "campaigns", *SETTINGS, *TENANT_SETTINGS}
    if unknown:
        raise DataError(f"{where}: unknown keys {', '.join(sorted(map(str, unknown)))}")
    for key in ("username", "data_token", "action_token"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise DataError(f"{where}: {key} is required (text)")
    where = f"tenant {entry['username']}"
    settings = {
        name: value
        for name, value in check_settings(entry, where, SETTINGS + TENANT_SETTINGS).items()
        if value is not None
    }
    tenant = TenantSeed(entry["username"], entry["data_token"], entry["action_token"], settings)
    for position, values in enumerate(entry.get("campaigns") or []):
        if not isinstance(values, Mapping):
            raise DataError(f"{where}: campaigns[{position}] must be a mapping")
        campaign_id = campaign_id_of(values.get("campaign-id"), f"{where}, campaigns[{position}]")
        if campaign_id in tenant.campaigns:
            raise DataError(f"{where}: campaign {campaign_id} is listed twice")
        tenant.campaigns[campaign_id] = make_campaign(campaign_id, values, f"{where}, campaign {campaign_id}")
    return tenant


def generated_campaigns(count: int) -> dict[int, CampaignSeed]:
    """Campaigns 1..count for load tests, all enabled, dynamic and running."""
    campaigns = {}
    for campaign_id in range(1, count + 1):
        fields = default_fields(campaign_id)
        fields.update({"campaign-name": f"Load test campaign {campaign_id:05d}", "status": GENERATED_STATUS})
        campaigns[campaign_id] = CampaignSeed(fields)
    return campaigns


def read_source(source: DataSource) -> Mapping[str, Any]:
    """The raw data: a mapping as given, or a YAML/JSON file (JSON is YAML too), or the demo data."""
    if isinstance(source, Mapping):
        return source
    path = Path(source) if source is not None else DEMO_DATA
    with open(path, encoding="utf-8") as stream:
        raw = yaml.safe_load(stream)
    if not isinstance(raw, Mapping):
        raise DataError(f"{path}: expected a mapping with a 'tenants' list")
    return raw


def load_data(source: DataSource = None, generate: int | None = None) -> dict[str, TenantSeed]:
    """The tenants described by ``source``, by username.

    ``generate`` (or a top-level ``generate: N`` in the data; the argument wins) adds campaigns 1..N to
    the tenant ``load`` (tokens load-data-token / load-action-token), created when the data lacks it.
    """
    raw = read_source(source)
    unknown = set(raw) - {"tenants", "generate"}
    if unknown:
        raise DataError(f"unknown top-level keys {', '.join(sorted(map(str, unknown)))} (use tenants and generate)")
    tenants: dict[str, TenantSeed] = {}
    for index, entry in enumerate(raw.get("tenants") or []):
        tenant = _tenant(entry, index)
        if tenant.username in tenants:
            raise DataError(f"tenant {tenant.username} is listed twice")
        tenants[tenant.username] = tenant
    count = raw.get("generate", 0) if generate is None else generate
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise DataError(f"generate must be a whole number >= 0, not {count!r}")
    if count:
        seed = TenantSeed(LOAD_TENANT["username"], LOAD_TENANT["data_token"], LOAD_TENANT["action_token"])
        load = tenants.setdefault(LOAD_TENANT["username"], seed)
        for campaign_id, campaign in generated_campaigns(count).items():
            if campaign_id in load.campaigns:
                raise DataError(f"generate: campaign {campaign_id} already exists in tenant {load.username}")
            load.campaigns[campaign_id] = campaign
    return tenants


# --- reports -----------------------------------------------------------------------------------------------------

#: A report's normalised keys that stand for a vendor field of another name.
_REPORT_KEYS = {"id": "campaign-id", "name": "campaign-name", "dynamic": "dynamic-campaign"}

#: A report's keys worked out from the status code: no vendor field, and no say in the status.
_REPORT_DERIVED = ("state", "status_name")


def _vendor_value(value: Any) -> Any:
    """A report's value as the platform sends it: flags as "Y"/"N", unset as ""."""
    if isinstance(value, bool):
        return "Y" if value else "N"
    return "" if value is None else value


def _vendor_campaign(entry: Any, position: int) -> dict[str, Any]:
    """One report entry with the vendor's field names and values again, for the data loader to complete."""
    where = f"report campaigns[{position}]"
    if not isinstance(entry, Mapping):
        raise DataError(f"{where} must be a mapping with at least id and status, not {entry!r}")
    if entry.get("id") is None:
        name = f" ({entry['name']!r})" if entry.get("name") else ""
        raise DataError(f"{where}{name} has no id")
    if isinstance(entry["id"], bool) or not isinstance(entry["id"], int):
        raise DataError(f"{where}: id must be a whole number, not {entry['id']!r}")
    where = f"{where} (id {entry['id']})"
    if "status" not in entry:
        raise DataError(f"{where} has no status")
    try:
        lifecycle.state_of(entry["status"])
    except lifecycle.UnknownStatus as error:
        raise DataError(f"{where}: {error}") from None
    campaign: dict[str, Any] = {}
    for key, value in entry.items():
        if key in _REPORT_DERIVED or key in _REPORT_KEYS:
            continue
        if key in SETTINGS or key in TENANT_SETTINGS:
            campaign[key] = value  # a realism setting added by hand stays one (a tenant setting is refused later)
        else:
            campaign[str(key).replace("_", "-")] = _vendor_value(value)
    # The normalised keys win over a copy in snake_case (campaign_name beside name), so an edit of name counts.
    campaign.update((vendor, _vendor_value(entry[key])) for key, vendor in _REPORT_KEYS.items() if key in entry)
    return campaign


def report_data(
    report: str | os.PathLike | Any,
    username: str = REHEARSAL_USERNAME,
    data_token: str | None = None,
    action_token: str | None = None,
) -> dict[str, Any]:
    """Simulator data with one tenant, ``username``, holding the campaigns of a report.

    ``report`` is a JSON (or YAML) file, or its content: ``{"campaigns": [...]}`` as the collection's report
    playbook writes it, or the list alone. Each entry has the collection's keys (``id``, ``name``, ``status``,
    ``enabled``, ``dynamic``, and the vendor's other fields in snake_case, null when unset); only ``id`` and
    ``status`` are required, the rest get the defaults every campaign gets. Other top-level keys are ignored.
    """
    if isinstance(report, (str, os.PathLike)):
        with open(report, encoding="utf-8") as stream:
            report = yaml.safe_load(stream)
    campaigns = report.get("campaigns") if isinstance(report, Mapping) else report
    if not isinstance(campaigns, list):
        raise DataError("expected a report: a list of campaigns, or a mapping with a 'campaigns' list")
    tenant = {
        "username": username,
        "data_token": data_token or f"{username}-data-token",
        "action_token": action_token or f"{username}-action-token",
        "campaigns": [_vendor_campaign(entry, position) for position, entry in enumerate(campaigns)],
    }
    return {"tenants": [tenant]}
