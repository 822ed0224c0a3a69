# NFS mode: a refresh or a start of a pool with a dead LIF takes seconds
# (its probe waits for the address, whose packets are dropped), and the daemon's other clients do not
# wait for it: virsh pool-list --all, and vol-list of another pool, answer
# within a second of their time on an idle daemon while it runs.
# shellcheck shell=bash

name=nfs-responsive
other=nfs-responsive-other
nfs_pool $name "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/>" &&
    virsh pool-start $name >/dev/null || check_fail nfs-responsive-start "pool-start $name failed"
mkdir -p /srv/export/other
nfs_pool $other "$NFS_LIF1" "" "" /srv/export/other &&
    virsh pool-start $other >/dev/null || check_fail nfs-responsive-start-other "pool-start $other failed"

# timed COMMAND...: its wall time in seconds, its output discarded.
timed() {
    local t
    t=$(uptime_s)
    "$@" >/dev/null 2>&1
    since "$t"
}

idle_list=$(timed virsh pool-list --all)
idle_vols=$(timed virsh vol-list $other)
info "idle daemon: pool-list --all ${idle_list}s, vol-list ${idle_vols}s"

# lif2_drop: LIF2 stops answering (its packets dropped, as when a LIF
# fails over badly), so that a probe of it waits for its bound.
lif2_drop() {
    nft add table inet responsive
    nft add chain inet responsive in '{ type filter hook input priority 0; }'
    nft add rule inet responsive in ip daddr $NFS_LIF2 drop
}

# during WHAT COMMAND...: run the pool COMMAND in the background with LIF2
# gone, and pool-list --all and vol-list of the other pool at the same time
# once it has begun; sets d_list, d_vols, d_total (the command's time) and
# d_alive (whether it was still running when both listings had answered).
during() {
    local what=$1 t pid l v
    shift
    lif2_drop
    t=$(uptime_s)
    "$@" >/dev/null 2>&1 &
    pid=$!
    sleep 0.3
    l=$(mktemp) v=$(mktemp)
    timed virsh pool-list --all > "$l" &
    timed virsh vol-list $other > "$v" &
    wait %2 %3
    d_list=$(cat "$l") d_vols=$(cat "$v")
    rm -f "$l" "$v"
    d_alive=no
    kill -0 $pid 2>/dev/null && d_alive=yes
    wait $pid
    d_total=$(since "$t")
    nft delete table inet responsive
    info "$what with $NFS_LIF2 gone took ${d_total}s; meanwhile pool-list --all ${d_list}s, vol-list ${d_vols}s (still running when both answered: $d_alive)"
}

# verdicts WHAT: the checks of one during.
verdicts() {
    check nfs-responsive-$1-overlap "the $1 with a dead LIF (${d_total}s) was still running when the listings answered: $d_alive" \
        [ $d_alive = yes ]
    check nfs-responsive-$1-pool-list "pool-list --all during the $1: ${d_list}s, idle ${idle_list}s (at most 1 s more)" \
        awk -v d="$d_list" -v i="$idle_list" 'BEGIN { exit !(d <= i + 1) }'
    check nfs-responsive-$1-vol-list "vol-list of another pool during the $1: ${d_vols}s, idle ${idle_vols}s (at most 1 s more)" \
        awk -v d="$d_vols" -v i="$idle_vols" 'BEGIN { exit !(d <= i + 1) }'
}

during refresh virsh pool-refresh $name
verdicts refresh
virsh pool-destroy $name >/dev/null 2>&1
during start virsh pool-start $name
verdicts start

pool_remove $other
pool_remove $name
rm -rf /srv/export/other
