# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The audit journal: one JSON line for each status change sent, and what it tells of a campaign's history.

Each line says when, whose campaign (the tenant: a base URL and a username), which campaign, the status it was sent
from, the status word sent and what became of it (accepted, refused, unknown), what sent it, the run (the AWX job and
its user when AWX gives them, else the user and host), and why (the reason and ticket the caller gives). An entry is
made of those fields only, so it holds no credential: an error's text is an ApiError's, free of credentials already.

A line is appended whole, in one write under an exclusive lock of the file (``fcntl.flock``) and a lock of the
process (bulk tasks append from threads), then flushed to disk (``os.fsync``): several processes may append to one
journal at once. A reader names each line it cannot take (a torn or foreign line) and goes on with the next.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import threading
import typing as t
from dataclasses import dataclass
from datetime import datetime, timezone

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError, ReconcileError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import state_of
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runner import Outcome, Write, Written
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import Tenant, timestamp

if t.TYPE_CHECKING:
    from ansible_collections.eightbyeight.contact_center.plugins.module_utils._campaign import Campaign

#: The variable that names the journal when the caller's option does not.
JOURNAL_ENV = "EIGHTBYEIGHT_CC_JOURNAL"

#: What became of a write, as a line says it.
OUTCOMES = tuple(write.value for write in Write)

_UNKNOWN = "unknown"  # a user or host that cannot be learned
_MODE = 0o600  # a journal says who did what: for its owner only


@dataclass(frozen=True)
class RunIdentity:
    """Who ran the task and where: the user and host, and the AWX job and its user when AWX gives them."""

    user: str
    host: str
    awx_job_id: str | None = None
    awx_user: str | None = None
    playbook: str | None = None

    #: The keys a caller may give: the role passes the AWX ones and the playbook from Ansible variables.
    GIVEN_KEYS: t.ClassVar[tuple[str, ...]] = ("user", "host", "awx_job_id", "awx_user_name", "awx_user", "playbook")

    @classmethod
    def of(cls, environ: t.Mapping[str, str], given: t.Mapping[str, t.Any] | None = None) -> RunIdentity:
        """From what the caller gives, else the environment: the user as getpass finds it (LOGNAME, USER, LNAME,
        USERNAME, then the password database) and the host's name; "unknown" where neither says, never an error.

        Raises CampaignError for a key it does not know, so that a misspelt variable is not lost silently.
        """
        given = dict(given or {})
        unknown = sorted(str(key) for key in given if key not in cls.GIVEN_KEYS)
        if unknown:
            raise CampaignError(
                f"the run's identity has no {', '.join(unknown)} (it takes {', '.join(cls.GIVEN_KEYS)})"
            )
        awx_user = _text(given.get("awx_user_name")) or _text(given.get("awx_user"))
        return cls(
            user=_text(given.get("user")) or _user(environ),
            host=_text(given.get("host")) or _host(),
            awx_job_id=_text(given.get("awx_job_id")),
            awx_user=awx_user,
            playbook=_text(given.get("playbook")),
        )

    def describe(self) -> str:
        """'alice on bastion', or 'alice on bastion (AWX job 42 by bob)': who ran it, for a person."""
        job = ""
        if self.awx_job_id:
            job = f" (AWX job {self.awx_job_id}{f' by {self.awx_user}' if self.awx_user else ''})"
        return f"{self.user} on {self.host}{job}"

    def as_dict(self) -> dict[str, str | None]:
        return {
            "user": self.user,
            "host": self.host,
            "awx_job_id": self.awx_job_id,
            "awx_user": self.awx_user,
            "playbook": self.playbook,
        }

    @classmethod
    def from_dict(cls, value: t.Any, where: str = "run") -> RunIdentity:
        """The identity a line records, or a CampaignError naming the bad field."""
        if not isinstance(value, dict):
            raise CampaignError(f"field {where!r} should be an object, got {_preview(value)}")
        return cls(
            user=_required_text(value, "user", where),
            host=_required_text(value, "host", where),
            awx_job_id=_optional_text(value, "awx_job_id", where),
            awx_user=_optional_text(value, "awx_user", where),
            playbook=_optional_text(value, "playbook", where),
        )


