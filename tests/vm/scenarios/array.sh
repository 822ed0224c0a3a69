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
cfg=/sys/kernel/config/nvmet
ns=$(for d in "$cfg/subsystems/$NVME_NQN/namespaces"/*; do basename "$d"; done | tr '\n' ' ')
ana="$(cat $cfg/ports/1/ana_groups/1/ana_state) $(cat $cfg/ports/2/ana_groups/1/ana_state)"
check array-nvmet-namespaces "namespaces '$ns', ANA group 1 on ports 1 and 2: $ana" \
    sh -c "[ '$ns' = '1 2 3 ' ] && [ '$ana' = 'optimized non-optimized' ]"
hosts=$(for d in "$cfg/subsystems/$NVME_AUTH_NQN/allowed_hosts"/*; do basename "$d"; done | tr '\n' ' ')
n=0
for p in "$cfg"/ports/*; do
    [ -e "$p/subsystems/$NVME_AUTH_NQN" ] && n=$((n + 1))
done
check array-nvmet-auth "subsystem for '$hosts' only on $n portals, DH-HMAC-CHAP key: $( [ -s "$NVME_DHCHAP_KEY_FILE" ] && echo yes || echo 'no (the kernel has no target authentication)')" \
    sh -c "[ \"\$(cat $cfg/subsystems/$NVME_AUTH_NQN/attr_allow_any_host)\" = 0 ] &&
           [ '$hosts' = \"\$(cat $NVME_HOSTNQN_FILE) \" ] && [ $n = 2 ]"
check array-o2cb "$(o2cb cluster-status "$O2CB_CLUSTER" 2>&1)" \
    sh -c "o2cb cluster-status $O2CB_CLUSTER | grep online >/dev/null && mountpoint -q /dlm"

tpg=/sys/kernel/config/target/iscsi/$ISCSI_IQN/tpgt_1
check array-iscsi "LIO target with $(ls "$tpg/np" | wc -l) portals, enabled" \
    sh -c "[ \"\$(cat $tpg/enable)\" = 1 ] && [ \"\$(ls $tpg/np | wc -l)\" = 2 ]"

check array-lif-down "$NFS_LIF_DOWN drops packets" \
    sh -c "! timeout 3 bash -c 'echo > /dev/tcp/$NFS_LIF_DOWN/2049' 2>/dev/null"
