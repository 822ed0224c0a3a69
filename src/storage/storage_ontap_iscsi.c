/*
 * storage_ontap_iscsi.c: open-iscsi node records, discovery, logins and
 * sessions of 'ontap' pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * CHAP passwords go into the node record file directly (0600, as
 * iscsiadm keeps it), where iscsiadm reads them at login: "iscsiadm -o
 * update -n node.session.auth.password -v <password>" would put them in
 * the process arguments, which every user of the host can read.
 */

#include <config.h>

#include "storage_ontap_iscsi.h"
#include "storage_ontap_command.h"
#include "storage_ontap_sysfs.h"
#include "virbuffer.h"
#include "vircommand.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virsecureerase.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_iscsi");

#define ONTAP_ISCSI_AUTH_PREFIX "node.session.auth."


static void
virStorageOntapISCSIAuthLines(virBuffer *buf,
                              const virStorageOntapISCSIChap *chap)
{
    virBufferAddLit(buf, ONTAP_ISCSI_AUTH_PREFIX "authmethod = CHAP\n");
    virBufferAsprintf(buf, ONTAP_ISCSI_AUTH_PREFIX "username = %s\n", chap->username);
    virBufferAsprintf(buf, ONTAP_ISCSI_AUTH_PREFIX "password = %s\n", chap->password);
    if (chap->usernameIn && chap->passwordIn) {
        virBufferAsprintf(buf, ONTAP_ISCSI_AUTH_PREFIX "username_in = %s\n", chap->usernameIn);
        virBufferAsprintf(buf, ONTAP_ISCSI_AUTH_PREFIX "password_in = %s\n", chap->passwordIn);
    }
}


/* The record with its CHAP lines replaced by those of @chap. */
static char *
virStorageOntapISCSIRecordWithAuth(const char *record,
                                   const virStorageOntapISCSIChap *chap)
{
    g_auto(GStrv) lines = g_strsplit(record, "\n", 0);
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    bool written = false;
    size_t i;

    for (i = 0; lines[i]; i++) {
        if (STRPREFIX(lines[i], ONTAP_ISCSI_AUTH_PREFIX) || !*lines[i])
            continue;
        /* inside the record, as iscsiadm writes it */
        if (!written && STRPREFIX(lines[i], "# END RECORD")) {
            virStorageOntapISCSIAuthLines(&buf, chap);
            written = true;
        }
        virBufferAsprintf(&buf, "%s\n", lines[i]);
    }
    if (!written)
        virStorageOntapISCSIAuthLines(&buf, chap);
    for (i = 0; lines[i]; i++)
        virSecureEraseString(lines[i]);

    return virBufferContentAndReset(&buf);
}


static int
virStorageOntapISCSIRewriteRecord(const char *path,
                                  const virStorageOntapISCSIChap *chap)
{
    g_autofree char *record = NULL;
    g_autofree char *updated = NULL;
    int ret;

    if (virFileReadAll(path, 64 * 1024, &record) < 0)
        return -1;
    updated = virStorageOntapISCSIRecordWithAuth(record, chap);
    virSecureEraseString(record);

    ret = virFileRewriteStr(path, 0600, updated);
    virSecureEraseString(updated);
    return ret;
}


/**
 * virStorageOntapISCSISetNodeAuth:
 * @nodesDir: open-iscsi's node records (/etc/iscsi/nodes)
 * @target: the target IQN
 * @address: the portal's address
 * @port: the portal's port
 * @chap: the credentials
 *
 * Set CHAP on every record of @target through the portal (one per target
 * portal group and interface), replacing any CHAP it had.
 *
 * Returns the number of records updated, or -1 on error (none found is an
 * error: discovery creates them).
 */
