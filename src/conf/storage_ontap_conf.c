/*
 * storage_ontap_conf.c: source description of 'ontap' storage pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "storage_ontap_conf.h"
#include "storage_conf.h"
#include "virerror.h"
#include "virstring.h"
#include "viruuid.h"
#include "virsocketaddr.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_ENUM_IMPL(virStoragePoolOntapProtocol,
              VIR_STORAGE_POOL_ONTAP_PROTOCOL_LAST,
              "nfs", "nvme-tcp", "nvme-rdma", "nvme-fc", "iscsi", "fc",
);

VIR_ENUM_IMPL(virStoragePoolOntapTransport,
              VIR_STORAGE_POOL_ONTAP_TRANSPORT_LAST,
              "default", "tcp", "rdma",
);

VIR_ENUM_IMPL(virStoragePoolOntapFormat,
              VIR_STORAGE_POOL_ONTAP_FORMAT_LAST,
              "none", "ocfs2", "gfs2",
);

VIR_ENUM_IMPL(virStoragePoolOntapClusterStack,
              VIR_STORAGE_POOL_ONTAP_CLUSTER_STACK_LAST,
              "default", "o2cb", "dlm",
);

VIR_ENUM_IMPL(virStoragePoolOntapSec,
              VIR_STORAGE_POOL_ONTAP_SEC_LAST,
              "default", "sys", "krb5", "krb5i", "krb5p",
);

VIR_ENUM_IMPL(virStoragePoolOntapTLS,
              VIR_STORAGE_POOL_ONTAP_TLS_LAST,
              "default", "no", "yes", "mutual",
);

VIR_ENUM_IMPL(virStoragePoolOntapDegraded,
              VIR_STORAGE_POOL_ONTAP_DEGRADED_LAST,
              "default", "warn", "fail",
);

VIR_ENUM_IMPL(virStoragePoolOntapAuth,
              VIR_STORAGE_POOL_ONTAP_AUTH_LAST,
              "chap", "dhchap",
);

/* Limits the kernel and the tools put on these values. */
#define ONTAP_NQN_MAX_LEN 223
#define ONTAP_DNS_NAME_MAX_LEN 253      /* RFC 1035 2.3.4, without the root dot */
#define ONTAP_DNS_LABEL_MAX_LEN 63
#define ONTAP_TARGET_PATH_MAX_LEN 4095    /* Linux paths: 4096 bytes with the NUL */
#define ONTAP_NFS_PATH_MAX_LEN 1024     /* MNTPATHLEN, the kernel's NFS_MAXPATHLEN */
#define ONTAP_NVME_NSID_MAX 0xfffffffeU /* 0xffffffff is the broadcast NSID */
#define ONTAP_NVME_QUEUES_MAX 65535     /* the spec's 16-bit queue count */
#define ONTAP_NVME_KATO_MAX 65535

/* Protocol sets, as bits of virStoragePoolOntapProtocol */
#define ONTAP_P(name) (1U << VIR_STORAGE_POOL_ONTAP_PROTOCOL_ ## name)
#define ONTAP_P_NVME (ONTAP_P(NVME_TCP) | ONTAP_P(NVME_RDMA) | ONTAP_P(NVME_FC))
#define ONTAP_P_SCSI (ONTAP_P(ISCSI) | ONTAP_P(FC))
#define ONTAP_P_BLOCK (ONTAP_P_NVME | ONTAP_P_SCSI)
#define ONTAP_P_ALL (ONTAP_P(NFS) | ONTAP_P_BLOCK)


static void
virStoragePoolOntapAuthFree(virStoragePoolOntapAuth *auth)
{
    if (!auth)
        return;

    g_free(auth->username);
    virSecretLookupDefClear(&auth->secret);
    g_free(auth->mutualUsername);
    virSecretLookupDefClear(&auth->mutualSecret);
    g_free(auth);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStoragePoolOntapAuth, virStoragePoolOntapAuthFree);


void
virStoragePoolOntapPathsFree(virStoragePoolOntapPath *paths,
                             size_t npaths)
{
    size_t i;

    for (i = 0; i < npaths; i++) {
        g_free(paths[i].address);
        g_free(paths[i].controller);
        g_free(paths[i].controllerState);
        g_free(paths[i].ana);
        g_free(paths[i].sessionState);
        g_free(paths[i].disk);
        g_free(paths[i].hctl);
        g_free(paths[i].diskState);
        g_free(paths[i].groupState);
    }
    g_free(paths);
}


/* Forget what an active pool found (when it stops). */
void
virStoragePoolOntapSourceClearLiveState(virStoragePoolOntapSource *ontap)
{
    virStoragePoolOntapPathsFree(ontap->paths, ontap->npaths);
    ontap->paths = NULL;
    ontap->npaths = 0;
    g_clear_pointer(&ontap->device, g_free);
}


void
virStoragePoolOntapSourceFree(virStoragePoolOntapSource *ontap)
{
    if (!ontap)
        return;

    virStoragePoolOntapSourceClearLiveState(ontap);
    g_free(ontap->subsysNQN);
    g_free(ontap->nsUUID);
    g_free(ontap->hostNQN);
    g_free(ontap->hostID);
    g_free(ontap->lunWWID);
    virStoragePoolOntapAuthFree(ontap->auth);
    g_free(ontap->cluster.name);
    g_free(ontap);
}


bool
virStoragePoolOntapProtocolIsNVMe(virStoragePoolOntapProtocol protocol)
{
    return protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP ||
           protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA ||
           protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_FC;
}


/**
 * virStoragePoolOntapProtocolDefaultPort:
 *
 * The port a <host> of @protocol is reached on when it gives none, or 0
 * when the protocol has no ports (FC, NVMe/FC).
 */
int
virStoragePoolOntapProtocolDefaultPort(virStoragePoolOntapProtocol protocol)
{
    switch (protocol) {
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS:
        return 2049;
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP:
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA:
        return 4420;
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI:
        return 3260;
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_FC:
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC:
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_LAST:
        break;
    }
    return 0;
}


/**
 * virStoragePoolOntapHostPort:
 *
 * The port @host of the pool described by @ontap is reached on: its own,
 * or its protocol's default (NFS over RDMA has its own).
 */
int
virStoragePoolOntapHostPort(const virStoragePoolOntapSource *ontap,
                            const virStoragePoolSourceHost *host)
{
    if (host->port > 0)
        return host->port;
    if (ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS &&
        ontap->transport == VIR_STORAGE_POOL_ONTAP_TRANSPORT_RDMA)
        return VIR_STORAGE_POOL_ONTAP_NFS_RDMA_PORT;
    return virStoragePoolOntapProtocolDefaultPort(ontap->protocol);
}


/* NVMe base specification, 4.5 "NVMe Qualified Names":
 * nqn.yyyy-mm.reverse-domain:string, or the UUID form
 * nqn.2014-08.org.nvmexpress:uuid:<uuid>; at most 223 bytes. No ',': the
 * kernel reads the NQN from a comma separated connect string. */
bool
virStoragePoolOntapNQNIsValid(const char *nqn)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    const char *uuidstr;

    if (strlen(nqn) > ONTAP_NQN_MAX_LEN)
        return false;

    if (!g_regex_match_simple("^nqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\."
                              "[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*:[^\\s,]+$",
                              nqn, 0, 0))
        return false;

    /* virUUIDParse() alone would also take white space around the UUID */
    if ((uuidstr = STRSKIP(nqn, "nqn.2014-08.org.nvmexpress:uuid:")))
        return virUUIDParse(uuidstr, uuid) == 0;

    return true;
}


