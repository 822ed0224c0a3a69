/*
 * storage_backend_ontap_monitor.h: the path monitor of active 'ontap'
 * pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_backend_ontap_mode.h"

int virStorageBackendOntapMonitorStart(const virStorageBackendOntapMode *mode,
                                       virStoragePoolObj *pool);

void virStorageBackendOntapMonitorStop(virStoragePoolDef *def);

int virStorageBackendOntapMonitorRefreshPaths(const virStorageBackendOntapMode *mode,
                                              const unsigned char *uuid,
                                              virStoragePoolDef *scratch);
