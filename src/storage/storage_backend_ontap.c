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
#include "storage_ontap_nfs.h"
#include "storage_util.h"
#include "configmake.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virsocketaddr.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap");

/* Helper mounts of trunked LIFs live under the driver's state directory. */
#define ONTAP_STATE_DIR RUNSTATEDIR "/libvirt/storage"

/* How long start waits for the LIFs to answer, all of them together. */
#define ONTAP_NFS_PROBE_TIMEOUT_MS (15 * 1000)

/* How long refresh waits for them: it runs with the pool locked. */
#define ONTAP_NFS_CHECK_TIMEOUT_MS (3 * 1000)


static bool
virStorageBackendOntapIsNFS(virStoragePoolDef *def)
{
    return def->source.ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS;
}


static int
virStorageBackendOntapUnsupported(virStoragePoolDef *def)
{
    virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                   _("ontap pool '%1$s': protocol '%2$s' is not implemented yet"),
                   def->name,
                   virStoragePoolOntapProtocolTypeToString(def->source.ontap->protocol));
    return -1;
}


static bool
virStorageBackendOntapDegradedFails(virStoragePoolDef *def)
{
    return def->source.ontap->degraded == VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL;
}


/* Unmount @path if something is mounted there; quiet when nothing is. */
static int
virStorageBackendOntapUnmount(const char *path)
{
    g_autoptr(virCommand) cmd = NULL;
    int rc;

    if ((rc = virFileIsMountPoint(path)) <= 0)
        return rc;

    cmd = virCommandNewArgList(UMOUNT, path, NULL);
    return virCommandRun(cmd, NULL);
}


static int
virStorageBackendOntapNFSMountTrunk(virStoragePoolDef *def,
                                    size_t host)
{
    g_autofree char *dir = virStorageOntapNFSTrunkDir(ONTAP_STATE_DIR, def, host);
    g_autoptr(virCommand) cmd = NULL;

    if (virStorageBackendOntapUnmount(dir) < 0)
        return -1;
    if (g_mkdir_with_parents(dir, 0700) < 0) {
        virReportSystemError(errno, _("cannot create directory %1$s"), dir);
        return -1;
    }
    cmd = virStorageOntapNFSMountCmd(MOUNT, def, host, dir);
    return virCommandRun(cmd, NULL);
}


/* Where refresh notes the transports it moved away from LIF @host. */
static char *
virStorageBackendOntapNFSMovedFile(virStoragePoolDef *def,
                                   size_t host)
{
    return g_strdup_printf("%s/ontap/%s/moved-%zu", ONTAP_STATE_DIR, def->name, host);
}


static void
virStorageBackendOntapNFSUnmountTrunks(virStoragePoolDef *def)
{
    size_t i;

    for (i = 1; i < def->source.nhost; i++) {
        g_autofree char *dir = virStorageOntapNFSTrunkDir(ONTAP_STATE_DIR, def, i);
        g_autofree char *moved = virStorageBackendOntapNFSMovedFile(def, i);

        if (virStorageBackendOntapUnmount(dir) == 0)
            ignore_value(rmdir(dir));
        ignore_value(unlink(moved));
    }
}


/* The numeric form of a LIF address, as sysfs takes it. */
static char *
virStorageBackendOntapNumericAddr(const char *name)
{
    virSocketAddr addr;

    if (virSocketAddrParseAny(&addr, name, AF_UNSPEC, true) < 0)
        return NULL;
    return virSocketAddrFormat(&addr);
}


/* A trunked LIF stopped answering: point its transports at a LIF that
 * answers, and note them to point them back later. */
static void
virStorageBackendOntapNFSFailOver(virStoragePoolDef *def,
                                  size_t host,
                                  const bool *reachable)
{
    g_autofree char *file = virStorageBackendOntapNFSMovedFile(def, host);
    g_autofree char *to = NULL;
    g_autofree char *moved = NULL;
    size_t i;

    for (i = 0; i < def->source.nhost && !reachable[i]; i++)
        ;
    if (i == def->source.nhost ||
        !(to = virStorageBackendOntapNumericAddr(def->source.hosts[i].name))) {
        virResetLastError();
        return;
    }

    VIR_WARN("ontap pool '%s': NFS LIF %s does not answer, moving its transports to %s",
             def->name, def->source.hosts[host].name, to);
    if (virStorageOntapNFSMoveTransports(VIR_STORAGE_ONTAP_NFS_SUNRPC_SYSFS, def,
                                         host, to, &moved) > 0 &&
        virFileWriteStr(file, moved, 0600) < 0)
        VIR_WARN("cannot write %s: %s", file, g_strerror(errno));
}


/* A trunked LIF answers again and has no transport: move back what was
 * moved away from it, or trunk it anew. */
