/*
 * storage_backend_ontap_monitor.c: the path monitor of active 'ontap'
 * pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A path of the array can die or come back at any time, and nobody has
 * to call pool-refresh for the pool to notice: one thread per active
 * pool probes its paths every <monitor interval='...'/> seconds, as a
 * refresh does (an NFS LIF that stops answering has its transports moved
 * to a live one, and back when it answers), and when the state of a path
 * changed, logs it once with the path's address, puts the new state into
 * the pool and queues the pool's refresh event. The probing runs without
 * the pool's lock, one probe of a pool at a time (the monitor's or a
 * refresh's: two would move the same transports).
 */

#include <config.h>

#include "storage_backend_ontap_monitor.h"
#include "storage_backend_ontap_refresh.h"
#include "storage_ontap_pathstate.h"
#include "viralloc.h"
#include "virerror.h"
#include "virlog.h"
#include "virthread.h"
#include "virtime.h"
#include "viruuid.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap_monitor");

typedef struct _virStorageBackendOntapMonitor virStorageBackendOntapMonitor;
struct _virStorageBackendOntapMonitor {
    virMutex lock;              /* quit */
    virCond cond;
    bool quit;
    virMutex probing;           /* one probe of the pool's paths at a time */
    virThread thread;
    const virStorageBackendOntapMode *mode;
    virStoragePoolObj *pool;    /* a reference */
    unsigned int interval;      /* seconds */
    char *name;
};

/* The monitors of active pools, by the pools' UUIDs. */
static virMutex ontapMonitorsLock = VIR_MUTEX_INITIALIZER;
static GHashTable *ontapMonitors;


static void
virStorageBackendOntapMonitorFree(virStorageBackendOntapMonitor *mon)
{
    virObjectUnref(mon->pool);
    virCondDestroy(&mon->cond);
    virMutexDestroy(&mon->lock);
    virMutexDestroy(&mon->probing);
    g_free(mon->name);
    g_free(mon);
}


/* One look at the pool's paths. */
static void
virStorageBackendOntapMonitorCheck(virStorageBackendOntapMonitor *mon)
{
    virStoragePoolObj *pool = mon->pool;
    virStoragePoolDef *def;
    g_autoptr(virStoragePoolDef) scratch = NULL;
    int rc;

    virObjectLock(pool);
    /* a daemon that adopted the pool has not finished starting it */
    if (virStoragePoolObjIsActive(pool))
        scratch = virStorageBackendOntapScratchDef(virStoragePoolObjGetDef(pool));
    virObjectUnlock(pool);
    if (!scratch)
        goto error;

    virMutexLock(&mon->probing);
    rc = mon->mode->refreshPaths(scratch);
    virMutexUnlock(&mon->probing);
    if (rc < 0)
        goto error;

    virObjectLock(pool);
    def = virStoragePoolObjGetDef(pool);
    /* A pool whose paths were never read has no state to change from. */
    if (virStoragePoolObjIsActive(pool) && def->source.ontap->npaths == 0) {
        virStorageBackendOntapTakeLiveState(def, scratch);
    } else if (virStoragePoolObjIsActive(pool)) {
        g_autoptr(GPtrArray) changes = NULL;
        size_t i;

        changes = virStorageOntapPathStateChanges(def->source.ontap,
                                                  scratch->source.ontap);
        for (i = 0; i < changes->len; i++)
            VIR_WARN("ontap pool '%s': path %s", def->name,
                     (const char *) g_ptr_array_index(changes, i));
        if (changes->len > 0) {
            virStorageBackendOntapTakeLiveState(def, scratch);
            virStorageDriverPoolEventRefresh(pool);
        }
    }
    virObjectUnlock(pool);
    return;

 error:
    if (virGetLastErrorCode() != VIR_ERR_OK)
        VIR_WARN("ontap pool '%s': cannot read the state of its paths: %s",
                 mon->name, virGetLastErrorMessage());
    virResetLastError();
}


/* Whether the monitor should stop, having waited for its next turn. */
static bool
virStorageBackendOntapMonitorWait(virStorageBackendOntapMonitor *mon)
{
    unsigned long long now;
    unsigned long long when;
    VIR_LOCK_GUARD lock = virLockGuardLock(&mon->lock);

    if (virTimeMillisNow(&now) < 0)
        return true;
    when = now + mon->interval * 1000ULL;

    while (!mon->quit) {
        if (virCondWaitUntil(&mon->cond, &mon->lock, when) < 0) {
            if (errno != ETIMEDOUT)
                VIR_WARN("ontap pool '%s': the path monitor cannot wait", mon->name);
            break;
        }
    }
    return mon->quit;
}


