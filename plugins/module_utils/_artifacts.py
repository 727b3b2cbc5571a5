# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The files the runbook leaves for people: snapshots, reports, plans. Where they go, what they say, and writing them
whole (a reader never sees half a file).

Every file names its tenant (base URL and username, never a token) and the time it describes.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
import typing as t

from ansible.module_utils.common.yaml import HAS_YAML, yaml_load

from ansible_collections.eightbyeight.contact_center.plugins.module_utils._lifecycle import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._policy import Policy, load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import (
    Tenant,
    restores,
    snapshot_of_host,
    timestamp,
)

if t.TYPE_CHECKING:
    from datetime import datetime

SNAPSHOT_PREFIX = "paused"


def destination(dest: str | None, host: str, default_name: str) -> str:
    """Where to write a file: into ``dest`` when it is a directory (or not given: the current one) under
    ``default_name``, else ``dest`` with the host's name before its extension, so that each host (tenant) of a play
    writes a file of its own."""
    dest = os.path.abspath(os.path.expanduser(dest or "."))
    if os.path.isdir(dest):
        return os.path.join(dest, default_name)
    root, ext = os.path.splitext(dest)
    return f"{root}-{host}{ext}"


def snapshot_dest(dest: str | None, host: str, when: datetime) -> str:
    """Where a pause saves its snapshot: by default paused-<host>-<UTC time>.json, which restoring_snapshot finds."""
    return destination(dest, host, f"{SNAPSHOT_PREFIX}-{host}-{when.strftime('%Y%m%dT%H%M%SZ')}.json")


def restoring_snapshot(directory: str, host: str, tenant: Tenant, ids: t.Collection[int]) -> str | None:
    """The newest snapshot in ``directory`` (by the time in its default name) of this host and tenant that would resume
    one of ``ids``; None if there is none. A file that cannot be read or parsed is passed over."""
    pattern = os.path.join(glob.escape(directory), f"{SNAPSHOT_PREFIX}-{glob.escape(host)}-*.json")
    for path in sorted(glob.glob(pattern), reverse=True):
        try:
            with open(path, encoding="utf-8") as stream:
                found = json.load(stream)
        except (OSError, ValueError):
            continue
        try:
            if restores(snapshot_of_host(found, host), tenant, ids):
                return path
        except CampaignError:
            continue
    return None


def host_fleet(desired_state: list[t.Any] | None, desired_state_file: str | None) -> list[t.Any]:
    """The host's desired state: given as a list, else the campaigns of its file."""
    if desired_state is not None:
        return desired_state
    return [campaign.id for campaign in desired_policy(t.cast(str, desired_state_file)).campaigns]


def desired_policy(given: t.Any) -> Policy:
    """The policy of a desired state given as the path of its file or as its content (a mapping, or a list of
    campaigns), checked as a whole; a CampaignError names each problem, and the file."""
    if isinstance(given, str):
        return load_policy(_read_desired_state(given), f"the desired-state file {given}")
    return load_policy(given, "desired_state")


def _read_desired_state(path: str) -> t.Any:
    """A desired-state file's content (YAML or JSON), as load_policy checks it, or a CampaignError if it cannot be
    read or parsed."""
    if not HAS_YAML:  # ansible-core's own dependency: missing only on a Python that does not run Ansible
        raise CampaignError(f"reading the desired-state file {path} needs PyYAML where the module runs")
    try:
        with open(path, encoding="utf-8") as stream:
            content = yaml_load(stream)
    except OSError as error:
        raise CampaignError(f"cannot read the desired-state file {path}: {error.strerror or error}") from None
    except Exception as error:  # pylint: disable=broad-exception-caught  # yaml.YAMLError, whose module may be absent
        problem = " ".join(str(error).split())
        raise CampaignError(f"the desired-state file {path} is not valid YAML: {problem}") from None
    return content


