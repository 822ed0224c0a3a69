# iSCSI mode: restarting the daemon with the pool active adopts it: still
# active, the same mount, the same sessions (no new login), the same map;
# a stop after the restart still logs out and removes what the pool had.
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
pool_remove $name
iscsi_cleanup
