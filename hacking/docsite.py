# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Build the collection's documentation site with antsibull-docs: sphinx-init, then the build.sh it writes.

The site holds the plugin and role pages and the guides of docs/docsite/ (extra-docs.yml), under a landing page that
says what the collection does: its modules (from their own documentation), its playbooks and guides, and the
EIGHTBYEIGHT_CC_* environment variables, in place of sphinx-init's generic welcome. Run it with the Python of the
environment of requirements-docs.txt, with this collection on ANSIBLE_COLLECTIONS_PATH (make docs does):

    python hacking/docsite.py --dest .build/docsite

Sphinx turns warnings into errors here (-W), and links into Ansible's own documentation go through intersphinx,
which downloads inventories. Where they cannot be downloaded, it falls back to files next to the site; this
writes those: for Ansible's documentation the two labels the generated pages link to, and empty ones for the rest.
Where the network is there, the downloaded inventories win.
"""

from __future__ import annotations

import argparse
import ast
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import typing as t
import zlib

#: Labels of Ansible's documentation that antsibull-docs' pages refer to: label -> (page#anchor, title).
ANSIBLE_LABELS = {
    "common_return_values": ("reference_appendices/common_return_values.html#common-return-values", "Return Values"),
    "ansible_configuration_settings": (
        "reference_appendices/config.html#ansible-configuration-settings",
        "Ansible Configuration Settings",
    ),
}
#: The fallback inventory files sphinx-init's conf.py names, next to the site's rst/ directory.
FALLBACK_INVENTORIES = {"ansible_devel.inv": ANSIBLE_LABELS, "python2.inv": {}, "python3.inv": {}, "jinja2.inv": {}}


def inventory(project: str, labels: dict[str, tuple[str, str]]) -> bytes:
    """A Sphinx objects.inv (version 2) holding ``labels`` as std:label entries."""
    header = (
        f"# Sphinx inventory version 2\n# Project: {project}\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = "".join(f"{name} std:label -1 {uri} {title}\n" for name, (uri, title) in sorted(labels.items()))
    return header.encode() + zlib.compress(body.encode())


ROOT = pathlib.Path(__file__).resolve().parent.parent
COLLECTION = "eightbyeight.contact_center"

#: The connection's environment variables, as plugins/module_utils/_connection.py declares them:
#: (variable, option, meaning).
#: A unit test (tests/unit/test_docs.py) compares the names with those the plugins read.
ENVIRONMENT = (
    ("EIGHTBYEIGHT_CC_PLATFORM", "platform",
     "The platform, the prefix of the Configuration Manager address, such as ``na12``: the API is then "
     "``https://vcc-na12.8x8.com``."),
    ("EIGHTBYEIGHT_CC_API_URL", "api_url",
     "The API's base URL, for a host the platform does not name (a proxy, a simulator); it wins over the platform. "
     "Plain ``http://`` only to this machine."),
    ("EIGHTBYEIGHT_CC_USERNAME", "username",
     "The *Username* shown in Configuration Manager under *Integration > API Token*."),
    ("EIGHTBYEIGHT_CC_DATA_TOKEN", "data_token", "The *Data Request Token*, for every read."),
    ("EIGHTBYEIGHT_CC_ACTION_TOKEN", "action_token",
     "The *Action Request Token*, for status changes only: check mode, ``campaign_info``, ``campaign_report`` and "
     "runs with nothing to change work without it."),
    ("EIGHTBYEIGHT_CC_HOLD_DIR", "hold_dir",
     "The hold directory that the pause, apply, resume, lift and the event source share on one host: a campaign a "
     "person stopped is never started by automation until the hold is lifted."),
    ("EIGHTBYEIGHT_CC_JOURNAL", "journal",
     "The journal file: one JSON line per status change sent, with who sent it and why; never a token."),
)  # fmt: skip

#: The variables above that are no credential: an AWX credential does not inject them.
NOT_CREDENTIALS = ("EIGHTBYEIGHT_CC_HOLD_DIR", "EIGHTBYEIGHT_CC_JOURNAL")

#: The guides, by their labels, with what each is for.
GUIDES = (
    ("guide", "User guide: requirements, credentials, check mode as the plan"),
    ("runbook", "Incident runbook: pause, resume and report, snapshots and tenants, AWX workflow"),
    ("desired_state", "Desired state: the file, the workflow, the plan files and the drift gate"),
    ("event_driven", "Event-Driven Ansible: the event source and the rulebook that keep the desired state"),
    ("calling_rules", "Calling rules by jurisdiction: the shipped rules, and when each campaign may dial"),
    ("awx", "AWX and Automation Controller: execution environment, credential type, job templates, workflow"),
    ("awx_local", "AWX runs, locally: the runbook's jobs with ansible-runner, and the artifact the resume gets"),
    ("troubleshooting", "Troubleshooting, by error message"),
    ("lifecycle", "Campaign states and the status changes the platform allows"),
    ("architecture", "Architecture: the layers of the collection's code, for contributors"),
)


def module_summaries(root: pathlib.Path = ROOT) -> list[tuple[str, str]]:
    """Each module of the collection, with the short description of its own DOCUMENTATION."""
    import yaml  # pylint: disable=import-outside-toplevel  # antsibull-docs' dependency, not the tests'

    summaries = []
    for path in sorted((root / "plugins" / "modules").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        [text] = [
            t.cast(str, t.cast(ast.Constant, node.value).value)
            for node in tree.body
            if isinstance(node, ast.Assign) and [getattr(n, "id", None) for n in node.targets] == ["DOCUMENTATION"]
        ]
        summaries.append((path.stem, yaml.safe_load(text)["short_description"]))
    return summaries


def landing_page(modules: list[tuple[str, str]]) -> str:
    """The landing page's text, which comes before sphinx-init's tables of contents."""
    label = f"ansible_collections.{COLLECTION}.docsite"
    rows = "".join(
        f"   * - :ansplugin:`{name} <{COLLECTION}.{name}#module>`\n     - {summary.replace(' - ', ': ', 1)}\n"
        for name, summary in modules
    )
    guides = "".join(f"- :ref:`{text} <{label}.{name}>`\n" for name, text in GUIDES)
    variables = "".join(
        f"   * - ``{variable}``\n     - ``{option}``\n     - {meaning}\n" for variable, option, meaning in ENVIRONMENT
    )
    return f"""{COLLECTION}
{"=" * len(COLLECTION)}

