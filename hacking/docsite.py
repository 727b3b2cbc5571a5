# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Build the collection's documentation site with antsibull-docs: sphinx-init, then the build.sh it writes.

The site holds the plugin and role pages and the guides of docs/docsite/ (extra-docs.yml). Run it with the Python
of the environment of requirements-docs.txt, with this collection on ANSIBLE_COLLECTIONS_PATH (make docs does):

    python hacking/docsite.py --dest .build/docsite

Sphinx turns warnings into errors here (-W), and links into Ansible's own documentation go through intersphinx,
which downloads inventories. Where they cannot be downloaded, it falls back to files next to the site; this
writes those: for Ansible's documentation the two labels the generated pages link to, and empty ones for the rest.
Where the network is there, the downloaded inventories win.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
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


#: The pages to look at after a build: the module page, the user guide, and the state picture.
SCREENSHOT_PAGES = {
    "campaign_status_module": "campaign_status_module.html",
    "guide": "docsite/guide.html",
    "lifecycle": "docsite/lifecycle.html",
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", required=True, type=pathlib.Path, help="the site's directory (made anew)")
    parser.add_argument("--screenshots", type=pathlib.Path, help="also take screenshots of three pages, into this")
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
    subprocess.run(["bash", str(dest / "build.sh")], cwd=dest, env=env, check=True)
    html = dest / "build" / "html" / "collections" / "eightbyeight" / "contact_center"
    print(f"The site: {dest / 'build' / 'html' / 'index.html'}; the collection: {html / 'index.html'}")
    if args.screenshots:
        screenshots(html, args.screenshots.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
