# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading what people give the collection: a desired-state file or mapping, a host's desired state read only when
it is needed, a snapshot file, and the snapshots a resume is given (one, several, paths or mappings); each failure
naming the file."""

from __future__ import annotations

import json

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _inputs
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._desired_state import load_policy
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors import CampaignError
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._files import write_new_json
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._inputs import (
    DesiredStateFile,
    desired_policy,
    host_fleet,
    parse_desired_state,
    read_snapshot,
    snapshots_given,
)
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._runbook import runbook_ids
from ansible_collections.eightbyeight.contact_center.plugins.module_utils._snapshots import (
    Tenant,
    resume_ids_of,
    saved_form,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.desired_states import EXAMPLE, SPEC_EXAMPLE

WHERE = "the desired-state file desired.yml"
ACME = Tenant("https://vcc-na12.8x8.com", "acme")


def refusal(call, *args) -> str:
    with pytest.raises(CampaignError) as caught:
        call(*args)
    return str(caught.value)


def test_a_desired_state_file_gives_its_policy_and_its_content_as_loaded():
    policy, loaded = parse_desired_state(SPEC_EXAMPLE.encode(), WHERE)
    assert policy == load_policy(EXAMPLE)
    assert loaded == EXAMPLE
    as_json = json.dumps({"campaigns": [{"id": 125, "state": "paused"}]}).encode()
    assert parse_desired_state(as_json, WHERE)[0].pairs() == [(125, "paused")], "JSON is YAML too"


@pytest.mark.parametrize(
    "content",
    [b"campaigns: [{id: 125, state: paused", b"campaigns:\n  - id: 125\n state: paused\n", b"\tcampaigns: []\n"],
    ids=["unclosed", "bad indentation", "a tab"],
)
def test_a_file_that_is_not_yaml_is_named_with_the_problem_on_one_line(content):
    message = refusal(parse_desired_state, content, WHERE)
    assert message.startswith(f"{WHERE} is not valid YAML: ")
    assert "\n" not in message and "  " not in message


def test_a_file_that_is_yaml_but_no_desired_state_names_each_problem_and_the_file():
    content = yaml.safe_dump({"campaigns": [{"id": 125, "state": "pausd"}], "window": []}).encode()
    assert refusal(parse_desired_state, content, WHERE) == (
        f"{WHERE} has 2 problem(s): it has unknown keys window: a desired state takes version, campaigns, windows, "
        "reaches and jurisdictions; "
        "campaigns[0] (id 125) needs a state, one of running, paused, purged, stopped; got 'pausd'"
    )


def test_a_desired_state_is_the_same_from_its_file_and_as_a_mapping(tmp_path):
    path = tmp_path / "desired.yml"
    path.write_text(SPEC_EXAMPLE, encoding="utf-8")
    assert desired_policy(str(path)) == desired_policy(EXAMPLE) == load_policy(EXAMPLE)
    assert desired_policy([{"id": 125, "state": "running"}]).pairs() == [(125, "running")], "a version 1 list"


def test_a_desired_state_path_may_start_with_a_tilde(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "desired.yml").write_text(SPEC_EXAMPLE, encoding="utf-8")
    assert desired_policy("~/desired.yml") == load_policy(EXAMPLE)


def test_each_failure_names_the_file_or_the_mapping(tmp_path):
    missing = tmp_path / "missing.yml"
    assert refusal(desired_policy, str(missing)) == (
        f"cannot read the desired-state file {missing}: No such file or directory"
    )
    assert refusal(desired_policy, str(tmp_path)) == f"cannot read the desired-state file {tmp_path}: Is a directory"
    broken = tmp_path / "broken.yml"
    broken.write_text("campaigns: [", encoding="utf-8")
    assert refusal(desired_policy, str(broken)).startswith(f"the desired-state file {broken} is not valid YAML: ")
    assert refusal(desired_policy, {"campaigns": [{"id": 0, "state": "paused"}]}) == (
        "desired_state has 1 problem(s): campaigns[0] needs an id, a positive whole number; got 0"
    )


# host_fleet: the host's desired state, read only when a runbook needs it.


def test_the_hosts_desired_state_file_is_read_only_when_called(tmp_path):
    path = tmp_path / "desired.yml"
    path.write_text("campaigns: [{id: 125, state: paused", encoding="utf-8")
    fleet = host_fleet(None, str(path))
    assert callable(fleet), "nothing is read to make it"
    assert runbook_ids("126,127", fleet)[0] == [126, 127], "the campaigns given: the broken file is never read"
    with pytest.raises(CampaignError, match=f"^the desired-state file {path} is not valid YAML"):
        runbook_ids(None, fleet)
    path.write_text(yaml.safe_dump({"campaigns": [{"id": 7, "state": "paused"}, {"id": 8, "state": "running"}]}))
    assert fleet() == [7, 8], "read when called, as the file is then"


def test_a_missing_desired_state_file_is_only_an_error_when_it_is_needed(tmp_path):
    fleet = host_fleet(None, str(tmp_path / "missing.yml"))
    assert fleet is not None, "a file is named"
    assert runbook_ids([125], fleet)[0] == [125]
    with pytest.raises(CampaignError, match="^cannot read the desired-state file .*missing.yml: No such file"):
        fleet()


def test_a_hosts_desired_state_given_as_a_list_wins_and_a_host_without_one_has_none(tmp_path):
    listed = [{"id": 7, "state": "paused"}]
    given, empty = host_fleet(listed, str(tmp_path / "missing.yml")), host_fleet([], None)
    assert given is not None and empty is not None, "a list is given"
    assert given() is listed
    assert empty() == []
    assert host_fleet(None, None) is None
    assert host_fleet(None, "") is None


# read_snapshot: a snapshot file a pause saved.


def test_a_snapshot_file_gives_its_content(tmp_path):
    path = tmp_path / "paused-acme.json"
    content = {"pause_snapshots": {"acme": {"campaigns": [{"id": 125, "state": "running"}]}}}
    path.write_text(json.dumps(content), encoding="utf-8")
    assert read_snapshot(str(path)) == content


def test_a_snapshot_that_cannot_be_read_says_why_naming_the_file(tmp_path):
    missing = tmp_path / "missing.json"
    assert refusal(read_snapshot, str(missing)) == f"cannot read the snapshot {missing}: No such file or directory"
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert refusal(read_snapshot, str(broken)) == (
        f"cannot read the snapshot {broken}: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)"
    )
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")
    assert refusal(read_snapshot, str(binary)).startswith(f"cannot read the snapshot {binary}: ")


# DesiredStateFile: a desired state in force, and what reading its file again finds.


def test_a_watched_desired_state_lists_at_least_one_campaign(tmp_path):
    path = tmp_path / "desired.yml"
    path.write_text("campaigns: []\n", encoding="utf-8")
    assert refusal(DesiredStateFile.given, str(path)) == f"the desired-state file {path} lists no campaign"
    assert refusal(DesiredStateFile.given, {"campaigns": []}) == "desired_state lists no campaign"


def test_reading_the_file_again_tells_each_edit_once(tmp_path):
    path = tmp_path / "desired.yml"
    path.write_text(SPEC_EXAMPLE, encoding="utf-8")
    watched = DesiredStateFile.given(str(path))
    assert (watched.policy, watched.reference, watched.path) == (load_policy(EXAMPLE), EXAMPLE, str(path))
    assert watched.refresh() == (False, None, None), "the same file"
    path.write_text("campaigns: [{id: 125, state: paused}]\n", encoding="utf-8")
    changed = watched.refresh()
    assert changed.changed and changed.note == f"the desired-state file {path} changed: 1 campaigns now"
    assert watched.reference == {"campaigns": [{"id": 125, "state": "paused"}]}
    path.write_text("campaigns: [", encoding="utf-8")
    broken = watched.refresh()
    assert not broken.changed and broken.problem is not None
    assert broken.problem.startswith(f"the desired-state file {path} is not valid YAML")
    assert watched.refresh() == (False, None, None), "the same broken content: told once"
    path.write_text("campaigns: [{id: 125, state: paused}]\n", encoding="utf-8")
    assert watched.refresh() == (False, None, f"the desired-state file {path} is back to the desired state in force")
    assert watched.policy.pairs() == [(125, "paused")]


def test_a_desired_state_given_as_a_mapping_has_nothing_to_read_again():
    watched = DesiredStateFile.given(EXAMPLE)
    assert (watched.path, watched.reference) == (None, EXAMPLE)
    assert watched.refresh() == (False, None, None)


def test_a_problem_of_a_files_yaml_names_the_file_and_its_line(tmp_path):
    path = tmp_path / "desired.yml"
    path.write_text("campaigns: [{id: 125, state: paused}\n", encoding="utf-8")
    with pytest.raises(CampaignError) as caught:
        desired_policy(str(path))
    assert f'in "{path}", line ' in str(caught.value)


def test_a_file_that_is_not_utf8_is_refused_naming_it(tmp_path):
    path = tmp_path / "desired.yml"
    path.write_bytes("campaigns: [{id: 125, state: paus\xe9}]\n".encode("latin-1"))
    with pytest.raises(CampaignError) as caught:
        desired_policy(str(path))
    assert str(caught.value).startswith(f"the desired-state file {path} is not valid YAML: 'utf-8' codec can't decode")


def test_without_pyyaml_no_file_is_looked_for(monkeypatch):
    monkeypatch.setattr(_inputs, "yaml", None)
    with pytest.raises(CampaignError) as caught:
        desired_policy("/nonexistent/desired.yml")
    assert (
        str(caught.value)
        == "reading the desired-state file /nonexistent/desired.yml needs PyYAML where the module runs"
    )


# snapshots_given: what the resume module's snapshot option may hold, as the snapshots of the host.


def _taken(*running, tenant=ACME):
    return {"tenant": tenant.as_dict(), "taken_at": "t", "campaigns": [{"id": i, "state": "running"} for i in running]}


def _saved(directory, name, *running, host="acme"):
    path = directory / name
    write_new_json(str(path), saved_form(host, _taken(*running)))
    return str(path)


def test_one_snapshot_or_its_saved_form_is_the_host_s_snapshot():
    taken = _taken(1)
    assert snapshots_given(taken, "acme") == [(taken, "the snapshot")]
    assert snapshots_given(saved_form("acme", taken), "acme") == [(taken, "the snapshot")]
    assert snapshots_given(saved_form("acme", taken)["pause_snapshots"], "acme") == [(taken, "the snapshot")]


def test_a_path_or_several_separated_by_commas_are_read_each_named_by_its_path(tmp_path):
    first, second = _saved(tmp_path, "a.json", 1), _saved(tmp_path, "b.json", 2)
    assert snapshots_given(first, "acme") == [(_taken(1), f"the snapshot {first}")]
    assert snapshots_given(f"{first}, {second},", "acme") == [
        (_taken(1), f"the snapshot {first}"),
        (_taken(2), f"the snapshot {second}"),
    ]


def test_a_file_whose_name_holds_a_comma_is_one_path(tmp_path):
    path = _saved(tmp_path, "night,acme.json", 1)
    assert snapshots_given(path, "acme") == [(_taken(1), f"the snapshot {path}")]


def test_a_list_may_mix_paths_snapshots_and_saved_forms(tmp_path):
    path = _saved(tmp_path, "a.json", 1)
    given = [path, _taken(2), saved_form("acme", _taken(3))]
    assert snapshots_given(given, "acme") == [
        (_taken(1), f"the snapshot {path}"),
        (_taken(2), "the snapshot given as item 2"),
        (_taken(3), "the snapshot given as item 3"),
    ]


def test_a_snapshot_given_that_cannot_be_read_or_holds_not_the_host_is_named(tmp_path):
    good, missing = _saved(tmp_path, "a.json", 1), str(tmp_path / "missing.json")
    assert refusal(snapshots_given, f"{good},{missing}", "acme") == (
        f"cannot read the snapshot {missing}: No such file or directory"
    )
    other = _saved(tmp_path, "b.json", 1, host="globex")
    assert refusal(snapshots_given, [good, other], "acme") == (
        f"the snapshot {other} holds no snapshot of the host acme (it holds: globex): nothing was sent"
    )
    assert refusal(snapshots_given, [_taken(1), saved_form("globex", _taken(1))], "acme") == (
        "the snapshot given as item 2 holds no snapshot of the host acme (it holds: globex): nothing was sent"
    )


@pytest.mark.parametrize("nothing", [None, "", " , ", []])
def test_nothing_given_says_how_to_give_a_snapshot(nothing):
    assert refusal(snapshots_given, nothing, "acme") == (
        "no snapshot given: give the file pause saved, as -e @FILE or -e snapshot=FILE"
    )


def test_what_is_no_snapshot_is_left_for_resume_ids_of_to_name():
    given = snapshots_given([_taken(1), 5], "acme")
    assert given[1] == (5, "the snapshot given as item 2")
    with pytest.raises(CampaignError, match="^the snapshot given as item 2 is not a snapshot"):
        resume_ids_of(given, ACME)


def test_the_two_snapshots_of_a_pause_killed_halfway_resume_every_campaign_that_was_dialing(tmp_path):
    """The incident: 30 dialing, a pause killed after pausing 16, then a second pause of the other 14."""
    killed = _saved(tmp_path, "paused-acme-20261201T213000Z-0a1b2c.json", *range(1, 31))
    second = _saved(tmp_path, "paused-acme-20261201T213100Z-d4e5f6.json", *range(17, 31))
    assert len(resume_ids_of(snapshots_given(second, "acme"), ACME)) == 14
    assert resume_ids_of(snapshots_given(f"{second},{killed}", "acme"), ACME) == [*range(17, 31), *range(1, 17)]
