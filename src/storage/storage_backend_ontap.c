/*
 * storage_backend_ontap.c: storage backend for NFS, NVMe-oF, iSCSI and FC
 * arrays such as NetApp ONTAP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The backend only orchestrates: the pool's protocol picks its mode
 * (storage_backend_ontap_nfs.c, _nvme.c, _scsi.c), which connects every
 * path to the array and mounts the pool's filesystem on the target; the
 * volumes are then files, served by the local-volume helpers of
 * storage_util.c.
 */

#include <config.h>

#include "storage_backend_ontap.h"
#include "storage_backend_ontap_mode.h"
#include "storage_backend_ontap_monitor.h"
#include "storage_backend_ontap_refresh.h"
#include "storage_ontap_mount.h"
#include "storage_util.h"
#include "virerror.h"
#include "virlog.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap");


/* The mode of @protocol, or NULL (with an error) when there is none. */
static const virStorageBackendOntapMode *
virStorageBackendOntapModeOf(virStoragePoolOntapProtocol protocol)
{
    switch (protocol) {
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS:
        return &virStorageBackendOntapNFSMode;
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP:
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA:
        return &virStorageBackendOntapNVMeMode;
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI:
        return &virStorageBackendOntapISCSIMode;
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC:
        return &virStorageBackendOntapFCMode;
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_FC:
        /* needs the host's FC port (host_traddr) as well as the array's */
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("ontap pool protocol '%1$s' is not implemented yet"),
                       virStoragePoolOntapProtocolTypeToString(protocol));
        return NULL;
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_LAST:
    default:
        virReportEnumRangeError(virStoragePoolOntapProtocol, protocol);
        return NULL;
    }
}


static const virStorageBackendOntapMode *
virStorageBackendOntapPoolMode(virStoragePoolObj *pool)
{
    return virStorageBackendOntapModeOf(virStoragePoolObjGetDef(pool)->source.ontap->protocol);
}


static int
virStorageBackendOntapCheck(virStoragePoolObj *pool,
                            bool *isActive)
{
    const virStorageBackendOntapMode *mode;

    *isActive = false;
    /* a pool of a protocol this daemon cannot serve was never started */
    if (!(mode = virStorageBackendOntapPoolMode(pool))) {
        virResetLastError();
        return 0;
    }
    if (mode->check(mode, pool, isActive) < 0)
        return -1;
    /* a pool the previous daemon started is watched as if started here */
    if (*isActive && virStorageBackendOntapMonitorStart(mode, pool) < 0) {
        VIR_WARN("ontap pool '%s' is active, but its paths are not watched: %s",
                 virStoragePoolObjGetDef(pool)->name, virGetLastErrorMessage());
        virResetLastError();
    }
    return 0;
}


static int
virStorageBackendOntapBuild(virStoragePoolObj *pool,
                            unsigned int flags)
{
    const virStorageBackendOntapMode *mode;

    virCheckFlags(VIR_STORAGE_POOL_BUILD_OVERWRITE |
                  VIR_STORAGE_POOL_BUILD_NO_OVERWRITE, -1);

    VIR_EXCLUSIVE_FLAGS_RET(VIR_STORAGE_POOL_BUILD_OVERWRITE,
                            VIR_STORAGE_POOL_BUILD_NO_OVERWRITE, -1);

    if (!(mode = virStorageBackendOntapPoolMode(pool)))
        return -1;
    return mode->build(mode, pool, flags);
}


static int
virStorageBackendOntapStart(virStoragePoolObj *pool)
{
    const virStorageBackendOntapMode *mode;

    VIR_DEBUG("starting ontap pool '%s'", virStoragePoolObjGetDef(pool)->name);

    if (!(mode = virStorageBackendOntapPoolMode(pool)) ||
        mode->start(mode, pool) < 0)
        return -1;

    /* Without its monitor the pool works, as it did before there was one. */
    if (virStorageBackendOntapMonitorStart(mode, pool) < 0) {
        VIR_WARN("ontap pool '%s' started, but its paths are not watched: %s",
                 virStoragePoolObjGetDef(pool)->name, virGetLastErrorMessage());
        virResetLastError();
    }
    return 0;
}


static int
virStorageBackendOntapRefresh(virStoragePoolObj *pool)
{
    const virStorageBackendOntapMode *mode;

    if (!(mode = virStorageBackendOntapPoolMode(pool)))
        return -1;
    return virStorageBackendOntapRefreshPool(mode, pool);
}


/* Unmount the target first: when it is busy, nothing changes. Then let go
 * of the paths. */
