/*
 * storage_backend_ontap_mode.h: what each protocol mode of the ontap
 * backend provides (NFS, NVMe-oF, iSCSI and FC)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * storage_backend_ontap.c picks a pool's mode by its protocol and calls
 * the mode's operations; a new protocol fills one such table. The block
 * modes (NVMe-oF, iSCSI, FC) share one lifecycle (storage_backend_ontap_block.c)
 * and provide only how their paths are attached and released.
 */

#pragma once

#include "storage_driver.h"
#include "storage_ontap_note.h"
#include "virstorageobj.h"

typedef struct _virStorageBackendOntapMode virStorageBackendOntapMode;
struct _virStorageBackendOntapMode {
    /* Daemon start: is the pool active (a previous daemon started it)? */
    int (*check)(const virStorageBackendOntapMode *mode,
                 virStoragePoolObj *pool,
                 bool *isActive);
    int (*build)(const virStorageBackendOntapMode *mode,
                 virStoragePoolObj *pool,
                 unsigned int flags);
    int (*start)(const virStorageBackendOntapMode *mode,
                 virStoragePoolObj *pool);
    /* Let go of the paths: the target is unmounted, the pool unlocked. */
    int (*stop)(const virStorageBackendOntapMode *mode,
                virStoragePoolDef *def);
    /* The live state of every path into @def (paths before volumes: listing
     * them needs a working path). */
    int (*refreshPaths)(virStoragePoolDef *def);
    /* find-storage-pool-sources, or NULL when the protocol has none. */
    char *(*findSources)(virStoragePoolSource *spec);

    /* Block modes: the note of what the pool holds, and how the protocol
     * attaches the pool's device (every path connected, the device there;
     * on failure nothing the call connected stays) and lets go of what
     * @held says (but what other pools hold). */
    const char *note;
    int (*attach)(virStoragePoolDef *def,
                  bool autostart,
                  virStorageOntapNote *held,
                  char **device);
    int (*release)(virStoragePoolDef *def,
                   virStorageOntapNote *held);
};

extern const virStorageBackendOntapMode virStorageBackendOntapNFSMode;
extern const virStorageBackendOntapMode virStorageBackendOntapNVMeMode;
extern const virStorageBackendOntapMode virStorageBackendOntapISCSIMode;
extern const virStorageBackendOntapMode virStorageBackendOntapFCMode;
