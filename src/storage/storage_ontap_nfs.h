/*
 * storage_ontap_nfs.h: NFS mode of 'ontap' pools: mount commands for the
 * primary data LIF and the trunked ones, reachability probes, and the
 * transports the kernel really has
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"
#include "vircommand.h"

/* Where the kernel lists RPC transport switches (Linux >= 5.14). */
#define VIR_STORAGE_ONTAP_NFS_SUNRPC_SYSFS "/sys/kernel/sunrpc"

char *virStorageOntapNFSSource(const virStoragePoolSourceHost *host,
                               const char *dir);

char *virStorageOntapNFSTrunkDir(const char *stateDir,
                                 virStoragePoolDef *def,
                                 size_t host);

virCommand *virStorageOntapNFSMountCmd(const char *mountProg,
                                       virStoragePoolDef *def,
                                       size_t host,
                                       const char *mountpoint);

int virStorageOntapNFSProbeHosts(virStoragePoolDef *def,
                                 int timeoutMs,
                                 bool *reachable);

int virStorageOntapNFSIsMounted(virStoragePoolDef *def);

int virStorageOntapNFSReadPaths(const char *sysfsDir,
                                virStoragePoolDef *def,
                                virStoragePoolOntapPath **paths,
                                size_t *npaths);

int virStorageOntapNFSMoveTransports(const char *sysfsDir,
                                     virStoragePoolDef *def,
                                     size_t from,
                                     const char *to,
                                     char **moved);

int virStorageOntapNFSRestoreTransports(const char *moved,
                                        const char *to);
