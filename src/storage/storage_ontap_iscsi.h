/*
 * storage_ontap_iscsi.h: open-iscsi node records of 'ontap' pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "vircommand.h"
#include "storage_conf.h"

#define VIR_STORAGE_ONTAP_ISCSI_NODES "/etc/iscsi/nodes"
#define VIR_STORAGE_ONTAP_ISCSI_IFACES "/etc/iscsi/ifaces"

/* A portal of a target, as discovery lists it. */
typedef struct _virStorageOntapISCSIPortal virStorageOntapISCSIPortal;
struct _virStorageOntapISCSIPortal {
    char *address;
    int port;
    int tpgt;               /* target portal group tag */
    char *target;
};

void virStorageOntapISCSIPortalFree(virStorageOntapISCSIPortal *portal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageOntapISCSIPortal, virStorageOntapISCSIPortalFree);

int virStorageOntapISCSIParseDiscovery(const char *output,
                                       GPtrArray **portals);

/* A session of the kernel's iSCSI initiator (sysfs). */
typedef struct _virStorageOntapISCSISession virStorageOntapISCSISession;
struct _virStorageOntapISCSISession {
    unsigned int sid;
    char *target;
    char *address;
    int port;
    int tpgt;
    unsigned int host;      /* its SCSI host */
    char *state;            /* LOGGED_IN, FAILED, FREE */
};

void virStorageOntapISCSISessionFree(virStorageOntapISCSISession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageOntapISCSISession, virStorageOntapISCSISessionFree);

int virStorageOntapISCSIReadSessions(const char *sysfs,
                                     const char *target,
                                     GPtrArray **sessions);

virStorageOntapISCSISession *
virStorageOntapISCSIFindSession(GPtrArray *sessions,
                                const char *address,
                                int port);

/* CHAP credentials; the passwords are secrets. */
typedef struct _virStorageOntapISCSIChap virStorageOntapISCSIChap;
struct _virStorageOntapISCSIChap {
    const char *username;
    const char *password;
    const char *usernameIn;     /* mutual CHAP: the target's */
    const char *passwordIn;
};

int virStorageOntapISCSISetNodeAuth(const char *nodesDir,
                                    const char *target,
                                    const char *address,
                                    int port,
                                    const virStorageOntapISCSIChap *chap);

/* One node record: a target through one portal and one interface. */
typedef struct _virStorageOntapISCSINode virStorageOntapISCSINode;
struct _virStorageOntapISCSINode {
    const char *target;
    const char *iface;
    const char *address;    /* numeric */
    int port;
    int tpgt;               /* -1: unknown */
};

char *virStorageOntapISCSIPortalString(const char *address,
                                       int port,
                                       int tpgt);

int virStorageOntapISCSIDiscover(const char *address,
                                 int port,
                                 GPtrArray **portals);

char *virStorageOntapISCSIIface(const char *ifacesDir,
                                const char *iqn);

bool virStorageOntapISCSIRecordExists(const char *nodesDir,
                                      const virStorageOntapISCSINode *node);

int virStorageOntapISCSICreateRecord(const virStorageOntapISCSINode *node);

int virStorageOntapISCSISetRecord(const char *nodesDir,
                                  const virStorageOntapISCSINode *node,
                                  bool autostart,
                                  const virStoragePoolOntapSession *timers,
                                  const virStorageOntapISCSIChap *chap);

int virStorageOntapISCSILogin(const virStorageOntapISCSINode *node,
                              bool chap);

int virStorageOntapISCSILogout(const virStorageOntapISCSINode *node);

int virStorageOntapISCSIDeleteRecord(const virStorageOntapISCSINode *node);
