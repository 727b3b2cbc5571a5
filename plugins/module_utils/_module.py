# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every module of the collection shares: the connection options, declared once, and the client they build.

The options are documented once too, in the doc fragment ``eightbyeight.contact_center.connection``.
"""

from __future__ import annotations

import typing as t

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import (
    REQUESTS_IMPORT_ERROR,
    CampaignApi,
    resolve_base_url,
)


def _from_env(name: str) -> tuple[t.Any, list[str]]:
    return (env_fallback, [f"EIGHTBYEIGHT_CC_{name}"])


def connection_argument_spec() -> dict[str, dict[str, t.Any]]:
    """The connection options, a new copy for each module."""
    return {
        "platform": {"type": "str", "fallback": _from_env("PLATFORM")},
        "api_url": {"type": "str", "fallback": _from_env("API_URL")},
        "username": {"type": "str", "required": True, "fallback": _from_env("USERNAME")},
        "data_token": {"type": "str", "required": True, "no_log": True, "fallback": _from_env("DATA_TOKEN")},
        "action_token": {"type": "str", "no_log": True, "fallback": _from_env("ACTION_TOKEN")},
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path"},
        "timeout": {"type": "int", "default": 30},
        "retries": {"type": "int", "default": 3},
    }


class CampaignModule(AnsibleModule):
    """An AnsibleModule with the connection options added and checked."""

    def __init__(self, argument_spec: dict[str, dict[str, t.Any]], **kwargs: t.Any) -> None:
        spec = connection_argument_spec()
        spec.update(argument_spec)
        required_one_of = [("platform", "api_url")] + list(kwargs.pop("required_one_of", []))
        super().__init__(argument_spec=spec, required_one_of=required_one_of, supports_check_mode=True, **kwargs)
        if REQUESTS_IMPORT_ERROR:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        self.require_positive("timeout")
        if self.params["retries"] < 0:
            self.fail_json(msg=f"retries must be 0 or more, got {self.params['retries']}")
        for name in ("username", "data_token"):
            if not self.params[name]:  # given, but empty: a variable that did not resolve
                self.fail_json(msg=f"{name} is empty: set it, or EIGHTBYEIGHT_CC_{name.upper()}")
        for name in ("username", "data_token", "action_token"):
            try:
                (self.params[name] or "").encode("latin-1")  # what HTTP Basic auth can carry
            except UnicodeEncodeError:
                self.fail_json(msg=f"{name} has characters HTTP Basic authentication cannot send: check its value")

    def require_positive(self, name: str) -> None:
        """Fail unless the integer option (or every item of the list option) ``name`` is above zero."""
        value = self.params[name]
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v is not None and v <= 0]
        if bad:
            self.fail_json(msg=f"{name} must be a positive integer, got {bad[0]}")

    def campaign_api(self) -> CampaignApi:
        """The client for the platform the options name, or a failure saying what to fix."""
        params = self.params
        try:
            base_url = resolve_base_url(params["platform"], params["api_url"])
        except CampaignError as error:
            self.fail_json(msg=str(error))
        return CampaignApi(
            base_url,
            params["username"],
            params["data_token"],
            params["action_token"],
            validate_certs=params["validate_certs"],
            ca_path=params["ca_path"],
            timeout=params["timeout"],
            retries=params["retries"],
        )

    def exit_with(self, api: CampaignApi, result: dict[str, t.Any], notes: t.Iterable[str] = ()) -> t.NoReturn:
        """Exit with ``result``, after warning about each retry the client made and each note."""
        self._warn_all(api.retry_notes, notes)
        self.exit_json(**result)

    def fail_with(self, api: CampaignApi, msg: str, result: dict[str, t.Any]) -> t.NoReturn:
        """Fail with ``msg`` and ``result``, after warning about each retry the client made."""
        self._warn_all(api.retry_notes)
        self.fail_json(msg=msg, **result)

    def _warn_all(self, *groups: t.Iterable[str]) -> None:
        for group in groups:
            for note in group:
                self.warn(note)
