# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The hold directory: the holds (_holds.py) that the pause, apply, resume, the lift entry point and the event source
share on one host, a JSON file each. Every change is made under one lock of the directory, so that processes that
open, lift and expire holds at the same time never lose each other's change; each file is written whole."""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import os
import typing as t
from datetime import datetime

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import write_json
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import Hold, expired, hold_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import timestamp

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant

#: The environment variable that names the hold directory for every entry point, when no option does.
HOLD_DIR_VARIABLE = "EIGHTBYEIGHT_CC_HOLD_DIR"
_LOCK = ".holds.lock"


def hold_dir(given: str | None, environ: t.Mapping[str, str]) -> str:
    """The hold directory: the option, else EIGHTBYEIGHT_CC_HOLD_DIR, else the current directory (where a pause saves
    its snapshots by default)."""
    return os.path.abspath(os.path.expanduser(given or environ.get(HOLD_DIR_VARIABLE) or "."))


class HoldStore:
    """The holds of one directory."""

    def __init__(self, directory: str) -> None:
        self.directory = directory

    def _path(self, hold_id: str) -> str:
        return os.path.join(self.directory, f"{hold_id}.json")

    def read(self) -> tuple[list[Hold], list[str]]:
        """Every hold of the directory, and a problem naming each file that is not one (it is passed over, so one
        broken file never lifts the others)."""
        holds, problems = [], []
        for path in sorted(glob.glob(os.path.join(glob.escape(self.directory), "hold-*.json"))):
            try:
                with open(path, encoding="utf-8") as stream:
                    holds.append(hold_of(json.load(stream), f"the hold file {path}"))
            except FileNotFoundError:
                continue  # removed meanwhile
            except (OSError, ValueError) as error:
                problems.append(f"cannot read the hold file {path}: {getattr(error, 'strerror', None) or error}")
            except CampaignError as error:
                problems.append(str(error))
        return holds, problems

    @contextlib.contextmanager
    def _locked(self) -> t.Iterator[None]:
        try:
            os.makedirs(self.directory, exist_ok=True)
            handle = os.open(os.path.join(self.directory, _LOCK), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise CampaignError(f"cannot use the hold directory {self.directory}: {error.strerror or error}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)  # closing releases the lock

    def _write(self, hold: Hold) -> str:
        path = self._path(hold.id)
        try:
            write_json(path, hold.as_dict())
        except OSError as error:
            raise CampaignError(f"cannot write the hold file {path}: {error.strerror or error}") from None
        return path

    def add(self, hold: Hold) -> str:
        """Record a new hold; the path of its file."""
        with self._locked():
            return self._write(hold)

    def lift(
        self,
        tenant: Tenant,
        campaign_ids: t.Collection[int],
        when: datetime,
        by: str,
        why: str,
        hold_id: str | None = None,
    ) -> list[Hold]:
        """Lift ``campaign_ids`` out of every hold of ``tenant`` that holds them, or out of the hold ``hold_id`` alone
        (another incident's hold of the same campaigns stays); the holds changed, as they are now."""
        return self._change(
            tenant,
            lambda hold: hold.lift(campaign_ids, when, by, why) if hold_id is None or hold.id == hold_id else hold,
        )

    def expire(self, tenant: Tenant, when: datetime) -> list[Hold]:
        """Record as lifted the campaigns of the holds of ``tenant`` that expired by ``when``; those holds, each told
        once: a hold lifts itself when it expires."""
        gone = {hold.id for hold in expired(self.read()[0], when)}
        if not gone:
            return []  # no lock taken, so that a run with no hold to expire leaves no file behind
        return self._change(
            tenant,
            lambda hold: (
                hold.lift(hold.unlifted, when, "expiry", f"expired at {timestamp(t.cast(datetime, hold.expires_at))}")
                if hold.id in gone
                else hold
            ),
        )

    def _change(self, tenant: Tenant, change: t.Callable[[Hold], Hold]) -> list[Hold]:
        if not any(hold.tenant.same_as(tenant) for hold in self.read()[0]):
            return []  # nothing to change: no lock, and no file left behind
        changed = []
        with self._locked():
            for hold in self.read()[0]:  # read again under the lock: another process may have changed one
                if not hold.tenant.same_as(tenant):
                    continue
                new = change(hold)
                if new != hold:
                    self._write(new)
                    changed.append(new)
        return changed
