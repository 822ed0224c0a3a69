# iSCSI + dm-multipath + GFS2 on two hosts (lock_dlm in a two-node corosync
# cluster with dlm_controld): the checks of shared_pool_checks and of
# gfs2_guard_checks, on LUN 1.
# shellcheck shell=bash

shared_pool_checks iscsi-gfs2