/* A SCSI WWID as multipath and sysfs print it: hex digits (the first one
 * names the designator type, e.g. 3 for NAA). */
static bool
virStoragePoolOntapWWIDIsValid(const char *wwid)
{
    return g_regex_match_simple("^[0-9a-fA-F]{8,64}$", wwid, 0, 0);
}


/* iSCSI names (RFC 3720 3.2.6.3, RFC 3722): iqn.yyyy-mm.reverse-domain
 * with an optional ':' and string, eui. and 16 hex digits, naa. and 16 or
 * 32 hex digits. iscsiadm keeps a directory per target name and prints
 * them in space separated fields: no '/', no white space. */
static bool
virStoragePoolOntapISCSINameIsValid(const char *name)
{
    return g_regex_match_simple("^(iqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\.[A-Za-z0-9.-]+"
                                "(:[A-Za-z0-9.:_-]+)?|"
                                "eui\\.[0-9A-Fa-f]{16}|"
                                "naa\\.[0-9A-Fa-f]{16}([0-9A-Fa-f]{16})?)$",
                                name, 0, 0);
}


/* A dotted-quad IPv4 address, without the leading zeros (octal) or the
 * short forms ("192.2") that getaddrinfo() would also read. */
static bool
virStoragePoolOntapIPv4IsValid(const char *addr)
{
    return g_regex_match_simple("^(((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([1-9]?[0-9]))\\.){3}"
                                "((25[0-5])|(2[0-4][0-9])|(1[0-9]{2})|([1-9]?[0-9]))$",
                                addr, 0, 0);
}


/**
 * virStoragePoolOntapHostNameIsValid:
 *
 * A <host name> reaches mount(8) ("host:/export"), iscsiadm ("host:port")
 * and the NVMe connect string ("traddr=host,trsvcid=..."): it must be an
 * IPv4 address, an IPv6 address (without zone) or a DNS name of letters,
 * digits, '-' and '.', so that nothing can read it as an option (a leading
 * '-') or as more than one field (white space, ',', '=', or ':' outside an
 * IPv6 address).
 */
static bool
virStoragePoolOntapHostNameIsValid(const char *name)
{
    g_auto(GStrv) labels = NULL;
    size_t len = strlen(name);
    size_t i;

    if (strchr(name, ':'))
        return strspn(name, "0123456789abcdefABCDEF:.") == len &&
               virSocketAddrNumericFamily(name) == AF_INET6;

    if (len == 0 || len > ONTAP_DNS_NAME_MAX_LEN ||
        strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != len)
        return false;

    labels = g_strsplit(name, ".", -1);
    for (i = 0; labels[i]; i++) {
        size_t l = strlen(labels[i]);

        if (l == 0 || l > ONTAP_DNS_LABEL_MAX_LEN ||
            labels[i][0] == '-' || labels[i][l - 1] == '-')
            return false;
    }

    /* no top-level domain is all digits: this has to be an IPv4 address */
    if (strspn(labels[i - 1], "0123456789") == strlen(labels[i - 1]))
        return virStoragePoolOntapIPv4IsValid(name);

    /* nor is one made of digits and '-' alone ("192.0.2-17"): it holds a
     * letter, as the schema (ontapDNSName) says */
    return strpbrk(labels[i - 1],
                   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != NULL;
}


/* The same network address: names compared as DNS does (ignoring case),
 * numeric addresses by value (2001:db8::1 is 2001:DB8:0::1). */
static bool
virStoragePoolOntapHostAddrEqual(const char *a,
                                 const char *b)
{
    virSocketAddr x;
    virSocketAddr y;

    if (STRCASEEQ(a, b))
        return true;

    return virSocketAddrNumericFamily(a) > 0 &&
           virSocketAddrNumericFamily(b) > 0 &&
           virSocketAddrParse(&x, a, AF_UNSPEC) > 0 &&
           virSocketAddrParse(&y, b, AF_UNSPEC) > 0 &&
           virSocketAddrEqual(&x, &y);
}


/**
 * virStoragePoolOntapPropRange:
 * @node: the element
 * @attr: the name of its integer attribute
 * @min, @max: the values it may take
 * @value: filled in when the attribute is present
 *
 * Returns 1 when the attribute is present and valid, 0 when it is absent,
 * -1 (with an error naming the attribute, its element and its value)
 * when it is not a decimal integer from @min to @max.
 */
static int
virStoragePoolOntapPropRange(xmlNodePtr node,
                             const char *attr,
                             long long min,
                             long long max,
                             long long *value)
{
    g_autofree char *str = virXMLPropString(node, attr);
    const char *digits;

    if (!str)
        return 0;

    digits = str[0] == '-' ? str + 1 : str;
    if (!*digits || strspn(digits, "0123456789") != strlen(digits) ||
        virStrToLong_ll(str, NULL, 10, value) < 0 ||
        *value < min || *value > max) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool attribute '%1$s' of element '%2$s' is '%3$s', expected an integer from %4$lld to %5$lld"),
                       attr, (const char *) node->name, str, min, max);
        return -1;
    }
    return 1;
}


/* A counter attribute whose 0 would mean nothing: from 1 to @max. */
static int
virStoragePoolOntapPropCount(xmlNodePtr node,
                             const char *attr,
                             unsigned int max,
                             unsigned int *value)
{
    long long v;
    int rc;

    if ((rc = virStoragePoolOntapPropRange(node, attr, 1, max, &v)) > 0)
        *value = v;
    return rc;
}


/* An interval with the monitor disabled would be silently ignored. */
static int
virStoragePoolOntapMonitorParseXML(xmlNodePtr node,
                                   virStoragePoolOntapMonitor *monitor)
{
    if (virXMLPropTristateBool(node, "enabled", VIR_XML_PROP_NONE,
                               &monitor->enabled) < 0 ||
        virStoragePoolOntapPropCount(node, "interval",
                                     VIR_STORAGE_POOL_ONTAP_MONITOR_INTERVAL_MAX,
                                     &monitor->interval) < 0)
        return -1;

    if (monitor->enabled == VIR_TRISTATE_BOOL_NO && monitor->interval) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool attribute 'interval' of element 'monitor' is '%1$u', but the monitor is disabled"),
                       monitor->interval);
        return -1;
    }
    return 0;
}


bool
virStoragePoolOntapMonitorEnabled(const virStoragePoolOntapMonitor *monitor)
{
    return monitor->enabled != VIR_TRISTATE_BOOL_NO;
}


unsigned int
virStoragePoolOntapMonitorInterval(const virStoragePoolOntapMonitor *monitor)
{
    return monitor->interval ? monitor->interval : VIR_STORAGE_POOL_ONTAP_MONITOR_INTERVAL;
}


/* FC addresses as NVMe/FC and the kernel write them. */
static bool
virStoragePoolOntapFCAddrIsValid(const char *addr)
{
    return g_regex_match_simple("^nn-0x[0-9a-fA-F]{16}:pn-0x[0-9a-fA-F]{16}$",
                                addr, 0, 0);
}


