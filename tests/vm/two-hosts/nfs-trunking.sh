# NFSv4.2 with session trunking on two hosts: the checks of
# shared_pool_checks on one export that both hosts mount, each over its own
# session (two connections to the first LIF, one to the second).
# shellcheck shell=bash

SP_POOL=th-nfs
SP_RESET="rm -rf /srv/export/th && mkdir /srv/export/th"
SP_UP="th_nfs_up $SP_POOL"
SP_DEV=
SP_OWN="th_nfs_own_paths $SP_POOL"
SP_HELD="th_held \"\$(th_nfs_transports)\" $SP_POOL"
SP_UP_HELD="paths 3 mounted yes"
SP_MOUNTED=
SP_RECOVERY="NFS: no cluster to recover, the server keeps a's state until its lease ends"
SP_GUARDS=
shared_pool_checks