int
virStorageOntapISCSISetNodeAuth(const char *nodesDir,
                                const char *target,
                                const char *address,
                                int port,
                                const virStorageOntapISCSIChap *chap)
{
    g_autofree char *dir = g_strdup_printf("%s/%s", nodesDir, target);
    g_autofree char *prefix = g_strdup_printf("%s,%d,", address, port);
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    int updated = 0;
    int rc;

    if (virDirOpen(&dh, dir) < 0)
        return -1;

    while ((rc = virDirRead(dh, &ent, dir)) > 0) {
        g_autofree char *portalDir = NULL;
        g_autoptr(DIR) ph = NULL;
        struct dirent *rec;

        if (!STRPREFIX(ent->d_name, prefix))
            continue;
        portalDir = g_strdup_printf("%s/%s", dir, ent->d_name);
        if (virDirOpen(&ph, portalDir) < 0)
            return -1;
        while ((rc = virDirRead(ph, &rec, portalDir)) > 0) {
            g_autofree char *path = g_strdup_printf("%s/%s", portalDir, rec->d_name);

            if (virStorageOntapISCSIRewriteRecord(path, chap) < 0)
                return -1;
            VIR_DEBUG("CHAP set in %s", path);
            updated++;
        }
        if (rc < 0)
            return -1;
    }
    if (rc < 0)
        return -1;

    if (updated == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("no open-iscsi record of target %1$s through %2$s:%3$d in %4$s"),
                       target, address, port, nodesDir);
        return -1;
    }
    return updated;
}


void
virStorageOntapISCSIPortalFree(virStorageOntapISCSIPortal *portal)
{
    if (!portal)
        return;
    g_free(portal->address);
    g_free(portal->target);
    g_free(portal);
}


/* "192.0.2.1:3260,1" or "[2001:db8::1]:3260,1" */
static int
virStorageOntapISCSIParsePortal(const char *text,
                                virStorageOntapISCSIPortal *portal)
{
    g_autofree char *copy = g_strdup(text);
    char *comma = strrchr(copy, ',');
    char *colon;

    /* a TCP port and a 16-bit portal group tag (RFC 7143) */
    if (!comma || virStrToLong_i(comma + 1, NULL, 10, &portal->tpgt) < 0 ||
        portal->tpgt < 0 || portal->tpgt > 65535)
        return -1;
    *comma = '\0';
    if (!(colon = strrchr(copy, ':')) ||
        virStrToLong_i(colon + 1, NULL, 10, &portal->port) < 0 ||
        portal->port <= 0 || portal->port > 65535)
        return -1;
    *colon = '\0';
    if (!copy[0] || STREQ(copy, "[]"))
        return -1;
    if (copy[0] == '[' && copy[strlen(copy) - 1] == ']') {
        copy[strlen(copy) - 1] = '\0';
        portal->address = g_strdup(copy + 1);
    } else {
        portal->address = g_strdup(copy);
    }
    return 0;
}


/**
 * virStorageOntapISCSIParseDiscovery:
 * @output: what "iscsiadm -m discovery -t sendtargets" printed
 * @portals: set to every portal of every target it lists
 *           (virStorageOntapISCSIPortal)
 *
 * Lines are "<address>:<port>,<tpgt> <target>".
 *
 * Returns 0 on success, -1 on a line that is none of those.
 */
int
virStorageOntapISCSIParseDiscovery(const char *output,
                                   GPtrArray **portals)
{
    g_auto(GStrv) lines = g_strsplit(output, "\n", 0);
    g_autoptr(GPtrArray) list =
        g_ptr_array_new_with_free_func((GDestroyNotify) virStorageOntapISCSIPortalFree);
    size_t i;

    for (i = 0; lines[i]; i++) {
        g_auto(GStrv) f = NULL;
        g_autoptr(virStorageOntapISCSIPortal) portal = NULL;

        g_strstrip(lines[i]);
        if (!*lines[i])
            continue;
        portal = g_new0(virStorageOntapISCSIPortal, 1);
        f = g_strsplit_set(lines[i], " \t", 2);
        if (g_strv_length(f) != 2 ||
            virStorageOntapISCSIParsePortal(f[0], portal) < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("unexpected line in iSCSI discovery output: '%1$s'"),
                           lines[i]);
            return -1;
        }
        portal->target = g_strdup(g_strstrip(f[1]));
        g_ptr_array_add(list, g_steal_pointer(&portal));
    }

    *portals = g_steal_pointer(&list);
    return 0;
}


void
virStorageOntapISCSISessionFree(virStorageOntapISCSISession *session)
{
    if (!session)
        return;
    g_free(session->target);
    g_free(session->address);
    g_free(session->state);
    g_free(session);
}


