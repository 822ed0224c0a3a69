#!/bin/bash
# Run scenarios of the real-kernel test harness: boot Debian's kernel under
# QEMU (TCG), with this checkout shared read-only into the guest, stand up
# the array stand-ins there, and run the named scenarios (default: all)
# against this build's storage daemon.
#
# Usage: tests/vm/run-vm.sh [--build DIR] [--out DIR] [--timeout SECONDS] [SCENARIO...]
# (a SCENARIO with a slash names a script of the checkout: bench/clone)
#
# Results land in the output directory (default BUILDDIR/vm-out):
#   results.txt   one "PASS name ..." / "FAIL name: why" line per check,
#                 and "TIME name seconds" per scenario
#   guest.log     everything the scenarios printed
#   console.log   the guest's serial console (kernel messages)
#   <scenario>/   per scenario: the daemon log and any files it kept
# Exits non-zero when a check fails, no result comes back, or the guest
# does not power off within the timeout.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$top/build
out=
timeout=2700   # the NFS and NVMe scenarios take about 20 min under TCG

while [ $# -gt 0 ]; do
    case "$1" in
        --build) build=$(cd "$2" && pwd); shift 2 ;;
        --out) out=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
out=${out:-$build/vm-out}
scenarios=$(IFS=,; echo "$*")

# A name with a slash is a script of the checkout (bench/clone).
for s in "$@"; do
    case $s in
        */*) [ -f "$top/$s.sh" ] || { echo "no script '$s.sh' in $top" >&2; exit 2; } ;;
        *) [ -f "$here/scenarios/$s.sh" ] || { echo "no scenario '$s' in $here/scenarios" >&2; exit 2; } ;;
    esac
done

img=$("$here/build-image.sh" "$build") ||
    { echo "FAIL vm: no guest image"; echo "vm: 0 passed, 1 failed"; exit 1; }

rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
# The guest's /srv (XFS): sparse backing files of the stand-ins (NVMe
# namespaces 8G + 1G + 512M + 512M, the iSCSI LUN 2G: 12G if all were
# written) plus the NFS exports' files (about 1G at most at a time).
scratch=$out/scratch.img

boot() {
    rm -f "$out/results.txt" "$out/guest.log"
    truncate -s 16G "$scratch"
    timeout --foreground -k 10 "$timeout" qemu-system-x86_64 \
        -accel tcg,thread=multi -cpu max -m 4G -smp 2 \
        -nographic -no-reboot -nic none \
        -kernel "$img/vmlinuz" -initrd "$img/initrd.img" \
        -append "console=ttyS0 root=/dev/vda rw init=/sbin/ontap-vm-init loglevel=4 panic=-1 mitigations=off modprobe.blacklist=floppy ontap.top=$top ontap.scenarios=$scenarios" \
        -drive "file=$img/root.img,if=virtio,format=raw,cache=unsafe,snapshot=on" \
        -drive "file=$scratch,if=virtio,format=raw,cache=unsafe" \
        -virtfs "local,path=$top,mount_tag=top,security_model=none,readonly=on" \
        -virtfs "local,path=$out,mount_tag=out,security_model=none" \
        >"$out/console.log" 2>&1 </dev/null
    rc=$?
    rm -f "$scratch"
}

# The last lines of a log, so that CI's output says why a guest stopped.
tail_log() {
    [ -s "$1" ] || return 0
    echo "--- last lines of $1:"
    tail -n 25 "$1" | sed 's/^/  | /'
}

echo ">>> booting $(cat "$img/kernel-version") under QEMU TCG (scenarios: ${scenarios:-all}; output: $out)"
start=$(date +%s)
boot
# A guest that stopped before its first check (a boot that failed under a
# noisy host's TCG) is booted once more; a scenario that ran is never rerun.
if [ $rc != 124 ] && [ $rc != 137 ] &&
   ! grep -E '^(PASS|FAIL|TIME|INFO|DONE)' "$out/results.txt" >/dev/null 2>&1; then
    echo "INFO vm: the guest stopped before its first check (qemu exit $rc); booting it once more"
    tail_log "$out/console.log"
    tail_log "$out/guest.log"
    mv "$out/console.log" "$out/console-first-boot.log"
    boot
fi
wall=$(( $(date +%s) - start ))

res=$out/results.txt
grep -E '^(PASS|FAIL|TIME|INFO) ' "$res" 2>/dev/null
passed=$(grep -c '^PASS ' "$res" 2>/dev/null)
failed=$(grep -c '^FAIL ' "$res" 2>/dev/null)
if [ $rc = 124 ] || [ $rc = 137 ]; then
    echo "FAIL vm: the guest did not finish within ${timeout}s (see $out/console.log)"
    tail_log "$out/console.log"
    failed=$((${failed:-0} + 1))
elif ! grep '^DONE' "$res" >/dev/null 2>&1; then
    echo "FAIL vm: the scenario runner did not finish (qemu exit $rc, see $out/console.log and $out/guest.log)"
    tail_log "$out/console.log"
    tail_log "$out/guest.log"
    failed=$((${failed:-0} + 1))
fi
echo "vm: ${passed:-0} passed, ${failed:-0} failed in ${wall}s (logs: $out)"
[ "${failed:-0}" = 0 ]