static int
virStorageBackendOntapStop(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    const virStorageBackendOntapMode *mode;
    g_autofree char *users = NULL;
    int rc;

    if (!(mode = virStorageBackendOntapPoolMode(pool)))
        return -1;

    /* A volume in use: refused before anything is touched, naming who
     * holds what (umount would only say "target is busy"). */
    if ((users = virStorageOntapMountUsers(VIR_STORAGE_ONTAP_PROC, def->target.path))) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s' is in use and stays active: %2$s"),
                       def->name, users);
        return -1;
    }

    /* The monitor may be waiting for the pool's lock, and would move
     * NFS transports while they are unmounted. */
    virObjectUnlock(pool);
    virStorageBackendOntapMonitorStop(def);
    if (virStorageOntapUnmount(def->target.path) < 0) {
        virErrorPtr orig;

        virObjectLock(pool);
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': cannot unmount %2$s: %3$s"),
                       def->name, def->target.path, virGetLastErrorMessage());
        /* the pool stays active: it is watched again */
        virErrorPreserveLast(&orig);
        if (virStorageBackendOntapMonitorStart(mode, pool) < 0)
            VIR_WARN("ontap pool '%s': its paths are no longer watched", def->name);
        virErrorRestore(&orig);
        return -1;
    }
    rc = mode->stop(mode, def);
    virObjectLock(pool);

    /* The filesystem is unmounted: the pool is stopped all the same, and
     * what could not be let go of stays noted for the next stop. */
    if (rc < 0) {
        VIR_WARN("ontap pool '%s' stopped, but not every path it holds was let go of",
                 def->name);
        virResetLastError();
    }
    virStoragePoolOntapSourceClearLiveState(def->source.ontap);
    return 0;
}


static char *
virStorageBackendOntapFindSources(const char *srcSpec,
                                  unsigned int flags)
{
    g_autoptr(virStoragePoolSource) spec = NULL;
    const virStorageBackendOntapMode *mode;

    virCheckFlags(0, NULL);

    if (!srcSpec) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("ontap pool sources are found from a <source> with a <protocol> and a <host>"));
        return NULL;
    }
    if (!(spec = virStoragePoolDefParseSourceString(srcSpec, VIR_STORAGE_POOL_ONTAP)) ||
        !(mode = virStorageBackendOntapModeOf(spec->ontap->protocol)))
        return NULL;

    if (!mode->findSources) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("finding ontap pool sources is not implemented for protocol '%1$s'"),
                       virStoragePoolOntapProtocolTypeToString(spec->ontap->protocol));
        return NULL;
    }
    return mode->findSources(spec);
}


/* Clones of raw files share their extents with the original where the
 * filesystem can (OCFS2, XFS, NFSv4.2 with CLONE): O(1) in time and
 * space. Where it cannot (GFS2...), the bytes are copied. */
static int
virStorageBackendOntapVolBuildFrom(virStoragePoolObj *pool,
                                   virStorageVolDef *vol,
                                   virStorageVolDef *inputvol,
                                   unsigned int flags)
{
    if (!(flags & VIR_STORAGE_VOL_CREATE_REFLINK) &&
        vol->target.format == VIR_STORAGE_FILE_RAW &&
        inputvol->type == VIR_STORAGE_VOL_FILE &&
        inputvol->target.format == VIR_STORAGE_FILE_RAW) {
        if (virStorageBackendVolBuildFromLocal(pool, vol, inputvol,
                                               flags | VIR_STORAGE_VOL_CREATE_REFLINK) == 0) {
            VIR_DEBUG("volume '%s' is a reflink of '%s'", vol->name, inputvol->name);
            return 0;
        }
        /* the byte copy below is the answer to a failed reflink */
        VIR_DEBUG("no reflink of '%s' (%s): copying its bytes",
                  inputvol->name, virGetLastErrorMessage());
        virResetLastError();
    }

    return virStorageBackendVolBuildFromLocal(pool, vol, inputvol, flags);
}


virStorageBackend virStorageBackendOntap = {
    .type = VIR_STORAGE_POOL_ONTAP,

    .checkPool = virStorageBackendOntapCheck,
    .buildPool = virStorageBackendOntapBuild,
    .startPool = virStorageBackendOntapStart,
    .stopPool = virStorageBackendOntapStop,
    .deletePool = virStorageBackendDeleteLocal,
    .refreshPool = virStorageBackendOntapRefresh,
    .findPoolSources = virStorageBackendOntapFindSources,
    .buildVol = virStorageBackendVolBuildLocal,
    .buildVolFrom = virStorageBackendOntapVolBuildFrom,
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
