/*
 * storage_backend_ontap_nfs.c: the NFS mode of the ontap backend: the
 * export mounted through the primary LIF with nconnect, every other LIF
 * trunked into the same NFSv4.1 session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The kernel adds a trunked transport when the export is mounted again
 * through another LIF: each trunk LIF gets a helper mount under the pool's
 * state directory (trunk-N). A LIF that stops answering has its transports
 * moved to one that answers (noted in moved-N) and back once it answers.
 */

#include <config.h>

#include "storage_backend_ontap_mode.h"
#include "storage_ontap_command.h"
#include "storage_ontap_error.h"
#include "storage_ontap_mount.h"
#include "storage_ontap_nfs.h"
#include "storage_util.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap_nfs");

/* How long start waits for the LIFs to answer, all of them together. */
#define ONTAP_NFS_PROBE_TIMEOUT_MS (15 * 1000)

/* How long refresh waits for them: it runs with the pool locked. */
#define ONTAP_NFS_CHECK_TIMEOUT_MS (3 * 1000)


static bool
virStorageBackendOntapNFSTrunks(virStoragePoolDef *def)
{
    return def->source.ontap->trunking == VIR_TRISTATE_BOOL_YES;
}


static char *
virStorageBackendOntapNFSMovedName(size_t host)
{
    return g_strdup_printf("moved-%zu", host);
}


static int
virStorageBackendOntapNFSMountTrunk(virStoragePoolDef *def,
                                    size_t host)
{
    g_autofree char *dir = virStorageOntapNFSTrunkDir(virStorageDriverGetStateDir(), def, host);
    g_autoptr(virCommand) cmd = NULL;

    if (virStorageOntapUnmount(dir) < 0)
        return -1;
    if (g_mkdir_with_parents(dir, 0700) < 0) {
        virReportSystemError(errno, _("cannot create directory %1$s"), dir);
        return -1;
    }
    cmd = virStorageOntapNFSMountCmd(MOUNT, def, host, dir);
    return virStorageOntapCommandRun(cmd, NULL);
}


/* Unmount the trunk mounts and forget what the pool noted of them. Keeps
 * the first error and goes on. */
static int
virStorageBackendOntapNFSUnmountTrunks(virStoragePoolDef *def)
{
    const char *stateDir = virStorageDriverGetStateDir();
    virErrorPtr first = NULL;
    size_t i;

    for (i = 1; i < def->source.nhost; i++) {
        g_autofree char *dir = virStorageOntapNFSTrunkDir(stateDir, def, i);
        g_autofree char *moved = virStorageBackendOntapNFSMovedName(i);

        if (virStorageOntapUnmount(dir) < 0) {
            virStorageOntapErrorKeepFirst(&first);
            continue;
        }
        if (rmdir(dir) < 0 && errno != ENOENT)
            VIR_DEBUG("cannot remove %s: %s", dir, g_strerror(errno));
        virStorageOntapNoteForget(stateDir, def->name, moved);
    }
    return virStorageOntapErrorRestoreFirst(&first);
}


/* A trunked LIF stopped answering: point its transports at a LIF that
 * answers (the kernel would otherwise keep retrying the RPCs queued on
 * them), and note them to point them back later. */
static int
virStorageBackendOntapNFSFailOver(virStoragePoolDef *def,
                                  size_t host,
                                  const bool *reachable)
{
    g_autofree char *name = virStorageBackendOntapNFSMovedName(host);
    g_autofree char *file = virStorageOntapNoteFile(virStorageDriverGetStateDir(),
                                                    def->name, name);
    g_autofree char *to = NULL;
    g_autofree char *moved = NULL;
    size_t i;
    int rc;

    for (i = 0; i < def->source.nhost && !reachable[i]; i++)
        ;
    if (i == def->source.nhost)
        return 0;
    if (!(to = virStorageOntapNumericAddr(def->source.hosts[i].name)))
        return -1;

    VIR_WARN("ontap pool '%s': NFS LIF %s does not answer, moving its transports to %s",
             def->name, def->source.hosts[host].name, to);
    if ((rc = virStorageOntapNFSMoveTransports(VIR_STORAGE_ONTAP_NFS_SUNRPC_SYSFS, def,
                                               host, to, &moved)) <= 0)
        return rc;
    return virStorageOntapNoteWriteRaw(file, moved);
}


