#!/bin/bash
# Run the two-host scenarios of the real-kernel harness. Three guests of the
# harness's cached image boot under QEMU TCG, 1 vCPU each: the array
# stand-ins (knfsd, nvmet, LIO: a guest of its own, so that a host can be
# killed while the array stays up) and the KVM hosts a and b. They share a
# virtual network of their own: a QEMU multicast socket on the loopback of
# this machine, with no host interface and no address outside the guests.
# The scenarios of tests/vm/two-hosts/ run here, outside the guests: they run
# commands on either host or on the array (see two-hosts/lib.sh), and kill a
# host's QEMU and boot it again.
#
# Usage: tests/vm/run-two-hosts.sh [--build DIR] [--out DIR] [SCENARIO...]
#
# Results land in the output directory (default BUILDDIR/vm-out-two-hosts):
#   results.txt   "PASS name ..." / "FAIL name: why" per check, "TIME name
#                 seconds" per scenario, "INFO ..." for figures
#   array/ a/ b/  per guest: console.log (kernel), guest.log (setup), the
#                 commands run there with their output (cmd/), and on the
#                 hosts the daemons' logs of each boot (daemon-bootN/)
# Exits non-zero when a check fails or a guest does not come up.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$top/build
out=

while [ $# -gt 0 ]; do
    case "$1" in
        --build) build=$(cd "$2" && pwd); shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
out=${out:-$build/vm-out-two-hosts}
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] ||
    mapfile -t wanted < <(ls "$here/two-hosts" | sed -n 's/\.sh$//p' | grep -vx lib | sort)
for s in "${wanted[@]}"; do
    [ -f "$here/two-hosts/$s.sh" ] || { echo "no scenario '$s' in $here/two-hosts" >&2; exit 2; }
done

TWO_HOSTS_IMG=$("$here/build-image.sh" "$build") ||
    { echo "FAIL two-hosts: no guest image"; echo "two-hosts: 0 passed, 1 failed"; exit 1; }
rm -rf "$out"
mkdir -p "$out"
TWO_HOSTS_OUT=$(cd "$out" && pwd)
TWO_HOSTS_TOP=$top
TWO_HOSTS_RESULTS=$TWO_HOSTS_OUT/results.txt
: > "$TWO_HOSTS_RESULTS"
. "$here/two-hosts/lib.sh"

start=$(date +%s)
trap 'two_hosts_shutdown' EXIT
# Stopped from outside: the guests go with it, at once.
trap 'for n in array a b; do two_hosts_alive $n && two_hosts_kill $n; done; exit 143' TERM INT
two_hosts_boot array && two_hosts_boot a && two_hosts_boot b
up=1
for n in array a b; do
    two_hosts_wait_ready "$n" || { check_fail "two-hosts-boot-$n" "the guest did not come up (see $TWO_HOSTS_OUT/$n/console.log)"; up=0; }
done
if [ $up = 1 ]; then
    # The LUNs' WWIDs the array read, for the hosts' scenarios.
    cp "$TWO_HOSTS_OUT"/array/iscsi-wwid-* "$TWO_HOSTS_OUT/a/"
    cp "$TWO_HOSTS_OUT"/array/iscsi-wwid-* "$TWO_HOSTS_OUT/b/"
    info "two-hosts: guests up in $(( $(date +%s) - start ))s (setup: array $(cat "$TWO_HOSTS_OUT/array/ready")s, a $(cat "$TWO_HOSTS_OUT/a/ready")s, b $(cat "$TWO_HOSTS_OUT/b/ready")s)"
    for s in "${wanted[@]}"; do
        echo "========== two-host scenario $s =========="
        t0=$(date +%s)
        ( TWO_HOSTS_SCENARIO=$s; . "$here/two-hosts/$s.sh" ) ||
            check_fail "$s" "the scenario script exited with status $?"
        echo "TIME $s $(( $(date +%s) - t0 ))" | tee -a "$TWO_HOSTS_RESULTS"
    done
fi
two_hosts_shutdown
trap - EXIT
wall=$(( $(date +%s) - start ))
passed=$(grep -c '^PASS ' "$TWO_HOSTS_RESULTS")
failed=$(grep -c '^FAIL ' "$TWO_HOSTS_RESULTS")
echo "two-hosts: $passed passed, $failed failed in ${wall}s (logs: $TWO_HOSTS_OUT)"
[ "$failed" = 0 ]
