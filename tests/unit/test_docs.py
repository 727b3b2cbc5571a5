# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What users read against what the code does: the tables and the state picture generated from the lifecycle
module, the AWX credential type and execution environment files against the variables the modules read, the AWX
job templates and workflow against the playbooks they run and the variables those read, the README's sections, and the
desired-state files the guide shows against the policy module. The CI examples have test_ci_examples.py."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import pathlib
import re
import textwrap
import types
import typing as t
import xml.etree.ElementTree as ET

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import (
    _decisions,
    _desired_state,
    _lifecycle,
    _module,
    _windows,
)
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.repository import (
    ROOT,
    hacking,
    variables_the_collection_reads,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def update_docs() -> types.ModuleType:
    return hacking("update_docs")


@pytest.fixture(scope="module")
def state_diagram() -> types.ModuleType:
    return hacking("state_diagram")


@pytest.fixture(scope="module")
def lifecycle() -> types.ModuleType:
    return _lifecycle


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


def _text_of(element: ET.Element, path: str) -> str:
    """All the text in the first element at ``path`` under ``element``."""
    found = element.find(path)
    assert found is not None, f"no {path} in {element.attrib}"
    return "".join(found.itertext())


def test_the_state_picture_shows_every_transition_and_status_of_the_table_and_nothing_else(lifecycle):
    """Read back from the committed SVG itself, not from its generator."""
    svg = ET.parse(ROOT / "docs" / "state-machine.svg").getroot()
    arrows = {
        (g.get("data-from"), g.get("data-to")): _text_of(g, f"{SVG}text")
        for g in svg.iter(f"{SVG}g")
        if g.get("class") == "transition"
    }
    boxes = {g.get("data-state"): g for g in svg.iter(f"{SVG}g") if g.get("class") == "state"}

    assert set(arrows) == {(state, to) for state, targets in lifecycle.TRANSITIONS.items() for to in targets}
    assert arrows == {(state, to): lifecycle.COMMANDS[to] for state, to in arrows}
    assert set(boxes) == set(lifecycle.TRANSITIONS)
    for state, box in boxes.items():
        codes = sorted(code for code, (_name, of) in lifecycle.STATUSES.items() if of == state)
        statuses = box.get("data-statuses")
        assert statuses is not None, state
        assert statuses.split() == [str(code) for code in codes]
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
    docsite = hacking("docsite")
    assert [name for name, _text in docsite.GUIDES] == listed
    for name in listed:
        rst = (ROOT / "docs" / "docsite" / "rst" / f"{name}.rst").read_text(encoding="utf-8")
        assert rst.startswith(f".. _ansible_collections.eightbyeight.contact_center.docsite.{name}:\n"), name


def test_the_landing_page_lists_every_module_and_thevariables_the_collection_reads():
    docsite = hacking("docsite")
    assert {variable for variable, _option, _meaning in docsite.ENVIRONMENT} == variables_the_collection_reads()
    options = {**_module.connection_argument_spec(), **_module.audit_argument_spec()}
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
    docsite = hacking("docsite")
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


def _rst_blocks(name: str, language: str) -> list[str]:
    """The ``.. code-block:: <language>`` blocks of a page of the site, without their indent."""
    rst = (ROOT / "docs" / "docsite" / "rst" / f"{name}.rst").read_text(encoding="utf-8")
    pattern = rf"^\.\. code-block:: {re.escape(language)}\n\n((?:   .*\n|\n)+)"
    return [textwrap.dedent(block) for block in re.findall(pattern, rst, re.M)]


def test_the_site_config_writes_the_changelog_and_names_each_variable_the_guide_defines():
    config = yaml.safe_load((ROOT / "docs" / "docsite" / "config.yml").read_text(encoding="utf-8"))
    # The keys of antsibull-docs' collection config (antsibull_docs.schemas.collection_config): a misspelt one would
    # be ignored, and the links with it.
    assert set(config) <= {"flatmap", "envvar_directives", "changelog", "ansible_output"}
    assert config["changelog"] == {"write_changelog": True}
    docsite = hacking("docsite")
    assert config["envvar_directives"] == [variable for variable, _option, _meaning in docsite.ENVIRONMENT]
    assert set(config["envvar_directives"]) == variables_the_collection_reads()
    pages = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "docs" / "docsite" / "rst").glob("*.rst"))
    defined = re.findall(r"^\.\. envvar:: (\S+)$", pages, re.M)
    assert sorted(defined) == sorted(config["envvar_directives"]), "each defined once, on the site's own pages"


