# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The files the runbook leaves for people: where each goes (a file of its own for each host, that is tenant), and
writing it whole, so that a reader never sees half a file; and finding the snapshot a resume would start from."""

from __future__ import annotations

import glob
import json
import os
import tempfile
import typing as t

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    Tenant,
    restores,
    snapshot_of_host,
)

if t.TYPE_CHECKING:
    from datetime import datetime

SNAPSHOT_PREFIX = "paused"


def destination(dest: str | None, host: str, default_name: str) -> str:
    """Where to write a file: into ``dest`` when it is a directory (or not given: the current one) under
    ``default_name``, else ``dest`` with the host's name before its extension, so that each host (tenant) of a play
    writes a file of its own."""
    dest = os.path.abspath(os.path.expanduser(dest or "."))
    if os.path.isdir(dest):
        return os.path.join(dest, default_name)
    root, ext = os.path.splitext(dest)
    return f"{root}-{host}{ext}"


def snapshot_dest(dest: str | None, host: str, when: datetime) -> str:
    """Where a pause saves its snapshot: by default paused-<host>-<UTC time>.json, which restoring_snapshot finds."""
    return destination(dest, host, f"{SNAPSHOT_PREFIX}-{host}-{when.strftime('%Y%m%dT%H%M%SZ')}.json")


def restoring_snapshot(directory: str, host: str, tenant: Tenant, ids: t.Collection[int]) -> str | None:
    """The newest snapshot in ``directory`` (by the time in its default name) of this host and tenant that would resume
    one of ``ids``; None if there is none. A file that cannot be read or parsed is passed over."""
    pattern = os.path.join(glob.escape(directory), f"{SNAPSHOT_PREFIX}-{glob.escape(host)}-*.json")
    for path in sorted(glob.glob(pattern), reverse=True):
        try:
            with open(path, encoding="utf-8") as stream:
                found = json.load(stream)
        except (OSError, ValueError):
            continue
        try:
            if restores(snapshot_of_host(found, host), tenant, ids):
                return path
        except CampaignError:
            continue
    return None


def report_dest(dest: str | None, host: str, default_suffix: str) -> str:
    """Where a report writes a file: by default report-<host><default_suffix>."""
    return destination(dest, host, f"report-{host}{default_suffix}")


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole: into a file beside it, then renamed over it."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # the campaigns' status is no secret, and the tokens are never in it
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_json(path: str, data: t.Any) -> None:
    write_text(path, json.dumps(data, indent=2) + "\n")


def write_plan(dest: str, plan: dict[str, t.Any], markdown: str) -> list[str]:
    """Write a plan as ``dest``.json and, for people, as ``dest``.md; the two paths."""
    write_json(f"{dest}.json", plan)
    write_text(f"{dest}.md", markdown)
    return [f"{dest}.json", f"{dest}.md"]
