# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What users read against what the code does: the tables and the state picture generated from the lifecycle
module, the AWX credential type and execution environment files against the variables the modules read, and the AWX
job templates and workflow against the playbooks they run and the variables those read."""

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


# The documentation site


def test_every_guide_is_in_the_sites_table_of_contents_and_on_the_landing_page():
    sections = yaml.safe_load((ROOT / "docs" / "docsite" / "extra-docs.yml").read_text(encoding="utf-8"))["sections"]
    listed = [page for section in sections for page in section["toctree"]]
    assert sorted(listed) == sorted(path.stem for path in (ROOT / "docs" / "docsite" / "rst").glob("*.rst"))
    docsite = _hacking("docsite")
    assert [name for name, _text in docsite.GUIDES] == listed
    for name in listed:
        rst = (ROOT / "docs" / "docsite" / "rst" / f"{name}.rst").read_text(encoding="utf-8")
        assert rst.startswith(f".. _ansible_collections.eightbyeight.contact_center.docsite.{name}:\n"), name


def test_the_landing_page_lists_every_module_and_the_variables_the_collection_reads():
    docsite = _hacking("docsite")
    assert {variable for variable, _option, _meaning in docsite.ENVIRONMENT} == _variables_the_collection_reads()
    options = _module.connection_argument_spec()
    for variable, option, _meaning in docsite.ENVIRONMENT:
        assert option in options and variable == _module.ENV_PREFIX + option.upper()
    modules = docsite.module_summaries()
    assert [name for name, _summary in modules] == sorted(p.stem for p in (ROOT / "plugins" / "modules").glob("*.py"))
    page = docsite.landing_page(modules)
    for name, _summary in modules:
        assert f"eightbyeight.contact_center.{name}#module" in page
    for variable, _option, _meaning in docsite.ENVIRONMENT:
        assert f"``{variable}``" in page


def test_the_landing_page_replaces_the_welcome_of_sphinx_init_and_keeps_its_tables_of_contents(tmp_path):
    docsite = _hacking("docsite")
    index = tmp_path / "index.rst"
    toctrees = ".. toctree::\n   :maxdepth: 2\n   :caption: Collections:\n\n   collections/index\n"
    index.write_text(
        ".. _docsite_root_index:\n\nWelcome to my Ansible collection documentation\n"
        "==============================================\n\nThis docsite contains documentation of x.\n\n\n" + toctrees,
        encoding="utf-8",
    )
    docsite.write_landing_page(index, [("campaign_status", "Start, pause, purge or stop a campaign")])
    text = index.read_text(encoding="utf-8")
    assert text.startswith(".. _docsite_root_index:\n\neightbyeight.contact_center\n====")
    assert "Welcome" not in text
    assert text.endswith(toctrees)


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
    # AWX's input schema has no "one of": Platform is required, and API URL, when given, overrides it.
    assert credential_type["inputs"]["required"] == ["platform", "username", "data_token"]
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


# The AWX runbook: job templates, surveys and the workflow


class _AwxLoader(yaml.SafeLoader):
    """A YAML loader for a playbook that holds ``!unsafe`` strings, as Ansible reads them (the text, untemplated)."""


_AwxLoader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))

EXAMPLES = ROOT / "docs" / "examples"
AWX_PROJECT = EXAMPLES / "awx-project"


@pytest.fixture(scope="module")
def awx_tasks() -> dict[str, list[dict]]:
    """The tasks of docs/examples/awx-runbook.yml, by module, each with its arguments merged over module_defaults."""
    [play] = yaml.load((EXAMPLES / "awx-runbook.yml").read_text(encoding="utf-8"), Loader=_AwxLoader)
    tasks: dict[str, list[dict]] = {}
    for task in play["tasks"]:
        [module] = [key for key in task if "." in key]
        tasks.setdefault(module, []).append({**play.get("module_defaults", {}).get(module, {}), **task[module]})
    return tasks


def _collection_playbook(project_playbook: str) -> pathlib.Path:
    """The collection's playbook that a playbook of the AWX project imports, which must be its only play."""
    [entry] = yaml.safe_load((AWX_PROJECT / project_playbook).read_text(encoding="utf-8"))
    name = entry["ansible.builtin.import_playbook"]
    assert name.startswith("eightbyeight.contact_center."), name
    path = ROOT / "playbooks" / f"{name.rsplit('.', 1)[1]}.yml"
    assert path.exists(), f"{project_playbook} imports {name}, which the collection does not have"
    return path


def _documented_variables(playbook: pathlib.Path) -> set[str]:
    """The variables a collection playbook lists in the "Variables:" block of its heading comment."""
    text = playbook.read_text(encoding="utf-8")
    block = text.split("# Variables:\n", 1)[1].split("\n- ", 1)[0]
    return set(re.findall(r"^#   (\w+)\s", block, re.M))


