# P2 start: pool-start of an NVMe/TCP pool with four paths and OCFS2 (every
# portal connected, multipath checked, mounted, volumes listed) against the
# same steps run by hand (nvme connect x4, wait for the namespace, mount),
# and of an iSCSI pool with two portals against discovery, two logins, the
# multipath map and mount by hand. Medians of BENCH_RUNS runs, each from
# nothing connected.
# shellcheck shell=bash

. "$ONTAP_TOP/bench/lib.sh"
cfg=/sys/kernel/config/nvmet
portals="$NVME_PORTAL1 $NVME_PORTAL2 127.0.20.3 127.0.20.4"

# Two more portals of NVME_NQN (ports 3 and 4), for four paths.
for p in 3 4; do
    ip addr add "127.0.20.$p/32" dev lo
    mkdir "$cfg/ports/$p"
    echo tcp > "$cfg/ports/$p/addr_trtype"
    echo ipv4 > "$cfg/ports/$p/addr_adrfam"
    echo "127.0.20.$p" > "$cfg/ports/$p/addr_traddr"
    echo 4420 > "$cfg/ports/$p/addr_trsvcid"
    ln -s "$cfg/subsystems/$NVME_NQN" "$cfg/ports/$p/subsystems/$NVME_NQN"
done

section "P2 nvme-tcp, 4 paths"
nvme_cleanup
nvme_ns_reset "$NVME_NS_BIG"
name=bench-p2n
err=$(nvme_pool_up $name "$NVME_NS_BIG" "" "$portals") || info "P2 nvme: the pool did not start: $err"
paths=$(virsh pool-dumpxml $name | grep -c "<path .*state='up'")
virsh pool-destroy $name >/dev/null
nvme_cleanup

# by hand: what an administrator types, waiting for the device as udev
# makes it; then undone
p2_nvme_by_hand() {
    local a head i
    for a in $portals; do
        nvme connect -t tcp -a "$a" -s 4420 -n "$NVME_NQN" --ctrl-loss-tmo=-1 >/dev/null || return 1
    done
    for i in $(seq 100); do
        head=$(nvme_head "$NVME_NQN" "$NVME_NS_BIG")
        [ -n "$head" ] && [ -b "/dev/$head" ] && break
        sleep 0.1
    done
    mkdir -p /mnt/p2 && mount -t ocfs2 "/dev/$head" /mnt/p2
}
o=() h=()
for i in $(seq $BENCH_RUNS); do
    o+=("$(bench_time virsh pool-start $name)")
    virsh pool-destroy $name >/dev/null
    nvme_cleanup
    h+=("$(bench_time p2_nvme_by_hand)")
    umount /mnt/p2 2>/dev/null
    nvme disconnect -n "$NVME_NQN" >/dev/null 2>&1
    nvme_cleanup
    info "P2 nvme run $i: pool-start ${o[-1]} s, by hand ${h[-1]} s"
done
mo=$(bench_median "${o[@]}") mh=$(bench_median "${h[@]}")
bench P2 "nvme-tcp + ocfs2" "ontap pool-start, 4 portals ($paths paths up)" "$mo s"
bench P2 "nvme-tcp + ocfs2" "by hand: nvme connect x4, mount" "$mh s"
bench P2 "nvme-tcp + ocfs2" "pool-start / by hand" "$(bench_ratio "$mo" "$mh")x"
pool_remove $name
for p in 3 4; do
    rm "$cfg/ports/$p/subsystems/$NVME_NQN" && rmdir "$cfg/ports/$p"
    ip addr del "127.0.20.$p/32" dev lo
done

section "P2 iscsi, 2 portals"
iscsi_cleanup
iscsi_lun_reset 0
name=bench-p2i
err=$(iscsi_pool_up $name) || info "P2 iscsi: the pool did not start: $err"
wwid=$(cat "$ISCSI_WWID_FILE")
virsh pool-destroy $name >/dev/null
iscsi_cleanup

p2_iscsi_by_hand() {
    local a i
    iscsiadm -m discovery -t sendtargets -p "$ISCSI_PORTAL1:3260" >/dev/null || return 1
    for a in $ISCSI_PORTAL1 $ISCSI_PORTAL2; do
        iscsiadm -m node -T "$ISCSI_IQN" -p "$a:3260" -l >/dev/null || return 1
    done
    udevadm settle -t 10
    multipathd add map "$wwid" >/dev/null
    for i in $(seq 100); do
        [ -b "/dev/mapper/$wwid" ] && [ "$(mpath_paths "$wwid")" = 2 ] && break
        sleep 0.1
    done
    mkdir -p /mnt/p2 && mount -t ocfs2 "/dev/mapper/$wwid" /mnt/p2
}
o=() h=()
for i in $(seq $BENCH_RUNS); do
    o+=("$(bench_time virsh pool-start $name)")
    virsh pool-destroy $name >/dev/null
    iscsi_cleanup
    h+=("$(bench_time p2_iscsi_by_hand)")
    umount /mnt/p2 2>/dev/null
    iscsi_cleanup
    info "P2 iscsi run $i: pool-start ${o[-1]} s, by hand ${h[-1]} s"
done
mo=$(bench_median "${o[@]}") mh=$(bench_median "${h[@]}")
bench P2 "iscsi + ocfs2" "ontap pool-start, 2 portals" "$mo s"
bench P2 "iscsi + ocfs2" "by hand: discovery, 2 logins, multipath map, mount" "$mh s"
bench P2 "iscsi + ocfs2" "pool-start / by hand" "$(bench_ratio "$mo" "$mh")x"
pool_remove $name
iscsi_cleanup
