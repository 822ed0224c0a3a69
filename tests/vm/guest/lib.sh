# Helpers for the scenarios of the real-kernel harness (sourced).
# shellcheck shell=bash
#
# SPDX-License-Identifier: LGPL-2.1-or-later

ONTAP_RESULTS=${ONTAP_OUT:-/ontap-out}/results.txt
ONTAP_SOCK=/run/libvirt/virtstoraged-sock
# The storage daemon reads secrets (DH-HMAC-CHAP keys) from the secret
# daemon at its default socket.
ONTAP_SECRET_SOCK=/run/libvirt/virtsecretd-sock

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

# virsh of the shared build, talking to its storage daemon, and
# virsh_secret, talking to its secret daemon; commands of their own so that
# checks can run them from "sh -c" too.
install_virsh() {
    cat > /usr/local/bin/virsh <<EOT
#!/bin/sh
exec "$ONTAP_TOP/build/run" "$ONTAP_TOP/build/tools/virsh" -q -c "storage:///system?socket=$ONTAP_SOCK" "\$@"
EOT
    cat > /usr/local/bin/virsh_secret <<EOT
#!/bin/sh
exec "$ONTAP_TOP/build/run" "$ONTAP_TOP/build/tools/virsh" -q -c "secret:///system?socket=$ONTAP_SECRET_SOCK" "\$@"
EOT
    chmod +x /usr/local/bin/virsh /usr/local/bin/virsh_secret
}

# The storage and secret daemons of the shared build, logging storage
# (secret) debug to DIR. Their pids live in files: scenarios run in
# subshells and restart them.
ONTAP_DAEMON_PIDFILE=/run/ontap-vm-virtstoraged.pid
ONTAP_SECRET_PIDFILE=/run/ontap-vm-virtsecretd.pid
ONTAP_DAEMON_LOGDIR=/run/ontap-vm-logdir

daemon_start() {
    local dir=$1 end
    mkdir -p /run/libvirt /var/lib/libvirt /etc/libvirt/storage /etc/libvirt/secrets
    echo "$dir" > "$ONTAP_DAEMON_LOGDIR"
    LIBVIRT_LOG_OUTPUTS="1:file:$dir/virtsecretd.log" \
    LIBVIRT_LOG_FILTERS="1:secret 3:*" \
        "$ONTAP_TOP/build/run" "$ONTAP_TOP/build/src/virtsecretd" \
        >>"$dir/virtsecretd.out" 2>&1 &
    echo $! > "$ONTAP_SECRET_PIDFILE"
    LIBVIRT_LOG_OUTPUTS="1:file:$dir/virtstoraged.log" \
    LIBVIRT_LOG_FILTERS="1:storage 1:util.command 3:*" \
        "$ONTAP_TOP/build/run" "$ONTAP_TOP/build/src/virtstoraged" \
        >>"$dir/virtstoraged.out" 2>&1 &
    echo $! > "$ONTAP_DAEMON_PIDFILE"
    # Up to 60 s (each virsh takes a while under TCG); not when one died.
    end=$(( $(cut -d. -f1 /proc/uptime) + 60 ))
    while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
        timeout 10 virsh version >/dev/null 2>&1 &&
            timeout 10 virsh_secret version >/dev/null 2>&1 && return 0
        kill -0 "$(cat "$ONTAP_DAEMON_PIDFILE")" 2>/dev/null || break
        kill -0 "$(cat "$ONTAP_SECRET_PIDFILE")" 2>/dev/null || break
        sleep 0.1
    done
    echo "the storage or secret daemon did not come up (logs: $dir)"
    return 1
}

# stop_pidfile FILE [SIGNAL]: end the daemon whose pid FILE holds (with
# SIGNAL, default TERM), wait for it.
stop_pidfile() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 0
    kill "-${2:-TERM}" "$pid" 2>/dev/null
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    rm -f "$1"
}

