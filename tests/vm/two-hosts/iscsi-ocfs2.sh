# iSCSI + dm-multipath + OCFS2 on two hosts (the two-node o2cb cluster):
# the checks of shared_pool_checks and of ocfs2_guard_checks, on LUN 0.
# shellcheck shell=bash

shared_pool_checks iscsi-ocfs2
