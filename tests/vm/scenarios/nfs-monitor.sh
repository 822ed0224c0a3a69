# NFS mode, the path monitor: a trunked LIF disappears and nobody calls
# pool-refresh; the daemon moves its transports to the live LIF within a
# few intervals (the kernel's own transport list), logs the change once
# with the address, shows it in the pool XML and emits the pool's refresh
# event (virsh pool-event); when the address returns, the transports go
# back. With <monitor enabled='no'/> nothing moves, and a stopped pool
# leaves no monitor thread.
# shellcheck shell=bash

name=nfs-monitor
interval=2
log=$(cat "$ONTAP_DAEMON_LOGDIR")/virtstoraged.log
events=/tmp/$name.events

# on_lif ADDR: transports the kernel has to ADDR, over every switch.
on_lif() {
    nfs_transports | awk -v a="$1" '$3 == a { n += $2 } END { print n + 0 }'
}

# monitors: the daemon's threads named ontap-monitor.
monitors() {
    cat /proc/"$(cat "$ONTAP_DAEMON_PIDFILE")"/task/*/comm 2>/dev/null | awk '$1 == "ontap-monitor" { n++ } END { print n + 0 }'
}

# wait_lif ADDR OP N BOUND: up to BOUND seconds for on_lif ADDR OP N
# (awk comparison); prints the seconds waited, or "timeout".
wait_lif() {
    local t
    t=$(uptime_s)
    while awk -v a="$(since "$t")" -v b="$4" 'BEGIN { exit !(a < b) }'; do
        if awk -v n="$(on_lif "$1")" -v m="$3" "BEGIN { exit !(n $2 m) }"; then
            since "$t"
            return 0
        fi
        sleep 0.2
    done
    echo timeout
}

lif2_state() {
    virsh pool-dumpxml $name | sed -n "s/.*<path address='$NFS_LIF2' state='\([a-z]*\)'.*/\1/p"
}

nfs_pool $name "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/><monitor interval='$interval'/>" &&
    virsh pool-start $name >/dev/null || check_fail nfs-monitor-start "pool-start $name failed"
check nfs-monitor-thread "one ontap-monitor thread in the daemon while the pool runs: $(monitors)" \
    [ "$(monitors)" = 1 ]

before1=$(on_lif $NFS_LIF1) before2=$(on_lif $NFS_LIF2)
info "kernel transports before: $NFS_LIF1 $before1, $NFS_LIF2 $before2"
pool_events_start $name "$events"
logged=$(grep -c "path $NFS_LIF2 changed" "$log")

ip addr del $NFS_LIF2/32 dev lo
moved=$(wait_lif $NFS_LIF2 == 0 $((interval * 5 + 5)))
info "$NFS_LIF2 removed: its transports left it after ${moved}s ($NFS_LIF1 now $(on_lif $NFS_LIF1)), no pool-refresh"
check nfs-monitor-moved "the kernel's transports to $NFS_LIF2 moved to $NFS_LIF1 without a pool-refresh after ${moved}s (bound $((interval * 5 + 5)) s)" \
    [ "$moved" != timeout ]
# the pool takes the new state a moment after the kernel shows it
sleep 1
down=$(lif2_state)
check nfs-monitor-xml "pool XML shows $NFS_LIF2 '$down' with no pool-refresh" [ "$down" = down ]
sleep $((interval * 2))
down_lines=$(grep "path $NFS_LIF2 changed: .* -> unreachable" "$log" | wc -l)
check nfs-monitor-logged-once "the daemon logged $NFS_LIF2 going unreachable $down_lines time(s) over $((interval * 2 + 1)) s, once expected" \
    [ "$down_lines" = 1 ]

ip addr add $NFS_LIF2/32 dev lo
back=$(wait_lif $NFS_LIF2 -ge 1 $((interval * 5 + 5)))
info "$NFS_LIF2 back: transports returned after ${back}s"
check nfs-monitor-back "the kernel's transports went back to $NFS_LIF2 without a pool-refresh after ${back}s" \
    [ "$back" != timeout ]
sleep 1
nev=$(pool_events_stop $name "$events")
check nfs-monitor-event "virsh pool-event received $nev refresh event(s) for $name (at least 2: gone, back)" \
    [ "$nev" -ge 2 ]
info "daemon log: $(grep -c "path $NFS_LIF2 changed" "$log") change line(s) for $NFS_LIF2 (were $logged)"

virsh pool-destroy $name >/dev/null
check nfs-monitor-stopped "no ontap-monitor thread after pool-destroy: $(monitors)" [ "$(monitors)" = 0 ]
pool_remove $name

# A disabled monitor moves nothing.
nfs_pool $name "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/><monitor enabled='no'/>" &&
    virsh pool-start $name >/dev/null || check_fail nfs-monitor-start-disabled "pool-start $name failed"
check nfs-monitor-disabled-thread "no ontap-monitor thread with enabled='no': $(monitors)" [ "$(monitors)" = 0 ]
ip addr del $NFS_LIF2/32 dev lo
sleep $((interval * 4))
stay=$(on_lif $NFS_LIF2)
ip addr add $NFS_LIF2/32 dev lo
check nfs-monitor-disabled "with the monitor disabled, $NFS_LIF2 kept its $stay transport(s) for $((interval * 4)) s" \
    [ "$stay" -ge 1 ]
pool_remove $name
rm -f "$events"
