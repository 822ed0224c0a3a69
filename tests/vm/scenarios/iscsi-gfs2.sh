# iSCSI mode with GFS2 for a single node (lock_nolock, <cluster
# local='yes'/>): build formats the blank LUN, start mounts it, volumes
# work; a clone falls back to copying bytes (GFS2 has no reflink) and the
# debug log says why.
# shellcheck shell=bash

name=is-gfs2
target=/var/lib/libvirt/ontap/$name
wwid=$(cat "$ISCSI_WWID_FILE")
iscsi_cleanup
iscsi_lun_reset 0
modprobe gfs2
err=$(iscsi_pool_up $name "" "" "" "" "<format type='gfs2'/><cluster local='yes' journals='1'/>") ||
    check_fail iscsi-gfs2-pool "define, build or start failed: $err"
mnt=$(findmnt -n -o SOURCE,FSTYPE "$target")
check iscsi-gfs2-mounted "$target: $mnt, lock table $(blkid -s LABEL -o value "/dev/mapper/$wwid")" \
    sh -c "[ '$mnt' = '/dev/mapper/$wwid gfs2' ] && grep ' $target gfs2 .*' /proc/self/mounts >/dev/null"
# The lock protocol the superblock holds, as GFS2's own tool reads it.
proto=$(tunegfs2 -l "/dev/mapper/$wwid" 2>&1 | sed -n 's/^Lock protocol: *//p')
check iscsi-gfs2-nolock "the superblock's lock protocol: '$proto'" [ "$proto" = lock_nolock ]

check iscsi-gfs2-vol-create "vol-create-as raw 8M and qcow2 64M" \
    sh -c "virsh vol-create-as $name disk.raw 8M --format raw >/dev/null &&
           virsh vol-create-as $name disk.qcow2 64M --format qcow2 >/dev/null &&
           [ \$(stat -c %s $target/disk.raw) = 8388608 ] && [ \"\$(stat -f -c %T $target)\" = gfs/gfs2 ]"
head -c 8M /dev/urandom > /tmp/is-gfs2.bin
up=$(virsh vol-upload --pool $name disk.raw /tmp/is-gfs2.bin 2>&1)
uprc=$?
out=$(virsh vol-clone --pool $name disk.raw clone.raw 2>&1)
rc=$?
sums="bin $(sha256sum < /tmp/is-gfs2.bin | cut -c1-12), disk.raw $(sha256sum < "$target/disk.raw" | cut -c1-12), clone.raw $(sha256sum < "$target/clone.raw" | cut -c1-12)"
info "iscsi-gfs2: upload status $uprc $(errors "$up"); $sums; sizes $(stat -c '%n %s' "$target"/*.raw | tr '\n' ' ')"
same=$(cmp /tmp/is-gfs2.bin "$target/clone.raw" >/dev/null && echo yes || echo no)
why=$(grep "no reflink of 'disk.raw'" "$ONTAP_OUT/$ONTAP_SCENARIO/virtstoraged.log" | tail -n1 | sed 's/.*: no reflink/no reflink/' | cut -c1-200)
check iscsi-gfs2-clone "vol-clone (status $rc) copies: same bytes $same; log: '$why' $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ $same = yes ] && [ -n \"\$1\" ]" - "$why"
check iscsi-gfs2-vol-delete "vol-delete" \
    sh -c "virsh vol-delete --pool $name clone.raw >/dev/null && virsh vol-delete --pool $name disk.raw >/dev/null &&
           virsh vol-delete --pool $name disk.qcow2 >/dev/null && [ ! -e $target/disk.raw ]"
out=$(virsh pool-destroy $name 2>&1)
check iscsi-gfs2-stop "stop: $(iscsi_sessions | wc -l) sessions, mounted $(mountpoint -q $target && echo yes || echo no) $(errors "$out")" \
    sh -c "[ $(iscsi_sessions | wc -l) = 0 ] && ! mountpoint -q $target"
rm -f /tmp/is-gfs2.bin
pool_remove $name
iscsi_cleanup
