# iSCSI mode, one portal down at start (an address on no interface): with
# degraded='fail' start fails at once, naming the portal, and leaves no
# session; by default it starts degraded and the XML shows that portal down.
# The daemon answers other clients while a start waits for a portal that
# drops every packet.
# shellcheck shell=bash

name=is-degraded
target=/var/lib/libvirt/ontap/$name
iscsi_cleanup
iscsi_lun_reset 0
iscsi_pool $name "" "$ISCSI_PORTAL1" >/dev/null && virsh pool-build $name >/dev/null

iscsi_pool $name "<connections degraded='fail'/>" "$ISCSI_PORTAL_DOWN $ISCSI_PORTAL1"
t=$(uptime_s)
out=$(virsh pool-start $name 2>&1)
rc=$?
took=$(since "$t")
check iscsi-degraded-fail "degraded='fail': start failed (status $rc) in ${took}s: $(errors "$out")" \
    has "$out" "$ISCSI_PORTAL_DOWN:3260" \
    sh -c "[ $rc != 0 ] && awk -v t=$took 'BEGIN { exit !(t < 60) }'"
check iscsi-degraded-fail-clean "nothing left: $(iscsi_sessions | wc -l) sessions, $(iscsi_records "$ISCSI_IQN") records, mounted: $(mountpoint -q $target && echo yes || echo no)" \
    sh -c "[ $(iscsi_sessions | wc -l) = 0 ] && [ $(iscsi_records "$ISCSI_IQN") = 0 ] && ! mountpoint -q $target"

iscsi_pool $name "" "$ISCSI_PORTAL_DOWN $ISCSI_PORTAL1"
t=$(uptime_s)
out=$(virsh pool-start $name 2>&1)
rc=$?
took=$(since "$t")
down=$(pool_path_attr $name "$ISCSI_PORTAL_DOWN" state)
up=$(pool_path_attr $name "$ISCSI_PORTAL1" state)
nsess=$(iscsi_sessions | grep -c LOGGED_IN)
npaths=$(mpath_paths "$(cat "$ISCSI_WWID_FILE")")
check iscsi-degraded-warn "default: started (status $rc) in ${took}s on $nsess session, a map of $npaths path; XML $ISCSI_PORTAL_DOWN '$down', $ISCSI_PORTAL1 '$up' $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ $nsess = 1 ] && [ $npaths = 1 ] && [ '$down' = down ] && [ '$up' = up ] && mountpoint -q $target"
grep "degraded" "$ONTAP_OUT/$ONTAP_SCENARIO/virtstoraged.log" | tail -n1 | cut -c1-300
virsh pool-destroy $name >/dev/null
check iscsi-degraded-stop "stop: $(iscsi_sessions | wc -l) sessions" sh -c "[ $(iscsi_sessions | wc -l) = 0 ]"
# The daemon answers while a start waits for a portal that drops every
# packet (its probe waits for its bound).
iscsi_pool $name "" "$ISCSI_PORTAL1 $ISCSI_PORTAL2"
drop_addr "$ISCSI_PORTAL2"
answers_during iscsi-degraded-answers "a pool-start with $ISCSI_PORTAL2 dropping packets" virsh pool-start $name
undrop_addr
virsh pool-destroy $name >/dev/null 2>&1

pool_remove $name
iscsi_cleanup
