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
#define ONTAP_NFS_MAX_CONNECT 16
#define ONTAP_NQN_MAX_LEN 223


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


/* NVMe base specification, 4.5 "NVMe Qualified Names":
 * nqn.yyyy-mm.reverse-domain:string, or the UUID form
 * nqn.2014-08.org.nvmexpress:uuid:<uuid>; at most 223 bytes. */
bool
virStoragePoolOntapNQNIsValid(const char *nqn)
{
    unsigned char uuid[VIR_UUID_BUFLEN];
    const char *uuidstr;

    if (strlen(nqn) > ONTAP_NQN_MAX_LEN)
        return false;

    if ((uuidstr = STRSKIP(nqn, "nqn.2014-08.org.nvmexpress:uuid:")))
        return virUUIDParse(uuidstr, uuid) == 0;

    return g_regex_match_simple("^nqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\."
                                "[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*:[^\\s]+$",
                                nqn, 0, 0);
}


/* A SCSI WWID as multipath and sysfs print it: hex digits (the first one
 * names the designator type, e.g. 3 for NAA). */
static bool
virStoragePoolOntapWWIDIsValid(const char *wwid)
{
    return g_regex_match_simple("^[0-9a-fA-F]{8,64}$", wwid, 0, 0);
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
    int rc;

    if ((rc = virXMLPropInt(node, "ctrl_loss_tmo", 10, VIR_XML_PROP_NONE,
                            &fabric->ctrlLossTmo, -1)) < 0)
        return -1;
    fabric->ctrlLossTmoSet = rc > 0;

    if (virXMLPropUInt(node, "reconnect_delay", 10, VIR_XML_PROP_NONZERO,
                       &fabric->reconnectDelay) < 0 ||
        virXMLPropUInt(node, "keep_alive_tmo", 10, VIR_XML_PROP_NONZERO,
                       &fabric->keepAliveTmo) < 0 ||
        virXMLPropUInt(node, "nr_io_queues", 10, VIR_XML_PROP_NONZERO,
                       &fabric->nrIOQueues) < 0 ||
        virXMLPropTristateBool(node, "hdr_digest", VIR_XML_PROP_NONE,
                               &fabric->hdrDigest) < 0 ||
        virXMLPropTristateBool(node, "data_digest", VIR_XML_PROP_NONE,
                               &fabric->dataDigest) < 0)
        return -1;

    return 0;
}


