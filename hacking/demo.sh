#!/usr/bin/env bash
# Copyright (c) 2026, the eightbyeight.contact_center contributors
# GNU General Public License v3.0+ (see LICENSES or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# make demo: build and install the collection, start the simulator with its demo data, and apply a
# desired-state file as a user would: the plan (--check --diff), the change, and a second run that changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.venv/bin
work=$PWD/.build/demo
rm -rf "$work" && mkdir -p "$work/collections"

banner() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# Set before installing: ansible-galaxy warns that a collection installed outside the configured paths is not used.
export ANSIBLE_COLLECTIONS_PATH=$work/collections

banner "Build and install the collection"
"$bin/ansible-galaxy" collection build --force --output-path "$work" . >/dev/null
"$bin/ansible-galaxy" collection install --force -p "$work/collections" "$work"/eightbyeight-contact_center-*.tar.gz

banner "Start the simulator with the demo data"
"$bin/python" -m simulator --quiet > "$work/simulator.out" &
simulator=$!
trap 'kill "$simulator" 2>/dev/null; wait "$simulator" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    [ -s "$work/simulator.out" ] && break
    sleep 0.1
done
url=$(head -n 1 "$work/simulator.out")
echo "simulator at $url"

export ANSIBLE_NOCOLOR=${ANSIBLE_NOCOLOR:-} ANSIBLE_LOCALHOST_WARNING=0 \
    ANSIBLE_INVENTORY_UNPARSED_WARNING=0 ANSIBLE_PYTHON_INTERPRETER=$bin/python
export EIGHTBYEIGHT_CC_API_URL=$url EIGHTBYEIGHT_CC_USERNAME=demo \
    EIGHTBYEIGHT_CC_DATA_TOKEN=demo-data-token EIGHTBYEIGHT_CC_ACTION_TOKEN=demo-action-token
apply() { "$bin/ansible-playbook" eightbyeight.contact_center.apply -e @demo/desired-state.yml "$@"; }

banner "The desired state (demo/desired-state.yml)"
cat demo/desired-state.yml

banner "1. The plan: ansible-playbook eightbyeight.contact_center.apply -e @demo/desired-state.yml --check --diff"
apply --check --diff

banner "2. The change: the same, without --check"
apply --diff

banner "3. Once more: nothing left to change"
apply | tee "$work/third-run.out"
grep -q "changed=0" "$work/third-run.out" || { echo "the third run changed something" >&2; exit 1; }
echo "Applying the same desired state again changed nothing."
