# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The event source's arguments, checked: a rulebook gives them untyped (a rulebook variable renders as text), so
each is read as its type here; the connection options are then checked as the modules check them (_connection.py),
with the same EIGHTBYEIGHT_CC_* fallbacks, and the hold directory with the modules' EIGHTBYEIGHT_CC_HOLD_DIR. Every
message names the argument, never a token."""

from __future__ import annotations

import os
import re
import typing as t

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._connection import (
    READ_OPTIONS,
    Connection,
    Wording,
    base_url,
    check_concurrency,
    credential,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HOLD_DIR_VARIABLE
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import DesiredStateFile

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi

#: The arguments the source takes: the connection options it reads with, and its own.
_OWN = (
    "campaign_ids",
    "desired_state",
    "interval",
    "reemit_max",
    "stuck_after",
    "heartbeat",
    "hold_dir",
    "state_file",
)
ARGUMENTS = frozenset((*(option.name for option in READ_OPTIONS), *_OWN))
_WORDING = Wording(not_set="give it as an argument, or set {variable}", empty="give it, or set {variable}")
_DIGITS = re.compile(r"[0-9]+")
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


class SourceArgumentError(CampaignError, ValueError):
    """An argument the source cannot start with. The message names the argument, never a token."""


class Settings(t.NamedTuple):
    """The source's arguments, checked."""

    base_url: str
    username: str
    data_token: str
    validate_certs: bool
    ca_path: str | None
    timeout: float
    retries: int
    #: (campaign ID, the file's desired state or None), in the order given, at start-up.
    campaigns: list[tuple[int, str | None]]
    #: The desired state, or None with campaign_ids.
    desired: DesiredStateFile | None
    interval: float
    concurrency: int
    reemit_max: float
    stuck_after: int
    heartbeat: float
    #: The hold directory the holds are shared in (absolute), or None: the holds by hand are kept by the source only.
    hold_dir: str | None = None
    #: Where the source keeps what it remembers across a restart (absolute), or None: a restart remembers nothing.
    state_file: str | None = None

    def client(self) -> CampaignApi:
        """The collection's client, with the data token only."""
        connection = Connection(
            self.base_url,
            self.username,
            self.data_token,
            None,
            validate_certs=self.validate_certs,
            ca_path=self.ca_path,
            timeout=self.timeout,
            retries=self.retries,
            concurrency=self.concurrency,
        )
        try:
            return connection.client()
        except CampaignError as error:
            raise SourceArgumentError(str(error)) from None


def settings(args: dict[str, t.Any], environ: t.Mapping[str, str]) -> Settings:
    """The source's arguments, checked, with the modules' fallbacks to the EIGHTBYEIGHT_CC_* environment."""
    unknown = sorted(str(name) for name in args if name not in ARGUMENTS and not str(name).startswith("eda_"))
    if unknown:
        hint = " (the source only reads: give no action_token)" if "action_token" in unknown else ""
        takes = ", ".join(sorted(ARGUMENTS))
        raise SourceArgumentError(f"unknown arguments {', '.join(unknown)}{hint}; it takes {takes}")
    try:
        url = base_url({"platform": _text(args, "platform"), "api_url": _text(args, "api_url")}, environ)
        username, data_token = (
            t.cast(str, credential({name: _text(args, name)}, environ, name, _WORDING))
            for name in ("username", "data_token")
        )
        concurrency = check_concurrency(_number(args, "concurrency", 8, int))
        desired, campaigns = _campaigns(args)
    except SourceArgumentError:
        raise
    except CampaignError as error:
        raise SourceArgumentError(str(error)) from None
    return Settings(
        base_url=url,
        username=username,
        data_token=data_token,
        validate_certs=_flag(args, "validate_certs", True),
        ca_path=_text(args, "ca_path"),
        timeout=_seconds(args, "timeout", 30.0),
        retries=_count(args, "retries", 3),
        campaigns=campaigns,
        desired=desired,
        interval=_seconds(args, "interval", 30.0),
        concurrency=concurrency,
        reemit_max=_seconds(args, "reemit_max", 600.0, off=True),
        stuck_after=_count(args, "stuck_after", 5),
        heartbeat=_seconds(args, "heartbeat", 300.0, off=True),
        hold_dir=_path(_text(args, "hold_dir") or environ.get(HOLD_DIR_VARIABLE)),
        state_file=_state_file(_path(_text(args, "state_file"))),
    )


def _path(given: str | None) -> str | None:
    """An absolute path, from the directory ansible-rulebook runs in; None when not given (or empty, as a rulebook
    variable defaulted to '' renders)."""
    if given is None or not given.strip():
        return None
    return os.path.abspath(os.path.expanduser(given))


def _state_file(path: str | None) -> str | None:
    if path is not None and (os.path.isdir(path) or not os.path.isdir(os.path.dirname(path))):
        where = "is a directory" if os.path.isdir(path) else f"is in {os.path.dirname(path)}, which is no directory"
        raise SourceArgumentError(f"state_file {path} {where}: give the path of a file in a directory that exists")
    return path


def _text(args: dict[str, t.Any], name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceArgumentError(f"{name} must be a string, got a {type(value).__name__}")
    return value


def _flag(args: dict[str, t.Any], name: str, default: bool) -> bool:
    value = args.get(name, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE + _FALSE:
        return value.strip().lower() in _TRUE
    raise SourceArgumentError(f"{name} must be true or false, got {value!r}")


def _number(args: dict[str, t.Any], name: str, default: t.Any, kind: type) -> t.Any:
    value = args.get(name)
    if value is None:
        return default
    if isinstance(value, str):
        value = value.strip()
    if kind is int:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and _DIGITS.fullmatch(value):  # not str.isdigit(), which takes "²"
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif not isinstance(value, bool):
        try:
            return float(value)
        except (TypeError, ValueError):
            pass
    what = "a whole number" if kind is int else "a number"
    raise SourceArgumentError(f"{name} must be {what}, got {value!r}")


def _seconds(args: dict[str, t.Any], name: str, default: float, off: bool = False) -> float:
    value = _number(args, name, default, float)
    if not (0 <= value if off else 0 < value) or value == float("inf"):
        what = "a number of seconds, 0 for off" if off else "a positive number of seconds"
        raise SourceArgumentError(f"{name} must be {what}, got {value}")
    return t.cast(float, value)


def _count(args: dict[str, t.Any], name: str, default: int) -> int:
    value = _number(args, name, default, int)
    if value < 0:
        raise SourceArgumentError(f"{name} must be 0 or more, got {value}")
    return t.cast(int, value)


def _campaigns(args: dict[str, t.Any]) -> tuple[DesiredStateFile | None, list[tuple[int, str | None]]]:
    ids, desired = args.get("campaign_ids"), args.get("desired_state")
    if (ids is None) == (desired is None):
        raise SourceArgumentError(
            "give one of campaign_ids (the campaigns to watch) and desired_state (a desired-state file)"
        )
    if desired is not None:
        state = DesiredStateFile.given(desired)
        return state, list(state.policy.pairs())
    watched = campaign_ids(ids, "campaign_ids")
    if not watched:
        raise SourceArgumentError("campaign_ids names no campaign: give IDs such as 125,126 or [125, 126]")
    return None, [(campaign_id, None) for campaign_id in watched]
