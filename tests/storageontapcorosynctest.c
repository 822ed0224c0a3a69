/*
 * storageontapcorosynctest.c: which cluster nodes have a GFS2 'ontap'
 * pool's filesystem mounted, as corosync lists its DLM lockspace
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virerror.h"
#include "storage/storage_ontap_corosync.h"

#define VIR_FROM_THIS VIR_FROM_NONE

typedef struct {
    const char *cpg;
    const char *lockspace;
    const char *nodes;      /* NULL: in no node's use */
    const char *error;      /* set: the output cannot be read */
} testLockspaceData;


/* As corosync-cmapctl -b nodelist.node of corosync 3.1 (Debian 12)
 * printed it in the two-host harness. */
static const char *cmap =
    "nodelist.node.0.name (str) = host-a\n"
    "nodelist.node.0.nodeid (u32) = 1\n"
    "nodelist.node.0.ring0_addr (str) = 10.77.0.1\n"
    "nodelist.node.1.name (str) = host-b\n"
    "nodelist.node.1.nodeid (u32) = 2\n"
    "nodelist.node.1.ring0_addr (str) = 10.77.0.2\n"
    "nodelist.node.2.nodeid (u32) = 12\n"
    "nodelist.node.2.ring0_addr (str) = 10.77.0.12\n";


static int
testParseLockspace(const void *opaque)
{
    const testLockspaceData *data = opaque;
    g_autofree char *nodes = NULL;
    int rc = virStorageOntapCorosyncParseLockspace(data->cpg, cmap,
                                                   data->lockspace, &nodes);

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
    /* corosync-cpgtool -d , of corosync 3.1 (Debian 12), dlm_controld's
     * group names sent with their closing NUL; the last ones are a node
     * without a name, another lockspace only, and what a tool that cannot
     * reach corosync would print. */
    static const testLockspaceData data[] = {
        { "GRP_NAME,PID,NODEID\n"
          "dlm:ls:th-gfs\\x00,1342,1\n"
          "dlm:ls:th-gfs\\x00,1339,2\n"
          "dlm:controld\\x00,1342,1\n"
          "dlm:controld\\x00,1339,2\n",
          "th-gfs", "host-a, host-b", NULL },
        { "GRP_NAME,PID,NODEID\n"
          "dlm:ls:th-gfs\\x00,1342,1\n"
          "dlm:controld\\x00,1342,1\n"
          "dlm:controld\\x00,1339,2\n",
          "th-gfs", "host-a", NULL },
        { "GRP_NAME,PID,NODEID\n"
          "dlm:ls:th-gfs\\x00,1342,12\n"
          "dlm:ls:th-gfs\\x00,1339,7\n",
          "th-gfs", "10.77.0.12, node 7", NULL },
        { "GRP_NAME,PID,NODEID\n"
          "dlm:ls:th-gfs2\\x00,1342,1\n"
          "dlm:ls:th\\x00,1342,2\n"
          "dlm:controld\\x00,1342,1\n",
          "th-gfs", NULL, NULL },
        { "GRP_NAME,PID,NODEID\n", "th-gfs", NULL, NULL },
        { "Could not initialize corosync cpg API error 2\n", "th-gfs", NULL,
          "internal error: cannot read the corosync process groups from 'Could not initialize corosync cpg API error 2\n'" },
    };
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(data); i++) {
        g_autofree char *name = g_strdup_printf("corosync-cpgtool output %zu", i);

        if (virTestRun(name, testParseLockspace, &data[i]) < 0)
            ret = -1;
    }
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
