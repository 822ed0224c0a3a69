# iSCSI + dm-multipath + GFS2 on two hosts (lock_dlm in a two-node corosync
# cluster with dlm_controld): the checks of shared_pool_checks, on LUN 1.
# shellcheck shell=bash

SP_POOL=th-gfs
SP_RESET="iscsi_lun_reset 1"
SP_UP="th_gfs2_up $SP_POOL"
SP_DEV="/dev/mapper/\$(cat \$ISCSI_LUN1_WWID_FILE)"
SP_OWN="th_iscsi_own_paths $SP_POOL"
SP_HELD="th_held \"\$(iscsi_sessions | grep -c LOGGED_IN)\" $SP_POOL"
SP_UP_HELD="paths 2 mounted yes"
SP_MOUNTED="th_gfs2_mounted $SP_POOL"
SP_RECOVERY="corosync declares a node lost after its 20 s token timeout, then the DLM and GFS2 recover its journal"
SP_GUARDS=
shared_pool_checks
