# NVMe-oF mode: pool-build on a blank namespace creates OCFS2 and
# disconnects again; pool-start connects both portals (native multipath:
# two live controllers, one namespace head) and mounts OCFS2 on the target;
# the active pool's XML shows both paths with the kernel's ANA states.
# shellcheck shell=bash

name=nv-paths
target=/var/lib/libvirt/ontap/$name
nvme_cleanup
nvme_ns_reset "$NVME_NS_BIG"

nvme_pool $name "$NVME_NS_BIG" || check_fail nvme-paths-define "pool-define failed"
t=$(uptime_s)
out=$(virsh pool-build $name 2>&1)
rc=$?
check nvme-paths-build "pool-build on the blank namespace (status $rc) in $(since "$t")s: $(errors "$out")" \
    sh -c "[ $rc = 0 ] && [ -d $target ]"
left=$(nvme_count "$NVME_NQN")
check nvme-paths-build-disconnects "no controller left after the build ($left)" [ "$left" = 0 ]

t=$(uptime_s)
out=$(virsh pool-start $name 2>&1)
rc=$?
took=$(since "$t")
check nvme-paths-start "pool-start (status $rc) in ${took}s: $(errors "$out")" [ $rc = 0 ]
nvme_ctrls | tee "$ONTAP_OUT/$ONTAP_SCENARIO/ctrls.txt"
live=$(nvme_count "$NVME_NQN" live)
c1=$(nvme_ctrl_of "$NVME_NQN" "$NVME_PORTAL1")
c2=$(nvme_ctrl_of "$NVME_NQN" "$NVME_PORTAL2")
check nvme-paths-controllers "$live live controllers of the subsystem: $NVME_PORTAL1 '$c1', $NVME_PORTAL2 '$c2'" \
    sh -c "[ '$live' = 2 ] && [ -n '$c1' ] && [ -n '$c2' ]"
heads=$(nvme_head "$NVME_NQN" "$NVME_NS_BIG" | tr '\n' ' ' | sed 's/ $//')
check nvme-paths-one-head "one namespace head for nsid $NVME_NS_BIG: '$heads'" \
    sh -c "[ -n '$heads' ] && [ \$(echo $heads | wc -w) = 1 ]"
fs=$(blkid -p -o value -s TYPE "/dev/$heads" 2>/dev/null)
label=$(blkid -p -o value -s LABEL "/dev/$heads" 2>/dev/null)
check nvme-paths-ocfs2 "the build made '$fs' labelled '$label' on /dev/$heads" \
    sh -c "[ '$fs' = ocfs2 ] && [ '$label' = $name ]"
mnt=$(findmnt -n -o SOURCE,FSTYPE "$target")
check nvme-paths-mounted "mounted '$mnt' at $target" [ "$mnt" = "/dev/$heads ocfs2" ]
opts=$(findmnt -n -o OPTIONS "$target")
info "mount options: $opts"

virsh pool-dumpxml $name > "$ONTAP_OUT/$ONTAP_SCENARIO/active.xml"
dev=$(sed -n "s/.*<paths device='\([^']*\)'.*/\1/p" "$ONTAP_OUT/$ONTAP_SCENARIO/active.xml")
check nvme-paths-xml-device "<paths device='$dev'> is the namespace head" [ "$dev" = "/dev/$heads" ]

# xml_path ADDR CTRL KERNEL-ANA ARRAY-ANA: the XML's <path> for ADDR.
xml_path() {
    local st ctl cst ana x=$ONTAP_OUT/$ONTAP_SCENARIO/active.xml
    st=$(path_attr "$1" state < "$x")
    ctl=$(path_attr "$1" controller < "$x")
    cst=$(path_attr "$1" controller_state < "$x")
    ana=$(path_attr "$1" ana < "$x")
    check "nvme-paths-xml-$1" "XML: state '$st' controller '$ctl' ($2) controller_state '$cst' ana '$ana' (kernel: '$3', array: $4)" \
        sh -c "[ '$st' = up ] && [ '$ctl' = '$2' ] && [ '$cst' = live ] && [ '$ana' = '$3' ] && [ '$ana' = '$4' ]"
}
xml_path "$NVME_PORTAL1" "$c1" "$(nvme_ana "$c1" "$NVME_NS_BIG")" optimized
xml_path "$NVME_PORTAL2" "$c2" "$(nvme_ana "$c2" "$NVME_NS_BIG")" non-optimized

virsh vol-create-as $name probe.raw 4M >/dev/null
check nvme-paths-usable "a volume is a file on the OCFS2 mount" [ -f "$target/probe.raw" ]
virsh vol-delete --pool $name probe.raw >/dev/null

# Discovery: the subsystems the discovery controllers list (nvmet lists the
# portal asked only, ONTAP all of them), merged into sources to paste into a
# pool; the discovery controllers go away again.
cat > /tmp/nvme-spec.xml <<EOT
<source><protocol name='nvme-tcp'/><host name='$NVME_PORTAL1' port='4420'/>
<host name='$NVME_PORTAL2' port='4420'/></source>
EOT
before=$(nvme_ctrls | wc -l)
out=$(virsh find-storage-pool-sources ontap /tmp/nvme-spec.xml 2>&1)
rc=$?
echo "$out" > "$ONTAP_OUT/$ONTAP_SCENARIO/sources.xml"
after=$(nvme_ctrls | wc -l)
check nvme-paths-find-sources "find-storage-pool-sources (status $rc) lists $NVME_NQN on both portals, controllers $before -> $after: $(echo "$out" | tr -d '\n' | cut -c1-300)" \
    has "$out" "<subsystem nqn='$NVME_NQN'/>" has "$out" "<host name='$NVME_PORTAL2' port='4420'/>" \
    has "$out" "<host name='$NVME_PORTAL1' port='4420'/>" [ "$before" = "$after" ]

t=$(uptime_s)
out=$(virsh pool-destroy $name 2>&1)
rc=$?
left=$(nvme_count "$NVME_NQN")
check nvme-paths-stop "pool-destroy (status $rc) in $(since "$t")s unmounts and disconnects ($left controllers left): $(errors "$out")" \
    sh -c "[ $rc = 0 ] && ! mountpoint -q $target && [ '$left' = 0 ]"

pool_remove $name
state_gone $name
nvme_cleanup
