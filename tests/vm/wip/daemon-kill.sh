# WORK IN PROGRESS, not run by CI (tests/vm/scenarios/ holds what runs):
# its first run found the NVMe pool not adopted after SIGKILL (see the
# closing note of 2026-12-03). Move it back into scenarios/ once fixed.
# The storage daemon killed with SIGKILL (no chance to clean up), per
# protocol: with the pool active, the restarted daemon adopts it with
# nothing connected or mounted twice; in the middle of pool-start and of
# pool-stop, the restart leaves the pool consistent: active with all of it,
# or inactive with nothing of its own left.
# shellcheck shell=bash

# kill_daemon: SIGKILL, and wait until the process is gone.
kill_daemon() {
    local pid
    pid=$(cat "$ONTAP_DAEMON_PIDFILE")
    kill -9 "$pid" 2>/dev/null
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    rm -f "$ONTAP_DAEMON_PIDFILE"
}

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

has_controller() { [ "$(nvme_count "$NVME_NQN")" -ge 1 ]; }
has_session() { [ -n "$(iscsi_sessions)" ]; }
unmounted() { ! mountpoint -q "$1"; }

# state_of NAME TARGET: "<pool state> <mounted|unmounted>"
state_of() {
    echo "$(pool_state "$1") $(mountpoint -q "$2" && echo mounted || echo unmounted)"
}

# --- with the pools active: NFS (trunked), NVMe/TCP, iSCSI
nfs_pool dk-nfs "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/>" &&
    virsh pool-start dk-nfs >/dev/null || check_fail daemon-kill-nfs-start "pool-start failed"
nvme_cleanup
nvme_ns_reset "$NVME_NS_SMALL"
err=$(nvme_pool_up dk-nvme "$NVME_NS_SMALL") || check_fail daemon-kill-nvme-start "define, build or start failed: $err"
iscsi_cleanup
iscsi_lun_reset 0
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
pool_remove dk-nfs
virsh pool-destroy dk-iscsi >/dev/null 2>&1

# --- killed in the middle of pool-start (NVMe: once a controller is
# there, before the mount) and of pool-stop (once the target is unmounted,
# before the controllers go)
t=/var/lib/libvirt/ontap/dk-nvme
virsh pool-destroy dk-nvme >/dev/null 2>&1
virsh pool-start dk-nvme >/dev/null 2>&1 &
starter=$!
wait_until 60 has_controller
kill_daemon
wait $starter 2>/dev/null
mid="$(state_of dk-nvme $t), $(nvme_count "$NVME_NQN") controllers"
restart_killed
st=$(state_of dk-nvme $t)
n=$(nvme_count "$NVME_NQN")
check daemon-kill-nvme-mid-start "killed during pool-start ($mid): after the restart '$st' with $n controllers" \
    sh -c "[ \"\$1\" = 'running mounted' ] && [ \"\$2\" -ge 2 ] || { [ \"\$1\" = 'inactive unmounted' ] && [ \"\$2\" = 0 ]; }" - "$st" "$n"

virsh pool-start dk-nvme >/dev/null 2>&1
virsh pool-destroy dk-nvme >/dev/null 2>&1 &
stopper=$!
wait_until 60 unmounted "$t"
kill_daemon
wait $stopper 2>/dev/null
mid="$(state_of dk-nvme $t), $(nvme_count "$NVME_NQN") controllers"
restart_killed
st=$(state_of dk-nvme $t)
n=$(nvme_count "$NVME_NQN")
check daemon-kill-nvme-mid-stop "killed during pool-stop ($mid): after the restart '$st' with $n controllers" \
    sh -c "[ \"\$1\" = 'running mounted' ] && [ \"\$2\" -ge 2 ] || { [ \"\$1\" = 'inactive unmounted' ] && [ \"\$2\" = 0 ]; }" - "$st" "$n"

# the same for iSCSI: once a session is there, and once unmounted
t=/var/lib/libvirt/ontap/dk-iscsi
virsh pool-start dk-iscsi >/dev/null 2>&1 &
starter=$!
wait_until 60 has_session
kill_daemon
wait $starter 2>/dev/null
mid="$(state_of dk-iscsi $t), $(iscsi_sessions | wc -l) sessions"
restart_killed
st=$(state_of dk-iscsi $t)
n=$(iscsi_sessions | wc -l)
check daemon-kill-iscsi-mid-start "killed during pool-start ($mid): after the restart '$st' with $n sessions" \
    sh -c "[ \"\$1\" = 'running mounted' ] && [ \"\$2\" -ge 2 ] || { [ \"\$1\" = 'inactive unmounted' ] && [ \"\$2\" = 0 ]; }" - "$st" "$n"

virsh pool-start dk-iscsi >/dev/null 2>&1
virsh pool-destroy dk-iscsi >/dev/null 2>&1 &
stopper=$!
wait_until 60 unmounted "$t"
kill_daemon
wait $stopper 2>/dev/null
mid="$(state_of dk-iscsi $t), $(iscsi_sessions | wc -l) sessions"
restart_killed
st=$(state_of dk-iscsi $t)
n=$(iscsi_sessions | wc -l)
check daemon-kill-iscsi-mid-stop "killed during pool-stop ($mid): after the restart '$st' with $n sessions" \
    sh -c "[ \"\$1\" = 'running mounted' ] && [ \"\$2\" -ge 2 ] || { [ \"\$1\" = 'inactive unmounted' ] && [ \"\$2\" = 0 ]; }" - "$st" "$n"

pool_remove dk-nvme dk-iscsi
nvme_cleanup
iscsi_cleanup