def test_the_awx_local_page_gives_the_jobs_what_the_job_templates_give_them(awx_tasks, credential_type):
    """The page's files and commands against docs/examples/awx-runbook.yml and the role's set_stats; the
    end-to-end test tests/integration/runbook/test_docs_e2e.py runs them."""
    templates = {template["name"]: template for template in awx_tasks["awx.awx.job_template"]}
    [host] = awx_tasks["awx.awx.host"]
    [inventory] = [yaml.load(b, Loader=_AwxLoader) for b in _rst_blocks("awx_local", "yaml") if b.startswith("all:")]
    assert inventory == {"all": {"hosts": {host["name"]: host["variables"]}}}
    [envvars] = [yaml.safe_load(b) for b in _rst_blocks("awx_local", "yaml") if b.startswith("EIGHTBYEIGHT_CC_")]
    assert set(envvars) == set(credential_type["injectors"]["env"]) | {"EIGHTBYEIGHT_CC_HOLD_DIR"}
    [extravars] = [json.loads(block) for block in _rst_blocks("awx_local", "json")]
    assert set(extravars) == set(_survey_variables(templates["Contact Center - pause"]))
    runs = re.findall(r"^ansible-runner run (\w+) -p (\S+) -vvv$", "".join(_rst_blocks("awx_local", "console")), re.M)
    assert runs == [(job, templates[f"Contact Center - {job}"]["playbook"]) for job in ("pause", "resume", "report")]
    # The artifacts the page hands over are those the pause keeps with set_stats, and nothing else.
    tasks = yaml.safe_load((ROOT / "roles" / "desired_state" / "tasks" / "pause.yml").read_text(encoding="utf-8"))
    [stats] = [task["ansible.builtin.set_stats"]["data"] for task in tasks if "ansible.builtin.set_stats" in task]
    page = (ROOT / "docs" / "docsite" / "rst" / "awx_local.rst").read_text(encoding="utf-8")
    assert set(re.findall(r"``(pause_\w+)``", page)) == set(stats) == {"pause_snapshots", "pause_holds"}


# The calling rules page


@pytest.fixture(scope="module")
def calling_rules() -> types.ModuleType:
    module = hacking("calling_rules")
    if not module.available():
        pytest.skip("the collection ships no calling rules yet (plugins/module_utils/_jurisdictions.py)")
    return module


def test_the_calling_rules_page_lists_every_shipped_rule_with_its_citation_and_check_date(calling_rules):
    rules = calling_rules._module("_jurisdictions").RULES  # pylint: disable=protected-access
    page = (ROOT / calling_rules.RST_PATH).read_text(encoding="utf-8")
    table = page.split(".. BEGIN generated calling-rules")[1].split(".. END generated calling-rules")[0]
    rows = table.split("   * - ")[2:]  # after the header
    assert [row.split("\n")[0] for row in rows] == [f"``{rule.code}``" for rule in rules]
    for rule, row in zip(rules, rows):
        assert " ".join(rule.citation.split()).split(" http", maxsplit=1)[0] in row.replace("\\", ""), rule.code
        # A row never checked against its source says so, never a date.
        assert row.rstrip().endswith(rule.checked.isoformat() if rule.checked else "- not checked"), rule.code
        assert all(f"``{zone}``" in row for zone in rule.zones), rule.code


