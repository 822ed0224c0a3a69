# Every path of a pool taken away during a checksummed write, and given
# back within the protocol's timeout (NFS: a hard mount, which waits;
# NVMe/TCP: ctrl_loss_tmo -1, reconnecting every 2 s; iSCSI: the 5 s
# replacement timeout, then dm-multipath's queueing): the write resumes
# and completes intact, the pool stays active with its paths up again, and
# nothing is connected twice.
# shellcheck shell=bash

# addrs_down / addrs_up ADDR...: the array's addresses gone from lo, back.
addrs_down() { local a; for a in "$@"; do ip addr del "$a/32" dev lo; done; }
addrs_up() { local a; for a in "$@"; do ip addr replace "$a/32" dev lo; done; }

# wait_paths_up CHECK NAME ADDR...: the pool's XML shows every ADDR up
# again with no refresh (NFS is refreshed: its transports move only then).
wait_paths_up() {
    local c=$1 name=$2 a w waited=""
    shift 2
    for a in "$@"; do
        w=$(wait_path_state "$name" "$a" up 90)
        waited="$waited $a ${w}s"
    done
    check "$c" "the pool's XML shows every path up again:$waited" \
        sh -c "! echo '$waited' | grep timeout >/dev/null"
}

# --- NFS trunked over two LIFs
nfs_down() { addrs_down "$NFS_LIF1" "$NFS_LIF2"; }
nfs_up() { addrs_up "$NFS_LIF1" "$NFS_LIF2"; }
nfs_pool ap-nfs "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/>" &&
    virsh pool-start ap-nfs >/dev/null || check_fail allpaths-nfs-start "pool-start failed"
mounts0=$(findmnt -n -o TARGET,SOURCE -t nfs4 | sort)
fault_write allpaths-nfs-write ap-nfs 256 nfs_down nfs_up 10 "both LIFs gone"
nfs_paths_back allpaths-nfs-after ap-nfs "$mounts0"
pool_remove ap-nfs

# --- NVMe/TCP over two portals, OCFS2
nvme_down() { addrs_down "$NVME_PORTAL1" "$NVME_PORTAL2"; }
nvme_up() { addrs_up "$NVME_PORTAL1" "$NVME_PORTAL2"; }
nvme_cleanup
nvme_ns_reset "$NVME_NS_BIG"
err=$(nvme_pool_up ap-nvme "$NVME_NS_BIG") || check_fail allpaths-nvme-start "define, build or start failed: $err"
ctrls0=$(nvme_ctrls | awk '{ print $1, $3 }' | sort)
fault_write allpaths-nvme-write ap-nvme 256 nvme_down nvme_up 10 "both portals gone"
wait_paths_up allpaths-nvme-paths ap-nvme "$NVME_PORTAL1" "$NVME_PORTAL2"
check allpaths-nvme-after "pool '$(pool_state ap-nvme)', the same controllers: $(nvme_ctrls | awk '{ print $1, $4 }' | tr '\n' ' ')" \
    sh -c "[ '$(pool_state ap-nvme)' = running ] && [ \"\$1\" = \"\$2\" ] && [ $(nvme_count "$NVME_NQN" live) = 2 ]" - "$ctrls0" "$(nvme_ctrls | awk '{ print $1, $3 }' | sort)"
pool_remove ap-nvme
nvme_cleanup

# --- iSCSI over two portals, dm-multipath, OCFS2
iscsi_down() { addrs_down "$ISCSI_PORTAL1" "$ISCSI_PORTAL2"; }
iscsi_up() { addrs_up "$ISCSI_PORTAL1" "$ISCSI_PORTAL2"; }
iscsi_cleanup
iscsi_lun_reset 0
err=$(iscsi_pool_up ap-iscsi) || check_fail allpaths-iscsi-start "define, build or start failed: $err"
sessions0=$(iscsi_sessions | awk '{ print $1, $2 }' | sort)
fault_write allpaths-iscsi-write ap-iscsi 256 iscsi_down iscsi_up 10 "both portals gone"
wait_paths_up allpaths-iscsi-paths ap-iscsi "$ISCSI_PORTAL1" "$ISCSI_PORTAL2"
check allpaths-iscsi-after "pool '$(pool_state ap-iscsi)', the same sessions: $(iscsi_sessions | tr '\n' ';') map paths failed: $(mpath_failed "$(cat "$ISCSI_WWID_FILE")")" \
    sh -c "[ '$(pool_state ap-iscsi)' = running ] && [ \"\$1\" = \"\$2\" ] && [ $(iscsi_sessions | grep -c LOGGED_IN) = 2 ]" - "$sessions0" "$(iscsi_sessions | awk '{ print $1, $2 }' | sort)"
pool_remove ap-iscsi
iscsi_cleanup
