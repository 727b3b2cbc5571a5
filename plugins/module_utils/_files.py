# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The files the runbook leaves for people: where each goes (a file of its own for each host, that is tenant, and
for each run), and writing it whole and on disk, so that a reader never sees half a file and a snapshot never
replaces another; and finding the earlier snapshots whose campaigns are still paused."""

from __future__ import annotations

import errno
import json
import os
import re
import secrets
import tempfile
import typing as t
from dataclasses import dataclass
from datetime import datetime, timezone

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    Tenant,
    snapshot_of_host,
    still_paused,
)

SNAPSHOT_PREFIX = "paused"

#: What follows paused-<host>- in a snapshot's default name: its UTC time to the second, then (since two runs may
#: start in the same second) its run's token; names before the token was added have none.
_DEFAULT_NAME_TAIL = re.compile(r"(?P<time>[0-9]{8}T[0-9]{6}Z)(?:-(?P<run_id>[0-9a-f]+))?\.json\Z")
_TIME_FORMAT = "%Y%m%dT%H%M%SZ"


def destination(dest: str | None, host: str, default_name: str) -> str:
    """Where to write a file: into ``dest`` when it is a directory (or not given: the current one) under
    ``default_name``, else ``dest`` with the host's name before its extension, so that each host (tenant) of a play
    writes a file of its own."""
    dest = os.path.abspath(os.path.expanduser(dest or "."))
    if os.path.isdir(dest):
        return os.path.join(dest, default_name)
    root, ext = os.path.splitext(dest)
    return f"{root}-{host}{ext}"


def new_run_id() -> str:
    """A short random token for one run: six hex digits, which tell apart runs started in the same second."""
    return secrets.token_hex(3)


def snapshot_dest(dest: str | None, host: str, when: datetime, run_id: str) -> str:
    """Where a pause saves its snapshot: by default paused-<host>-<UTC time>-<run_id>.json, which sorts by time and
    which earlier_snapshots finds. A file name given gets the host's name, and the run's token too when a file of that
    name is there already: a snapshot never replaces another file (write_new refuses to, should one appear since)."""
    stamp = when.astimezone(timezone.utc).strftime(_TIME_FORMAT)
    default_name = f"{SNAPSHOT_PREFIX}-{host}-{stamp}-{run_id}.json"
    path = destination(dest, host, default_name)
    if os.path.basename(path) != default_name and os.path.lexists(path):
        root, ext = os.path.splitext(path)
        path = f"{root}-{run_id}{ext}"
    return path


@dataclass(frozen=True)
class EarlierSnapshot:
    """A snapshot saved before this run that would still bring campaigns back: it shows them running, and they have
    been paused since."""

    path: str
    #: The time in its name, which is when it was taken.
    taken_at: datetime
    #: The campaigns it shows running that are paused now, in the snapshot's order.
    still_paused: tuple[int, ...]


def earlier_snapshots(directory: str, host: str, tenant: Tenant, read: t.Mapping[int, str]) -> list[EarlierSnapshot]:
    """Every snapshot in ``directory`` under a default name of ``host``, of any age, that is ``tenant``'s and shows
    running a campaign that ``read`` (each campaign ID just read, and its state now) shows paused: newest first.
    A file that cannot be read or parsed, or is not a snapshot of this host and tenant, is passed over."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    prefix = f"{SNAPSHOT_PREFIX}-{host}-"
    dated = []
    for name in names:
        # Matched whole, so that the host acme never takes the snapshots of the host acme-east.
        match = _DEFAULT_NAME_TAIL.match(name, len(prefix)) if name.startswith(prefix) else None
        when = _time_in_name(match["time"]) if match else None
        if match and when:
            dated.append((when, match["run_id"] or "", os.path.join(directory, name)))
    found = []
    for when, _run_id, path in sorted(dated, reverse=True):
        try:
            with open(path, encoding="utf-8") as stream:
                saved = json.load(stream)
            paused = still_paused(snapshot_of_host(saved, host, path), tenant, read, path)
        except (OSError, ValueError, CampaignError):
            continue
        if paused:
            found.append(EarlierSnapshot(path, when, paused))
    return found


def _time_in_name(stamp: str) -> datetime | None:
    try:
        return datetime.strptime(stamp, _TIME_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:  # digits in the shape of a time, but no time (a 13th month)
        return None


def report_dest(dest: str | None, host: str, default_suffix: str) -> str:
    """Where a report writes a file: by default report-<host><default_suffix>."""
    return destination(dest, host, f"report-{host}{default_suffix}")


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole: into a file beside it, on disk, then renamed over it."""
    directory = os.path.dirname(os.path.abspath(path))
    temporary = _written_beside(directory, text)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    _sync_directory(directory)


def write_json(path: str, data: t.Any) -> None:
    write_text(path, json.dumps(data, indent=2) + "\n")


def write_new(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole, as write_text does, but never over a file: FileExistsError when ``path`` is
    there, even if it appeared while the text was written (two runs racing for one name: one wins)."""
    directory = os.path.dirname(os.path.abspath(path))
    temporary = _written_beside(directory, text)
    try:
        os.link(temporary, path)  # unlike a rename, a link fails when the name is taken
    finally:
        os.unlink(temporary)
    _sync_directory(directory)


def write_new_json(path: str, data: t.Any) -> None:
    write_new(path, json.dumps(data, indent=2) + "\n")


def _written_beside(directory: str, text: str) -> str:
    """A temporary file in ``directory`` holding ``text``, on disk (not only in the page cache): its path."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # the campaigns' status is no secret, and the tokens are never in it
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def _sync_directory(directory: str) -> None:
    """Put a new name in ``directory`` on disk, so that a crash cannot lose the file just named."""
    descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    except OSError as error:
        # Some file systems (and some network ones) cannot sync a directory; the file itself is on disk.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(descriptor)


def write_plan(dest: str, plan: dict[str, t.Any], markdown: str) -> list[str]:
    """Write a plan as ``dest``.json and, for people, as ``dest``.md; the two paths."""
    write_json(f"{dest}.json", plan)
    write_text(f"{dest}.md", markdown)
    return [f"{dest}.json", f"{dest}.md"]
