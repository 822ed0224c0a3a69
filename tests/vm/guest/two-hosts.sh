# The guests of the two-host harness (sourced): one guest is the array (the
# stand-ins of array.sh on the shared network), two are KVM hosts "a" and
# "b" with their own identities (NVMe host NQN and ID, iSCSI initiator
# name), a two-node o2cb cluster and this build's daemons.
# shellcheck shell=bash
#
# SPDX-License-Identifier: LGPL-2.1-or-later

TWO_HOSTS_ADDR_a=10.77.0.1
TWO_HOSTS_ADDR_b=10.77.0.2
TWO_HOSTS_ADDR_array=10.77.0.10
# o2cb's dead threshold in 2 s heartbeat iterations, and the network's idle
# timeout: how long a surviving node waits before it recovers a dead one.
# A node whose own heartbeat write takes longer than (threshold - 1) * 2 s
# fences itself: 7 (12 s) was seen to fence a host of a loaded 2-core
# machine under TCG; 16 (30 s) is half the tools' default of 31.
TWO_HOSTS_O2CB_DEAD_THRESHOLD=16
TWO_HOSTS_O2CB_IDLE_MS=30000
# The corosync cluster whose DLM the GFS2 pools lock through; its token
# timeout (ms), above corosync's 3 s default: 10 s was seen to time out
# between two TCG guests of a loaded 2-core machine.
TWO_HOSTS_DLM_CLUSTER=ontapgfs
TWO_HOSTS_COROSYNC_TOKEN_MS=20000

# two_hosts_net NODE: this guest's name and address; every guest knows the
# others by name.
two_hosts_net() {
    local n addr
    hostname "host-$1"
    [ "$1" = array ] && hostname array
    for n in a b; do
        addr=TWO_HOSTS_ADDR_$n
        echo "${!addr} host-$n" >> /etc/hosts
    done
    echo "$TWO_HOSTS_ADDR_array array" >> /etc/hosts
    # net.ifnames=0 on the command line keeps the kernel's name, eth0.
    modprobe virtio_net
    udevadm settle -t 10
    ip link set eth0 up
    addr=TWO_HOSTS_ADDR_$1
    [ "$1" = array ] || ip addr add "${!addr}/24" dev eth0
}

two_hosts_udev() {
    /lib/systemd/systemd-udevd --daemon --resolve-names=never
    udevadm trigger --action=add >/dev/null 2>&1
    udevadm settle -t 30
}

# Both hosts boot the same image: each needs identities of its own, as two
# real hosts have, made at its first boot and kept on its disk.
two_hosts_identity() {
    local uuid
    [ -e /etc/ontap-two-hosts-identity ] && return 0
    # nvme gen-hostnqn derives the NQN from the DMI system UUID, which
    # QEMU leaves zero.
    uuid=$(cat /proc/sys/kernel/random/uuid)
    mkdir -p /etc/nvme /etc/iscsi
    echo "nqn.2014-08.org.nvmexpress:uuid:$uuid" > /etc/nvme/hostnqn
    echo "$uuid" > /etc/nvme/hostid
    echo "InitiatorName=$(iscsi-iname)" > /etc/iscsi/initiatorname.iscsi
    tr -d - < /proc/sys/kernel/random/uuid > /etc/machine-id
    touch /etc/ontap-two-hosts-identity
}

# The two-node o2cb cluster O2CB_CLUSTER, local heartbeat (on the shared
# device, started by mount), what "o2cb add-cluster / add-node /
# register-cluster" and "service o2cb online" do on each node.
two_hosts_o2cb() {
    mkdir -p /etc/ocfs2 /dlm
    rm -f /etc/ocfs2/cluster.conf
    o2cb add-cluster "$O2CB_CLUSTER" &&
        o2cb add-node "$O2CB_CLUSTER" host-a --ip "$TWO_HOSTS_ADDR_a" --port 7777 --number 0 &&
        o2cb add-node "$O2CB_CLUSTER" host-b --ip "$TWO_HOSTS_ADDR_b" --port 7777 --number 1 &&
        o2cb heartbeat-mode "$O2CB_CLUSTER" local
    modprobe ocfs2_stack_o2cb && modprobe ocfs2_dlm && modprobe ocfs2_dlmfs && modprobe ocfs2
    mountpoint -q /dlm || mount -t ocfs2_dlmfs ocfs2_dlmfs /dlm
    [ "$(cat /sys/fs/ocfs2/cluster_stack)" = o2cb ] || echo o2cb > /sys/fs/ocfs2/cluster_stack
    two_hosts_o2cb_online
}

