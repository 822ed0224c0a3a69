# NVMe/TCP + OCFS2 on two hosts (a two-node o2cb cluster): the checks of
# shared_pool_checks, and a build with --overwrite on b that refuses to
# erase the filesystem a has mounted.
# shellcheck shell=bash

SP_POOL=th-nv
SP_RESET="nvme_ns_reset \$NVME_NS_BIG"
SP_UP="nvme_pool_up $SP_POOL \$NVME_NS_BIG"
SP_DEV="/dev/\$(nvme_head \$NVME_NQN \$NVME_NS_BIG)"
SP_OWN="th_nvme_own_paths $SP_POOL"
SP_HELD="th_held \"\$(nvme_count \$NVME_NQN live)\" $SP_POOL"
SP_UP_HELD="paths 2 mounted yes"
SP_MOUNTED="mounted.ocfs2 -f $SP_DEV | tail -n1"
SP_RECOVERY="o2cb declares a node dead after 30 s without heartbeat (dead_threshold 16)"
SP_GUARDS=ocfs2_guard_checks
shared_pool_checks
