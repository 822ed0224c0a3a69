/*
 * storage_ontap_corosync.h: what corosync says of the cluster of a GFS2
 * 'ontap' pool
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

int virStorageOntapCorosyncCheckQuorate(const char *pool,
                                        const char *cluster);

int virStorageOntapCorosyncParseLockspace(const char *cpg,
                                          const char *cmap,
                                          const char *lockspace,
                                          char **nodes);

int virStorageOntapCorosyncLockspaceNodes(const char *lockspace,
                                          char **nodes);
