/*
 * storage_ontap_volumes.c: the volumes of an 'ontap' pool's target, read
 * by several threads at once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Reading a volume (its size, its format from its header) waits mostly
 * for the server or the array: one file after another, a pool of
 * thousands of images on NFS takes a minute to refresh. Several workers
 * keep that many requests in flight. The caller holds no lock meanwhile
 * and adds the volumes to the pool afterwards.
 */

#include <config.h>

#include <fcntl.h>
#include <sys/statvfs.h>

#include "storage_ontap_parallel.h"
#include "storage_ontap_volumes.h"
#include "storage_util.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_volumes");


void
virStorageOntapVolumesFree(virStorageOntapVolumes *volumes)
{
    if (!volumes)
        return;
    g_clear_pointer(&volumes->vols, g_ptr_array_unref);
    g_free(volumes->perms.label);
    g_free(volumes);
}


typedef struct _virStorageOntapVolumesJob virStorageOntapVolumesJob;
struct _virStorageOntapVolumesJob {
    const char *dir;
    GPtrArray *names;
    virStorageVolDef **vols;    /* one slot per name, NULL: not a volume */
    int next;                   /* the next name to read (atomic) */
    int failed;                 /* a worker failed: the others stop (atomic) */
};


/* Read volume @name of @dir into @vol, or leave it NULL when @name is no
 * regular file (lost+found, a dangling link). */
static int
virStorageOntapVolumesReadOne(const char *dir,
                              const char *name,
                              virStorageVolDef **vol)
{
    g_autoptr(virStorageVolDef) def = g_new0(virStorageVolDef, 1);
    int rc;

    def->name = g_strdup(name);
    def->type = VIR_STORAGE_VOL_FILE;
    def->target.path = g_strdup_printf("%s/%s", dir, name);
    def->key = g_strdup(def->target.path);

    if ((rc = virStorageBackendRefreshVolTargetUpdate(def)) == -2)
        return 0;
    if (rc < 0)
        return -1;
    *vol = g_steal_pointer(&def);
    return 0;
}


/* One worker: names off the shared counter until none is left. */
static int
virStorageOntapVolumesWorker(size_t worker G_GNUC_UNUSED,
                             void *opaque)
{
    virStorageOntapVolumesJob *job = opaque;
    int next;

    while (!g_atomic_int_get(&job->failed) &&
           (next = g_atomic_int_add(&job->next, 1)) < (int) job->names->len) {
        if (virStorageOntapVolumesReadOne(job->dir,
                                          g_ptr_array_index(job->names, next),
                                          &job->vols[next]) < 0) {
            g_atomic_int_set(&job->failed, 1);
            return -1;
        }
    }
    return 0;
}


static GPtrArray *
virStorageOntapVolumesNames(const char *dir)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    int rc;

    if (virDirOpen(&dh, dir) < 0)
        return NULL;
    while ((rc = virDirRead(dh, &ent, dir)) > 0) {
        if (virStringHasControlChars(ent->d_name)) {
            VIR_WARN("Ignoring file '%s' with control characters under '%s'",
                     ent->d_name, dir);
            continue;
        }
        g_ptr_array_add(names, g_strdup(ent->d_name));
    }
    if (rc < 0)
        return NULL;
    return g_steal_pointer(&names);
}


/* The size and free space of the filesystem of @dir, and its owner. */
static int
virStorageOntapVolumesReadDir(const char *dir,
                              virStorageOntapVolumes *volumes)
{
    g_autoptr(virStorageSource) target = virStorageSourceNew();
    VIR_AUTOCLOSE fd = -1;
    struct statvfs sb;
    struct stat st;

    if ((fd = open(dir, O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, _("cannot open path '%1$s'"), dir);
        return -1;
    }
    if (fstat(fd, &st) < 0) {
        virReportSystemError(errno, _("cannot stat path '%1$s'"), dir);
        return -1;
    }
    if (virStorageBackendUpdateVolTargetInfoFD(target, fd, &st) < 0)
        return -1;
    if (fstatvfs(fd, &sb) < 0) {
        virReportSystemError(errno, _("cannot statvfs path '%1$s'"), dir);
        return -1;
    }

    volumes->capacity = (unsigned long long) sb.f_frsize * sb.f_blocks;
    volumes->available = (unsigned long long) sb.f_frsize * sb.f_bfree;
    volumes->perms.mode = target->perms->mode;
    volumes->perms.uid = target->perms->uid;
    volumes->perms.gid = target->perms->gid;
    volumes->perms.label = g_strdup(target->perms->label);
    return 0;
}


/**
 * virStorageOntapVolumesRead:
 * @dir: the pool's target directory
 * @workers: how many files are read at once (at least 1)
 *
 * Every volume of @dir, as a 'dir' pool's refresh reads it, and the
 * filesystem's size: what a refresh adds to the pool once it holds the
 * pool's lock again.
 *
 * Returns the volumes, or NULL (error reported).
 */
virStorageOntapVolumes *
virStorageOntapVolumesRead(const char *dir,
                           size_t workers)
{
    g_autoptr(virStorageOntapVolumes) volumes = g_new0(virStorageOntapVolumes, 1);
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autofree virStorageVolDef **vols = NULL;
    virStorageOntapVolumesJob job = { 0 };
    size_t i;

    if (!(names = virStorageOntapVolumesNames(dir)))
        return NULL;

    vols = g_new0(virStorageVolDef *, names->len + 1);
    job.dir = dir;
    job.names = names;
    job.vols = vols;
    workers = MAX(1, MIN(workers, names->len));
    errors = virStorageOntapParallel(workers, virStorageOntapVolumesWorker,
                                     &job, "ontap-volumes");

    volumes->vols = g_ptr_array_new_full(names->len,
                                         (GDestroyNotify) virStorageVolDefFree);
    for (i = 0; i < names->len; i++) {
        if (vols[i])
            g_ptr_array_add(volumes->vols, g_steal_pointer(&vols[i]));
    }

    for (i = 0; i < errors->len; i++) {
        virErrorPtr err = g_ptr_array_index(errors, i);

        if (err) {
            virSetError(err);
            return NULL;
        }
    }
    VIR_DEBUG("%s: %u volumes of %u entries, %zu workers",
              dir, volumes->vols->len, names->len, workers);

    if (virStorageOntapVolumesReadDir(dir, volumes) < 0)
        return NULL;
    return g_steal_pointer(&volumes);
}
