# P3 refresh: pool-refresh of 10,000 small qcow2 volumes on NFS, the ontap
# pool (volumes read by parallel workers) against an upstream netfs pool on
# the same export, medians of BENCH_RUNS refreshes after each pool's start.
# shellcheck shell=bash

. "$ONTAP_TOP/bench/lib.sh"
count=10000
exp=/srv/export/p3

# 10,000 copies of one small qcow2 (4 KiB clusters), written by one
# process: split cuts a file holding them end to end.
mkdir -p $exp
qemu-img create -q -f qcow2 -o cluster_size=4096 /tmp/p3.qcow2 64M
size=$(stat -c %s /tmp/p3.qcow2)
cp /tmp/p3.qcow2 /tmp/p3.all
while [ "$(stat -c %s /tmp/p3.all)" -lt $((size * count)) ]; do
    cat /tmp/p3.all /tmp/p3.all > /tmp/p3.tmp && mv /tmp/p3.tmp /tmp/p3.all
done
head -c $((size * count)) /tmp/p3.all | split -b "$size" -a 5 -d --additional-suffix=.qcow2 - $exp/vol
rm -f /tmp/p3.all
info "P3: $(find $exp -name '*.qcow2' | wc -l) qcow2 files of $size bytes in $exp"

# p3_refresh POOL: BENCH_RUNS timed refreshes; prints their median and
# the number of volumes listed.
p3_refresh() {
    local r=() vols
    for _ in $(seq $BENCH_RUNS); do r+=("$(bench_time virsh pool-refresh "$1")"); done
    vols=$(virsh vol-list "$1" | grep -c '\.qcow2')
    info "P3 $1: refreshes ${r[*]} s, $vols volumes" >&2
    echo "$(bench_median "${r[@]}") $vols"
}

# p3_pair LABEL: the ontap pool, then the netfs pool, on the export.
p3_pair() {
    local label=$1 ontap ontap_vols fmt netfs netfs_vols
    nfs_pool bench-p3 "$NFS_LIF1" "" "" $exp && virsh pool-start bench-p3 >/dev/null ||
        info "P3: the ontap pool did not start"
    read -r ontap ontap_vols < <(p3_refresh bench-p3)
    fmt=$(virsh vol-dumpxml --pool bench-p3 vol00000.qcow2 | sed -n "s/.*<format type='\([a-z0-9]*\)'.*/\1/p" | head -1)
    pool_remove bench-p3

    mkdir -p /var/lib/libvirt/bench-netfs
    echo "<pool type='netfs'><name>bench-netfs</name><source><host name='$NFS_LIF1'/><dir path='$exp'/><format type='nfs'/><protocol ver='4.2'/></source><target><path>/var/lib/libvirt/bench-netfs</path></target></pool>" > /tmp/bench-netfs.xml
    virsh pool-define /tmp/bench-netfs.xml >/dev/null && virsh pool-start bench-netfs >/dev/null ||
        info "P3: the netfs pool did not start"
    read -r netfs netfs_vols < <(p3_refresh bench-netfs)
    pool_remove bench-netfs

    bench P3 "$label" "ontap pool-refresh of $count qcow2 ($ontap_vols listed, format $fmt)" "$ontap s"
    bench P3 "$label" "upstream netfs pool-refresh ($netfs_vols listed)" "$netfs s"
    bench P3 "$label" "netfs / ontap" "$(bench_ratio "$netfs" "$ontap")x (goal at least 3x)"
}

# The server on loopback answers in microseconds, which hides what the
# parallel workers save; a datacenter network's round trip is nearer
# 0.5 ms: the pair runs again with netem delaying each packet on lo by
# 250 us (both pools, same export, same run).
p3_pair "nfs loopback"
if tc qdisc add dev lo root netem delay 250us 2>/tmp/p3-tc.err; then
    info "P3: lo delays each packet: $(tc qdisc show dev lo)"
    p3_pair "nfs, 0.5 ms round trip"
    tc qdisc del dev lo root
else
    info "P3: no netem on lo ($(cat /tmp/p3-tc.err)): the 0.5 ms round-trip pair did not run"
    bench P3 "nfs, 0.5 ms round trip" "netfs / ontap" "n/a (no netem in the guest)"
fi
rm -rf $exp
