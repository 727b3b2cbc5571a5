# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The CI examples of docs/examples/ci/ (a plan on pull requests, an apply on merge behind an approval, drift detection
on a schedule, for GitHub Actions and GitLab CI) against the apply playbook's variables and the variables the
collection reads; and their scripts, run with a stand-in for ansible-playbook, against what each job must do with the
playbook's exit codes: the plan fails only when no plan could be made, the drift check fails on drift."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
import typing as t

import pytest
import yaml

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _module
from ansible_collections.eightbyeight.contact_center.tests.unit.utils.repository import (
    ROOT,
    variables_the_collection_reads,
)

CI = ROOT / "docs" / "examples" / "ci"
GITHUB = {"plan": "github-plan.yml", "apply": "github-apply.yml", "drift": "github-drift.yml"}
GITLAB = "gitlab-ci.yml"
APPLY = re.compile(r"ansible-playbook eightbyeight\.contact_center\.apply ((?:[^\n]|\\\n)*)")
INSTALL = re.compile(r"pip install .*\b(ansible-core==\S+ requests==\S+) .*\n.*ansible-galaxy collection install (\S+)")

pytestmark = pytest.mark.skipif(not CI.is_dir(), reason="only in a checkout of the repository")


def _load(name: str) -> dict:
    return yaml.safe_load((CI / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def github() -> dict[str, dict]:
    return {kind: _load(name) for kind, name in GITHUB.items()}


@pytest.fixture(scope="module")
def gitlab() -> dict:
    return _load(GITLAB)


def _job_scripts(job: dict) -> str:
    if "steps" in job:
        return "\n".join(step.get("run", "") for step in job["steps"])
    return "\n".join(line for key in ("before_script", "script", "after_script") for line in job.get(key, []))


def _gitlab_jobs(pipeline: dict) -> dict[str, dict]:
    """The jobs, each with what it extends merged under it, as GitLab does."""
    jobs = {}
    for name, job in pipeline.items():
        if isinstance(job, dict) and "script" in job and not name.startswith("."):
            jobs[name] = {**pipeline.get(job.get("extends", ""), {}), **job}
    return jobs


def _all_jobs(github: dict[str, dict], gitlab: dict) -> dict[str, dict]:
    jobs = {f"github {kind} {name}": job for kind, flow in github.items() for name, job in flow["jobs"].items()}
    jobs.update({f"gitlab {name}": job for name, job in _gitlab_jobs(gitlab).items()})
    return jobs


def _apply_words(script: str) -> list[list[str]]:
    return [command.replace("\\\n", " ").split() for command in APPLY.findall(script)]


def _documented_variables() -> set[str]:
    """The variables the apply playbook lists in its heading comment."""
    text = (ROOT / "playbooks" / "apply.yml").read_text(encoding="utf-8")
    block = text.split("# Variables:\n", 1)[1].split("\n- ", 1)[0]
    listed = re.findall(r"^#   (\w+(?:, \w+)*)\s", block, re.M)  # one name a line, or several: "reason, ticket"
    return {name for names in listed for name in names.split(", ")}


# What each example runs


@pytest.mark.parametrize("kind", ["plan", "apply", "drift"])
def test_each_github_example_and_its_gitlab_job_run_the_apply_playbook_with_its_own_variables(kind, github, gitlab):
    github_commands = [words for job in github[kind]["jobs"].values() for words in _apply_words(_job_scripts(job))]
    gitlab_commands = _apply_words(_job_scripts(_gitlab_jobs(gitlab)[kind]))
    documented = _documented_variables()
    for words in github_commands + gitlab_commands:
        assert words[:2] == ["-e", '"desired_state_file=$file"'], "each file is given by path, read whole"
        extra_vars = [value for option, value in zip(words, words[1:]) if option == "-e"][1:]
        names = [re.match(r"\"?(\w+)=", value) for value in extra_vars]
        assert all(names), extra_vars  # each -e is name=value
        given = {t.cast(re.Match[str], name).group(1) for name in names}
        assert given <= documented, given - documented
        assert "plan_file" in given
    # The plan and the drift check only read; the apply writes, and its approval job plans first.
    gitlab_checks = ["--check" in words for words in gitlab_commands]
    github_checks = ["--check" in words for words in github_commands]
    if kind == "apply":
        assert github_checks == [True, False] and gitlab_checks == [False]
    else:
        assert github_checks == [True] and gitlab_checks == [True]
    drift_gate = ["fail_on_drift=true" in words for words in github_commands + gitlab_commands]
    assert drift_gate == [kind == "drift"] * len(drift_gate)


def test_every_example_installs_the_same_pinned_collection_and_packages(github, gitlab):
    installs = {name: INSTALL.findall(_job_scripts(job)) for name, job in _all_jobs(github, gitlab).items()}
    assert all(len(found) == 1 for found in installs.values()), installs
    assert len({found[0] for found in installs.values()}) == 1, "one version everywhere, so the plan is the apply"
    [(_packages, collection)] = next(iter(installs.values()))
    assert re.fullmatch(r"eightbyeight\.contact_center:==\d+\.\d+\.\d+", collection)


def test_each_desired_state_file_is_planned_and_its_plan_kept(github, gitlab):
    for name, job in _all_jobs(github, gitlab).items():
        scripts = _job_scripts(job)
        assert "find desired-state -type f -name '*.yml' -print0" in scripts, name


# GitHub Actions


def test_the_github_plan_runs_on_pull_requests_and_posts_its_comment_even_when_it_fails(github):
    flow = github["plan"]
    assert list(flow["on"]) == ["pull_request"]
    assert flow["on"]["pull_request"]["paths"] == ["desired-state/**.yml"]
    assert flow["permissions"] == {"contents": "read", "pull-requests": "write"}
    [job] = flow["jobs"].values()
    steps = job["steps"]
    [plan] = [i for i, step in enumerate(steps) if APPLY.search(step.get("run", ""))]
    after = steps[plan + 1 :]
    [comment] = [step for step in after if "gh pr comment" in step.get("run", "")]
    assert "--edit-last --create-if-none --body-file comment.md" in comment["run"]
    assert comment["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert [step for step in after if "$GITHUB_STEP_SUMMARY" in step.get("run", "")]
    assert all(step.get("if") == "always()" for step in after)


def test_the_github_apply_waits_for_the_production_environment_after_a_plan(github):
    flow = github["apply"]
    assert flow["on"]["push"] == {"branches": ["main"], "paths": ["desired-state/**.yml"]}
    assert "workflow_dispatch" in flow["on"]
    assert flow["concurrency"]["cancel-in-progress"] is False
    jobs = flow["jobs"]
    assert jobs["apply"]["environment"] == "production" and jobs["apply"]["needs"] == "plan"
    assert "environment" not in jobs["plan"]


def test_the_github_drift_check_runs_on_a_schedule(github):
    flow = github["drift"]
    assert set(flow["on"]) == {"schedule", "workflow_dispatch"}
    [cron] = flow["on"]["schedule"]
    assert len(cron["cron"].split()) == 5
    [job] = flow["jobs"].values()
    assert [step for step in job["steps"] if "$GITHUB_STEP_SUMMARY" in step.get("run", "") and step["if"] == "always()"]


def test_the_github_examples_take_the_tokens_from_secrets_and_the_action_token_only_in_production(github):
    reads = variables_the_collection_reads()
    for kind, flow in github.items():
        assert flow["permissions"]["contents"] == "read"
        for name, job in flow["jobs"].items():
            env = {**flow.get("env", {}), **job.get("env", {})}
            given = {key: value for key, value in env.items() if key.startswith(_module.ENV_PREFIX)}
            assert given and set(given) <= reads
            for key, value in given.items():
                source = "secrets" if key.endswith("_TOKEN") else "(secrets|vars)"
                assert re.fullmatch(rf"\$\{{\{{ {source}\.{key} \}}\}}", value), f"{key}: {value}"
            for step in job["steps"]:
                assert not [key for key in step.get("env", {}) if key.startswith(_module.ENV_PREFIX)]
            has_action_token = "EIGHTBYEIGHT_CC_ACTION_TOKEN" in given
            assert has_action_token == (job.get("environment") == "production"), f"{kind} {name}"


# GitLab CI


def test_the_gitlab_jobs_run_in_merge_requests_on_the_default_branch_behind_an_environment_and_on_a_schedule(gitlab):
    jobs = _gitlab_jobs(gitlab)
    assert set(jobs) == {"plan", "apply", "drift"}
    [plan] = jobs["plan"]["rules"]
    assert plan == {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"', "changes": ["desired-state/**/*.yml"]}
    [apply] = jobs["apply"]["rules"]
    assert apply["when"] == "manual" and "$CI_DEFAULT_BRANCH" in apply["if"]
    assert jobs["apply"]["environment"]["name"] == "production"
    assert jobs["apply"]["allow_failure"] is False
    [drift] = jobs["drift"]["rules"]
    assert drift == {"if": '$CI_PIPELINE_SOURCE == "schedule"'}
    for job in jobs.values():
        assert job["artifacts"]["when"] == "always"


def test_the_gitlab_plan_posts_its_note_even_when_it_fails(gitlab):
    job = _gitlab_jobs(gitlab)["plan"]
    [note] = job["after_script"]  # after_script runs when the script failed too
    assert '--data-urlencode "body@comment.md"' in note
    assert "/merge_requests/$CI_MERGE_REQUEST_IID/notes" in note
    assert {"comment.md", "plans/"} <= set(job["artifacts"]["paths"])


def test_the_gitlab_jobs_take_the_tokens_from_masked_variables_not_from_the_file(gitlab):
    text = (CI / GITLAB).read_text(encoding="utf-8")
    for job in [gitlab, *_gitlab_jobs(gitlab).values()]:
        assert not [name for name in job.get("variables", {}) if name.startswith(_module.ENV_PREFIX)]
    named = set(re.findall(r"^#   (EIGHTBYEIGHT_CC_[A-Z_]+)", text, re.M))
    assert {"EIGHTBYEIGHT_CC_DATA_TOKEN", "EIGHTBYEIGHT_CC_ACTION_TOKEN"} <= named <= variables_the_collection_reads()
    assert re.search(r"^#   EIGHTBYEIGHT_CC_DATA_TOKEN +masked", text, re.M)
    assert re.search(r"^#   EIGHTBYEIGHT_CC_ACTION_TOKEN +masked, protected, environment scope production", text, re.M)


# The scripts, run: the exit codes each job turns the playbook's into

# A stand-in for ansible-playbook: what the file's first line asks ("# as: sync|drift|failed|invalid"), as the apply
# playbook does it: with --check, drift exits 0 unless fail_on_drift=true; a failed check exits 2 after writing a
# plan that says so; an invalid file fails before any plan.
FAKE_PLAYBOOK = r"""#!/bin/bash
file= plan= check=0 gate=0
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    -e) shift
        case "$1" in
          desired_state_file=*) file=${1#desired_state_file=} ;;
          plan_file=*) plan=${1#plan_file=} ;;
          fail_on_drift=true) gate=1 ;;
        esac ;;
  esac
  shift
done
echo "$file $check $gate" >> "$CALLS"
as=$(sed -n 's/^# as: //p' "$file")
case "$as" in
  sync) echo "No campaign would change: the campaigns are in their desired state." > "$plan.md"; exit 0 ;;
  drift) printf '| ID |\n|---|\n| 100 |\n' > "$plan.md"; [ "$gate" = 1 ] && [ "$check" = 1 ] && exit 2; exit 0 ;;
  failed) echo "**The check failed**: 1 campaign(s) could not be checked" > "$plan.md"; exit 2 ;;
  *) exit 2 ;;
esac
"""


def _script(kind: str, github: dict[str, dict], gitlab: dict, platform: str) -> str:
    if platform == "gitlab":
        return "\n".join(_gitlab_jobs(gitlab)[kind]["script"])
    job = github[kind]["jobs"]["apply" if kind == "apply" else next(iter(github[kind]["jobs"]))]
    [step] = [step for step in job["steps"] if APPLY.search(step.get("run", ""))]
    return step["run"]


@pytest.fixture
def run(tmp_path, github, gitlab):
    if not shutil.which("bash"):
        pytest.skip("needs bash")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    fake = bindir / "ansible-playbook"
    fake.write_text(FAKE_PLAYBOOK, encoding="utf-8")
    fake.chmod(0o755)

    def run(kind: str, platform: str, files: dict[str, str]) -> tuple[int, str, list[str]]:
        work = tmp_path / f"{platform}-{kind}-{len(list(tmp_path.iterdir()))}"
        for name, behaviour in files.items():
            path = work / "desired-state" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"# as: {behaviour}\ncampaigns: []\n", encoding="utf-8")
        summary, calls = work / "summary.md", work / "calls"
        env = dict(
            os.environ,
            PATH=f"{bindir}{os.pathsep}{os.environ['PATH']}",
            CALLS=str(calls),
            GITHUB_STEP_SUMMARY=str(summary),
            GITHUB_SHA="0123456789abcdef",
            GITHUB_ACTOR="octocat",
            CI_COMMIT_SHORT_SHA="01234567",
            GITLAB_USER_LOGIN="octocat",
        )
        script = textwrap.dedent(_script(kind, github, gitlab, platform))
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        report = ""
        for name in ("comment.md", "report.md", "applied/report.md", "summary.md"):
            if (work / name).exists():
                report += (work / name).read_text(encoding="utf-8")
        return done.returncode, report, calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []

    return run


@pytest.mark.parametrize("platform", ["github", "gitlab"])
def test_the_plan_passes_when_it_shows_changes_and_fails_only_when_no_plan_could_be_made(run, platform):
    code, report, calls = run("plan", platform, {"a.yml": "sync", "team/b.yml": "drift"})
    assert code == 0
    assert "`desired-state/team/b.yml`: what merging this sends, as of now" in report and "| 100 |" in report
    assert calls == ["desired-state/a.yml 1 0", "desired-state/team/b.yml 1 0"]
    code, report, calls = run("plan", platform, {"a.yml": "invalid", "b.yml": "failed", "c.yml": "drift"})
    assert code == 1
    assert report.count("the plan could not be made (exit code 2)") == 2
    assert "**The check failed**" in report
    assert len(calls) == 3, "one file's failure does not stop the others"


@pytest.mark.parametrize("platform", ["github", "gitlab"])
def test_the_drift_check_fails_on_drift_and_tells_it_from_a_failed_check(run, platform):
    code, report, calls = run("drift", platform, {"a.yml": "sync"})
    assert code == 0 and "`desired-state/a.yml`: in sync" in report
    assert calls == ["desired-state/a.yml 1 1"]
    code, report, _calls = run(
        "drift", platform, {"a.yml": "drift", "b.yml": "failed", "c.yml": "invalid", "d.yml": "sync"}
    )
    assert code == 1
    assert "`desired-state/a.yml`: drifted: applying it would change the campaigns below" in report
    assert "`desired-state/b.yml`: not checked, or only in part (exit code 2)" in report
    assert "`desired-state/c.yml`: not checked (exit code 2)" in report
    assert "`desired-state/d.yml`: in sync" in report


@pytest.mark.parametrize("platform", ["github", "gitlab"])
def test_the_apply_applies_every_file_for_real_and_fails_when_one_fails(run, platform):
    code, report, calls = run("apply", platform, {"a.yml": "drift", "b.yml": "invalid", "c.yml": "sync"})
    assert code == 1
    assert calls == ["desired-state/a.yml 0 0", "desired-state/b.yml 0 0", "desired-state/c.yml 0 0"]
    assert "`desired-state/b.yml`: exit code 2" in report and "| 100 |" in report
    assert run("apply", platform, {"a.yml": "drift"})[0] == 0


@pytest.mark.parametrize("platform", ["github", "gitlab"])
@pytest.mark.parametrize("kind", ["plan", "apply", "drift"])
def test_a_file_named_like_a_template_is_refused_before_any_playbook_runs(run, kind, platform):
    # The name goes to ansible-playbook as an extra variable, which Ansible renders: it could read a token.
    code, _report, calls = run(kind, platform, {"{{ lookup('env', 'HOME') }}.yml": "sync"})
    assert code == 1 and calls == []


# The documentation


def test_the_guide_and_the_readme_name_every_example():
    rst = (ROOT / "docs" / "docsite" / "rst" / "desired_state.rst").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = sorted(path.name for path in CI.glob("*.yml"))
    assert examples == sorted([*GITHUB.values(), GITLAB])
    for name in examples:
        assert f"``{name}``" in rst, name
        assert f"](docs/examples/ci/{name})" in readme, name
    assert "policy_time" in rst.split("Plans, applies and drift in CI", 1)[1].split("\nWorked example", 1)[0]
