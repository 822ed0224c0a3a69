# NVMe-oF mode: two pools on two namespaces of the same subsystem share its
# controllers (one per portal, no duplicates). Stopping one keeps the
# controllers the other still uses, live, and its mount usable; stopping the
# last one disconnects them.
# shellcheck shell=bash

t1=/var/lib/libvirt/ontap/nv1
t2=/var/lib/libvirt/ontap/nv2
nvme_cleanup
nvme_ns_reset "$NVME_NS_BIG" "$NVME_NS_SMALL"
err=$(nvme_pool_up nv1 "$NVME_NS_BIG") || check_fail nvme-shared-nv1 "define, build or start of nv1 failed: $err"
before=$(nvme_ctrls | grep -F " $NVME_NQN " | sort)
err=$(nvme_pool_up nv2 "$NVME_NS_SMALL") || check_fail nvme-shared-nv2 "define, build or start of nv2 failed: $err"
both=$(nvme_ctrls | grep -F " $NVME_NQN " | sort)
nvme_ctrls > "$ONTAP_OUT/$ONTAP_SCENARIO/ctrls-both.txt"
check nvme-shared-both "both pools running and mounted" \
    sh -c "[ \"\$(virsh pool-info nv1 | awk '/^State:/ { print \$2 }')\" = running ] &&
           [ \"\$(virsh pool-info nv2 | awk '/^State:/ { print \$2 }')\" = running ] &&
           mountpoint -q $t1 && mountpoint -q $t2"
n=$(nvme_count "$NVME_NQN")
check nvme-shared-no-duplicates "nv2 uses nv1's controllers, none added ($n of the subsystem)" \
    sh -c "[ '$n' = 2 ] && [ \"\$1\" = \"\$2\" ]" - "$before" "$both"
d1=$(virsh pool-dumpxml nv1 | sed -n "s/.*<paths device='\([^']*\)'.*/\1/p")
d2=$(virsh pool-dumpxml nv2 | sed -n "s/.*<paths device='\([^']*\)'.*/\1/p")
h1=/dev/$(nvme_head "$NVME_NQN" "$NVME_NS_BIG")
h2=/dev/$(nvme_head "$NVME_NQN" "$NVME_NS_SMALL")
check nvme-shared-heads "nv1 on '$d1' ($h1), nv2 on '$d2' ($h2)" \
    sh -c "[ '$d1' = '$h1' ] && [ '$d2' = '$h2' ] && [ '$h1' != '$h2' ]"

out=$(virsh pool-destroy nv1 2>&1)
rc=$?
after=$(nvme_ctrls | grep -F " $NVME_NQN " | sort)
live=$(nvme_count "$NVME_NQN" live)
check nvme-shared-stop-one "pool-destroy nv1 (status $rc) keeps nv2's controllers, $live live: $(echo "$after" | awk '{ print $1, $4 }' | tr '\n' ' ')$(errors "$out")" \
    sh -c "[ $rc = 0 ] && ! mountpoint -q $t1 && [ '$live' = 2 ] && [ \"\$1\" = \"\$2\" ]" - "$after" "$both"
check nvme-shared-still-usable "nv2's mount takes a synced write and reads it back" \
    sh -c "head -c 4M /dev/urandom > /tmp/nv2.bin && dd if=/tmp/nv2.bin of=$t2/after-stop.bin bs=1M conv=fsync status=none &&
           echo 3 > /proc/sys/vm/drop_caches && cmp /tmp/nv2.bin $t2/after-stop.bin"
rm -f /tmp/nv2.bin "$t2/after-stop.bin"
virsh pool-refresh nv2 >/dev/null
st1=$(pool_path_attr nv2 "$NVME_PORTAL1" state)
st2=$(pool_path_attr nv2 "$NVME_PORTAL2" state)
check nvme-shared-nv2-paths "nv2's XML after nv1 stopped: $NVME_PORTAL1 '$st1', $NVME_PORTAL2 '$st2'" \
    sh -c "[ '$st1' = up ] && [ '$st2' = up ]"

out=$(virsh pool-destroy nv2 2>&1)
rc=$?
left=$(nvme_count "$NVME_NQN")
check nvme-shared-stop-last "pool-destroy nv2 (status $rc) disconnects the subsystem ($left controllers left): $(errors "$out")" \
    sh -c "[ $rc = 0 ] && ! mountpoint -q $t2 && [ '$left' = 0 ]"

pool_remove nv1 nv2
state_gone nv1 nv2
nvme_cleanup
