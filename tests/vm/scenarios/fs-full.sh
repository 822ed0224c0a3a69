# The pool's filesystem full: a fully allocated vol-create that does not
# fit fails with a clear message and leaves no volume and no file behind,
# a vol-upload that does not fit fails saying so, and the pool stays
# active and refreshes once space is freed. Per protocol: NFS (the
# export's filesystem on the array), NVMe/TCP and iSCSI (OCFS2).
# shellcheck shell=bash

# fs_full CHECK-PREFIX NAME FILLER: fill pool NAME's filesystem (through
# FILLER, a file on it) to 64 MiB from full, then create and upload.
fs_full() {
    local c=$1 name=$2 filler=$3 t=/var/lib/libvirt/ontap/$2 avail out rc
    avail=$(df --output=avail -B1M "$t" | tail -n1 | tr -d ' ')
    fallocate -l "$((avail - 64))M" "$filler"
    info "$c: $(df -h --output=size,avail "$t" | tail -n1) after a filler of $((avail - 64)) MiB"

    out=$(virsh vol-create-as "$name" big.raw 256M --allocation 256M --format raw 2>&1)
    rc=$?
    virsh pool-refresh "$name" >/dev/null 2>&1
    check "$c-create" "a 256 MiB allocated vol-create with 64 MiB free: status $rc, $(errors "$out"); left: '$(virsh vol-list "$name" | awk '$1 == "big.raw"')' $(ls "$t")" \
        sh -c "[ $rc != 0 ] && echo \"\$1\" | grep -i 'space' >/dev/null && ! virsh vol-info --pool $name big.raw >/dev/null 2>&1 && [ ! -e $t/big.raw ]" - "$out"

    virsh vol-create-as "$name" up.raw 256M --allocation 0 --format raw >/dev/null
    head -c 192M /dev/urandom > /srv/fs-full-up.bin
    out=$(timeout 300 virsh vol-upload --pool "$name" up.raw /srv/fs-full-up.bin 2>&1)
    rc=$?
    check "$c-upload" "a 192 MiB vol-upload with 64 MiB free: status $rc, $(errors "$out")" \
        sh -c "[ $rc != 0 ] && echo \"\$1\" | grep -i 'space' >/dev/null" - "$out"
    virsh vol-delete --pool "$name" up.raw >/dev/null
    rm -f "$filler" /srv/fs-full-up.bin

    out=$(virsh pool-refresh "$name" 2>&1)
    rc=$?
    check "$c-after" "space freed: pool '$(pool_state "$name")', pool-refresh status $rc, volumes: $(virsh vol-list "$name" | awk 'NR > 2 && $1 { print $1 }' | tr '\n' ' ')" \
        sh -c "[ '$(pool_state "$name")' = running ] && [ $rc = 0 ]"
}

nfs_pool ff-nfs "$NFS_LIF1" &&
    virsh pool-start ff-nfs >/dev/null || check_fail fsfull-nfs-start "pool-start failed"
fs_full fsfull-nfs ff-nfs /srv/export/ff-filler
pool_remove ff-nfs

nvme_cleanup
iscsi_cleanup
nvme_ns_reset "$NVME_NS_SMALL"
err=$(nvme_pool_up ff-nvme "$NVME_NS_SMALL") || check_fail fsfull-nvme-start "define, build or start failed: $err"
fs_full fsfull-nvme ff-nvme /var/lib/libvirt/ontap/ff-nvme/.filler
pool_remove ff-nvme
nvme_cleanup

iscsi_lun_reset 0
err=$(iscsi_pool_up ff-iscsi) || check_fail fsfull-iscsi-start "define, build or start failed: $err"
fs_full fsfull-iscsi ff-iscsi /var/lib/libvirt/ontap/ff-iscsi/.filler
pool_remove ff-iscsi
iscsi_cleanup
