# Helpers for the scenarios of the real-kernel harness (sourced).
# shellcheck shell=bash
#
# SPDX-License-Identifier: LGPL-2.1-or-later

ONTAP_RESULTS=${ONTAP_OUT:-/ontap-out}/results.txt
ONTAP_SOCK=/run/libvirt/virtstoraged-sock
ONTAP_DAEMON_PID=

uptime_s() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }'; }
section() { printf '\n========== %s ==========\n' "$*"; }
info() { echo "INFO $*" | tee -a "$ONTAP_RESULTS"; }

# One result line per check: PASS name detail / FAIL name: why
check_pass() { local n=$1; shift; echo "PASS $n $*" | tee -a "$ONTAP_RESULTS"; }
check_fail() { local n=$1; shift; echo "FAIL $n: $*" | tee -a "$ONTAP_RESULTS"; }
# check NAME DETAIL COMMAND...: PASS when the command succeeds
check() {
    local n=$1 d=$2
    shift 2
    if "$@"; then check_pass "$n" "$d"; else check_fail "$n" "$d"; fi
}

virsh() {
    "$ONTAP_TOP/build/run" "$ONTAP_TOP/build/tools/virsh" -q \
        -c "storage:///system?socket=$ONTAP_SOCK" "$@"
}

# The storage daemon of the shared build, logging storage debug to DIR.
daemon_start() {
    local dir=$1 i
    mkdir -p /run/libvirt /var/lib/libvirt /etc/libvirt/storage
    LIBVIRT_LOG_OUTPUTS="1:file:$dir/virtstoraged.log" \
    LIBVIRT_LOG_FILTERS="1:storage 1:util.command 3:*" \
        "$ONTAP_TOP/build/run" "$ONTAP_TOP/build/src/virtstoraged" \
        >>"$dir/virtstoraged.out" 2>&1 &
    ONTAP_DAEMON_PID=$!
    for i in $(seq 300); do
        virsh version >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "the storage daemon did not come up"
    return 1
}

daemon_stop() {
    [ -n "$ONTAP_DAEMON_PID" ] || return 0
    kill "$ONTAP_DAEMON_PID" 2>/dev/null
    wait "$ONTAP_DAEMON_PID" 2>/dev/null
    ONTAP_DAEMON_PID=
}

daemon_restart() {
    local dir
    dir=$(dirname "$(readlink -f "/proc/$ONTAP_DAEMON_PID/fd/1" 2>/dev/null || echo "$ONTAP_OUT/x")")
    daemon_stop
    daemon_start "$dir"
}

# Write a pool document to a file and print its path.
pool_xml() {
    local name=$1 f=/tmp/pool-$1.xml
    cat > "$f"
    echo "$f"
}

# Transports of the NFS client's xprt switch that reaches ADDR:
# prints "<count> <dstaddr>" lines (the kernel's own view, sysfs).
nfs_transports() {
    local sw x
    for sw in /sys/kernel/sunrpc/xprt-switches/switch-*; do
        for x in "$sw"/xprt-*; do
            [ -e "$x/dstaddr" ] && cat "$x/dstaddr"
        done | sort | uniq -c | awk -v s="$(basename "$sw")" '{ print s, $1, $2 }'
    done
}
