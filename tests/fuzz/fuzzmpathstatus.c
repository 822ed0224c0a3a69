/*
 * fuzzmpathstatus.c: fuzz target of the reader of a multipath map's
 * device-mapper status line (virStorageOntapMpathParseStatus)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "fuzz.h"
#include "storage/storage_ontap_mpath.h"


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autofree char *status = fuzzString(data, size);
    g_autoptr(GPtrArray) paths = NULL;
    size_t i;

    fuzzInit();
    if (virStorageOntapMpathParseStatus(status, &paths) < 0) {
        virResetLastError();
        return 0;
    }

    for (i = 0; i < paths->len; i++) {
        virStorageOntapMpathPath *p = g_ptr_array_index(paths, i);

        if (!p->device || !*p->device || p->group == 0)
            FUZZ_FAIL("a path without a device or a group from:\n%s", status);
    }
    return 0;
}
