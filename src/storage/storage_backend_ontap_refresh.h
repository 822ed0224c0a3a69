/*
 * storage_backend_ontap_refresh.h: refreshing an 'ontap' pool without
 * holding its lock while paths and volumes are probed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_backend_ontap_mode.h"

virStoragePoolDef *virStorageBackendOntapScratchDef(virStoragePoolDef *def);

void virStorageBackendOntapTakeLiveState(virStoragePoolDef *def,
                                         virStoragePoolDef *scratch);

int virStorageBackendOntapRefreshPool(const virStorageBackendOntapMode *mode,
                                      virStoragePoolObj *pool);
