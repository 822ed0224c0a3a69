/*
 * storageontapclusterfstest.c: which cluster nodes have an 'ontap' pool's
 * OCFS2 mounted, as mounted.ocfs2 prints it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virerror.h"
#include "storage/storage_ontap_clusterfs.h"

#define VIR_FROM_THIS VIR_FROM_NONE

typedef struct {
    const char *output;
    const char *nodes;      /* NULL: mounted nowhere */
    const char *error;      /* set: the output cannot be read */
} testMountedData;


static int
testParseMounted(const void *opaque)
{
    const testMountedData *data = opaque;
    g_autofree char *nodes = NULL;
    int rc = virStorageOntapClusterFSParseMounted(data->output, &nodes);

    if (data->error) {
        if (rc == 0)
            return -1;
        return virTestCompareToString(data->error, virGetLastErrorMessage());
    }
    if (rc < 0)
        return -1;
    if (!data->nodes)
        return nodes ? -1 : 0;
    return virTestCompareToString(data->nodes, nodes);
}


static int
mymain(void)
{
    /* As mounted.ocfs2 -f of ocfs2-tools 1.8 (Debian 12) printed it in the
     * two-host harness (the flags column blank); the last two are what a
     * failing or unknown tool would print. */
    static const testMountedData data[] = {
        { "Device        Stack  Cluster  F  Nodes\n"
          "/dev/nvme0n1  o2cb   ontapvm     host-a, host-b\n",
          "host-a, host-b", NULL },
        { "Device        Stack  Cluster  F  Nodes\n"
          "/dev/nvme0n1  o2cb   ontapvm     host-b\n",
          "host-b", NULL },
        { "Device        Stack  Cluster  F  Nodes\n"
          "/dev/nvme0n1  o2cb   ontapvm     Not mounted\n",
          NULL, NULL },
        { "Device   Stack  Cluster  F  Nodes\n", NULL, NULL },
        { "mounted.ocfs2: No such file or directory while opening device\n", NULL,
          "internal error: cannot read which nodes have the OCFS2 filesystem mounted from 'mounted.ocfs2: No such file or directory while opening device\n'" },
        { "", NULL,
          "internal error: cannot read which nodes have the OCFS2 filesystem mounted from ''" },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(data); i++) {
        g_autofree char *name = g_strdup_printf("mounted.ocfs2 output %zu", i);

        if (virTestRun(name, testParseMounted, &data[i]) < 0)
            ret = -1;
    }
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
