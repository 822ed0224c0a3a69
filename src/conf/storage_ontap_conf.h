/*
 * storage_ontap_conf.h: source description of 'ontap' storage pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "virbuffer.h"
#include "virenum.h"
#include "virsecret.h"
#include "virxml.h"

/* How the pool reaches the array. */
typedef enum {
    VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS,
    VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP,
    VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA,
    VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_FC,
    VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI,
    VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC,

    VIR_STORAGE_POOL_ONTAP_PROTOCOL_LAST
} virStoragePoolOntapProtocol;
VIR_ENUM_DECL(virStoragePoolOntapProtocol);

/* The port an NVMe discovery controller listens on (find-sources only). */
#define VIR_STORAGE_POOL_ONTAP_NVME_DISCOVERY_PORT 8009
/* The port of NFS over RDMA, the default with transport='rdma'. */
#define VIR_STORAGE_POOL_ONTAP_NFS_RDMA_PORT 20049
/* The kernel's limit on nconnect and max_connect, and the max_connect
 * used when trunking is on and max_connect is not given. */
#define VIR_STORAGE_POOL_ONTAP_NFS_MAX_CONNECT 16

int virStoragePoolOntapProtocolDefaultPort(virStoragePoolOntapProtocol protocol);

typedef enum {
    VIR_STORAGE_POOL_ONTAP_TRANSPORT_DEFAULT,
    VIR_STORAGE_POOL_ONTAP_TRANSPORT_TCP,
    VIR_STORAGE_POOL_ONTAP_TRANSPORT_RDMA,

    VIR_STORAGE_POOL_ONTAP_TRANSPORT_LAST
} virStoragePoolOntapTransport;
VIR_ENUM_DECL(virStoragePoolOntapTransport);

/* Cluster filesystem laid on the LUN or namespace of block protocols. */
typedef enum {
    VIR_STORAGE_POOL_ONTAP_FORMAT_NONE,
    VIR_STORAGE_POOL_ONTAP_FORMAT_OCFS2,
    VIR_STORAGE_POOL_ONTAP_FORMAT_GFS2,

    VIR_STORAGE_POOL_ONTAP_FORMAT_LAST
} virStoragePoolOntapFormat;
VIR_ENUM_DECL(virStoragePoolOntapFormat);

typedef enum {
    VIR_STORAGE_POOL_ONTAP_CLUSTER_STACK_DEFAULT,
    VIR_STORAGE_POOL_ONTAP_CLUSTER_STACK_O2CB,
    VIR_STORAGE_POOL_ONTAP_CLUSTER_STACK_DLM,

    VIR_STORAGE_POOL_ONTAP_CLUSTER_STACK_LAST
} virStoragePoolOntapClusterStack;
VIR_ENUM_DECL(virStoragePoolOntapClusterStack);

/* NFS security flavours (mount option sec=). */
typedef enum {
    VIR_STORAGE_POOL_ONTAP_SEC_DEFAULT,
    VIR_STORAGE_POOL_ONTAP_SEC_SYS,
    VIR_STORAGE_POOL_ONTAP_SEC_KRB5,
    VIR_STORAGE_POOL_ONTAP_SEC_KRB5I,
    VIR_STORAGE_POOL_ONTAP_SEC_KRB5P,

    VIR_STORAGE_POOL_ONTAP_SEC_LAST
} virStoragePoolOntapSec;
VIR_ENUM_DECL(virStoragePoolOntapSec);

/* NFS transport security (mount option xprtsec=). */
typedef enum {
    VIR_STORAGE_POOL_ONTAP_TLS_DEFAULT,
    VIR_STORAGE_POOL_ONTAP_TLS_NO,
    VIR_STORAGE_POOL_ONTAP_TLS_YES,
    VIR_STORAGE_POOL_ONTAP_TLS_MUTUAL,

    VIR_STORAGE_POOL_ONTAP_TLS_LAST
} virStoragePoolOntapTLS;
VIR_ENUM_DECL(virStoragePoolOntapTLS);

/* What starting the pool does when fewer paths come up than configured. */
typedef enum {
    VIR_STORAGE_POOL_ONTAP_DEGRADED_DEFAULT,
    VIR_STORAGE_POOL_ONTAP_DEGRADED_WARN,
    VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL,

    VIR_STORAGE_POOL_ONTAP_DEGRADED_LAST
} virStoragePoolOntapDegraded;
VIR_ENUM_DECL(virStoragePoolOntapDegraded);

typedef enum {
    VIR_STORAGE_POOL_ONTAP_AUTH_CHAP,
    VIR_STORAGE_POOL_ONTAP_AUTH_DHCHAP,

    VIR_STORAGE_POOL_ONTAP_AUTH_LAST
} virStoragePoolOntapAuthType;
VIR_ENUM_DECL(virStoragePoolOntapAuth);

/* CHAP (iSCSI) or DH-HMAC-CHAP (NVMe): the secrets are only referenced,
 * their values never appear in the XML. */
typedef struct _virStoragePoolOntapAuth virStoragePoolOntapAuth;
struct _virStoragePoolOntapAuth {
    virStoragePoolOntapAuthType type;
    char *username;                     /* CHAP only */
    virSecretLookupTypeDef secret;      /* CHAP password or DH-HMAC-CHAP host key */
    bool mutual;
    char *mutualUsername;               /* CHAP only */
    virSecretLookupTypeDef mutualSecret; /* target password or controller key */
};

typedef struct _virStoragePoolOntapCluster virStoragePoolOntapCluster;
struct _virStoragePoolOntapCluster {
    char *name;
    virStoragePoolOntapClusterStack stack;
    unsigned int slots;         /* OCFS2 node slots */
    unsigned int journals;      /* GFS2 journals */
    virTristateBool local;      /* single-node: local OCFS2 / lock_nolock GFS2 */
};

