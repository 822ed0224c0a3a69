/*
 * storage_backend_ontap_block.c: the lifecycle the block modes of the
 * ontap backend share (NVMe-oF, iSCSI, FC)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * attach (every path connected, the device there) -> probe and format
 * (build only) -> mount. What the pool holds is noted under the storage
 * driver's state directory, so that stop, even in a later daemon, lets go
 * of exactly that; build holds it only for the while.
 */

#include <config.h>

#include "storage_backend_ontap_block.h"
#include "storage_ontap_command.h"
#include "storage_ontap_clusterfs.h"
#include "storage_ontap_mount.h"
#include "storage_ontap_sysfs.h"
#include "storage_util.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virtime.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap_block");


/* A filesystem a host of the cluster has mounted is never erased,
 * whatever build's flags say. */
static int
virStorageBackendOntapBlockCheckUnmounted(virStoragePoolDef *def,
                                          const char *device,
                                          const char *found)
{
    g_autofree char *nodes = NULL;

    if (virStorageOntapClusterFSMountedNodes(device, found, &nodes) < 0)
        return -1;
    if (nodes) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': the %2$s filesystem on %3$s is mounted on %4$s: refusing to format it, with or without --overwrite"),
                       def->name, found, device, nodes);
        return -1;
    }
    return 0;
}


/* Format the device when build may: see docs/storage.rst. */
static int
virStorageBackendOntapBlockFormat(virStoragePoolDef *def,
                                  const char *device,
                                  unsigned int flags)
{
    const char *format = virStoragePoolOntapFormatTypeToString(def->source.ontap->format);
    g_autofree char *found = NULL;
    g_autoptr(virCommand) cmd = NULL;
    int rc;

    if ((rc = virStorageOntapClusterFSProbe(device, &found)) < 0)
        return -1;

    if (rc > 0 && (flags & VIR_STORAGE_POOL_BUILD_OVERWRITE)) {
        if (virStorageBackendOntapBlockCheckUnmounted(def, device, found) < 0)
            return -1;
        VIR_INFO("ontap pool '%s': erasing %s on %s as asked", def->name, found, device);
        if (virStorageOntapClusterFSWipe(device) < 0)
            return -1;
    } else if (rc > 0 && STREQ(found, format) &&
               !(flags & VIR_STORAGE_POOL_BUILD_NO_OVERWRITE)) {
        VIR_INFO("ontap pool '%s': %s already holds %s, left as it is",
                 def->name, device, format);
        return 0;
    } else if (rc > 0 && STREQ(found, format)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': %2$s already holds an %3$s filesystem, not formatting it again (--no-overwrite)"),
                       def->name, device, format);
        return -1;
    } else if (rc > 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': %2$s holds %3$s, not %4$s: refusing to format it (build with --overwrite to erase it)"),
                       def->name, device, found, format);
        return -1;
    }

    if (!(cmd = virStorageOntapClusterFSMkfsCmd(def, device)))
        return -1;
    return virStorageOntapCommandRun(cmd, NULL);
}


/* The device must hold the pool's filesystem before it is mounted. */
static int
virStorageBackendOntapBlockMount(virStoragePoolDef *def,
                                 const char *device)
{
    const char *format = virStoragePoolOntapFormatTypeToString(def->source.ontap->format);
    g_autofree char *found = NULL;
    g_autoptr(virCommand) cmd = NULL;
    int rc;

    if ((rc = virStorageOntapClusterFSProbe(device, &found)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': %2$s holds no filesystem: build the pool first"),
                       def->name, device);
        return -1;
    }
    if (STRNEQ(found, format)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': %2$s holds %3$s, not %4$s"),
                       def->name, device, found, format);
        return -1;
    }

    cmd = virStorageOntapClusterFSMountCmd(MOUNT, def, device);
    return virStorageOntapCommandRun(cmd, NULL);
}


/* Let go of what @held says, keeping the error the caller reports. */
static void
virStorageBackendOntapBlockUndo(const virStorageBackendOntapMode *mode,
                                virStoragePoolDef *def,
                                virStorageOntapNote *held)
{
    virErrorPtr orig;

    virErrorPreserveLast(&orig);
    ignore_value(mode->release(def, held));
    virStorageOntapNoteForget(virStorageDriverGetStateDir(), def->name, mode->note);
    virErrorRestore(&orig);
}


int
virStorageBackendOntapBlockBuild(const virStorageBackendOntapMode *mode,
                                 virStoragePoolObj *pool,
                                 unsigned int flags)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    g_autofree char *file = virStorageOntapNoteFile(virStorageDriverGetStateDir(),
                                                    def->name, mode->note);
    g_autoptr(virStorageOntapNote) held = virStorageOntapNoteNew();
    g_autofree char *device = NULL;
    int ret;

    if (virStorageBackendBuildLocal(pool) < 0)
        return -1;
    virStorageOntapNoteJournal(held, file);
    if (mode->attach(def, false, held, &device) < 0) {
        /* attach let go of what it connected */
        virStorageOntapNoteForget(virStorageDriverGetStateDir(), def->name, mode->note);
        return -1;
    }

    ret = virStorageBackendOntapBlockFormat(def, device, flags);

    /* Build leaves the pool inactive: attached only for the while. */
    if (ret < 0) {
        virStorageBackendOntapBlockUndo(mode, def, held);
    } else if (mode->release(def, held) < 0) {
        ret = -1;
    } else {
        virStorageOntapNoteForget(virStorageDriverGetStateDir(), def->name, mode->note);
    }
    virStoragePoolOntapSourceClearLiveState(def->source.ontap);
    return ret;
}


