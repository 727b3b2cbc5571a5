# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What every module of the collection shares: the connection options, declared once, and the client they build; and
for the modules that change campaigns, the journal their writes go to and the holds they respect.

The options are documented once too, in the doc fragments ``eightbyeight.contact_center.connection`` and
``eightbyeight.contact_center.audit``.
"""

from __future__ import annotations

import math
import os
import typing as t
from datetime import datetime

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import campaign_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._connection import (
    ENV_PREFIX,
    OPTIONS,
    Connection,
    Wording,
    base_url,
    check_concurrency,
    given_credential,
    sendable,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._hold_store import HoldStore, hold_dir
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._holds import Hold, expired, in_force
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._journal import (
    Context,
    Journal,
    RunIdentity,
    journal_path,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._requests import REQUESTS_IMPORT_ERROR
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import RunSettings
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, timestamp
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._waiter import Waiter

__all__ = [
    "ENV_PREFIX",
    "CampaignModule",
    "audit_argument_spec",
    "connection_argument_spec",
    "runbook_argument_spec",
    "wait_argument_spec",
]

T = t.TypeVar("T")

# Ansible hides every occurrence of a no_log value in a result; a short one garbles unrelated text.
_SHORTEST_SAFE_SECRET = 8
_RETRY_NOTES_IN_FULL = 10
_CREDENTIALS = ("username", "data_token", "action_token")
_WORDING = Wording(not_set="set it in the task or module_defaults, or {variable}", empty="set it, or {variable}")


def connection_argument_spec() -> dict[str, dict[str, t.Any]]:
    """The connection options (_connection.OPTIONS) as an argument spec, a new copy for each module.

    ``platform`` and ``api_url`` have no fallback here: CampaignModule.campaign_api() takes them from the
    environment only as a pair, when the task sets neither. Read-only modules take ``action_token`` too, and
    ignore it, so that ``module_defaults`` can give every module of the group the same options.
    """
    spec: dict[str, dict[str, t.Any]] = {}
    for option in OPTIONS:
        entry: dict[str, t.Any] = {"type": option.type}
        if option.default is not None:
            entry["default"] = option.default
        if option.secret:
            entry["no_log"] = True
        if option.from_environment:
            entry["fallback"] = (env_fallback, [option.variable])
        spec[option.name] = entry
    return spec


def runbook_argument_spec() -> dict[str, dict[str, t.Any]]:
    """Which campaigns a runbook module acts on (doc fragment ``eightbyeight.contact_center.runbook``)."""
    return {
        "campaign_ids": {"type": "raw"},
        "desired_state": {"type": "list", "elements": "raw"},
        "desired_state_file": {"type": "path"},
        "host": {"type": "str", "default": "localhost"},
    }


def audit_argument_spec() -> dict[str, dict[str, t.Any]]:
    """The journal and the holds (doc fragment ``eightbyeight.contact_center.audit``)."""
    return {
        "hold_dir": {"type": "path"},
        "journal": {"type": "path"},
        "reason": {"type": "str"},
        "ticket": {"type": "str"},
        "run": {"type": "dict"},
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
        try:
            check_concurrency(self.params["concurrency"])
            # Every credential missing is said before any that cannot be sent.
            given = [given_credential(self.params, {}, name, _WORDING, name != "action_token") for name in _CREDENTIALS]
            for name, value in zip(_CREDENTIALS, given):
                if value is not None:
                    sendable(name, value)
        except CampaignError as error:
            self.fail_json(msg=str(error))
        credentials = [name for name in ("username", "data_token", "action_token") if self.params[name]]
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

    def run_settings(self) -> RunSettings:
        """How the runner is to bring campaigns to a state, from the wait options and retries."""
        params = self.params
        waiter = Waiter(params["wait_timeout"], params["wait_sleep"])
        return RunSettings(self.check_mode, waiter, params["wait"], params["retries"])

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

    def connection(self) -> Connection:
        """The connection the options name, or a failure saying what to fix."""
        params = self.params
        try:
            return Connection(
                base_url(params, os.environ),
                params["username"],
                params["data_token"],
                params["action_token"] or None,
                validate_certs=params["validate_certs"],
                ca_path=params["ca_path"],
                timeout=params["timeout"],
                retries=params["retries"],
                concurrency=params["concurrency"],
            )
        except CampaignError as error:
            self.fail_json(msg=str(error))

    def campaign_api(self) -> CampaignApi:
        """The client for the platform the options name, or a failure saying what to fix."""
        try:
            return self.connection().client()
        except CampaignError as error:
            self.fail_json(msg=str(error))

    def run_identity(self) -> RunIdentity:
        """Who runs this task and where (option run, else the machine's user and host name)."""
        return self.checked(RunIdentity.of, os.environ, self.params.get("run"))

    def who(self) -> str:
        """'alice on bastion', or 'alice on bastion (AWX job 42 by bob)': who opens a hold."""
        return self.run_identity().describe()

    def hold_store(self) -> HoldStore:
        """The hold directory of the options (hold_dir, else EIGHTBYEIGHT_CC_HOLD_DIR, else the current one)."""
        return HoldStore(hold_dir(self.params.get("hold_dir"), os.environ))

    def holds_in_force(self, tenant: Tenant, when: datetime) -> tuple[dict[int, Hold], list[str]]:
        """The tenant's campaigns a hold keeps from being started at ``when``, and the notes a task warns with: a hold
        file that cannot be read, a hold that expired (which a real run records as lifted)."""
        store = self.hold_store()
        holds, notes = store.read()
        if notes and not self.check_mode:
            # A hold that cannot be read may be a person's stop: nothing is started on a guess.
            self.fail_json(
                msg=f"{'; '.join(notes)}: a hold in {store.directory} cannot be read, so nothing was sent (a campaign "
                "it holds could be started); repair or remove the file, or lift its hold, then run again"
            )
        for hold in expired(holds, when):
            if self.check_mode and hold.tenant.same_as(tenant):
                notes.append(f"the hold {hold.id} expired; a real run records it lifted, and may start its campaigns")
        if not self.check_mode:
            try:
                for hold in store.expire(tenant, when):
                    notes.append(
                        f"the hold {hold.id} (campaigns {', '.join(map(str, hold.campaigns))}) expired at "
                        f"{timestamp(t.cast(datetime, hold.expires_at))} and is lifted: they may be started again"
                    )
            except CampaignError as error:
                self.fail_json(msg=f"{error}; nothing was sent")
            holds = store.read()[0]
        return in_force(holds, tenant, when), notes

    def journal(self, tenant: Tenant, sent_by: str) -> Journal | None:
        """The journal the options name (journal, else EIGHTBYEIGHT_CC_JOURNAL), for this task's writes; None: none.
        In check mode nothing is sent, so nothing is recorded."""
        path = journal_path(self.params.get("journal"), os.environ)
        if path is None or self.check_mode:
            return None
        context = Context(tenant, sent_by, self.run_identity(), self.params.get("ticket"))
        journal = Journal(os.path.abspath(os.path.expanduser(path)), context)
        try:  # before any write: a change that cannot be recorded is not sent
            os.close(os.open(journal.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
        except OSError as error:
            reason = getattr(error, "strerror", None) or error
            self.fail_json(msg=f"cannot append to the journal {journal.path} ({reason}); nothing was sent")
        return journal

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