/* NVMe over Fabrics connection parameters; -1 / 0 means "not set". */
typedef struct _virStoragePoolOntapFabric virStoragePoolOntapFabric;
struct _virStoragePoolOntapFabric {
    bool ctrlLossTmoSet;
    int ctrlLossTmo;            /* -1: never give up */
    unsigned int reconnectDelay;
    unsigned int keepAliveTmo;
    unsigned int nrIOQueues;
    virTristateBool hdrDigest;
    virTristateBool dataDigest;
};

/* Timers of the iSCSI sessions (open-iscsi's node record); 0: not set. */
typedef struct _virStoragePoolOntapSession virStoragePoolOntapSession;
struct _virStoragePoolOntapSession {
    unsigned int replacementTimeout;
    unsigned int noopOutInterval;
    unsigned int noopOutTimeout;
};

/* Live state of one path to the array (output only, never parsed): for
 * NFS, the RPC transports the kernel keeps to one data LIF; for NVMe-oF,
 * the controller connected through one portal. */
typedef struct _virStoragePoolOntapPath virStoragePoolOntapPath;
struct _virStoragePoolOntapPath {
    char *address;
    int port;                   /* NVMe-oF: the portal's port */
    unsigned int transports;    /* NFS: in service */
    unsigned int connected;     /* NFS */
    bool unreachable;           /* the address did not answer */
    char *controller;           /* NVMe-oF: nvme3 */
    char *controllerState;      /* NVMe-oF: live, connecting... */
    char *ana;                  /* NVMe-oF: ANA state of the namespace */
    unsigned int session;       /* iSCSI: the session's number, 0 if none */
    char *sessionState;         /* iSCSI: LOGGED_IN, FAILED... */
    char *disk;                 /* iSCSI, FC: the SCSI disk (sdb) */
    char *hctl;                 /* its SCSI address */
    char *diskState;            /* running, offline, transport-offline... */
    virTristateBool mpathActive; /* the map's view: active or failed */
    unsigned int group;         /* the map's path group, from 1 */
    char *groupState;           /* active, enabled, disabled */
    unsigned int failures;      /* failures the map counted on the path */
};

void virStoragePoolOntapPathsFree(virStoragePoolOntapPath *paths,
                                  size_t npaths);

/* The interval of the path monitor when the XML gives none, and the
 * longest it may be (seconds). */
#define VIR_STORAGE_POOL_ONTAP_MONITOR_INTERVAL 5
#define VIR_STORAGE_POOL_ONTAP_MONITOR_INTERVAL_MAX 3600

/* How an active pool watches its paths without a client's call. */
typedef struct _virStoragePoolOntapMonitor virStoragePoolOntapMonitor;
struct _virStoragePoolOntapMonitor {
    virTristateBool enabled;    /* absent: enabled */
    unsigned int interval;      /* seconds; 0: not given */
};

bool virStoragePoolOntapMonitorEnabled(const virStoragePoolOntapMonitor *monitor);
unsigned int virStoragePoolOntapMonitorInterval(const virStoragePoolOntapMonitor *monitor);

typedef struct _virStoragePoolOntapSource virStoragePoolOntapSource;
struct _virStoragePoolOntapSource {
    virStoragePoolOntapProtocol protocol;
    virStoragePoolOntapTransport transport;    /* NFS */

    /* NFS */
    unsigned int nconnect;
    unsigned int maxConnect;
    virTristateBool trunking;
    virStoragePoolOntapSec sec;
    virStoragePoolOntapTLS tls;

    virStoragePoolOntapDegraded degraded;
    virStoragePoolOntapMonitor monitor;

    /* NVMe-oF */
    char *subsysNQN;
    char *nsUUID;
    unsigned int nsid;
    char *hostNQN;
    char *hostID;
    virStoragePoolOntapFabric fabric;

    /* iSCSI and FC */
    char *lunWWID;
    int lunID;                  /* -1: not given, every LUN of the target is scanned */
    virStoragePoolOntapSession session;         /* iSCSI */

    virStoragePoolOntapAuth *auth;

    /* block protocols */
    virStoragePoolOntapFormat format;
    virStoragePoolOntapCluster cluster;

    /* live state of an active pool */
    size_t npaths;
    virStoragePoolOntapPath *paths;
    char *device;               /* block modes: the multipath device */
};

void virStoragePoolOntapSourceFree(virStoragePoolOntapSource *ontap);
void virStoragePoolOntapSourceClearLiveState(virStoragePoolOntapSource *ontap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStoragePoolOntapSource, virStoragePoolOntapSourceFree);

bool virStoragePoolOntapProtocolIsNVMe(virStoragePoolOntapProtocol protocol);

bool virStoragePoolOntapNQNIsValid(const char *nqn);

/* These take the generic pool source (hosts, export dir, target IQN and
 * protocol version live there); its struct is declared in storage_conf.h,
 * which includes this header. */
struct _virStoragePoolSource;
struct _virStoragePoolSourceHost;

int virStoragePoolOntapHostPort(const virStoragePoolOntapSource *ontap,
                                const struct _virStoragePoolSourceHost *host);

int virStoragePoolOntapSourceParseXML(xmlXPathContextPtr ctxt,
                                      struct _virStoragePoolSource *source);
int virStoragePoolOntapSourceValidate(const struct _virStoragePoolSource *source);
int virStoragePoolOntapTargetValidate(const char *path);
void virStoragePoolOntapSourceFormatXML(virBuffer *buf,
                                        const struct _virStoragePoolSource *source);
bool virStoragePoolOntapSourceIsDuplicate(const struct _virStoragePoolSource *a,
                                          const struct _virStoragePoolSource *b);
