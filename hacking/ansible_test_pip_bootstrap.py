# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Let ansible-test create its virtual environments on machines that reach only the package index.

ansible-test bootstraps pip in each new virtual environment with a get-pip.py script that it downloads from
a host of its own and caches. Where that host cannot be reached, this puts a stand-in in the cache: it
installs pip with the interpreter's own ensurepip, then the pinned packages from the package index.
A cached real script is left alone.
"""

from __future__ import annotations

import os
import types
import typing as t

from ansible_test._internal.python_requirements import get_venv_packages

STAND_IN = '''"""Stand-in for get-pip.py, written by the collection's hacking/ansible_test_pip_bootstrap.py."""
import subprocess
import sys

# get-pip.py options that pip install does not know.
packages = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
# In a child process: ensurepip points PIP_CONFIG_FILE at /dev/null in its own process, which would make
# the install below ignore the machine's pip settings (index, proxy, certificates).
subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True, stdout=subprocess.DEVNULL)
subprocess.run([sys.executable, "-m", "pip", "install"] + packages, check=True)
'''


def main() -> None:
    # It reads only the version of the PythonConfig it takes.
    version = get_venv_packages(t.cast(t.Any, types.SimpleNamespace(version="3")))["pip"]
    path = os.path.expanduser(f"~/.ansible/test/cache/get_pip_{version.replace('.', '_')}.py")
    if os.path.exists(path):
        print(f"ansible-test's pip {version} bootstrap script is cached already: {path}")
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as script:
        script.write(STAND_IN)
    print(f"Wrote a stand-in for ansible-test's pip {version} bootstrap script: {path}")


if __name__ == "__main__":
    main()