def test_the_calling_rules_table_words_hours_sundays_and_holidays_as_the_rules_say(calling_rules):
    texas = (((9 * 3600, 21 * 3600),) * 6) + ((12 * 3600, 21 * 3600),)
    assert calling_rules.hours_by_day(texas) == "mon-sat 09:00-21:00; sun 12:00-21:00"
    australia = ((9 * 3600, 20 * 3600),) * 5 + ((9 * 3600, 17 * 3600), None)
    assert calling_rules.hours_by_day(australia) == "mon-fri 09:00-20:00; sat 09:00-17:00; sun closed"
    assert calling_rules.hours_by_day({day: (8 * 3600, 20 * 3600) for day in range(7)}) == "08:00-20:00 every day"
    alabama = types.SimpleNamespace(hours=((8 * 3600, 20 * 3600),) * 6 + (None,), holidays=("US", "AL"))
    assert calling_rules.sundays_and_holidays(alabama) == "Sundays closed; closed on US-AL holidays"


def test_the_worked_example_is_what_the_code_draws_and_says_what_florida_and_texas_allow(calling_rules):
    svg = (ROOT / calling_rules.SVG_PATH).read_text(encoding="utf-8")
    assert svg == calling_rules.example_svg(), "run `make docs` and commit the result"
    page = (ROOT / calling_rules.RST_PATH).read_text(encoding="utf-8")
    assert textwrap.indent(svg, "   ").replace("   \n", "\n") in page
    root = ET.fromstring(svg)
    labels = [group.findtext(f"{SVG}text") for group in root.findall(f"{SVG}g[@class='campaign']")]
    assert labels == ["125 Gulf renewals", "126 Alabama win-back"]
    assert len(root.findall(f"{SVG}g[@data-campaign='126']/{SVG}rect[@class='holiday']")) == 1  # Christmas Day
    # Florida (08:00-20:00 Eastern and Central) with Texas (09:00-21:00 Central and Mountain, Sundays from noon),
    # seen from New York: 11:00-20:00, and 14:00-20:00 on Sunday.
    rows = {row.split(" | ")[0].strip("| "): row for row in map(str.strip, page.splitlines()) if row.startswith("| 12")}
    assert rows["125 Gulf renewals"].count("11:00-20:00") == 6 and "| 14:00-20:00 |" in rows["125 Gulf renewals"]
    assert "closed; holiday: Christmas Day (US-AL)" in rows["126 Alabama win-back"]


# AWX and the execution environment


@pytest.fixture(scope="module")
def credential_type() -> dict:
    return yaml.safe_load((ROOT / "docs" / "examples" / "awx-credential-type.yml").read_text(encoding="utf-8"))


def test_the_credential_type_injects_every_variable_the_collection_reads(credential_type):
    read = variables_the_collection_reads()
    assert read >= {
        "EIGHTBYEIGHT_CC_PLATFORM",
        "EIGHTBYEIGHT_CC_API_URL",
        "EIGHTBYEIGHT_CC_USERNAME",
        "EIGHTBYEIGHT_CC_DATA_TOKEN",
        "EIGHTBYEIGHT_CC_ACTION_TOKEN",
    }
    assert set(credential_type["injectors"]) == {"env"}
    assert set(credential_type["injectors"]["env"]) == read - set(hacking("docsite").NOT_CREDENTIALS)


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
    named = [line.split(">=")[0] for line in requirements if line and not line.startswith("#")]
    assert named[0] == "requests" and "icalendar" in named  # the calendar file of campaign_schedule
    assert all(">=" in line for line in requirements if line and not line.startswith("#")), "floors, never pins"
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
# The second project, the repository of the runbook itself, holds the playbook that turns the apply schedules off
# and on; it talks to the controller's API, and runs none of the collection's playbooks.
CONFIG_PROJECT = "Contact Center AWX configuration"
SCHEDULE_SWITCH = EXAMPLES / "awx-schedules.yml"
AWX_PROJECTS = {"Contact Center runbook": AWX_PROJECT, CONFIG_PROJECT: EXAMPLES}


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


def _template_playbook(template: dict) -> pathlib.Path:
    """The playbook whose variables a job template's answers must be: the schedule switch for the one of the
    configuration project, else the collection's playbook that its project playbook imports."""
    if template["project"] == CONFIG_PROJECT:
        assert template["playbook"] == SCHEDULE_SWITCH.name, template["name"]
        return SCHEDULE_SWITCH
    return _collection_playbook(template["playbook"])