/* The SCSI host of a session: the "hostN" its sysfs device sits under. */
static int
virStorageOntapISCSISessionHost(const char *link,
                                unsigned int *host)
{
    g_autofree char *resolved = NULL;
    g_auto(GStrv) parts = NULL;
    size_t i;

    if (virFileResolveLink(link, &resolved) < 0) {
        virReportSystemError(errno, _("cannot resolve %1$s"), link);
        return -1;
    }
    parts = g_strsplit(resolved, "/", 0);
    for (i = 0; parts[i]; i++) {
        if (STRPREFIX(parts[i], "host") &&
            virStrToLong_ui(parts[i] + 4, NULL, 10, host) == 0)
            return 0;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("no SCSI host in the sysfs path %1$s"), resolved);
    return -1;
}


/* The portal of the session's (first) connection. */
static int
virStorageOntapISCSISessionPortal(const char *sysfs,
                                  virStorageOntapISCSISession *session)
{
    g_autofree char *dir = g_strdup_printf("%s/class/iscsi_connection", sysfs);
    g_autofree char *prefix = g_strdup_printf("connection%u:", session->sid);
    g_auto(GStrv) conns = NULL;

    if (virStorageOntapSysfsList(dir, prefix, &conns) < 0)
        return -1;
    if (!conns[0])
        return 0;
    if (virFileReadValueString(&session->address, "%s/%s/persistent_address",
                               dir, conns[0]) < 0 ||
        virFileReadValueInt(&session->port, "%s/%s/persistent_port", dir, conns[0]) < 0)
        return -1;
    return 0;
}


/**
 * virStorageOntapISCSIReadSessions:
 * @sysfs: where sysfs is mounted
 * @target: only the sessions to this target IQN
 * @sessions: set to them (virStorageOntapISCSISession), in session order
 *
 * Returns 0 on success (none found too), -1 on error.
 */
int
virStorageOntapISCSIReadSessions(const char *sysfs,
                                 const char *target,
                                 GPtrArray **sessions)
{
    g_autofree char *dir = g_strdup_printf("%s/class/iscsi_session", sysfs);
    g_auto(GStrv) names = NULL;
    g_autoptr(GPtrArray) list = NULL;
    size_t i;

    if (virStorageOntapSysfsList(dir, "session", &names) < 0)
        return -1;

    list = g_ptr_array_new_with_free_func((GDestroyNotify) virStorageOntapISCSISessionFree);
    for (i = 0; names[i]; i++) {
        g_autoptr(virStorageOntapISCSISession) s = g_new0(virStorageOntapISCSISession, 1);
        g_autofree char *link = g_strdup_printf("%s/%s", dir, names[i]);

        if (virStrToLong_ui(names[i] + strlen("session"), NULL, 10, &s->sid) < 0)
            continue;
        if (virFileReadValueString(&s->target, "%s/targetname", link) < 0)
            return -1;
        if (STRNEQ(s->target, target))
            continue;
        if (virFileReadValueInt(&s->tpgt, "%s/tpgt", link) < 0 ||
            virFileReadValueString(&s->state, "%s/state", link) < 0 ||
            virStorageOntapISCSISessionHost(link, &s->host) < 0 ||
            virStorageOntapISCSISessionPortal(sysfs, s) < 0)
            return -1;
        g_ptr_array_add(list, g_steal_pointer(&s));
    }

    *sessions = g_steal_pointer(&list);
    return 0;
}


virStorageOntapISCSISession *
virStorageOntapISCSIFindSession(GPtrArray *sessions,
                                const char *address,
                                int port)
{
    size_t i;

    for (i = 0; i < sessions->len; i++) {
        virStorageOntapISCSISession *s = g_ptr_array_index(sessions, i);

        if (STREQ_NULLABLE(s->address, address) && s->port == port)
            return s;
    }
    return NULL;
}


/* Node record settings: dm-multipath takes over after 5 s without a
 * session (NetApp's value with dm-multipath) unless the pool sets another;
 * a login is bounded by two tries of 15 s, a logout by 15 s. */
#define ONTAP_ISCSI_REPLACEMENT_TIMEOUT 5
#define ONTAP_ISCSI_LOGIN_TIMEOUT "15"
#define ONTAP_ISCSI_LOGIN_RETRIES "2"
#define ONTAP_ISCSI_LOGOUT_TIMEOUT "15"

/* iscsiadm's exit status for a login the target refused to authorize */
#define ONTAP_ISCSI_ERR_LOGIN_AUTH_FAILED 24


