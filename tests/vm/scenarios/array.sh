# The array stand-ins are up, as the kernel sees them.
# shellcheck shell=bash

check array-nfs "knfsd exports /srv/export and /srv/squash" \
    sh -c 'exportfs -v | grep "^/srv/export" >/dev/null && exportfs -v | grep "^/srv/squash" >/dev/null &&
           [ "$(cat /proc/fs/nfsd/threads)" -gt 0 ]'

n=0
for p in /sys/kernel/config/nvmet/ports/*; do
    [ -e "$p/subsystems/$NVME_NQN" ] && n=$((n + 1))
done
check array-nvmet "nvmet-tcp subsystem on $n portals" [ "$n" = 2 ]

tpg=/sys/kernel/config/target/iscsi/$ISCSI_IQN/tpgt_1
check array-iscsi "LIO target with $(ls "$tpg/np" | wc -l) portals, enabled" \
    sh -c "[ \"\$(cat $tpg/enable)\" = 1 ] && [ \"\$(ls $tpg/np | wc -l)\" = 2 ]"

check array-lif-down "$NFS_LIF_DOWN drops packets" \
    sh -c "! timeout 3 bash -c 'echo > /dev/tcp/$NFS_LIF_DOWN/2049' 2>/dev/null"
