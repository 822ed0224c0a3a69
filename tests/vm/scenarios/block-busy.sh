# pool-stop of a block pool (NVMe/TCP and iSCSI, OCFS2) while a volume is
# open: refused before anything is touched, the message names the process
# and the volume it holds, and the pool stays active with the same
# controllers or sessions and its filesystem mounted.
# shellcheck shell=bash

# busy_stop CHECK NAME COUNT-FN: open a volume of pool NAME, try to stop it.
busy_stop() {
    local c=$1 name=$2 count=$3 t=/var/lib/libvirt/ontap/$2 busy msg before after
    virsh vol-create-as "$name" open.raw 1M --format raw >/dev/null
    before=$("$count")
    ( exec sleep 60 < "$t/open.raw" ) &
    busy=$!
    sleep 1
    msg=$(virsh pool-destroy "$name" 2>&1 | grep error: | tail -n1)
    after=$("$count")
    check "$c" "stop with a volume open: $msg; pool '$(pool_state "$name")', paths $before -> $after" \
        sh -c "echo \"\$1\" | grep -F \"process $busy (sleep) has 'open.raw' open\" >/dev/null && [ '$(pool_state "$name")' = running ] && mountpoint -q $t && [ '$before' = '$after' ]" - "$msg"
    kill $busy 2>/dev/null
    wait $busy 2>/dev/null
    virsh vol-delete --pool "$name" open.raw >/dev/null
}

nvme_paths() { nvme_ctrls | awk -v n="$NVME_NQN" '$2 == n { print $1, $4 }' | tr '\n' ' '; }
iscsi_paths() { iscsi_sessions | tr '\n' ' '; }

nvme_cleanup
iscsi_cleanup
nvme_ns_reset "$NVME_NS_SMALL"
err=$(nvme_pool_up bb-nvme "$NVME_NS_SMALL") || check_fail busy-nvme-start "define, build or start failed: $err"
busy_stop busy-nvme-stop bb-nvme nvme_paths
pool_remove bb-nvme
nvme_cleanup

iscsi_lun_reset 0
err=$(iscsi_pool_up bb-iscsi) || check_fail busy-iscsi-start "define, build or start failed: $err"
busy_stop busy-iscsi-stop bb-iscsi iscsi_paths
pool_remove bb-iscsi
iscsi_cleanup