# What "service o2cb online" does, with the harness's timeouts.
two_hosts_o2cb_online() {
    local cfg=/sys/kernel/config/cluster/$O2CB_CLUSTER
    o2cb register-cluster "$O2CB_CLUSTER"
    echo "$TWO_HOSTS_O2CB_DEAD_THRESHOLD" > "$cfg/heartbeat/dead_threshold"
    echo "$TWO_HOSTS_O2CB_IDLE_MS" > "$cfg/idle_timeout_ms"
    o2cb cluster-status "$O2CB_CLUSTER"
}

# The two-node corosync cluster and dlm_controld on this host, what
# "systemctl start corosync dlm" does with this corosync.conf on each node.
# With a PORT, corosync listens and sends on that port instead of the
# cluster's: a host cut off from its peer.
# two_node: quorate with one node once both have been seen. The harness has
# no fence device, so dlm_controld runs without fencing: see
# docs/storage.rst for what a real cluster needs instead.
two_hosts_corosync() {
    local iface=
    [ -z "${1:-}" ] || iface="    interface {
        linknumber: 0
        mcastport: $1
    }"
    mkdir -p /etc/corosync /etc/dlm /var/lib/corosync /var/log/corosync
    cat > /etc/corosync/corosync.conf <<EOT
totem {
    version: 2
    cluster_name: $TWO_HOSTS_DLM_CLUSTER
    transport: knet
    crypto_cipher: none
    crypto_hash: none
    token: $TWO_HOSTS_COROSYNC_TOKEN_MS
$iface
}
nodelist {
    node {
        ring0_addr: $TWO_HOSTS_ADDR_a
        name: host-a
        nodeid: 1
    }
    node {
        ring0_addr: $TWO_HOSTS_ADDR_b
        name: host-b
        nodeid: 2
    }
}
quorum {
    provider: corosync_votequorum
    two_node: 1
}
logging {
    to_logfile: yes
    logfile: /var/log/corosync/corosync.log
    to_syslog: no
    to_stderr: no
}
EOT
    echo "enable_fencing=0" > /etc/dlm/dlm.conf
    mkdir -p /var/log/dlm_controld /run/dlm_controld
    modprobe dlm && modprobe gfs2 && corosync || return 1
    # dlm_controld reads the cluster name from corosync: once it answers.
    for _ in $(seq 100); do
        corosync-cmapctl totem.cluster_name >/dev/null 2>&1 && break
        sleep 0.2
    done
    dlm_controld || return 1
    for _ in $(seq 100); do
        dlm_tool status >/dev/null 2>&1 && break
        sleep 0.2
    done
    echo "dlm_controld: $(dlm_tool status 2>&1 | head -n1)"
}

# th_corosync_stop: dlm_controld, then corosync, stopped on this host.
th_corosync_stop() {
    local p
    for p in dlm_controld corosync; do
        pkill -x $p
        for _ in $(seq 150); do
            pgrep -x $p >/dev/null || break
            sleep 0.2
        done
        pgrep -x $p >/dev/null && return 1
    done
    return 0
}

# th_quorum: "quorate" or "not quorate" as corosync-quorumtool says, and
# the members it lists.
th_quorum() {
    local rc
    corosync-quorumtool -s >/dev/null 2>&1
    rc=$?
    case $rc in
        0) printf 'quorate' ;;
        2) printf 'not quorate' ;;
        *) printf 'no answer (%s)' $rc ;;
    esac
    echo " members $(corosync-quorumtool -l 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { print $3 }' | sort | tr '\n' ' ')"
}

# th_quorum_wait WHAT: wait (bounded) until th_quorum prints WHAT; prints it.
th_quorum_wait() {
    local out
    for _ in $(seq 300); do
        out=$(th_quorum)
        [ "$out" = "$1" ] && break
        sleep 0.2
    done
    echo "$out"
}

