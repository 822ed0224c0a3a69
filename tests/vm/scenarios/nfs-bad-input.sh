# NFS mode, bad input: an unreachable LIF fails pool-start within a bound,
# naming the address, while the daemon keeps answering; double start and
# double stop give clear errors; a failed start leaves nothing mounted.
# shellcheck shell=bash

nfs_pool nfs-down "$NFS_LIF_DOWN" ""
t=$(uptime_s)
virsh pool-start nfs-down > /tmp/nfs-down.out 2>&1 &
starter=$!
sleep 2
t2=$(uptime_s)
virsh pool-list --all >/dev/null
lat=$(since "$t2")
wait $starter
rc=$?
took=$(since "$t")
msg=$(grep error: /tmp/nfs-down.out | tail -n1)
check nfs-bad-unreachable "pool-start failed (status $rc) in ${took}s: $msg" \
    has "$msg" "$NFS_LIF_DOWN" test "$rc" != 0 -a "${took%.*}" -lt 60
check nfs-bad-responsive "virsh pool-list answered in ${lat}s during the failing start" \
    [ "${lat%.*}" -lt 5 ]
left=$(findmnt -n -t nfs4 -o TARGET | tr '\n' ' ')
st=$(virsh pool-info nfs-down | awk '/^State:/ { print $2 }')
check nfs-bad-nothing-mounted "after the failed start: pool '$st', nfs mounts '$left'" \
    sh -c "[ -z '$left' ] && [ '$st' = inactive ]"
virsh pool-delete nfs-down >/dev/null 2>&1; virsh pool-undefine nfs-down >/dev/null

# An unreachable trunk LIF: degraded='fail' refuses, the default warns.
nfs_pool nfs-trunk-fail "$NFS_LIF1 $NFS_LIF_DOWN" "<connections trunking='yes' degraded='fail'/>"
msg=$(virsh pool-start nfs-trunk-fail 2>&1 | grep error: | tail -n1)
left=$(findmnt -n -t nfs4 -o TARGET)
check nfs-bad-trunk-fail "degraded='fail': $msg" has "$msg" "$NFS_LIF_DOWN" [ -z "$left" ]
virsh pool-delete nfs-trunk-fail >/dev/null 2>&1; virsh pool-undefine nfs-trunk-fail >/dev/null
nfs_pool nfs-trunk-warn "$NFS_LIF1 $NFS_LIF_DOWN" "<connections trunking='yes'/>"
state=$(virsh pool-dumpxml nfs-trunk-warn >/dev/null; virsh pool-start nfs-trunk-warn >/dev/null 2>&1;
        virsh pool-dumpxml nfs-trunk-warn | sed -n "s/.*<path address='$NFS_LIF_DOWN' state='\([a-z]*\)'.*/\1/p")
check nfs-bad-trunk-warn "degraded='warn' starts, the XML shows $NFS_LIF_DOWN '$state'" \
    sh -c "[ '$state' = down ] && mountpoint -q /var/lib/libvirt/ontap/nfs-trunk-warn"

msg=$(virsh pool-start nfs-trunk-warn 2>&1 | grep error: | tail -n1)
check nfs-bad-double-start "second pool-start: $msg" has "$msg" "already active"
virsh pool-destroy nfs-trunk-warn >/dev/null
msg=$(virsh pool-destroy nfs-trunk-warn 2>&1 | grep error: | tail -n1)
check nfs-bad-double-stop "second pool-destroy: $msg" has "$msg" "not active"

# A busy target: stop refuses, keeps the pool mounted and its transports,
# and names who holds what.
virsh pool-start nfs-trunk-warn >/dev/null 2>&1
( cd /var/lib/libvirt/ontap/nfs-trunk-warn && exec sleep 30 ) &
busy=$!
sleep 1
msg=$(virsh pool-destroy nfs-trunk-warn 2>&1 | grep error: | tail -n1)
check nfs-bad-busy "stop while busy: $msg" \
    has "$msg" "process $busy (sleep) works in it" mountpoint -q /var/lib/libvirt/ontap/nfs-trunk-warn
kill $busy 2>/dev/null; wait $busy 2>/dev/null
virsh vol-create-as nfs-trunk-warn open.raw 1M --format raw >/dev/null
xprts=$(nfs_transports | wc -l)
( exec sleep 30 < /var/lib/libvirt/ontap/nfs-trunk-warn/open.raw ) &
busy=$!
sleep 1
msg=$(virsh pool-destroy nfs-trunk-warn 2>&1 | grep error: | tail -n1)
check nfs-bad-busy-volume "stop with a volume open: $msg" \
    has "$msg" "process $busy (sleep) has 'open.raw' open" \
    test "$(virsh pool-info nfs-trunk-warn | awk '/^State:/ { print $2 }')-$(nfs_transports | wc -l)" = "running-$xprts"
kill $busy 2>/dev/null; wait $busy 2>/dev/null
virsh vol-delete --pool nfs-trunk-warn open.raw >/dev/null

pool_remove nfs-down nfs-trunk-fail nfs-trunk-warn
