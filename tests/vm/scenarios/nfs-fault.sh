# NFS mode: one trunked LIF disappears while a 512 MiB checksummed write
# runs; the write completes intact over the other LIF, the pool's XML shows
# that LIF's transport down, and it comes back once the address returns.
# shellcheck shell=bash

name=nfs-fault
target=/var/lib/libvirt/ontap/$name
nfs_pool $name "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/>" &&
    virsh pool-start $name >/dev/null || check_fail nfs-fault-start "pool-start failed"

lif2() {
    virsh pool-dumpxml $name | sed -n "s/.*<path address='$NFS_LIF2' state='\([a-z]*\)'.*connected='\([0-9]*\)'.*/\1 \2/p"
}

head -c 512M /dev/urandom > /srv/fault-src.bin
want=$(md5sum < /srv/fault-src.bin | cut -d' ' -f1)
t=$(uptime_s)
timeout 600 dd if=/srv/fault-src.bin of=$target/fault.bin bs=1M conv=fsync status=none &
writer=$!
sleep 3
ip addr del $NFS_LIF2/32 dev lo
info "removed $NFS_LIF2 at $(since "$t")s into the write"
# Requests queued on the dead LIF's transport stay there until something
# moves it: pool-refresh does (management applications refresh their
# pools periodically).
sleep 5
virsh pool-refresh $name >/dev/null
during=$(lif2)
info "pool-refresh at $(since "$t")s: $NFS_LIF2 is '$during'"
wait $writer
rc=$?
info "writer finished with status $rc after $(since "$t")s"
ip addr add $NFS_LIF2/32 dev lo

echo 3 > /proc/sys/vm/drop_caches
got=$(md5sum < /srv/export/fault.bin | cut -d' ' -f1)
check nfs-fault-write "512 MiB write completed (status $rc), checksum $got" \
    sh -c "[ $rc = 0 ] && [ '$got' = '$want' ]"
check nfs-fault-shown "pool XML shows $NFS_LIF2 as '$during' while it is gone" \
    sh -c "[ '${during%% *}' = down ]"

# Refresh moves the transport back once the LIF answers; traffic
# reconnects it.
back=
for i in $(seq 15); do
    virsh pool-refresh $name >/dev/null
    dd if=/dev/zero of=$target/poke.bin bs=64k count=16 conv=fsync status=none
    virsh pool-refresh $name >/dev/null
    back=$(lif2)
    [ "${back%% *}" = up ] && break
    sleep 2
done
check nfs-fault-restored "pool XML shows $NFS_LIF2 as '$back' after the address returned" \
    sh -c "[ '${back%% *}' = up ]"

rm -f $target/fault.bin $target/poke.bin /srv/fault-src.bin
pool_remove $name
