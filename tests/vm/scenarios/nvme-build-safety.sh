# NVMe-oF mode: pool-build never destroys data by surprise. On a namespace
# holding ext4 it refuses without --overwrite and with --no-overwrite,
# naming what it found, leaves the data and no controller behind; with
# --overwrite it makes OCFS2; on OCFS2 it leaves the filesystem as it is
# without flags and refuses with --no-overwrite.
# shellcheck shell=bash

name=nv-safety
nvme_cleanup
nvme_ns_reset "$NVME_NS_EXT4"
img=/srv/nvme-ns$NVME_NS_EXT4.img
# The array's view of the namespace's first bytes (no host involved).
fs_on_array() { blkid -p -o value -s "$1" "$img" 2>/dev/null; }

nvme_pool $name "$NVME_NS_EXT4" || check_fail nvme-safety-define "pool-define failed"
out=$(virsh pool-build $name 2>&1)
rc=$?
msg=$(errors "$out")
check nvme-safety-refused "pool-build on ext4 (status $rc): $msg" \
    has "$msg" ext4 has "$msg" --overwrite test $rc != 0
out=$(virsh pool-build $name --no-overwrite 2>&1)
rc=$?
msg=$(errors "$out")
check nvme-safety-refused-no-overwrite "pool-build --no-overwrite on ext4 (status $rc): $msg" \
    has "$msg" ext4 test $rc != 0
left=$(nvme_ctrls | grep -F " $NVME_NQN " | tr '\n' ';')
check nvme-safety-no-controllers "no controller left after the refused builds: '$left'" [ -z "$left" ]

# The host's view: connect by hand, mount the ext4 read-only, read keep.txt.
nvme connect -t tcp -a "$NVME_PORTAL1" -s 4420 -n "$NVME_NQN" >/dev/null 2>&1
udevadm settle -t 10
head=$(nvme_head "$NVME_NQN" "$NVME_NS_EXT4")
mkdir -p /mnt/nv-safety
got=
if [ -n "$head" ] && mount -t ext4 -o ro "/dev/$head" /mnt/nv-safety; then
    got=$(cat /mnt/nv-safety/keep.txt)
    umount /mnt/nv-safety
fi
nvme_cleanup
check nvme-safety-data-intact "keep.txt on /dev/$head reads '$got'" [ "$got" = "$NVME_KEEP_TEXT" ]

out=$(virsh pool-build $name --overwrite 2>&1)
rc=$?
fs=$(fs_on_array TYPE)
uuid=$(fs_on_array UUID)
check nvme-safety-overwrite "pool-build --overwrite (status $rc) made '$fs': $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ '$fs' = ocfs2 ]"

out=$(virsh pool-build $name 2>&1)
rc=$?
uuid2=$(fs_on_array UUID)
check nvme-safety-keep-ocfs2 "pool-build on OCFS2 (status $rc) keeps it (UUID '$uuid' -> '$uuid2'): $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ -n '$uuid' ] && [ '$uuid' = '$uuid2' ]"
out=$(virsh pool-build $name --no-overwrite 2>&1)
rc=$?
uuid3=$(fs_on_array UUID)
check nvme-safety-no-overwrite-ocfs2 "pool-build --no-overwrite on OCFS2 (status $rc), UUID '$uuid3': $(errors "$out")" \
    sh -c "[ $rc != 0 ] && [ -n '$uuid' ] && [ '$uuid' = '$uuid3' ]"
left=$(nvme_count "$NVME_NQN")
check nvme-safety-no-controllers-end "no controller left after the builds ($left)" [ "$left" = 0 ]

pool_remove $name
nvme_cleanup
nvme_ns_reset "$NVME_NS_EXT4"
