# NVMe/TCP + OCFS2 on two hosts (a two-node o2cb cluster): the checks of
# shared_pool_checks, and a build with --overwrite on b that refuses to
# erase the filesystem a has mounted.
# shellcheck shell=bash

shared_pool_checks nvme-ocfs2
