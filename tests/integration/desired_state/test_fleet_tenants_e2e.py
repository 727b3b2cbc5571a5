# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Many tenants: the apply playbook on an inventory with one host per tenant, against a simulator with three tenants.
The simulator's log names the tenant (the API username) of every request."""

# pylint: disable=redefined-outer-name  # pytest hands fixtures in by name

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import typing as t

import pytest
import yaml
from e2e import run_playbook
from fleet import ROOT

from simulator import Simulator

EXAMPLE = ROOT / "playbooks" / "inventory" / "tenants.example.yml"
ARGUMENT_SPECS = ROOT / "roles" / "desired_state" / "meta" / "argument_specs.yml"

# The same campaign IDs in every tenant, at different statuses: touching one with another tenant's credentials shows.
STATUSES = {"north": {100: 3, 101: 8, 102: 0}, "south": {100: 8, 101: 3, 102: 3}, "east": {100: 0, 101: 3, 102: 10}}
DESIRED = {
    "north": {100: "paused", 101: "running"},
    "south": {100: "running", 101: "stopped", 102: "purged"},
    "east": {100: "running", 102: "running"},
}
LANDS_IN = {"running": 3, "paused": 8, "purged": 10, "stopped": 5}


def tokens(tenant: str) -> dict[str, str]:
    return {"data_token": f"{tenant}-reads-0123456789", "action_token": f"{tenant}-changes-0123456789"}


@pytest.fixture(scope="module")
def tenants(tmp_path_factory: pytest.TempPathFactory) -> t.Iterator[Simulator]:
    """A simulator with three tenants, started from a data file as `python -m simulator --data` would read it."""
    data = {
        "tenants": [
            {
                "username": tenant,
                **tokens(tenant),
                "campaigns": [
                    {"campaign-id": campaign, "campaign-name": f"{tenant.title()} {campaign}", "status": code}
                    for campaign, code in campaigns.items()
                ],
            }
            for tenant, campaigns in STATUSES.items()
        ]
    }
    path = tmp_path_factory.mktemp("tenants") / "tenants.yml"
    path.write_text(yaml.safe_dump(data))
    with Simulator(data=str(path)) as simulator:
        yield simulator


def vault(value: str, name: str, password_file: pathlib.Path) -> t.Any:
    """``value`` encrypted with ansible-vault, as inventory YAML holds it."""
    done = subprocess.run(
        [
            str(pathlib.Path(sys.executable).parent / "ansible-vault"),
            "encrypt_string",
            "--vault-password-file",
            str(password_file),
            "--name",
            name,
            value,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split("!vault |", 1)[1]


def test_apply_reconciles_each_tenant_with_its_own_credentials(tenants, collections_path, tmp_path):
    control = tenants.client
    control.reset()
    # As in playbooks/inventory/tenants.example.yml: tokens named by environment variables (north and south, with
    # their desired states in files beside the inventory), or vault-encrypted (east, with its desired state inline).
    password = tmp_path / "vault-password"
    password.write_text("correct horse battery staple\n")
    (tmp_path / "desired").mkdir()
    for tenant in ("north", "south"):
        (tmp_path / "desired" / f"{tenant}.yml").write_text(
            yaml.safe_dump(
                {"campaigns": [{"id": campaign, "state": state} for campaign, state in DESIRED[tenant].items()]}
            )
        )
    hosts: dict[str, dict[str, t.Any]] = {
        tenant: {
            "desired_state_username": tenant,
            "desired_state_data_token_env": f"{tenant.upper()}_CC_DATA_TOKEN",
            "desired_state_action_token_env": f"{tenant.upper()}_CC_ACTION_TOKEN",
            "desired_state_file": f"{{{{ inventory_dir }}}}/desired/{tenant}.yml",
        }
        for tenant in ("north", "south")
    }
    hosts["east"] = {
        "desired_state_username": "east",
        "desired_state_data_token": "VAULT_DATA",
        "desired_state_action_token": "VAULT_ACTION",
        "desired_state_campaigns": [{"id": c, "state": s} for c, s in DESIRED["east"].items()],
    }
    inventory = yaml.safe_dump(
        {
            "tenants": {
                "vars": {
                    "ansible_connection": "local",
                    "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                    "desired_state_api_url": tenants.base_url,
                },
                "hosts": hosts,
            }
        },
        sort_keys=False,
    )
    for name, secret in (
        ("VAULT_DATA", tokens("east")["data_token"]),
        ("VAULT_ACTION", tokens("east")["action_token"]),
    ):
        inventory = inventory.replace(
            name, "!vault |" + vault(secret, name, password).rstrip("\n").replace("\n", "\n   ")
        )
    (tmp_path / "tenants.yml").write_text(inventory)
    env = {
        f"{tenant.upper()}_CC_{kind.upper()}": tokens(tenant)[kind]
        for tenant in ("north", "south")
        for kind in ("data_token", "action_token")
    }

    options = ("-i", "tenants.yml", "-e", "target=tenants", "--vault-password-file", str(password), "--forks", "3")
    plan = run_playbook(collections_path, tmp_path, "eightbyeight.contact_center.apply", *options, "--check", env=env)
    assert plan.returncode == 0, plan.output
    assert [entry["method"] for entry in control.log()] == ["GET"] * sum(map(len, DESIRED.values()))

    done = run_playbook(collections_path, tmp_path, "eightbyeight.contact_center.apply", *options, "-vvvv", env=env)
    assert done.returncode == 0, done.output
    for tenant in DESIRED:
        assert f"{tenant} " in done.output.split("PLAY RECAP")[1]
    log = control.log()
    assert {entry["status_code"] for entry in log} == {200}, "every request passed with its tenant's own tokens"
    for tenant, desired in DESIRED.items():
        touched = {entry["campaign"] for entry in log if entry["tenant"] == tenant}
        assert touched == set(desired), f"{tenant}'s requests were about its own campaigns only"
        assert {campaign: control.campaign(tenant, campaign)["status"] for campaign in desired} == {
            campaign: LANDS_IN[state] for campaign, state in desired.items()
        }, f"{tenant} reached its desired state"
        untouched = set(STATUSES[tenant]) - set(desired)
        assert all(control.campaign(tenant, c)["status"] == STATUSES[tenant][c] for c in untouched)
    assert len([entry for entry in done.results if entry["task"].endswith("Summary")]) == 3, "a summary for each tenant"
    secrets = [value for tenant in DESIRED for value in tokens(tenant).values()]
    assert not any(secret in done.output for secret in secrets)


def test_the_example_inventory_is_one_host_per_tenant_with_the_roles_variables(collections_path):
    done = subprocess.run(
        [str(pathlib.Path(sys.executable).parent / "ansible-inventory"), "-i", str(EXAMPLE), "--list"],
        capture_output=True,
        text=True,
        check=True,
    )
    inventory = json.loads(done.stdout)
    assert sorted(inventory["tenants"]["hosts"]) == ["acme", "globex", "initech"]
    options = yaml.safe_load(ARGUMENT_SPECS.read_text())["argument_specs"]["main"]["options"]
    for host, variables in inventory["_meta"]["hostvars"].items():
        assert variables["ansible_connection"] == "local"
        role_variables = {name for name in variables if name.startswith("desired_state_")}
        assert role_variables <= set(options), f"{host}: only the role's variables"
        assert ("desired_state_file" in variables) != ("desired_state_campaigns" in variables), host
        assert {"desired_state_data_token", "desired_state_data_token_env"} & role_variables, host