# th_gfs2_mounted FSNAME: the hosts in the DLM lockspace of GFS2
# filesystem FSNAME, as dlm_tool lists its members ("host-a host-b").
th_gfs2_mounted() {
    dlm_tool ls 2>/dev/null | awk -v fs="$1" '
        $1 == "name" { cur = $2 }
        $1 == "members" && cur == fs { for (i = 2; i <= NF; i++) printf "host-%s ", ($i == 1 ? "a" : "b") }'
    echo
}

# th_gfs2_up POOL: a GFS2 pool (lock_dlm, two journals) on the iSCSI LUN 1
# in the corosync cluster, built and started, once the two hosts' corosync
# have formed their membership (setup starts each on its own).
th_gfs2_up() {
    th_quorum_wait 'quorate members host-a host-b ' >/dev/null
    iscsi_pool_up "$1" "" "" "" "$(cat "$ISCSI_LUN1_WWID_FILE")" \
        "<format type='gfs2'/><cluster name='$TWO_HOSTS_DLM_CLUSTER' stack='dlm' journals='2'/>" 1
}

two_hosts_setup_array() {
    two_hosts_net array
    two_hosts_udev
    array_addresses
    array_scratch
    array_nfs
    array_nvmet
    # The iSCSI target's WWIDs are read through an initiator of its own.
    array_initiator
    array_iscsi
    cp /run/ontap-vm/iscsi-wwid-* "$ONTAP_OUT/"
}

# two_hosts_setup_host NODE BOOT: host NODE at its BOOT-th boot.
two_hosts_setup_host() {
    two_hosts_net "$1"
    two_hosts_udev
    two_hosts_identity
    install_virsh
    modprobe nvme-tcp
    array_initiator
    array_multipathd
    two_hosts_o2cb
    two_hosts_corosync
    mkdir -p "$ONTAP_OUT/daemon-boot$2"
    daemon_start "$ONTAP_OUT/daemon-boot$2"
}

# th_nvme_own_paths POOL: the pool's <path> controllers against this host's
# own controllers of NVME_NQN (sysfs), which must carry this host's NQN;
# prints "xml ... kernel ... hostnqn ok|wrong", succeeds when they agree.
th_nvme_own_paths() {
    local xml kernel c nqn=ok
    xml=$(virsh pool-dumpxml "$1" | sed -n "s/.*<path [^>]* controller='\([^']*\)'.*/\1/p" | sort | tr '\n' ' ')
    kernel=$(nvme_ctrls | awk -v n="$NVME_NQN" '$2 == n { print $1 }' | sort | tr '\n' ' ')
    for c in $kernel; do
        [ "$(cat "/sys/class/nvme/$c/hostnqn")" = "$(cat /etc/nvme/hostnqn)" ] || nqn=wrong
    done
    echo "xml '$xml' kernel '$kernel' hostnqn $nqn"
    [ -n "$kernel" ] && [ "$xml" = "$kernel" ] && [ $nqn = ok ]
}

# th_random FILE MIB: MIB MiB of random bytes in FILE; prints their sha256.
th_random() {
    head -c "${2}M" /dev/urandom > "$1" && sha256sum < "$1" | cut -c1-16
}

# th_sum FILE: the sha256 of FILE as the device holds it (caches dropped).
th_sum() {
    sync && echo 3 > /proc/sys/vm/drop_caches && sha256sum < "$1" | cut -c1-16
}

# th_write_loop SRC DEST SECONDS: write SRC into DEST one synced MiB at a
# time, over and over, for SECONDS; prints "chunks N stall S same yes|no",
# S the longest time one synced MiB took, then compares DEST with SRC as
# the device holds it.
th_write_loop() {
    local src=$1 dest=$2 n mib i=0 t0 t1 end stall=0 same
    mib=$(( $(stat -c %s "$src") / 1048576 ))
    end=$(( $(cut -d. -f1 /proc/uptime) + $3 ))
    while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
        n=$(( i % mib ))
        t0=$(uptime_s)
        dd if="$src" of="$dest" bs=1M skip=$n seek=$n count=1 conv=fsync,notrunc status=none || break
        t1=$(uptime_s)
        stall=$(awk -v a="$t0" -v b="$t1" -v s="$stall" 'BEGIN { d = b - a; printf "%.1f", (d > s ? d : s) }')
        i=$(( i + 1 ))
    done
    # Finish the last round so that the whole file is SRC.
    while [ $(( i % mib )) != 0 ]; do
        n=$(( i % mib ))
        dd if="$src" of="$dest" bs=1M skip=$n seek=$n count=1 conv=fsync,notrunc status=none || break
        i=$(( i + 1 ))
    done
    sync && echo 3 > /proc/sys/vm/drop_caches
    same=no
    cmp -s "$src" "$dest" && same=yes
    echo "chunks $i stall $stall same $same"
}

