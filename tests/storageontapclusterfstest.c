/*
 * storageontapclusterfstest.c: which cluster nodes have an 'ontap' pool's
 * OCFS2 mounted, as mounted.ocfs2 prints it, and what a start says of the
 * cluster stack as sysfs and configfs show it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virerror.h"
#include "virfile.h"
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


typedef struct {
    const char *stack;      /* /sys/fs/ocfs2/cluster_stack, NULL: none */
    const char *cluster;    /* registered in configfs, NULL: none */
    const char *local;      /* host-a's "local" there */
    const char *error;      /* NULL: the check passes */
} testStackData;


static int
testWrite(const char *dir,
          const char *rel,
          const char *value)
{
    g_autofree char *path = g_build_filename(dir, rel, NULL);
    g_autofree char *parent = g_path_get_dirname(path);

    if (g_mkdir_with_parents(parent, 0700) < 0)
        return -1;
    return virFileWriteStr(path, value, 0600);
}


/* The pool of examples/xml/storage/pool-ontap-iscsi.xml, o2cb cluster
 * kvmcl01, against a sysfs laid out as @opaque says. */
static int
testCheckStack(const void *opaque)
{
    const testStackData *data = opaque;
    g_autofree char *sysfs = g_strdup("/tmp/ontap-sysfs-XXXXXX");
    g_autofree char *xml = g_strdup_printf("%s/../examples/xml/storage/pool-ontap-iscsi.xml",
                                           abs_srcdir);
    g_autoptr(virStoragePoolDef) def = NULL;
    int rc;
    int ret = -1;

    if (!g_mkdtemp(sysfs))
        return -1;
    if (!(def = virStoragePoolDefParse(NULL, xml, 0)))
        goto cleanup;
    if (data->stack && testWrite(sysfs, "fs/ocfs2/cluster_stack", data->stack) < 0)
        goto cleanup;
    if (data->cluster) {
        g_autofree char *rel = g_strdup_printf("kernel/config/cluster/%s/node/host-a/local",
                                               data->cluster);

        if (testWrite(sysfs, rel, data->local) < 0)
            goto cleanup;
    }

    rc = virStorageOntapClusterFSCheckStack(sysfs, def);
    if (!data->error) {
        ret = rc;
    } else if (rc == 0) {
        VIR_TEST_DEBUG("the check passed, expected '%s'", data->error);
    } else {
        g_autofree char *expected = NULL;

        /* The messages name the fake sysfs: put it back to "SYSFS". */
        expected = virStringReplace(data->error, "SYSFS", sysfs);
        ret = virTestCompareToString(expected, virGetLastErrorMessage());
    }

 cleanup:
    virFileDeleteTree(sysfs);
    return ret;
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

    {
        static const testStackData stacks[] = {
            { "o2cb\n", "kvmcl01", "1\n", NULL },
            { NULL, NULL, NULL,
              "Requested operation is not valid: ontap pool 'iscsi-ds': the OCFS2 cluster stack is not loaded (no SYSFS/fs/ocfs2/cluster_stack): bring the o2cb cluster 'kvmcl01' online first" },
            { "pcmk\n", "kvmcl01", "1\n",
              "Requested operation is not valid: ontap pool 'iscsi-ds': the active OCFS2 cluster stack is 'pcmk', the pool needs o2cb" },
            { "o2cb\n", NULL, NULL,
              "Requested operation is not valid: ontap pool 'iscsi-ds': o2cb cluster 'kvmcl01' is not online (run 'o2cb register-cluster kvmcl01' or start the o2cb service)" },
            { "o2cb\n", "other", "1\n",
              "Requested operation is not valid: ontap pool 'iscsi-ds': o2cb cluster 'kvmcl01' is not online (run 'o2cb register-cluster kvmcl01' or start the o2cb service)" },
            { "o2cb\n", "kvmcl01", "0\n",
              "Requested operation is not valid: ontap pool 'iscsi-ds': this host is not a node of o2cb cluster 'kvmcl01' (add it with 'o2cb add-node kvmcl01 <hostname> --ip <address>' on every node, then run 'o2cb register-cluster kvmcl01')" },
        };

        for (i = 0; i < G_N_ELEMENTS(stacks); i++) {
            g_autofree char *name = g_strdup_printf("o2cb stack check %zu", i);

            if (virTestRun(name, testCheckStack, &stacks[i]) < 0)
                ret = -1;
        }
    }
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
