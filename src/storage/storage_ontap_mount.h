/*
 * storage_ontap_mount.h: the target directory of an 'ontap' pool, on
 * which the NFS export or the cluster filesystem is mounted
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"

#define VIR_STORAGE_ONTAP_PROC "/proc"
#define VIR_STORAGE_ONTAP_MOUNTS "/proc/self/mounts"

char *virStorageOntapMountCanonical(const char *path)
    ATTRIBUTE_NONNULL(1) G_GNUC_WARN_UNUSED_RESULT;

int virStorageOntapMountFind(const char *mounts,
                             const char *path,
                             char **source);

int virStorageOntapMountCheckTarget(virStoragePoolDef *def);

int virStorageOntapUnmount(const char *path);

char *virStorageOntapMountUsers(const char *procDir,
                                const char *path);

pid_t virStorageOntapMountPending(const char *procDir,
                                  const char *path);

char *virStorageOntapNumericAddr(const char *name);