static int
virStoragePoolOntapClusterParseXML(xmlNodePtr node,
                                   virStoragePoolOntapCluster *cluster)
{
    cluster->name = virXMLPropString(node, "name");

    if (virXMLPropEnum(node, "stack", virStoragePoolOntapClusterStackTypeFromString,
                       VIR_XML_PROP_NONZERO, &cluster->stack) < 0 ||
        virXMLPropUInt(node, "slots", 10, VIR_XML_PROP_NONE,
                       &cluster->slots) < 0 ||
        virXMLPropUInt(node, "journals", 10, VIR_XML_PROP_NONE,
                       &cluster->journals) < 0 ||
        virXMLPropTristateBool(node, "local", VIR_XML_PROP_NONE,
                               &cluster->local) < 0)
        return -1;

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

    if ((node = virXPathNode("./subsystem", ctxt)) &&
        !(ontap->subsysNQN = virXMLPropStringRequired(node, "nqn")))
        return -1;

    if ((node = virXPathNode("./namespace", ctxt))) {
        g_autofree char *uuid = virXMLPropString(node, "uuid");
        unsigned char raw[VIR_UUID_BUFLEN];
        int rc;

        if ((rc = virXMLPropUInt(node, "nsid", 10, VIR_XML_PROP_NONZERO,
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
            ontap->nsUUID = g_strdup(virUUIDFormat(raw, uuidstr));
        }
    }

    if ((node = virXPathNode("./lun", ctxt))) {
        g_autofree char *wwid = NULL;

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
        if (virXMLPropInt(node, "id", 10, VIR_XML_PROP_NONNEGATIVE,
                          &ontap->lunID, -1) < 0)
            return -1;
    }

    if ((node = virXPathNode("./initiator/nqn", ctxt))) {
        if (!(ontap->hostNQN = virXMLPropStringRequired(node, "name")))
            return -1;
        ontap->hostID = virXMLPropString(node, "hostid");
    }

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
        int nconnect;
        int maxConnect;

        /* An explicit 0 would read back as "unset": keep it for validation */
        if ((nconnect = virXMLPropUInt(node, "nconnect", 10, VIR_XML_PROP_NONE,
                                       &ontap->nconnect)) < 0 ||
            (maxConnect = virXMLPropUInt(node, "max_connect", 10, VIR_XML_PROP_NONE,
                                         &ontap->maxConnect)) < 0 ||
            virXMLPropTristateBool(node, "trunking", VIR_XML_PROP_NONE,
                                   &ontap->trunking) < 0 ||
            virXMLPropEnum(node, "degraded", virStoragePoolOntapDegradedTypeFromString,
                           VIR_XML_PROP_NONZERO, &ontap->degraded) < 0)
            return -1;
        if (nconnect > 0 && ontap->nconnect == 0)
            ontap->nconnect = UINT_MAX;
        if (maxConnect > 0 && ontap->maxConnect == 0)
            ontap->maxConnect = UINT_MAX;
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

    source->ontap = g_steal_pointer(&ontap);
    return 0;
}


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


static int
virStoragePoolOntapValidateHosts(const virStoragePoolSource *source)
{
    const virStoragePoolOntapSource *ontap = source->ontap;
    const char *protocol = virStoragePoolOntapProtocolTypeToString(ontap->protocol);
    size_t i;
    size_t j;

    if (ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC)
        return virStoragePoolOntapForbid(source->nhost > 0, "host", ontap->protocol);

    if (source->nhost == 0) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("ontap pool with protocol '%1$s' requires at least one <host>"),
                       protocol);
        return -1;
    }

    for (i = 0; i < source->nhost; i++) {
        const virStoragePoolSourceHost *host = &source->hosts[i];

        if (host->port < 0 || host->port > 65535) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("port %1$d of ontap pool host '%2$s' is out of range 1-65535"),
                           host->port, host->name);
            return -1;
        }

        if (ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_FC &&
            !virStoragePoolOntapFCAddrIsValid(host->name)) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("nvme-fc host '%1$s' is not of the form nn-0x<16 hex>:pn-0x<16 hex>"),
                           host->name);
            return -1;
        }

        for (j = 0; j < i; j++) {
            if (STREQ(source->hosts[j].name, host->name) &&
                source->hosts[j].port == host->port) {
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

    if (ver && STRNEQ(ver, "3") && STRNEQ(ver, "4") && STRNEQ(ver, "4.0") && !minor1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("unsupported NFS version '%1$s' (expected 3, 4, 4.0, 4.1 or 4.2)"),
                       ver);
        return -1;
    }

    if (ontap->nconnect > ONTAP_NFS_MAX_CONNECT || ontap->nconnect == UINT_MAX) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("ontap pool nconnect must be between 1 and 16"));
        return -1;
    }

    if (ontap->maxConnect > ONTAP_NFS_MAX_CONNECT || ontap->maxConnect == UINT_MAX) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("ontap pool max_connect must be between 1 and 16"));
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

    if (virStoragePoolOntapForbid(source->ndevice > 0, "device", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(!!ontap->subsysNQN, "subsystem", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(ontap->nsUUID || ontap->nsid, "namespace", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(!!ontap->lunWWID, "lun", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(ontap->hostNQN || source->initiator.iqn,
                                  "initiator", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(!!ontap->auth, "auth", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(ontap->format != VIR_STORAGE_POOL_ONTAP_FORMAT_NONE,
                                  "format", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(ontap->cluster.name || ontap->cluster.stack ||
                                  ontap->cluster.slots || ontap->cluster.journals ||
                                  ontap->cluster.local, "cluster", ontap->protocol) < 0)
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
virStoragePoolOntapValidateCluster(const virStoragePoolOntapSource *ontap)
{
    const virStoragePoolOntapCluster *cluster = &ontap->cluster;
    const virStoragePoolOntapClusterLimits *limits;
    const char *fs = virStoragePoolOntapFormatTypeToString(ontap->format);
    const char *stack;
    bool ocfs2 = ontap->format == VIR_STORAGE_POOL_ONTAP_FORMAT_OCFS2;
    unsigned int count = ocfs2 ? cluster->slots : cluster->journals;
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

    if (otherCount) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cluster '%1$s' does not apply to filesystem %2$s, which uses '%3$s'"),
                       ocfs2 ? "journals" : "slots", fs, limits->countAttr);
        return -1;
    }

    if (count > limits->countMax) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cluster %1$s='%2$u' is out of range 1-%3$u for filesystem %4$s"),
                       limits->countAttr, count, limits->countMax, fs);
        return -1;
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
        if (ontap->hostID) {
            unsigned char raw[VIR_UUID_BUFLEN];

            if (virUUIDParse(ontap->hostID, raw) < 0) {
                virReportError(VIR_ERR_XML_ERROR,
                               _("malformed initiator host ID '%1$s'"), ontap->hostID);
                return -1;
            }
        }
        if (ontap->auth && ontap->auth->type != VIR_STORAGE_POOL_ONTAP_AUTH_DHCHAP) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("ontap NVMe pool auth must be of type 'dhchap'"));
            return -1;
        }
        if (ontap->fabric.ctrlLossTmoSet && ontap->fabric.ctrlLossTmo < -1) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("ctrl_loss_tmo %1$d is invalid (expected -1 or a number of seconds)"),
                           ontap->fabric.ctrlLossTmo);
            return -1;
        }
    } else {
        if (iscsi) {
            if (source->ndevice != 1) {
                virReportError(VIR_ERR_XML_ERROR, "%s",
                               _("ontap iSCSI pool requires exactly one target <device path='iqn...'/>"));
                return -1;
            }
            if (!STRPREFIX(source->devices[0].path, "iqn.") &&
                !STRPREFIX(source->devices[0].path, "eui.") &&
                !STRPREFIX(source->devices[0].path, "naa.")) {
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
            if (ontap->auth && (!ontap->auth->username ||
                                (ontap->auth->mutual && !ontap->auth->mutualUsername))) {
                virReportError(VIR_ERR_XML_ERROR, "%s",
                               _("ontap iSCSI pool CHAP requires a username"));
                return -1;
            }
        } else {
            if (virStoragePoolOntapForbid(source->ndevice > 0, "device", ontap->protocol) < 0 ||
                virStoragePoolOntapForbid(!!ontap->auth, "auth", ontap->protocol) < 0 ||
                virStoragePoolOntapForbid(!!source->initiator.iqn, "initiator", ontap->protocol) < 0)
                return -1;
        }
        if (!ontap->lunWWID) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("ontap pool with protocol '%1$s' requires <lun wwid='...'/>"),
                           virStoragePoolOntapProtocolTypeToString(ontap->protocol));
            return -1;
        }
    }

    if (virStoragePoolOntapForbid(!!source->dir, "dir", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(!nvme && ontap->subsysNQN, "subsystem", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(!nvme && (ontap->nsUUID || ontap->nsid),
                                  "namespace", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(!nvme && ontap->hostNQN, "initiator nqn", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(nvme && (ontap->lunWWID || source->ndevice > 0 ||
                                           source->initiator.iqn),
                                  "lun, device or initiator iqn", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(!nvme && (ontap->fabric.ctrlLossTmoSet ||
                                            ontap->fabric.reconnectDelay ||
                                            ontap->fabric.keepAliveTmo ||
                                            ontap->fabric.nrIOQueues ||
                                            ontap->fabric.hdrDigest ||
                                            ontap->fabric.dataDigest),
                                  "fabric", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(ontap->nconnect || ontap->maxConnect || ontap->trunking,
                                  "connections nconnect/max_connect/trunking", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(ontap->sec || ontap->tls, "security", ontap->protocol) < 0 ||
        virStoragePoolOntapForbid(ontap->transport || source->protocolVer,
                                  "protocol ver/transport", ontap->protocol) < 0)
        return -1;

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
    virStoragePoolOntapPathsFormatXML(buf, ontap);
}


static bool
virStoragePoolOntapHostsIntersect(const virStoragePoolSource *a,
                                  const virStoragePoolSource *b)
{
    size_t i;
    size_t j;

    for (i = 0; i < a->nhost; i++) {
        for (j = 0; j < b->nhost; j++) {
            if (STREQ(a->hosts[i].name, b->hosts[j].name))
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