/* "192.0.2.1:3260,1", "[2001:db8::1]:3260", as iscsiadm takes portals. */
char *
virStorageOntapISCSIPortalString(const char *address,
                                 int port,
                                 int tpgt)
{
    bool v6 = strchr(address, ':') != NULL;

    if (tpgt < 0)
        return g_strdup_printf("%s%s%s:%d", v6 ? "[" : "", address, v6 ? "]" : "", port);
    return g_strdup_printf("%s%s%s:%d,%d", v6 ? "[" : "", address, v6 ? "]" : "",
                           port, tpgt);
}


static virCommand *
virStorageOntapISCSINodeCmd(const virStorageOntapISCSINode *node)
{
    g_autofree char *portal = virStorageOntapISCSIPortalString(node->address, node->port,
                                                               node->tpgt);

    return virStorageOntapCommandNew(ISCSIADM, "--mode", "node", "--targetname", node->target,
                                "--portal", portal, "--interface", node->iface, NULL);
}


/* What the pool asks of iscsiadm: each failure has a message of its own. */
typedef enum {
    ONTAP_ISCSI_OP_UPDATE_RECORD,
    ONTAP_ISCSI_OP_DISCOVERY,
    ONTAP_ISCSI_OP_CREATE_IFACE,
    ONTAP_ISCSI_OP_SET_IQN,
    ONTAP_ISCSI_OP_CREATE_RECORD,
    ONTAP_ISCSI_OP_LOGIN,
    ONTAP_ISCSI_OP_LOGOUT,
    ONTAP_ISCSI_OP_DELETE_RECORD,
} virStorageOntapISCSIOp;


static void
virStorageOntapISCSIReportFailure(virStorageOntapISCSIOp op,
                                  const char *portal,
                                  int status,
                                  const char *why)
{
    switch (op) {
    case ONTAP_ISCSI_OP_UPDATE_RECORD:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("updating the iSCSI node record of portal %1$s failed (iscsiadm exit status %2$d): %3$s"),
                       portal, status, why);
        break;
    case ONTAP_ISCSI_OP_DISCOVERY:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("iSCSI discovery through %1$s failed (iscsiadm exit status %2$d): %3$s"),
                       portal, status, why);
        break;
    case ONTAP_ISCSI_OP_CREATE_IFACE:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("creating the iSCSI interface %1$s failed (iscsiadm exit status %2$d): %3$s"),
                       portal, status, why);
        break;
    case ONTAP_ISCSI_OP_SET_IQN:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("setting the initiator IQN of iSCSI interface %1$s failed (iscsiadm exit status %2$d): %3$s"),
                       portal, status, why);
        break;
    case ONTAP_ISCSI_OP_CREATE_RECORD:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("creating the iSCSI node record of portal %1$s failed (iscsiadm exit status %2$d): %3$s"),
                       portal, status, why);
        break;
    case ONTAP_ISCSI_OP_LOGIN:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("iSCSI login through portal %1$s failed (iscsiadm exit status %2$d): %3$s"),
                       portal, status, why);
        break;
    case ONTAP_ISCSI_OP_LOGOUT:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("iSCSI logout of portal %1$s failed (iscsiadm exit status %2$d): %3$s"),
                       portal, status, why);
        break;
    case ONTAP_ISCSI_OP_DELETE_RECORD:
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("deleting the iSCSI node record of portal %1$s failed (iscsiadm exit status %2$d): %3$s"),
                       portal, status, why);
        break;
    }
}


/* Run @cmd for @op on @portal (an interface for the interface
 * operations); on failure report what iscsiadm said. */
static int
virStorageOntapISCSIRun(virCommand *cmd,
                        virStorageOntapISCSIOp op,
                        const char *portal,
                        int *exitstatus)
{
    g_autofree char *errbuf = NULL;
    int status = 0;

    virCommandSetErrorBuffer(cmd, &errbuf);
    if (virStorageOntapCommandRun(cmd, &status) < 0)
        return -1;
    if (exitstatus)
        *exitstatus = status;
    if (status != 0) {
        if (errbuf)
            g_strstrip(errbuf);
        virStorageOntapISCSIReportFailure(op, portal, status, NULLSTR_EMPTY(errbuf));
        return -1;
    }
    return 0;
}


/* The portal of @node, as messages name it. */
static char *
virStorageOntapISCSINodePortal(const virStorageOntapISCSINode *node)
{
    return virStorageOntapISCSIPortalString(node->address, node->port, node->tpgt);
}


