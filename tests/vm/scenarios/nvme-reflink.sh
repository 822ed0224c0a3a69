# NVMe-oF mode: vol-clone of a 2 GiB raw volume on OCFS2 is a reflink
# (FICLONE): the clone shares the source's extents, holds the same bytes,
# adds no space, and takes a fraction of the time of a byte copy of the same
# file (dd). TCG timings are noisy: only the ratio is asserted.
# shellcheck shell=bash

name=nv-reflink
target=/var/lib/libvirt/ontap/$name
nvme_cleanup
nvme_ns_reset "$NVME_NS_BIG"
err=$(nvme_pool_up $name "$NVME_NS_BIG") || check_fail nvme-reflink-pool "define, build or start failed: $err"

# 2 GiB allocated, the first 256 MiB random (the rest stays unwritten).
t=$(uptime_s)
virsh vol-create-as $name base.raw 2G --allocation 2G --format raw >/dev/null
head -c 256M /dev/urandom > /tmp/nv-reflink.bin
dd if=/tmp/nv-reflink.bin of="$target/base.raw" bs=4M conv=notrunc,fsync status=none
rm -f /tmp/nv-reflink.bin
size=$(stat -c %s "$target/base.raw")
info "nvme-reflink: 2 GiB volume created and 256 MiB written in $(since "$t")s"
check nvme-reflink-volume "base.raw is $size bytes" [ "$size" = 2147483648 ]

sync
used0=$(df -k --output=used "$target" | tail -n1)
t=$(uptime_s)
out=$(virsh vol-clone --pool $name base.raw clone.raw 2>&1)
rc=$?
clone=$(since "$t")
sync
used1=$(df -k --output=used "$target" | tail -n1)
check nvme-reflink-clone "vol-clone (status $rc) in ${clone}s: $(errors "$out")" [ $rc = 0 ]

echo 3 > /proc/sys/vm/drop_caches
t=$(uptime_s)
dd if="$target/base.raw" of="$target/copy.raw" bs=4M conv=fsync status=none
copy=$(since "$t")
ratio=$(awk -v c="$clone" -v d="$copy" 'BEGIN { printf "%.1f", (c > 0 ? d / c : 0) }')
info "nvme-reflink: reflink clone ${clone} s, byte copy ${copy} s, ratio ${ratio}"
check nvme-reflink-faster "the clone took ${clone}s, the byte copy ${copy}s: ratio $ratio > 5" \
    awk -v r="$ratio" 'BEGIN { exit !(r > 5) }'

filefrag -v "$target/clone.raw" > "$ONTAP_OUT/$ONTAP_SCENARIO/filefrag-clone.txt" 2>&1
shared=$(grep -c shared "$ONTAP_OUT/$ONTAP_SCENARIO/filefrag-clone.txt")
extents=$(grep -c '^ *[0-9][0-9]*:' "$ONTAP_OUT/$ONTAP_SCENARIO/filefrag-clone.txt")
check nvme-reflink-shared "filefrag -v: $shared of $extents extents of the clone are shared" \
    sh -c "[ '$shared' -gt 0 ] && [ '$shared' = '$extents' ]"
check nvme-reflink-space "the clone added $(( (used1 - used0) / 1024 )) MiB (less than 64)" \
    [ $(( used1 - used0 )) -lt 65536 ]
# The written part and a bit of the rest: reading all 2 GiB twice takes
# minutes under TCG.
echo 3 > /proc/sys/vm/drop_caches
check nvme-reflink-content "the clone has the source's bytes (cmp of the first 288 MiB) and size" \
    sh -c "cmp -n 301989888 $target/base.raw $target/clone.raw &&
           [ \$(stat -c %s $target/clone.raw) = 2147483648 ]"

# Copy on write: a write into the clone leaves the source as it was.
want=$(head -c 1M "$target/base.raw" | sha256sum)
dd if=/dev/zero of="$target/clone.raw" bs=1M count=1 conv=notrunc,fsync status=none
echo 3 > /proc/sys/vm/drop_caches
check nvme-reflink-cow "after a write into the clone the source is unchanged" \
    sh -c "[ \"\$(head -c 1M $target/base.raw | sha256sum)\" = '$want' ]"

for v in copy.raw clone.raw base.raw; do
    rm -f "$target/$v"
done
pool_remove $name
nvme_cleanup
