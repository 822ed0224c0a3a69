/*
 * fuzznvmediscoverylog.c: fuzz target of the reader of an NVMe discovery
 * log page (virStorageOntapNVMeParseDiscoveryLog), bytes a discovery
 * controller on the network sends
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <libnvme.h>

#include "fuzz.h"
#include "storage/storage_ontap_nvme.h"


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    /* a copy of the input's size exactly: a read past it is reported */
    g_autofree struct nvmf_discovery_log *log = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    size_t i;

    fuzzInit();
    if (size < sizeof(*log))
        return 0;
    log = g_malloc0(size);
    memcpy(log, data, size);

    if (virStorageOntapNVMeParseDiscoveryLog(log, size, &entries) < 0) {
        virResetLastError();
        return 0;
    }

    for (i = 0; i < entries->len; i++) {
        virStorageOntapNVMeDiscEntry *e = g_ptr_array_index(entries, i);

        if (!e->subsysNQN || !e->transport || !e->traddr || !e->trsvcid)
            FUZZ_FAIL("a discovery record with a field missing");
    }
    return 0;
}
