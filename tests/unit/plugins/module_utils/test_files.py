# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The files the runbook leaves: where each goes, that each is written whole, and which snapshot a resume finds."""

from __future__ import annotations

import os
from datetime import datetime, timezone

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _files
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import (
    destination,
    restoring_snapshot,
    snapshot_dest,
    write_json,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, saved_form

ACME = Tenant("https://vcc-na12.8x8.com", "acme")
WHEN = datetime(2026, 12, 1, 21, 30, tzinfo=timezone.utc)


def test_a_file_name_given_gets_the_host_so_that_each_tenant_writes_its_own(tmp_path):
    assert destination(str(tmp_path / "night.json"), "acme", "x.json") == str(tmp_path / "night-acme.json")
    assert destination(str(tmp_path / "night"), "acme", "x.json") == str(tmp_path / "night-acme")


def test_a_directory_given_holds_the_default_name(tmp_path):
    assert snapshot_dest(str(tmp_path), "acme", WHEN) == str(tmp_path / "paused-acme-20261201T213000Z.json")


def test_nothing_given_is_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert snapshot_dest(None, "acme", WHEN) == str(tmp_path / "paused-acme-20261201T213000Z.json")


def _save(directory, name, tenant, running, host="acme"):
    taken = {"tenant": tenant.as_dict(), "taken_at": "t", "campaigns": [{"id": i, "state": "running"} for i in running]}
    write_json(str(directory / name), saved_form(host, taken))


def test_the_snapshot_that_can_restore_is_the_newest_of_this_host_and_tenant_that_resumes_one_of_the_campaigns(
    tmp_path,
):
    other = Tenant("https://vcc-na12.8x8.com", "globex")
    _save(tmp_path, "paused-acme-20261201T200000Z.json", ACME, [1, 2])
    _save(tmp_path, "paused-acme-20261201T210000Z.json", ACME, [])  # a second pause: nothing was running
    _save(tmp_path, "paused-acme-20261201T220000Z.json", other, [1])  # another tenant's, by mistake under this name
    _save(tmp_path, "paused-acme-20261201T230000Z.json", ACME, [9])  # other campaigns
    (tmp_path / "paused-acme-20261201T235900Z.json").write_text("{not json", encoding="utf-8")
    found = restoring_snapshot(str(tmp_path), "acme", ACME, [1, 2, 3])
    assert found == str(tmp_path / "paused-acme-20261201T200000Z.json")
    assert restoring_snapshot(str(tmp_path), "acme", ACME, [5]) is None
    assert restoring_snapshot(str(tmp_path / "missing"), "acme", ACME, [1]) is None


def test_a_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "snapshot.json"
    target.write_text("the old one\n", encoding="utf-8")

    def broken_dumps(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_files.json, "dumps", broken_dumps)
    with pytest.raises(OSError):
        write_json(str(target), {"a": 1})
    assert target.read_text(encoding="utf-8") == "the old one\n"
    assert os.listdir(tmp_path) == ["snapshot.json"], "no temporary file is left behind"
