/*
 * storageontapcommandtest.c: the bound on each program an ontap pool runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"

#define LIBVIRT_VIRCOMMANDPRIV_H_ALLOW
#include "vircommandpriv.h"
#include "storage/storage_ontap_command.h"

#define VIR_FROM_THIS VIR_FROM_NONE


static int
testBounds(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virCommand) cmd = virStorageOntapCommandNew("/usr/sbin/iscsiadm", "--mode", "session", NULL);
    g_autofree char *line = virCommandToString(cmd, false);

    if (virStorageOntapCommandBound("/usr/sbin/iscsiadm") != 120 ||
        virStorageOntapCommandBound("mkfs.ocfs2") != 600 ||
        virStorageOntapCommandBound("no-such-tool") != 60)
        return -1;
    return virTestCompareToString("timeout --kill-after=5 120 /usr/sbin/iscsiadm --mode session",
                                  line);
}


/* A program that fails says so with its status and its standard error;
 * a caller that asks for the status judges it. */
static int
testRun(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virCommand) fails = virStorageOntapCommandNew("sh", "-c", "echo oops >&2; exit 3", NULL);
    g_autoptr(virCommand) judged = virStorageOntapCommandNew("sh", "-c", "exit 3", NULL);
    g_autoptr(virCommand) works = virStorageOntapCommandNew("true", NULL);
    int status = 0;

    if (virStorageOntapCommandRun(fails, NULL) == 0 ||
        virTestCompareToString("internal error: 'sh -c echo oops >&2; exit 3' exited with status 3: oops",
                               virGetLastErrorMessage()) < 0)
        return -1;
    virResetLastError();
    if (virStorageOntapCommandRun(judged, &status) < 0 || status != 3 ||
        virStorageOntapCommandRun(works, NULL) < 0)
        return -1;
    return 0;
}


/* timeout(1) as the test fakes it: the program hit its bound, or needed
 * SIGKILL after it. */
static void
testTimedOut(const char *const*args G_GNUC_UNUSED,
             const char *const*env G_GNUC_UNUSED,
             const char *input G_GNUC_UNUSED,
             char **output,
             char **error,
             int *status,
             void *opaque)
{
    *output = g_strdup("");
    *error = g_strdup("");
    *status = *(int *) opaque;
}


static int
testTimeout(const void *opaque G_GNUC_UNUSED)
{
    int statuses[] = { 124, 128 + 9 };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(statuses); i++) {
        g_autoptr(virCommandDryRunToken) token = virCommandDryRunTokenNew();
        g_autoptr(virCommand) cmd = virStorageOntapCommandNew("/usr/bin/mount", "/dev/sdb", "/mnt", NULL);
        int status = 0;

        virCommandSetDryRun(token, NULL, false, false, testTimedOut, &statuses[i]);
        /* the bound is an error even to a caller that judges the status */
        if (virStorageOntapCommandRun(cmd, &status) == 0 ||
            virTestCompareToString("Timed out during operation: /usr/bin/mount did not finish within 180 seconds and was stopped",
                                   virGetLastErrorMessage()) < 0)
            return -1;
        virResetLastError();
    }
    return 0;
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("each program's bound", testBounds, NULL) < 0)
        ret = -1;
    if (virTestRun("a program that fails", testRun, NULL) < 0)
        ret = -1;
    if (virTestRun("a program that hits its bound", testTimeout, NULL) < 0)
        ret = -1;
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
