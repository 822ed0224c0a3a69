# NFS mode: nconnect gives that many transports to the primary LIF, and
# trunking adds a transport to each further LIF, in the kernel's own view
# (/sys/kernel/sunrpc) and in the pool's XML.
# shellcheck shell=bash

define_start() {
    nfs_pool "$1" "$3" "$2" && virsh pool-start "$1"
}

# transports NAME ADDR: "transports connected" the pool's XML shows for ADDR
xml_path() {
    virsh pool-dumpxml "$1" | sed -n "s/.*<path address='$2' state='[a-z]*' transports='\([0-9]*\)' connected='\([0-9]*\)'.*/\1 \2/p"
}

if define_start nfs-nc "<connections nconnect='4'/>" "$NFS_LIF1"; then
    nfs_transports | tee "$ONTAP_OUT/$ONTAP_SCENARIO/nconnect-sysfs.txt"
    n=$(nfs_transports | awk -v a="$NFS_LIF1" '$3 == a { print $2 }' | sort -n | tail -n1)
    check nfs-nconnect "nconnect=4: $n transports to $NFS_LIF1 (sysfs)" [ "${n:-0}" = 4 ]
    x=$(xml_path nfs-nc "$NFS_LIF1")
    check nfs-nconnect-xml "pool XML: '$x' (transports connected)" [ "$x" = "4 4" ]
else
    check_fail nfs-nconnect "pool-start failed"
fi
pool_remove nfs-nc

if define_start nfs-trunk "<connections nconnect='2' trunking='yes'/>" "$NFS_LIF1 $NFS_LIF2 $NFS_LIF3"; then
    nfs_transports | tee "$ONTAP_OUT/$ONTAP_SCENARIO/trunk-sysfs.txt"
    a=$(nfs_transports | awk -v a="$NFS_LIF1" '$3 == a { print $2 }' | sort -n | tail -n1)
    b=$(nfs_transports | awk -v a="$NFS_LIF2" '$3 == a { print $2 }' | sort -n | tail -n1)
    c=$(nfs_transports | awk -v a="$NFS_LIF3" '$3 == a { print $2 }' | sort -n | tail -n1)
    check nfs-trunk "transports: $NFS_LIF1=${a:-0} $NFS_LIF2=${b:-0} $NFS_LIF3=${c:-0} (sysfs)" \
        sh -c "[ '${a:-0}' -ge 2 ] && [ '${b:-0}' -ge 1 ] && [ '${c:-0}' -ge 1 ]"
    x2=$(xml_path nfs-trunk "$NFS_LIF2")
    x3=$(xml_path nfs-trunk "$NFS_LIF3")
    check nfs-trunk-xml "pool XML (transports connected): $NFS_LIF2 '$x2', $NFS_LIF3 '$x3'" \
        sh -c "[ '$x2' = '1 1' ] && [ '$x3' = '1 1' ]"
    check nfs-trunk-one-session "one superblock: every helper mount shows the primary LIF" \
        sh -c "[ \$(findmnt -n -o SOURCE -t nfs4 | sort -u | wc -l) = 1 ]"
else
    check_fail nfs-trunk "pool-start failed"
fi
pool_remove nfs-trunk
state_gone nfs-trunk
left=$(findmnt -n -t nfs4 -o TARGET | tr '\n' ' ')
check nfs-trunk-stop "nothing of the pool stays mounted (left: '$left')" [ -z "$left" ]