static virStoragePoolOntapAuth *
virStoragePoolOntapAuthParseXML(xmlXPathContextPtr ctxt,
                                xmlNodePtr node)
{
    g_autoptr(virStoragePoolOntapAuth) auth = g_new0(virStoragePoolOntapAuth, 1);
    xmlNodePtr secret;
    xmlNodePtr mutual;
    VIR_XPATH_NODE_AUTORESTORE(ctxt)

    ctxt->node = node;

    if (virXMLPropEnum(node, "type", virStoragePoolOntapAuthTypeFromString,
                       VIR_XML_PROP_REQUIRED, &auth->type) < 0)
        return NULL;

    auth->username = virXMLPropString(node, "username");
    if (auth->type == VIR_STORAGE_POOL_ONTAP_AUTH_DHCHAP && auth->username) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool auth of type 'dhchap' takes no username, not '%1$s'"),
                       auth->username);
        return NULL;
    }

    if (!(secret = virXPathNode("./secret", ctxt))) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("ontap pool auth requires a <secret> element"));
        return NULL;
    }
    if (virSecretLookupParseSecret(secret, &auth->secret) < 0)
        return NULL;

    if ((mutual = virXPathNode("./mutual", ctxt))) {
        auth->mutual = true;
        auth->mutualUsername = virXMLPropString(mutual, "username");
        if (auth->type == VIR_STORAGE_POOL_ONTAP_AUTH_DHCHAP && auth->mutualUsername) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("ontap pool mutual auth of type 'dhchap' takes no username, not '%1$s'"),
                           auth->mutualUsername);
            return NULL;
        }
        ctxt->node = mutual;
        if (!(secret = virXPathNode("./secret", ctxt))) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           _("ontap pool mutual auth requires a <secret> element"));
            return NULL;
        }
        if (virSecretLookupParseSecret(secret, &auth->mutualSecret) < 0)
            return NULL;
    }

    return g_steal_pointer(&auth);
}


static int
virStoragePoolOntapFabricParseXML(xmlNodePtr node,
                                  virStoragePoolOntapFabric *fabric)
{
    long long tmo;
    int rc;

    /* -1: never give up; 0: give up at once */
    if ((rc = virStoragePoolOntapPropRange(node, "ctrl_loss_tmo", -1, INT_MAX, &tmo)) < 0)
        return -1;
    fabric->ctrlLossTmoSet = rc > 0;
    fabric->ctrlLossTmo = rc > 0 ? tmo : -1;

    /* 0 would leave the kernel's default in place: it is not accepted */
    if (virStoragePoolOntapPropCount(node, "reconnect_delay", INT_MAX,
                                     &fabric->reconnectDelay) < 0 ||
        virStoragePoolOntapPropCount(node, "keep_alive_tmo", ONTAP_NVME_KATO_MAX,
                                     &fabric->keepAliveTmo) < 0 ||
        virStoragePoolOntapPropCount(node, "nr_io_queues", ONTAP_NVME_QUEUES_MAX,
                                     &fabric->nrIOQueues) < 0 ||
        virXMLPropTristateBool(node, "hdr_digest", VIR_XML_PROP_NONE,
                               &fabric->hdrDigest) < 0 ||
        virXMLPropTristateBool(node, "data_digest", VIR_XML_PROP_NONE,
                               &fabric->dataDigest) < 0)
        return -1;

    return 0;
}


/* The bounds of the iSCSI session timers (seconds). */
#define ONTAP_ISCSI_TIMER_MAX 3600

static int
virStoragePoolOntapSessionParseXML(xmlNodePtr node,
                                   virStoragePoolOntapSession *session)
{
    if (virStoragePoolOntapPropCount(node, "replacement_timeout", ONTAP_ISCSI_TIMER_MAX,
                                     &session->replacementTimeout) < 0 ||
        virStoragePoolOntapPropCount(node, "noop_out_interval", ONTAP_ISCSI_TIMER_MAX,
                                     &session->noopOutInterval) < 0 ||
        virStoragePoolOntapPropCount(node, "noop_out_timeout", ONTAP_ISCSI_TIMER_MAX,
                                     &session->noopOutTimeout) < 0)
        return -1;
    return 0;
}


/* What each cluster filesystem accepts of <cluster>. */
typedef struct {
    virStoragePoolOntapClusterStack stack;  /* the one stack it runs on */
    size_t nameMax;
    const char *countAttr;                  /* slots (OCFS2), journals (GFS2) */
    unsigned int countMax;
} virStoragePoolOntapClusterLimits;

static const virStoragePoolOntapClusterLimits ontapClusterLimits[] = {
    [VIR_STORAGE_POOL_ONTAP_FORMAT_OCFS2] = {
        VIR_STORAGE_POOL_ONTAP_CLUSTER_STACK_O2CB, 16, "slots", 255 },
    [VIR_STORAGE_POOL_ONTAP_FORMAT_GFS2] = {
        VIR_STORAGE_POOL_ONTAP_CLUSTER_STACK_DLM, 32, "journals", 128 },
};


static int
virStoragePoolOntapClusterParseXML(xmlNodePtr node,
                                   virStoragePoolOntapCluster *cluster)
{
    const virStoragePoolOntapClusterLimits *ocfs2 =
        &ontapClusterLimits[VIR_STORAGE_POOL_ONTAP_FORMAT_OCFS2];
    const virStoragePoolOntapClusterLimits *gfs2 =
        &ontapClusterLimits[VIR_STORAGE_POOL_ONTAP_FORMAT_GFS2];

    cluster->name = virXMLPropString(node, "name");

    if (virXMLPropEnum(node, "stack", virStoragePoolOntapClusterStackTypeFromString,
                       VIR_XML_PROP_NONZERO, &cluster->stack) < 0 ||
        virStoragePoolOntapPropCount(node, ocfs2->countAttr, ocfs2->countMax,
                                     &cluster->slots) < 0 ||
        virStoragePoolOntapPropCount(node, gfs2->countAttr, gfs2->countMax,
                                     &cluster->journals) < 0 ||
        virXMLPropTristateBool(node, "local", VIR_XML_PROP_NONE,
                               &cluster->local) < 0)
        return -1;

    return 0;
}


/* Which elements (relative to <source>) and attributes apply to which
 * protocols; and whether the element may appear more than once. The
 * generic parser reads some that no ontap pool uses: they apply to none. */
typedef struct {
    const char *element;
    const char *attr;           /* NULL: the element itself */
    unsigned int protocols;     /* ONTAP_P() bits */
    bool once;
} virStoragePoolOntapSourceItem;

