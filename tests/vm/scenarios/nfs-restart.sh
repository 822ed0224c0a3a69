# NFS mode: restarting the daemon with the pool active adopts it: still
# active, the same mounts (no remount, no second trunk), volumes listed.
# shellcheck shell=bash

name=nfs-adopt
target=/var/lib/libvirt/ontap/$name
nfs_pool $name "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/>" &&
    virsh pool-start $name >/dev/null || check_fail nfs-adopt-start "pool-start failed"
virsh vol-create-as $name keep.raw 8M >/dev/null
before=$(findmnt -n -o TARGET,SOURCE,ID -t nfs4 | sort)
xprts_before=$(nfs_transports | sort)

daemon_restart
state=$(virsh pool-info $name | awk '/^State:/ { print $2 }')
after=$(findmnt -n -o TARGET,SOURCE,ID -t nfs4 | sort)
xprts_after=$(nfs_transports | sort)
check nfs-adopt-active "state '$state' after the daemon restarted" [ "$state" = running ]
check nfs-adopt-mounts "the same $(echo "$before" | wc -l) mounts, unchanged" [ "$before" = "$after" ]
check nfs-adopt-transports "the same transports, no second trunk" [ "$xprts_before" = "$xprts_after" ]
check nfs-adopt-volumes "volumes listed" sh -c "virsh vol-list $name | grep keep.raw >/dev/null"
virsh vol-delete --pool $name keep.raw >/dev/null
virsh pool-destroy $name >/dev/null
left=$(findmnt -n -t nfs4 -o TARGET | tr '\n' ' ')
check nfs-adopt-stop "stop after adoption unmounts the target and the trunk (left: '$left')" [ -z "$left" ]
pool_remove $name
