# The storage daemon killed with SIGKILL (no chance to clean up), per
# protocol: with the pool active, the restarted daemon adopts it with
# nothing connected or mounted twice; in the middle of pool-start and of
# pool-stop, the restart leaves the pool consistent: active with all of it,
# or inactive with nothing of its own left.
# shellcheck shell=bash

# kill_daemon: SIGKILL, and wait until the process is gone.
kill_daemon() { stop_pidfile "$ONTAP_DAEMON_PIDFILE" KILL; }

# restart_killed: start the daemon again after kill_daemon.
restart_killed() {
    stop_pidfile "$ONTAP_SECRET_PIDFILE"
    daemon_start "$(cat "$ONTAP_DAEMON_LOGDIR")"
}

# wait_until SECONDS COMMAND...: poll every 0.1 s.
wait_until() {
    local n=$(( $1 * 10 ))
    shift
    for _ in $(seq $n); do
        "$@" && return 0
        sleep 0.1
    done
    return 1
}

unmounted() { ! mountpoint -q "$1"; }

# state_of NAME TARGET: "<pool state> <mounted|unmounted>"
state_of() {
    echo "$(pool_state "$1") $(mountpoint -q "$2" && echo mounted || echo unmounted)"
}

# --- with the pools active: NFS (trunked), NVMe/TCP, iSCSI (the cleanups
# first: each unmounts every cluster filesystem)
nvme_cleanup
iscsi_cleanup
nvme_ns_reset "$NVME_NS_SMALL"
iscsi_lun_reset 0
nfs_pool dk-nfs "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/>" &&
    virsh pool-start dk-nfs >/dev/null || check_fail daemon-kill-nfs-start "pool-start failed"
err=$(nvme_pool_up dk-nvme "$NVME_NS_SMALL") || check_fail daemon-kill-nvme-start "define, build or start failed: $err"
err=$(iscsi_pool_up dk-iscsi) || check_fail daemon-kill-iscsi-start "define, build or start failed: $err"

mounts0=$(findmnt -n -o TARGET,SOURCE,ID -t nfs4,ocfs2 | sort)
xprts0=$(nfs_transports | sort)
ctrls0=$(nvme_ctrls | sort)
sessions0=$(iscsi_sessions | sort)
kill_daemon
restart_killed
mounts1=$(findmnt -n -o TARGET,SOURCE,ID -t nfs4,ocfs2 | sort)
states="nfs $(pool_state dk-nfs), nvme $(pool_state dk-nvme), iscsi $(pool_state dk-iscsi)"
check daemon-kill-active-adopted "after SIGKILL and a restart: $states" \
    [ "$states" = "nfs running, nvme running, iscsi running" ]
check daemon-kill-active-mounts "the same $(echo "$mounts0" | wc -l) mounts, none twice" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$mounts0" "$mounts1"
check daemon-kill-active-transports "the same NFS transports" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$xprts0" "$(nfs_transports | sort)"
check daemon-kill-active-controllers "the same NVMe controllers: $(nvme_ctrls | awk '{ print $1 }' | tr '\n' ' ')" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$ctrls0" "$(nvme_ctrls | sort)"
check daemon-kill-active-sessions "the same iSCSI sessions: $(iscsi_sessions | tr '\n' ';')" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$sessions0" "$(iscsi_sessions | sort)"
virsh pool-destroy dk-nfs >/dev/null 2>&1
virsh pool-destroy dk-iscsi >/dev/null 2>&1

# --- killed in the middle of pool-start (once a path is there: for a
# block pool before the mount, for NFS once the first LIF is mounted,
# before the trunks) and of pool-stop (a block pool once its target is
# unmounted, before the paths go; NFS once a trunk is unmounted, before
# the target): the restart leaves all of the pool, or nothing of it.
nvme_paths() { nvme_count "$NVME_NQN"; }
iscsi_paths() { iscsi_sessions | wc -l; }
nfs_paths() { findmnt -n -t nfs4 -o SOURCE | grep -c ':/srv/export$'; }
has_path() { [ "$("$1")" -ge 1 ]; }
fewer_paths() { [ "$("$1")" -lt 2 ]; }

# mid_kill CHECK POOL COUNT-FN start|stop: run the pool action, kill the
# daemon at its midpoint, restart, check.
mid_kill() {
    local c=$1 p=$2 count=$3 action=$4 t=/var/lib/libvirt/ontap/$2 bg mid st n
    if [ "$action" = start ]; then
        virsh pool-start "$p" >/dev/null 2>&1 &
        bg=$!
        wait_until 60 has_path "$count"
    else
        virsh pool-start "$p" >/dev/null 2>&1
        virsh pool-destroy "$p" >/dev/null 2>&1 &
        bg=$!
        if [ "$count" = nfs_paths ]; then
            wait_until 60 fewer_paths "$count"
        else
            wait_until 60 unmounted "$t"
        fi
    fi
    kill_daemon
    wait $bg 2>/dev/null
    mid="$(mountpoint -q "$t" && echo mounted || echo unmounted), $("$count") paths"
    restart_killed
    st=$(state_of "$p" "$t")
    n=$("$count")
    check "$c" "killed during pool-$action ($mid): after the restart '$st' with $n paths" \
        sh -c "[ \"\$1\" = 'running mounted' ] && [ \"\$2\" -ge 2 ] || { [ \"\$1\" = 'inactive unmounted' ] && [ \"\$2\" = 0 ]; }" - "$st" "$n"
}

virsh pool-destroy dk-nvme >/dev/null 2>&1
mid_kill daemon-kill-nvme-mid-start dk-nvme nvme_paths start
mid_kill daemon-kill-nvme-mid-stop dk-nvme nvme_paths stop
mid_kill daemon-kill-iscsi-mid-start dk-iscsi iscsi_paths start
mid_kill daemon-kill-iscsi-mid-stop dk-iscsi iscsi_paths stop
mid_kill daemon-kill-nfs-mid-start dk-nfs nfs_paths start
mid_kill daemon-kill-nfs-mid-stop dk-nfs nfs_paths stop

pool_remove dk-nfs dk-nvme dk-iscsi
nvme_cleanup
iscsi_cleanup
