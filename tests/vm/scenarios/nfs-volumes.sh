# NFS mode: volumes are files on the mount, served by the local helpers:
# create (raw, qcow2), upload / download, clone, resize, delete.
# shellcheck shell=bash

name=nfs-vols
target=/var/lib/libvirt/ontap/$name
nfs_pool $name "$NFS_LIF1" && virsh pool-start $name >/dev/null ||
    check_fail nfs-vol-pool "pool-start failed"

check nfs-vol-create-raw "vol-create-as raw 64M, on the server as a file" \
    sh -c "virsh vol-create-as $name disk.raw 64M --format raw >/dev/null && [ -f /srv/export/disk.raw ]"
check nfs-vol-create-qcow2 "vol-create-as qcow2 1G" \
    sh -c "virsh vol-create-as $name disk.qcow2 1G --format qcow2 >/dev/null &&
           qemu-img info /srv/export/disk.qcow2 | grep 'file format: qcow2' >/dev/null"

head -c 48M /dev/urandom > /tmp/upload.bin
check nfs-vol-upload "vol-upload of 48 MiB" virsh vol-upload --pool $name disk.raw /tmp/upload.bin
virsh vol-download --pool $name disk.raw /tmp/download.bin
want=$( (cat /tmp/upload.bin; head -c 16M /dev/zero) | md5sum | cut -d' ' -f1)
got=$(md5sum < /tmp/download.bin | cut -d' ' -f1)
check nfs-vol-download "vol-download checksum $got = uploaded data $want" [ "$want" = "$got" ]

check nfs-vol-clone "vol-clone, same content" \
    sh -c "virsh vol-clone --pool $name disk.raw clone.raw >/dev/null &&
           cmp /srv/export/disk.raw /srv/export/clone.raw"
check nfs-vol-resize "vol-resize to 128M" \
    sh -c "virsh vol-resize --pool $name clone.raw 128M >/dev/null &&
           [ \$(stat -c %s /srv/export/clone.raw) = 134217728 ]"
check nfs-vol-wipe "vol-wipe leaves zeros on the server" \
    sh -c "virsh vol-wipe --pool $name clone.raw >/dev/null &&
           cmp -n 134217728 /srv/export/clone.raw /dev/zero"
check nfs-vol-delete "vol-delete removes the files" \
    sh -c "virsh vol-delete --pool $name clone.raw >/dev/null && virsh vol-delete --pool $name disk.qcow2 >/dev/null &&
           virsh vol-delete --pool $name disk.raw >/dev/null && [ -z \"\$(ls /srv/export)\" ]"

# A root-squashed export: volumes are created as the pool's owner, as in
# netfs pools, since root cannot write there.
sq=nfs-squash
nfs_pool $sq "$NFS_LIF1" "" \
    "<permissions><mode>0755</mode><owner>107</owner><group>107</group></permissions>" /srv/squash &&
    virsh pool-start $sq >/dev/null
for f in raw qcow2; do
    cat > /tmp/sq-$f.xml <<EOT
<volume><name>sq.$f</name><capacity unit='M'>8</capacity><allocation>0</allocation>
<target><format type='$f'/><permissions><mode>0600</mode><owner>107</owner><group>107</group></permissions></target></volume>
EOT
done
check nfs-vol-root-squash "raw and qcow2 volumes on a root-squashed export belong to 107:107" \
    sh -c "virsh vol-create $sq /tmp/sq-raw.xml >/dev/null && virsh vol-create $sq /tmp/sq-qcow2.xml >/dev/null &&
           [ \"\$(stat -c %u:%g /srv/squash/sq.raw /srv/squash/sq.qcow2 | sort -u)\" = 107:107 ]"
virsh vol-delete --pool $sq sq.raw >/dev/null 2>&1
virsh vol-delete --pool $sq sq.qcow2 >/dev/null 2>&1

pool_remove $name $sq
