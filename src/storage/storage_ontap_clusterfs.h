/*
 * storage_ontap_clusterfs.h: the shared-disk filesystem of block-mode
 * 'ontap' pools (OCFS2, GFS2)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"
#include "vircommand.h"

int virStorageOntapClusterFSProbe(const char *device,
                                  char **found);

int virStorageOntapClusterFSWipe(const char *device);

int virStorageOntapClusterFSParseMounted(const char *output,
                                         char **nodes);

int virStorageOntapClusterFSMountedNodes(const char *device,
                                         const char *found,
                                         char **nodes);

virCommand *virStorageOntapClusterFSMkfsCmd(virStoragePoolDef *def,
                                            const char *device);

int virStorageOntapClusterFSCheckStack(const char *sysfs,
                                       virStoragePoolDef *def);

virCommand *virStorageOntapClusterFSMountCmd(const char *mountProg,
                                             virStoragePoolDef *def,
                                             const char *device);