static int
virStorageOntapISCSIUpdate(const virStorageOntapISCSINode *node,
                           const char *name,
                           const char *value)
{
    g_autoptr(virCommand) cmd = virStorageOntapISCSINodeCmd(node);
    g_autofree char *portal = virStorageOntapISCSINodePortal(node);

    virCommandAddArgList(cmd, "--op", "update", "--name", name, "--value", value, NULL);
    return virStorageOntapISCSIRun(cmd, ONTAP_ISCSI_OP_UPDATE_RECORD, portal, NULL);
}


/**
 * virStorageOntapISCSIDiscover:
 * @address: a portal's address
 * @port: its port
 * @portals: set to the portals of every target the discovery lists
 *           (virStorageOntapISCSIPortal)
 *
 * A sendtargets discovery that creates no record ("nonpersistent"): it
 * must not leave records of every target of the array behind.
 */
int
virStorageOntapISCSIDiscover(const char *address,
                             int port,
                             GPtrArray **portals)
{
    g_autofree char *portal = virStorageOntapISCSIPortalString(address, port, -1);
    g_autofree char *output = NULL;
    g_autoptr(virCommand) cmd = NULL;

    cmd = virStorageOntapCommandNew(ISCSIADM, "--mode", "discovery", "--type", "sendtargets",
                               "--portal", portal, "--op", "nonpersistent", NULL);
    virCommandSetOutputBuffer(cmd, &output);
    if (virStorageOntapISCSIRun(cmd, ONTAP_ISCSI_OP_DISCOVERY, portal, NULL) < 0)
        return -1;
    return virStorageOntapISCSIParseDiscovery(NULLSTR_EMPTY(output), portals);
}


/**
 * virStorageOntapISCSIIface:
 * @ifacesDir: open-iscsi's interface records (/etc/iscsi/ifaces)
 * @iqn: the initiator IQN a pool asks for, or NULL
 *
 * The open-iscsi interface to log in through: "default" (the host's IQN),
 * or one named after @iqn that carries it, created when missing.
 */
char *
virStorageOntapISCSIIface(const char *ifacesDir,
                          const char *iqn)
{
    g_autofree char *sum = NULL;
    g_autofree char *iface = NULL;
    g_autofree char *path = NULL;
    g_autoptr(virCommand) update = NULL;

    if (!iqn)
        return g_strdup("default");

    sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, iqn, -1);
    iface = g_strdup_printf("libvirt-ontap-%.12s", sum);
    path = g_strdup_printf("%s/%s", ifacesDir, iface);
    if (!virFileExists(path)) {
        g_autoptr(virCommand) cmd = virStorageOntapCommandNew(ISCSIADM, "--mode", "iface",
                                                         "--interface", iface,
                                                         "--op", "new", NULL);

        if (virStorageOntapISCSIRun(cmd, ONTAP_ISCSI_OP_CREATE_IFACE, iface, NULL) < 0)
            return NULL;
    }
    update = virStorageOntapCommandNew(ISCSIADM, "--mode", "iface", "--interface", iface,
                                  "--op", "update", "--name", "iface.initiatorname",
                                  "--value", iqn, NULL);
    if (virStorageOntapISCSIRun(update, ONTAP_ISCSI_OP_SET_IQN, iface, NULL) < 0)
        return NULL;
    return g_steal_pointer(&iface);
}


bool
virStorageOntapISCSIRecordExists(const char *nodesDir,
                                 const virStorageOntapISCSINode *node)
{
    g_autofree char *record = g_strdup_printf("%s/%s/%s,%d,%d/%s", nodesDir, node->target,
                                              node->address, node->port, node->tpgt,
                                              node->iface);

    return virFileExists(record);
}


int
virStorageOntapISCSICreateRecord(const virStorageOntapISCSINode *node)
{
    g_autoptr(virCommand) cmd = virStorageOntapISCSINodeCmd(node);
    g_autofree char *portal = virStorageOntapISCSINodePortal(node);

    virCommandAddArgList(cmd, "--op", "new", NULL);
    return virStorageOntapISCSIRun(cmd, ONTAP_ISCSI_OP_CREATE_RECORD, portal, NULL);
}


