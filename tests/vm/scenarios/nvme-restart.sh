# NVMe-oF mode: restarting the daemon with the pool active adopts it: still
# active, the same mount, the same controllers (no reconnect, none added),
# volumes listed, the paths in the XML; a stop after the restart still
# disconnects what the pool had connected.
# shellcheck shell=bash

name=nv-adopt
target=/var/lib/libvirt/ontap/$name
nvme_cleanup
nvme_ns_reset "$NVME_NS_SMALL"
err=$(nvme_pool_up $name "$NVME_NS_SMALL") || check_fail nvme-adopt-pool "define, build or start failed: $err"
virsh vol-create-as $name keep.raw 8M >/dev/null
before=$(nvme_ctrls | sort)
mnt_before=$(findmnt -n -o TARGET,SOURCE,ID -t ocfs2 | sort)

daemon_restart
state=$(pool_state $name)
after=$(nvme_ctrls | sort)
mnt_after=$(findmnt -n -o TARGET,SOURCE,ID -t ocfs2 | sort)
check nvme-adopt-active "state '$state' after the daemon restarted" [ "$state" = running ]
check nvme-adopt-mount "the same mount, unchanged: '$mnt_after'" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$mnt_before" "$mnt_after"
check nvme-adopt-controllers "the same controllers: $(echo "$after" | awk '{ print $1, $4 }' | tr '\n' ' ')" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$before" "$after"
check nvme-adopt-volumes "volumes listed" sh -c "virsh vol-list $name | grep keep.raw >/dev/null"
virsh pool-refresh $name >/dev/null
st1=$(pool_path_attr $name "$NVME_PORTAL1" state)
st2=$(pool_path_attr $name "$NVME_PORTAL2" state)
check nvme-adopt-paths "the XML's paths: $NVME_PORTAL1 '$st1', $NVME_PORTAL2 '$st2'" \
    sh -c "[ '$st1' = up ] && [ '$st2' = up ]"

virsh vol-delete --pool $name keep.raw >/dev/null
out=$(virsh pool-destroy $name 2>&1)
rc=$?
left=$(nvme_count "$NVME_NQN")
check nvme-adopt-stop "pool-destroy after the restart (status $rc) unmounts and disconnects ($left left): $(errors "$out")" \
    sh -c "[ $rc = 0 ] && ! mountpoint -q $target && [ '$left' = 0 ]"

# Unmounted behind the daemon's back: after a restart the pool is inactive
# and what it connected is disconnected, not left behind or adopted.
virsh pool-start $name >/dev/null
umount "$target"
daemon_restart
st=$(pool_state $name)
left=$(nvme_count "$NVME_NQN")
check nvme-adopt-unmounted "target unmounted by hand, daemon restarted: pool '$st', $left controllers left" \
    sh -c "[ '$st' = inactive ] && [ '$left' = 0 ]"
pool_remove $name
nvme_cleanup