def _text(value: t.Any) -> str | None:
    """A given value as text (an AWX job ID comes as a number); None for nothing at all."""
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def _user(environ: t.Mapping[str, str]) -> str:
    # getpass.getuser's order, from the environment given; where it raises (nothing found), this says "unknown".
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if environ.get(name):
            return environ[name]
    try:
        import pwd  # pylint: disable=import-outside-toplevel  # POSIX only, as getpass has it

        return pwd.getpwuid(os.getuid()).pw_name or _UNKNOWN
    except (ImportError, KeyError, OSError):  # no pwd module, or no entry for this user (a container's random UID)
        return _UNKNOWN


def _host() -> str:
    try:
        return socket.gethostname() or _UNKNOWN
    except OSError:
        return _UNKNOWN


@dataclass(frozen=True)
class JournalEntry:
    """One status change sent, as one line of the journal says it."""

    #: When its answer came (UTC).
    at: datetime
    tenant: Tenant
    campaign_id: int
    #: None when the campaign could not be read.
    campaign_name: str | None
    #: The campaign's status as last read before the send, and its state.
    status_before: int
    state_before: str
    #: The status word sent.
    sent: str
    #: "accepted", "refused" or "unknown".
    outcome: str
    #: What sent it: a module's full name ("eightbyeight.contact_center.campaign_pause"), or "enforcer".
    sent_by: str
    run: RunIdentity
    #: Why: the window, the rule, the hold, or the operator's reason.
    reason: str | None = None
    ticket: str | None = None
    #: The error's text when it was refused or its outcome is unknown.
    error: str | None = None

    def as_dict(self) -> dict[str, t.Any]:
        """The fields in a fixed order, as a line holds them."""
        return {
            "at": _instant(self.at),
            "tenant": self.tenant.as_dict(),
            "campaign_id": self.campaign_id,
            "campaign_name": self.campaign_name,
            "status_before": self.status_before,
            "state_before": self.state_before,
            "sent": self.sent,
            "outcome": self.outcome,
            "sent_by": self.sent_by,
            "run": self.run.as_dict(),
            "reason": self.reason,
            "ticket": self.ticket,
            "error": self.error,
        }

    def as_line(self) -> str:
        """One JSON object on one line, without its newline: JSON escapes every line break in a text, and the two
        that JSON leaves as they are (U+2028, U+2029) are escaped too, for readers that split on them."""
        text = json.dumps(self.as_dict(), ensure_ascii=False)
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")

    @classmethod
    def from_dict(cls, value: t.Any) -> JournalEntry:
        """The entry a line's object records, or a CampaignError naming the bad field. Fields it does not know are
        left aside, so that a newer collection's lines still read."""
        if not isinstance(value, dict):
            raise CampaignError(f"not a JSON object: {_preview(value)}")
        tenant = value.get("tenant")
        if not isinstance(tenant, dict):
            raise CampaignError(f"field 'tenant' should be an object, got {_preview(tenant)}")
        outcome = value.get("outcome")
        if outcome not in OUTCOMES:
            raise CampaignError(f"field 'outcome' should be one of {', '.join(OUTCOMES)}, got {_preview(outcome)}")
        return cls(
            at=_parse_instant(value.get("at")),
            tenant=Tenant(_required_text(tenant, "api_url", "tenant"), _required_text(tenant, "username", "tenant")),
            campaign_id=_whole_number(value, "campaign_id", smallest=1),
            campaign_name=_optional_text(value, "campaign_name"),
            status_before=_whole_number(value, "status_before", smallest=0),
            state_before=_required_text(value, "state_before"),
            sent=_required_text(value, "sent"),
            outcome=outcome,
            sent_by=_required_text(value, "sent_by"),
            run=RunIdentity.from_dict(value.get("run")),
            reason=_optional_text(value, "reason"),
            ticket=_optional_text(value, "ticket"),
            error=_optional_text(value, "error"),
        )