static void
virStorageBackendOntapNFSFailBack(virStoragePoolDef *def,
                                  size_t host)
{
    g_autofree char *file = virStorageBackendOntapNFSMovedFile(def, host);
    g_autofree char *moved = NULL;
    g_autofree char *addr = NULL;

    VIR_INFO("ontap pool '%s': NFS LIF %s answers again", def->name,
             def->source.hosts[host].name);

    if (virFileReadAllQuiet(file, 64 * 1024, &moved) >= 0 &&
        (addr = virStorageBackendOntapNumericAddr(def->source.hosts[host].name)) &&
        virStorageOntapNFSRestoreTransports(moved, addr) > 0) {
        ignore_value(unlink(file));
        return;
    }
    virResetLastError();
    ignore_value(unlink(file));

    if (virStorageBackendOntapNFSMountTrunk(def, host) < 0) {
        VIR_WARN("ontap pool '%s': trunking over %s failed: %s",
                 def->name, def->source.hosts[host].name, virGetLastErrorMessage());
        virResetLastError();
    }
}


static int
virStorageBackendOntapNFSRefreshPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    virStoragePoolOntapPath *paths = NULL;
    size_t npaths = 0;

    if (virStorageOntapNFSReadPaths(VIR_STORAGE_ONTAP_NFS_SUNRPC_SYSFS, def,
                                    &paths, &npaths) < 0)
        return -1;

    virStoragePoolOntapPathsFree(ontap->paths, ontap->npaths);
    ontap->paths = paths;
    ontap->npaths = npaths;
    return 0;
}


/* What refresh does for an NFS pool: look at every LIF, move the transports
 * of a trunked LIF that stopped answering to one that answers (the kernel
 * would otherwise keep retrying the RPCs queued on them), and bring them
 * back once it answers again. */
static int
virStorageBackendOntapNFSCheckPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    size_t nhost = def->source.nhost;
    g_autofree bool *reachable = g_new0(bool, nhost);
    bool changed = false;
    size_t i;

    virStorageOntapNFSProbeHosts(def, ONTAP_NFS_CHECK_TIMEOUT_MS, reachable);
    if (virStorageBackendOntapNFSRefreshPaths(def) < 0)
        return -1;

    for (i = 1; ontap->trunking == VIR_TRISTATE_BOOL_YES && i < nhost; i++) {
        if (!reachable[i] && ontap->paths[i].transports > 0) {
            virStorageBackendOntapNFSFailOver(def, i, reachable);
            changed = true;
        } else if (reachable[i] && ontap->paths[i].transports == 0) {
            virStorageBackendOntapNFSFailBack(def, i);
            changed = true;
        }
    }

    if (changed && virStorageBackendOntapNFSRefreshPaths(def) < 0)
        return -1;

    for (i = 0; i < ontap->npaths; i++)
        ontap->paths[i].unreachable = !reachable[i];
    return 0;
}


/* Compare what the kernel has with what the XML asks for. */
static int
virStorageBackendOntapNFSVerify(virStoragePoolDef *def,
                                const bool *wanted)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    unsigned int primary = ontap->nconnect ? ontap->nconnect : 1;
    g_auto(virBuffer) missing = VIR_BUFFER_INITIALIZER;
    size_t i;

    if (virStorageBackendOntapNFSRefreshPaths(def) < 0)
        return -1;

    for (i = 0; i < ontap->npaths; i++) {
        virStoragePoolOntapPath *path = &ontap->paths[i];
        unsigned int expected = i == 0 ? primary : 1;

        VIR_DEBUG("pool '%s': %u transports (%u connected) to %s, %u expected",
                  def->name, path->transports, path->connected, path->address,
                  wanted[i] ? expected : 0);
        if (wanted[i] && path->connected < expected)
            virBufferAsprintf(&missing, "%s (%u of %u), ", path->address,
                              path->connected, expected);
    }
    virBufferTrim(&missing, ", ");

    if (virBufferUse(&missing) == 0)
        return 0;

    if (virStorageBackendOntapDegradedFails(def)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': fewer NFS transports than configured to %2$s"),
                       def->name, virBufferCurrentContent(&missing));
        return -1;
    }
    VIR_WARN("ontap pool '%s' started degraded: fewer NFS transports than configured to %s",
             def->name, virBufferCurrentContent(&missing));
    return 0;
}


