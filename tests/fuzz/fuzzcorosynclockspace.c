/*
 * fuzzcorosynclockspace.c: fuzz target of the reader of corosync-cpgtool
 * and corosync-cmapctl output (virStorageOntapCorosyncParseLockspace),
 * which names the nodes in a DLM lockspace
 *
 * The input holds the three strings the function takes, separated by NUL
 * bytes: the cpgtool output, the cmapctl output and the lockspace name.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "fuzz.h"
#include "storage/storage_ontap_corosync.h"


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    const char *part[3] = { "", "", "" };
    g_autofree char *copy = g_malloc0(size + 1);
    g_autofree char *nodes = NULL;
    size_t n = 1;
    size_t i;

    fuzzInit();
    memcpy(copy, data, size);
    part[0] = copy;
    for (i = 0; i < size && n < G_N_ELEMENTS(part); i++) {
        if (copy[i] == '\0')
            part[n++] = copy + i + 1;
    }

    if (virStorageOntapCorosyncParseLockspace(part[0], part[1], part[2], &nodes) < 0) {
        virResetLastError();
        return 0;
    }
    if (nodes && !*nodes)
        FUZZ_FAIL("an empty list of nodes for lockspace '%s'", part[2]);
    return 0;
}
