/*
 * storage_ontap_mpath.h: the dm-multipath map of a SCSI LUN (libdevmapper)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* One path of a multipath map, as the device-mapper status shows it. */
typedef struct _virStorageOntapMpathPath virStorageOntapMpathPath;
struct _virStorageOntapMpathPath {
    char *device;           /* major:minor */
    bool active;            /* A (active) or F (failed) */
    unsigned int failures;
    unsigned int group;     /* path group, from 1 */
    char groupState;        /* A active, E enabled, D disabled */
};

void virStorageOntapMpathPathFree(virStorageOntapMpathPath *path);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageOntapMpathPath, virStorageOntapMpathPathFree);

int virStorageOntapMpathParseStatus(const char *status,
                                    GPtrArray **paths);

int virStorageOntapMpathFindMap(const char *wwid,
                                char **name);

int virStorageOntapMpathStatus(const char *name,
                               GPtrArray **paths);

int virStorageOntapMpathDisableQueueing(const char *name);

int virStorageOntapMpathRemove(const char *name);
