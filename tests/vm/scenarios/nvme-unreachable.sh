# NVMe-oF mode: an unreachable portal (an address on no interface) fails
# pool-start within a bound, naming the address, and rolls back: no
# controller, nothing mounted. degraded='fail' fails even when another
# portal answers; the default (warn) starts degraded and shows the portal
# down. The daemon answers other clients while a start waits for a portal
# that drops every packet.
# shellcheck shell=bash

name=nv-unreach
target=/var/lib/libvirt/ontap/$name
nvme_cleanup
nvme_ns_reset "$NVME_NS_SMALL"
# Built through the good portal (build connects too); the definitions below
# only change the portals.
if ! { nvme_pool $name "$NVME_NS_SMALL" "" "$NVME_PORTAL1" && virsh pool-build $name >/dev/null; }; then
    check_fail nvme-unreach-build "define or build through $NVME_PORTAL1 failed"
fi

# try_start CHECK WHAT: pool-start must fail within 60 s naming
# NVME_PORTAL_DOWN, and leave no controller and nothing mounted.
try_start() {
    local t out rc took msg left st
    t=$(uptime_s)
    out=$(timeout 300 virsh pool-start $name 2>&1)
    rc=$?
    took=$(since "$t")
    msg=$(errors "$out")
    left=$(nvme_count "$NVME_NQN")
    st=$(pool_state $name)
    info "$1: pool-start failed after ${took}s"
    check "$1" "$2: pool-start (status $rc) in ${took}s, $left controllers left, pool '$st': $msg" \
        sh -c "[ $rc != 0 ] && [ ${took%.*} -lt 60 ] && [ '$left' = 0 ] && [ '$st' = inactive ] &&
               ! mountpoint -q $target && echo \"\$1\" | grep -F '$NVME_PORTAL_DOWN' >/dev/null" - "$msg"
}

nvme_pool $name "$NVME_NS_SMALL" "<connections degraded='fail'/>" "$NVME_PORTAL_DOWN $NVME_PORTAL1"
try_start nvme-unreach-fail "$NVME_PORTAL_DOWN and $NVME_PORTAL1, degraded='fail'"
nvme_pool $name "$NVME_NS_SMALL" "" "$NVME_PORTAL_DOWN"
try_start nvme-unreach-only "only $NVME_PORTAL_DOWN"

nvme_pool $name "$NVME_NS_SMALL" "" "$NVME_PORTAL_DOWN $NVME_PORTAL1"
t=$(uptime_s)
out=$(timeout 300 virsh pool-start $name 2>&1)
rc=$?
took=$(since "$t")
down=$(pool_path_attr $name "$NVME_PORTAL_DOWN" state)
up=$(pool_path_attr $name "$NVME_PORTAL1" state)
check nvme-unreach-degraded "degraded='warn' (default): pool-start (status $rc) in ${took}s, the XML shows $NVME_PORTAL_DOWN '$down', $NVME_PORTAL1 '$up': $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ '$down' = down ] && [ '$up' = up ] && mountpoint -q $target"
virsh pool-destroy $name >/dev/null 2>&1
left=$(nvme_count "$NVME_NQN")
check nvme-unreach-degraded-stop "pool-destroy of the degraded pool leaves no controller ($left)" [ "$left" = 0 ]

# The daemon answers while a start waits for a portal that drops every
# packet (its probe waits for its bound).
nvme_pool $name "$NVME_NS_SMALL" "" "$NVME_PORTAL1 $NVME_PORTAL2"
drop_addr "$NVME_PORTAL2"
answers_during nvme-unreach-answers "a pool-start with $NVME_PORTAL2 dropping packets" virsh pool-start $name
undrop_addr
virsh pool-destroy $name >/dev/null 2>&1

pool_remove $name
nvme_cleanup
