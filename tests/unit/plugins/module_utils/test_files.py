# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The files the runbook leaves: where each goes (a name of its own for each run), that each is written whole and on
disk, that a snapshot never replaces another file, and which earlier snapshots still hold paused campaigns."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _files
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import (
    EarlierSnapshot,
    destination,
    earlier_snapshots,
    new_run_id,
    snapshot_dest,
    write_json,
    write_new,
    write_new_json,
    write_text,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, saved_form

ACME = Tenant("https://vcc-na12.8x8.com", "acme")
GLOBEX = Tenant("https://vcc-na12.8x8.com", "globex")
WHEN = datetime(2026, 12, 1, 21, 30, tzinfo=timezone.utc)


def test_a_file_name_given_gets_the_host_so_that_each_tenant_writes_its_own(tmp_path):
    assert destination(str(tmp_path / "night.json"), "acme", "x.json") == str(tmp_path / "night-acme.json")
    assert destination(str(tmp_path / "night"), "acme", "x.json") == str(tmp_path / "night-acme")


# snapshot_dest: a name of its own for each run.


def test_a_directory_given_holds_the_default_name_with_the_runs_token(tmp_path):
    expected = tmp_path / "paused-acme-20261201T213000Z-0a1b2c.json"
    assert snapshot_dest(str(tmp_path), "acme", WHEN, "0a1b2c") == str(expected)


def test_nothing_given_is_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert snapshot_dest(None, "acme", WHEN, "0a1b2c") == str(tmp_path / "paused-acme-20261201T213000Z-0a1b2c.json")


def test_the_time_in_the_name_is_utc_whatever_zone_it_is_given_in(tmp_path):
    in_new_york = WHEN.astimezone(timezone(timedelta(hours=-5)))
    assert snapshot_dest(str(tmp_path), "acme", in_new_york, "0a1b2c").endswith("-20261201T213000Z-0a1b2c.json")


def test_a_run_id_is_six_hex_digits():
    assert re.fullmatch(r"[0-9a-f]{6}", new_run_id())


def test_two_pauses_in_the_same_second_on_one_host_get_two_names(tmp_path):
    first = snapshot_dest(str(tmp_path), "acme", WHEN, new_run_id())
    second = snapshot_dest(str(tmp_path), "acme", WHEN, new_run_id())
    assert first != second
    write_new_json(first, {"run": 1})
    write_new_json(second, {"run": 2})
    assert sorted(os.listdir(tmp_path)) == sorted([os.path.basename(first), os.path.basename(second)])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])  # the directory is only looked at
@given(
    earlier=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(timezone.utc)
    ),
    later_by=st.integers(min_value=1, max_value=10**8),
    run_ids=st.tuples(*[st.text("0123456789abcdef", min_size=6, max_size=6)] * 2),
)
def test_default_names_sort_by_time_whatever_their_tokens(tmp_path, earlier, later_by, run_ids):
    later = earlier + timedelta(seconds=later_by)
    first = os.path.basename(snapshot_dest(str(tmp_path), "acme", earlier, run_ids[0]))
    second = os.path.basename(snapshot_dest(str(tmp_path), "acme", later, run_ids[1]))
    assert first < second


def test_a_file_name_given_that_is_taken_gets_the_runs_token_too(tmp_path):
    given = str(tmp_path / "night.json")
    assert snapshot_dest(given, "acme", WHEN, "0a1b2c") == str(tmp_path / "night-acme.json")
    (tmp_path / "night-acme.json").write_text("the first pause's\n", encoding="utf-8")
    dest = snapshot_dest(given, "acme", WHEN, "0a1b2c")
    assert dest == str(tmp_path / "night-acme-0a1b2c.json")
    write_new_json(dest, {"run": 2})
    assert (tmp_path / "night-acme.json").read_text(encoding="utf-8") == "the first pause's\n"


def test_a_dangling_link_under_the_name_given_counts_as_taken(tmp_path):
    os.symlink(tmp_path / "nowhere", tmp_path / "night-acme.json")
    assert snapshot_dest(str(tmp_path / "night.json"), "acme", WHEN, "0a1b2c") == str(
        tmp_path / "night-acme-0a1b2c.json"
    )


# earlier_snapshots: the snapshots that would still bring campaigns back.


def _save(directory, name, tenant=ACME, running=(), paused=(), host="acme", state="running"):
    campaigns = [{"id": i, "state": state} for i in running] + [{"id": i, "state": "paused"} for i in paused]
    taken = {"tenant": tenant.as_dict(), "taken_at": "t", "campaigns": campaigns}
    write_json(str(directory / name), saved_form(host, taken))


