/*
 * storage_ontap_sources.c: what find-storage-pool-sources answers for
 * 'ontap' pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An array answers a discovery through each of its addresses with what
 * that address offers; the sources merge every answer: one source per
 * NVMe subsystem or iSCSI target, with every portal it is offered at.
 */

#include <config.h>

#include "storage_ontap_sources.h"
#include "viralloc.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE


virStoragePoolSourceList *
virStorageOntapSourcesNew(void)
{
    virStoragePoolSourceList *list = g_new0(virStoragePoolSourceList, 1);

    list->type = VIR_STORAGE_POOL_ONTAP;
    return list;
}


/* A new, empty source of @protocol at the end of @list. */
virStoragePoolSource *
virStorageOntapSourcesAppend(virStoragePoolSourceList *list,
                             virStoragePoolOntapProtocol protocol)
{
    virStoragePoolSource *src;

    list->sources = g_renew(virStoragePoolSource, list->sources, list->nsources + 1);
    src = &list->sources[list->nsources++];
    memset(src, 0, sizeof(*src));
    src->ontap = g_new0(virStoragePoolOntapSource, 1);
    src->ontap->protocol = protocol;
    src->ontap->lunID = -1;
    return src;
}


/* Give @src the host @name:@port, once. */
void
virStorageOntapSourcesAddHost(virStoragePoolSource *src,
                              const char *name,
                              int port)
{
    virStoragePoolSourceHost host = { 0 };
    size_t i;

    for (i = 0; i < src->nhost; i++) {
        if (STREQ(src->hosts[i].name, name) && src->hosts[i].port == port)
            return;
    }
    host.name = g_strdup(name);
    host.port = port;
    VIR_APPEND_ELEMENT(src->hosts, src->nhost, host);
}


/* Add the subsystem portals of an NVMe discovery log to @list: only those
 * of @protocol's transport, never a referral to another discovery
 * controller. */
void
virStorageOntapSourcesAddNVMe(virStoragePoolSourceList *list,
                              virStoragePoolOntapProtocol protocol,
                              GPtrArray *entries)
{
    const char *transport = virStorageOntapNVMeTransport(protocol);
    size_t i;
    size_t j;

    for (i = 0; i < entries->len; i++) {
        const virStorageOntapNVMeDiscEntry *e = g_ptr_array_index(entries, i);
        virStoragePoolSource *src = NULL;
        int port = 0;

        if (e->referral || STRNEQ_NULLABLE(e->transport, transport))
            continue;
        for (j = 0; j < list->nsources && !src; j++) {
            if (STREQ(list->sources[j].ontap->subsysNQN, e->subsysNQN))
                src = &list->sources[j];
        }
        if (!src) {
            src = virStorageOntapSourcesAppend(list, protocol);
            src->ontap->subsysNQN = g_strdup(e->subsysNQN);
        }

        if (virStrToLong_i(e->trsvcid, NULL, 10, &port) < 0)
            port = 0;
        virStorageOntapSourcesAddHost(src, e->traddr, port);
    }
}


/* Add the portals of an iSCSI sendtargets discovery to @list. */
void
virStorageOntapSourcesAddISCSI(virStoragePoolSourceList *list,
                               GPtrArray *portals)
{
    size_t i;
    size_t j;

    for (i = 0; i < portals->len; i++) {
        const virStorageOntapISCSIPortal *p = g_ptr_array_index(portals, i);
        virStoragePoolSource *src = NULL;

        for (j = 0; j < list->nsources && !src; j++) {
            if (STREQ(list->sources[j].devices[0].path, p->target))
                src = &list->sources[j];
        }
        if (!src) {
            virStoragePoolSourceDevice dev = { .path = g_strdup(p->target) };

            src = virStorageOntapSourcesAppend(list, VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI);
            VIR_APPEND_ELEMENT(src->devices, src->ndevice, dev);
        }
        virStorageOntapSourcesAddHost(src, p->address, p->port);
    }
}
