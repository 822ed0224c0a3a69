/*
 * storage_backend_ontap.c: storage backend for NFS, NVMe-oF, iSCSI and FC
 * arrays such as NetApp ONTAP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The backend only orchestrates: it connects every path to the array,
 * mounts the pool's filesystem on the target, and then serves volumes as
 * files through the local-volume helpers of storage_util.c. Protocols
 * arrive one at a time; until one is implemented, starting a pool that
 * uses it fails instead of pretending to work.
 */

#include <config.h>

#include "storage_backend_ontap.h"
#include "storage_conf.h"
#include "storage_util.h"
#include "virerror.h"
#include "virlog.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap");


static int
virStorageBackendOntapUnsupported(virStoragePoolDef *def)
{
    virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                   _("ontap pool '%1$s': protocol '%2$s' is not implemented yet"),
                   def->name,
                   virStoragePoolOntapProtocolTypeToString(def->source.ontap->protocol));
    return -1;
}


static int
virStorageBackendOntapCheck(virStoragePoolObj *pool G_GNUC_UNUSED,
                            bool *isActive)
{
    /* No protocol can be active yet: nothing to adopt. */
    *isActive = false;
    return 0;
}


static int
virStorageBackendOntapBuild(virStoragePoolObj *pool,
                            unsigned int flags)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    virCheckFlags(VIR_STORAGE_POOL_BUILD_OVERWRITE |
                  VIR_STORAGE_POOL_BUILD_NO_OVERWRITE, -1);

    VIR_EXCLUSIVE_FLAGS_RET(VIR_STORAGE_POOL_BUILD_OVERWRITE,
                            VIR_STORAGE_POOL_BUILD_NO_OVERWRITE, -1);

    /* Formatting the cluster filesystem comes with the block protocols. */
    if (flags != 0)
        return virStorageBackendOntapUnsupported(def);

    return virStorageBackendBuildLocal(pool);
}


static int
virStorageBackendOntapStart(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    VIR_DEBUG("starting ontap pool '%s'", def->name);

    return virStorageBackendOntapUnsupported(def);
}


static int
virStorageBackendOntapStop(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    return virStorageBackendOntapUnsupported(def);
}


virStorageBackend virStorageBackendOntap = {
    .type = VIR_STORAGE_POOL_ONTAP,

    .checkPool = virStorageBackendOntapCheck,
    .buildPool = virStorageBackendOntapBuild,
    .startPool = virStorageBackendOntapStart,
    .stopPool = virStorageBackendOntapStop,
    .deletePool = virStorageBackendDeleteLocal,
    .refreshPool = virStorageBackendRefreshLocal,
    .buildVol = virStorageBackendVolBuildLocal,
    .buildVolFrom = virStorageBackendVolBuildFromLocal,
    .createVol = virStorageBackendVolCreateLocal,
    .refreshVol = virStorageBackendVolRefreshLocal,
    .deleteVol = virStorageBackendVolDeleteLocal,
    .resizeVol = virStorageBackendVolResizeLocal,
    .uploadVol = virStorageBackendVolUploadLocal,
    .downloadVol = virStorageBackendVolDownloadLocal,
    .wipeVol = virStorageBackendVolWipeLocal,
};


int
virStorageBackendOntapRegister(void)
{
    return virStorageBackendRegister(&virStorageBackendOntap);
}
