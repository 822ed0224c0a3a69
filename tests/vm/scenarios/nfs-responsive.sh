# NFS mode: a refresh of a pool with a dead LIF takes seconds (its probe
# waits for the address), and the daemon's other clients do not wait for
# it: virsh pool-list --all, and vol-list of another pool, answer within a
# second of their time on an idle daemon while the refresh runs.
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

ip addr del $NFS_LIF2/32 dev lo
t=$(uptime_s)
virsh pool-refresh $name >/dev/null 2>&1 &
refresher=$!
sleep 0.5
during_list=$(timed virsh pool-list --all)
during_vols=$(timed virsh vol-list $other)
listed=$(since "$t")
wait $refresher
refresh=$(since "$t")
ip addr add $NFS_LIF2/32 dev lo
info "refresh with $NFS_LIF2 gone took ${refresh}s; meanwhile pool-list --all ${during_list}s, vol-list ${during_vols}s (both done ${listed}s after the refresh began)"

check nfs-responsive-refresh-slow "the refresh with a dead LIF took ${refresh}s, long enough to be waited for (over 2 s) and longer than the listings (${listed}s)" \
    awk -v r="$refresh" -v l="$listed" 'BEGIN { exit !(r > 2 && r > l) }'
check nfs-responsive-pool-list "pool-list --all during the refresh: ${during_list}s, idle ${idle_list}s (at most 1 s more)" \
    awk -v d="$during_list" -v i="$idle_list" 'BEGIN { exit !(d <= i + 1) }'
check nfs-responsive-vol-list "vol-list of another pool during the refresh: ${during_vols}s, idle ${idle_vols}s (at most 1 s more)" \
    awk -v d="$during_vols" -v i="$idle_vols" 'BEGIN { exit !(d <= i + 1) }'

pool_remove $other
pool_remove $name
rm -rf /srv/export/other
