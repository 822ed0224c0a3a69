# NFS mode, bad input: an unreachable LIF fails pool-start within a bound,
# naming the address, while the daemon keeps answering; double start and
# double stop give clear errors; a failed start leaves nothing mounted.
# shellcheck shell=bash

mkpool() {
    local name=$1 hosts=$2 extra=$3 h
    {
        echo "<pool type='ontap'><name>$name</name><source><protocol name='nfs' ver='4.2'/>"
        for h in $hosts; do echo "<host name='$h'/>"; done
        echo "<dir path='/srv/export'/>$extra</source>"
        echo "<target><path>/var/lib/libvirt/ontap/$name</path></target></pool>"
    } > /tmp/$name.xml
    virsh pool-define /tmp/$name.xml >/dev/null && virsh pool-build $name >/dev/null
}

mkpool nfs-down "$NFS_LIF_DOWN" ""
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
    sh -c "[ $rc != 0 ] && [ \$(echo '$took' | cut -d. -f1) -lt 60 ] && echo '$msg' | grep '$NFS_LIF_DOWN' >/dev/null"
check nfs-bad-responsive "virsh pool-list answered in ${lat}s during the failing start" \
    sh -c "[ \$(echo '$lat' | cut -d. -f1) -lt 5 ]"
check nfs-bad-nothing-mounted "nothing mounted after the failed start" \
    sh -c "! findmnt -n -t nfs4 >/dev/null && [ \"\$(virsh pool-info nfs-down | awk '/^State:/ { print \$2 }')\" = inactive ]"

# An unreachable trunk LIF: degraded='fail' refuses, the default warns.
mkpool nfs-trunk-fail "$NFS_LIF1 $NFS_LIF_DOWN" "<connections trunking='yes' degraded='fail'/>"
msg=$(virsh pool-start nfs-trunk-fail 2>&1 | grep error: | tail -n1)
check nfs-bad-trunk-fail "degraded='fail': $msg" \
    sh -c "echo '$msg' | grep '$NFS_LIF_DOWN' >/dev/null && ! findmnt -n -t nfs4 >/dev/null"
mkpool nfs-trunk-warn "$NFS_LIF1 $NFS_LIF_DOWN" "<connections trunking='yes'/>"
state=$(virsh pool-dumpxml nfs-trunk-warn >/dev/null; virsh pool-start nfs-trunk-warn >/dev/null 2>&1;
        virsh pool-dumpxml nfs-trunk-warn | sed -n "s/.*<path address='$NFS_LIF_DOWN' state='\([a-z]*\)'.*/\1/p")
check nfs-bad-trunk-warn "degraded='warn' starts, the XML shows $NFS_LIF_DOWN '$state'" \
    sh -c "[ '$state' = down ] && mountpoint -q /var/lib/libvirt/ontap/nfs-trunk-warn"

msg=$(virsh pool-start nfs-trunk-warn 2>&1 | grep error: | tail -n1)
check nfs-bad-double-start "second pool-start: $msg" sh -c "echo '$msg' | grep 'already active' >/dev/null"
virsh pool-destroy nfs-trunk-warn >/dev/null
msg=$(virsh pool-destroy nfs-trunk-warn 2>&1 | grep error: | tail -n1)
check nfs-bad-double-stop "second pool-destroy: $msg" sh -c "echo '$msg' | grep 'not active' >/dev/null"

# A busy target: stop refuses and keeps the pool mounted.
virsh pool-start nfs-trunk-warn >/dev/null 2>&1
( cd /var/lib/libvirt/ontap/nfs-trunk-warn && sleep 30 ) &
busy=$!
sleep 1
msg=$(virsh pool-destroy nfs-trunk-warn 2>&1 | grep error: | tail -n1)
check nfs-bad-busy "stop while busy: $msg" \
    sh -c "echo '$msg' | grep -i busy >/dev/null && mountpoint -q /var/lib/libvirt/ontap/nfs-trunk-warn"
kill $busy 2>/dev/null; wait $busy 2>/dev/null

for p in nfs-down nfs-trunk-fail nfs-trunk-warn; do
    virsh pool-destroy $p >/dev/null 2>&1; virsh pool-delete $p >/dev/null 2>&1; virsh pool-undefine $p >/dev/null 2>&1
done