/* A trunked LIF answers again and has no transport: move back what was
 * moved away from it, or trunk it anew. */
static int
virStorageBackendOntapNFSFailBack(virStoragePoolDef *def,
                                  size_t host)
{
    const char *stateDir = virStorageDriverGetStateDir();
    g_autofree char *name = virStorageBackendOntapNFSMovedName(host);
    g_autofree char *file = virStorageOntapNoteFile(stateDir, def->name, name);
    g_autofree char *moved = NULL;
    g_autofree char *addr = NULL;
    int rc;

    VIR_INFO("ontap pool '%s': NFS LIF %s answers again", def->name,
             def->source.hosts[host].name);

    if (virStorageOntapNoteReadRaw(file, &moved) < 0 ||
        !(addr = virStorageOntapNumericAddr(def->source.hosts[host].name)))
        return -1;
    rc = *moved ? virStorageOntapNFSRestoreTransports(moved, addr) : 0;
    virStorageOntapNoteForget(stateDir, def->name, name);
    if (rc > 0)
        return 0;

    /* nothing to move back (or it is gone): a new trunk takes its place */
    if (rc < 0)
        virResetLastError();
    return virStorageBackendOntapNFSMountTrunk(def, host);
}


static int
virStorageBackendOntapNFSReadPaths(virStoragePoolDef *def)
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


/* What refresh does for an NFS pool: look at every LIF, fail the
 * transports of a trunked LIF that stopped answering over, and back once
 * it answers again. Keeps the first error and goes on. */
static int
virStorageBackendOntapNFSRefreshPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    size_t nhost = def->source.nhost;
    g_autofree bool *reachable = g_new0(bool, nhost);
    virErrorPtr first = NULL;
    bool changed = false;
    size_t i;
    int rc = 0;

    virStorageOntapNFSProbeHosts(def, ONTAP_NFS_CHECK_TIMEOUT_MS, reachable);
    if (virStorageBackendOntapNFSReadPaths(def) < 0)
        return -1;

    for (i = 1; virStorageBackendOntapNFSTrunks(def) && i < nhost; i++) {
        if (!reachable[i] && ontap->paths[i].transports > 0)
            rc = virStorageBackendOntapNFSFailOver(def, i, reachable);
        else if (reachable[i] && ontap->paths[i].transports == 0)
            rc = virStorageBackendOntapNFSFailBack(def, i);
        else
            continue;
        changed = true;
        if (rc < 0)
            virStorageOntapErrorKeepFirst(&first);
    }

    if (changed && virStorageBackendOntapNFSReadPaths(def) < 0)
        virStorageOntapErrorKeepFirst(&first);

    for (i = 0; i < ontap->npaths; i++)
        ontap->paths[i].unreachable = !reachable[i];
    return virStorageOntapErrorRestoreFirst(&first);
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

    if (virStorageBackendOntapNFSReadPaths(def) < 0)
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

    if (ontap->degraded == VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': fewer NFS transports than configured to %2$s"),
                       def->name, virBufferCurrentContent(&missing));
        return -1;
    }
    VIR_WARN("ontap pool '%s' started degraded: fewer NFS transports than configured to %s",
             def->name, virBufferCurrentContent(&missing));
    return 0;
}


/* Probe every LIF: the primary must answer, and every trunk LIF too when
 * the pool fails rather than start degraded. */
static int
virStorageBackendOntapNFSProbe(virStoragePoolDef *def,
                               bool *reachable)
{
    g_auto(virBuffer) down = VIR_BUFFER_INITIALIZER;
    size_t i;

    virStorageOntapNFSProbeHosts(def, ONTAP_NFS_PROBE_TIMEOUT_MS, reachable);
    for (i = 0; i < def->source.nhost; i++) {
        if (!reachable[i] && (i == 0 || virStorageBackendOntapNFSTrunks(def)))
            virBufferAsprintf(&down, "%s, ", def->source.hosts[i].name);
    }
    virBufferTrim(&down, ", ");

    if (!reachable[0] ||
        (virBufferUse(&down) > 0 &&
         def->source.ontap->degraded == VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': NFS server unreachable at %2$s (no answer on the NFS port within %3$d seconds)"),
                       def->name, virBufferCurrentContent(&down),
                       ONTAP_NFS_PROBE_TIMEOUT_MS / 1000);
        return -1;
    }
    if (virBufferUse(&down) > 0)
        VIR_WARN("ontap pool '%s': NFS LIFs unreachable, not trunked: %s",
                 def->name, virBufferCurrentContent(&down));
    return 0;
}