static const virStoragePoolOntapSourceItem ontapSourceItems[] = {
    { "protocol", NULL, ONTAP_P_ALL, true },
    { "protocol", "ver", ONTAP_P(NFS), false },
    { "protocol", "transport", ONTAP_P(NFS), false },
    { "host", NULL, ONTAP_P_ALL & ~ONTAP_P(FC), false },
    { "host", "port", ONTAP_P_ALL & ~(ONTAP_P(FC) | ONTAP_P(NVME_FC)), false },
    { "dir", NULL, ONTAP_P(NFS), true },
    { "device", NULL, ONTAP_P(ISCSI), false },
    { "device", "part_separator", 0, false },
    { "subsystem", NULL, ONTAP_P_NVME, true },
    { "namespace", NULL, ONTAP_P_NVME, true },
    { "lun", NULL, ONTAP_P_SCSI, true },
    { "lun", "id", ONTAP_P(ISCSI), false },
    { "initiator", NULL, ONTAP_P_NVME | ONTAP_P(ISCSI), true },
    { "initiator/iqn", NULL, ONTAP_P(ISCSI), true },
    { "initiator/nqn", NULL, ONTAP_P_NVME, true },
    { "auth", NULL, ONTAP_P_NVME | ONTAP_P(ISCSI), true },
    { "auth/secret", NULL, ONTAP_P_NVME | ONTAP_P(ISCSI), true },
    { "auth/mutual", NULL, ONTAP_P_NVME | ONTAP_P(ISCSI), true },
    { "auth/mutual/secret", NULL, ONTAP_P_NVME | ONTAP_P(ISCSI), true },
    { "format", NULL, ONTAP_P_BLOCK, true },
    { "cluster", NULL, ONTAP_P_BLOCK, true },
    { "connections", NULL, ONTAP_P_ALL, true },
    { "connections", "nconnect", ONTAP_P(NFS), false },
    { "connections", "max_connect", ONTAP_P(NFS), false },
    { "connections", "trunking", ONTAP_P(NFS), false },
    { "security", NULL, ONTAP_P(NFS), true },
    { "fabric", NULL, ONTAP_P_NVME, true },
    { "session", NULL, ONTAP_P(ISCSI), true },
    { "monitor", NULL, ONTAP_P_ALL, true },
    /* the kernel has header and data digests for NVMe/TCP only */
    { "fabric", "hdr_digest", ONTAP_P(NVME_TCP), false },
    { "fabric", "data_digest", ONTAP_P(NVME_TCP), false },
    { "adapter", NULL, 0, false },
    { "name", NULL, 0, false },
    { "vendor", NULL, 0, false },
    { "product", NULL, 0, false },
};


static int
virStoragePoolOntapForbid(bool present,
                          const char *element,
                          virStoragePoolOntapProtocol protocol)
{
    if (!present)
        return 0;

    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("ontap pool source element '%1$s' does not apply to protocol '%2$s'"),
                   element, virStoragePoolOntapProtocolTypeToString(protocol));
    return -1;
}


/* Reject every element and attribute of @ctxt's <source> that @protocol
 * would ignore, and every repeated element that would be ignored. */
static int
virStoragePoolOntapSourceCheckItems(xmlXPathContextPtr ctxt,
                                    virStoragePoolOntapProtocol protocol)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(ontapSourceItems); i++) {
        const virStoragePoolOntapSourceItem *item = &ontapSourceItems[i];
        bool applies = item->protocols & (1U << protocol);
        g_autofree char *xpath = NULL;
        int n;

        if (item->attr)
            xpath = g_strdup_printf("./%s[@%s]", item->element, item->attr);
        else
            xpath = g_strdup_printf("./%s", item->element);

        if ((n = virXPathNodeSet(xpath, ctxt, NULL)) < 0)
            return -1;

        if (item->attr) {
            if (n > 0 && !applies) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("ontap pool source attribute '%1$s' of element '%2$s' does not apply to protocol '%3$s'"),
                               item->attr, item->element,
                               virStoragePoolOntapProtocolTypeToString(protocol));
                return -1;
            }
            continue;
        }

        if (virStoragePoolOntapForbid(n > 0 && !applies, item->element, protocol) < 0)
            return -1;

        if (item->once && n > 1) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("ontap pool source element '%1$s' may appear only once, not %2$d times"),
                           item->element, n);
            return -1;
        }
    }

    return 0;
}


/* What the generic parser keeps of <host> loses an explicit port='0': read
 * the ports again. The names go to command lines and connect strings. */
static int
virStoragePoolOntapHostsParseXML(xmlXPathContextPtr ctxt,
                                 const virStoragePoolSource *source,
                                 virStoragePoolOntapProtocol protocol)
{
    g_autofree xmlNodePtr *nodes = NULL;
    long long port;
    int n;
    size_t i;

    if ((n = virXPathNodeSet("./host", ctxt, &nodes)) < 0)
        return -1;

    for (i = 0; i < n; i++) {
        if (virStoragePoolOntapPropRange(nodes[i], "port", 1, 65535, &port) < 0)
            return -1;
    }

    for (i = 0; i < source->nhost; i++) {
        const char *name = source->hosts[i].name;

        if (protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_FC) {
            if (!virStoragePoolOntapFCAddrIsValid(name)) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("nvme-fc host '%1$s' is not of the form nn-0x<16 hex>:pn-0x<16 hex>"),
                               name);
                return -1;
            }
        } else if (!virStoragePoolOntapHostNameIsValid(name)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("ontap pool host name '%1$s' is not an IP address or a DNS name"),
                           name);
            return -1;
        }
    }

    return 0;
}


/* <initiator> holds the one identity of its protocol, which is required */
static int
virStoragePoolOntapInitiatorParseXML(xmlXPathContextPtr ctxt,
                                     virStoragePoolOntapSource *ontap)
{
    bool nvme = virStoragePoolOntapProtocolIsNVMe(ontap->protocol);
    const char *child = nvme ? "nqn" : "iqn";
    g_autofree char *iqn = NULL;
    xmlNodePtr node;

    if (!virXPathNode("./initiator", ctxt))
        return 0;

    if (!(node = virXPathNode(nvme ? "./initiator/nqn" : "./initiator/iqn", ctxt))) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool element 'initiator' requires an '%1$s' element with protocol '%2$s'"),
                       child, virStoragePoolOntapProtocolTypeToString(ontap->protocol));
        return -1;
    }

    if (nvme) {
        g_autofree char *hostid = NULL;

        if (!(ontap->hostNQN = virXMLPropStringRequired(node, "name")))
            return -1;
        /* kept in the canonical form, as the namespace UUID */
        if ((hostid = virXMLPropString(node, "hostid"))) {
            unsigned char raw[VIR_UUID_BUFLEN];
            char uuidstr[VIR_UUID_STRING_BUFLEN];

            if (virUUIDParse(hostid, raw) < 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("malformed initiator host ID '%1$s'"), hostid);
                return -1;
            }
            ontap->hostID = g_strdup(virUUIDFormat(raw, uuidstr));
        }
        return 0;
    }

    /* the generic parser has kept the name, but not told an empty one */
    if (!(iqn = virXMLPropStringRequired(node, "name")))
        return -1;
    if (!virStoragePoolOntapISCSINameIsValid(iqn)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("malformed initiator IQN '%1$s'"), iqn);
        return -1;
    }
    return 0;
}


/**
 * virStoragePoolOntapSourceParseXML:
 * @ctxt: XPath context positioned at the pool's <source>
 * @source: the pool source, whose generic part is already parsed
 *
 * Parse the elements only 'ontap' pools have into @source->ontap.
 */