daemon_stop() {
    stop_pidfile "$ONTAP_DAEMON_PIDFILE"
    stop_pidfile "$ONTAP_SECRET_PIDFILE"
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

# state_gone NAME...: nothing of the pools is left in the storage driver's
# state directory once they are stopped and undefined.
state_gone() {
    local p
    for p in "$@"; do
        check "$ONTAP_SCENARIO-state-gone-$p" "nothing of pool $p left under /run/libvirt/storage/ontap" \
            test ! -e "/run/libvirt/storage/ontap/$p"
    done
}

# nvme_pool NAME NSID [EXTRA-SOURCE-XML [HOSTS [NQN]]]: define (not build)
# an ontap NVMe/TCP pool with OCFS2 of namespace NSID of subsystem NQN
# (default NVME_NQN) through the portals HOSTS (default both); the document
# stays in /tmp/NAME.xml.
nvme_pool() {
    local name=$1 nsid=$2 extra=${3:-} hosts=${4:-"$NVME_PORTAL1 $NVME_PORTAL2"} nqn=${5:-$NVME_NQN} h uuid
    # A redefinition keeps the pool's UUID, or libvirt refuses it.
    uuid=$(virsh pool-uuid "$name" 2>/dev/null)
    {
        echo "<pool type='ontap'><name>$name</name>${uuid:+<uuid>$uuid</uuid>}<source><protocol name='nvme-tcp'/>"
        for h in $hosts; do echo "<host name='$h' port='4420'/>"; done
        echo "<subsystem nqn='$nqn'/><namespace nsid='$nsid'/><format type='ocfs2'/>"
        echo "<cluster name='$O2CB_CLUSTER' stack='o2cb' slots='2'/>"
        echo "${NVME_FABRIC:-<fabric ctrl_loss_tmo='-1' reconnect_delay='2' keep_alive_tmo='5'/>}"
        echo "$extra</source>"
        echo "<target><path>/var/lib/libvirt/ontap/$name</path></target></pool>"
    } > "/tmp/$name.xml"
    virsh pool-define "/tmp/$name.xml" >/dev/null
}

# NVMe controllers as the kernel sees them (sysfs), one a line:
# "<ctrl> <subsysnqn> <address> <state>", e.g.
# "nvme0 nqn...:vm.nvme1 traddr=127.0.20.1,trsvcid=4420,src_addr=127.0.20.1 live"
nvme_ctrls() {
    local c
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c/subsysnqn" ] || continue
        echo "$(basename "$c") $(cat "$c/subsysnqn") $(tr -d ' ' < "$c/address") $(cat "$c/state")"
    done
}

# nvme_ctrl_of NQN ADDR: the controller of subsystem NQN at portal ADDR.
nvme_ctrl_of() {
    nvme_ctrls | awk -v n="$1" -v a="traddr=$2," '$2 == n && index($3, a) == 1 { print $1 }'
}

# nvme_head NQN NSID: the namespace head (nvmeXnY) of NSID in subsystem NQN.
nvme_head() {
    local s n
    for s in /sys/class/nvme-subsystem/nvme-subsys*; do
        [ "$(cat "$s/subsysnqn" 2>/dev/null)" = "$1" ] || continue
        for n in "$s"/nvme*n*; do
            [ -e "$n/nsid" ] && [ "$(cat "$n/nsid")" = "$2" ] && basename "$n"
        done
    done
}

# nvme_ana CTRL NSID: the ANA state of NSID's path through CTRL (the hidden
# path device nvmeXcYnZ under /sys/class/nvme/CTRL).
nvme_ana() {
    local p
    for p in /sys/class/nvme/"$1"/nvme*c*n*; do
        [ -e "$p/nsid" ] && [ "$(cat "$p/nsid")" = "$2" ] && cat "$p/ana_state"
    done
}

# nvme_cleanup: unmount whatever OCFS2 is left and disconnect whatever
# controllers of the array's subsystems are left, so that the next scenario
# starts clean.
nvme_cleanup() {
    local c n m
    for m in $(findmnt -n -t ocfs2 -o TARGET); do
        umount "$m" || umount -l "$m"
    done
    for c in /sys/class/nvme/nvme*; do
        [ -e "$c/subsysnqn" ] || continue
        n=$(cat "$c/subsysnqn")
        if [ "$n" = "$NVME_NQN" ] || [ "$n" = "$NVME_AUTH_NQN" ]; then
            echo 1 > "$c/delete_controller" 2>/dev/null
        fi
    done
    udevadm settle -t 10 2>/dev/null
}

# path_attr ADDR ATTR < XML: attribute ATTR of the <path address='ADDR'>
# of a pool's XML.
path_attr() {
    sed -n "/<path [^>]*address='$1'/s/.* $2='\\([^']*\\)'.*/\\1/p"
}

# pool_path_attr NAME ADDR ATTR: the same in the active pool's XML.
pool_path_attr() {
    virsh pool-dumpxml "$1" | path_attr "$2" "$3"
}

# wait_path_state NAME ADDR STATE BOUND: up to BOUND seconds, with no
# pool-refresh (the pool's path monitor updates it), for the active pool's
# XML to show the path to ADDR in STATE; prints the seconds waited, or
# "timeout".
wait_path_state() {
    local t
    t=$(uptime_s)
    while awk -v a="$(since "$t")" -v b="$4" 'BEGIN { exit !(a < b) }'; do
        if [ "$(pool_path_attr "$1" "$2" state)" = "$3" ]; then
            since "$t"
            return 0
        fi
        sleep 0.5
    done
    echo timeout
}

# pool_events_start NAME FILE: collect the pool's refresh events (virsh
# pool-event) in FILE, in the background, for at most 10 minutes.
pool_events_start() {
    timeout 600 virsh pool-event --pool "$1" --event refresh --loop > "$2" 2>&1 &
    echo $! > "$2.pid"
    sleep 1
}

# pool_events_stop NAME FILE: stop collecting; prints how many were received.
pool_events_stop() {
    kill "$(cat "$2.pid")" 2>/dev/null
    rm -f "$2.pid"
    grep -c "event 'refresh' for storage pool $1\$" "$2"
}

# nvme_count NQN [STATE]: how many controllers of subsystem NQN there are
# (in STATE, e.g. live).
nvme_count() {
    nvme_ctrls | awk -v n="$1" -v s="${2:-}" '$2 == n && (s == "" || $4 == s)' | wc -l
}

# pool_state NAME: running / inactive / ... as pool-info says.
pool_state() {
    virsh pool-info "$1" 2>/dev/null | awk '/^State:/ { print $2 }'
}

# errors TEXT: the "error: " lines of virsh output, joined on one line.
errors() {
    echo "$1" | sed -n 's/^error: //p' | tr '\n' ' ' | sed 's/ $//'
}

# nvme_pool_up NAME NSID [EXTRA-SOURCE-XML [HOSTS [NQN]]]: nvme_pool, then
# build and start; virsh's errors go to stdout. NVME_FABRIC replaces
# nvme_pool's <fabric> element.
nvme_pool_up() {
    local out
    nvme_pool "$@" || return 1
    out=$(virsh pool-build "$1" 2>&1) || { errors "$out"; return 1; }
    out=$(virsh pool-start "$1" 2>&1) || { errors "$out"; return 1; }
}

# iscsi_pool NAME [EXTRA-SOURCE-XML [HOSTS [IQN [WWID [FS-XML [LUN]]]]]]:
# define (not build) an ontap iSCSI pool of the stand-in's LUN (default 0,
# WWID) of target IQN (default ISCSI_IQN) through the portals HOSTS
# (default both), with OCFS2 in the o2cb cluster unless FS-XML says
# otherwise; the document stays in /tmp/NAME.xml.
iscsi_pool() {
    local name=$1 extra=${2:-} hosts=${3:-"$ISCSI_PORTAL1 $ISCSI_PORTAL2"} iqn=${4:-$ISCSI_IQN}
    local wwid=${5:-$(cat "$ISCSI_WWID_FILE")} fs=${6:-} lun=${7:-0} h uuid
    [ -n "$fs" ] || fs="<format type='ocfs2'/><cluster name='$O2CB_CLUSTER' stack='o2cb' slots='2'/>"
    uuid=$(virsh pool-uuid "$name" 2>/dev/null)
    {
        echo "<pool type='ontap'><name>$name</name>${uuid:+<uuid>$uuid</uuid>}<source><protocol name='iscsi'/>"
        for h in $hosts; do echo "<host name='$h' port='3260'/>"; done
        echo "<device path='$iqn'/><lun wwid='$wwid' id='$lun'/>$fs"
        echo "$extra</source>"
        echo "<target><path>/var/lib/libvirt/ontap/$name</path></target></pool>"
    } > "/tmp/$name.xml"
    virsh pool-define "/tmp/$name.xml" >/dev/null
}

# iscsi_pool_up NAME ...: iscsi_pool, then build and start; virsh's
# errors go to stdout.
iscsi_pool_up() {
    local out
    iscsi_pool "$@" || return 1
    out=$(virsh pool-build "$1" 2>&1) || { errors "$out"; return 1; }
    out=$(virsh pool-start "$1" 2>&1) || { errors "$out"; return 1; }
}

# iscsi_sessions [IQN]: "<sid> <address>:<port> <state>" per session of
# target IQN (default ISCSI_IQN), as the kernel sees them (sysfs).
iscsi_sessions() {
    local s c iqn=${1:-$ISCSI_IQN}
    for s in /sys/class/iscsi_session/session*; do
        [ -e "$s/targetname" ] && [ "$(cat "$s/targetname")" = "$iqn" ] || continue
        c=$(ls -d /sys/class/iscsi_connection/connection"${s##*session}":* 2>/dev/null | head -n1)
        echo "${s##*session} $(cat "$c/persistent_address" 2>/dev/null):$(cat "$c/persistent_port" 2>/dev/null) $(cat "$s/state")"
    done
}

# scsi_disks WWID: the SCSI disks showing the LUN (sysfs), one a line.
scsi_disks() {
    local d w
    for d in /sys/block/sd*; do
        [ -e "$d/device/wwid" ] || continue
        w=$(cat "$d/device/wwid")
        [ "3${w#naa.}" = "$1" ] && basename "$d"
    done
}

# mpath_paths MAP: how many paths the device-mapper table of MAP holds.
mpath_paths() {
    dmsetup table "$1" 2>/dev/null | grep -o '[0-9]*:[0-9]* [0-9]' | wc -l
}

# mpath_failed MAP: how many paths the kernel's multipath status of MAP
# marks failed ("<major:minor> F <failures> ...").
mpath_failed() {
    dmsetup status "$1" 2>/dev/null | grep -o ' [0-9]*:[0-9]* [AF] ' | grep -c ' F '
}

# iscsi_records IQN: how many open-iscsi node records the target has.
iscsi_records() {
    find "/etc/iscsi/nodes/$1" -type f 2>/dev/null | wc -l
}

# iscsi_cleanup: unmount OCFS2/GFS2 left over, log out of the stand-in's
# targets, delete their records and remove the maps of their LUNs, so that
# the next scenario starts clean.
iscsi_cleanup() {
    local m w
    for m in $(findmnt -n -t ocfs2,gfs2 -o TARGET); do
        umount "$m" || umount -l "$m"
    done
    for w in "$(cat "$ISCSI_WWID_FILE")" "$(cat "$ISCSI_LUN1_WWID_FILE")" "$(cat "$ISCSI_CHAP_WWID_FILE")"; do
        dmsetup message "$w" 0 fail_if_no_path 2>/dev/null
        multipathd del map "$w" >/dev/null 2>&1
        dmsetup remove "$w" 2>/dev/null
    done
    iscsiadm -m node -T "$ISCSI_IQN" -u >/dev/null 2>&1
    iscsiadm -m node -T "$ISCSI_CHAP_IQN" -u >/dev/null 2>&1
    iscsiadm -m node -T "$ISCSI_IQN" -o delete >/dev/null 2>&1
    iscsiadm -m node -T "$ISCSI_CHAP_IQN" -o delete >/dev/null 2>&1
    udevadm settle -t 10 2>/dev/null
}

# fault_write CHECK NAME MIB FAULT RESTORE SECONDS WHAT: write MIB MiB of
# random data into pool NAME's target, 2 s in run FAULT, SECONDS later
# RESTORE; check that the write was still running at the fault, finished
# with status 0 and that the file read back (page cache dropped) has the
# source's sha256. WHAT says the fault in the check's line.
fault_write() {
    local c=$1 name=$2 mib=$3 fault=$4 restore=$5 down=$6 what=$7
    local file=/var/lib/libvirt/ontap/$2/fault.bin src=/srv/$2-fault.bin
    local want got t rc running writer
    head -c "${mib}M" /dev/urandom > "$src"
    want=$(sha256sum < "$src" | cut -d' ' -f1)
    t=$(uptime_s)
    timeout 600 dd if="$src" of="$file" bs=1M conv=fsync status=none &
    writer=$!
    sleep 2
    kill -0 "$writer" 2>/dev/null && running=yes || running=no
    "$fault"
    sleep "$down"
    "$restore"
    info "$c: $what at 2s, back at $((2 + down))s; $(nvme_ctrls | awk '{ print $1, $4 }' | tr '\n' ';') $(iscsi_sessions | tr '\n' ';')"
    wait "$writer"
    rc=$?
    echo 3 > /proc/sys/vm/drop_caches
    got=$(sha256sum < "$file" | cut -d' ' -f1)
    check "$c" "$mib MiB write, $what for ${down}s: still running at the fault '$running', status $rc after $(since "$t")s, sha256 ${got:0:16}" \
        sh -c "[ $running = yes ] && [ $rc = 0 ] && [ '$got' = '$want' ]"
    rm -f "$src" "$file"
}

# procs_sample_start FILE / procs_sample_stop FILE: every 0.05 s, append
# every process's arguments to FILE.args and environment to FILE.env.
procs_sample_start() {
    : > "$1.args"
    : > "$1.env"
    ( while :; do
          cat /proc/[0-9]*/cmdline >> "$1.args" 2>/dev/null
          cat /proc/[0-9]*/environ >> "$1.env" 2>/dev/null
          sleep 0.05
      done ) &
    echo $! > "$1.pid"
}
procs_sample_stop() {
    kill "$(cat "$1.pid")" 2>/dev/null
    wait "$(cat "$1.pid")" 2>/dev/null
    rm -f "$1.pid"
}

# secret_audit CHECK SAMPLES ALLOWED POOL VALUE...: no secret VALUE in the
# scenario's daemon debug logs, in the processes' arguments and environment
# of SAMPLES (procs_sample_*), in POOL's XML (live and inactive), or in a
# file under /etc /var /root /tmp /run /dev/shm (the array's side,
# /run/ontap-vm, left out), except files matching the extended regex
# ALLOWED, which must be readable by root only (mode 600).
secret_audit() {
    local c=$1 samples=$2 allowed=$3 pool=$4 v f mode leaks="" files=""
    local pats=()
    shift 4
    for v in "$@"; do pats+=(-e "$v"); done
    cat "$ONTAP_OUT/$ONTAP_SCENARIO"/*.log "$ONTAP_OUT/$ONTAP_SCENARIO"/*.out 2>/dev/null |
        grep -a -F "${pats[@]}" >/dev/null && leaks="$leaks daemon-logs"
    grep -a -F "${pats[@]}" "$samples.args" >/dev/null && leaks="$leaks process-arguments"
    grep -a -F "${pats[@]}" "$samples.env" >/dev/null && leaks="$leaks process-environment"
    { virsh pool-dumpxml "$pool"; virsh pool-dumpxml --inactive "$pool"; } 2>/dev/null |
        grep -F "${pats[@]}" >/dev/null && leaks="$leaks pool-xml"
    for f in $(find /etc /var /root /tmp /run /dev/shm -xdev -type f -size -16M 2>/dev/null |
                   grep -v -e "^$samples\\." -e '^/run/ontap-vm/' |
                   xargs -r grep -l -s -a -F "${pats[@]}"); do
        mode=$(stat -c %a "$f")
        if echo "$f" | grep -E "$allowed" >/dev/null && [ "$mode" = 600 ]; then
            files="$files $f ($mode)"
        else
            leaks="$leaks $f ($mode)"
        fi
    done
    check "$c" "$# secret values, sampled $(wc -c < "$samples.args") bytes of arguments and $(wc -c < "$samples.env") of environment: in the files${files:- none}; leaks: ${leaks:-none}" \
        [ -z "$leaks" ]
}

# nfs_paths_back CHECK NAME MOUNTS: after a fault of pool NAME (trunked
# over NFS_LIF1 and NFS_LIF2), refresh it with some traffic until the
# XML shows both LIFs up (transports move back only at a refresh), then
# check that it runs with the same nfs4 mounts as MOUNTS.
nfs_paths_back() {
    local c=$1 name=$2 mounts=$3 s1 s2 now
    for _ in $(seq 30); do
        virsh pool-refresh "$name" >/dev/null 2>&1
        s1=$(pool_path_attr "$name" "$NFS_LIF1" state)
        s2=$(pool_path_attr "$name" "$NFS_LIF2" state)
        [ "$s1" = up ] && [ "$s2" = up ] && break
        dd if=/dev/zero of="/var/lib/libvirt/ontap/$name/poke.bin" bs=64k count=16 conv=fsync status=none
        sleep 1
    done
    rm -f "/var/lib/libvirt/ontap/$name/poke.bin"
    now=$(findmnt -n -o TARGET,SOURCE -t nfs4 | sort)
    check "$c" "pool '$(pool_state "$name")', LIFs $s1/$s2, the same $(echo "$now" | wc -l) mounts" \
        sh -c "[ '$(pool_state "$name")' = running ] && [ '$s1' = up ] && [ '$s2' = up ] && [ \"\$1\" = \"\$2\" ]" - "$mounts" "$now"
}

# drop_addr ADDR / undrop_addr: the packets to ADDR dropped (a portal or
# LIF that stopped answering, so that a probe of it waits for its bound),
# and no more.
drop_addr() {
    nft add table inet dropaddr
    nft add chain inet dropaddr in '{ type filter hook input priority 0; }'
    nft add rule inet dropaddr in ip daddr "$1" drop
}
undrop_addr() { nft delete table inet dropaddr 2>/dev/null; }

# answers_during CHECK WHAT COMMAND...: run COMMAND (a pool operation that
# waits on a dead path) in the background; meanwhile virsh pool-list --all
# must answer within 1 s more than on an idle daemon, with COMMAND still
# running when it does.
answers_during() {
    local c=$1 what=$2 t t2 idle d alive pid
    shift 2
    t=$(uptime_s)
    virsh pool-list --all >/dev/null 2>&1
    idle=$(since "$t")
    t=$(uptime_s)
    "$@" >/dev/null 2>&1 &
    pid=$!
    sleep 0.3
    t2=$(uptime_s)
    virsh pool-list --all >/dev/null 2>&1
    d=$(since "$t2")
    kill -0 "$pid" 2>/dev/null && alive=yes || alive=no
    wait "$pid"
    check "$c" "pool-list --all during $what: ${d}s, idle ${idle}s (at most 1 s more); $what still running then: $alive, it took $(since "$t")s" \
        sh -c "[ $alive = yes ] && awk -v d=$d -v i=$idle 'BEGIN { exit !(d <= i + 1) }'"
}
