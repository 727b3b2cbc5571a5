# -*- coding: utf-8 -*-
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""``python -m simulator``: serve the simulator until SIGTERM or SIGINT.

The first line on stdout is the base URL alone, so that scripts can start it and read where it listens. The last
ones, in every mode, are the ``export`` line that points a shell at one tenant, then the other tenants' as comments.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import threading
from collections.abc import Iterable, Sequence

import yaml

from .data import DEMO_DATA, LOAD_TENANT, REHEARSAL_USERNAME, DataError, DataSource, load_data, report_data
from .server import Simulator, is_loopback

ADMIN_TOKEN_ENV = "SIMULATOR_ADMIN_TOKEN"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m simulator", description="Simulate the 8x8 Contact Center campaign status API."
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", help=f"YAML or JSON data file (default: the demo data, {DEMO_DATA})")
    source.add_argument(
        "--report", metavar="FILE", help="serve the campaigns of a report (JSON) as one tenant, to rehearse a change"
    )
    parser.add_argument(
        "--tenant", metavar="NAME", help=f"--report: the tenant's username (default: {REHEARSAL_USERNAME})"
    )
    parser.add_argument("--data-token", help="--report: the tenant's data token (default: NAME-data-token)")
    parser.add_argument("--action-token", help="--report: the tenant's action token (default: NAME-action-token)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one (default)")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a certificate for 127.0.0.1 and localhost")
    parser.add_argument(
        "--ca-file", help="where to write the CA certificate (PEM) clients should trust; required with --tls"
    )
    parser.add_argument(
        "--admin-token",
        help=f"token for the /_sim/ control API (default: ${ADMIN_TOKEN_ENV}, else a random one, printed)",
    )
    parser.add_argument(
        "--generate", type=int, metavar="N", help="add campaigns 1..N to the tenant 'load' (for load tests)"
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request on stderr")
    args = parser.parse_args(argv)
    if args.tls != bool(args.ca_file):
        parser.error("--tls and --ca-file PATH go together")
    if args.generate is not None and args.generate < 0:
        parser.error("--generate takes a number >= 0")
    if not args.report and (args.tenant or args.data_token or args.action_token):
        parser.error("--tenant, --data-token and --action-token go with --report")
    return args


def tenant_credentials(data: DataSource, usernames: Iterable[str]) -> dict[str, tuple[str, str]]:
    """The data and action tokens of each tenant served, by username, in the order the simulator lists them."""
    seeds = load_data(data, generate=0)  # the tokens; generated campaigns add nothing to them
    tokens = {name: (seed.data_token, seed.action_token) for name, seed in seeds.items()}
    tokens.setdefault(LOAD_TENANT["username"], (LOAD_TENANT["data_token"], LOAD_TENANT["action_token"]))
    return {username: tokens[username] for username in usernames}


def export_lines(base_url: str, tenants: dict[str, tuple[str, str]], args: argparse.Namespace) -> list[str]:
    """What points a shell at the simulator, ready to paste: one ``export`` line for the tenant the mode is about (the
    report's with --report, ``load`` with --generate, else the first of the data), then each other tenant's as a
    comment, so that ``eval "$(grep '^export ' OUTPUT)"`` sets one tenant, always the same one."""
    if not tenants:
        return []
    first = next(iter(tenants))
    if args.generate and LOAD_TENANT["username"] in tenants:
        first = LOAD_TENANT["username"]
    lines = []
    for username in (first, *(name for name in tenants if name != first)):
        data_token, action_token = tenants[username]
        variables = {"API_URL": base_url, "USERNAME": username, "DATA_TOKEN": data_token, "ACTION_TOKEN": action_token}
        line = "export " + " ".join(f"EIGHTBYEIGHT_CC_{name}={shlex.quote(value)}" for name, value in variables.items())
        lines.append(line if username == first else f"# {line}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # Handlers first: a signal that comes while starting must still end in a clean stop.
    stopping = threading.Event()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signal_number, lambda *_: stopping.set())
    admin_token = args.admin_token or os.environ.get(ADMIN_TOKEN_ENV) or None
    try:
        data = (
            report_data(args.report, args.tenant or REHEARSAL_USERNAME, args.data_token, args.action_token)
            if args.report
            else args.data
        )
        simulator = Simulator(
            data=data,
            host=args.host,
            port=args.port,
            tls=args.tls,
            ca_file=args.ca_file,
            admin_token=admin_token,
            generate=args.generate,
            verbose=not args.quiet,
        ).start()
    except (DataError, OSError, yaml.YAMLError) as error:
        print(f"simulator: {error}", file=sys.stderr)
        return 2
    print(simulator.base_url, flush=True)
    if not is_loopback(args.host):
        print(
            f"simulator: warning: listening on {args.host}, reachable from other machines; its tokens are not secret",
            file=sys.stderr,
            flush=True,
        )
    if admin_token is None:
        print(f"admin token: {simulator.admin_token}")
    if args.tls:
        print(f"CA certificate: {simulator.ca_file}")
    tenants = ", ".join(
        f"{username} ({count} campaigns)" for username, count in simulator.store.campaign_counts().items()
    )
    print(
        f"data: {f'report {args.report}' if args.report else args.data or DEMO_DATA}; tenants: {tenants or 'none'}",
        flush=True,
    )
    for line in export_lines(simulator.base_url, tenant_credentials(data, simulator.store.campaign_counts()), args):
        print(line, flush=True)
    stopping.wait()
    simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