/**
 * virStorageOntapISCSISetRecord:
 * @nodesDir: open-iscsi's node records (/etc/iscsi/nodes)
 * @node: the record
 * @autostart: whether the host logs in at boot (node.startup)
 * @timers: the pool's <session> timers (0: the default), or NULL for the defaults
 * @chap: the CHAP credentials, or NULL for none
 *
 * Give the record the settings of an ontap pool: see docs/storage.rst.
 */
int
virStorageOntapISCSISetRecord(const char *nodesDir,
                              const virStorageOntapISCSINode *node,
                              bool autostart,
                              const virStoragePoolOntapSession *timers,
                              const virStorageOntapISCSIChap *chap)
{
    g_autofree char *replacement =
        g_strdup_printf("%u", timers && timers->replacementTimeout ?
                        timers->replacementTimeout : ONTAP_ISCSI_REPLACEMENT_TIMEOUT);
    struct {
        const char *name;
        const char *value;
    } settings[] = {
        { "node.startup", autostart ? "automatic" : "manual" },
        { "node.session.timeo.replacement_timeout", replacement },
        { "node.conn[0].timeo.login_timeout", ONTAP_ISCSI_LOGIN_TIMEOUT },
        { "node.session.initial_login_retry_max", ONTAP_ISCSI_LOGIN_RETRIES },
        { "node.conn[0].timeo.logout_timeout", ONTAP_ISCSI_LOGOUT_TIMEOUT },
        /* the pool scans its own LUN, and only that one */
        { "node.session.scan", "manual" },
    };
    /* how soon a dead connection is noticed: set only when the pool says */
    struct {
        const char *name;
        unsigned int value;
    } pings[] = {
        { "node.conn[0].timeo.noop_out_interval", timers ? timers->noopOutInterval : 0 },
        { "node.conn[0].timeo.noop_out_timeout", timers ? timers->noopOutTimeout : 0 },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(settings); i++) {
        if (virStorageOntapISCSIUpdate(node, settings[i].name, settings[i].value) < 0)
            return -1;
    }
    for (i = 0; i < G_N_ELEMENTS(pings); i++) {
        g_autofree char *value = NULL;

        if (!pings[i].value)
            continue;
        value = g_strdup_printf("%u", pings[i].value);
        if (virStorageOntapISCSIUpdate(node, pings[i].name, value) < 0)
            return -1;
    }
    if (!chap)
        return virStorageOntapISCSIUpdate(node, "node.session.auth.authmethod", "None");
    if (virStorageOntapISCSISetNodeAuth(nodesDir, node->target, node->address,
                                        node->port, chap) < 0)
        return -1;
    return 0;
}


int
virStorageOntapISCSILogin(const virStorageOntapISCSINode *node,
                          bool chap)
{
    g_autoptr(virCommand) cmd = virStorageOntapISCSINodeCmd(node);
    g_autofree char *portal = virStorageOntapISCSINodePortal(node);
    int status = 0;

    virCommandAddArg(cmd, "--login");
    if (virStorageOntapISCSIRun(cmd, ONTAP_ISCSI_OP_LOGIN, portal, &status) == 0)
        return 0;

    if (status == ONTAP_ISCSI_ERR_LOGIN_AUTH_FAILED) {
        if (chap)
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("CHAP authentication failed: the target rejected the pool's credentials (or, with mutual CHAP, the pool the target's)"));
        else
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           _("the target requires authentication: the pool has no <auth>"));
    }
    return -1;
}


int
virStorageOntapISCSILogout(const virStorageOntapISCSINode *node)
{
    g_autoptr(virCommand) cmd = virStorageOntapISCSINodeCmd(node);
    g_autofree char *portal = virStorageOntapISCSINodePortal(node);

    virCommandAddArg(cmd, "--logout");
    return virStorageOntapISCSIRun(cmd, ONTAP_ISCSI_OP_LOGOUT, portal, NULL);
}


int
virStorageOntapISCSIDeleteRecord(const virStorageOntapISCSINode *node)
{
    g_autoptr(virCommand) cmd = virStorageOntapISCSINodeCmd(node);
    g_autofree char *portal = virStorageOntapISCSINodePortal(node);

    virCommandAddArgList(cmd, "--op", "delete", NULL);
    return virStorageOntapISCSIRun(cmd, ONTAP_ISCSI_OP_DELETE_RECORD, portal, NULL);
}