Manage the status of 8x8 Contact Center campaigns as code. The collection starts, pauses, purges and stops dynamic
outbound campaigns from playbooks, AWX job templates or desired-state files kept in git: it reads each campaign,
compares it with the state asked for, sends only the status changes the platform allows, and changes nothing on the
second run. For an incident, its runbook pauses every running campaign of a list after saving a snapshot, names any
campaign that may still be dialing, and later resumes exactly the campaigns that were running.

Modules
-------

.. list-table::
   :header-rows: 1
   :widths: 22 78

   * - Module
     - What it does
{rows}
They form the action group ``{COLLECTION}.campaign``, so the connection can be set once in ``module_defaults``.

Playbooks and role
------------------

The playbooks run by name, as ``ansible-playbook {COLLECTION}.<name>``, through the role
:ansplugin:`{COLLECTION}.desired_state#role`:

- ``apply``: bring the campaigns of a desired-state file to their states; with ``--check --diff``, the plan;
- ``pause``: stop the dialing now, after saving a snapshot;
- ``resume``: bring back exactly the campaigns a pause's snapshot shows running;
- ``report``: the campaigns' status as a table, a JSON report and a desired state that keeps them as they are.

Guides
------

{guides}
The connection: environment variables
-------------------------------------

The modules, the role and the playbooks take the connection from these variables, so that it never appears in a
playbook (an AWX credential type can inject them; ``ANSIBLE_`` names are refused there, so these do not use it):

.. list-table::
   :header-rows: 1
   :widths: 30 12 58

   * - Variable
     - Option
     - Meaning
{variables}
- A variable is used only when its option is not set in the task, in ``module_defaults``, or through the role's
  ``desired_state_*`` variables: an option always wins.
- ``EIGHTBYEIGHT_CC_PLATFORM`` and ``EIGHTBYEIGHT_CC_API_URL`` are taken as a pair, and only when the task sets
  neither ``platform`` nor ``api_url``, so that the environment never sends a task's credentials to another host. One
  of the two is needed; the API URL wins when both are set.
- A variable that is set but empty counts as given for the username and the data token (the task fails:
  ``data_token is empty``), and as unset for the platform, the API URL and the action token.
- The tokens never appear in a result, a message or a log, at any verbosity.

See :ref:`{label}.guide.credentials` for where each value comes from in Configuration Manager.

"""


def write_landing_page(index: pathlib.Path, modules: list[tuple[str, str]]) -> None:
    """Put the landing page in place of the title and welcome of sphinx-init's index, before its tables of contents."""
    text = index.read_text(encoding="utf-8")
    welcome = re.compile(r"^Welcome to .*?(?=^\.\. toctree::)", re.M | re.S)
    if not welcome.search(text):
        raise RuntimeError(f"{index} has no welcome before its first toctree: has sphinx-init changed?")
    index.write_text(welcome.sub(lambda _: landing_page(modules), text, count=1), encoding="utf-8")