def _instant(when: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the microsecond when there is one: '2026-12-01T21:30:00.250000Z'."""
    return when.astimezone(timezone.utc).replace(tzinfo=None).isoformat() + "Z"


def _parse_instant(value: t.Any) -> datetime:
    if isinstance(value, str):
        text = value.strip()
        try:
            # Python 3.9's fromisoformat takes no Z.
            parsed = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
            if parsed.utcoffset() is not None:
                return parsed.astimezone(timezone.utc)
        except (ValueError, OverflowError):  # not a time, or one whose UTC falls outside the calendar
            pass
    raise CampaignError(f"field 'at' should be an ISO 8601 time with its offset (such as Z), got {_preview(value)}")


def _field_name(name: str, where: str | None) -> str:
    return f"{where}.{name}" if where else name


def _required_text(value: dict[str, t.Any], name: str, where: str | None = None) -> str:
    found = value.get(name)
    if not isinstance(found, str) or not found:
        raise CampaignError(f"field {_field_name(name, where)!r} should be a text, got {_preview(found)}")
    return found


def _optional_text(value: dict[str, t.Any], name: str, where: str | None = None) -> str | None:
    found = value.get(name)
    if found is not None and not isinstance(found, str):
        raise CampaignError(f"field {_field_name(name, where)!r} should be a text or null, got {_preview(found)}")
    return found


def _whole_number(value: dict[str, t.Any], name: str, smallest: int) -> int:
    found = value.get(name)
    if isinstance(found, bool) or not isinstance(found, int) or found < smallest:
        raise CampaignError(f"field {name!r} should be a whole number from {smallest}, got {_preview(found)}")
    return found


def _preview(value: t.Any, limit: int = 60) -> str:
    text = "nothing" if value is None else repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass(frozen=True)
class Context:
    """What is the same for every write of a task: whose campaigns, what sends, the run, and the ticket if any."""

    tenant: Tenant
    sent_by: str
    run: RunIdentity
    ticket: str | None = None


def entries(
    context: Context, campaign: Campaign, writes: t.Sequence[Written], reason: str | None
) -> list[JournalEntry]:
    """The journal's entries for the writes sent to one campaign, in the order sent."""
    return _entries(context, campaign.id, campaign.name or None, writes, reason)


def entries_of_result(
    context: Context, outcome_or_error: Outcome | ReconcileError, reason: str | None
) -> list[JournalEntry]:
    """The entries for what one campaign's reconcile sent, whether it ended in an Outcome or a ReconcileError; a
    campaign that failed before it could be read has no name."""
    if isinstance(outcome_or_error, Outcome):
        return entries(context, outcome_or_error.before, outcome_or_error.writes, reason)
    campaign = outcome_or_error.campaign
    name = campaign.name or None if campaign is not None else None
    return _entries(context, outcome_or_error.campaign_id, name, outcome_or_error.writes, reason)


def _entries(
    context: Context, campaign_id: int, name: str | None, writes: t.Sequence[Written], reason: str | None
) -> list[JournalEntry]:
    return [
        JournalEntry(
            at=write.at.astimezone(timezone.utc),
            tenant=context.tenant,
            campaign_id=campaign_id,
            campaign_name=name,
            status_before=write.status_before,
            state_before=state_of(write.status_before),
            sent=write.word,
            outcome=write.outcome.value,
            sent_by=context.sent_by,
            run=context.run,
            reason=reason,
            ticket=context.ticket,
            error=write.error,
        )
        for write in writes
    ]


# One lock for every journal of the process: flock keeps other processes out, this keeps this one's threads in line.
_APPEND_LOCK = threading.Lock()


class Journal:
    """A journal file, appended to for one task (``context``)."""

    def __init__(self, path: str, context: Context) -> None:
        self.path = path
        self.context = context

    def record(self, campaign: Campaign, writes: t.Sequence[Written], reason: str | None) -> list[JournalEntry]:
        """Append the entries of the writes sent to ``campaign``, and return them; nothing at all when none was."""
        made = entries(self.context, campaign, writes, reason)
        self.append(made)
        return made

    def record_result(self, outcome_or_error: Outcome | ReconcileError, reason: str | None) -> list[JournalEntry]:
        """Append the entries of what one campaign's reconcile sent, and return them."""
        made = entries_of_result(self.context, outcome_or_error, reason)
        self.append(made)
        return made

    def append(self, journal_entries: t.Sequence[JournalEntry]) -> None:
        """Append each entry as one line, written whole and flushed to disk before the next; raises CampaignError
        naming the path and the system's reason when the file cannot be written."""
        if not journal_entries:
            return  # no file is made for a task that sent nothing
        lines = [(entry.as_line() + "\n").encode("utf-8") for entry in journal_entries]
        try:
            with _APPEND_LOCK:
                descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, _MODE)
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX)
                    for line in lines:
                        _write_whole(descriptor, line)
                        os.fsync(descriptor)
                finally:
                    os.close(descriptor)  # which releases the lock
        except OSError as error:
            raise CampaignError(f"could not append to the journal {self.path}: {error.strerror or error}") from None


