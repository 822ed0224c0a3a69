/*
 * storage_ontap_nvme.h: NVMe over Fabrics for 'ontap' pools (libnvme)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"

/* One NVMe controller as sysfs shows it. */
typedef struct _virStorageOntapNVMeCtrl virStorageOntapNVMeCtrl;
struct _virStorageOntapNVMeCtrl {
    char *name;         /* nvme3 */
    char *subsysNQN;
    char *transport;    /* tcp, rdma, fc */
    char *traddr;
    char *trsvcid;
    char *hostNQN;
    char *state;        /* live, connecting, resetting, deleting... */
};

void virStorageOntapNVMeCtrlFree(virStorageOntapNVMeCtrl *ctrl);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageOntapNVMeCtrl, virStorageOntapNVMeCtrlFree);

/* One record of a discovery log page. */
typedef struct _virStorageOntapNVMeDiscEntry virStorageOntapNVMeDiscEntry;
struct _virStorageOntapNVMeDiscEntry {
    char *subsysNQN;
    char *transport;
    char *traddr;
    char *trsvcid;
    bool referral;      /* another discovery controller, not a subsystem */
};

void virStorageOntapNVMeDiscEntryFree(virStorageOntapNVMeDiscEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageOntapNVMeDiscEntry, virStorageOntapNVMeDiscEntryFree);

/* What the connection of one portal takes; the keys are secrets. */
typedef struct _virStorageOntapNVMeConnect virStorageOntapNVMeConnect;
struct _virStorageOntapNVMeConnect {
    const char *transport;
    const char *traddr;
    const char *trsvcid;
    const char *subsysNQN;
    const char *hostNQN;
    const char *hostID;
    const char *hostKey;    /* DH-HMAC-CHAP, or NULL */
    const char *ctrlKey;    /* bidirectional DH-HMAC-CHAP, or NULL */
    const virStoragePoolOntapFabric *fabric;
};

const char *virStorageOntapNVMeTransport(virStoragePoolOntapProtocol protocol);

char *virStorageOntapNVMeFabricsOptions(const virStoragePoolOntapFabric *fabric);

int virStorageOntapNVMeHostIdentity(const virStoragePoolOntapSource *ontap,
                                    char **hostNQN,
                                    char **hostID);

int virStorageOntapNVMeMultipathEnabled(const char *sysfs);

int virStorageOntapNVMeReadCtrls(const char *sysfs,
                                 const char *subsysNQN,
                                 GPtrArray **ctrls);

virStorageOntapNVMeCtrl *
virStorageOntapNVMeFindCtrl(GPtrArray *ctrls,
                            const char *transport,
                            const char *traddr,
                            const char *trsvcid,
                            const char *hostNQN);

int virStorageOntapNVMeFindNamespace(const char *sysfs,
                                     const char *subsysNQN,
                                     const char *uuid,
                                     unsigned int nsid,
                                     char **head);

char *virStorageOntapNVMePathANAState(const char *sysfs,
                                      const char *ctrl,
                                      const char *head);

int virStorageOntapNVMeConnectPortal(const virStorageOntapNVMeConnect *args,
                                     char **ctrl);

int virStorageOntapNVMeDisconnect(const char *ctrl);

int virStorageOntapNVMeDiscover(const virStorageOntapNVMeConnect *args,
                                GPtrArray **entries);

/* The libnvme discovery log page type, without its header. */
struct nvmf_discovery_log;

int virStorageOntapNVMeParseDiscoveryLog(const struct nvmf_discovery_log *log,
                                         size_t size,
                                         GPtrArray **entries);