def _used_variables(playbook: pathlib.Path) -> set[str]:
    """The names a collection playbook's plays use in their templates and conditions (not in comments)."""
    lines = [line for line in playbook.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    expressions = re.findall(r"\{\{(.*?)\}\}", "\n".join(lines))
    expressions += [line.split("when:", 1)[1] for line in lines if line.lstrip().startswith("when:")]
    return set(re.findall(r"\b[a-z_]+\b", " ".join(expressions)))


def _survey_variables(template: dict) -> dict[str, dict]:
    if not template.get("survey_enabled"):
        return {}
    return {question["variable"]: question for question in template["survey_spec"]["spec"]}


def test_every_job_template_runs_a_project_playbook_that_runs_a_playbook_of_the_collection(awx_tasks):
    templates = awx_tasks["awx.awx.job_template"]
    assert {t["playbook"] for t in templates} >= {"pause.yml", "resume.yml", "report.yml"}
    for template in templates:
        assert (AWX_PROJECT / template["playbook"]).exists(), template["name"]
        assert _collection_playbook(template["playbook"]).name == template["playbook"], template["name"]
    for path in AWX_PROJECT.glob("*.yml"):  # and the project holds nothing else
        _collection_playbook(path.name)


def test_every_survey_answer_and_extra_variable_is_one_the_playbook_reads(awx_tasks):
    for template in awx_tasks["awx.awx.job_template"]:
        playbook = _collection_playbook(template["playbook"])
        documented, used = _documented_variables(playbook), _used_variables(playbook)
        survey = _survey_variables(template)
        for variable in [*survey, *template.get("extra_vars", {})]:
            assert variable in documented, f"{template['name']}: {variable} is not a variable of {playbook.name}"
        for variable in survey:
            assert variable in used, f"{template['name']}: {playbook.name} never reads {variable}"
        for question in survey.values():
            assert {"question_name", "variable", "type", "required"} <= set(question), question
            assert question["type"] in ("text", "textarea", "integer", "multiplechoice"), question


def test_the_job_templates_run_with_the_credential_of_the_credential_type(awx_tasks, credential_type):
    [created_type] = awx_tasks["awx.awx.credential_type"]
    assert created_type["name"] == "{{ cc_credential_type.name }}"
    assert set(created_type) >= {"inputs", "injectors", "kind"}
    [credential] = awx_tasks["awx.awx.credential"]
    fields = [field["id"] for field in credential_type["inputs"]["fields"]]
    assert set(credential["inputs"]) <= set(fields)
    assert set(credential_type["inputs"]["required"]) <= set(credential["inputs"])
    for template in awx_tasks["awx.awx.job_template"]:
        assert template["credentials"] == [credential["name"]], template["name"]


def test_the_inventory_runs_the_modules_with_the_python_of_ansible_playbook(awx_tasks):
    [host] = awx_tasks["awx.awx.host"]
    assert host["variables"] == {
        "ansible_connection": "local",
        "ansible_python_interpreter": "{{ ansible_playbook_python }}",
    }


def test_the_workflow_pauses_waits_for_approval_and_resumes_with_the_pause_jobs_artifact(awx_tasks):
    [workflow] = awx_tasks["awx.awx.workflow_job_template"]
    nodes = {node["identifier"]: node for node in workflow["workflow_nodes"]}
    templates = {template["name"]: template for template in awx_tasks["awx.awx.job_template"]}

    def after(node: str) -> list[str]:
        related = nodes[node]["related"]
        return [n["identifier"] for kind in ("success_nodes", "always_nodes") for n in related.get(kind, [])]

    assert nodes["approve"]["unified_job_template"]["type"] == "workflow_approval"
    assert after("pause") == ["approve"]
    assert after("approve") == ["resume"]
    assert after("resume") == []
    pause, resume = (templates[nodes[n]["unified_job_template"]["name"]] for n in ("pause", "resume"))
    assert (pause["playbook"], resume["playbook"]) == ("pause.yml", "resume.yml")
    # Every answer a job's survey requires without a default comes from the workflow's own survey.
    answered = _survey_variables(workflow)
    for template in (pause, resume):
        for variable, question in _survey_variables(template).items():
            if question["required"] and "default" not in question:
                assert variable in answered, f"the workflow does not ask {variable}, which {template['name']} needs"
    # The artifact the pause keeps is the variable the resume playbook takes.
    role_pause = (ROOT / "roles" / "desired_state" / "tasks" / "pause.yml").read_text(encoding="utf-8")
    assert re.search(r"ansible\.builtin\.set_stats:\n\s+data:\n\s+pause_snapshots:", role_pause)
    resume_playbook = _collection_playbook(resume["playbook"])
    assert "pause_snapshots" in _documented_variables(resume_playbook) & _used_variables(resume_playbook)


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
