# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What users read against what the code does: the tables generated from the lifecycle module, and the AWX
credential type and execution environment files against the variables the modules read."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import importlib.util
import pathlib
import re
import types

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _module

ROOT = pathlib.Path(__file__).resolve().parents[2]


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