# th_held N POOL: "paths N mounted yes|no" for the pool's target.
th_held() {
    echo "paths $1 mounted $(mountpoint -q "/var/lib/libvirt/ontap/$2" && echo yes || echo no)"
}

# th_iscsi_own_paths POOL: the pool's <path> sessions against this host's
# own sessions of ISCSI_IQN (sysfs), logged in with this host's initiator
# name; prints "xml ... kernel ... initiator ok|wrong".
th_iscsi_own_paths() {
    local xml kernel sid me ini=ok
    me=$(sed -n 's/^InitiatorName=//p' /etc/iscsi/initiatorname.iscsi)
    xml=$(virsh pool-dumpxml "$1" | sed -n "s/.*<path [^>]* session='\([^']*\)'.*/\1/p" | sort | tr '\n' ' ')
    kernel=$(iscsi_sessions | awk '{ print $1 }' | sort | tr '\n' ' ')
    for sid in $kernel; do
        [ "$(cat "/sys/class/iscsi_session/session$sid/initiatorname")" = "$me" ] || ini=wrong
    done
    echo "xml '$xml' kernel '$kernel' initiator $ini"
    [ -n "$kernel" ] && [ "$xml" = "$kernel" ] && [ $ini = ok ]
}

# th_nfs_up POOL: an NFSv4.2 pool of /srv/export/th trunked over the
# first two LIFs (two connections to the first), built and started.
th_nfs_up() {
    local out
    out=$(nfs_pool "$1" "$NFS_LIF1 $NFS_LIF2" "<connections nconnect='2' trunking='yes'/>" "" /srv/export/th 2>&1 &&
          virsh pool-start "$1" 2>&1) || { errors "$out"; return 1; }
}

# th_nfs_transports: this host's NFS transports to the array's LIFs, in
# the kernel's own view (sysfs).
th_nfs_transports() {
    nfs_transports | awk -v a="$NFS_LIF1" -v b="$NFS_LIF2" '$3 == a || $3 == b { n += $2 } END { print n + 0 }'
}

# th_nfs_own_paths POOL: the pool's <path> transports per LIF against this
# host's own (sysfs); prints "xml ... kernel ...".
th_nfs_own_paths() {
    local xml kernel a
    xml=$(for a in $NFS_LIF1 $NFS_LIF2; do
              virsh pool-dumpxml "$1" | path_attr "$a" transports
          done | tr '\n' ' ')
    kernel=$(for a in $NFS_LIF1 $NFS_LIF2; do
                 nfs_transports | awk -v a="$a" '$3 == a { print $2 }' | sort -n | tail -n1
             done | tr '\n' ' ')
    echo "xml '$xml' kernel '$kernel'"
    [ "$xml" = "2 1 " ] && [ "$xml" = "$kernel" ]
}

# th_leftovers: what this host still holds of the array, a word each
# (NVMe controllers, iSCSI sessions, SCSI disks and multipath maps of the
# LUNs, mounts under the pools' targets); nothing once every pool let go.
th_leftovers() {
    local w out=
    out="$out$(nvme_ctrls | awk -v n="$NVME_NQN" '$2 == n { printf "nvme:%s ", $1 }')"
    out="$out$(iscsi_sessions | awk '{ printf "session:%s ", $1 }')"
    for w in "$(cat "$ISCSI_WWID_FILE")" "$(cat "$ISCSI_LUN1_WWID_FILE")"; do
        out="$out$(scsi_disks "$w" | sed 's/^/disk:/' | tr '\n' ' ')"
        dmsetup info "$w" >/dev/null 2>&1 && out="${out}map:$w "
    done
    out="$out$(findmnt -n -o TARGET | awk '/^\/var\/lib\/libvirt\/ontap\// { printf "mount:%s ", $1 }')"
    echo "$out"
}
