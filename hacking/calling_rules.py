# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Write the calling rules page's generated parts, from the collection's own code: the table of shipped rules (RULES
in plugins/module_utils/_jurisdictions.py) and the worked example's week picture, drawn by _schedule.py and
_pictures.py from a fixed start, so that the same code always gives the same bytes.

The picture goes to docs/calling-rules-example.svg and, inline, into docs/docsite/rst/calling_rules.rst, which can
only carry what is written in it. hacking/update_docs.py writes them with the other generated parts, and its
``--check`` (and the unit tests) fail when a committed copy is not what the code gives.
"""

from __future__ import annotations

import importlib
import pathlib
import re
import sys
import typing as t
from datetime import datetime, timedelta, timezone

ROOT = pathlib.Path(__file__).resolve().parent.parent
SVG_PATH = "docs/calling-rules-example.svg"
RST_PATH = "docs/docsite/rst/calling_rules.rst"
_PACKAGE = "ansible_collections.eightbyeight.contact_center.plugins.module_utils"

#: The worked example: a campaign that reaches Florida and Texas, and one that reaches Alabama, whose rule closes on
#: Sundays and state holidays; the week of Christmas 2026, seen from New York.
EXAMPLE_FILE = """\
version: 2
campaigns:
  - {id: 125, state: running, reaches: [US-FL, US-TX]}
  - {id: 126, state: running, reaches: [US-AL]}
"""
EXAMPLE_NAMES = {125: "Gulf renewals", 126: "Alabama win-back"}
EXAMPLE_START = datetime(2026, 12, 21, tzinfo=timezone(timedelta(hours=-5)))
EXAMPLE_ZONE = "America/New_York"
#: What the table's last column shows for a row never checked against its source.
NOT_CHECKED = "not checked"
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _module(name: str) -> t.Any:
    """A module of the collection by its full name; from the checkout's link under .build/collections (make venv)
    when the collection is not on the path already."""
    try:
        return importlib.import_module(f"{_PACKAGE}.{name}")
    except ModuleNotFoundError as error:
        if not error.name or not error.name.startswith("ansible_collections"):
            raise
    sys.path.insert(0, str(ROOT / ".build" / "collections"))
    return importlib.import_module(f"{_PACKAGE}.{name}")


def available() -> bool:
    """Whether the collection ships calling rules (plugins/module_utils/_jurisdictions.py)."""
    return (ROOT / "plugins" / "module_utils" / "_jurisdictions.py").exists()


def _clock(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}"


def _span_text(span: t.Any) -> str:
    return "closed" if span is None else f"{_clock(span[0])}-{_clock(span[1])}"


def _days(hours: t.Any) -> list[str]:
    """The seven days' hours as text, Monday first, from a sequence by weekday or a mapping of weekday numbers."""
    if isinstance(hours, t.Mapping):
        return [_span_text(hours.get(day)) for day in range(7)]
    return [_span_text(span) for span in hours]


def hours_by_day(hours: t.Any) -> str:
    """'08:00-20:00 every day', or runs of days: 'mon-fri 09:00-20:00; sat 09:00-17:00; sun closed'."""
    shown = _days(hours)
    if set(shown) == {"00:00-24:00"}:
        return "none of its own: those of the jurisdiction it lies within"
    if len(set(shown)) == 1:
        return f"{shown[0]} every day"
    runs: list[tuple[int, int]] = []
    for day in range(7):
        if runs and shown[runs[-1][1]] == shown[day]:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return "; ".join(f"{_DAY_NAMES[a]}{'' if a == b else '-' + _DAY_NAMES[b]} {shown[a]}" for a, b in runs)


def sundays_and_holidays(rule: t.Any) -> str:
    shown = _days(rule.hours)
    sunday = (
        "Sundays closed"
        if shown[6] == "closed"
        else ("Sundays as other days" if shown[6] == shown[0] else f"Sundays {shown[6]}")
    )
    holidays = getattr(rule, "holidays", None)
    if not holidays:
        return sunday
    country, subdivision = holidays if isinstance(holidays, tuple) else (holidays, None)
    named = f"{country}-{subdivision}" if subdivision else country
    return f"{sunday}; closed on {named} holidays"


