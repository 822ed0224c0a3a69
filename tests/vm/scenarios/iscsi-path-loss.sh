# iSCSI mode: the first portal disappears during a 512 MiB checksummed
# write to the pool; after replacement_timeout (5 s) dm-multipath moves the
# I/O to the other path, the write completes intact, the pool's XML shows
# the lost path down (the path monitor, with no refresh; and after one),
# and up again once the address returns, iscsid has logged in again and
# multipathd reinstated the path, each change with the pool's refresh event.
# shellcheck shell=bash

name=is-pathloss
target=/var/lib/libvirt/ontap/$name
iscsi_cleanup
iscsi_lun_reset 0
err=$(iscsi_pool_up $name) || check_fail iscsi-pathloss-pool "define, build or start failed: $err"

pool_events_start $name /tmp/$name.events
head -c 512M /dev/urandom > /srv/is-pathloss.bin
want=$(sha256sum < /srv/is-pathloss.bin | cut -d' ' -f1)
t=$(uptime_s)
timeout 900 dd if=/srv/is-pathloss.bin of="$target/pathloss.bin" bs=1M conv=fsync status=none &
writer=$!
sleep 3
ip addr del "$ISCSI_PORTAL1/32" dev lo
info "iscsi-pathloss: removed $ISCSI_PORTAL1 at $(since "$t")s into the write"
wait $writer
rc=$?
info "iscsi-pathloss: writer finished with status $rc after $(since "$t")s; $(iscsi_sessions | tr '\n' ';')"
# the session fails within noop timeouts + replacement_timeout
for _ in $(seq 30); do
    iscsi_sessions | grep " $ISCSI_PORTAL1:3260 LOGGED_IN" >/dev/null || break
    sleep 1
done
mon_down=$(wait_path_state $name "$ISCSI_PORTAL1" down 20)
check iscsi-pathloss-monitor-down "with no pool-refresh the XML shows $ISCSI_PORTAL1 down ${mon_down}s after its session failed (monitor every 5 s)" \
    [ "$mon_down" != timeout ]
virsh pool-refresh $name >/dev/null
wwid=$(cat "$ISCSI_WWID_FILE")
kfailed=$(mpath_failed "$wwid")
during=$(pool_path_attr $name "$ISCSI_PORTAL1" state)
during_mp=$(pool_path_attr $name "$ISCSI_PORTAL1" multipath)
during_sess=$(pool_path_attr $name "$ISCSI_PORTAL1" session_state)
other=$(pool_path_attr $name "$ISCSI_PORTAL2" state)
ip addr replace "$ISCSI_PORTAL1/32" dev lo

echo 3 > /proc/sys/vm/drop_caches
got=$(sha256sum < "$target/pathloss.bin" | cut -d' ' -f1)
check iscsi-pathloss-write "512 MiB write across the path loss (status $rc), sha256 $got" \
    sh -c "[ $rc = 0 ] && [ '$got' = '$want' ]"
check iscsi-pathloss-shown "the kernel's map has $kfailed failed path; after pool-refresh the XML shows $ISCSI_PORTAL1 '$during' (session '$during_sess', multipath '$during_mp'), $ISCSI_PORTAL2 '$other'" \
    sh -c "[ $kfailed = 1 ] && [ '$during' = down ] && [ '$during_mp' = failed ] && [ '$other' = up ]"

t=$(uptime_s)
mon_up=$(wait_path_state $name "$ISCSI_PORTAL1" up 60)
nev=$(pool_events_stop $name /tmp/$name.events)
check iscsi-pathloss-monitor-up "with no pool-refresh the XML shows $ISCSI_PORTAL1 up ${mon_up}s after the address returned; $nev refresh events (at least 2 from the monitor, 1 from pool-refresh)" \
    sh -c "[ '$mon_up' != timeout ] && [ $nev -ge 3 ]"
back=
for _ in $(seq 60); do
    virsh pool-refresh $name >/dev/null
    back=$(pool_path_attr $name "$ISCSI_PORTAL1" state)
    [ "$back" = up ] && break
    sleep 1
done
info "iscsi-pathloss: $ISCSI_PORTAL1 '$back' $(since "$t")s after the address returned"
kfailed=$(mpath_failed "$wwid")
check iscsi-pathloss-restored "after the address returned the XML shows $ISCSI_PORTAL1 '$back' (multipath '$(pool_path_attr $name "$ISCSI_PORTAL1" multipath)'); the kernel's map: $(mpath_paths "$wwid") paths, $kfailed failed" \
    sh -c "[ '$back' = up ] && [ $kfailed = 0 ] && [ $(mpath_paths "$wwid") = 2 ]"

rm -f "$target/pathloss.bin" /srv/is-pathloss.bin /tmp/$name.events
pool_remove $name
iscsi_cleanup