/* Mount through the primary LIF, then trunk every other LIF that answers;
 * @mounted says which mounts exist. */
static int
virStorageBackendOntapNFSMountAll(virStoragePoolDef *def,
                                  const bool *reachable,
                                  bool *mounted)
{
    g_autoptr(virCommand) cmd = virStorageOntapNFSMountCmd(MOUNT, def, 0, def->target.path);
    size_t i;

    if (virStorageOntapCommandRun(cmd, NULL) < 0)
        return -1;
    mounted[0] = true;

    for (i = 1; virStorageBackendOntapNFSTrunks(def) && i < def->source.nhost; i++) {
        if (!reachable[i])
            continue;
        if (virStorageBackendOntapNFSMountTrunk(def, i) == 0) {
            mounted[i] = true;
            continue;
        }
        if (def->source.ontap->degraded == VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL)
            return -1;
        /* the pool starts degraded: the error becomes the warning */
        VIR_WARN("ontap pool '%s': trunking over %s failed: %s", def->name,
                 def->source.hosts[i].name, virGetLastErrorMessage());
        virResetLastError();
    }
    return 0;
}


static int
virStorageBackendOntapNFSStart(const virStorageBackendOntapMode *mode G_GNUC_UNUSED,
                               virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    size_t nhost = def->source.nhost;
    g_autofree bool *reachable = g_new0(bool, nhost);
    g_autofree bool *mounted = g_new0(bool, nhost);
    virErrorPtr orig;
    int ret = -1;

    if (virStorageOntapMountCheckTarget(def) < 0)
        return -1;

    /* Probing and mounting take time: let other calls see the pool list. */
    virObjectUnlock(pool);
    if (virStorageBackendOntapNFSProbe(def, reachable) == 0 &&
        virStorageBackendOntapNFSMountAll(def, reachable, mounted) == 0)
        ret = 0;
    virObjectLock(pool);

    if (ret == 0 && virStorageBackendOntapNFSVerify(def, mounted) == 0)
        return 0;

    /* Leave nothing mounted behind a failed start. */
    virErrorPreserveLast(&orig);
    virObjectUnlock(pool);
    ignore_value(virStorageBackendOntapNFSUnmountTrunks(def));
    if (mounted[0])
        ignore_value(virStorageOntapUnmount(def->target.path));
    virObjectLock(pool);
    virStoragePoolOntapSourceClearLiveState(def->source.ontap);
    virErrorRestore(&orig);
    return -1;
}


static int
virStorageBackendOntapNFSStop(const virStorageBackendOntapMode *mode G_GNUC_UNUSED,
                              virStoragePoolDef *def)
{
    return virStorageBackendOntapNFSUnmountTrunks(def);
}


/* Daemon start: adopt what a previous daemon mounted, without a remount
 * or a second trunk. */
static int
virStorageBackendOntapNFSCheck(const virStorageBackendOntapMode *mode G_GNUC_UNUSED,
                               virStoragePoolObj *pool,
                               bool *isActive)
{
    int rc;

    if ((rc = virStorageOntapNFSIsMounted(virStoragePoolObjGetDef(pool))) < 0)
        return -1;
    *isActive = rc > 0;
    return 0;
}


static int
virStorageBackendOntapNFSBuild(const virStorageBackendOntapMode *mode G_GNUC_UNUSED,
                               virStoragePoolObj *pool,
                               unsigned int flags)
{
    if (flags != 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       _("ontap NFS pools have no filesystem to format: build them without --overwrite or --no-overwrite"));
        return -1;
    }
    return virStorageBackendBuildLocal(pool);
}


const virStorageBackendOntapMode virStorageBackendOntapNFSMode = {
    .check = virStorageBackendOntapNFSCheck,
    .build = virStorageBackendOntapNFSBuild,
    .start = virStorageBackendOntapNFSStart,
    .stop = virStorageBackendOntapNFSStop,
    .refreshPaths = virStorageBackendOntapNFSRefreshPaths,
};
