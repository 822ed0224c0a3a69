/*
 * storage_backend_ontap_block.h: the lifecycle the block modes of the
 * ontap backend share (NVMe-oF, iSCSI, FC)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_backend_ontap_mode.h"

int virStorageBackendOntapBlockCheck(const virStorageBackendOntapMode *mode,
                                     virStoragePoolObj *pool,
                                     bool *isActive);

int virStorageBackendOntapBlockBuild(const virStorageBackendOntapMode *mode,
                                     virStoragePoolObj *pool,
                                     unsigned int flags);

int virStorageBackendOntapBlockStart(const virStorageBackendOntapMode *mode,
                                     virStoragePoolObj *pool);

int virStorageBackendOntapBlockStop(const virStorageBackendOntapMode *mode,
                                    virStoragePoolDef *def);
