# P1 clone: vol-clone of a fully written raw volume (4 GiB): the ontap
# pool on OCFS2 over NVMe/TCP and over iSCSI, and on NFS, against the
# upstream pool type on the same storage in the same run (fs on the same
# OCFS2 device, netfs on the same export, dir on the array's XFS), and
# against the limit, a bare cp --reflink=always of the same file. Medians
# of BENCH_RUNS runs; the space each clone added.
# shellcheck shell=bash

. "$ONTAP_TOP/bench/lib.sh"
gib=4

# p1_clones STORAGE POOL DIR UPSTREAM-POOL UPSTREAM-TYPE [SPACE-DIR [WHO]]:
# the figures for the volume src.raw in POOL (target DIR), also seen by
# UPSTREAM-POOL; SPACE-DIR is where the space is counted (default DIR);
# WHO names POOL's clone in the table (default "ontap").
p1_clones() {
    local storage=$1 pool=$2 dir=$3 up=$4 uptype=$5 space=${6:-$3} who=${7:-ontap}
    local i o=() b=() c=() r=() so sc u0 noop mo mb mc mr
    noop=$(bench_noop "$pool")
    for i in $(seq $BENCH_RUNS); do
        u0=$(bench_used "$space")
        o+=("$(bench_time virsh vol-clone --pool "$pool" src.raw "ontap$i.raw")")
        so=$(bench_mib "$u0" "$(bench_used "$space")")
        virsh vol-delete --pool "$pool" "ontap$i.raw" >/dev/null
        b+=("$(bench_time cp --reflink=always "$dir/src.raw" "$dir/bare$i.raw")")
        rm -f "$dir/bare$i.raw"
        r+=("$(bench_time virsh vol-clone --pool "$up" --reflink src.raw "reflink$i.raw")")
        virsh vol-delete --pool "$up" "reflink$i.raw" >/dev/null
        u0=$(bench_used "$space")
        c+=("$(bench_time virsh vol-clone --pool "$up" src.raw "copy$i.raw")")
        sc=$(bench_mib "$u0" "$(bench_used "$space")")
        virsh vol-delete --pool "$up" "copy$i.raw" >/dev/null
        info "P1 $storage run $i: $who ${o[-1]} s ($so), bare reflink ${b[-1]} s, $uptype --reflink ${r[-1]} s, $uptype copy ${c[-1]} s ($sc)"
    done
    mo=$(bench_median "${o[@]}") mb=$(bench_median "${b[@]}")
    mc=$(bench_median "${c[@]}") mr=$(bench_median "${r[@]}")
    bench P1 "$storage" "$who vol-clone of ${gib} GiB raw" "$mo s, space $so"
    bench P1 "$storage" "limit: bare cp --reflink=always" "$mb s"
    bench P1 "$storage" "upstream $uptype vol-clone (byte copy)" "$mc s, space $sc"
    bench P1 "$storage" "upstream $uptype vol-clone --reflink" "$mr s"
    bench P1 "$storage" "virsh no-op call (pool-info)" "$noop s"
    # the limit through libvirt's API: the bare reflink plus one virsh call
    bench P1 "$storage" "$who / (bare reflink + no-op call)" "$(bench_ratio "$mo" "$(awk -v b="$mb" -v n="$noop" 'BEGIN { printf "%.2f", b + n }')")x (the limit through one virsh call)"
    bench P1 "$storage" "$who / bare reflink" "$(bench_ratio "$mo" "$mb")x (goal at most 1.5x)"
    [ "$pool" = "$up" ] && return
    bench P1 "$storage" "byte copy / $who" "$(bench_ratio "$mc" "$mo")x (goal at least 100x)"
}

# The upstream pool beside an ontap one: a document, started without a
# build (which would format an fs pool's device).
p1_upstream() {
    local name=$1 xml=$2
    mkdir -p "/var/lib/libvirt/$name"
    echo "$xml" > "/tmp/$name.xml"
    virsh pool-define "/tmp/$name.xml" >/dev/null && virsh pool-start "$name" >/dev/null &&
        virsh pool-refresh "$name" >/dev/null
}

# p1_heartbeat_stop UUID: stop the o2cb heartbeat left on the filesystem
# UUID (blkid's, read while the device was there). Two mounts of one
# device by two pools start it twice, the kernel stops it once at the last
# unmount; a region left beating on a namespace or LUN removed next fences
# the guest after 60 s, so this runs right after the pools are removed.
p1_heartbeat_stop() {
    local region i
    region=/sys/kernel/config/cluster/$O2CB_CLUSTER/heartbeat/$(echo "$1" | tr -d '-' | tr 'a-f' 'A-F')
    [ -n "$1" ] || return 0
    for i in 1 2 3 4; do
        [ -d "$region" ] || break
        ocfs2_hb_ctl -K -u "$1" o2cb >/dev/null 2>&1 || rmdir "$region" 2>/dev/null || break
    done
    info "P1: o2cb heartbeat regions left: $(ls "/sys/kernel/config/cluster/$O2CB_CLUSTER/heartbeat" 2>/dev/null | tr '\n' ' ')"
}