int
virStoragePoolOntapSourceParseXML(xmlXPathContextPtr ctxt,
                                  virStoragePoolSource *source)
{
    g_autoptr(virStoragePoolOntapSource) ontap = g_new0(virStoragePoolOntapSource, 1);
    g_autofree char *protocol = NULL;
    g_autofree char *format = NULL;
    xmlNodePtr node;
    int value;

    ontap->lunID = -1;

    if (!(node = virXPathNode("./protocol", ctxt)) ||
        !(protocol = virXMLPropString(node, "name"))) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("ontap pool requires <protocol name='...'/> in its source"));
        return -1;
    }
    if ((value = virStoragePoolOntapProtocolTypeFromString(protocol)) < 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("unknown ontap pool protocol '%1$s'"), protocol);
        return -1;
    }
    ontap->protocol = value;
    if (virXMLPropEnum(node, "transport", virStoragePoolOntapTransportTypeFromString,
                       VIR_XML_PROP_NONZERO, &ontap->transport) < 0)
        return -1;

    if (virStoragePoolOntapSourceCheckItems(ctxt, ontap->protocol) < 0 ||
        virStoragePoolOntapHostsParseXML(ctxt, source, ontap->protocol) < 0)
        return -1;

    if ((node = virXPathNode("./subsystem", ctxt)) &&
        !(ontap->subsysNQN = virXMLPropStringRequired(node, "nqn")))
        return -1;

    if ((node = virXPathNode("./namespace", ctxt))) {
        g_autofree char *uuid = virXMLPropString(node, "uuid");
        unsigned char raw[VIR_UUID_BUFLEN];
        int rc;

        if ((rc = virStoragePoolOntapPropCount(node, "nsid", ONTAP_NVME_NSID_MAX,
                                               &ontap->nsid)) < 0)
            return -1;

        if ((uuid != NULL) == (rc > 0)) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           _("ontap pool namespace needs exactly one of 'uuid' and 'nsid'"));
            return -1;
        }
        if (uuid) {
            char uuidstr[VIR_UUID_STRING_BUFLEN];

            if (virUUIDParse(uuid, raw) < 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("malformed namespace uuid '%1$s'"), uuid);
                return -1;
            }
            /* the nil UUID is what a namespace without one reports */
            if (!virUUIDIsValid(raw)) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("namespace uuid '%1$s' names no namespace: all its bytes are the same"),
                               uuid);
                return -1;
            }
            ontap->nsUUID = g_strdup(virUUIDFormat(raw, uuidstr));
        }
    }

    if ((node = virXPathNode("./lun", ctxt))) {
        g_autofree char *wwid = NULL;
        long long id;
        int rc;

        if (!(wwid = virXMLPropStringRequired(node, "wwid")))
            return -1;
        if (!virStoragePoolOntapWWIDIsValid(wwid)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("malformed LUN WWID '%1$s': expected 8 to 64 hex digits"),
                           wwid);
            return -1;
        }
        /* sysfs and multipath print WWIDs in lower case */
        ontap->lunWWID = g_ascii_strdown(wwid, -1);
        if ((rc = virStoragePoolOntapPropRange(node, "id", 0, INT_MAX, &id)) < 0)
            return -1;
        if (rc > 0)
            ontap->lunID = id;
    }

    if (virStoragePoolOntapInitiatorParseXML(ctxt, ontap) < 0)
        return -1;

    if ((node = virXPathNode("./auth", ctxt)) &&
        !(ontap->auth = virStoragePoolOntapAuthParseXML(ctxt, node)))
        return -1;

    if ((format = virXPathString("string(./format/@type)", ctxt))) {
        if ((value = virStoragePoolOntapFormatTypeFromString(format)) <= 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("unsupported ontap pool filesystem format '%1$s' (expected ocfs2 or gfs2)"),
                           format);
            return -1;
        }
        ontap->format = value;
    }

    if ((node = virXPathNode("./cluster", ctxt)) &&
        virStoragePoolOntapClusterParseXML(node, &ontap->cluster) < 0)
        return -1;

    if ((node = virXPathNode("./connections", ctxt))) {
        unsigned int max = VIR_STORAGE_POOL_ONTAP_NFS_MAX_CONNECT;

        if (virStoragePoolOntapPropCount(node, "nconnect", max, &ontap->nconnect) < 0 ||
            virStoragePoolOntapPropCount(node, "max_connect", max, &ontap->maxConnect) < 0 ||
            virXMLPropTristateBool(node, "trunking", VIR_XML_PROP_NONE,
                                   &ontap->trunking) < 0 ||
            virXMLPropEnum(node, "degraded", virStoragePoolOntapDegradedTypeFromString,
                           VIR_XML_PROP_NONZERO, &ontap->degraded) < 0)
            return -1;
    }

    if ((node = virXPathNode("./security", ctxt))) {
        if (virXMLPropEnum(node, "sec", virStoragePoolOntapSecTypeFromString,
                           VIR_XML_PROP_NONZERO, &ontap->sec) < 0 ||
            virXMLPropEnum(node, "tls", virStoragePoolOntapTLSTypeFromString,
                           VIR_XML_PROP_NONZERO, &ontap->tls) < 0)
            return -1;
    }

    if ((node = virXPathNode("./fabric", ctxt)) &&
        virStoragePoolOntapFabricParseXML(node, &ontap->fabric) < 0)
        return -1;

    if ((node = virXPathNode("./session", ctxt)) &&
        virStoragePoolOntapSessionParseXML(node, &ontap->session) < 0)
        return -1;

    if ((node = virXPathNode("./monitor", ctxt)) &&
        virStoragePoolOntapMonitorParseXML(node, &ontap->monitor) < 0)
        return -1;

    source->ontap = g_steal_pointer(&ontap);
    return 0;
}


/* Two <host> of one pool name the same LIF or portal when they have the
 * same address and port, a port left out being the protocol's default. */
static int
virStoragePoolOntapValidateHosts(const virStoragePoolSource *source)
{
    const virStoragePoolOntapSource *ontap = source->ontap;
    const char *protocol = virStoragePoolOntapProtocolTypeToString(ontap->protocol);
    size_t i;
    size_t j;

    /* FC has no <host>: CheckItems refused them */
    if (ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC)
        return 0;

    if (source->nhost == 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool with protocol '%1$s' requires at least one <host>"),
                       protocol);
        return -1;
    }

    for (i = 0; i < source->nhost; i++) {
        const virStoragePoolSourceHost *host = &source->hosts[i];
        int port = virStoragePoolOntapHostPort(ontap, host);

        for (j = 0; j < i; j++) {
            if (virStoragePoolOntapHostAddrEqual(source->hosts[j].name, host->name) &&
                virStoragePoolOntapHostPort(ontap, &source->hosts[j]) == port) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("ontap pool host '%1$s' is listed twice"),
                               host->name);
                return -1;
            }
        }
    }

    return 0;
}


/* The kernel only trunks transports of the first mount's address family;
 * names (not addresses) are resolved at mount time and not checked here. */
static bool
virStoragePoolOntapHostsMixFamilies(const virStoragePoolSource *source)
{
    int family = -1;
    size_t i;

    for (i = 0; i < source->nhost; i++) {
        int f = virSocketAddrNumericFamily(source->hosts[i].name);

        if (f < 0)
            continue;
        if (family >= 0 && f != family)
            return true;
        family = f;
    }
    return false;
}


/* An absolute path of at most @max bytes; @what names it in messages. */
static int
virStoragePoolOntapValidatePath(const char *what,
                                const char *path,
                                size_t max)
{
    size_t len = strlen(path);
    size_t i;

    if (path[0] != '/') {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool %1$s '%2$s' is not an absolute path"),
                       what, path);
        return -1;
    }
    if (len > max) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool %1$s is %2$zu bytes long, more than %3$zu"),
                       what, len, max);
        return -1;
    }
    /* mount tables and tools print paths a line each; so does the schema
     * want them */
    for (i = 0; i < len; i++) {
        if (g_ascii_iscntrl(path[i])) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("ontap pool %1$s holds a control character (byte 0x%2$02x at offset %3$zu)"),
                           what, (unsigned char) path[i], i);
            return -1;
        }
    }
    return 0;
}


/**
 * virStoragePoolOntapTargetValidate:
 * @path: the pool's <target><path>, sanitized
 *
 * The directory the pool mounts on and creates volumes in: absolute, not
 * the root directory, and short enough for the kernel (4096 bytes with
 * the NUL).
 */
