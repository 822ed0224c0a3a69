/*
 * storageontapmpathtest.c: paths of dm-multipath maps, parsed from the
 * device-mapper status of 'multipath' targets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virfile.h"
#include "storage/storage_ontap_mpath.h"

#define VIR_FROM_THIS VIR_FROM_NONE


static int
testParseStatus(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *statusFile = g_strdup_printf("%s/storageontapmpathdata/%s.status",
                                                  abs_srcdir, name);
    g_autofree char *expected = g_strdup_printf("%s/storageontapmpathdata/%s.txt",
                                                abs_srcdir, name);
    g_autofree char *status = NULL;
    g_autofree char *actual = NULL;
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autoptr(GPtrArray) paths = NULL;
    size_t i;

    if (virFileReadAll(statusFile, 4096, &status) < 0 ||
        virStorageOntapMpathParseStatus(status, &paths) < 0)
        return -1;

    for (i = 0; i < paths->len; i++) {
        virStorageOntapMpathPath *p = g_ptr_array_index(paths, i);

        virBufferAsprintf(&buf, "%s %s failures=%u group=%u (%c)\n", p->device,
                          p->active ? "active" : "failed", p->failures,
                          p->group, p->groupState);
    }

    actual = virBufferContentAndReset(&buf);
    return virTestCompareToFile(actual, expected);
}


static int
testParseBad(const void *opaque)
{
    const char *name = opaque;
    g_autofree char *statusFile = g_strdup_printf("%s/storageontapmpathdata/%s.status",
                                                  abs_srcdir, name);
    g_autofree char *status = NULL;
    g_autoptr(GPtrArray) paths = NULL;

    if (virFileReadAll(statusFile, 4096, &status) < 0)
        return -1;
    if (virStorageOntapMpathParseStatus(status, &paths) == 0)
        return -1;
    virResetLastError();
    return 0;
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("two path groups", testParseStatus, "two-groups") < 0)
        ret = -1;
    if (virTestRun("one failed path", testParseStatus, "one-failed") < 0)
        ret = -1;
    if (virTestRun("truncated status", testParseBad, "truncated") < 0)
        ret = -1;

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
