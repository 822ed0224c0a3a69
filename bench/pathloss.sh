# P4 path loss: the longest time between two completed (durable) 1 MiB
# writes of a checksummed 256 MiB copy into a volume when one path dies 3 s
# into it, per protocol, with no pool-refresh (the pool's path monitor, 5 s,
# and the kernel's multipath do the work); the same copy with no fault as
# the reference. Medians of BENCH_RUNS runs; errors and checksums checked.
# NVMe/TCP and iSCSI run with the pool's default timers and again with
# lower ones set in the pool XML (keep_alive_tmo, the NOP-Out pings).
# shellcheck shell=bash

. "$ONTAP_TOP/bench/lib.sh"
head -c 256M /dev/urandom > /srv/p4-src.bin
want=$(sha256sum < /srv/p4-src.bin | cut -d' ' -f1)

# p4_write DST [ADDR]: one copy, ADDR removed from lo 3 s in (and put
# back after); prints "max_gap errors checksum-ok".
p4_write() {
    local out pid got
    "$BENCH_WRITER" /srv/p4-src.bin "$1" > /tmp/p4-out 2>&1 &
    pid=$!
    if [ -n "${2:-}" ]; then
        sleep 3
        ip addr del "$2/32" dev lo
    fi
    wait $pid
    [ -n "${2:-}" ] && ip addr add "$2/32" dev lo
    out=$(cat /tmp/p4-out)
    echo 3 > /proc/sys/vm/drop_caches
    got=$(sha256sum < "$1" | cut -d' ' -f1)
    rm -f "$1"
    info "P4 write to $1${2:+ losing $2}: $out" >&2
    echo "$(echo "$out" | sed -n 's/.*max_gap=\([0-9.]*\).*/\1/p') $(echo "$out" | sed -n 's/.*errors=\([0-9]*\).*/\1/p') $([ "$got" = "$want" ] && echo yes || echo no)"
}

# p4 STORAGE POOL ADDR GOAL: the figures of one protocol.
p4() {
    local storage=$1 pool=$2 addr=$3 goal=$4 dir=/var/lib/libvirt/ontap/$2
    local i ref=() gaps=() errs=0 sums=yes res w
    for i in $(seq $BENCH_RUNS); do
        read -r -a res <<< "$(p4_write "$dir/ref$i.bin")"
        ref+=("${res[0]:-failed}")
        errs=$((errs + ${res[1]:-1}))
        [ "${res[2]:-no}" = yes ] || sums=no
        read -r -a res <<< "$(p4_write "$dir/loss$i.bin" "$addr")"
        gaps+=("${res[0]:-failed}")
        errs=$((errs + ${res[1]:-1}))
        [ "${res[2]:-no}" = yes ] || sums=no
        w=$(wait_path_state "$pool" "$addr" up 90)
        info "P4 $storage run $i: no fault ${ref[-1]} s, losing $addr ${gaps[-1]} s; path up again ${w}s after"
    done
    bench P4 "$storage" "longest gap between writes losing $addr (no refresh)" "$(bench_median "${gaps[@]}") s (goal at most $goal s)"
    bench P4 "$storage" "longest gap with no fault" "$(bench_median "${ref[@]}") s"
    bench P4 "$storage" "write errors, checksums equal" "$errs, $sums"
}

section "P4 nfs-trunking"
nfs_pool bench-p4 "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/>" && virsh pool-start bench-p4 >/dev/null ||
    info "P4 nfs: the pool did not start"
p4 nfs-trunking bench-p4 "$NFS_LIF2" 10
pool_remove bench-p4

# The block protocols twice: with the pool's defaults, and with the timers
# that notice a dead connection set lower through the pool XML.
# (the harness's NVMe pools set keep_alive_tmo='5', the kernel's default)
for tuned in "" "<fabric ctrl_loss_tmo='-1' reconnect_delay='2' keep_alive_tmo='2'/>"; do
    label="nvme-tcp${tuned:+, keep_alive_tmo 2 s}"
    section "P4 $label"
    nvme_cleanup
    nvme_ns_reset "$NVME_NS_BIG"
    err=$(NVME_FABRIC=$tuned nvme_pool_up bench-p4n "$NVME_NS_BIG") ||
        info "P4 nvme: the pool did not start: $err"
    p4 "$label" bench-p4n "$NVME_PORTAL1" 5
    pool_remove bench-p4n
    nvme_cleanup
done

for tuned in "" "<session noop_out_interval='2' noop_out_timeout='2'/>"; do
    label="iscsi-multipath${tuned:+, NOP-Out 2 s + 2 s}"
    section "P4 $label"
    iscsi_cleanup
    iscsi_lun_reset 0
    err=$(iscsi_pool_up bench-p4i "$tuned") || info "P4 iscsi: the pool did not start: $err"
    p4 "$label" bench-p4i "$ISCSI_PORTAL1" 10
    pool_remove bench-p4i
    iscsi_cleanup
done
rm -f /srv/p4-src.bin
