# iSCSI mode: restarting the daemon with the pool active adopts it: still
# active, the same mount, the same sessions (no new login), the same map;
# a stop after the restart still logs out and removes what the pool had;
# after a reboot, an autostarted pool owns the sessions its records logged
# in at boot.
# shellcheck shell=bash

name=is-adopt
target=/var/lib/libvirt/ontap/$name
wwid=$(cat "$ISCSI_WWID_FILE")
iscsi_cleanup
iscsi_lun_reset 0
err=$(iscsi_pool_up $name) || check_fail iscsi-adopt-pool "define, build or start failed: $err"
virsh vol-create-as $name keep.raw 8M >/dev/null
before=$(iscsi_sessions | sort)
mnt_before=$(findmnt -n -o TARGET,SOURCE,ID -t ocfs2 | sort)

logins0=$(grep -c -- '--login' "$ONTAP_OUT/$ONTAP_SCENARIO/virtstoraged.log")
daemon_restart
state=$(pool_state $name)
after=$(iscsi_sessions | sort)
mnt_after=$(findmnt -n -o TARGET,SOURCE,ID -t ocfs2 | sort)
check iscsi-adopt-active "state '$state' after the daemon restarted" [ "$state" = running ]
check iscsi-adopt-mount "the same mount: '$mnt_after'" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$mnt_before" "$mnt_after"
check iscsi-adopt-sessions "the same sessions: $(echo "$after" | tr '\n' ';')" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ]" - "$before" "$after"
logins=$(grep -c -- '--login' "$ONTAP_OUT/$ONTAP_SCENARIO/virtstoraged.log")
check iscsi-adopt-no-login "iscsiadm --login ran $logins times in all, $logins0 before the restart" [ "$logins" = "$logins0" ]
check iscsi-adopt-volumes "volumes listed" sh -c "virsh vol-list $name | grep keep.raw >/dev/null"
st1=$(pool_path_attr $name "$ISCSI_PORTAL1" state)
st2=$(pool_path_attr $name "$ISCSI_PORTAL2" state)
check iscsi-adopt-paths "the XML's paths: $ISCSI_PORTAL1 '$st1', $ISCSI_PORTAL2 '$st2'" \
    sh -c "[ '$st1' = up ] && [ '$st2' = up ]"

virsh vol-delete --pool $name keep.raw >/dev/null
out=$(virsh pool-destroy $name 2>&1)
rc=$?
udevadm settle -t 10
check iscsi-adopt-stop "pool-destroy after the restart (status $rc): $(iscsi_sessions | wc -l) sessions, map $(dmsetup info "$wwid" >/dev/null 2>&1 && echo present || echo gone), $(scsi_disks "$wwid" | wc -l) disks $(errors "$out")" \
    sh -c "[ $rc = 0 ] && ! mountpoint -q $target && [ $(iscsi_sessions | wc -l) = 0 ] &&
           ! dmsetup info $wwid >/dev/null 2>&1 && [ $(scsi_disks "$wwid" | wc -l) = 0 ]"
# An autostarted pool's records log in at boot (node.startup automatic);
# the pool that then starts takes those sessions as its own, and its stop
# logs out of them and deletes the records.
virsh pool-autostart $name >/dev/null
virsh pool-start $name >/dev/null
rec=$(find "/etc/iscsi/nodes/$ISCSI_IQN" -type f | head -n1)
startup=$(sed -n 's/^node.startup = //p' "$rec")
# A reboot: the kernel's sessions, maps and mounts and /run go away, the
# records stay; iscsid logs in through the automatic ones.
daemon_stop
umount "$target"
iscsi_cleanup_kernel() {
    dmsetup message "$wwid" 0 fail_if_no_path 2>/dev/null
    multipathd del map "$wwid" >/dev/null 2>&1
    iscsiadm -m session -u >/dev/null 2>&1
}
iscsi_cleanup_kernel
rm -rf /run/libvirt/storage/ontap/$name /run/libvirt/storage/autostarted
iscsiadm -m node --loginall=automatic >/dev/null 2>&1
boot=$(iscsi_sessions | grep -c LOGGED_IN)
daemon_start "$(cat "$ONTAP_DAEMON_LOGDIR")"
for _ in $(seq 60); do [ "$(pool_state $name)" = running ] && break; sleep 1; done
state=$(pool_state $name)
check iscsi-adopt-boot "autostart: node.startup '$startup', $boot sessions logged in at boot, pool '$state' on them: $(iscsi_sessions | tr '\n' ';')" \
    sh -c "[ '$startup' = automatic ] && [ $boot = 2 ] && [ '$state' = running ] && [ $(iscsi_sessions | wc -l) = 2 ]"
virsh pool-autostart --disable $name >/dev/null
virsh pool-destroy $name >/dev/null
check iscsi-adopt-boot-stop "its stop logs out of them: $(iscsi_sessions | wc -l) sessions, $(iscsi_records "$ISCSI_IQN") records" \
    sh -c "[ $(iscsi_sessions | wc -l) = 0 ] && [ $(iscsi_records "$ISCSI_IQN") = 0 ]"

pool_remove $name
iscsi_cleanup
