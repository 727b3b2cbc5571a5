# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What users read against what the code does: the tables and the state picture generated from the lifecycle
module, and the AWX credential type and execution environment files against the variables the modules read."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import importlib.util
import pathlib
import re
import textwrap
import types
import xml.etree.ElementTree as ET

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _module

ROOT = pathlib.Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def _load(path: pathlib.Path, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _hacking(name: str) -> types.ModuleType:
    path = ROOT / "hacking" / f"{name}.py"
    if not path.exists():
        # The collection as built for Galaxy has no hacking/ (and nothing it generates to compare with).
        pytest.skip("only in a checkout of the repository")
    return _load(path, name)


@pytest.fixture(scope="module")
def update_docs() -> types.ModuleType:
    return _hacking("update_docs")


@pytest.fixture(scope="module")
def state_diagram() -> types.ModuleType:
    return _hacking("state_diagram")


@pytest.fixture(scope="module")
def lifecycle() -> types.ModuleType:
    return _load(ROOT / "plugins" / "module_utils" / "_lifecycle.py", "_lifecycle_for_docs")


def test_every_generated_table_matches_the_lifecycle_module(update_docs):
    assert update_docs.stale_files() == [], "run `make docs` and commit the result"


def test_the_readme_table_is_the_one_of_the_reference_page(update_docs):
    """Rendered from the code, compared with the reference page's table as written by hand."""
    assert update_docs.transition_table().splitlines()[2:] == [
        "| new | RUNNING | fail | fail | fail |",
        "| running | ok | PAUSED | PAUSED, then PURGED | STOPPED |",
        "| paused | RUNNING | ok | PURGED | STOPPED |",
        "| purged | RUNNING | ok | ok | STOPPED |",
        "| stopped | fail | fail | fail | ok |",
    ]


# The state machine picture


def test_the_committed_state_pictures_are_the_ones_the_table_gives(state_diagram):
    rendered = state_diagram.rendered_files()
    committed = {path: (ROOT / path).read_text(encoding="utf-8") for path in rendered}
    assert committed == rendered, "run `make docs` and commit the result"


def test_the_state_picture_shows_every_transition_and_status_of_the_table_and_nothing_else(lifecycle):
    """Read back from the committed SVG itself, not from its generator."""
    svg = ET.parse(ROOT / "docs" / "state-machine.svg").getroot()
    arrows = {
        (g.get("data-from"), g.get("data-to")): "".join(g.find(f"{SVG}text").itertext())
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == "transition"
    }
    boxes = {g.get("data-state"): g for g in svg.iter(f"{SVG}g") if g.get("class") == "state"}

    assert set(arrows) == {(state, to) for state, targets in lifecycle.TRANSITIONS.items() for to in targets}
    assert arrows == {(state, to): lifecycle.COMMANDS[to] for state, to in arrows}
    assert set(boxes) == set(lifecycle.TRANSITIONS)
    for state, box in boxes.items():
        codes = sorted(code for code, (_name, of) in lifecycle.STATUSES.items() if of == state)
        assert box.get("data-statuses").split() == [str(code) for code in codes]
        lines = ["".join(text.itertext()) for text in box.iter(f"{SVG}text")][1:]
        assert lines == [f"{code}  {lifecycle.STATUSES[code][0]}" for code in codes]


def test_the_documentation_site_carries_the_same_picture():
    rst = (ROOT / "docs" / "docsite" / "rst" / "lifecycle.rst").read_text(encoding="utf-8")
    region = re.search(r"^\.\. raw:: html\n\n(.*?)\n\.\. END generated state-machine", rst, re.S | re.M)
    assert region, "lifecycle.rst has no generated picture"
    assert textwrap.dedent(region.group(1)) == (ROOT / "docs" / "state-machine.svg").read_text(encoding="utf-8")


def test_a_changed_table_gives_a_changed_picture(state_diagram, monkeypatch):
    before = state_diagram.render()
    transitions = dict(state_diagram.lifecycle.TRANSITIONS, stopped=("running",))
    monkeypatch.setattr(state_diagram.lifecycle, "TRANSITIONS", transitions)
    after = state_diagram.render()
    assert after != before
    assert 'data-from="stopped" data-to="running"' in after
    assert 'data-from="stopped"' not in before


# AWX and the execution environment


def _variables_the_collection_reads() -> set[str]:
    """Every EIGHTBYEIGHT_CC_* variable: option fallbacks, and names built or written out in the plugins' code."""
    names = {
        name
        for spec in _module.connection_argument_spec().values()
        if "fallback" in spec
        for name in spec["fallback"][1]
    }
    for path in (ROOT / "plugins").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r"\bEIGHTBYEIGHT_CC_[A-Z_]+\b", text))
        names.update(_module.ENV_PREFIX + name for name in re.findall(r"\{ENV_PREFIX\}([A-Z_]+)", text))
    return names


