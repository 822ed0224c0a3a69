/*
 * storage_ontap_volumes.h: the volumes of an 'ontap' pool's target, read
 * by several threads at once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"

typedef struct _virStorageOntapVolumes virStorageOntapVolumes;
struct _virStorageOntapVolumes {
    GPtrArray *vols;            /* virStorageVolDef, in directory order */
    unsigned long long capacity;
    unsigned long long available;
    virStoragePerms perms;      /* of the target directory */
};

void virStorageOntapVolumesFree(virStorageOntapVolumes *volumes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageOntapVolumes, virStorageOntapVolumesFree);

virStorageOntapVolumes *virStorageOntapVolumesRead(const char *dir,
                                                   size_t workers);
