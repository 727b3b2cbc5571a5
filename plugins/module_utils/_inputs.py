# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading what people give the collection: a desired-state file (YAML or JSON), once for a module or again at
every poll for the event source, and the snapshots a resume is given (mappings, or files a pause saved). The one
reader of each, so that a module and the event source accept, refuse and word a file alike; each failure is a
CampaignError naming the file."""

from __future__ import annotations

import hashlib
import io
import json
import os
import typing as t

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import Policy, load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    NO_SNAPSHOT,
    snapshot_of_host,
)

try:  # ansible-core's own dependency, and ansible-rulebook's: missing only where neither runs
    import yaml
except ImportError:
    yaml = None  # type: ignore[assignment]

_YAML_LOADER = None if yaml is None else getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where(path: str) -> str:
    return f"the desired-state file {path}"


def _read(path: str, where: str) -> bytes:
    if yaml is None:  # said before the file is looked for: no file could be read without it
        raise CampaignError(f"reading {where} needs PyYAML where the module runs")
    try:
        with open(os.path.expanduser(path), "rb") as stream:
            return stream.read()
    except OSError as error:
        raise CampaignError(f"cannot read {where}: {error.strerror or error}") from None


def parse_desired_state(content: bytes, where: str, path: str | None = None) -> tuple[Policy, t.Any]:
    """The policy of a desired-state file's content, checked as a whole, and the content as loaded; a problem of its
    YAML is placed in ``path``'s lines."""
    if yaml is None:
        raise CampaignError(f"reading {where} needs PyYAML where the module runs")
    try:
        # As text, under the file's name, so that a problem names the file and its line.
        stream = io.StringIO(content.decode("utf-8"))
        stream.name = path or "<desired state>"  # what yaml names as the place of a problem
        loaded = yaml.load(stream, Loader=_YAML_LOADER)  # noqa: S506  # a safe loader
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        problem = " ".join(str(error).split())
        raise CampaignError(f"{where} is not valid YAML: {problem}") from None
    return load_policy(loaded, where), loaded


def desired_policy(given: t.Any) -> Policy:
    """The policy of a desired state given as the path of its file or as its content (a mapping, or a list of
    campaigns), checked as a whole; a CampaignError names each problem, and the file."""
    if isinstance(given, str):
        return parse_desired_state(_read(given, _where(given)), _where(given), given)[0]
    return load_policy(given, "desired_state")


def host_fleet(desired_state: list[t.Any] | None, desired_state_file: str | None) -> t.Callable[[], list[t.Any]] | None:
    """What gives the host's desired state, read only when called (given as a list, else the campaigns of its file);
    None when the host has neither."""
    if desired_state is not None:
        return lambda: desired_state
    if desired_state_file:
        return lambda: [campaign.id for campaign in desired_policy(desired_state_file).campaigns]
    return None


def read_snapshot(path: str) -> t.Any:
    """A snapshot file's content, or a CampaignError saying why it cannot be read."""
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError) as error:
        raise CampaignError(f"cannot read the snapshot {path}: {getattr(error, 'strerror', None) or error}") from None


def snapshots_given(value: t.Any, host: str) -> list[tuple[t.Any, str]]:
    """The snapshots of ``host`` in what the resume module's ``snapshot`` option holds, each with the words that name
    it (its ``where``), to be checked by resume_ids_of: one snapshot, the saved form by host, the path of a file a
    pause saved, several paths separated by commas, or a list of any of those. A CampaignError names the first that
    cannot be read, or holds no snapshot of the host; nothing given at all is one too."""
    if isinstance(value, str):
        # One path as it is when it names a file (a name may hold a comma), else the paths the commas separate.
        given: list[t.Any] = [value] if os.path.isfile(value) else [path.strip() for path in value.split(",")]
        given = [path for path in given if path]
    elif isinstance(value, list):
        given = value
    else:
        given = [] if value is None else [value]
    if not given:
        raise CampaignError(NO_SNAPSHOT)
    found = []
    for number, item in enumerate(given, 1):
        if isinstance(item, str):
            where = f"the snapshot {item}"
            item = read_snapshot(item)
        else:
            where = "the snapshot" if len(given) == 1 else f"the snapshot given as item {number}"
        found.append((snapshot_of_host(item, host, where), where))
    return found


class Refresh(t.NamedTuple):
    """What reading a watched desired-state file again found."""

    #: A new desired state is in force.
    changed: bool = False
    #: Why an edit cannot be used (told once for each content, or each reason the file cannot be read).
    problem: str | None = None
    #: A line for the log.
    note: str | None = None


class DesiredStateFile:
    """A desired state in force and, for a file, what it takes to notice an edit: the file is read at every poll (it
    is small), and a new content is checked before it is used; a broken one leaves the last good one in force."""

    def __init__(self, policy: Policy, path: str | None = None, content: bytes | None = None, loaded: t.Any = None):
        self.policy = policy
        #: The file as given, or None for a desired state given as a mapping.
        self.path = path
        #: The desired state in force, as loaded: what the enforcement playbook is given to decide again when it sends.
        self.reference = loaded
        self._digest = None if content is None else hashlib.sha256(content).hexdigest()  # the content in force
        self._seen = self._digest  # the content last read, good or not: each broken version is told once

    @classmethod
    def given(cls, value: t.Any) -> DesiredStateFile:
        """The desired state of a path, or of the mapping itself; a CampaignError naming the problem."""
        if not isinstance(value, str):
            return cls(_watchable(load_policy(value, "desired_state"), "desired_state"), loaded=value)
        content = _read(value, _where(value))
        policy, loaded = parse_desired_state(content, _where(value), value)
        return cls(_watchable(policy, _where(value)), value, content, loaded)

    def refresh(self) -> Refresh:
        """Read the file again; what changed."""
        if self.path is None:
            return Refresh()
        where = _where(self.path)
        try:
            content = _read(self.path, where)
        except CampaignError as error:
            # Each reason the file cannot be read is told once, as each broken content is.
            if f"unreadable: {error}" == self._seen:
                return Refresh()
            self._seen = f"unreadable: {error}"
            return Refresh(problem=str(error))
        digest = hashlib.sha256(content).hexdigest()
        if digest == self._seen:
            return Refresh()
        self._seen = digest
        if digest == self._digest:
            return Refresh(note=f"{where} is back to the desired state in force")
        try:
            policy, loaded = parse_desired_state(content, where, self.path)
            _watchable(policy, where)
        except CampaignError as error:
            return Refresh(problem=str(error))
        self.policy, self._digest, self.reference = policy, digest, loaded
        return Refresh(changed=True, note=f"{where} changed: {len(policy.campaigns)} campaigns now")


def _watchable(policy: Policy, where: str) -> Policy:
    if not policy.campaigns:
        raise CampaignError(f"{where} lists no campaign")
    return policy
