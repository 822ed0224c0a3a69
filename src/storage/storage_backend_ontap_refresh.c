/*
 * storage_backend_ontap_refresh.c: refreshing an 'ontap' pool without
 * holding its lock while paths and volumes are probed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A path that does not answer, or thousands of volumes on NFS, make a
 * refresh take seconds; every call that lists pools (virsh pool-list)
 * locks each pool in turn, so a refresh that held its pool's lock would
 * stall every client of the daemon. The probing works on a copy of the
 * pool's configuration, unlocked; only its result is put into the pool,
 * locked again, replacing the volumes it listed before (which it lists
 * meanwhile). Meanwhile the pool also counts an asynchronous job, which
 * the storage driver's destroy and refresh refuse to run beside.
 */

#include <config.h>

#include "storage_backend_ontap_refresh.h"
#include "storage_backend_ontap_monitor.h"
#include "storage_ontap_volumes.h"
#include "virerror.h"
#include "virlog.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap_refresh");

/* Volumes read at once: enough requests in flight to hide an NFS
 * server's latency, few enough not to crowd a host's other work. */
#define ONTAP_REFRESH_WORKERS 16


/**
 * virStorageBackendOntapScratchDef:
 * @def: an 'ontap' pool's definition
 *
 * A copy of @def's configuration (no live state), for probing while the
 * pool is unlocked: through the XML, as libvirt itself stores a pool.
 */
virStoragePoolDef *
virStorageBackendOntapScratchDef(virStoragePoolDef *def)
{
    g_autofree char *xml = NULL;

    if (!(xml = virStoragePoolDefFormat(def)))
        return NULL;
    return virStoragePoolDefParse(xml, NULL, 0);
}


/**
 * virStorageBackendOntapTakeLiveState:
 * @def: an 'ontap' pool's definition, the pool locked
 * @scratch: its copy, probed
 *
 * Replace @def's live state (paths, device) with what @scratch found.
 */
void
virStorageBackendOntapTakeLiveState(virStoragePoolDef *def,
                                    virStoragePoolDef *scratch)
{
    virStoragePoolOntapSource *to = def->source.ontap;
    virStoragePoolOntapSource *from = scratch->source.ontap;

    virStoragePoolOntapSourceClearLiveState(to);
    to->paths = g_steal_pointer(&from->paths);
    to->npaths = from->npaths;
    from->npaths = 0;
    to->device = g_steal_pointer(&from->device);
}


/**
 * virStorageBackendOntapRefreshPool:
 * @mode: the pool's mode
 * @pool: the pool, locked (unlocked for the while)
 *
 * The state of every path (paths first: listing volumes needs a working
 * path), then the volumes of the target, read in parallel.
 */
int
virStorageBackendOntapRefreshPool(const virStorageBackendOntapMode *mode,
                                  virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    g_autoptr(virStoragePoolDef) scratch = NULL;
    g_autoptr(virStorageOntapVolumes) volumes = NULL;
    size_t i;

    if (!(scratch = virStorageBackendOntapScratchDef(def)))
        return -1;

    virStoragePoolObjIncrAsyncjobs(pool);
    virObjectUnlock(pool);

    /* The paths' state is information: a kernel that cannot show it (no
     * sunrpc sysfs...) must not make the pool unusable. */
    if (virStorageBackendOntapMonitorRefreshPaths(mode, def->uuid, scratch) < 0) {
        VIR_WARN("ontap pool '%s': cannot read the state of its paths", def->name);
        virResetLastError();
    }
    volumes = virStorageOntapVolumesRead(scratch->target.path,
                                         ONTAP_REFRESH_WORKERS);

    virObjectLock(pool);
    virStoragePoolObjDecrAsyncjobs(pool);

    virStorageBackendOntapTakeLiveState(def, scratch);
    if (!volumes)
        return -1;

    /* The storage driver left the previous volumes listed meanwhile. */
    virStoragePoolObjClearVols(pool);

    for (i = 0; i < volumes->vols->len; i++) {
        if (virStoragePoolObjAddVol(pool, g_ptr_array_index(volumes->vols, i)) < 0)
            return -1;
        g_ptr_array_index(volumes->vols, i) = NULL;
    }
    def->capacity = volumes->capacity;
    def->available = volumes->available;
    def->allocation = def->capacity - def->available;
    def->target.perms.mode = volumes->perms.mode;
    def->target.perms.uid = volumes->perms.uid;
    def->target.perms.gid = volumes->perms.gid;
    g_free(def->target.perms.label);
    def->target.perms.label = g_steal_pointer(&volumes->perms.label);
    return 0;
}
