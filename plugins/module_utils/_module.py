# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module of the collection shares: the connection options, declared once, and the client they build.

The options are documented once too, in the doc fragment ``eightbyeight.contact_center.connection``.
"""

from __future__ import annotations

import functools
import math
import os
import typing as t

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._artifacts import host_fleet
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._fleet import MAX_CONCURRENCY
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import runbook_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import (
    REQUESTS_IMPORT_ERROR,
    CampaignApi,
    resolve_base_url,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._waiter import Waiter

T = t.TypeVar("T")

ENV_PREFIX = "EIGHTBYEIGHT_CC_"

# Ansible hides every occurrence of a no_log value in a result; a short one garbles unrelated text.
_SHORTEST_SAFE_SECRET = 8
_RETRY_NOTES_IN_FULL = 10


def _from_env(option: str) -> tuple[t.Any, list[str]]:
    return (env_fallback, [ENV_PREFIX + option.upper()])


def connection_argument_spec() -> dict[str, dict[str, t.Any]]:
    """The connection options, a new copy for each module.

    ``platform`` and ``api_url`` have no fallback here: CampaignModule.campaign_api() takes them from the
    environment only as a pair, when the task sets neither. Read-only modules take ``action_token`` too, and
    ignore it, so that ``module_defaults`` can give every module of the group the same options.
    """
    return {
        "platform": {"type": "str"},
        "api_url": {"type": "str"},
        "username": {"type": "str", "fallback": _from_env("username")},
        "data_token": {"type": "str", "no_log": True, "fallback": _from_env("data_token")},
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path"},
        "timeout": {"type": "float", "default": 30},
        "retries": {"type": "int", "default": 3},
        "concurrency": {"type": "int", "default": 8},
        "action_token": {"type": "str", "no_log": True, "fallback": _from_env("action_token")},
    }


def runbook_argument_spec() -> dict[str, dict[str, t.Any]]:
    """Which campaigns a runbook module acts on (doc fragment ``eightbyeight.contact_center.runbook``)."""
    return {
        "campaign_ids": {"type": "raw"},
        "desired_state": {"type": "list", "elements": "raw"},
        "desired_state_file": {"type": "path"},
        "host": {"type": "str", "default": "localhost"},
    }


def wait_argument_spec() -> dict[str, dict[str, t.Any]]:
    """How a module that changes campaigns waits for each change (doc fragment ``eightbyeight.contact_center.wait``)."""
    return {
        "wait": {"type": "bool", "default": True},
        "wait_timeout": {"type": "float", "default": 60},
        "wait_sleep": {"type": "float", "default": 1},
    }


class CampaignModule(AnsibleModule):
    """An AnsibleModule with the connection options (and, for modules that change campaigns, the waiting ones) added
    and checked."""

    def __init__(self, argument_spec: dict[str, dict[str, t.Any]], writes: bool = True, **kwargs: t.Any) -> None:
        spec = connection_argument_spec()
        if writes:
            spec.update(wait_argument_spec())
        spec.update(argument_spec)
        super().__init__(argument_spec=spec, supports_check_mode=True, **kwargs)
        if not writes:
            self.params["action_token"] = None  # never used, so never checked nor sent
        if REQUESTS_IMPORT_ERROR:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        for name in ("timeout", "wait_timeout", "wait_sleep") if writes else ("timeout",):
            self.require_positive(name)
        if self.params["retries"] < 0:
            self.fail_json(msg=f"retries must be 0 or more, got {self.params['retries']}")
        if not 1 <= self.params["concurrency"] <= MAX_CONCURRENCY:
            self.fail_json(msg=f"concurrency must be from 1 to {MAX_CONCURRENCY}, got {self.params['concurrency']}")
        for name in ("username", "data_token"):
            if self.params[name] is None:
                self.fail_json(
                    msg=f"{name} is not set: set it in the task or module_defaults, or {ENV_PREFIX}{name.upper()}"
                )
            if not self.params[name]:  # given, but empty: a variable that did not resolve
                self.fail_json(msg=f"{name} is empty: set it, or {ENV_PREFIX}{name.upper()}")
        credentials = [name for name in ("username", "data_token", "action_token") if self.params[name]]
        for name in credentials:
            try:
                self.params[name].encode("latin-1")  # what HTTP Basic auth can carry
            except UnicodeEncodeError:
                self.fail_json(msg=f"{name} has characters HTTP Basic authentication cannot send: check its value")
        for name in credentials:
            if name != "username" and len(self.params[name]) < _SHORTEST_SAFE_SECRET:
                self.warn(
                    f"{name} is shorter than {_SHORTEST_SAFE_SECRET} characters, unlike the tokens "
                    "Configuration Manager issues: check its value. Ansible hides every occurrence of it in results, "
                    "which can garble them."
                )

    def require_positive(self, name: str) -> None:
        """Fail unless the number option (or every item of the list option) ``name`` is finite and above zero."""
        value = self.params[name]
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v is not None and not (math.isfinite(v) and v > 0)]
        if bad:
            kind = "integer" if isinstance(bad[0], int) else "number"
            self.fail_json(msg=f"{name} must be a positive {kind}, got {bad[0]}")

    def run_settings(self) -> tuple[bool, Waiter, bool, int]:
        """How the runner is to bring campaigns to a state: (check_mode, waiter, wait, resends), as reconcile takes."""
        params = self.params
        return self.check_mode, Waiter(params["wait_timeout"], params["wait_sleep"]), params["wait"], params["retries"]

    def runbook_ids(self) -> tuple[list[int], str]:
        """The campaigns a runbook module acts on (doc fragment ``eightbyeight.contact_center.runbook``), and a line
        saying which: campaign_ids, else the host's desired state, given as desired_state or read from
        desired_state_file."""
        desired, path = self.params["desired_state"], self.params["desired_state_file"]
        fleet = None if desired is None and not path else functools.partial(host_fleet, desired, path)
        return self.checked(runbook_ids, self.params["campaign_ids"], fleet)

    def campaign_ids(self) -> list[int]:
        """The IDs the option campaign_ids gives, read the one way the collection reads them, or a failure naming the
        bad items."""
        return self.checked(campaign_ids, self.params["campaign_ids"])

    def checked(self, check: t.Callable[..., T], *args: t.Any) -> T:
        """``check(*args)``, or a failure with its message when it raises CampaignError: nothing was sent yet."""
        try:
            return check(*args)
        except CampaignError as error:
            self.fail_json(msg=f"{error}; nothing was sent")

    def campaign_api(self) -> CampaignApi:
        """The client for the platform the options name, or a failure saying what to fix."""
        params = self.params
        platform, api_url = params["platform"], params["api_url"]
        if platform is None and api_url is None:
            # Taken from the environment as a pair, and only when the task names neither: an environment variable
            # must never send the task's credentials to another host than the task's own platform.
            platform, api_url = os.environ.get(f"{ENV_PREFIX}PLATFORM"), os.environ.get(f"{ENV_PREFIX}API_URL")
        try:
            return CampaignApi(
                resolve_base_url(platform, api_url),
                params["username"],
                params["data_token"],
                params["action_token"],
                validate_certs=params["validate_certs"],
                ca_path=params["ca_path"],
                timeout=params["timeout"],
                retries=params["retries"],
                connections=params["concurrency"],
            )
        except CampaignError as error:
            self.fail_json(msg=str(error))

    def exit_with(self, api: CampaignApi, result: dict[str, t.Any], notes: t.Iterable[str] = ()) -> t.NoReturn:
        """Exit with ``result``, after warning about the retries the client made and each note."""
        self._warn_all(api.take_retry_notes(), notes)
        self.exit_json(**result)

    def fail_with(
        self, api: CampaignApi, msg: str, result: dict[str, t.Any], notes: t.Iterable[str] = ()
    ) -> t.NoReturn:
        """Fail with ``msg`` and ``result``, after warning about each retry the client made and each note."""
        self._warn_all(api.take_retry_notes(), notes)
        self.fail_json(msg=msg, **result)

    def _warn_all(self, retry_notes: list[str], notes: t.Iterable[str]) -> None:
        # Many campaigns under a rate limit can mean hundreds of retries: the first few say what happened.
        for note in retry_notes[:_RETRY_NOTES_IN_FULL]:
            self.warn(note)
        if len(retry_notes) > _RETRY_NOTES_IN_FULL:
            self.warn(f"... and {len(retry_notes) - _RETRY_NOTES_IN_FULL} more retries like these")
        for note in notes:
            self.warn(note)
