# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures for the unit tests: a strict HTTP mock and a module runner. The helpers they share are in utils/,
imported by the collection's package name, as ansible-test units loads every file here."""

from __future__ import annotations

import contextlib
import json
import time
import typing as t
from unittest import mock

import pytest
import responses
from ansible.module_utils import basic
from ansible.module_utils.common import warnings

from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import FakeClock, ModuleRun


@contextlib.contextmanager
def module_args(args: dict[str, t.Any]) -> t.Iterator[None]:
    """Hand AnsibleModule these arguments as ansible-core 2.16 to 2.21 all read them.

    AnsibleModule reads basic._ANSIBLE_ARGS, the JSON of {"ANSIBLE_MODULE_ARGS": args}, when it is set. Since 2.19
    the arguments are decoded, and the result encoded, with a serialization profile, basic._ANSIBLE_PROFILE;
    "legacy" is the one ansible-core's own patch_module_args uses (ansible.module_utils.testing, 2.19 and later).
    """
    patches: dict[str, object] = {"_ANSIBLE_ARGS": json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()}
    if hasattr(basic, "_ANSIBLE_PROFILE"):
        patches["_ANSIBLE_PROFILE"] = "legacy"
    with contextlib.ExitStack() as stack:
        for name, value in patches.items():
            stack.enter_context(mock.patch.object(basic, name, value))
        yield


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Retries and waits take no real time in unit tests."""
    fake = FakeClock()
    monkeypatch.setattr(time, "sleep", fake.sleep)
    monkeypatch.setattr(time, "monotonic", fake.monotonic)
    return fake


@pytest.fixture
def api_mock() -> t.Iterator[responses.RequestsMock]:
    """Any request not registered fails the test, and so does a registered answer left unused."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def run_module(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> t.Callable[..., ModuleRun]:
    """Run a module's main() as Ansible would and return its JSON result, exactly as printed."""
    for name in ("PLATFORM", "API_URL", "USERNAME", "DATA_TOKEN", "ACTION_TOKEN", "HOLD_DIR", "JOURNAL"):
        monkeypatch.delenv(f"EIGHTBYEIGHT_CC_{name}", raising=False)

    def run(
        main: t.Callable[[], None], args: dict[str, t.Any], check_mode: bool = False, diff: bool = False
    ) -> ModuleRun:
        args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
        # A module's warnings are kept in module-wide collections, which would carry one test's into the next.
        warnings._global_warnings.clear()  # pylint: disable=protected-access
        with module_args(args), pytest.raises(SystemExit):
            main()
        output = capsys.readouterr().out
        return ModuleRun(json.loads(output), output)

    return run