def write_text(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole: into a file beside it, then renamed over it."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # the campaigns' status is no secret, and the tokens are never in it
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_json(path: str, data: t.Any) -> None:
    write_text(path, json.dumps(data, indent=2) + "\n")


def resume_command(path: str, host: str, inventory: t.Sequence[str] = ()) -> str:
    """The command that resumes from the snapshot at ``path``, for the host (tenant) it was taken on, in the
    inventory it came from."""
    target = "" if host == "localhost" else "".join(f" -i {source}" for source in inventory) + f" -e target={host}"
    return f"ansible-playbook eightbyeight.contact_center.resume{target} -e @{path}"


def report_dest(dest: str | None, host: str, default_suffix: str) -> str:
    """Where a report writes a file: by default report-<host><default_suffix>."""
    return destination(dest, host, f"report-{host}{default_suffix}")


def table(campaigns: list[dict[str, t.Any]]) -> list[str]:
    """The campaigns as a table for a terminal: ID, name, state, status."""
    width = max([len(str(c["name"])) for c in campaigns] + [4])
    row = f"{{:<8}}  {{:<{width}}}  {{:<8}}  {{}}"
    lines = [row.format("ID", "NAME", "STATE", "STATUS")]
    lines += [row.format(c["id"], c["name"], c["state"], f"{c['status']} {c['status_name']}") for c in campaigns]
    return lines


def keep_as_is(taken: dict[str, t.Any]) -> str:
    """A desired-state file that keeps every campaign of a snapshot as it is, naming the tenant and the time.

    New campaigns are left out (as comments): a desired state can start a campaign, never keep it new.
    """
    tenant = taken["tenant"]
    lines = [
        "---",
        f"# The desired state that keeps campaigns as they were at {taken['taken_at']},",
        f"# tenant {tenant['username']} at {tenant['api_url']} (host {taken['host']}).",
    ]
    new = [c for c in taken["campaigns"] if c["state"] == "new"]
    kept = [c for c in taken["campaigns"] if c["state"] != "new"]
    if new:
        lines.append("# Left out: a desired state cannot keep a campaign new, only start it.")
        lines += [f"#   - {{id: {c['id']}, state: new}}  # {_comment(c['name'])}" for c in new]
    lines.append("campaigns:" + ("" if kept else " []"))
    lines += [f"  - {{id: {c['id']}, state: {c['state']}}}  # {_comment(c['name'])}" for c in kept]
    return "\n".join(lines) + "\n"


def _comment(text: t.Any) -> str:
    return " ".join(str(text).split())  # a name with a line break must not end the comment


def plan_document(
    tenant: Tenant, taken_at: datetime, check_mode: bool, rows: list[dict[str, t.Any]], failures: list[dict[str, t.Any]]
) -> dict[str, t.Any]:
    """The plan file's content: the campaigns that would change (in a real run, that changed), with the tenant and the
    time; ``complete`` is false, and ``failures`` names them, when some campaigns could not be checked."""
    return {
        "tenant": tenant.as_dict(),
        "taken_at": timestamp(taken_at),
        "check_mode": check_mode,
        "complete": not failures,
        "campaigns": rows,
        "failures": failures,
    }


def plan_markdown(plan: dict[str, t.Any]) -> str:
    """The plan as Markdown, for a pull-request comment or a ticket; a failed check says so first, plainly."""
    tenant, check_mode = plan["tenant"], plan["check_mode"]
    lines = [f"Plan for the tenant {tenant['username']} at {tenant['api_url']}, {plan['taken_at']}", ""]
    if not plan["complete"]:
        lines += [
            f"**The check failed**: {len(plan['failures'])} campaign(s) could not be checked, so this plan is "
            "incomplete:",
            "",
        ]
        lines += [f"- {_cell(failure['msg'])}" for failure in plan["failures"]]
        lines.append("")
    if plan["campaigns"]:
        policed = any("decided_by" in row for row in plan["campaigns"])
        extra = " decided by | held back |" if policed else ""
        lines += [
            f"| ID | name | status | desired | {'would send' if check_mode else 'sent'} |{extra}",
            "|---|---|---|---|---|" + ("---|---|" if policed else ""),
        ]
        lines += [
            f"| {row['id']} | {_cell(row['name'])} | {row['status']} ({row['status_name']}) | {row['desired']} | "
            f"{', '.join(row['transitions'])} |" + (f" {_cell(row['decided_by'])} | {_held(row)} |" if policed else "")
            for row in plan["campaigns"]
        ]
    elif plan["complete"]:
        lines.append(
            f"No campaign {'would change' if check_mode else 'changed'}: the campaigns are in their desired state."
        )
    else:
        lines.append(f"No campaign that could be checked {'would change' if check_mode else 'changed'}.")
    return "\n".join(lines) + "\n"


def _held(row: dict[str, t.Any]) -> str:
    """What a policy held back of a row's change, and why; empty when nothing was."""
    if not row.get("held_because"):
        return ""
    return _cell(f"{', '.join(row['held'])}: {row['held_because']}" if row["held"] else row["held_because"])


def _cell(text: t.Any) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
