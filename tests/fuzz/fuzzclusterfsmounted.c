/*
 * fuzzclusterfsmounted.c: fuzz target of the reader of mounted.ocfs2's
 * output (virStorageOntapClusterFSParseMounted), which decides whether
 * another node uses the filesystem
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "fuzz.h"
#include "storage/storage_ontap_clusterfs.h"


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autofree char *output = fuzzString(data, size);
    g_autofree char *nodes = NULL;

    fuzzInit();
    if (virStorageOntapClusterFSParseMounted(output, &nodes) < 0) {
        virResetLastError();
        return 0;
    }
    /* "in use by nobody" is NULL, never an empty list */
    if (nodes && !*nodes)
        FUZZ_FAIL("an empty list of nodes from:\n%s", output);
    return 0;
}