int
virStoragePoolOntapTargetValidate(const char *path)
{
    if (virStoragePoolOntapValidatePath("<target><path>", path,
                                        ONTAP_TARGET_PATH_MAX_LEN) < 0)
        return -1;

    if (path[strspn(path, "/")] == '\0') {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool <target><path> '%1$s' is the root directory"),
                       path);
        return -1;
    }
    return 0;
}


static int
virStoragePoolOntapValidateNFS(const virStoragePoolSource *source)
{
    const virStoragePoolOntapSource *ontap = source->ontap;
    const char *ver = source->protocolVer;
    bool minor1 = !ver || STREQ(ver, "4.1") || STREQ(ver, "4.2");

    if (!source->dir) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("ontap NFS pool requires the exported directory <dir path='...'/>"));
        return -1;
    }

    /* "host:/export" is an argument of its own to mount(8), never part of
     * the option string: a ',' in it is harmless. */
    if (virStoragePoolOntapValidatePath("<dir path>", source->dir,
                                        ONTAP_NFS_PATH_MAX_LEN) < 0)
        return -1;

    if (ver && STRNEQ(ver, "3") && STRNEQ(ver, "4") && STRNEQ(ver, "4.0") && !minor1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("unsupported NFS version '%1$s' (expected 3, 4, 4.0, 4.1 or 4.2)"),
                       ver);
        return -1;
    }

    if (ontap->trunking == VIR_TRISTATE_BOOL_YES) {
        if (!minor1) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("NFS session trunking needs NFS version 4.1 or later, not '%1$s'"),
                           ver);
            return -1;
        }
        if (source->nhost < 2) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("NFS session trunking needs at least two <host> addresses"));
            return -1;
        }
        if (virStoragePoolOntapHostsMixFamilies(source)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("NFS session trunking needs every <host> of one address family (IPv4 or IPv6)"));
            return -1;
        }
        /* without max_connect the mount asks for the kernel's limit */
        if (!ontap->maxConnect && source->nhost > VIR_STORAGE_POOL_ONTAP_NFS_MAX_CONNECT) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("NFS session trunking over %1$zu <host> addresses exceeds the default and highest max_connect of %2$d"),
                           source->nhost, VIR_STORAGE_POOL_ONTAP_NFS_MAX_CONNECT);
            return -1;
        }
        if (ontap->maxConnect && ontap->maxConnect < source->nhost) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("max_connect %1$u is lower than the %2$zu trunked addresses"),
                           ontap->maxConnect, source->nhost);
            return -1;
        }
    }

    if (ontap->maxConnect && !minor1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("max_connect needs NFS version 4.1 or later, not '%1$s'"), ver);
        return -1;
    }

    if (ontap->transport == VIR_STORAGE_POOL_ONTAP_TRANSPORT_RDMA &&
        (ontap->tls == VIR_STORAGE_POOL_ONTAP_TLS_YES ||
         ontap->tls == VIR_STORAGE_POOL_ONTAP_TLS_MUTUAL)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("NFS over TLS is only available with the tcp transport"));
        return -1;
    }

    if (ontap->tls == VIR_STORAGE_POOL_ONTAP_TLS_YES ||
        ontap->tls == VIR_STORAGE_POOL_ONTAP_TLS_MUTUAL) {
        if (ver && (STREQ(ver, "3") || STREQ(ver, "4") || STREQ(ver, "4.0"))) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("NFS over TLS needs NFS version 4.1 or later, not '%1$s'"),
                           ver);
            return -1;
        }
    }

    return 0;
}


static int
virStoragePoolOntapValidateCluster(const virStoragePoolOntapSource *ontap)
{
    const virStoragePoolOntapCluster *cluster = &ontap->cluster;
    const virStoragePoolOntapClusterLimits *limits;
    const char *fs = virStoragePoolOntapFormatTypeToString(ontap->format);
    const char *stack;
    bool ocfs2 = ontap->format == VIR_STORAGE_POOL_ONTAP_FORMAT_OCFS2;
    unsigned int otherCount = ocfs2 ? cluster->journals : cluster->slots;

    if (ontap->format == VIR_STORAGE_POOL_ONTAP_FORMAT_NONE) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool with protocol '%1$s' requires a cluster filesystem <format type='ocfs2|gfs2'/>"),
                       virStoragePoolOntapProtocolTypeToString(ontap->protocol));
        return -1;
    }

    limits = &ontapClusterLimits[ontap->format];
    stack = virStoragePoolOntapClusterStackTypeToString(limits->stack);

    if (cluster->stack && cluster->stack != limits->stack) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("ontap pool filesystem %1$s runs on the %2$s cluster stack, not %3$s"),
                       fs, stack,
                       virStoragePoolOntapClusterStackTypeToString(cluster->stack));
        return -1;
    }

    if (!cluster->name && cluster->local != VIR_TRISTATE_BOOL_YES) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool filesystem %1$s requires <cluster name='...'/> unless local='yes'"),
                       fs);
        return -1;
    }

    if (cluster->name) {
        if (strlen(cluster->name) > limits->nameMax) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("%1$s cluster name '%2$s' is longer than %3$zu characters"),
                           stack, cluster->name, limits->nameMax);
            return -1;
        }
        if (!g_regex_match_simple("^[A-Za-z0-9_-]+$", cluster->name, 0, 0)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("cluster name '%1$s' may only hold letters, digits, '_' and '-'"),
                           cluster->name);
            return -1;
        }
    }

    /* the count's range was checked by the parser */
    if (otherCount) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cluster '%1$s' does not apply to filesystem %2$s, which uses '%3$s'"),
                       ocfs2 ? "journals" : "slots", fs, limits->countAttr);
        return -1;
    }

    return 0;
}


/* A CHAP user name goes into the open-iscsi node record, one per line */
static int
virStoragePoolOntapValidateCHAPUser(const char *username)
{
    const char *p;

    if (!username || !*username) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("ontap iSCSI pool CHAP requires a username"));
        return -1;
    }
    /* libxml2 hands over valid UTF-8 */
    for (p = username; *p; p = g_utf8_next_char(p)) {
        if (g_unichar_iscntrl(g_utf8_get_char(p))) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("ontap iSCSI pool CHAP username '%1$s' holds a control character"),
                           username);
            return -1;
        }
    }
    return 0;
}


