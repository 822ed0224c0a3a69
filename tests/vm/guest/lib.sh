# Helpers for the scenarios of the real-kernel harness (sourced).
# shellcheck shell=bash
#
# SPDX-License-Identifier: LGPL-2.1-or-later

ONTAP_RESULTS=${ONTAP_OUT:-/ontap-out}/results.txt
ONTAP_SOCK=/run/libvirt/virtstoraged-sock

uptime_s() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$1" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }'; }
section() { printf '\n========== %s ==========\n' "$*"; }
info() { echo "INFO $*" | tee -a "$ONTAP_RESULTS"; }

# One result line per check: PASS name detail / FAIL name: why
check_pass() { local n=$1; shift; echo "PASS $n $*" | tee -a "$ONTAP_RESULTS"; }
check_fail() { local n=$1; shift; echo "FAIL $n: $*" | tee -a "$ONTAP_RESULTS"; }
# has TEXT PART [COMMAND...]: TEXT contains PART, and COMMAND (if any)
# succeeds; for checks on messages, which may hold any quote.
has() {
    local text=$1 part=$2
    shift 2
    case "$text" in
        *"$part"*) ;;
        *) return 1 ;;
    esac
    [ $# = 0 ] || "$@"
}

# check NAME DETAIL COMMAND...: PASS when the command succeeds
check() {
    local n=$1 d=$2
    shift 2
    if "$@"; then check_pass "$n" "$d"; else check_fail "$n" "$d"; fi
}

# virsh of the shared build, talking to its storage daemon; a command of
# its own so that checks can run it from "sh -c" too.
install_virsh() {
    cat > /usr/local/bin/virsh <<EOT
#!/bin/sh
exec "$ONTAP_TOP/build/run" "$ONTAP_TOP/build/tools/virsh" -q -c "storage:///system?socket=$ONTAP_SOCK" "\$@"
EOT
    chmod +x /usr/local/bin/virsh
}

# The storage daemon of the shared build, logging storage debug to DIR.
# Its pid lives in a file: scenarios run in subshells and restart it.
ONTAP_DAEMON_PIDFILE=/run/ontap-vm-virtstoraged.pid
ONTAP_DAEMON_LOGDIR=/run/ontap-vm-logdir

daemon_start() {
    local dir=$1 i
    mkdir -p /run/libvirt /var/lib/libvirt /etc/libvirt/storage
    echo "$dir" > "$ONTAP_DAEMON_LOGDIR"
    LIBVIRT_LOG_OUTPUTS="1:file:$dir/virtstoraged.log" \
    LIBVIRT_LOG_FILTERS="1:storage 1:util.command 3:*" \
        "$ONTAP_TOP/build/run" "$ONTAP_TOP/build/src/virtstoraged" \
        >>"$dir/virtstoraged.out" 2>&1 &
    echo $! > "$ONTAP_DAEMON_PIDFILE"
    for i in $(seq 300); do
        virsh version >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "the storage daemon did not come up"
    return 1
}

daemon_stop() {
    local pid i
    pid=$(cat "$ONTAP_DAEMON_PIDFILE" 2>/dev/null) || return 0
    kill "$pid" 2>/dev/null
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    rm -f "$ONTAP_DAEMON_PIDFILE"
}

# As if the host had booted: the driver autostarts pools only once per boot.
daemon_restart() {
    daemon_stop
    [ "${1:-}" = --boot ] && rm -f /run/libvirt/storage/autostarted
    daemon_start "$(cat "$ONTAP_DAEMON_LOGDIR")"
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

# nfs_pool NAME "HOST..." [SOURCE-XML [TARGET-XML [EXPORT]]]: define and
# build an ontap NFS pool (NFSv4.2) of the stand-in array's export.
nfs_pool() {
    local name=$1 hosts=$2 extra=${3:-} textra=${4:-} export=${5:-/srv/export} h
    {
        echo "<pool type='ontap'><name>$name</name><source><protocol name='nfs' ver='4.2'/>"
        for h in $hosts; do echo "<host name='$h'/>"; done
        echo "<dir path='$export'/>$extra</source>"
        echo "<target><path>/var/lib/libvirt/ontap/$name</path>$textra</target></pool>"
    } > "/tmp/$name.xml"
    virsh pool-define "/tmp/$name.xml" >/dev/null && virsh pool-build "$name" >/dev/null
}

# pool_remove NAME...: stop, delete and undefine, whatever state they are in.
pool_remove() {
    local p
    for p in "$@"; do
        virsh pool-destroy "$p" >/dev/null 2>&1
        virsh pool-delete "$p" >/dev/null 2>&1
        virsh pool-undefine "$p" >/dev/null 2>&1
    done
}
