# NFSv4.2 with session trunking on two hosts: the checks of
# shared_pool_checks on one export that both hosts mount, each over its own
# session (two connections to the first LIF, one to the second).
# shellcheck shell=bash

shared_pool_checks nfs-trunking
