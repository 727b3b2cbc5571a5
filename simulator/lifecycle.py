# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The collection's own lifecycle table, loaded by file path.

The simulator takes every rule about statuses and transitions from
``plugins/module_utils/_lifecycle.py`` so that it can never drift from what the collection believes.
That file is loaded on its own (it uses the standard library only), without importing Ansible or the
collection as a package; the one collection file it imports, ``_errors.py``, is loaded the same way first.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

#: The repository root: the parent of the ``simulator/`` package.
REPO_ROOT = Path(__file__).resolve().parent.parent

#: Where the collection keeps its transition table.
LIFECYCLE_PATH = REPO_ROOT / "plugins" / "module_utils" / "_lifecycle.py"

_MODULE_NAME = "_eightbyeight_contact_center_lifecycle"
#: The name _lifecycle.py imports its errors by.
_ERRORS_NAME = "ansible_collections.eightbyeight.contact_center.plugins.module_utils._errors"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the collection's {path.name} from {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered before running it, as dataclasses and pickling look modules up by name.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_lifecycle(path: Path = LIFECYCLE_PATH) -> ModuleType:
    """Load ``_lifecycle.py`` from ``path`` as a stand-alone module, with the ``_errors.py`` beside it.

    Where the collection is importable (the tests), its own errors module is used, so that an error the table
    raises is the one the collection's code catches.
    """
    try:
        importlib.import_module(_ERRORS_NAME)
    except ImportError:
        _load(_ERRORS_NAME, path.parent / "_errors.py")
    return _load(_MODULE_NAME, path)


lifecycle = load_lifecycle()

#: The API word of each state, read the other way: "PAUSED" -> "paused".
STATE_OF_WORD: dict[str, str] = {word: state for state, word in lifecycle.COMMANDS.items()}

#: "Manual Started": the status a campaign shows between being told to run and running (start_delay).
STARTING_STATUS = 1
if lifecycle.STATUSES[STARTING_STATUS] != ("Manual Started", lifecycle.RUNNING):
    raise ImportError(f"status {STARTING_STATUS} is no longer 'Manual Started' in {LIFECYCLE_PATH}")


def state_of(status: object) -> str:
    """The state of a status code; a code sent as a string ("3") counts as the number, as on the platform.

    Raises the collection's UnknownStatus for any code its table does not know.
    """
    if isinstance(status, str) and status.strip().isdigit():
        status = int(status)
    return lifecycle.state_of(status)