def _write_whole(descriptor: int, data: bytes) -> None:
    # One write puts a line down whole; should the system take only part of it (a full disk, a signal), the rest
    # follows under the same lock, so that no other writer's line comes between.
    while data:
        written = os.write(descriptor, data)
        data = data[written:]


def journal_path(given: str | None, environ: t.Mapping[str, str]) -> str | None:
    """The journal to append to: the caller's option, else EIGHTBYEIGHT_CC_JOURNAL, else None (no journal)."""
    return given or environ.get(JOURNAL_ENV) or None


def read_journal(path: str) -> tuple[list[JournalEntry], list[str]]:
    """The entries of a journal, in the order written, and a problem for each line that is not one, named by its
    number (from 1): a torn or foreign line never stops the reading. Raises CampaignError when the file cannot be
    read at all."""
    try:
        with open(path, "rb") as journal:
            data = journal.read()
    except OSError as error:
        raise CampaignError(f"could not read the journal {path}: {error.strerror or error}") from None
    found: list[JournalEntry] = []
    problems: list[str] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            found.append(JournalEntry.from_dict(json.loads(raw.decode("utf-8"))))
        except UnicodeDecodeError:
            problems.append(f"line {number}: not UTF-8 text")
        except (ValueError, RecursionError):  # RecursionError: a foreign line nested too deep for the decoder
            # Not quoted: a foreign line may be anyone's text.
            problems.append(f"line {number}: not JSON (a torn or foreign line of {len(raw)} bytes)")
        except CampaignError as error:
            problems.append(f"line {number}: {error}")
    return found, problems


def history(journal_entries: t.Iterable[JournalEntry], tenant: Tenant, campaign_id: int) -> list[JournalEntry]:
    """What was sent to one campaign of one tenant (campaign IDs repeat across tenants), oldest first."""
    mine = [e for e in journal_entries if e.campaign_id == campaign_id and e.tenant.same_as(tenant)]
    return sorted(mine, key=lambda entry: entry.at)  # stable: lines of one instant keep the journal's order


def last_accepted(journal_entries: t.Iterable[JournalEntry], tenant: Tenant, campaign_id: int) -> JournalEntry | None:
    """The last change the platform accepted for one campaign of one tenant, or None."""
    accepted = [e for e in history(journal_entries, tenant, campaign_id) if e.outcome == Write.ACCEPTED.value]
    return accepted[-1] if accepted else None


def describe(entry: JournalEntry) -> str:
    """One entry for a person: 'campaign 125 (Spring renewals): PAUSED accepted at 2026-12-01T21:30:00Z, sent by
    eightbyeight.contact_center.campaign_pause for alice on bastion (AWX job 42 by bob), reason: incident (ticket
    INC-7)'."""
    name = f" ({entry.campaign_name})" if entry.campaign_name else ""
    run = entry.run
    text = (
        f"campaign {entry.campaign_id}{name}: {entry.sent} {entry.outcome} at {timestamp(entry.at)}, sent by "
        f"{entry.sent_by} for {run.describe()}"
    )
    if entry.reason:
        text += f", reason: {entry.reason}"
        if entry.ticket:
            text += f" (ticket {entry.ticket})"
    elif entry.ticket:
        text += f", ticket {entry.ticket}"
    if entry.error:
        text += f"; {entry.error}"
    return text
