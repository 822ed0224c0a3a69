# iSCSI mode: build and start log in through both portals of the LIO target,
# one multipath map of the LUN with two paths, OCFS2 formatted on a blank
# LUN and mounted; the node records carry the pool's settings; volumes;
# a reflink clone; discovery of the target's portals; stop leaves no
# session, record, map or SCSI disk of the pool, and an unrelated multipath
# map (a scsi_debug disk's, set up by hand) untouched.
# shellcheck shell=bash

name=is-life
target=/var/lib/libvirt/ontap/$name
wwid=$(cat "$ISCSI_WWID_FILE")
iscsi_cleanup
iscsi_lun_reset 0

# The administrator's own map, which the pool must leave alone: a
# scsi_debug disk multipathed by hand.
modprobe scsi_debug dev_size_mb=16
udevadm settle -t 10
other_disk=$(for d in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*/target*/*/block/*; do basename "$d"; done | head -n1)
out=$(multipath -a "/dev/$other_disk" 2>&1; multipath "/dev/$other_disk" 2>&1)
udevadm settle -t 10
other_map=$(dmsetup ls --target multipath | awk '{ print $1 }' | head -n1)
other_table=$(dmsetup table "$other_map" 2>/dev/null)
info "iscsi-life: unrelated map '$other_map' on $other_disk: '$other_table' ($(echo "$out" | tr '\n' ' '))"

t=$(uptime_s)
err=$(iscsi_pool_up $name) || check_fail iscsi-life-pool "define, build or start failed: $err"
info "iscsi-life: build and start took $(since "$t")s"

sess=$(iscsi_sessions)
n=$(echo "$sess" | grep -c LOGGED_IN)
check iscsi-life-sessions "sessions: $(echo "$sess" | tr '\n' ';')" \
    sh -c "[ $n = 2 ] && echo '$sess' | grep ' $ISCSI_PORTAL1:3260 ' >/dev/null &&
           echo '$sess' | grep ' $ISCSI_PORTAL2:3260 ' >/dev/null"
paths=$(mpath_paths "$wwid")
disks=$(scsi_disks "$wwid" | tr '\n' ' ')
check iscsi-life-map "map $wwid (uuid $(dmsetup info -c --noheadings -o uuid "$wwid" 2>&1)) with $paths paths, disks $disks" \
    sh -c "[ \"\$(dmsetup info -c --noheadings -o uuid $wwid)\" = mpath-$wwid ] && [ $paths = 2 ]"
mnt=$(findmnt -n -o SOURCE,FSTYPE "$target")
check iscsi-life-mounted "$target: $mnt" sh -c "[ '$mnt' = '/dev/mapper/$wwid ocfs2' ]"

rec=$(find "/etc/iscsi/nodes/$ISCSI_IQN" -type f | head -n1)
settings=$(grep -E '^node\.(startup|session\.timeo\.replacement_timeout|session\.scan) ' "$rec" | tr '\n' ';')
check iscsi-life-records "$(iscsi_records "$ISCSI_IQN") records; $settings" \
    sh -c "[ $(iscsi_records "$ISCSI_IQN") = 2 ] &&
           grep -x 'node.session.timeo.replacement_timeout = 5' '$rec' >/dev/null &&
           grep -x 'node.startup = manual' '$rec' >/dev/null &&
           grep -x 'node.session.scan = manual' '$rec' >/dev/null"

xml=$(virsh pool-dumpxml $name)
up=$(echo "$xml" | grep -c "<path .*state='up'.*multipath='active'")
check iscsi-life-xml "pool XML: $(echo "$xml" | grep '<path' | tr -s ' ' | tr '\n' ' ')" \
    sh -c "[ $up = 2 ] && echo \"\$(virsh pool-dumpxml $name)\" | grep \"<paths device='/dev/mapper/$wwid'>\" >/dev/null"

# Volumes.
check iscsi-life-vol-create "vol-create-as raw 8M and qcow2 1G" \
    sh -c "virsh vol-create-as $name disk.raw 8M --format raw >/dev/null &&
           virsh vol-create-as $name disk.qcow2 1G --format qcow2 >/dev/null &&
           [ \$(stat -c %s $target/disk.raw) = 8388608 ] &&
           qemu-img info $target/disk.qcow2 | grep 'file format: qcow2' >/dev/null"
head -c 8M /dev/urandom > /tmp/is-upload.bin
want=$(sha256sum < /tmp/is-upload.bin | cut -d' ' -f1)
virsh vol-upload --pool $name disk.raw /tmp/is-upload.bin
rm -f /tmp/is-download.bin
virsh vol-download --pool $name disk.raw /tmp/is-download.bin
got=$(sha256sum < /tmp/is-download.bin | cut -d' ' -f1)
check iscsi-life-vol-updown "upload/download sha256 $got, uploaded $want" [ "$want" = "$got" ]
check iscsi-life-vol-resize "vol-resize to 16M" \
    sh -c "virsh vol-resize --pool $name disk.raw 16M >/dev/null && [ \$(stat -c %s $target/disk.raw) = 16777216 ]"
t=$(uptime_s)
out=$(virsh vol-clone --pool $name disk.raw clone.raw 2>&1)
rc=$?
shared=$(filefrag -v "$target/clone.raw" 2>/dev/null | grep -c shared)
same=$(cmp "$target/disk.raw" "$target/clone.raw" >/dev/null && echo yes || echo no)
check iscsi-life-reflink "vol-clone (status $rc, $(since "$t")s): same bytes $same, $shared shared extents $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ $same = yes ] && [ $shared -gt 0 ]"
virsh vol-delete --pool $name clone.raw >/dev/null
virsh vol-delete --pool $name disk.raw >/dev/null
virsh vol-delete --pool $name disk.qcow2 >/dev/null
check iscsi-life-vol-delete "vol-delete of the three: left '$(ls "$target" | tr '\n' ' ')'" \
    sh -c "[ ! -e $target/clone.raw ] && [ ! -e $target/disk.raw ] && [ ! -e $target/disk.qcow2 ]"
rm -f /tmp/is-upload.bin /tmp/is-download.bin

# Discovery: the target, with both portals, from one portal's address.
printf "<source><protocol name='iscsi'/><host name='%s'/></source>" "$ISCSI_PORTAL1" > /tmp/is-src.xml
virsh find-storage-pool-sources ontap /tmp/is-src.xml > /tmp/is-found.xml 2>&1
check iscsi-life-find-sources "$(tr -s ' \n' ' ' < /tmp/is-found.xml)" \
    sh -c "grep \"<device path='$ISCSI_IQN'/>\" /tmp/is-found.xml >/dev/null &&
           grep \"<host name='$ISCSI_PORTAL1' port='3260'/>\" /tmp/is-found.xml >/dev/null &&
           grep \"<host name='$ISCSI_PORTAL2' port='3260'/>\" /tmp/is-found.xml >/dev/null"

# Stop.
t=$(uptime_s)
out=$(virsh pool-destroy $name 2>&1)
rc=$?
udevadm settle -t 10
left_sess=$(iscsi_sessions | wc -l)
left_disks=$(scsi_disks "$wwid" | wc -l)
check iscsi-life-stop "pool-destroy (status $rc, $(since "$t")s): $left_sess sessions, $(iscsi_records "$ISCSI_IQN") records, map $(dmsetup info "$wwid" >/dev/null 2>&1 && echo present || echo gone), $left_disks disks left $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ $left_sess = 0 ] && [ $(iscsi_records "$ISCSI_IQN") = 0 ] &&
           ! dmsetup info $wwid >/dev/null 2>&1 && [ $left_disks = 0 ] && ! mountpoint -q $target"
check iscsi-life-unrelated "the unrelated map $other_map is untouched: $(dmsetup table "$other_map" 2>&1)" \
    sh -c "[ -n '$other_table' ] && [ \"\$(dmsetup table $other_map)\" = '$other_table' ] && [ -e /sys/block/$other_disk ]"

multipathd del map "$other_map" >/dev/null 2>&1
dmsetup remove "$other_map" 2>/dev/null
modprobe -r scsi_debug 2>/dev/null
pool_remove $name
iscsi_cleanup
