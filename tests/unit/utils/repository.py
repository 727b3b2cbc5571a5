# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What the tests of the repository's files share: its root, its hacking/ scripts (which the collection built for
Galaxy does not ship), and the EIGHTBYEIGHT_CC_* variables the plugins read."""

from __future__ import annotations

import importlib.util
import pathlib
import re
import sys
import types

import pytest

from ansible_collections.eightbyeight.contact_center.plugins.module_utils import _module

ROOT = pathlib.Path(__file__).resolve().parents[3]


def hacking(name: str) -> types.ModuleType:
    """hacking/<name>.py, loaded by its path (hacking/ is no package; its scripts import each other, as they find
    their siblings when run); the test is skipped where it is not there."""
    path = ROOT / "hacking" / f"{name}.py"
    if not path.exists():
        pytest.skip("only in a checkout of the repository")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as an import does: a dataclass looks its module up there
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def variables_the_collection_reads() -> set[str]:
    """Every EIGHTBYEIGHT_CC_* variable: option fallbacks, and names built or written out in the plugins' code."""
    names = {
        name
        for spec in _module.connection_argument_spec().values()
        if "fallback" in spec
        for name in spec["fallback"][1]
    }
    for path in (ROOT / "plugins").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names.update(re.findall(r"\bEIGHTBYEIGHT_CC_[A-Z_]+\b", text))
        names.update(_module.ENV_PREFIX + name for name in re.findall(r"\{ENV_PREFIX\}([A-Z_]+)", text))
    return names