static int
virStoragePoolOntapValidateBlock(const virStoragePoolSource *source)
{
    const virStoragePoolOntapSource *ontap = source->ontap;
    bool nvme = virStoragePoolOntapProtocolIsNVMe(ontap->protocol);
    bool iscsi = ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI;

    if (nvme) {
        if (!ontap->subsysNQN) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           _("ontap NVMe pool requires <subsystem nqn='...'/>"));
            return -1;
        }
        if (!virStoragePoolOntapNQNIsValid(ontap->subsysNQN)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("malformed subsystem NQN '%1$s'"), ontap->subsysNQN);
            return -1;
        }
        if (!ontap->nsUUID && !ontap->nsid) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           _("ontap NVMe pool requires <namespace uuid='...'/> or <namespace nsid='...'/>"));
            return -1;
        }
        if (ontap->hostNQN && !virStoragePoolOntapNQNIsValid(ontap->hostNQN)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("malformed initiator NQN '%1$s'"), ontap->hostNQN);
            return -1;
        }
        if (ontap->auth && ontap->auth->type != VIR_STORAGE_POOL_ONTAP_AUTH_DHCHAP) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("ontap NVMe pool auth must be of type 'dhchap'"));
            return -1;
        }
    } else {
        if (iscsi) {
            if (source->ndevice != 1) {
                virReportError(VIR_ERR_XML_ERROR, "%s",
                               _("ontap iSCSI pool requires exactly one target <device path='iqn...'/>"));
                return -1;
            }
            if (!virStoragePoolOntapISCSINameIsValid(source->devices[0].path)) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("malformed iSCSI target name '%1$s'"),
                               source->devices[0].path);
                return -1;
            }
            if (ontap->auth && ontap->auth->type != VIR_STORAGE_POOL_ONTAP_AUTH_CHAP) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                               _("ontap iSCSI pool auth must be of type 'chap'"));
                return -1;
            }
            if (ontap->auth &&
                (virStoragePoolOntapValidateCHAPUser(ontap->auth->username) < 0 ||
                 (ontap->auth->mutual &&
                  virStoragePoolOntapValidateCHAPUser(ontap->auth->mutualUsername) < 0)))
                return -1;
        }
        if (!ontap->lunWWID) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("ontap pool with protocol '%1$s' requires <lun wwid='...'/>"),
                           virStoragePoolOntapProtocolTypeToString(ontap->protocol));
            return -1;
        }
    }

    return virStoragePoolOntapValidateCluster(ontap);
}


/**
 * virStoragePoolOntapSourceValidate:
 * @source: a parsed 'ontap' pool source
 *
 * Check that @source describes one coherent way of reaching the array:
 * the elements its protocol needs are there, no element of another
 * protocol is, and every value is in range.
 */
int
virStoragePoolOntapSourceValidate(const virStoragePoolSource *source)
{
    if (!source->ontap) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       _("ontap pool requires <protocol name='...'/> in its source"));
        return -1;
    }

    if (virStoragePoolOntapValidateHosts(source) < 0)
        return -1;

    if (source->ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS)
        return virStoragePoolOntapValidateNFS(source);

    return virStoragePoolOntapValidateBlock(source);
}


static void
virStoragePoolOntapAuthFormatXML(virBuffer *buf,
                                 const virStoragePoolOntapAuth *auth)
{
    virBufferAsprintf(buf, "<auth type='%s'",
                      virStoragePoolOntapAuthTypeToString(auth->type));
    virBufferEscapeString(buf, " username='%s'", auth->username);
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);
    virSecretLookupFormatSecret(buf, NULL, (virSecretLookupTypeDef *) &auth->secret);
    if (auth->mutual) {
        virBufferAddLit(buf, "<mutual");
        virBufferEscapeString(buf, " username='%s'", auth->mutualUsername);
        virBufferAddLit(buf, ">\n");
        virBufferAdjustIndent(buf, 2);
        virSecretLookupFormatSecret(buf, NULL,
                                    (virSecretLookupTypeDef *) &auth->mutualSecret);
        virBufferAdjustIndent(buf, -2);
        virBufferAddLit(buf, "</mutual>\n");
    }
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</auth>\n");
}


static void
virStoragePoolOntapFabricFormatXML(virBuffer *buf,
                                   const virStoragePoolOntapFabric *fabric)
{
    g_auto(virBuffer) attrs = VIR_BUFFER_INITIALIZER;

    if (fabric->ctrlLossTmoSet)
        virBufferAsprintf(&attrs, " ctrl_loss_tmo='%d'", fabric->ctrlLossTmo);
    if (fabric->reconnectDelay)
        virBufferAsprintf(&attrs, " reconnect_delay='%u'", fabric->reconnectDelay);
    if (fabric->keepAliveTmo)
        virBufferAsprintf(&attrs, " keep_alive_tmo='%u'", fabric->keepAliveTmo);
    if (fabric->nrIOQueues)
        virBufferAsprintf(&attrs, " nr_io_queues='%u'", fabric->nrIOQueues);
    if (fabric->hdrDigest)
        virBufferAsprintf(&attrs, " hdr_digest='%s'",
                          virTristateBoolTypeToString(fabric->hdrDigest));
    if (fabric->dataDigest)
        virBufferAsprintf(&attrs, " data_digest='%s'",
                          virTristateBoolTypeToString(fabric->dataDigest));

    virXMLFormatElement(buf, "fabric", &attrs, NULL);
}


static void
virStoragePoolOntapClusterFormatXML(virBuffer *buf,
                                    const virStoragePoolOntapCluster *cluster)
{
    g_auto(virBuffer) attrs = VIR_BUFFER_INITIALIZER;

    virBufferEscapeString(&attrs, " name='%s'", cluster->name);
    if (cluster->stack)
        virBufferAsprintf(&attrs, " stack='%s'",
                          virStoragePoolOntapClusterStackTypeToString(cluster->stack));
    if (cluster->slots)
        virBufferAsprintf(&attrs, " slots='%u'", cluster->slots);
    if (cluster->journals)
        virBufferAsprintf(&attrs, " journals='%u'", cluster->journals);
    if (cluster->local)
        virBufferAsprintf(&attrs, " local='%s'",
                          virTristateBoolTypeToString(cluster->local));

    virXMLFormatElement(buf, "cluster", &attrs, NULL);
}


/* A path of an iSCSI or FC pool: the portal's session (iSCSI), its SCSI
 * disk, and how the multipath map sees that disk. */
static void
virStoragePoolOntapSCSIPathFormatXML(virBuffer *buf,
                                     const virStoragePoolOntapPath *path)
{
    bool up = path->disk && STREQ_NULLABLE(path->diskState, "running") &&
              path->mpathActive == VIR_TRISTATE_BOOL_YES &&
              (!path->sessionState || STREQ(path->sessionState, "LOGGED_IN"));

    virBufferEscapeString(buf, "<path address='%s'", path->address);
    if (path->port > 0)
        virBufferAsprintf(buf, " port='%d'", path->port);
    virBufferAsprintf(buf, " state='%s'", up ? "up" : "down");
    if (path->session > 0)
        virBufferAsprintf(buf, " session='%u'", path->session);
    virBufferEscapeString(buf, " session_state='%s'", path->sessionState);
    virBufferEscapeString(buf, " disk='%s'", path->disk);
    virBufferEscapeString(buf, " hctl='%s'", path->hctl);
    virBufferEscapeString(buf, " disk_state='%s'", path->diskState);
    if (path->mpathActive)
        virBufferAsprintf(buf, " multipath='%s'",
                          path->mpathActive == VIR_TRISTATE_BOOL_YES ? "active" : "failed");
    if (path->group > 0)
        virBufferAsprintf(buf, " group='%u'", path->group);
    virBufferEscapeString(buf, " group_state='%s'", path->groupState);
    if (path->mpathActive)
        virBufferAsprintf(buf, " failures='%u'", path->failures);
    virBufferAddLit(buf, "/>\n");
}


