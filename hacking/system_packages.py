# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""make system-packages: the system packages bindep.txt lists for a profile, installed with apt-get if missing.

bindep.txt's default profile is what the collection needs where its modules run (an execution environment gets
that one only); the test profile adds what `make test` needs, such as Chromium for make docs-check. `bindep -b
PROFILE` lists the missing ones; when there are none this does nothing. Installing needs root: apt-get runs
directly as root, else through `sudo -n` where sudo is there; elsewhere it says what to install and fails.

    .build/lint-venv/bin/python hacking/system_packages.py            # the test profile (make system-packages)
    .build/lint-venv/bin/python hacking/system_packages.py --profile default
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def missing(bindep: str, profile: str, requirements: pathlib.Path) -> list[str]:
    """The packages of ``profile`` that are not installed, as bindep finds them."""
    done = subprocess.run(
        [bindep, "--brief", "--file", str(requirements), profile], capture_output=True, text=True, check=False
    )
    # bindep exits 1 when something is missing, and says so on stdout; another code is an error of its own.
    if done.returncode not in (0, 1):
        raise SystemExit(f"bindep failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.split()


def apt_get() -> list[str] | None:
    """How to run apt-get as root here, or None."""
    if shutil.which("apt-get") is None:
        return None
    if os.geteuid() == 0:
        return ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    if shutil.which("sudo") is not None:
        return ["sudo", "-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="test", help="the bindep profile (default: %(default)s)")
    parser.add_argument(
        "--file", type=pathlib.Path, default=ROOT / "bindep.txt", help="the bindep file (default: bindep.txt)"
    )
    parser.add_argument(
        "--bindep",
        default=str(pathlib.Path(sys.executable).parent / "bindep"),
        help="the bindep command (default: the one beside this Python)",
    )
    args = parser.parse_args()
    packages = missing(args.bindep, args.profile, args.file)
    if not packages:
        print(f"system packages ({args.profile} profile of {args.file.name}): all installed")
        return 0
    command = apt_get()
    if command is None:
        print(
            f"system packages ({args.profile} profile of {args.file.name}) missing: {' '.join(packages)}; "
            "install them as root with the system's package manager",
            file=sys.stderr,
        )
        return 1
    print(f"system packages ({args.profile} profile of {args.file.name}): installing {' '.join(packages)}", flush=True)
    for arguments in (["update", "-qq"], ["install", "-y", "-qq", *packages]):
        done = subprocess.run([*command, *arguments], stdout=subprocess.DEVNULL, check=False)
        if done.returncode:
            print(f"{' '.join(command + arguments)} failed ({done.returncode})", file=sys.stderr)
            return 1
    left = missing(args.bindep, args.profile, args.file)
    if left:
        print(f"system packages still missing after apt-get: {' '.join(left)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
