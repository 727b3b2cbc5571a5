# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit journal: its lines and their reading, a campaign's history, the run's identity, appends from many
processes and threads at once, and no credential in any line."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import multiprocessing
import os
import socket
import stat
import tempfile
import threading
import typing as t
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._journal import (
    JOURNAL_ENV,
    Context,
    Journal,
    JournalEntry,
    RunIdentity,
    describe,
    entries,
    entries_of_result,
    history,
    journal_path,
    last_accepted,
    read_journal,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import (
    Outcome,
    RunSettings,
    Write,
    Written,
    reconcile,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._transport import CampaignApi
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._waiter import Waiter
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.campaigns import campaign
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.fakes import (
    ACTION_TOKEN,
    BASE_URL,
    DATA_TOKEN,
    SECRETS,
    USERNAME,
    FakeClock,
    add_read,
    add_write,
)

DEMO = Tenant("https://vcc-na12.8x8.com", "demo")
ACME = Tenant("https://vcc-na12.8x8.com", "acme")
AT = datetime(2026, 12, 1, 21, 30, tzinfo=timezone.utc)
RUN = RunIdentity("alice", "bastion", awx_job_id="42", awx_user="bob", playbook="pause.yml")
PAUSE = Context(DEMO, "eightbyeight.contact_center.campaign_pause", RUN, ticket="INC-7")
SPRING = campaign(125, 3, **{"campaign-name": "Spring renewals"})


def written(word: str = "PAUSED", outcome: Write = Write.ACCEPTED, status: int = 3, at: datetime = AT) -> Written:
    return Written(word, outcome, status, at, None if outcome is Write.ACCEPTED else f"POST answered: {word} no")


def entry(**changes: t.Any) -> JournalEntry:
    """Campaign 125's PAUSED, accepted at AT, sent by campaign_pause for an incident, unless ``changes`` say otherwise."""
    fields: dict[str, t.Any] = dict(
        at=AT,
        tenant=DEMO,
        campaign_id=125,
        campaign_name="Spring renewals",
        status_before=3,
        state_before="running",
        sent="PAUSED",
        outcome="accepted",
        sent_by="eightbyeight.contact_center.campaign_pause",
        run=RUN,
        reason="incident",
        ticket="INC-7",
        error=None,
    )
    fields.update(changes)
    return JournalEntry(**fields)


# A line, and the entry it records.


def test_a_line_is_one_json_object_in_a_fixed_order_that_reads_back_as_the_entry():
    line = entry().as_line()
    assert "\n" not in line
    assert line.startswith('{"at": "2026-12-01T21:30:00Z", "tenant": {"api_url": "https://vcc-na12.8x8.com"')
    decoded = json.loads(line)
    assert list(decoded) == [
        "at",
        "tenant",
        "campaign_id",
        "campaign_name",
        "status_before",
        "state_before",
        "sent",
        "outcome",
        "sent_by",
        "run",
        "reason",
        "ticket",
        "error",
    ]
    assert decoded["run"] == {
        "user": "alice",
        "host": "bastion",
        "awx_job_id": "42",
        "awx_user": "bob",
        "playbook": "pause.yml",
    }
    assert JournalEntry.from_dict(decoded) == entry()


def test_a_time_keeps_its_microseconds_and_reads_back_in_utc():
    there = datetime(2026, 12, 1, 22, 30, 0, 250000, tzinfo=timezone(timedelta(hours=1)))
    decoded = json.loads(entry(at=there).as_line())
    assert decoded["at"] == "2026-12-01T21:30:00.250000Z"
    back = JournalEntry.from_dict(decoded).at
    assert (back, back.utcoffset()) == (there, timedelta(0))


def test_line_breaks_in_a_text_stay_escaped_inside_the_line():
    line = entry(reason="one\ntwo\r\u2028three\u2029", campaign_name="Été").as_line()
    assert not any(brk in line for brk in ("\n", "\r", "\u2028", "\u2029"))
    assert "Été" in line, "written as it is, not escaped"
    assert JournalEntry.from_dict(json.loads(line)).reason == "one\ntwo\r\u2028three\u2029"


@pytest.mark.parametrize(
    "field, value, named",
    [
        ("at", "2026-12-01T21:30:00", "'at'"),  # no offset: no instant
        ("at", "yesterday", "'at'"),
        ("at", None, "'at'"),
        ("at", "0001-01-01T00:00:00+01:00", "'at'"),  # before the calendar's first day in UTC
        ("tenant", "demo", "'tenant'"),
        ("tenant", {"api_url": "https://vcc-na12.8x8.com"}, "'tenant.username'"),
        ("campaign_id", "125", "'campaign_id'"),
        ("campaign_id", 0, "'campaign_id'"),
        ("campaign_id", True, "'campaign_id'"),
        ("campaign_name", 125, "'campaign_name'"),
        ("status_before", -1, "'status_before'"),
        ("state_before", None, "'state_before'"),
        ("sent", "", "'sent'"),
        ("outcome", "landed", "'outcome'"),
        ("sent_by", None, "'sent_by'"),
        ("run", None, "'run'"),
        ("run", {"user": "alice"}, "'run.host'"),
        ("run", dict(RUN.as_dict(), awx_job_id=42), "'run.awx_job_id'"),
        ("reason", ["incident"], "'reason'"),
        ("ticket", 7, "'ticket'"),
        ("error", {}, "'error'"),
    ],
)
def test_a_bad_field_is_named(field, value, named):
    decoded = json.loads(entry().as_line())
    decoded[field] = value
    with pytest.raises(CampaignError, match=f"field {named}"):
        JournalEntry.from_dict(decoded)


def test_a_field_a_newer_collection_adds_is_left_aside():
    decoded = dict(json.loads(entry().as_line()), landed=True)
    assert JournalEntry.from_dict(decoded) == entry()


# The journal file.


def test_a_journal_appends_one_line_per_write_and_reads_back_every_entry(tmp_path):
    path = str(tmp_path / "journal.jsonl")
    journal = Journal(path, PAUSE)
    first = journal.record(SPRING, [written("PAUSED"), written("PURGED", status=8)], "incident")
    second = journal.record(campaign(126, 3), [written("PAUSED", Write.UNKNOWN)], "incident")
    text = (tmp_path / "journal.jsonl").read_text(encoding="utf-8")
    assert text.endswith("\n") and text.count("\n") == 3
    assert read_journal(path) == (first + second, [])
    assert [(e.campaign_id, e.sent, e.outcome) for e in first + second] == [
        (125, "PAUSED", "accepted"),
        (125, "PURGED", "accepted"),
        (126, "PAUSED", "unknown"),
    ]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, "who did what is for the journal's owner only"


def test_each_line_is_flushed_to_disk_whole_before_the_next_is_written(tmp_path, monkeypatch):
    path = tmp_path / "journal.jsonl"
    flushed: list[bytes] = []
    fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        fsync(descriptor)
        flushed.append(path.read_bytes())

    monkeypatch.setattr(os, "fsync", recording_fsync)
    Journal(str(path), PAUSE).record(SPRING, [written("PAUSED"), written("PURGED", status=8)], "incident")
    assert [len(text.splitlines()) for text in flushed] == [1, 2]
    assert all(text.endswith(b"\n") for text in flushed)


def test_a_task_that_sent_nothing_makes_no_journal(tmp_path):
    path = tmp_path / "journal.jsonl"
    assert Journal(str(path), PAUSE).record(SPRING, [], "incident") == []
    assert not path.exists()


def test_a_journal_that_cannot_be_written_fails_naming_its_path_and_the_reason(tmp_path):
    path = str(tmp_path / "missing" / "journal.jsonl")
    with pytest.raises(CampaignError) as caught:
        Journal(path, PAUSE).record(SPRING, [written()], "incident")
    assert str(caught.value) == f"could not append to the journal {path}: No such file or directory"
    with pytest.raises(CampaignError, match=f"could not append to the journal {tmp_path}: Is a directory"):
        Journal(str(tmp_path), PAUSE).record(SPRING, [written()], "incident")


def test_a_journal_that_cannot_be_read_fails_naming_its_path(tmp_path):
    path = str(tmp_path / "journal.jsonl")
    with pytest.raises(CampaignError) as caught:
        read_journal(path)
    assert str(caught.value) == f"could not read the journal {path}: No such file or directory"


def test_bad_lines_are_named_by_number_and_the_others_still_read(tmp_path):
    good = entry().as_line()
    bad_outcome = json.dumps(dict(json.loads(good), outcome="landed"))
    lines = [
        good.encode(),
        good[: len(good) // 2].encode(),  # torn
        b"",
        b"[1, 2]",  # JSON, but not an entry
        b"\xff\xfe not text",
        bad_outcome.encode(),
        b"[" * 100_000,  # nested too deep to decode
        entry(sent="PURGED", status_before=8, state_before="paused").as_line().encode(),
    ]
    path = tmp_path / "journal.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    found, problems = read_journal(str(path))
    assert [e.sent for e in found] == ["PAUSED", "PURGED"]
    assert [problem.split(":", 1)[0] for problem in problems] == ["line 2", "line 4", "line 5", "line 6", "line 7"]
    assert problems[0] == f"line 2: not JSON (a torn or foreign line of {len(good) // 2} bytes)"
    assert problems[1] == "line 4: not a JSON object: [1, 2]"
    assert problems[2] == "line 5: not UTF-8 text"
    assert problems[3] == "line 6: field 'outcome' should be one of accepted, refused, unknown, got 'landed'"


def test_the_journal_path_is_the_option_else_the_environment_else_none():
    environ = {JOURNAL_ENV: "/var/log/cc.jsonl"}
    assert journal_path("/srv/journal.jsonl", environ) == "/srv/journal.jsonl"
    assert journal_path(None, environ) == journal_path("", environ) == "/var/log/cc.jsonl"
    assert journal_path(None, {}) is None
    assert journal_path(None, {JOURNAL_ENV: ""}) is None


# Who ran the task.


def test_the_run_is_what_the_caller_gives_before_the_environment():
    run = RunIdentity.of(
        {"USER": "alice"}, {"awx_job_id": 42, "awx_user_name": "bob", "playbook": "pause.yml", "host": "awx-node"}
    )
    assert run == RunIdentity("alice", "awx-node", "42", "bob", "pause.yml")
    assert run.as_dict() == {
        "user": "alice",
        "host": "awx-node",
        "awx_job_id": "42",
        "awx_user": "bob",
        "playbook": "pause.yml",
    }


def test_without_awx_the_run_is_the_user_and_host_of_the_environment():
    run = RunIdentity.of({"LOGNAME": "carol", "USER": "root"}, {"awx_job_id": None, "awx_user_name": ""})
    assert run == RunIdentity("carol", socket.gethostname(), None, None, None)
    assert RunIdentity.of({"USERNAME": "dave"}, None).user == "dave"


def test_a_user_and_host_that_cannot_be_learned_are_unknown_not_an_error(monkeypatch):
    import pwd  # pylint: disable=import-outside-toplevel

    def no_entry(uid: int) -> t.Any:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    def no_name() -> str:
        raise OSError("no host name")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    monkeypatch.setattr(socket, "gethostname", no_name)
    assert RunIdentity.of({}, None) == RunIdentity("unknown", "unknown")


def test_a_run_identity_key_it_does_not_know_is_named():
    with pytest.raises(CampaignError, match="the run's identity has no awx_job"):
        RunIdentity.of({"USER": "alice"}, {"awx_job": 42})


# Entries from what the runner returns.


def test_entries_of_an_outcome_carry_the_context_and_each_write_in_order():
    outcome = Outcome(SPRING, SPRING, ("PAUSED", "PURGED"), writes=(written("PAUSED"), written("PURGED", status=8)))
    made = entries_of_result(PAUSE, outcome, "incident")
    assert made == entries(PAUSE, SPRING, outcome.writes, "incident")
    assert made == [
        entry(),
        entry(sent="PURGED", status_before=8, state_before="paused"),
    ]


def test_entries_of_a_failure_name_the_campaign_as_last_read_and_the_error():
    refused = written("RUNNING", Write.REFUSED, status=8)
    error = ReconcileError(125, CampaignError("no"), campaign(125, 8, **{"campaign-name": "Spring"}), writes=(refused,))
    (made,) = entries_of_result(PAUSE, error, None)
    assert (made.campaign_name, made.status_before, made.state_before) == ("Spring", 8, "paused")
    assert (made.outcome, made.error, made.reason) == ("refused", "POST answered: RUNNING no", None)


def test_entries_of_a_campaign_never_read_have_no_name():
    error = ReconcileError(125, CampaignError("no"), None, writes=(written(outcome=Write.UNKNOWN),))
    (made,) = entries_of_result(PAUSE, error, "incident")
    assert (made.campaign_id, made.campaign_name, made.outcome) == (125, None, "unknown")
    assert describe(made).startswith("campaign 125: PAUSED unknown at")


def test_an_outcome_that_sent_nothing_has_no_entries():
    assert entries_of_result(PAUSE, Outcome(SPRING, SPRING, ("PAUSED",)), "incident") == []


# Who stopped campaign 125, when and why.


def test_history_is_one_tenants_campaign_oldest_first():
    later, earlier = AT + timedelta(minutes=5), AT - timedelta(minutes=5)
    journal = [
        entry(at=later, sent="STOPPED", status_before=8, state_before="paused"),
        entry(tenant=ACME, at=AT + timedelta(hours=1), sent="RUNNING"),  # the same ID, another tenant's campaign
        entry(campaign_id=126),
        entry(at=earlier, tenant=Tenant("HTTPS://VCC-NA12.8x8.com/", "demo")),  # the same tenant, written otherwise
    ]
    found = history(journal, DEMO, 125)
    assert [(e.at, e.sent) for e in found] == [(earlier, "PAUSED"), (later, "STOPPED")]
    assert [e.sent for e in history(journal, ACME, 125)] == ["RUNNING"]


def test_the_last_accepted_change_is_the_last_the_platform_took():
    journal = [
        entry(sent="STOPPED", at=AT + timedelta(minutes=1), sent_by="enforcer"),
        entry(sent="RUNNING", at=AT + timedelta(minutes=2), outcome="refused", error="answered HTTP 400"),
        entry(sent="RUNNING", tenant=ACME, at=AT + timedelta(minutes=3)),
    ]
    found = last_accepted(journal, DEMO, 125)
    assert found is not None and (found.sent, found.sent_by) == ("STOPPED", "enforcer")
    assert last_accepted(journal, DEMO, 126) is None
    assert last_accepted([journal[1]], DEMO, 125) is None


def test_describe_says_who_sent_what_when_and_why():
    assert describe(entry()) == (
        "campaign 125 (Spring renewals): PAUSED accepted at 2026-12-01T21:30:00Z, sent by "
        "eightbyeight.contact_center.campaign_pause for alice on bastion (AWX job 42 by bob), reason: incident "
        "(ticket INC-7)"
    )


@pytest.mark.parametrize(
    "changes, expected",
    [
        (
            dict(run=RunIdentity("alice", "bastion"), ticket=None),
            "campaign 125 (Spring renewals): PAUSED accepted at 2026-12-01T21:30:00Z, sent by "
            "eightbyeight.contact_center.campaign_pause for alice on bastion, reason: incident",
        ),
        (
            dict(campaign_name=None, run=RunIdentity("awx", "node", awx_job_id="42"), reason=None, sent_by="enforcer"),
            "campaign 125: PAUSED accepted at 2026-12-01T21:30:00Z, sent by enforcer for awx on node (AWX job 42), "
            "ticket INC-7",
        ),
        (
            dict(outcome="refused", reason=None, ticket=None, error="POST answered HTTP 403: Forbidden"),
            "campaign 125 (Spring renewals): PAUSED refused at 2026-12-01T21:30:00Z, sent by "
            "eightbyeight.contact_center.campaign_pause for alice on bastion (AWX job 42 by bob); POST answered "
            "HTTP 403: Forbidden",
        ),
    ],
)
def test_describe_leaves_out_what_is_not_known(changes, expected):
    assert describe(entry(**changes)) == expected


# Never a credential.


def test_a_journal_of_a_run_with_known_tokens_never_holds_one(api_mock, clock: FakeClock, tmp_path):
    api = CampaignApi(BASE_URL, USERNAME, DATA_TOKEN, ACTION_TOKEN, sleep=clock.sleep, clock=clock.monotonic)
    settings_ = RunSettings(False, Waiter(10, 1, clock=clock.monotonic, pause=clock.sleep))
    add_read(api_mock, 3, 125)  # already running: nothing sent
    add_read(api_mock, 3, 125)
    add_write(api_mock, 125)
    add_read(api_mock, 8, 125)
    add_read(api_mock, 8, 126)
    add_write(api_mock, 126, status=403, json={"message": f"token {ACTION_TOKEN} may not change campaign 126"})
    environ = {
        "USER": "alice",
        "EIGHTBYEIGHT_CC_DATA_TOKEN": DATA_TOKEN,
        "EIGHTBYEIGHT_CC_ACTION_TOKEN": ACTION_TOKEN,
    }
    context = Context(
        Tenant(BASE_URL, USERNAME), "eightbyeight.contact_center.campaign_status", RunIdentity.of(environ)
    )
    journal = Journal(str(tmp_path / "journal.jsonl"), context)
    journal.record_result(reconcile(api, 125, "running", settings_), "already running")
    journal.record_result(reconcile(api, 125, "paused", settings_), "incident")
    with pytest.raises(ReconcileError) as caught:
        reconcile(api, 126, "running", settings_)
    journal.record_result(caught.value, "incident")
    text = (tmp_path / "journal.jsonl").read_text(encoding="utf-8")
    found, problems = read_journal(str(tmp_path / "journal.jsonl"))
    assert problems == []
    assert [(e.campaign_id, e.sent, e.outcome) for e in found] == [
        (125, "PAUSED", "accepted"),
        (126, "RUNNING", "refused"),
    ]
    assert found[1].error is not None and "may not change campaign 126" in found[1].error, "the refusal is on record"
    assert not any(secret in text for secret in SECRETS)


# Many writers at once.

WRITERS = 4
LINES_EACH = 40
# Longer than a pipe's atomic write (4096 bytes), so that lines not kept whole by the lock would tear.
LONG_REASON = "incident " + "x" * 6000


def _append_from(path: str, writer: str, count: int) -> None:
    """Append ``count`` lines, one record at a time, each naming its writer and its number in the ticket."""
    run = RunIdentity(writer, "bastion")
    for number in range(count):
        Journal(path, Context(DEMO, writer, run, ticket=str(number))).record(SPRING, [written()], LONG_REASON)


def test_processes_and_threads_appending_at_once_leave_every_line_whole(tmp_path):
    path = str(tmp_path / "journal.jsonl")
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=_append_from, args=(path, f"process-{n}", LINES_EACH)) for n in range(WRITERS)]
    threads = [threading.Thread(target=_append_from, args=(path, f"thread-{n}", LINES_EACH)) for n in range(WRITERS)]
    for worker in processes + threads:
        worker.start()
    for thread in threads:
        thread.join()
    for process in processes:
        process.join()
        assert process.exitcode == 0
    found, problems = read_journal(path)
    assert problems == []
    assert len(found) == 2 * WRITERS * LINES_EACH
    by_writer: dict[str, list[int]] = {}
    for made in found:
        assert made.reason == LONG_REASON
        by_writer.setdefault(made.sent_by, []).append(int(t.cast(str, made.ticket)))
    assert sorted(by_writer) == sorted(f"{kind}-{n}" for kind in ("process", "thread") for n in range(WRITERS))
    assert all(numbers == list(range(LINES_EACH)) for numbers in by_writer.values()), "each writer's lines in order"


# Any write record.

TEXTS = st.text(max_size=40)
SOME_TEXT = st.text(min_size=1, max_size=40)
MAYBE_TEXT = st.none() | TEXTS
WRITES = st.builds(
    Written,
    word=st.sampled_from(["RUNNING", "PAUSED", "PURGED", "STOPPED"]),
    outcome=st.sampled_from(list(Write)),
    status_before=st.integers(0, 11),
    at=st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2100, 1, 1),
        timezones=st.sampled_from(
            [timezone.utc, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
        ),
    ),
    error=MAYBE_TEXT,
)
CONTEXTS = st.builds(
    Context,
    tenant=st.builds(Tenant, SOME_TEXT, SOME_TEXT),
    sent_by=SOME_TEXT,
    run=st.builds(RunIdentity, SOME_TEXT, SOME_TEXT, MAYBE_TEXT, MAYBE_TEXT, MAYBE_TEXT),
    ticket=MAYBE_TEXT,
)
CAMPAIGNS = st.builds(Campaign, st.integers(1, 10**9), TEXTS, st.integers(0, 11), st.booleans(), st.booleans())


@settings(max_examples=150, deadline=None)
@given(context=CONTEXTS, read=CAMPAIGNS, writes=st.lists(WRITES, max_size=4), reason=MAYBE_TEXT)
def test_any_write_record_is_one_whole_line_that_reads_back_as_its_entry(context, read, writes, reason):
    made = entries(context, read, writes, reason)
    assert [(e.sent, e.outcome, e.status_before, e.at) for e in made] == [
        (w.word, w.outcome.value, w.status_before, w.at) for w in writes
    ]
    assert all(e.at.utcoffset() == timedelta(0) for e in made)
    assert all(e.campaign_name == (read.name or None) and e.ticket == context.ticket for e in made)
    for one in made:
        line = one.as_line()
        assert not any(brk in line for brk in ("\n", "\r", "\u2028", "\u2029"))
        assert JournalEntry.from_dict(json.loads(line)) == one
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "journal.jsonl")
        Journal(path, context).record(read, writes, reason)
        if made:
            assert read_journal(path) == (made, [])
        else:
            assert not os.path.exists(path)
