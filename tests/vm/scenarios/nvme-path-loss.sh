# NVMe-oF mode: the optimized portal disappears during a 512 MiB
# checksummed write to the pool; native multipath moves the I/O to the
# non-optimized path, the write completes intact, the pool's XML shows the
# lost path down (the path monitor, with no refresh; and after one), and up
# again once the address returns and the controller has reconnected
# (reconnect_delay 2 s, ctrl_loss_tmo -1), each change with the pool's
# refresh event.
# shellcheck shell=bash

name=nv-pathloss
target=/var/lib/libvirt/ontap/$name
nvme_cleanup
nvme_ns_reset "$NVME_NS_BIG"
err=$(nvme_pool_up $name "$NVME_NS_BIG") || check_fail nvme-pathloss-pool "define, build or start failed: $err"
c1=$(nvme_ctrl_of "$NVME_NQN" "$NVME_PORTAL1")

# wait_ctrl CTRL STATE SECONDS: until the controller's state is (not) STATE
# ("!live" for not live); prints the state reached.
wait_ctrl() {
    local st i
    for i in $(seq "$3"); do
        st=$(cat "/sys/class/nvme/$1/state" 2>/dev/null)
        case $2 in
            !*) [ "$st" != "${2#!}" ] && break ;;
            *) [ "$st" = "$2" ] && break ;;
        esac
        [ "$i" = "$3" ] || sleep 1
    done
    echo "$st"
}

pool_events_start $name /tmp/$name.events
head -c 512M /dev/urandom > /srv/nv-pathloss.bin
want=$(sha256sum < /srv/nv-pathloss.bin | cut -d' ' -f1)
t=$(uptime_s)
timeout 900 dd if=/srv/nv-pathloss.bin of="$target/pathloss.bin" bs=1M conv=fsync status=none &
writer=$!
sleep 3
ip addr del "$NVME_PORTAL1/32" dev lo
info "nvme-pathloss: removed $NVME_PORTAL1 ($c1) at $(since "$t")s into the write"
wait $writer
rc=$?
info "nvme-pathloss: writer finished with status $rc after $(since "$t")s; $(nvme_ctrls | tr '\n' ';')"
st=$(wait_ctrl "$c1" '!live' 30)
t=$(uptime_s)
mon_down=$(wait_path_state $name "$NVME_PORTAL1" down 20)
check nvme-pathloss-monitor-down "with no pool-refresh the XML shows $NVME_PORTAL1 down ${mon_down}s after its controller left 'live' (monitor every 5 s)" \
    [ "$mon_down" != timeout ]
virsh pool-refresh $name >/dev/null
during=$(pool_path_attr $name "$NVME_PORTAL1" state)
during_ctl=$(pool_path_attr $name "$NVME_PORTAL1" controller_state)
other=$(pool_path_attr $name "$NVME_PORTAL2" state)
ip addr replace "$NVME_PORTAL1/32" dev lo

echo 3 > /proc/sys/vm/drop_caches
got=$(sha256sum < "$target/pathloss.bin" | cut -d' ' -f1)
check nvme-pathloss-write "512 MiB write across the path loss (status $rc), sha256 $got" \
    sh -c "[ $rc = 0 ] && [ '$got' = '$want' ]"
check nvme-pathloss-shown "after pool-refresh the XML shows $NVME_PORTAL1 '$during' (controller '$during_ctl', kernel '$st'), $NVME_PORTAL2 '$other'" \
    sh -c "[ '$during' = down ] && [ '$other' = up ]"

t=$(uptime_s)
st=$(wait_ctrl "$c1" live 60)
info "nvme-pathloss: $c1 is '$st' $(since "$t")s after the address returned"
mon_up=$(wait_path_state $name "$NVME_PORTAL1" up 20)
nev=$(pool_events_stop $name /tmp/$name.events)
check nvme-pathloss-monitor-up "with no pool-refresh the XML shows $NVME_PORTAL1 up ${mon_up}s after $c1 was live again; $nev refresh events (at least 2 from the monitor, 1 from pool-refresh)" \
    sh -c "[ '$mon_up' != timeout ] && [ $nev -ge 3 ]"
virsh pool-refresh $name >/dev/null
back=$(pool_path_attr $name "$NVME_PORTAL1" state)
ana=$(pool_path_attr $name "$NVME_PORTAL1" ana)
check nvme-pathloss-restored "after the address returned: $c1 '$st', the XML shows $NVME_PORTAL1 '$back' ana '$ana'" \
    sh -c "[ '$st' = live ] && [ '$back' = up ] && [ '$ana' = optimized ]"
now=$(nvme_ctrl_of "$NVME_NQN" "$NVME_PORTAL1")
n=$(nvme_count "$NVME_NQN")
check nvme-pathloss-same-controller "$NVME_PORTAL1 is still $c1 ('$now'), $n controllers of the subsystem" \
    sh -c "[ '$now' = '$c1' ] && [ '$n' = 2 ]"

rm -f "$target/pathloss.bin" /srv/nv-pathloss.bin /tmp/$name.events
pool_remove $name
nvme_cleanup
