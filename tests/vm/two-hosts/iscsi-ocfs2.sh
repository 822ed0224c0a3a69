# iSCSI + dm-multipath + OCFS2 on two hosts (the two-node o2cb cluster):
# the checks of shared_pool_checks and of ocfs2_guard_checks, on LUN 0.
# shellcheck shell=bash

SP_POOL=th-is
SP_RESET="iscsi_lun_reset 0"
SP_UP="iscsi_pool_up $SP_POOL"
SP_DEV="/dev/mapper/\$(cat \$ISCSI_WWID_FILE)"
SP_OWN="th_iscsi_own_paths $SP_POOL"
SP_HELD="th_held \"\$(iscsi_sessions | grep -c LOGGED_IN)\" $SP_POOL"
SP_UP_HELD="paths 2 mounted yes"
SP_MOUNTED="mounted.ocfs2 -f $SP_DEV | tail -n1"
SP_RECOVERY="o2cb declares a node dead after 30 s without heartbeat (dead_threshold 16)"
SP_GUARDS=ocfs2_guard_checks
shared_pool_checks
