/*
 * storageontapparalleltest.c: one job per path of an 'ontap' pool, all
 * at once, each with its own error
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virthread.h"
#include "virtime.h"
#include "storage/storage_ontap_parallel.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define TEST_JOBS 6

typedef struct {
    virMutex lock;
    virCond cond;
    size_t running;
    bool together;          /* every job ran while the others waited */
    bool done[TEST_JOBS];
} testJobs;


/* Each job waits until every job runs: they only all finish if they run
 * at once. Odd jobs fail. */
static int
testJob(size_t i,
        void *opaque)
{
    testJobs *jobs = opaque;
    unsigned long long deadline = 0;
    VIR_LOCK_GUARD lock = virLockGuardLock(&jobs->lock);

    ignore_value(virTimeMillisNow(&deadline));
    deadline += 10 * 1000;
    jobs->running++;
    virCondBroadcast(&jobs->cond);
    while (jobs->running < TEST_JOBS) {
        if (virCondWaitUntil(&jobs->cond, &jobs->lock, deadline) < 0)
            break;
    }
    if (jobs->running == TEST_JOBS)
        jobs->together = true;
    jobs->done[i] = true;

    if (i % 2) {
        virReportError(VIR_ERR_OPERATION_FAILED, "job %zu failed", i);
        return -1;
    }
    return 0;
}


static int
testParallel(const void *opaque G_GNUC_UNUSED)
{
    testJobs jobs = { 0 };
    g_autoptr(GPtrArray) errors = NULL;
    size_t i;

    if (virMutexInit(&jobs.lock) < 0 || virCondInit(&jobs.cond) < 0)
        return -1;

    errors = virStorageOntapParallel(TEST_JOBS, testJob, &jobs, "test-job");
    if (errors->len != TEST_JOBS || !jobs.together)
        return -1;
    for (i = 0; i < TEST_JOBS; i++) {
        virErrorPtr err = g_ptr_array_index(errors, i);
        g_autofree char *expected = g_strdup_printf("operation failed: job %zu failed", i);

        if (!jobs.done[i])
            return -1;
        if (i % 2 == 0 && err)
            return -1;
        if (i % 2 && (!err || virTestCompareToString(expected, err->message) < 0))
            return -1;
    }
    virMutexDestroy(&jobs.lock);
    virCondDestroy(&jobs.cond);
    return 0;
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("jobs at once, errors apart", testParallel, NULL) < 0)
        ret = -1;
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