static void
virStorageBackendOntapMonitorRun(void *opaque)
{
    virStorageBackendOntapMonitor *mon = opaque;

    VIR_DEBUG("ontap pool '%s': watching its paths every %u s",
              mon->name, mon->interval);

    while (!virStorageBackendOntapMonitorWait(mon)) {
        /* the storage driver is shutting down */
        if (!virStorageDriverWorkBegin())
            break;
        virStorageBackendOntapMonitorCheck(mon);
        virStorageDriverWorkEnd();
    }
}


/**
 * virStorageBackendOntapMonitorStart:
 * @mode: the pool's mode
 * @pool: an active pool, locked
 *
 * Watch @pool's paths until virStorageBackendOntapMonitorStop, unless its
 * XML disabled the monitor.
 */
int
virStorageBackendOntapMonitorStart(const virStorageBackendOntapMode *mode,
                                   virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    const virStoragePoolOntapMonitor *conf = &def->source.ontap->monitor;
    char uuid[VIR_UUID_STRING_BUFLEN];
    virStorageBackendOntapMonitor *mon;
    VIR_LOCK_GUARD lock = virLockGuardLock(&ontapMonitorsLock);

    if (!virStoragePoolOntapMonitorEnabled(conf))
        return 0;

    if (!ontapMonitors)
        ontapMonitors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    virUUIDFormat(def->uuid, uuid);
    if (g_hash_table_contains(ontapMonitors, uuid))
        return 0;

    mon = g_new0(virStorageBackendOntapMonitor, 1);
    if (virMutexInit(&mon->lock) < 0 ||
        virMutexInit(&mon->probing) < 0 ||
        virCondInit(&mon->cond) < 0) {
        virReportSystemError(errno, "%s", _("cannot initialize the path monitor's locks"));
        g_free(mon);
        return -1;
    }
    mon->mode = mode;
    mon->pool = virObjectRef(pool);
    mon->interval = virStoragePoolOntapMonitorInterval(conf);
    mon->name = g_strdup(def->name);

    if (virThreadCreateFull(&mon->thread, true, virStorageBackendOntapMonitorRun,
                            "ontap-monitor", false, mon) < 0) {
        virReportSystemError(errno,
                             _("cannot start the path monitor of ontap pool '%1$s'"),
                             def->name);
        virStorageBackendOntapMonitorFree(mon);
        return -1;
    }

    g_hash_table_insert(ontapMonitors, g_strdup(uuid), mon);
    return 0;
}


/**
 * virStorageBackendOntapMonitorStop:
 * @def: the definition of a pool, unlocked (the monitor may be waiting for
 *       its lock)
 *
 * Stop watching the pool's paths, once the look in progress is done.
 */
void
virStorageBackendOntapMonitorStop(virStoragePoolDef *def)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    virStorageBackendOntapMonitor *mon = NULL;

    virUUIDFormat(def->uuid, uuid);
    VIR_WITH_MUTEX_LOCK_GUARD(&ontapMonitorsLock) {
        if (ontapMonitors)
            g_hash_table_steal_extended(ontapMonitors, uuid, NULL, (gpointer *) &mon);
    }
    if (!mon)
        return;

    VIR_WITH_MUTEX_LOCK_GUARD(&mon->lock) {
        mon->quit = true;
        virCondSignal(&mon->cond);
    }
    virThreadJoin(&mon->thread);
    VIR_DEBUG("ontap pool '%s': no longer watching its paths", mon->name);
    virStorageBackendOntapMonitorFree(mon);
}


/**
 * virStorageBackendOntapMonitorRefreshPaths:
 * @mode: the pool's mode
 * @uuid: the pool's UUID
 * @scratch: the copy of its definition being probed
 *
 * The state of the pool's paths into @scratch, as the monitor reads it
 * but not at the same time.
 */
int
virStorageBackendOntapMonitorRefreshPaths(const virStorageBackendOntapMode *mode,
                                          const unsigned char *uuid,
                                          virStoragePoolDef *scratch)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virMutex *probing = NULL;
    int rc;

    virUUIDFormat(uuid, uuidstr);
    /* A monitor is stopped only with its pool, which a refresh keeps
     * from stopping (its asynchronous job). */
    VIR_WITH_MUTEX_LOCK_GUARD(&ontapMonitorsLock) {
        virStorageBackendOntapMonitor *mon = NULL;

        if (ontapMonitors && (mon = g_hash_table_lookup(ontapMonitors, uuidstr)))
            probing = &mon->probing;
    }

    if (probing)
        virMutexLock(probing);
    rc = mode->refreshPaths(scratch);
    if (probing)
        virMutexUnlock(probing);
    return rc;
}
