/*
 * fuzziscsidiscovery.c: fuzz target of the reader of iscsiadm's discovery
 * output (virStorageOntapISCSIParseDiscovery)
 *
 * Every portal it returns has an address and a port a login can use.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "fuzz.h"
#include "storage/storage_ontap_iscsi.h"


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autofree char *output = fuzzString(data, size);
    g_autoptr(GPtrArray) portals = NULL;
    size_t i;

    fuzzInit();
    if (virStorageOntapISCSIParseDiscovery(output, &portals) < 0) {
        virResetLastError();
        return 0;
    }

    for (i = 0; i < portals->len; i++) {
        virStorageOntapISCSIPortal *p = g_ptr_array_index(portals, i);

        if (!p->address || !*p->address || !p->target || !*p->target)
            FUZZ_FAIL("a portal without an address or a target from:\n%s", output);
        if (p->port <= 0 || p->port > 65535)
            FUZZ_FAIL("portal %s has port %d, from:\n%s", p->address, p->port, output);
    }
    return 0;
}
