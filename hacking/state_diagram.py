# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Draw the campaign state machine as SVG, from TRANSITIONS and STATUSES in plugins/module_utils/_lifecycle.py.

The picture is written to docs/state-machine.svg and, inline, into the documentation site's lifecycle page
(docs/docsite/rst/lifecycle.rst), which can only carry what is written in it. It is drawn by this script rather
than by a layout program, so that the same table always gives the same bytes. hacking/update_docs.py writes it
with the tables, and its ``--check`` (and the unit tests) fail when a committed copy is not what the table gives.

Layout: the states in a row, each after every state it can be reached from (ignoring the changes that go back),
with the status codes of each state in its box. A change to the next state is a straight arrow; a change that
skips ahead is an arc above the row; a change back is an arc below it. Each arrow is labelled with the word the
API takes to make that change.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent
SVG_PATH = "docs/state-machine.svg"
RST_PATH = "docs/docsite/rst/lifecycle.rst"


def _load_lifecycle():
    # simulator/lifecycle.py loads the table on its own, with the errors it imports; it is loaded by path here
    # too, since neither hacking/ nor the simulator need be importable.
    spec = importlib.util.spec_from_file_location("_simulator_lifecycle", ROOT / "simulator" / "lifecycle.py")
    if spec is None or spec.loader is None:
        raise ImportError("cannot load simulator/lifecycle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.lifecycle


lifecycle = _load_lifecycle()

BOX_WIDTH = 156
GAP = 84  # between two boxes: room for a straight arrow and its label
MARGIN = 24
TITLE_HEIGHT = 56
HEADER = 30  # the state's name
LINE = 16  # one status code
ARC_RISE = 34  # height of an arc per state it spans
FONT = 'font-family="DejaVu Sans, Verdana, Arial, sans-serif"'


def order(transitions: dict[str, tuple[str, ...]], first: str) -> list[str]:
    """The states left to right: each after every state that leads to it, not counting changes back."""
    back = back_edges(transitions, first)
    forward = {state: [to for to in targets if (state, to) not in back] for state, targets in transitions.items()}
    rank = {state: 0 for state in transitions}
    for _round in transitions:  # longest path in a graph without cycles: at most len(states) rounds
        for state, targets in forward.items():
            for to in targets:
                rank[to] = max(rank[to], rank[state] + 1)
    position = list(transitions)
    return sorted(transitions, key=lambda state: (rank[state], position.index(state)))


def back_edges(transitions: dict[str, tuple[str, ...]], first: str) -> set[tuple[str, str]]:
    """The changes that lead back to a state on the way to them (depth first from ``first``)."""
    back: set[tuple[str, str]] = set()
    done: set[str] = set()

    def visit(state: str, path: list[str]) -> None:
        done.add(state)
        for to in transitions[state]:
            if to in path:
                back.add((state, to))
            elif to not in done:
                visit(to, path + [to])

    for start in [first] + list(transitions):
        if start not in done:
            visit(start, [start])
    return back


def statuses_of(state: str) -> list[tuple[int, str]]:
    return [(code, name) for code, (name, of) in sorted(lifecycle.STATUSES.items()) if of == state]


def _spread(items: list, left: float, right: float) -> dict:
    """Evenly spaced x positions for ``items`` between ``left`` and ``right``."""
    step = (right - left) / (len(items) + 1)
    return {item: left + step * (i + 1) for i, item in enumerate(items)}


def render() -> str:
    """The SVG picture of lifecycle.TRANSITIONS, as text."""
    transitions = lifecycle.TRANSITIONS
    states = order(transitions, lifecycle.NEW)
    index = {state: i for i, state in enumerate(states)}
    heights = {state: HEADER + LINE * len(statuses_of(state)) + 8 for state in states}
    edges = [(state, to) for state in states for to in transitions[state]]
    straight = [(a, b) for a, b in edges if index[b] == index[a] + 1]
    above = [(a, b) for a, b in edges if index[b] > index[a] + 1]
    below = [(a, b) for a, b in edges if index[b] < index[a]]
    span = {edge: abs(index[edge[1]] - index[edge[0]]) for edge in edges}
    rise_above = ARC_RISE * max([span[e] for e in above] or [0])
    rise_below = ARC_RISE * max([span[e] for e in below] or [0])

    middle = MARGIN + TITLE_HEIGHT + rise_above + max(heights.values()) / 2 + 14
    width = MARGIN * 2 + len(states) * BOX_WIDTH + (len(states) - 1) * GAP
    footer = middle + max(heights.values()) / 2 + rise_below + 44  # below the lowest arc's label
    height = footer + 16 + MARGIN
    left = {state: float(MARGIN + index[state] * (BOX_WIDTH + GAP)) for state in states}
    top = {state: middle - heights[state] / 2 for state in states}
    bottom = {state: middle + heights[state] / 2 for state in states}

    def attachments(arcs: list[tuple[str, str]], state: str) -> dict[tuple[str, str], float]:
        # Arcs meeting one side of a box, ordered so that arcs nest instead of crossing: those whose other end
        # lies to the left first (shorter ones further left), then those going right (longer ones further left).
        here = [arc for arc in arcs if state in arc]

        def other(arc: tuple[str, str]) -> str:
            return arc[1] if arc[0] == state else arc[0]

        lefts = sorted((a for a in here if index[other(a)] < index[state]), key=lambda a: span[a])
        rights = sorted((a for a in here if index[other(a)] > index[state]), key=lambda a: -span[a])
        return _spread(lefts + rights, left[state] + 20, left[state] + BOX_WIDTH - 20)

    def arc_points(arcs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[float, float]]:
        points: dict[tuple[str, str], dict[str, float]] = {arc: {} for arc in arcs}
        for state in states:
            for arc, x in attachments(arcs, state).items():
                points[arc][state] = x
        return {arc: (points[arc][arc[0]], points[arc][arc[1]]) for arc in arcs}

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="sm-title sm-desc" '
        'class="eightbyeight-state-machine" style="max-width: 100%; height: auto">',
        '<title id="sm-title">Campaign states and the status changes the 8x8 platform accepts</title>',
        '<desc id="sm-desc">'
        + escape(
            "; ".join(f"{a} to {b} (sends {lifecycle.COMMANDS[b]})" for a, b in edges)
            + ". Generated from TRANSITIONS and STATUSES in plugins/module_utils/_lifecycle.py."
        )
        + "</desc>",
        "<defs>",
        '<marker id="sm-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#334155"/></marker>',
        '<marker id="sm-arrow-back" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#0f766e"/></marker>',
        "</defs>",
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 18}" {FONT} font-size="18" font-weight="bold" fill="#0f172a">'
        "Campaign states and the status changes the platform accepts</text>",
        f'<text x="{MARGIN}" y="{MARGIN + 40}" {FONT} font-size="12" fill="#475569">'
        "Each arrow is a change the API allows, labelled with the status word campaign_status sends for it; "
        "each box lists the status codes of that state.</text>",
    ]

    for state in states:
        codes = statuses_of(state)
        final = not transitions[state]
        fill, stroke = ("#fee2e2", "#b91c1c") if final else ("#e0f2fe", "#0369a1")
        out.append(
            f'<g class="state" data-state="{state}" data-statuses="{" ".join(str(code) for code, _name in codes)}">'
            f'<rect x="{left[state]:.1f}" y="{top[state]:.1f}" width="{BOX_WIDTH}" height="{heights[state]:.1f}" '
            f'rx="10" fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>'
            f'<text x="{left[state] + BOX_WIDTH / 2:.1f}" y="{top[state] + 21:.1f}" text-anchor="middle" {FONT} '
            f'font-size="15" font-weight="bold" fill="#0f172a">{state}{" (final)" if final else ""}</text>'
        )
        for i, (code, name) in enumerate(codes):
            out.append(
                f'<text x="{left[state] + 12:.1f}" y="{top[state] + HEADER + 12 + i * LINE:.1f}" {FONT} '
                f'font-size="11.5" fill="#334155">{code}  {escape(name)}</text>'
            )
        out.append("</g>")

    def edge_group(a: str, b: str, path: str, label_x: float, label_y: float, back: bool) -> str:
        colour, marker = ("#0f766e", "sm-arrow-back") if back else ("#334155", "sm-arrow")
        word = lifecycle.COMMANDS[b]
        return (
            f'<g class="transition" data-from="{a}" data-to="{b}"><title>{a} to {b}: sends {word}</title>'
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="1.6" marker-end="url(#{marker})"/>'
            f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="middle" {FONT} font-size="11" '
            f'font-weight="bold" fill="{colour}">{word}</text></g>'
        )

    for a, b in straight:
        x1, x2 = left[a] + BOX_WIDTH, left[b]
        out.append(
            edge_group(a, b, f"M{x1:.1f},{middle:.1f} L{x2 - 1:.1f},{middle:.1f}", (x1 + x2) / 2, middle - 7, False)
        )
    for a, b in above:
        (x1, x2), rise = arc_points(above)[(a, b)], ARC_RISE * span[(a, b)]
        y1, y2 = top[a], top[b]
        peak = min(y1, y2) - rise
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{peak:.1f} {x2:.1f},{peak:.1f} {x2:.1f},{y2 - 1:.1f}"
        out.append(edge_group(a, b, path, (x1 + x2) / 2, min(y1, y2) - rise * 0.75 - 5, False))
    for a, b in below:
        (x1, x2), rise = arc_points(below)[(a, b)], ARC_RISE * span[(a, b)]
        y1, y2 = bottom[a], bottom[b]
        low = max(y1, y2) + rise
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2 + 1:.1f}"
        out.append(edge_group(a, b, path, (x1 + x2) / 2, max(y1, y2) + rise * 0.75 + 14, True))

    for i, line in enumerate(
        (
            "campaign_status never passes through running on the way to another state, and counts purged as paused.",
            "Generated by make docs from TRANSITIONS and STATUSES in plugins/module_utils/_lifecycle.py.",
        )
    ):
        out.append(f'<text x="{MARGIN}" y="{footer + i * 16:.0f}" {FONT} font-size="11" fill="#64748b">{line}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _rst_region(svg: str) -> str:
    return ".. raw:: html\n\n" + "".join(f"   {line}\n" if line else "\n" for line in svg.splitlines())


def _rewrite_rst(text: str, svg: str) -> str:
    pattern = re.compile(
        r"(^\.\. BEGIN generated state-machine[^\n]*\n\n)(.*?)(^\.\. END generated state-machine)", re.S | re.M
    )
    if not pattern.search(text):
        raise SystemExit(
            f"{RST_PATH}: no '.. BEGIN generated state-machine' ... '.. END generated state-machine' region"
        )
    return pattern.sub(lambda match: match.group(1) + _rst_region(svg) + "\n" + match.group(3), text)


def rendered_files() -> dict[str, str]:
    """Each file the picture is written to, with the text it should have."""
    svg = render()
    return {SVG_PATH: svg, RST_PATH: _rewrite_rst((ROOT / RST_PATH).read_text(encoding="utf-8"), svg)}