# --- NVMe/TCP + OCFS2: a 12 GiB namespace of its own (the volume, a byte
# copy and the filesystem's own space)
section "P1 nvme-ocfs2"
truncate -s 12G /srv/bench-ns9.img
nvmet_ns "$NVME_NQN" 9 /srv/bench-ns9.img
name=bench-nvme
err=$(nvme_pool_up $name 9) || info "P1 nvme-ocfs2: the ontap pool did not start: $err"
virsh vol-create-as $name src.raw ${gib}G --format raw >/dev/null
bench_fill /var/lib/libvirt/ontap/$name/src.raw $gib
dev=$(virsh pool-dumpxml $name | sed -n "s/.*<paths device='\([^']*\)'.*/\1/p")
uuid=$(blkid -o value -s UUID "$dev")
p1_upstream bench-fs "<pool type='fs'><name>bench-fs</name><source><device path='$dev'/><format type='ocfs2'/></source><target><path>/var/lib/libvirt/bench-fs</path></target></pool>" ||
    info "P1 nvme-ocfs2: the fs pool on $dev did not start"
p1_clones nvme-ocfs2 $name /var/lib/libvirt/ontap/$name bench-fs fs
pool_remove bench-fs
virsh vol-delete --pool $name src.raw >/dev/null
pool_remove $name
p1_heartbeat_stop "$uuid"
nvme_cleanup
echo 0 > /sys/kernel/config/nvmet/subsystems/$NVME_NQN/namespaces/9/enable
rmdir /sys/kernel/config/nvmet/subsystems/$NVME_NQN/namespaces/9
rm -f /srv/bench-ns9.img

# --- iSCSI + OCFS2: a 12 GiB LUN of its own, LUN 2 of the open target
section "P1 iscsi-ocfs2"
iscsi_lio_lun 9 /srv/bench-lun9.img 12G ontapvmbench9
tpg=/sys/kernel/config/target/iscsi/$ISCSI_IQN/tpgt_1
mkdir -p "$tpg/lun/lun_2"
ln -s /sys/kernel/config/target/core/fileio_9/lun "$tpg/lun/lun_2/lun9"
iscsi_read_wwid "$ISCSI_IQN" /tmp/bench-wwid0 2 /tmp/bench-wwid9 ||
    info "P1 iscsi-ocfs2: no WWID for LUN 2"
name=bench-iscsi
err=$(iscsi_pool_up $name "" "$ISCSI_PORTAL1 $ISCSI_PORTAL2" "$ISCSI_IQN" "$(cat /tmp/bench-wwid9)" "" 2) ||
    info "P1 iscsi-ocfs2: the ontap pool did not start: $err"
virsh vol-create-as $name src.raw ${gib}G --format raw >/dev/null
bench_fill /var/lib/libvirt/ontap/$name/src.raw $gib
dev=$(virsh pool-dumpxml $name | sed -n "s/.*<paths device='\([^']*\)'.*/\1/p")
uuid=$(blkid -o value -s UUID "$dev")
p1_upstream bench-fs "<pool type='fs'><name>bench-fs</name><source><device path='$dev'/><format type='ocfs2'/></source><target><path>/var/lib/libvirt/bench-fs</path></target></pool>" ||
    info "P1 iscsi-ocfs2: the fs pool on $dev did not start"
p1_clones iscsi-ocfs2 $name /var/lib/libvirt/ontap/$name bench-fs fs
pool_remove bench-fs
virsh vol-delete --pool $name src.raw >/dev/null
pool_remove $name
p1_heartbeat_stop "$uuid"
iscsi_cleanup
w=$(cat /tmp/bench-wwid9)
dmsetup remove "$w" 2>/dev/null
rm "$tpg/lun/lun_2/lun9" && rmdir "$tpg/lun/lun_2"
echo 0 > /sys/kernel/config/target/core/fileio_9/lun/enable 2>/dev/null
rmdir /sys/kernel/config/target/core/fileio_9/lun /sys/kernel/config/target/core/fileio_9
rm -f /srv/bench-lun9.img

# --- NFS (v4.2: the kernel clones on the server, CLONE over XFS) against
# netfs on the same export
section "P1 nfs"
mkdir -p /srv/export/p1
name=bench-nfs
nfs_pool $name "$NFS_LIF1" "" "" /srv/export/p1 && virsh pool-start $name >/dev/null ||
    info "P1 nfs: the ontap pool did not start"
virsh vol-create-as $name src.raw ${gib}G --format raw >/dev/null
bench_fill /var/lib/libvirt/ontap/$name/src.raw $gib
p1_upstream bench-netfs "<pool type='netfs'><name>bench-netfs</name><source><host name='$NFS_LIF1'/><dir path='/srv/export/p1'/><format type='nfs'/><protocol ver='4.2'/></source><target><path>/var/lib/libvirt/bench-netfs</path></target></pool>" ||
    info "P1 nfs: the netfs pool did not start"
p1_clones nfs $name /var/lib/libvirt/ontap/$name bench-netfs netfs /srv
bench P1 nfs "what the ontap clone used" "$(awk '$1 == "CLONE:" { n += $2 } END { printf "%d NFSv4.2 CLONE operations (the client counts, all mounts)", n }' /proc/self/mountstats)"
pool_remove bench-netfs
virsh vol-delete --pool $name src.raw >/dev/null
pool_remove $name
rm -rf /srv/export/p1

# --- dir on the array's XFS: the upstream pool that clones with --reflink
section "P1 dir"
mkdir -p /srv/bench-dir
p1_upstream bench-dir "<pool type='dir'><name>bench-dir</name><target><path>/srv/bench-dir</path></target></pool>"
virsh vol-create-as bench-dir src.raw ${gib}G --format raw >/dev/null
bench_fill /srv/bench-dir/src.raw $gib
p1_clones xfs-dir bench-dir /srv/bench-dir bench-dir dir /srv/bench-dir "dir (no --reflink)"
pool_remove bench-dir
rm -rf /srv/bench-dir