int
virStorageBackendOntapBlockStart(const virStorageBackendOntapMode *mode,
                                 virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    g_autofree char *file = virStorageOntapNoteFile(virStorageDriverGetStateDir(),
                                                    def->name, mode->note);
    bool autostart = virStoragePoolObjIsAutostart(pool);
    g_autoptr(virStorageOntapNote) held = virStorageOntapNoteNew();
    g_autofree char *device = NULL;
    int ret = -1;

    if (virStorageOntapMountCheckTarget(def) < 0 ||
        virStorageOntapClusterFSCheckStack(VIR_STORAGE_ONTAP_SYSFS, def) < 0)
        return -1;

    /* Connecting takes time: let other calls see the pool list. */
    virObjectUnlock(pool);
    virStorageOntapNoteJournal(held, file);
    if (mode->attach(def, autostart, held, &device) == 0) {
        /* the journal only logs a failed write: a start must not go on
         * without its note */
        if (virStorageOntapNoteWrite(file, held) == 0 &&
            virStorageBackendOntapBlockMount(def, device) == 0)
            ret = 0;
        else
            virStorageBackendOntapBlockUndo(mode, def, held);
    } else {
        /* attach let go of what it connected */
        virStorageOntapNoteForget(virStorageDriverGetStateDir(), def->name, mode->note);
    }
    virObjectLock(pool);

    if (ret < 0) {
        virStoragePoolOntapSourceClearLiveState(def->source.ontap);
        return -1;
    }
    /* The paths' state is information: a failure to read it is logged. */
    if (mode->refreshPaths(def) < 0)
        virResetLastError();
    return 0;
}


/* Whether the target is mounted, once the mount that a daemon killed in
 * the middle of pool-start may have left running is over (it is bounded:
 * see storage_ontap_command.c). */
static int
virStorageBackendOntapBlockMounted(virStoragePoolDef *def)
{
    unsigned int bound = virStorageOntapCommandBound(MOUNT) +
                         VIR_STORAGE_ONTAP_COMMAND_KILL_AFTER + 5;
    virTimeBackOffVar timeout;
    pid_t pid = 0;

    if (virTimeBackOffStart(&timeout, 100, bound * 1000) < 0)
        return -1;
    while (virTimeBackOffWait(&timeout)) {
        if (!(pid = virStorageOntapMountPending(VIR_STORAGE_ONTAP_PROC, def->target.path)))
            return virStorageOntapMountFind(VIR_STORAGE_ONTAP_MOUNTS, def->target.path, NULL);
        VIR_DEBUG("pool '%s': process %lld is mounting on %s, waiting",
                  def->name, (long long) pid, def->target.path);
    }
    virReportError(VIR_ERR_OPERATION_TIMEOUT,
                   _("ontap pool '%1$s': process %2$lld still mounts on %3$s after %4$u seconds: leaving the pool's paths as they are"),
                   def->name, (long long) pid, def->target.path, bound);
    return -1;
}


/* Daemon start: adopt what a previous daemon started, the paths the pool
 * holds noted and its target mounted. */
int
virStorageBackendOntapBlockCheck(const virStorageBackendOntapMode *mode,
                                 virStoragePoolObj *pool,
                                 bool *isActive)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    g_autofree char *file = virStorageOntapNoteFile(virStorageDriverGetStateDir(),
                                                    def->name, mode->note);
    int rc;

    *isActive = false;
    if (!virFileExists(file))
        return 0;
    if ((rc = virStorageBackendOntapBlockMounted(def)) < 0)
        return -1;
    if (rc > 0) {
        *isActive = true;
        if (mode->refreshPaths(def) < 0)
            virResetLastError();
        return 0;
    }

    /* Noted but no longer mounted (unmounted by hand, or a start cut
     * short): the pool is inactive, so let go of what it holds. */
    VIR_WARN("ontap pool '%s': %s is not mounted any more, letting go of what the pool connected",
             def->name, def->target.path);
    return virStorageBackendOntapBlockStop(mode, def);
}


/* Let go of what the pool noted, and forget it; what could not be let go
 * of stays noted for the next stop. */
int
virStorageBackendOntapBlockStop(const virStorageBackendOntapMode *mode,
                                virStoragePoolDef *def)
{
    const char *stateDir = virStorageDriverGetStateDir();
    g_autofree char *file = virStorageOntapNoteFile(stateDir, def->name, mode->note);
    g_autoptr(virStorageOntapNote) held = NULL;

    if (virStorageOntapNoteRead(file, &held) < 0 ||
        mode->release(def, held) < 0)
        return -1;
    virStorageOntapNoteForget(stateDir, def->name, mode->note);
    return 0;
}
