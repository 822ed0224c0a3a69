/*
 * storage_ontap_scsi.h: SCSI disks of a LUN, found by WWID in sysfs, and
 * the rescan of FC hosts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* One SCSI disk (one path to a LUN). */
typedef struct _virStorageOntapSCSIDisk virStorageOntapSCSIDisk;
struct _virStorageOntapSCSIDisk {
    char *name;         /* sdb */
    char *hctl;         /* 2:0:0:0 */
    char *state;        /* running, offline, blocked, transport-offline... */
    char *devno;        /* 8:16, as the multipath status names its paths */
    unsigned int host;  /* the SCSI host: 2 of 2:0:0:0 */
};

void virStorageOntapSCSIDiskFree(virStorageOntapSCSIDisk *disk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageOntapSCSIDisk, virStorageOntapSCSIDiskFree);

char *virStorageOntapSCSIWWIDFromSysfs(const char *wwid);

int virStorageOntapSCSIFindDisks(const char *sysfs,
                                 const char *wwid,
                                 GPtrArray **disks);

int virStorageOntapSCSIScanHost(const char *sysfs,
                                unsigned int host,
                                int lun);

int virStorageOntapSCSIDeleteDisk(const char *sysfs,
                                  const char *name);

int virStorageOntapSCSICheckFC(const char *sysfs);

int virStorageOntapSCSIRescanFC(const char *sysfs,
                                size_t *nhosts);
