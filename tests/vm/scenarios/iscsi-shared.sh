# iSCSI mode, two pools on two LUNs of one target: each scans only its own
# LUN (<lun id>), the second adopts the sessions the first logged in,
# stopping the first keeps the sessions and the second pool's map and disks,
# and the last one to stop logs out and deletes the records.
# shellcheck shell=bash

a=is-share-a
b=is-share-b
wa=$(cat "$ISCSI_WWID_FILE")
wb=$(cat "$ISCSI_LUN1_WWID_FILE")
iscsi_cleanup
iscsi_lun_reset 0
iscsi_lun_reset 1

err=$(iscsi_pool_up $a) || check_fail iscsi-shared-pool-a "define, build or start failed: $err"
check iscsi-shared-one-lun "pool $a scanned LUN 0 only: $(scsi_disks "$wa" | wc -l) disks of LUN 0, $(scsi_disks "$wb" | wc -l) of LUN 1" \
    sh -c "[ $(scsi_disks "$wa" | wc -l) = 2 ] && [ $(scsi_disks "$wb" | wc -l) = 0 ]"
before=$(iscsi_sessions | sort)

err=$(iscsi_pool_up $b "" "" "" "$wb" "" 1) || check_fail iscsi-shared-pool-b "define, build or start failed: $err"
after=$(iscsi_sessions | sort)
check iscsi-shared-adopted "pool $b uses the same sessions: $(echo "$after" | tr '\n' ';'), its map has $(mpath_paths "$wb") paths" \
    sh -c "[ -n \"\$1\" ] && [ \"\$1\" = \"\$2\" ] && [ $(mpath_paths "$wb") = 2 ]" - "$before" "$after"

out=$(virsh pool-destroy $a 2>&1)
udevadm settle -t 10
check iscsi-shared-stop-first "$a stopped: $(iscsi_sessions | grep -c LOGGED_IN) sessions, map of $a $(dmsetup info "$wa" >/dev/null 2>&1 && echo present || echo gone), $(scsi_disks "$wa" | wc -l) disks of LUN 0; $b mounted $(mountpoint -q /var/lib/libvirt/ontap/$b && echo yes || echo no) with $(mpath_paths "$wb") paths $(errors "$out")" \
    sh -c "[ $(iscsi_sessions | grep -c LOGGED_IN) = 2 ] && ! dmsetup info $wa >/dev/null 2>&1 &&
           [ $(scsi_disks "$wa" | wc -l) = 0 ] && mountpoint -q /var/lib/libvirt/ontap/$b &&
           [ $(mpath_paths "$wb") = 2 ] && [ $(iscsi_records "$ISCSI_IQN") = 2 ]"
echo data > /var/lib/libvirt/ontap/$b/after-a-stopped && sync
check iscsi-shared-second-works "$b still writes after $a stopped" \
    [ "$(cat /var/lib/libvirt/ontap/$b/after-a-stopped)" = data ]
rm -f /var/lib/libvirt/ontap/$b/after-a-stopped

out=$(virsh pool-destroy $b 2>&1)
udevadm settle -t 10
check iscsi-shared-stop-last "$b stopped last: $(iscsi_sessions | wc -l) sessions, $(iscsi_records "$ISCSI_IQN") records, map of $b $(dmsetup info "$wb" >/dev/null 2>&1 && echo present || echo gone) $(errors "$out")" \
    sh -c "[ $(iscsi_sessions | wc -l) = 0 ] && [ $(iscsi_records "$ISCSI_IQN") = 0 ] && ! dmsetup info $wb >/dev/null 2>&1"
pool_remove $a $b
state_gone $a $b
iscsi_cleanup