@pytest.fixture(scope="module")
def credential_type() -> dict:
    return yaml.safe_load((ROOT / "docs" / "examples" / "awx-credential-type.yml").read_text(encoding="utf-8"))


def test_the_credential_type_injects_every_variable_the_collection_reads(credential_type):
    read = _variables_the_collection_reads()
    assert read >= {
        "EIGHTBYEIGHT_CC_PLATFORM",
        "EIGHTBYEIGHT_CC_API_URL",
        "EIGHTBYEIGHT_CC_USERNAME",
        "EIGHTBYEIGHT_CC_DATA_TOKEN",
        "EIGHTBYEIGHT_CC_ACTION_TOKEN",
    }
    assert set(credential_type["injectors"]) == {"env"}
    assert set(credential_type["injectors"]["env"]) == read


def test_each_injected_variable_comes_from_its_own_field(credential_type):
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    for name, template in credential_type["injectors"]["env"].items():
        match = re.fullmatch(r"\{\{ (\w+) \}\}", template)
        assert match, f"{name}: {template!r} is not a plain field reference"
        assert match.group(1) in fields
        assert _module.ENV_PREFIX + match.group(1).upper() == name
        assert not name.startswith("ANSIBLE_")  # AWX refuses those


def test_the_tokens_are_secret_and_the_required_fields_are_the_required_options(credential_type):
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    assert {name for name, field in fields.items() if field.get("secret")} == {"data_token", "action_token"}
    assert all(field["type"] == "string" for field in fields.values())
    assert credential_type["inputs"]["required"] == ["username", "data_token"]
    assert credential_type["kind"] == "cloud"


def test_the_user_guide_shows_the_credential_type_as_it_is(credential_type):
    rst = (ROOT / "docs" / "docsite" / "rst" / "awx.rst").read_text(encoding="utf-8")
    blocks = [
        yaml.safe_load(textwrap.dedent(block))
        for block in re.findall(r"^\.\. code-block:: yaml\n\n((?:   .*\n|\n)+)", rst, re.M)
    ]
    shown = [block for block in blocks if isinstance(block, dict) and "injectors" in block]
    assert shown == [credential_type]


def test_the_execution_environment_files_name_what_the_modules_need():
    meta = yaml.safe_load((ROOT / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))
    assert meta["version"] == 1
    assert meta["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split(">=")[0] for line in requirements if line and not line.startswith("#")] == ["requests"]
    assert (ROOT / "bindep.txt").exists()
    example = yaml.safe_load((ROOT / "docs" / "examples" / "execution-environment.yml").read_text(encoding="utf-8"))
    assert example["version"] == 3
    assert [c["name"] for c in example["dependencies"]["galaxy"]["collections"]] == ["eightbyeight.contact_center"]


# CI


def test_the_ci_workflow_runs_the_makefiles_matrix():
    workflow, makefile = ROOT / ".github" / "workflows" / "ci.yml", ROOT / "Makefile"
    if not (workflow.exists() and makefile.exists()):
        pytest.skip("only in a checkout of the repository")
    [line] = [line for line in makefile.read_text(encoding="utf-8").splitlines() if line.startswith("MATRIX :=")]
    pairs = line.split(":=", 1)[1].split()
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    assert [f"{m['core']}@{m['python']}" for m in jobs["sanity-units"]["strategy"]["matrix"]["include"]] == pairs
    commands = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    assert "make test-matrix MATRIX=${{ matrix.core }}@${{ matrix.python }}" in commands
    assert {"make lint", "make units integration changelog-lint", "make docs"} <= set(commands)
