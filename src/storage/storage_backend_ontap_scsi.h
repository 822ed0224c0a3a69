/*
 * storage_backend_ontap_scsi.h: the iSCSI and FC modes of the ontap backend
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "virstorageobj.h"

bool virStorageBackendOntapIsSCSI(virStoragePoolDef *def);

int virStorageBackendOntapSCSIBuild(virStoragePoolObj *pool,
                                    unsigned int flags);

int virStorageBackendOntapSCSIStart(virStoragePoolObj *pool);

char *virStorageBackendOntapSCSIOwnedFile(const char *pool);

void virStorageBackendOntapSCSIRefreshPaths(virStoragePoolDef *def);

int virStorageBackendOntapSCSIStopPaths(virStoragePoolDef *def);

char *virStorageBackendOntapISCSIFindSources(virStoragePoolSource *spec);
