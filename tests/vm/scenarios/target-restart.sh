# The array restarted under an active pool during a checksummed write:
# knfsd stopped and started again (a 10 s grace period follows), the NVMe
# subsystem taken off both ports and put back (the host's controllers
# reconnect every 2 s), the iSCSI target portal group disabled and enabled
# (iscsid logs in again). The write completes intact, the pool stays
# active with every path up again, and nothing is connected twice.
# shellcheck shell=bash

nvmet=/sys/kernel/config/nvmet
tpg=/sys/kernel/config/target/iscsi/$ISCSI_IQN/tpgt_1

# --- NFS: knfsd restarted
nfsd_stop() { rpc.nfsd 0; }
nfsd_start() { rpc.nfsd -N 3 8; }
nfs_pool tr-nfs "$NFS_LIF1 $NFS_LIF2" "<connections trunking='yes'/>" &&
    virsh pool-start tr-nfs >/dev/null || check_fail restart-nfs-start "pool-start failed"
mounts0=$(findmnt -n -o TARGET,SOURCE -t nfs4 | sort)
fault_write restart-nfs-write tr-nfs 256 nfsd_stop nfsd_start 5 "knfsd stopped"
nfs_paths_back restart-nfs-after tr-nfs "$mounts0"
pool_remove tr-nfs

# --- NVMe/TCP: the subsystem off both ports, then back
nvmet_off() { rm "$nvmet/ports/1/subsystems/$NVME_NQN" "$nvmet/ports/2/subsystems/$NVME_NQN"; }
nvmet_on() {
    ln -s "$nvmet/subsystems/$NVME_NQN" "$nvmet/ports/1/subsystems/$NVME_NQN"
    ln -s "$nvmet/subsystems/$NVME_NQN" "$nvmet/ports/2/subsystems/$NVME_NQN"
}
nvme_cleanup
nvme_ns_reset "$NVME_NS_BIG"
err=$(nvme_pool_up tr-nvme "$NVME_NS_BIG") || check_fail restart-nvme-start "define, build or start failed: $err"
ctrls0=$(nvme_ctrls | awk '{ print $1, $3 }' | sort)
fault_write restart-nvme-write tr-nvme 256 nvmet_off nvmet_on 5 "the subsystem off both ports"
a1=$(wait_path_state tr-nvme "$NVME_PORTAL1" up 90)
a2=$(wait_path_state tr-nvme "$NVME_PORTAL2" up 90)
check restart-nvme-after "pool '$(pool_state tr-nvme)', paths up after ${a1}s/${a2}s (ANA $(pool_path_attr tr-nvme "$NVME_PORTAL1" ana)/$(pool_path_attr tr-nvme "$NVME_PORTAL2" ana)), the same controllers: $(nvme_ctrls | awk '{ print $1, $4 }' | tr '\n' ' ')" \
    sh -c "[ '$(pool_state tr-nvme)' = running ] && [ '$a1' != timeout ] && [ '$a2' != timeout ] && [ \"\$1\" = \"\$2\" ] && [ $(nvme_count "$NVME_NQN" live) = 2 ]" - "$ctrls0" "$(nvme_ctrls | awk '{ print $1, $3 }' | sort)"
pool_remove tr-nvme
nvme_cleanup

# --- iSCSI: the target portal group disabled, then enabled
tpg_off() { echo 0 > "$tpg/enable"; }
tpg_on() { echo 1 > "$tpg/enable"; }
iscsi_cleanup
iscsi_lun_reset 0
err=$(iscsi_pool_up tr-iscsi) || check_fail restart-iscsi-start "define, build or start failed: $err"
sessions0=$(iscsi_sessions | awk '{ print $1, $2 }' | sort)
fault_write restart-iscsi-write tr-iscsi 256 tpg_off tpg_on 5 "the target portal group disabled"
a1=$(wait_path_state tr-iscsi "$ISCSI_PORTAL1" up 90)
a2=$(wait_path_state tr-iscsi "$ISCSI_PORTAL2" up 90)
check restart-iscsi-after "pool '$(pool_state tr-iscsi)', paths up after ${a1}s/${a2}s, the same sessions: $(iscsi_sessions | tr '\n' ';')" \
    sh -c "[ '$(pool_state tr-iscsi)' = running ] && [ '$a1' != timeout ] && [ '$a2' != timeout ] && [ \"\$1\" = \"\$2\" ] && [ $(iscsi_sessions | grep -c LOGGED_IN) = 2 ]" - "$sessions0" "$(iscsi_sessions | awk '{ print $1, $2 }' | sort)"
pool_remove tr-iscsi
iscsi_cleanup