#: The pages to look at after a build, from the site's root: the landing page, the module page, the user guide,
#: the runbook and the state picture.
SCREENSHOT_PAGES = {
    "index": "index.html",
    "campaign_status_module": "collections/eightbyeight/contact_center/campaign_status_module.html",
    "guide": "collections/eightbyeight/contact_center/docsite/guide.html",
    "runbook": "collections/eightbyeight/contact_center/docsite/runbook.html",
    "lifecycle": "collections/eightbyeight/contact_center/docsite/lifecycle.html",
}


def screenshots(html: pathlib.Path, out: pathlib.Path) -> None:
    """PNG screenshots of SCREENSHOT_PAGES with headless Chromium, in a profile of its own, without network."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("no chromium on PATH: no screenshots (Debian: apt-get install chromium)")
        return
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        for name, page in SCREENSHOT_PAGES.items():
            png = out / f"{name}.png"
            subprocess.run(
                [
                    browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--hide-scrollbars", "--window-size=1400,2000",
                    f"--screenshot={png}", (html / page).as_uri(),
                ],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
            print(f"screenshot: {png}")


def galaxy_version() -> str:
    """galaxy.yml's version: the release whose section the changelog page must show."""
    import yaml  # pylint: disable=import-outside-toplevel  # antsibull-docs' dependency, not the tests'

    return str(yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))["version"])


#: What a reader must see on the pages, as headless Chromium renders them (make docs-check, part of make test).
PAGE_CHECKS = {
    "changelog": (f"v{galaxy_version()}", "Release Summary"),
    "runbook": (
        "Incident runbook: pause, resume, report",
        "STILL DIALING and MAY STILL BE DIALING",
        "snapshot is refused",
        "A second pause",
    ),
    "index": (
        "Manage the status of 8x8 Contact Center campaigns as code",
        "campaign_pause",
        "EIGHTBYEIGHT_CC_DATA_TOKEN",
    ),
}
CHECK_PAGES = {
    "index": "index.html",
    "changelog": "collections/eightbyeight/contact_center/changelog.html",
    **SCREENSHOT_PAGES,
}


def check_pages(html: pathlib.Path) -> list[str]:
    """The texts of PAGE_CHECKS that headless Chromium does not show on their pages; Chromium is required."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        return ["no chromium on PATH (Debian: apt-get install chromium)"]
    missing = []
    with tempfile.TemporaryDirectory() as profile:
        for name, texts in PAGE_CHECKS.items():
            done = subprocess.run(
                [
                    browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--dump-dom", (html / CHECK_PAGES[name]).as_uri(),
                ],
                check=True, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            text = html_text(done.stdout)
            missing += [f"{name}: {wanted!r}" for wanted in texts if wanted not in text]
    return missing


def html_text(dom: str) -> str:
    """The text of a rendered page, tags and entities gone, white space folded."""
    import html as entities  # pylint: disable=import-outside-toplevel

    return " ".join(entities.unescape(re.sub(r"<[^>]+>", " ", dom)).split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", required=True, type=pathlib.Path, help="the site's directory (made anew)")
    parser.add_argument("--screenshots", type=pathlib.Path, help="also take screenshots of a few pages, into this")
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail unless Chromium shows the texts of PAGE_CHECKS (runbook, landing and changelog pages)",
    )
    args = parser.parse_args()
    dest = args.dest.resolve()
    bindir = pathlib.Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")

    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True, mode=0o700)  # antsibull-docs wants it writable by its owner only
    subprocess.run(
        [
            str(bindir / "antsibull-docs"), "sphinx-init", "--use-current", "--fail-on-error",
            "--dest-dir", str(dest),
            "--project", "eightbyeight.contact_center", "--copyright", "the eightbyeight.contact_center contributors",
            "--title", "eightbyeight.contact_center", "--html-short-title", "eightbyeight.contact_center",
            "eightbyeight.contact_center",
        ],
        env=env, check=True,
    )  # fmt: skip
    for name, labels in FALLBACK_INVENTORIES.items():
        (dest / name).write_bytes(inventory(name.removesuffix(".inv"), labels))
    write_landing_page(dest / "rst" / "index.rst", module_summaries())
    subprocess.run(["bash", "build.sh"], cwd=dest, env=env, check=True)
    html = dest / "build" / "html"
    collection = html / "collections" / "eightbyeight" / "contact_center"
    print(f"The site: {html / 'index.html'}; the collection: {collection / 'index.html'}")
    if args.screenshots:
        screenshots(html, args.screenshots.resolve())
    if args.check:
        missing = check_pages(html)
        for problem in missing:
            print(f"docs check: not shown: {problem}", file=sys.stderr)
        if missing:
            return 1
        print(f"docs check: {sum(map(len, PAGE_CHECKS.values()))} texts shown on {len(PAGE_CHECKS)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
