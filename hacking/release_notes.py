# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The notes of a GitHub release: one version's section of CHANGELOG.md, as antsibull-changelog wrote it.

    python hacking/release_notes.py 1.0.0 --output .build/release/notes.md

The section is what follows its heading (``## v1\\.0\\.0``, the dots escaped) up to the next version's anchor and
heading, without the heading itself: the release's title names the version. It fails, naming the version, when
CHANGELOG.md has no section or more than one for it. Standard library only, so any Python runs it.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys
import typing as t

ROOT = pathlib.Path(__file__).resolve().parent.parent

# antsibull-changelog's Markdown: an anchor line, then the heading, for each version.
_HEADING = re.compile(r"^## v(\S+)[ \t]*$", re.MULTILINE)
_ANCHOR = re.compile(r"\n<a id=\"[^\"]*\"></a>\s*\Z")


class NotesError(Exception):
    """CHANGELOG.md does not have exactly one section for the version."""


def section(changelog: str, version: str) -> str:
    """The text of the version's section, its heading left out."""
    headings = list(_HEADING.finditer(changelog))
    mine = [i for i, match in enumerate(headings) if match.group(1).replace("\\", "") == version]
    if len(mine) != 1:
        raise NotesError(f"CHANGELOG.md has {len(mine)} sections for {version}, not one")
    [index] = mine
    start = headings[index].end()
    end = headings[index + 1].start() if index + 1 < len(headings) else len(changelog)
    body = _ANCHOR.sub("", changelog[start:end].rstrip())
    if not body.strip():
        raise NotesError(f"the section of {version} in CHANGELOG.md is empty")
    return body.strip() + "\n"


def main(argv: t.Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("version", help="such as 1.0.0 (no v)")
    parser.add_argument("--changelog", type=pathlib.Path, default=ROOT / "CHANGELOG.md")
    parser.add_argument("--output", type=pathlib.Path, help="where to write the notes (default: standard output)")
    args = parser.parse_args(argv)
    try:
        notes = section(args.changelog.read_text(encoding="utf-8"), args.version)
    except (NotesError, OSError) as error:
        print(f"release_notes: {error}", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(notes)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(notes, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