/* Output only: what an active pool found when it last looked. */
static void
virStoragePoolOntapPathsFormatXML(virBuffer *buf,
                                  const virStoragePoolOntapSource *ontap)
{
    g_auto(virBuffer) child = VIR_BUFFER_INIT_CHILD(buf);
    size_t i;

    g_auto(virBuffer) attrs = VIR_BUFFER_INITIALIZER;
    bool nvme = virStoragePoolOntapProtocolIsNVMe(ontap->protocol);
    bool scsi = ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI ||
                ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC;

    for (i = 0; i < ontap->npaths; i++) {
        const virStoragePoolOntapPath *path = &ontap->paths[i];
        bool up;

        if (scsi) {
            virStoragePoolOntapSCSIPathFormatXML(&child, path);
            continue;
        }

        virBufferEscapeString(&child, "<path address='%s'", path->address);
        if (path->port > 0)
            virBufferAsprintf(&child, " port='%d'", path->port);

        if (nvme) {
            up = !path->unreachable && STREQ_NULLABLE(path->controllerState, "live");
            virBufferAsprintf(&child, " state='%s'", up ? "up" : "down");
            virBufferEscapeString(&child, " controller='%s'", path->controller);
            virBufferEscapeString(&child, " controller_state='%s'", path->controllerState);
            virBufferEscapeString(&child, " ana='%s'", path->ana);
        } else {
            up = !path->unreachable && path->connected > 0;
            virBufferAsprintf(&child, " state='%s' transports='%u' connected='%u'",
                              up ? "up" : "down", path->transports, path->connected);
        }
        virBufferAddLit(&child, "/>\n");
    }

    virBufferEscapeString(&attrs, " device='%s'", ontap->device);
    virXMLFormatElement(buf, "paths", &attrs, &child);
}


/**
 * virStoragePoolOntapSourceFormatXML:
 * @buf: output, positioned inside <source>
 * @source: an 'ontap' pool source
 *
 * Format the elements only 'ontap' pools have; the caller formats the
 * generic ones (host, device, dir).
 */
void
virStoragePoolOntapSourceFormatXML(virBuffer *buf,
                                   const virStoragePoolSource *source)
{
    const virStoragePoolOntapSource *ontap = source->ontap;
    g_auto(virBuffer) attrs = VIR_BUFFER_INITIALIZER;
    g_auto(virBuffer) child = VIR_BUFFER_INIT_CHILD(buf);

    virBufferAsprintf(&attrs, " name='%s'",
                      virStoragePoolOntapProtocolTypeToString(ontap->protocol));
    virBufferEscapeString(&attrs, " ver='%s'", source->protocolVer);
    if (ontap->transport)
        virBufferAsprintf(&attrs, " transport='%s'",
                          virStoragePoolOntapTransportTypeToString(ontap->transport));
    virXMLFormatElement(buf, "protocol", &attrs, NULL);

    virBufferEscapeString(buf, "<subsystem nqn='%s'/>\n", ontap->subsysNQN);
    if (ontap->nsUUID)
        virBufferAsprintf(buf, "<namespace uuid='%s'/>\n", ontap->nsUUID);
    else if (ontap->nsid)
        virBufferAsprintf(buf, "<namespace nsid='%u'/>\n", ontap->nsid);
    if (ontap->lunWWID) {
        virBufferEscapeString(buf, "<lun wwid='%s'", ontap->lunWWID);
        if (ontap->lunID >= 0)
            virBufferAsprintf(buf, " id='%d'", ontap->lunID);
        virBufferAddLit(buf, "/>\n");
    }

    virBufferEscapeString(&child, "<iqn name='%s'/>\n", source->initiator.iqn);
    if (ontap->hostNQN) {
        virBufferEscapeString(&child, "<nqn name='%s'", ontap->hostNQN);
        virBufferEscapeString(&child, " hostid='%s'", ontap->hostID);
        virBufferAddLit(&child, "/>\n");
    }
    virXMLFormatElement(buf, "initiator", NULL, &child);

    if (ontap->auth)
        virStoragePoolOntapAuthFormatXML(buf, ontap->auth);

    if (ontap->format)
        virBufferAsprintf(buf, "<format type='%s'/>\n",
                          virStoragePoolOntapFormatTypeToString(ontap->format));
    virStoragePoolOntapClusterFormatXML(buf, &ontap->cluster);

    if (ontap->nconnect)
        virBufferAsprintf(&attrs, " nconnect='%u'", ontap->nconnect);
    if (ontap->maxConnect)
        virBufferAsprintf(&attrs, " max_connect='%u'", ontap->maxConnect);
    if (ontap->trunking)
        virBufferAsprintf(&attrs, " trunking='%s'",
                          virTristateBoolTypeToString(ontap->trunking));
    if (ontap->degraded)
        virBufferAsprintf(&attrs, " degraded='%s'",
                          virStoragePoolOntapDegradedTypeToString(ontap->degraded));
    virXMLFormatElement(buf, "connections", &attrs, NULL);

    if (ontap->sec)
        virBufferAsprintf(&attrs, " sec='%s'",
                          virStoragePoolOntapSecTypeToString(ontap->sec));
    if (ontap->tls)
        virBufferAsprintf(&attrs, " tls='%s'",
                          virStoragePoolOntapTLSTypeToString(ontap->tls));
    virXMLFormatElement(buf, "security", &attrs, NULL);

    virStoragePoolOntapFabricFormatXML(buf, &ontap->fabric);

    if (ontap->session.replacementTimeout)
        virBufferAsprintf(&attrs, " replacement_timeout='%u'",
                          ontap->session.replacementTimeout);
    if (ontap->session.noopOutInterval)
        virBufferAsprintf(&attrs, " noop_out_interval='%u'",
                          ontap->session.noopOutInterval);
    if (ontap->session.noopOutTimeout)
        virBufferAsprintf(&attrs, " noop_out_timeout='%u'",
                          ontap->session.noopOutTimeout);
    virXMLFormatElement(buf, "session", &attrs, NULL);

    if (ontap->monitor.enabled)
        virBufferAsprintf(&attrs, " enabled='%s'",
                          virTristateBoolTypeToString(ontap->monitor.enabled));
    if (ontap->monitor.interval)
        virBufferAsprintf(&attrs, " interval='%u'", ontap->monitor.interval);
    virXMLFormatElement(buf, "monitor", &attrs, NULL);

    virStoragePoolOntapPathsFormatXML(buf, ontap);
}


/* Whether two pools share an address of the array. Ports do not count: the
 * same export through one address is the same storage, whichever port
 * (default or not) or NFS transport reaches it. */
static bool
virStoragePoolOntapHostsIntersect(const virStoragePoolSource *a,
                                  const virStoragePoolSource *b)
{
    size_t i;
    size_t j;

    for (i = 0; i < a->nhost; i++) {
        for (j = 0; j < b->nhost; j++) {
            if (virStoragePoolOntapHostAddrEqual(a->hosts[i].name, b->hosts[j].name))
                return true;
        }
    }
    return false;
}


/**
 * virStoragePoolOntapSourceIsDuplicate:
 *
 * Two 'ontap' pools describe the same storage when they mount the same
 * export from a common address, use the same NVMe namespace of the same
 * subsystem, or the same SCSI LUN (over iSCSI or FC alike).
 */
bool
virStoragePoolOntapSourceIsDuplicate(const virStoragePoolSource *a,
                                     const virStoragePoolSource *b)
{
    const virStoragePoolOntapSource *x = a->ontap;
    const virStoragePoolOntapSource *y = b->ontap;

    if (!x || !y)
        return false;

    if (x->lunWWID && y->lunWWID)
        return STREQ(x->lunWWID, y->lunWWID);

    if (x->protocol != y->protocol)
        return false;

    if (x->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS)
        return STREQ_NULLABLE(a->dir, b->dir) &&
               virStoragePoolOntapHostsIntersect(a, b);

    if (virStoragePoolOntapProtocolIsNVMe(x->protocol))
        return STREQ_NULLABLE(x->subsysNQN, y->subsysNQN) &&
               STREQ_NULLABLE(x->nsUUID, y->nsUUID) &&
               x->nsid == y->nsid;

    return false;
}
