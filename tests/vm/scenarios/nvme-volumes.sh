# NVMe-oF mode: volumes are files on the pool's OCFS2 mount: create (raw,
# qcow2), upload / download, resize, delete.
# shellcheck shell=bash

name=nv-vols
target=/var/lib/libvirt/ontap/$name
nvme_cleanup
nvme_ns_reset "$NVME_NS_SMALL"
err=$(nvme_pool_up $name "$NVME_NS_SMALL") || check_fail nvme-vol-pool "define, build or start failed: $err"

check nvme-vol-create-raw "vol-create-as raw 8M, a file on the OCFS2 mount" \
    sh -c "virsh vol-create-as $name disk.raw 8M --format raw >/dev/null &&
           [ \$(stat -c %s $target/disk.raw) = 8388608 ] &&
           [ \"\$(stat -f -c %T $target/disk.raw)\" = ocfs2 ]"
check nvme-vol-create-qcow2 "vol-create-as qcow2 1G" \
    sh -c "virsh vol-create-as $name disk.qcow2 1G --format qcow2 >/dev/null &&
           qemu-img info $target/disk.qcow2 | grep 'file format: qcow2' >/dev/null"

head -c 8M /dev/urandom > /tmp/nv-upload.bin
want=$(sha256sum < /tmp/nv-upload.bin | cut -d' ' -f1)
check nvme-vol-upload "vol-upload of 8 MiB" virsh vol-upload --pool $name disk.raw /tmp/nv-upload.bin
rm -f /tmp/nv-download.bin
virsh vol-download --pool $name disk.raw /tmp/nv-download.bin
got=$(sha256sum < /tmp/nv-download.bin | cut -d' ' -f1)
echo 3 > /proc/sys/vm/drop_caches
disk=$(sha256sum < "$target/disk.raw" | cut -d' ' -f1)
check nvme-vol-download "vol-download sha256 $got, on the device $disk, uploaded $want" \
    sh -c "[ '$want' = '$got' ] && [ '$want' = '$disk' ]"

check nvme-vol-resize "vol-resize to 16M" \
    sh -c "virsh vol-resize --pool $name disk.raw 16M >/dev/null &&
           [ \$(stat -c %s $target/disk.raw) = 16777216 ]"
cap=$(virsh vol-info --bytes --pool $name disk.raw | awk '/^Capacity:/ { print $2 }')
check nvme-vol-info "vol-info capacity $cap after the resize" [ "$cap" = 16777216 ]

check nvme-vol-delete "vol-delete removes the files" \
    sh -c "virsh vol-delete --pool $name disk.qcow2 >/dev/null && virsh vol-delete --pool $name disk.raw >/dev/null &&
           [ ! -e $target/disk.raw ] && [ ! -e $target/disk.qcow2 ]"
check nvme-vol-list "vol-list no longer lists them" \
    sh -c "! virsh vol-list $name | grep disk. >/dev/null"

rm -f /tmp/nv-upload.bin /tmp/nv-download.bin
pool_remove $name
nvme_cleanup