def checked_text(rule: t.Any) -> str:
    """The date the row was checked against its source, or 'not checked' for a row that never was."""
    checked = getattr(rule, "checked", None)
    return NOT_CHECKED if checked is None else checked.isoformat()


def _literal(text: str) -> str:
    return f"``{text}``"


def _plain(text: str) -> str:
    """Text for an RST cell: one line, with the characters that start inline markup escaped."""
    return re.sub(r"([*`|\\])", r"\\\1", " ".join(str(text).split()))


def rules_table() -> str:
    """reStructuredText: every shipped rule, with its zones, hours, Sunday and holiday rule, citation and check date
    ('not checked' for a row never checked against its source)."""
    rules = _module("_jurisdictions").RULES
    rules = list(rules.values()) if isinstance(rules, t.Mapping) else list(rules)
    lines = [
        "",
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 8 12 22 20 14 18 6",
        "",
        "   * - code",
        "     - name",
        "     - time zones",
        "     - hours, local time",
        "     - Sundays and holidays",
        "     - citation",
        "     - checked",
    ]
    for rule in rules:
        within = getattr(rule, "within", None)
        note = getattr(rule, "note", None)
        citation = _plain(rule.citation) + (f" (note: {_plain(note)})" if note else "")
        lines += [
            f"   * - {_literal(rule.code)}",
            f"     - {_plain(rule.name)}" + (f", within {_literal(within)}" if within else ""),
            "     - " + ", ".join(_literal(zone) for zone in rule.zones),
            f"     - {hours_by_day(rule.hours)}",
            f"     - {sundays_and_holidays(rule)}",
            f"     - {citation}",
            f"     - {checked_text(rule)}",
        ]
    return "\n".join(lines) + "\n"


def example_schedule() -> t.Any:
    """The worked example's schedule, as the campaign_schedule module makes it."""
    import yaml  # pylint: disable=import-outside-toplevel  # the test environment's, as the module reads files

    policy = _module("_desired_state").load_policy(yaml.safe_load(EXAMPLE_FILE), "the worked example")
    return _module("_schedule").schedule(policy, EXAMPLE_START, 7, EXAMPLE_ZONE, EXAMPLE_NAMES)


def example_svg() -> str:
    return _module("_pictures").svg(example_schedule())


def example_region() -> str:
    """reStructuredText: the example's file, its table, and its picture inline."""
    table = _module("_pictures").markdown(example_schedule())
    picture = example_svg()
    lines = ["", ".. code-block:: yaml", ""]
    lines += [f"   {line}" for line in EXAMPLE_FILE.splitlines()]
    lines += [
        "",
        "``ansible-playbook eightbyeight.contact_center.schedule -e @desired-state.yml -e time_zone=America/New_York "
        f"-e start={EXAMPLE_START.isoformat()}`` prints:",
        "",
        ".. code-block:: text",
        "",
    ]
    lines += [f"   {line}" if line else "" for line in table]
    lines += ["", "and its SVG week grid (``schedule_dest``) is:", "", ".. raw:: html", ""]
    lines += [f"   {line}" if line else "" for line in picture.splitlines()]
    return "\n".join(lines) + "\n"


def _rewrite(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(^\.\. BEGIN generated {name}\b[^\n]*\n)(.*?)(^\.\. END generated {name}\b)", re.S | re.M)
    if not pattern.search(text):
        raise SystemExit(f"{RST_PATH}: no '.. BEGIN generated {name}' ... '.. END generated {name}' region")
    return pattern.sub(lambda match: match.group(1) + content + "\n" + match.group(3), text)


def rendered_files() -> dict[str, str]:
    """Each file the rules and the picture are written to, with the text it should have; none before the collection
    ships calling rules."""
    if not available():
        return {}
    text = (ROOT / RST_PATH).read_text(encoding="utf-8")
    text = _rewrite(text, "calling-rules", rules_table())
    text = _rewrite(text, "worked-example", example_region())
    return {SVG_PATH: example_svg(), RST_PATH: text}
