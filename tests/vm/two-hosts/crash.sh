# A host dies under every shared pool at once: the pools of the modes
# (NVMe/TCP + OCFS2, iSCSI + OCFS2, iSCSI + GFS2, NFS with trunking) run
# on both hosts, host a is killed while b writes to each, a reboots and
# starts them all again (shared_pools_crash). One crash for all four: each
# costs a recovery and a reboot, about four minutes under TCG.
# shellcheck shell=bash

shared_pools_crash nvme-ocfs2 iscsi-ocfs2 iscsi-gfs2 nfs-trunking
