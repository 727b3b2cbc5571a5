# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Write the transition and status tables and the state picture into the documentation, from
plugins/module_utils/_lifecycle.py.

The lifecycle module is the one place that says which changes the platform allows; every table a user reads is
generated from it here, and the picture by hacking/state_diagram.py. ``--check`` fails (and the unit tests fail)
when a document is out of date.
"""

from __future__ import annotations

import argparse
import ast
import configparser
import importlib.util
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _load(name: str):
    # By path, as the unit tests load these scripts: hacking/ is not a package.
    spec = importlib.util.spec_from_file_location(name, ROOT / "hacking" / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load hacking/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


state_diagram = _load("state_diagram")
# The calling rules page's table and worked example.
calling_rules = _load("calling_rules")
# The environment variables the site's landing page lists.
docsite = _load("docsite")
lifecycle = state_diagram.lifecycle  # one copy of the table for the tables and the picture
STATES = (lifecycle.NEW,) + lifecycle.DESIRED_STATES


def _outcome(state: str, desired: str) -> list[str] | None:
    """The words sent from ``state`` to ``desired``, or None where the module refuses."""
    status = lifecycle.LANDING_STATUS.get(state, 0)
    try:
        return list(lifecycle.commands(lifecycle.plan(status, desired)))
    except lifecycle.CampaignError:
        return None


def transition_table() -> str:
    """Markdown: what campaign_status sends for each current and desired state."""
    lines = [
        "| current \\ desired | " + " | ".join(lifecycle.DESIRED_STATES) + " |",
        "|---" * (len(lifecycle.DESIRED_STATES) + 1) + "|",
    ]
    for state in STATES:
        cells = []
        for desired in lifecycle.DESIRED_STATES:
            words = _outcome(state, desired)
            cells.append("fail" if words is None else ", then ".join(words) or "ok")
        lines.append(f"| {state} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def status_table() -> str:
    """Markdown: every status code, its vendor name and the state it belongs to."""
    lines = ["| code | vendor name | state |", "|---|---|---|"]
    lines += [f"| {code} | {name} | `{state}` |" for code, (name, state) in sorted(lifecycle.STATUSES.items())]
    return "\n".join(lines)


def module_plan_description() -> str:
    """YAML list items for campaign_status's DOCUMENTATION, one per current state."""
    items = []
    for state in STATES:
        moves, counts_as, refused = [], [], False
        for desired in lifecycle.DESIRED_STATES:
            words = _outcome(state, desired)
            refused = refused or words is None
            if words:
                moves.append(f"to V({desired}) it sends " + ", then ".join(f"C({word})" for word in words))
            elif words == [] and desired != state:
                counts_as.append(f"V({desired})")
        if not moves:
            items.append(f'  - "V({state}) is final: nothing can change it."')
            continue
        text = "; ".join(moves)
        if counts_as:
            text += "; it already counts as " + " and ".join(counts_as)
        if refused:
            text += "; anything else fails"
        items.append(f'  - "From V({state}): {text}."')
    return "\n".join(items)


def layers() -> list[list[tuple[str, str]]]:
    """The layers of module_utils, top first, as .importlinter's contract lists them: each a list of (module, what
    it holds: the first sentence of its docstring)."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    rows = []
    for line in config["importlinter:contract:module_utils"]["layers"].split("\n"):
        names = [name.strip() for name in line.split("|") if name.strip()]
        if names:
            rows.append([(name, _summary(ROOT / "plugins" / "module_utils" / f"{name}.py")) for name in names])
    return rows


def _summary(path: pathlib.Path) -> str:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    text = " ".join(docstring.split())
    end = re.search(r"[.:;](\s|$)", text)
    return text[: end.start()] if end else text


def layer_table() -> str:
    """Markdown: the layers of module_utils, top first, and what each module holds."""
    lines = ["| layer | module | what it holds |", "|---|---|---|"]
    for number, layer in enumerate(layers(), start=1):
        lines += [f"| {number} | `{name}` | {summary} |" for name, summary in layer]
    return "\n".join(lines)


def layer_list_table() -> str:
    """reStructuredText: the same table, for the documentation site."""
    # Blank lines around it: the region's marker lines are comments, which an unindented line must not follow.
    lines = ["", ".. list-table::", "   :header-rows: 1", "", "   * - layer", "     - module", "     - what it holds"]
    for number, layer in enumerate(layers(), start=1):
        for name, summary in layer:
            lines += [f"   * - {number}", f"     - ``{name}``", f"     - {summary}"]
    return "\n".join(lines) + "\n"


def envvar_directives() -> str:
    """reStructuredText: a ``.. envvar::`` directive for each EIGHTBYEIGHT_CC_* variable, which E(...) in the
    modules' documentation links to (docs/docsite/config.yml lists the same names)."""
    lines = [""]
    for variable, option, meaning in docsite.ENVIRONMENT:
        lines += [f".. envvar:: {variable}", "", f"   {meaning}", f"   The option it stands for: ``{option}``.", ""]
    return "\n".join(lines)


#: file -> [(region name, renderer)]; each region sits between "BEGIN generated <name>" and "END generated <name>"
#: lines.
TARGETS = {
    "README.md": [("transition-table", transition_table), ("status-table", status_table)],
    "docs/campaign-lifecycle.md": [("transition-table", transition_table), ("status-table", status_table)],
    "plugins/modules/campaign_status.py": [("plan", module_plan_description)],
    "docs/architecture.md": [("layers", layer_table)],
    "docs/docsite/rst/architecture.rst": [("layers", layer_list_table)],
    "docs/docsite/rst/guide.rst": [("envvars", envvar_directives)],
}


def _rewrite(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(^[^\n]*BEGIN generated {name}\b[^\n]*\n)(.*?)(^[^\n]*END generated {name}\b)", re.S | re.M)
    if not pattern.search(text):
        raise SystemExit(f"no 'BEGIN generated {name}' ... 'END generated {name}' region")
    return pattern.sub(lambda match: match.group(1) + content + "\n" + match.group(3), text)


def stale_files() -> list[str]:
    """The documents whose generated parts differ from what the lifecycle table gives, after rewriting none."""
    return [
        path
        for path, text in _render_all().items()
        if not (ROOT / path).exists() or (ROOT / path).read_text(encoding="utf-8") != text
    ]


def _render_all() -> dict[str, str]:
    rendered = {}
    for path, regions in TARGETS.items():
        text = (ROOT / path).read_text(encoding="utf-8")
        for name, render in regions:
            text = _rewrite(text, name, render())
        rendered[path] = text
    return {**rendered, **state_diagram.rendered_files(), **calling_rules.rendered_files()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report documents that are out of date")
    args = parser.parse_args()
    stale = stale_files()
    if args.check:
        if stale:
            sys.exit("out of date (run make docs): " + ", ".join(stale))
        return
    for path, text in _render_all().items():
        if path in stale:
            (ROOT / path).write_text(text, encoding="utf-8")
            print(f"updated {path}")


if __name__ == "__main__":
    main()