static int
virStorageBackendOntapNFSStart(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    virStoragePoolOntapSource *ontap = def->source.ontap;
    size_t nhost = def->source.nhost;
    g_autofree bool *reachable = g_new0(bool, nhost);
    g_autofree bool *trunked = g_new0(bool, nhost);
    bool trunking = ontap->trunking == VIR_TRISTATE_BOOL_YES;
    g_auto(virBuffer) down = VIR_BUFFER_INITIALIZER;
    g_autoptr(virCommand) cmd = NULL;
    size_t i;
    int rc;

    if (!virFileIsDir(def->target.path)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': target directory %2$s does not exist, build the pool first"),
                       def->name, def->target.path);
        return -1;
    }
    if ((rc = virFileIsMountPoint(def->target.path)) != 0) {
        if (rc > 0)
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("ontap pool '%1$s': something is already mounted on %2$s"),
                           def->name, def->target.path);
        return -1;
    }

    /* Probing and mounting take time: let other calls see the pool list. */
    virObjectUnlock(pool);
    virStorageOntapNFSProbeHosts(def, ONTAP_NFS_PROBE_TIMEOUT_MS, reachable);
    for (i = 0; i < nhost; i++) {
        if (!reachable[i] && (i == 0 || trunking))
            virBufferAsprintf(&down, "%s, ", def->source.hosts[i].name);
    }
    virBufferTrim(&down, ", ");

    if (!reachable[0] ||
        (virBufferUse(&down) > 0 && virStorageBackendOntapDegradedFails(def))) {
        virObjectLock(pool);
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': NFS server unreachable at %2$s (no answer on the NFS port within %3$d seconds)"),
                       def->name, virBufferCurrentContent(&down),
                       ONTAP_NFS_PROBE_TIMEOUT_MS / 1000);
        return -1;
    }
    if (virBufferUse(&down) > 0)
        VIR_WARN("ontap pool '%s': NFS LIFs unreachable, not trunked: %s",
                 def->name, virBufferCurrentContent(&down));

    cmd = virStorageOntapNFSMountCmd(MOUNT, def, 0, def->target.path);
    rc = virCommandRun(cmd, NULL);
    trunked[0] = rc == 0;

    for (i = 1; rc == 0 && trunking && i < nhost; i++) {
        if (!reachable[i])
            continue;
        if (virStorageBackendOntapNFSMountTrunk(def, i) < 0) {
            if (virStorageBackendOntapDegradedFails(def)) {
                rc = -1;
                break;
            }
            VIR_WARN("ontap pool '%s': trunking over %s failed: %s", def->name,
                     def->source.hosts[i].name, virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        trunked[i] = true;
    }
    virObjectLock(pool);

    if (rc == 0 && virStorageBackendOntapNFSVerify(def, trunked) == 0)
        return 0;

    /* Leave nothing mounted behind a failed start. */
    virObjectUnlock(pool);
    virStorageBackendOntapNFSUnmountTrunks(def);
    if (trunked[0])
        ignore_value(virStorageBackendOntapUnmount(def->target.path));
    virObjectLock(pool);
    return -1;
}


static int
virStorageBackendOntapNFSStop(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    int rc;

    /* The target first: when it is busy, nothing changes. */
    virObjectUnlock(pool);
    rc = virStorageBackendOntapUnmount(def->target.path);
    if (rc == 0)
        virStorageBackendOntapNFSUnmountTrunks(def);
    virObjectLock(pool);

    if (rc < 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': cannot unmount %2$s: %3$s"),
                       def->name, def->target.path, virGetLastErrorMessage());
        return -1;
    }

    virStoragePoolOntapPathsFree(def->source.ontap->paths, def->source.ontap->npaths);
    def->source.ontap->paths = NULL;
    def->source.ontap->npaths = 0;
    return 0;
}


static int
virStorageBackendOntapCheck(virStoragePoolObj *pool,
                            bool *isActive)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    int rc;

    *isActive = false;
    if (!virStorageBackendOntapIsNFS(def))
        return 0;

    /* Adopt what a previous daemon mounted: no remount, no second trunk. */
    if ((rc = virStorageOntapNFSIsMounted(def)) < 0)
        return -1;
    *isActive = rc > 0;
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

    if (flags != 0) {
        if (virStorageBackendOntapIsNFS(def)) {
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                           _("ontap NFS pools have no filesystem to format: build them without --overwrite or --no-overwrite"));
            return -1;
        }
        /* Formatting the cluster filesystem comes with the block protocols. */
        return virStorageBackendOntapUnsupported(def);
    }

    return virStorageBackendBuildLocal(pool);
}


static int
virStorageBackendOntapStart(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    VIR_DEBUG("starting ontap pool '%s'", def->name);

    if (virStorageBackendOntapIsNFS(def))
        return virStorageBackendOntapNFSStart(pool);

    return virStorageBackendOntapUnsupported(def);
}


static int
virStorageBackendOntapRefresh(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    /* Paths first: listing volumes needs a working session. Live state is
     * information: a kernel without the sunrpc sysfs must not make the pool
     * unusable. */
    if (virStorageBackendOntapIsNFS(def) &&
        virStorageBackendOntapNFSCheckPaths(def) < 0) {
        VIR_WARN("ontap pool '%s': cannot read NFS transports: %s",
                 def->name, virGetLastErrorMessage());
        virResetLastError();
    }

    return virStorageBackendRefreshLocal(pool);
}


static int
virStorageBackendOntapStop(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    if (virStorageBackendOntapIsNFS(def))
        return virStorageBackendOntapNFSStop(pool);

    return virStorageBackendOntapUnsupported(def);
}


virStorageBackend virStorageBackendOntap = {
    .type = VIR_STORAGE_POOL_ONTAP,

    .checkPool = virStorageBackendOntapCheck,
    .buildPool = virStorageBackendOntapBuild,
    .startPool = virStorageBackendOntapStart,
    .stopPool = virStorageBackendOntapStop,
    .deletePool = virStorageBackendDeleteLocal,
    .refreshPool = virStorageBackendOntapRefresh,
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