def test_earlier_snapshots_are_every_one_of_this_host_and_tenant_still_holding_a_paused_campaign_newest_first(
    tmp_path,
):
    _save(tmp_path, "paused-acme-20261201T200000Z.json", running=[1, 2])  # a name from before the run's token
    _save(tmp_path, "paused-acme-20261201T210000Z-0a1b2c.json", running=[3, 4], paused=[1])
    _save(tmp_path, "paused-acme-20261201T210000Z-ffffff.json", running=[5])  # its campaign runs again
    _save(tmp_path, "paused-acme-20261201T220000Z-0a1b2c.json", GLOBEX, running=[1])  # another tenant's
    _save(tmp_path, "paused-acme-east-20261201T230000Z-0a1b2c.json", running=[1], host="acme-east")  # another host's
    _save(tmp_path, "paused-acme-20261201T230000Z-123456.json", running=[1], host="globex")  # holds no acme
    _save(tmp_path, "paused-acme-20261201T233000Z-123456.json", running=[1], state="Running")  # no state
    _save(tmp_path, "paused-acme-20261201T234000Z-123456.json", running=[9])  # a campaign not read now
    _save(tmp_path, "paused-acme-20261201T234500Z-123456.json", running=[6])  # stopped since: final
    _save(tmp_path, "night-acme.json", running=[1])  # not a default name
    (tmp_path / "paused-acme-20261201T235900Z-abcdef.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "paused-acme-20261201T235930Z-abcdef.json").mkdir()
    (tmp_path / "paused-acme-20261202T000000Z-abcdef.json").write_bytes(b"\xff\xfe{}")
    _save(tmp_path, "paused-acme-20261399T250000Z-abcdef.json", running=[1])  # no time
    now = {1: "paused", 2: "running", 3: "purged", 4: "running", 5: "running", 6: "stopped"}
    assert earlier_snapshots(str(tmp_path), "acme", ACME, now) == [
        EarlierSnapshot(
            str(tmp_path / "paused-acme-20261201T210000Z-0a1b2c.json"),
            datetime(2026, 12, 1, 21, tzinfo=timezone.utc),
            (3,),
        ),
        EarlierSnapshot(
            str(tmp_path / "paused-acme-20261201T200000Z.json"), datetime(2026, 12, 1, 20, tzinfo=timezone.utc), (1,)
        ),
    ]


def test_no_earlier_snapshot_when_every_campaign_runs_again_or_the_directory_is_not_there(tmp_path):
    _save(tmp_path, "paused-acme-20261201T200000Z-0a1b2c.json", running=[1, 2])
    assert earlier_snapshots(str(tmp_path), "acme", ACME, {1: "running", 2: "running"}) == []
    assert earlier_snapshots(str(tmp_path), "acme", ACME, {}) == []
    assert earlier_snapshots(str(tmp_path / "missing"), "acme", ACME, {1: "paused"}) == []


def test_the_pause_killed_halfway_is_named_beside_the_one_after_it(tmp_path):
    """The incident: 30 dialing, a pause killed after 16, a second pause of the other 14. Both snapshots matter."""
    _save(tmp_path, "paused-acme-20261201T213000Z-0a1b2c.json", running=range(1, 31))
    _save(tmp_path, "paused-acme-20261201T213100Z-d4e5f6.json", running=range(17, 31), paused=range(1, 17))
    found = earlier_snapshots(str(tmp_path), "acme", ACME, dict.fromkeys(range(1, 31), "paused"))
    assert [(os.path.basename(s.path), len(s.still_paused)) for s in found] == [
        ("paused-acme-20261201T213100Z-d4e5f6.json", 14),
        ("paused-acme-20261201T213000Z-0a1b2c.json", 30),
    ]


# write_text and write_new: whole, on disk, and (write_new) never over another file.


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


def _recording(monkeypatch, tmp_path):
    """What reaches the disk, in order: each fsync (of a file or of the directory), rename and link."""
    steps = []
    real_fsync, real_replace, real_link = os.fsync, os.replace, os.link

    def fsync(descriptor):
        steps.append("fsync directory" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "fsync file")
        real_fsync(descriptor)

    def replace(source, target):
        steps.append("rename")
        real_replace(source, target)

    def link(source, target):
        steps.append("link")
        real_link(source, target)

    monkeypatch.setattr(_files.os, "fsync", fsync)
    monkeypatch.setattr(_files.os, "replace", replace)
    monkeypatch.setattr(_files.os, "link", link)
    return steps


def test_write_text_syncs_the_file_before_the_rename_and_the_directory_after(tmp_path, monkeypatch):
    steps = _recording(monkeypatch, tmp_path)
    write_text(str(tmp_path / "report.md"), "text\n")
    assert steps == ["fsync file", "rename", "fsync directory"]
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "text\n"


def test_write_new_syncs_the_file_before_the_link_and_the_directory_after(tmp_path, monkeypatch):
    steps = _recording(monkeypatch, tmp_path)
    write_new_json(str(tmp_path / "paused.json"), {"campaigns": []})
    assert steps == ["fsync file", "link", "fsync directory"]
    assert (tmp_path / "paused.json").read_text(encoding="utf-8") == '{\n  "campaigns": []\n}\n'
    assert stat.S_IMODE(os.stat(tmp_path / "paused.json").st_mode) == 0o644
    assert os.listdir(tmp_path) == ["paused.json"], "no temporary file is left behind"


def test_a_directory_that_cannot_be_synced_still_gets_its_file(tmp_path, monkeypatch):
    real_fsync = os.fsync

    def fsync(descriptor):
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            raise OSError(22, "Invalid argument")  # as some network file systems answer
        real_fsync(descriptor)

    monkeypatch.setattr(_files.os, "fsync", fsync)
    write_new(str(tmp_path / "paused.json"), "whole\n")
    assert (tmp_path / "paused.json").read_text(encoding="utf-8") == "whole\n"


def test_write_new_never_replaces_a_file(tmp_path):
    target = tmp_path / "paused.json"
    target.write_text("the first pause's\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_new(str(target), "the second pause's\n")
    assert target.read_text(encoding="utf-8") == "the first pause's\n"
    assert os.listdir(tmp_path) == ["paused.json"], "no temporary file is left behind"


def test_write_new_refuses_a_name_taken_while_it_was_writing(tmp_path, monkeypatch):
    target = tmp_path / "paused.json"
    real_fsync = os.fsync

    def rival_wins_meanwhile(descriptor):
        real_fsync(descriptor)
        if not target.exists():
            target.write_text("the rival's\n", encoding="utf-8")

    monkeypatch.setattr(_files.os, "fsync", rival_wins_meanwhile)
    with pytest.raises(FileExistsError):
        write_new(str(target), "ours\n")
    assert target.read_text(encoding="utf-8") == "the rival's\n"
    assert os.listdir(tmp_path) == ["paused.json"]


def _race(target: str, texts: list[str]) -> dict[str, list[int]]:
    """Each text written by a thread of its own to ``target``, all let go at once: which writers won, which were
    refused."""
    start = threading.Barrier(len(texts))
    said: dict[str, list[int]] = {"won": [], "refused": []}

    def write(writer: int) -> None:
        start.wait()
        try:
            write_new(target, texts[writer])
        except FileExistsError:
            said["refused"].append(writer)
        else:
            said["won"].append(writer)

    threads = [threading.Thread(target=write, args=(writer,)) for writer in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return said


def test_threads_racing_for_one_name_one_wins_and_the_file_is_whole(tmp_path):
    texts = [f"{writer}\n" * 50_000 for writer in range(8)]  # large, so that the writes overlap
    for race in range(20):
        target = str(tmp_path / f"paused-{race}.json")
        said = _race(target, texts)
        assert len(said["won"]) == 1 and sorted(said["won"] + said["refused"]) == list(range(8))
        with open(target, encoding="utf-8") as stream:
            assert stream.read() == texts[said["won"][0]]
    assert len(os.listdir(tmp_path)) == 20, "one file for each race, no temporary file left"


def _child(code, *args):
    """A Python process that imports the collection as this one does, and waits to read its stdin whole if told."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


IMPORT = (
    "import os, signal, sys\nfrom ansible_collections.eightbyeight.contact_center.plugins.module_utils import _files\n"
)


def test_processes_racing_for_one_name_one_wins_and_the_file_is_whole(tmp_path):
    target = tmp_path / "paused.json"
    code = IMPORT + (
        "sys.stdin.read()\n"  # each waits until the test closes its stdin, so that they start together
        "try:\n"
        "    _files.write_new(sys.argv[1], sys.argv[2] * 200_000)\n"
        "except FileExistsError:\n"
        "    print('refused')\n"
        "else:\n"
        "    print('won')\n"
    )
    writers = "abcd"
    children = [_child(code, str(target), writer) for writer in writers]
    for child in children:
        child.stdin.close()
    said = {}
    for writer, child in zip(writers, children):
        said[writer], err = child.stdout.read().strip(), child.stderr.read()
        assert child.wait(timeout=120) == 0, err
    assert sorted(said.values()) == ["refused", "refused", "refused", "won"]
    [winner] = [writer for writer, word in said.items() if word == "won"]
    assert target.read_text(encoding="utf-8") == winner * 200_000
    assert os.listdir(tmp_path) == ["paused.json"]


@pytest.mark.parametrize("killed_at", ["fsync", "link"])
def test_a_write_new_killed_halfway_leaves_nothing_under_the_final_name(tmp_path, killed_at):
    target = tmp_path / "paused.json"
    code = IMPORT + (
        f"os.{killed_at} = lambda *args: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"_files.write_new({str(target)!r}, 'x' * 1_000_000)\n"
    )
    child = _child(code)
    child.communicate("", timeout=120)
    assert child.returncode == -9
    assert not target.exists()
    assert all(name.startswith(".tmp-") for name in os.listdir(tmp_path)), "only a temporary file may be left"


def test_a_write_text_killed_halfway_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("the old one\n", encoding="utf-8")
    code = IMPORT + (
        "os.fsync = lambda *args: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"_files.write_text({str(target)!r}, 'x' * 1_000_000)\n"
    )
    child = _child(code)
    child.communicate("", timeout=120)
    assert child.returncode == -9
    assert target.read_text(encoding="utf-8") == "the old one\n"
