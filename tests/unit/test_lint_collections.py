# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make lint's collections from Galaxy (hacking/lint_collections.py): installed at their pinned version, left alone
once there, and, where Galaxy is out of reach, a reason that make lint shows (or a failure, where it is required)."""

from __future__ import annotations

import json
import pathlib
import stat
import sys
import types

import pytest

from ansible_collections.eightbyeight.contact_center.tests.unit.utils.repository import hacking

UNREACHABLE = "Unknown error when attempting to call Galaxy at 'https://galaxy.ansible.com/api/': <urlopen error>"


@pytest.fixture(scope="module")
def lint_collections() -> types.ModuleType:
    return hacking("lint_collections")


def fake_galaxy(tmp_path: pathlib.Path, *, installs: str | None = None, error: str | None = None) -> pathlib.Path:
    """An ansible-galaxy that installs the requested collection at ``installs`` (into -p), or fails with ``error``,
    and writes down each call."""
    script = tmp_path / "ansible-galaxy"
    script.write_text(
        f"""#!{sys.executable}
import json, pathlib, sys
args = sys.argv[1:]
with open({str(tmp_path / "calls")!r}, "a") as calls:
    calls.write(json.dumps(args) + "\\n")
if {error!r}:
    print("Starting galaxy collection install process")
    print("[WARNING]: Skipping Galaxy server", file=sys.stderr)
    print("[ERROR]: " + {error!r}, file=sys.stderr)
    sys.exit(1)
name = args[-1].split(":")[0]
where = pathlib.Path(args[args.index("-p") + 1], "ansible_collections", *name.split("."))
if where.exists() and "--force" not in args:
    print("[ERROR]: already installed", file=sys.stderr)
    sys.exit(1)