def _documented_variables(playbook: pathlib.Path) -> set[str]:
    """The variables a playbook lists in the "Variables:" block of its heading comment."""
    text = playbook.read_text(encoding="utf-8")
    block = text.split("# Variables:\n", 1)[1].split("\n- ", 1)[0]
    return set(re.findall(r"^#   (\w+)\s", block, re.M))


def _used_variables(playbook: pathlib.Path) -> set[str]:
    """The names a playbook's plays use in their templates and conditions (not in comments)."""
    lines = [line for line in playbook.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    expressions = re.findall(r"\{\{(.*?)\}\}", "\n".join(lines))
    expressions += [line.split("when:", 1)[1] for line in lines if line.lstrip().startswith("when:")]
    return set(re.findall(r"\b[a-z_]+\b", " ".join(expressions)))


def _survey_variables(template: dict) -> dict[str, dict]:
    if not template.get("survey_enabled"):
        return {}
    return {question["variable"]: question for question in template["survey_spec"]["spec"]}


def test_every_job_template_runs_a_project_playbook_that_runs_a_playbook_of_the_collection(awx_tasks):
    assert {project["name"] for project in awx_tasks["awx.awx.project"]} == set(AWX_PROJECTS)
    templates = awx_tasks["awx.awx.job_template"]
    assert {t["playbook"] for t in templates} >= {"pause.yml", "resume.yml", "report.yml"}
    for template in templates:
        assert (AWX_PROJECTS[template["project"]] / template["playbook"]).exists(), template["name"]
    # The schedule switch is the one template of the configuration project, and runs awx-schedules.yml itself.
    [switch] = [t for t in templates if t["project"] == CONFIG_PROJECT]
    assert _template_playbook(switch) == SCHEDULE_SWITCH
    for template in templates:
        if template is not switch:
            assert _collection_playbook(template["playbook"]).name == template["playbook"], template["name"]
    for path in AWX_PROJECT.glob("*.yml"):  # and the project holds nothing else
        _collection_playbook(path.name)


def _node_variables(awx_tasks: dict[str, list[dict]]) -> dict[str, set[str]]:
    """The extra variables the workflows' nodes give, by the name of the job template each node launches."""
    given: dict[str, set[str]] = {}
    for workflow in awx_tasks["awx.awx.workflow_job_template"]:
        for node in workflow["workflow_nodes"]:
            given.setdefault(node["unified_job_template"]["name"], set()).update(node.get("extra_data", {}))
    return given


def test_every_survey_answer_and_extra_variable_is_one_the_playbook_reads(awx_tasks):
    node_variables = _node_variables(awx_tasks)
    for template in awx_tasks["awx.awx.job_template"]:
        playbook = _template_playbook(template)
        documented, used = _documented_variables(playbook), _used_variables(playbook)
        survey = _survey_variables(template)
        from_nodes = node_variables.get(template["name"], set())
        if from_nodes:  # a node's variables reach the job only when its template prompts for them
            assert template.get("ask_variables_on_launch") is True, template["name"]
        for variable in [*survey, *template.get("extra_vars", {}), *from_nodes]:
            assert variable in documented, f"{template['name']}: {variable} is not a variable of {playbook.name}"
        for variable in [*survey, *from_nodes]:
            assert variable in used, f"{template['name']}: {playbook.name} never reads {variable}"
        if playbook == SCHEDULE_SWITCH:
            for variable in template["extra_vars"]:
                assert variable in used, f"{template['name']}: {playbook.name} never reads {variable}"
        for question in survey.values():
            assert {"question_name", "variable", "type", "required"} <= set(question), question
            assert question["type"] in ("text", "textarea", "integer", "multiplechoice"), question


def test_the_job_templates_run_with_the_credential_of_the_credential_type(awx_tasks, credential_type):
    [created_type] = awx_tasks["awx.awx.credential_type"]
    assert created_type["name"] == "{{ cc_credential_type.name }}"
    assert set(created_type) >= {"inputs", "injectors", "kind"}
    credentials = {credential["credential_type"]: credential for credential in awx_tasks["awx.awx.credential"]}
    assert len(credentials) == len(awx_tasks["awx.awx.credential"])
    # The tenant's credential, of the collection's type; and the controller's, of AWX's own type, whose injector
    # gives CONTROLLER_HOST and CONTROLLER_OAUTH_TOKEN to the awx.awx modules of the schedule switch.
    tenant = credentials.pop(created_type["name"])
    controller = credentials.pop("Red Hat Ansible Automation Platform")
    assert not credentials
    fields = [field["id"] for field in credential_type["inputs"]["fields"]]
    assert set(tenant["inputs"]) <= set(fields)
    assert set(credential_type["inputs"]["required"]) <= set(tenant["inputs"])
    assert set(controller["inputs"]) == {"host", "oauth_token"}
    for template in awx_tasks["awx.awx.job_template"]:
        expected = controller if _template_playbook(template) == SCHEDULE_SWITCH else tenant
        assert template["credentials"] == [expected["name"]], template["name"]


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
    edges = {
        (node, kind, after["identifier"])
        for node in nodes
        for kind in ("success_nodes", "always_nodes", "failure_nodes")
        for after in nodes[node]["related"].get(kind, [])
    }
    # The pause and the schedules off side by side, the approval once both have ended, whatever their outcome; the
    # resume once approved, and the schedules on once the resume succeeded.
    assert edges == {
        ("pause", "always_nodes", "approve"),
        ("schedules-off", "always_nodes", "approve"),
        ("approve", "success_nodes", "resume"),
        ("resume", "success_nodes", "schedules-on"),
    }
    assert set(nodes) == {"pause", "schedules-off", "approve", "resume", "schedules-on"}
    assert nodes["approve"].get("all_parents_must_converge") is True
    for node in set(nodes) - {"approve"}:
        assert not nodes[node].get("all_parents_must_converge"), node
    assert nodes["approve"]["unified_job_template"]["type"] == "workflow_approval"
    pause, resume, off, on = (
        templates[nodes[n]["unified_job_template"]["name"]]
        for n in ("pause", "resume", "schedules-off", "schedules-on")
    )
    assert (pause["playbook"], resume["playbook"]) == ("pause.yml", "resume.yml")
    assert off is on and _template_playbook(off) == SCHEDULE_SWITCH
    assert nodes["schedules-off"]["extra_data"]["apply_schedules_enabled"] is False
    assert nodes["schedules-on"]["extra_data"]["apply_schedules_enabled"] is True
    for node in ("pause", "approve", "resume"):
        assert "apply_schedules_enabled" not in nodes[node].get("extra_data", {}), node
    # Every answer a job's survey requires without a default comes from the workflow's own survey.
    answered = _survey_variables(workflow)
    for template in (pause, resume, off):
        for variable, question in _survey_variables(template).items():
            if question["required"] and "default" not in question:
                assert variable in answered, f"the workflow does not ask {variable}, which {template['name']} needs"
    # The artifact the pause keeps is the variable the resume playbook takes.
    role_pause = (ROOT / "roles" / "desired_state" / "tasks" / "pause.yml").read_text(encoding="utf-8")
    assert re.search(r"ansible\.builtin\.set_stats:\n\s+data:\n\s+pause_snapshots:", role_pause)
    resume_playbook = _collection_playbook(resume["playbook"])
    assert "pause_snapshots" in _documented_variables(resume_playbook) & _used_variables(resume_playbook)


# CI


def workflow_commands(name: str) -> tuple[dict[str, t.Any], list[str]]:
    """A workflow of .github/workflows/: its jobs, and the run commands of their steps."""
    workflow = ROOT / ".github" / "workflows" / name
    if not workflow.exists():
        pytest.skip("only in a checkout of the repository")
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    return jobs, [step.get("run", "") for job in jobs.values() for step in job["steps"]]


def test_the_ci_workflow_runs_the_makefiles_matrix():
    makefile = ROOT / "Makefile"
    if not makefile.exists():
        pytest.skip("only in a checkout of the repository")
    [line] = [line for line in makefile.read_text(encoding="utf-8").splitlines() if line.startswith("MATRIX :=")]
    pairs = line.split(":=", 1)[1].split()
    jobs, commands = workflow_commands("ci.yml")
    assert [f"{m['core']}@{m['python']}" for m in jobs["sanity-units"]["strategy"]["matrix"]["include"]] == pairs
    assert "make test-matrix MATRIX=${{ matrix.core }}@${{ matrix.python }}" in commands
    assert {"make lint", "make units integration changelog-lint"} <= set(commands)
    [lint] = [step for step in jobs["lint"]["steps"] if step.get("run") == "make lint"]
    assert lint["env"]["LINT_REQUIRE_GALAXY"] == "1", "where Galaxy is reached, the EDA example is always checked"


def test_the_docs_workflow_builds_the_site_and_fails_when_what_it_generates_is_not_committed():
    _jobs, commands = workflow_commands("docs.yml")
    assert commands.index("git diff --exit-code") == commands.index("make docs") + 1


# The README


#: The sections of the README template for certified collections, in its order.
README_SECTIONS = [
    "Description",
    "Requirements",
    "Installation",
    "Use Cases",
    "Testing",
    "Contributing",
    "Support",
    "Release Notes and Roadmap",
    "Related Information",
    "License Information",
]


@pytest.fixture(scope="module")
def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def _outside_code(markdown: str) -> str:
    return re.sub(r"^```.*?^```", "", markdown, flags=re.M | re.S)


def test_the_readme_has_the_sections_of_the_certified_collection_template_in_order(readme):
    assert re.findall(r"^## (.+)$", _outside_code(readme), re.M) == README_SECTIONS
    # The two commands a new machine needs come first.
    before = readme.split("\n## ", 1)[0]
    assert re.search(r"^make demo ", before, re.M) and re.search(r"^make test ", before, re.M)


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_within_the_readme_leads_to_one_of_its_headings(readme):
    text = _outside_code(readme)
    anchors = {_anchor(heading) for heading in re.findall(r"^#+ (.+)$", text, re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links and links <= anchors, sorted(links - anchors)


def test_the_readme_links_the_ci_examples_and_contributing(readme):
    for path in ("docs/examples/ci/github-plan.yml", "docs/examples/ci/gitlab-ci.yml", "CONTRIBUTING.md"):
        assert f"]({path})" in readme
        assert (ROOT / path).exists()


# The desired-state file's policies, as the user guide and the README show them


def _yaml_blocks(rst: str) -> list:
    """The content of every YAML code block of a page, at any indentation."""
    blocks = re.findall(r"^( *)\.\. code-block:: yaml\n\n((?:\1   .*\n|\n)+)", rst, re.M)
    return [yaml.safe_load(textwrap.dedent(block)) for _indent, block in blocks]


def test_the_guides_desired_state_files_are_valid_and_the_readme_shows_the_worked_example():
    rst = (ROOT / "docs" / "docsite" / "rst" / "desired_state.rst").read_text(encoding="utf-8")
    files = [block for block in _yaml_blocks(rst) if isinstance(block, dict) and "campaigns" in block]
    assert len(files) >= 2
    for content in files:
        _desired_state.load_policy(content)
    [example] = [content for content in files if content.get("windows")]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = [yaml.safe_load(block) for block in re.findall(r"^```yaml\n(.*?)^```", readme, re.M | re.S)]
    assert example in shown
    # What the worked example says of Tuesday, December 1, 21:30 in Chicago, and of December 28 in the freeze.
    closed = "outside US calling hours (08:00-21:00 America/Chicago)"
    night = _decisions.decide(_desired_state.load_policy(example), _windows.parse_time("2026-12-01T21:30:00-06:00"))
    assert [(d.id, d.effective, d.mode, d.reason) for d in night] == [
        (125, "paused", "enforce", closed),
        (126, "paused", "guard", closed),
        (127, "paused", "observe", f"mode observe; {closed}"),
    ]
    frozen = _decisions.decide(_desired_state.load_policy(example), _windows.parse_time("2026-12-28T10:00:00-06:00"))
    assert {(d.frozen_by, d.freeze_ends.isoformat() if d.freeze_ends else None) for d in frozen} == {
        ("Year-end freeze", "2027-01-02T00:00:00-06:00")
    }
    assert frozen[0].freeze_ends is not None
    assert f"frozen by Year-end freeze until {frozen[0].freeze_ends.isoformat()}" in rst
