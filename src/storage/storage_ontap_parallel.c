/*
 * storage_ontap_parallel.c: one connection per path of an 'ontap' pool,
 * all at once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A path that does not answer costs its connect timeout: done one after
 * another, four dead portals would cost four of them. The kernel takes
 * NVMe connects and iSCSI logins of several portals at once.
 */

#include <config.h>

#include "storage_ontap_parallel.h"
#include "virerror.h"
#include "virthread.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

typedef struct _virStorageOntapParallelJob virStorageOntapParallelJob;
struct _virStorageOntapParallelJob {
    virStorageOntapParallelFunc func;
    void *opaque;
    size_t i;
    virThread thread;
    bool started;
    virErrorPtr error;
};


static void
virStorageOntapParallelThread(void *opaque)
{
    virStorageOntapParallelJob *job = opaque;

    if (job->func(job->i, job->opaque) < 0)
        job->error = virSaveLastError();
}


/**
 * virStorageOntapParallel:
 * @njobs: how many jobs
 * @func: what each does
 * @opaque: passed to @func with the job's index
 * @name: the threads' name
 *
 * Run @func for every index below @njobs, each in a thread of its own,
 * and wait for all of them.
 *
 * Returns the error of each job (NULL where it succeeded), @njobs
 * entries freed with the array. A thread that cannot be created is the
 * error of its job.
 */
GPtrArray *
virStorageOntapParallel(size_t njobs,
                        virStorageOntapParallelFunc func,
                        void *opaque,
                        const char *name)
{
    g_autofree virStorageOntapParallelJob *jobs = g_new0(virStorageOntapParallelJob, njobs);
    GPtrArray *errors = g_ptr_array_new_full(njobs, (GDestroyNotify) virFreeError);
    size_t i;

    for (i = 0; i < njobs; i++) {
        jobs[i].func = func;
        jobs[i].opaque = opaque;
        jobs[i].i = i;
        if (virThreadCreateFull(&jobs[i].thread, true, virStorageOntapParallelThread,
                                name, false, &jobs[i]) < 0) {
            jobs[i].error = virSaveLastError();
            continue;
        }
        jobs[i].started = true;
    }

    for (i = 0; i < njobs; i++) {
        if (jobs[i].started)
            virThreadJoin(&jobs[i].thread);
        g_ptr_array_add(errors, g_steal_pointer(&jobs[i].error));
    }
    return errors;
}