where.mkdir(parents=True, exist_ok=True)
info = {{"collection_info": {{"namespace": name.split(".")[0], "name": name.split(".")[1], "version": {installs!r}}}}}
(where / "MANIFEST.json").write_text(json.dumps(info))
""",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def calls(tmp_path: pathlib.Path) -> list[list[str]]:
    log = tmp_path / "calls"
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def installed(dest: pathlib.Path, collection: str, version: str) -> None:
    """``collection`` at ``version`` under ``dest``, as ansible-galaxy leaves it (its MANIFEST.json)."""
    where = dest / "ansible_collections" / collection.replace(".", "/")
    where.mkdir(parents=True)
    (where / "MANIFEST.json").write_text(json.dumps({"collection_info": {"version": version}}), encoding="utf-8")


def test_a_collection_is_installed_from_galaxy_at_its_pinned_version_and_then_left_alone(lint_collections, tmp_path):
    dest = tmp_path / "collections"
    galaxy = fake_galaxy(tmp_path, installs="2.13.0")
    assert lint_collections.install_from_galaxy(dest, "ansible.eda", "2.13.0", str(galaxy)) is None
    assert lint_collections.installed_version(dest, "ansible.eda") == "2.13.0"
    [call] = calls(tmp_path)
    assert call[-1] == "ansible.eda:==2.13.0" and call[call.index("-p") + 1] == str(dest) and "--no-deps" in call

    unreachable = fake_galaxy(tmp_path, error=UNREACHABLE)
    assert lint_collections.install_from_galaxy(dest, "ansible.eda", "2.13.0", str(unreachable)) is None
    assert len(calls(tmp_path)) == 1, "already there: Galaxy is not asked again"


def test_galaxy_out_of_reach_is_said_with_its_error(lint_collections, tmp_path):
    galaxy = fake_galaxy(tmp_path, error=UNREACHABLE)
    problem = lint_collections.install_from_galaxy(tmp_path / "collections", "ansible.eda", "2.13.0", str(galaxy))
    assert problem == f"ansible.eda 2.13.0 could not be installed from Galaxy: {UNREACHABLE}"


def test_another_version_than_the_pinned_one_is_a_problem(lint_collections, tmp_path):
    dest = tmp_path / "collections"
    galaxy = fake_galaxy(tmp_path, installs="2.12.0")
    problem = lint_collections.install_from_galaxy(dest, "ansible.eda", "2.13.0", str(galaxy))
    assert problem == "ansible.eda 2.13.0 could not be installed from Galaxy: got 2.12.0"


def test_another_version_installed_before_is_replaced_by_the_pinned_one(lint_collections, tmp_path):
    dest = tmp_path / "collections"
    assert (
        lint_collections.install_from_galaxy(
            dest, "ansible.eda", "2.12.0", str(fake_galaxy(tmp_path, installs="2.12.0"))
        )
        is None
    )
    pinned = fake_galaxy(tmp_path, installs="2.13.0")
    assert lint_collections.install_from_galaxy(dest, "ansible.eda", "2.13.0", str(pinned)) is None
    assert lint_collections.installed_version(dest, "ansible.eda") == "2.13.0"


def test_an_ansible_galaxy_that_cannot_be_run_is_said(lint_collections, tmp_path):
    problem = lint_collections.install_from_galaxy(tmp_path, "ansible.eda", "2.13.0", str(tmp_path / "no-such-galaxy"))
    assert problem.startswith("ansible.eda 2.13.0 could not be installed from Galaxy: [Errno 2]")


@pytest.mark.parametrize(
    ("option", "variable", "code"),
    [([], None, 0), (["--require-galaxy"], None, 1), ([], "1", 1), ([], "0", 0)],
    ids=["not required", "--require-galaxy", "LINT_REQUIRE_GALAXY=1", "LINT_REQUIRE_GALAXY=0"],
)
def test_a_run_goes_on_without_galaxy_unless_it_is_required(
    lint_collections, tmp_path, monkeypatch, capsys, option, variable, code
):
    dest = tmp_path / "collections"
    for name, version in lint_collections.WANTED.items():  # the wheel's collections are there already
        installed(dest, name, version)
    (dest / lint_collections.STAMP).write_text(lint_collections.REQUIREMENTS.read_text(encoding="utf-8"))
    monkeypatch.setattr(sys, "executable", str(fake_galaxy(tmp_path, error=UNREACHABLE).with_name("python")))
    monkeypatch.setattr(sys, "argv", ["lint_collections.py", "--dest", str(dest), *option])
    if variable is None:
        monkeypatch.delenv("LINT_REQUIRE_GALAXY", raising=False)
    else:
        monkeypatch.setenv("LINT_REQUIRE_GALAXY", variable)
    assert lint_collections.main() == code
    said = capsys.readouterr()
    [(name, version)] = lint_collections.FROM_GALAXY.items()
    expected = f"lint collections: {name} {version} could not be installed from Galaxy: {UNREACHABLE}"
    assert expected in (said.err if code else said.out)
    assert code or "the steps that need it are skipped" in said.out
    assert calls(tmp_path)[-1][-1] == f"{name}:=={version}"


@pytest.fixture(scope="module")
def lint() -> types.ModuleType:
    return hacking("lint")


def test_make_lint_skips_the_steps_of_a_collection_galaxy_did_not_give_saying_what_it_found(
    lint, tmp_path, monkeypatch
):
    monkeypatch.delenv("LINT_REQUIRE_GALAXY", raising=False)
    [(name, version)] = lint.FROM_GALAXY.items()
    skip = lint._without(name, tmp_path)
    assert skip() == f"{name} {version} is needed, {tmp_path} has no {name} (see hacking/lint_collections.py)"
    installed(tmp_path, name, "0.9.0")
    assert skip() == f"{name} {version} is needed, {tmp_path} has {name} 0.9.0 (see hacking/lint_collections.py)"
    monkeypatch.setenv("LINT_REQUIRE_GALAXY", "1")
    assert skip() is None, "required: the step runs, and fails without it"


def test_make_lint_runs_the_steps_of_a_collection_at_its_pinned_version(lint, tmp_path, monkeypatch):
    monkeypatch.delenv("LINT_REQUIRE_GALAXY", raising=False)
    [(name, version)] = lint.FROM_GALAXY.items()
    installed(tmp_path, name, version)
    assert lint._without(name, tmp_path)() is None


def test_a_skipped_step_is_said_and_not_run_and_the_others_pass(lint, monkeypatch, capsys):
    fails = [sys.executable, "-c", "raise SystemExit(3)"]
    chosen = [lint.Step("runs", [sys.executable, "-c", "pass"]), lint.Step("skipped", fails, skip=lambda: "not here")]
    monkeypatch.setattr(lint, "steps", lambda _config: chosen)
    monkeypatch.setattr(sys, "argv", ["lint.py"])
    assert lint.main() == 0
    said = capsys.readouterr().out
    assert "=== lint: step skipped skipped: not here" in said and "=== lint: 1 steps passed, 1 skipped" in said
    chosen[1].skip = None
    assert lint.main() == 1, "the same step, run, fails"
