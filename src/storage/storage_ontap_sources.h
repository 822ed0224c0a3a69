/*
 * storage_ontap_sources.h: what find-storage-pool-sources answers for
 * 'ontap' pools, built from NVMe discovery logs and iSCSI sendtargets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"
#include "storage_ontap_iscsi.h"
#include "storage_ontap_nvme.h"

virStoragePoolSourceList *virStorageOntapSourcesNew(void);

virStoragePoolSource *
virStorageOntapSourcesAppend(virStoragePoolSourceList *list,
                             virStoragePoolOntapProtocol protocol);

void virStorageOntapSourcesAddHost(virStoragePoolSource *src,
                                   const char *name,
                                   int port);

void virStorageOntapSourcesAddNVMe(virStoragePoolSourceList *list,
                                   virStoragePoolOntapProtocol protocol,
                                   GPtrArray *entries);

void virStorageOntapSourcesAddISCSI(virStoragePoolSourceList *list,
                                    GPtrArray *portals);
