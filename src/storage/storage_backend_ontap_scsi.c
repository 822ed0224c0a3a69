/*
 * storage_backend_ontap_scsi.c: the iSCSI and FC modes of the ontap
 * backend: every portal logged in (iSCSI) or every FC host rescanned, the
 * LUN's dm-multipath map found by WWID, the cluster filesystem on it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The pool notes what it holds: "session <flags> <target> <iface>
 * <address> <port> <tpgt>" per iSCSI session, "map <flags> <name>". Stop,
 * even in a later daemon, undoes exactly that: the sessions and node
 * records an ontap pool created and no other pool holds, the map that
 * appeared with the pool and the SCSI disks under it. A session or a map
 * that was there before is the administrator's and stays.
 */

#include <config.h>

#include "storage_backend_ontap_block.h"
#include "storage_ontap_command.h"
#include "storage_ontap_error.h"
#include "storage_ontap_iscsi.h"
#include "storage_ontap_mount.h"
#include "storage_ontap_mpath.h"
#include "storage_ontap_parallel.h"
#include "storage_ontap_probe.h"
#include "storage_ontap_scsi.h"
#include "storage_ontap_secret.h"
#include "storage_ontap_sources.h"
#include "storage_ontap_sysfs.h"
#include "configmake.h"
#include "vircommand.h"
#include "virerror.h"
#include "virfile.h"
#include "virkmod.h"
#include "virlog.h"
#include "virstring.h"
#include "virthread.h"
#include "virtime.h"
#include "virutil.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap_scsi");

/* How long start waits for the portals to answer, all together. */
#define ONTAP_ISCSI_PROBE_TIMEOUT_MS (15 * 1000)

/* How long the LUN's disks and its multipath map may take to show up,
 * and how long the map may take to take in every disk once it exists. */
#define ONTAP_SCSI_MAP_TIMEOUT_MS (30 * 1000)
#define ONTAP_SCSI_PATHS_TIMEOUT_MS (10 * 1000)
#define ONTAP_SCSI_MAP_STEP_MS 50

/* When multipathd keeps a WWID to itself (find_multipaths strict), ask it
 * for the map every so often, and for the disks it left out once the map
 * has had this long to take them in. */
#define ONTAP_SCSI_ASK_MAP_MS (5 * 1000)
#define ONTAP_SCSI_ASK_PATHS_MS (3 * 1000)

#define ONTAP_ISCSI_PORT virStoragePoolOntapProtocolDefaultPort(VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI)

#define ONTAP_SCSI_NOTE "scsi"
#define ONTAP_SCSI_SESSION "session"
#define ONTAP_SCSI_MAP "map"

/* The open-iscsi node records ontap pools created, kept across reboots:
 * with node.startup automatic, iscsid logs in through them at boot, and
 * the pool that starts then finds sessions that are its own. */
#define ONTAP_ISCSI_RECORDS_FILE LOCALSTATEDIR "/lib/libvirt/storage/ontap/iscsi-records"
#define ONTAP_ISCSI_RECORD "record"

/* Serializes logins, logouts and map removals among all pools: pools on
 * LUNs of one target share its sessions. */
static virMutex ontapSCSILock = VIR_MUTEX_INITIALIZER;


static bool
virStorageBackendOntapIsISCSI(virStoragePoolDef *def)
{
    return def->source.ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI;
}


/* ---- Sessions and records --------------------------------------------- */

/* One portal of the pool on its way to a session. */
typedef struct _virStorageBackendOntapISCSIPortal virStorageBackendOntapISCSIPortal;
struct _virStorageBackendOntapISCSIPortal {
    const char *host;       /* as the XML names it */
    char *address;          /* numeric */
    char *port;
    char *tpgt;
    bool login;             /* not logged in yet */
    unsigned int flags;     /* virStorageOntapNoteFlags */
};


/* The node record a session entry of the note names (fields point into
 * @entry). */
static int
virStorageBackendOntapISCSINodeOf(const virStorageOntapNoteEntry *entry,
                                  virStorageOntapISCSINode *node)
{
    if (g_strv_length(entry->fields) != 5 ||
        virStrToLong_i(entry->fields[3], NULL, 10, &node->port) < 0 ||
        virStrToLong_i(entry->fields[4], NULL, 10, &node->tpgt) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("malformed iSCSI session '%1$s' in an ontap pool note"),
                       entry->fields[0]);
        return -1;
    }
    node->target = entry->fields[0];
    node->iface = entry->fields[1];
    node->address = entry->fields[2];
    return 0;
}


static int
virStorageBackendOntapISCSIPortalNode(virStoragePoolDef *def,
                                      const char *iface,
                                      const virStorageBackendOntapISCSIPortal *p,
                                      virStorageOntapISCSINode *node)
{
    node->target = def->source.devices[0].path;
    node->iface = iface;
    node->address = p->address;
    return virStrToLong_i(p->port, NULL, 10, &node->port) < 0 ||
           virStrToLong_i(p->tpgt, NULL, 10, &node->tpgt) < 0 ? -1 : 0;
}


/* Is the record of @p one an ontap pool created (ONTAP_ISCSI_RECORDS_FILE)? */
static int
virStorageBackendOntapISCSIRecordIsOurs(virStoragePoolDef *def,
                                        const char *iface,
                                        const virStorageBackendOntapISCSIPortal *p,
                                        bool *ours)
{
    g_autoptr(virStorageOntapNote) records = NULL;
    g_autoptr(virStorageOntapNote) wanted = virStorageOntapNoteNew();
    virStorageOntapNoteEntry *want;

    want = virStorageOntapNoteAdd(wanted, ONTAP_ISCSI_RECORD, 0, def->source.devices[0].path,
                                  iface, p->address, p->port, p->tpgt, NULL);
    if (virStorageOntapNoteRead(ONTAP_ISCSI_RECORDS_FILE, &records) < 0)
        return -1;
    *ours = virStorageOntapNoteHas(records, want);
    return 0;
}


/* Add (@ours) or remove the record of @node in ONTAP_ISCSI_RECORDS_FILE. */
static int
virStorageBackendOntapISCSINoteRecord(const virStorageOntapISCSINode *node,
                                      bool ours)
{
    g_autoptr(virStorageOntapNote) records = NULL;
    g_autofree char *port = g_strdup_printf("%d", node->port);
    g_autofree char *tpgt = g_strdup_printf("%d", node->tpgt);
    const char *fields[] = { node->target, node->iface, node->address, port, tpgt, NULL };
    size_t i;

    if (virStorageOntapNoteRead(ONTAP_ISCSI_RECORDS_FILE, &records) < 0)
        return -1;
    for (i = records->entries->len; i > 0; i--) {
        virStorageOntapNoteEntry *e = g_ptr_array_index(records->entries, i - 1);

        if (g_strv_equal((const char * const *) e->fields, fields))
            g_ptr_array_remove_index(records->entries, i - 1);
    }
    if (ours)
        virStorageOntapNoteAdd(records, ONTAP_ISCSI_RECORD, 0, node->target, node->iface,
                               node->address, port, tpgt, NULL);
    return virStorageOntapNoteWrite(ONTAP_ISCSI_RECORDS_FILE, records);
}


/* Log out of a session the pool created, and delete its record if an
 * ontap pool created that too. */
static int
virStorageBackendOntapISCSILogout(const virStorageOntapNoteEntry *entry)
{
    virStorageOntapISCSINode node = { 0 };

    if (virStorageBackendOntapISCSINodeOf(entry, &node) < 0)
        return -1;
    VIR_DEBUG("logging out of %s at %s:%d", node.target, node.address, node.port);
    if (virStorageOntapISCSILogout(&node) < 0)
        return -1;
    if (!(entry->flags & VIR_STORAGE_ONTAP_NOTE_RECORD))
        return 0;
    if (virStorageOntapISCSIDeleteRecord(&node) < 0)
        return -1;
    return virStorageBackendOntapISCSINoteRecord(&node, false);
}


/* ---- Logging in ------------------------------------------------------- */

/* What logging in through the portals of a pool takes. */
typedef struct _virStorageBackendOntapISCSILogins virStorageBackendOntapISCSILogins;
struct _virStorageBackendOntapISCSILogins {
    virStoragePoolDef *def;
    const char *iface;
    bool autostart;
    virStorageOntapISCSIChap *chap;     /* NULL without <auth> */
    virStorageBackendOntapISCSIPortal *portals;
};


/* Set up the node record of one portal, and log in through it. */
static int
virStorageBackendOntapISCSILoginOne(size_t i,
                                    void *opaque)
{
    virStorageBackendOntapISCSILogins *logins = opaque;
    virStorageBackendOntapISCSIPortal *p = &logins->portals[i];
    virStorageOntapISCSINode node = { 0 };

    if (!p->login)
        return 0;
    if (virStorageBackendOntapISCSIPortalNode(logins->def, logins->iface, p, &node) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("invalid iSCSI portal %1$s:%2$s"), p->host, p->port);
        return -1;
    }
    if (!virStorageOntapISCSIRecordExists(VIR_STORAGE_ONTAP_ISCSI_NODES, &node)) {
        if (virStorageOntapISCSICreateRecord(&node) < 0)
            return -1;
        p->flags |= VIR_STORAGE_ONTAP_NOTE_RECORD;
    }
    if (virStorageOntapISCSISetRecord(VIR_STORAGE_ONTAP_ISCSI_NODES, &node,
                                      logins->autostart,
                                      &logins->def->source.ontap->session,
                                      logins->chap) < 0 ||
        virStorageOntapISCSILogin(&node, !!logins->chap) < 0)
        return -1;
    p->flags |= VIR_STORAGE_ONTAP_NOTE_CREATED;
    return 0;
}


/* Does the portal offer the pool's target? Sets its portal group tag. */
static int
virStorageBackendOntapISCSIOffers(virStorageBackendOntapISCSIPortal *p,
                                  int port,
                                  const char *target)
{
    g_autoptr(GPtrArray) found = NULL;
    size_t i;
    int ret = -1;

    if (virStorageOntapISCSIDiscover(p->address, port, &found) < 0)
        return -1;
    for (i = 0; i < found->len; i++) {
        virStorageOntapISCSIPortal *f = g_ptr_array_index(found, i);

        if (STREQ(f->target, target) && STREQ(f->address, p->address) &&
            f->port == port) {
            p->tpgt = g_strdup_printf("%d", f->tpgt);
            ret = 0;
            break;
        }
    }
    if (ret < 0)
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("portal %1$s:%2$d does not offer target %3$s"),
                       p->host, port, target);
    return ret;
}


/* Find out, portal by portal, whether the pool adopts a session or logs
 * in; the portals it cannot use land in @failed. */
static int
virStorageBackendOntapISCSIPlan(virStoragePoolDef *def,
                                const char *iface,
                                virStorageBackendOntapISCSIPortal *portals,
                                virBuffer *failed)
{
    size_t nhost = def->source.nhost;
    const char *target = def->source.devices[0].path;
    g_autofree bool *reachable = g_new0(bool, nhost);
    g_autoptr(GPtrArray) sessions = NULL;
    size_t i;

    virStorageOntapProbeHosts(def->source.hosts, nhost, ONTAP_ISCSI_PORT,
                              ONTAP_ISCSI_PROBE_TIMEOUT_MS, reachable);

    if (virStorageOntapISCSIReadSessions(VIR_STORAGE_ONTAP_SYSFS, target, &sessions) < 0)
        return -1;

    for (i = 0; i < nhost; i++) {
        virStorageBackendOntapISCSIPortal *p = &portals[i];
        virStorageOntapISCSISession *live;
        int port = virStoragePoolOntapHostPort(def->source.ontap, &def->source.hosts[i]);
        bool ours;

        p->host = def->source.hosts[i].name;
        p->port = g_strdup_printf("%d", port);
        if (!reachable[i]) {
            virBufferAsprintf(failed, "%s:%d (unreachable: no answer within %d seconds), ",
                              p->host, port, ONTAP_ISCSI_PROBE_TIMEOUT_MS / 1000);
            continue;
        }
        if (!(p->address = virStorageOntapNumericAddr(p->host))) {
            virBufferAsprintf(failed, "%s:%d (%s), ", p->host, port, virGetLastErrorMessage());
            virResetLastError();
            continue;
        }

        if ((live = virStorageOntapISCSIFindSession(sessions, p->address, port))) {
            p->tpgt = g_strdup_printf("%d", live->tpgt);
            /* logged in at boot through a record a pool created */
            if (virStorageBackendOntapISCSIRecordIsOurs(def, iface, p, &ours) < 0)
                return -1;
            if (ours)
                p->flags = VIR_STORAGE_ONTAP_NOTE_CREATED | VIR_STORAGE_ONTAP_NOTE_RECORD;
            VIR_DEBUG("ontap pool '%s': adopting iSCSI session %u to %s:%d (%s)",
                      def->name, live->sid, p->host, port,
                      ours ? "through a pool's record" : "not the pool's");
            continue;
        }

        /* One at a time: discoveries at once through the same target
         * are cut short ("Connection to Discovery Address closed"). */
        if (virStorageBackendOntapISCSIOffers(p, port, target) < 0) {
            virBufferAsprintf(failed, "%s:%d (%s), ", p->host, port, virGetLastErrorMessage());
            virResetLastError();
            g_clear_pointer(&p->address, g_free);
            continue;
        }
        p->login = true;
    }
    return 0;
}


/* Log in through every reachable portal that has no session yet, all at
 * once; adopt the sessions that exist. What the pool holds lands in
 * @held, the portals it could not use (and why) in @failed. */
static int
virStorageBackendOntapISCSILoginAll(virStoragePoolDef *def,
                                    bool autostart,
                                    virStorageOntapNote *held,
                                    virBuffer *failed)
{
    virStoragePoolOntapAuth *auth = def->source.ontap->auth;
    size_t nhost = def->source.nhost;
    g_autofree virStorageBackendOntapISCSIPortal *portals = g_new0(virStorageBackendOntapISCSIPortal, nhost);
    g_autofree char *iface = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    virStorageOntapISCSIChap chap = { 0 };
    char *password = NULL;
    char *passwordIn = NULL;
    virStorageBackendOntapISCSILogins logins = { def, NULL, autostart, NULL, portals };
    virErrorPtr first = NULL;
    size_t i;
    int ret = -1;

    if (!(iface = virStorageOntapISCSIIface(VIR_STORAGE_ONTAP_ISCSI_IFACES,
                                            def->source.initiator.iqn)))
        return -1;
    if (auth) {
        if (virStorageOntapSecretGet(auth, VIR_SECRET_USAGE_TYPE_ISCSI,
                                     &password, &passwordIn) < 0)
            return -1;
        chap.username = auth->username;
        chap.password = password;
        chap.usernameIn = auth->mutualUsername;
        chap.passwordIn = passwordIn;
        logins.chap = &chap;
    }
    logins.iface = iface;

    if (virStorageBackendOntapISCSIPlan(def, iface, portals, failed) < 0)
        goto cleanup;
    errors = virStorageOntapParallel(nhost, virStorageBackendOntapISCSILoginOne,
                                     &logins, "ontap-iscsi-login");

    for (i = 0; i < nhost; i++) {
        virStorageBackendOntapISCSIPortal *p = &portals[i];
        virErrorPtr err = g_ptr_array_index(errors, i);
        virStorageOntapISCSINode node = { 0 };

        if (!p->address)
            continue;
        ignore_value(virStorageBackendOntapISCSIPortalNode(def, iface, p, &node));
        if (err) {
            virBufferAsprintf(failed, "%s:%s (%s), ", p->host, p->port, err->message);
            /* once every login is done: a login walks the records of
             * every portal of the target */
            if (p->flags & VIR_STORAGE_ONTAP_NOTE_RECORD &&
                virStorageOntapISCSIDeleteRecord(&node) < 0)
                virStorageOntapErrorKeepFirst(&first);
            continue;
        }
        virStorageOntapNoteAdd(held, ONTAP_SCSI_SESSION, p->flags, node.target, iface,
                               p->address, p->port, p->tpgt, NULL);
        if (p->login && (p->flags & VIR_STORAGE_ONTAP_NOTE_RECORD) &&
            virStorageBackendOntapISCSINoteRecord(&node, true) < 0)
            virStorageOntapErrorKeepFirst(&first);
    }
    /* every session is in @held: the caller lets go of them on failure */
    ret = virStorageOntapErrorRestoreFirst(&first);

 cleanup:
    virStorageOntapSecretErase(&password);
    virStorageOntapSecretErase(&passwordIn);
    for (i = 0; i < nhost; i++) {
        g_free(portals[i].address);
        g_free(portals[i].port);
        g_free(portals[i].tpgt);
    }
    return ret;
}


/* The SCSI hosts of the sessions @held notes (only those the pool
 * created, with @created), by reading sysfs. */
static int
virStorageBackendOntapISCSIHosts(virStoragePoolDef *def,
                                 virStorageOntapNote *held,
                                 bool created,
                                 GArray *hosts)
{
    g_autoptr(GPtrArray) sessions = NULL;
    size_t i;

    if (!virStorageBackendOntapIsISCSI(def))
        return 0;
    if (virStorageOntapISCSIReadSessions(VIR_STORAGE_ONTAP_SYSFS, def->source.devices[0].path,
                                         &sessions) < 0)
        return -1;

    for (i = 0; i < held->entries->len; i++) {
        virStorageOntapNoteEntry *entry = g_ptr_array_index(held->entries, i);
        virStorageOntapISCSINode node = { 0 };
        virStorageOntapISCSISession *live;

        if (STRNEQ(entry->kind, ONTAP_SCSI_SESSION))
            continue;
        if (virStorageBackendOntapISCSINodeOf(entry, &node) < 0)
            return -1;
        if (created && !(entry->flags & VIR_STORAGE_ONTAP_NOTE_CREATED))
            continue;
        if ((live = virStorageOntapISCSIFindSession(sessions, node.address, node.port)))
            g_array_append_val(hosts, live->host);
    }
    return 0;
}


/* Scan the pool's LUN on the SCSI host of every session it holds. */
static int
virStorageBackendOntapISCSIScan(virStoragePoolDef *def,
                                virStorageOntapNote *held,
                                GArray *hosts)
{
    size_t i;

    if (virStorageBackendOntapISCSIHosts(def, held, false, hosts) < 0)
        return -1;
    if (hosts->len < virStorageOntapNoteCount(held, ONTAP_SCSI_SESSION)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': an iSCSI session of target %2$s is gone right after login"),
                       def->name, def->source.devices[0].path);
        return -1;
    }
    for (i = 0; i < hosts->len; i++) {
        if (virStorageOntapSCSIScanHost(VIR_STORAGE_ONTAP_SYSFS, g_array_index(hosts, guint, i),
                                        def->source.ontap->lunID) < 0)
            return -1;
    }
    return 0;
}


/* ---- The multipath map ------------------------------------------------ */

static bool
virStorageBackendOntapSCSIHostIn(unsigned int host,
                                 GArray *hosts)
{
    size_t i;

    for (i = 0; i < hosts->len; i++) {
        if (g_array_index(hosts, guint, i) == host)
            return true;
    }
    return false;
}


/* Ask multipathd for something it may refuse: the caller checks the
 * outcome itself, in the kernel's device-mapper tables. */
static void
virStorageBackendOntapSCSIMultipathd(const char *arg1,
                                     const char *arg2,
                                     const char *arg3)
{
    g_autoptr(virCommand) cmd = virStorageOntapCommandNew("multipathd", arg1, arg2, arg3, NULL);
    g_autofree char *output = NULL;
    g_autofree char *errbuf = NULL;
    virErrorPtr orig;
    int status = 0;

    virCommandSetOutputBuffer(cmd, &output);
    virCommandSetErrorBuffer(cmd, &errbuf);
    virErrorPreserveLast(&orig);
    if (virStorageOntapCommandRun(cmd, &status) == 0)
        VIR_DEBUG("multipathd %s %s %s: status %d: %s%s", arg1, arg2, arg3, status,
                  NULLSTR_EMPTY(output), NULLSTR_EMPTY(errbuf));
    virErrorRestore(&orig);
}


/* Does the map hold the disk @devno (major:minor)? */
static bool
virStorageBackendOntapSCSIMapHas(GPtrArray *paths,
                                 const char *devno)
{
    size_t i;

    for (i = 0; i < paths->len; i++) {
        const virStorageOntapMpathPath *path = g_ptr_array_index(paths, i);

        if (STREQ(path->device, devno))
            return true;
    }
    return false;
}


/* The LUN's disks behind @hosts (any of them when @hosts is empty: FC). */
static int
virStorageBackendOntapSCSIOurDisks(const char *wwid,
                                   GArray *hosts,
                                   GPtrArray **disks)
{
    g_autoptr(GPtrArray) all = NULL;
    size_t i;

    if (virStorageOntapSCSIFindDisks(VIR_STORAGE_ONTAP_SYSFS, wwid, &all) < 0)
        return -1;
    /* from the end: a removal moves none of the disks still to look at */
    for (i = all->len; i > 0; i--) {
        virStorageOntapSCSIDisk *disk = g_ptr_array_index(all, i - 1);

        if (hosts->len > 0 && !virStorageBackendOntapSCSIHostIn(disk->host, hosts))
            g_ptr_array_remove_index(all, i - 1);
    }
    *disks = g_steal_pointer(&all);
    return 0;
}


/* How many of @disks the map @map holds; asks multipathd for the others
 * when @askPaths. */
static int
virStorageBackendOntapSCSIMapped(const char *map,
                                 GPtrArray *disks,
                                 bool askPaths,
                                 size_t *nmapped)
{
    g_autoptr(GPtrArray) paths = NULL;
    size_t i;

    *nmapped = 0;
    if (virStorageOntapMpathStatus(map, &paths) < 0)
        return -1;
    for (i = 0; i < disks->len; i++) {
        const virStorageOntapSCSIDisk *disk = g_ptr_array_index(disks, i);

        if (virStorageBackendOntapSCSIMapHas(paths, disk->devno))
            (*nmapped)++;
        else if (askPaths)
            virStorageBackendOntapSCSIMultipathd("add", "path", disk->name);
    }
    return 0;
}


/**
 * Wait for the LUN's disks behind @hosts, then for the multipath map
 * holding them: asking multipathd for the map when it keeps the WWID to
 * itself (find_multipaths strict), and for the disks it left out. Within
 * ONTAP_SCSI_MAP_TIMEOUT_MS, and ONTAP_SCSI_PATHS_TIMEOUT_MS once the map
 * exists; a map that lacks some paths then is the caller's to judge.
 */
static int
virStorageBackendOntapSCSIWaitMap(virStoragePoolDef *def,
                                  GArray *hosts,
                                  char **map)
{
    const char *wwid = def->source.ontap->lunWWID;
    virTimeBackOffVar timeout;
    unsigned long long now = 0;
    unsigned long long asked = 0;
    unsigned long long mapSeen = 0;
    bool pathsAsked = false;
    size_t ndisks = 0;      /* found the last time, for the messages */
    size_t nmapped = 0;

    if (virTimeBackOffStart(&timeout, ONTAP_SCSI_MAP_STEP_MS, ONTAP_SCSI_MAP_TIMEOUT_MS) < 0)
        return -1;

    while (virTimeBackOffWait(&timeout)) {
        g_autoptr(GPtrArray) disks = NULL;
        bool askPaths;
        int rc;

        if (virTimeMillisNow(&now) < 0 ||
            virStorageBackendOntapSCSIOurDisks(wwid, hosts, &disks) < 0)
            return -1;
        ndisks = disks->len;

        if (ndisks > 0 && !*map) {
            if (virStorageOntapMpathFindMap(wwid, map) < 0)
                return -1;
            if (!*map && now >= asked + ONTAP_SCSI_ASK_MAP_MS) {
                VIR_DEBUG("ontap pool '%s': asking multipathd for a map of %s",
                          def->name, wwid);
                virStorageBackendOntapSCSIMultipathd("add", "map", wwid);
                asked = now;
            }
        }
        if (!*map)
            continue;

        if (!mapSeen) {
            mapSeen = now;
            timeout.limit_t = MIN(timeout.limit_t, now + ONTAP_SCSI_PATHS_TIMEOUT_MS);
        }
        askPaths = !pathsAsked && now >= mapSeen + ONTAP_SCSI_ASK_PATHS_MS;
        pathsAsked |= askPaths;
        rc = virStorageBackendOntapSCSIMapped(*map, disks, askPaths, &nmapped);
        if (rc == 0 && nmapped == ndisks && ndisks >= MAX(hosts->len, 1))
            return 0;
        /* a map being loaded has no status for a moment: try again */
        virResetLastError();
    }

    if (*map) {
        VIR_WARN("ontap pool '%s': multipath map %s holds %zu of the %zu disks of LUN %s",
                 def->name, *map, nmapped, ndisks, wwid);
        return 0;
    }
    if (ndisks == 0)
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': no SCSI disk with WWID %2$s appeared within %3$d seconds (is the LUN mapped to this host?)"),
                       def->name, wwid, ONTAP_SCSI_MAP_TIMEOUT_MS / 1000);
    else
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': no multipath map of WWID %2$s appeared within %3$d seconds (is multipathd running?)"),
                       def->name, wwid, ONTAP_SCSI_MAP_TIMEOUT_MS / 1000);
    return -1;
}


/* Delete the LUN's SCSI disks behind @hosts (every one when @hosts is
 * empty): the map above them is gone, and udev would otherwise hand them
 * to multipathd again. */
static int
virStorageBackendOntapSCSIDeleteDisks(virStoragePoolDef *def,
                                      GArray *hosts)
{
    g_autoptr(GPtrArray) disks = NULL;
    virErrorPtr first = NULL;
    size_t i;

    if (virStorageOntapSCSIFindDisks(VIR_STORAGE_ONTAP_SYSFS, def->source.ontap->lunWWID,
                                     &disks) < 0)
        return -1;
    for (i = 0; i < disks->len; i++) {
        virStorageOntapSCSIDisk *disk = g_ptr_array_index(disks, i);

        if (hosts->len > 0 && !virStorageBackendOntapSCSIHostIn(disk->host, hosts))
            continue;
        if (virStorageOntapSCSIDeleteDisk(VIR_STORAGE_ONTAP_SYSFS, disk->name) < 0)
            virStorageOntapErrorKeepFirst(&first);
    }
    return virStorageOntapErrorRestoreFirst(&first);
}


/* The map the pool created: queueing off (a flush of a map without paths
 * would hang), removed, its disks deleted. */
static int
virStorageBackendOntapSCSIRemoveMap(virStoragePoolDef *def,
                                    const char *map,
                                    GArray *hosts)
{
    const char *wwid = def->source.ontap->lunWWID;
    g_autofree char *found = NULL;
    /* iSCSI: the disks behind the pool's sessions; FC: every disk */
    bool disks = hosts->len > 0 || !virStorageBackendOntapIsISCSI(def);
    int rc;

    if ((rc = virStorageOntapMpathFindMap(wwid, &found)) < 0)
        return -1;
    if (rc > 0 && STREQ(found, map)) {
        VIR_DEBUG("ontap pool '%s': removing multipath map %s", def->name, map);
        if (virStorageOntapMpathDisableQueueing(map) < 0)
            return -1;
        /* through multipathd, which would otherwise keep (and restore)
         * it; then device-mapper directly if it is still there */
        virStorageBackendOntapSCSIMultipathd("del", "map", map);
        g_clear_pointer(&found, g_free);
        if ((rc = virStorageOntapMpathFindMap(wwid, &found)) < 0 ||
            (rc > 0 && virStorageOntapMpathRemove(map) < 0))
            return -1;
    } else {
        VIR_DEBUG("ontap pool '%s': multipath map %s is already gone", def->name, map);
    }

    if (disks)
        return virStorageBackendOntapSCSIDeleteDisks(def, hosts);
    return 0;
}


/* ---- Attach and release ----------------------------------------------- */

/* The block lifecycle's release: undo what @held says the pool did, but
 * what other pools still hold: the map if it appeared with the pool, the
 * LUN's disks behind the sessions it logged in (for FC, all of them when
 * the map was the pool's), those sessions. Keeps the first error. */
static int
virStorageBackendOntapSCSIRelease(virStoragePoolDef *def,
                                  virStorageOntapNote *held)
{
    VIR_LOCK_GUARD lock = virLockGuardLock(&ontapSCSILock);
    const char *stateDir = virStorageDriverGetStateDir();
    g_autoptr(GArray) hosts = g_array_new(FALSE, FALSE, sizeof(guint));
    virStorageOntapNoteEntry *map = virStorageOntapNoteFind(held, ONTAP_SCSI_MAP, 0);
    virErrorPtr first = NULL;
    size_t i;

    if (virStorageBackendOntapISCSIHosts(def, held, true, hosts) < 0)
        return -1;

    if (map && (map->flags & VIR_STORAGE_ONTAP_NOTE_CREATED)) {
        /* a map that stays keeps its disks and sessions */
        if (virStorageBackendOntapSCSIRemoveMap(def, map->fields[0], hosts) < 0)
            return -1;
    } else if (!map && hosts->len > 0 &&
               virStorageBackendOntapSCSIDeleteDisks(def, hosts) < 0) {
        virStorageOntapErrorKeepFirst(&first);
    }

    for (i = 0; i < held->entries->len; i++) {
        virStorageOntapNoteEntry *entry = g_ptr_array_index(held->entries, i);
        int rc;

        if (STRNEQ(entry->kind, ONTAP_SCSI_SESSION))
            continue;
        if ((rc = virStorageOntapNoteHandOver(stateDir, def->name, ONTAP_SCSI_NOTE, entry)) < 0)
            virStorageOntapErrorKeepFirst(&first);
        if (rc != 0 || !(entry->flags & VIR_STORAGE_ONTAP_NOTE_CREATED))
            continue;
        if (virStorageBackendOntapISCSILogout(entry) < 0)
            virStorageOntapErrorKeepFirst(&first);
    }
    return virStorageOntapErrorRestoreFirst(&first);
}


/* Portals the map has no path through, as "address:port (why), ...". */
static void
virStorageBackendOntapSCSIMissing(virStoragePoolDef *def,
                                  virBuffer *missing)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    size_t i;

    for (i = 0; i < ontap->npaths; i++) {
        virStoragePoolOntapPath *p = &ontap->paths[i];

        /* a portal without a session was reported at login; FC paths
         * have no session and are all in the map's count */
        if (p->mpathActive == VIR_TRISTATE_BOOL_YES || p->session == 0)
            continue;
        virBufferAsprintf(missing, "%s:%d (%s), ", p->address, p->port,
                          p->disk ? "not in the multipath map" : "no disk");
    }
}


static int virStorageBackendOntapSCSIRefreshPaths(virStoragePoolDef *def);


/* Judge the paths against the pool's 'degraded' policy: every portal
 * logged in must be a path of the map. */
static int
virStorageBackendOntapSCSICheckPaths(virStoragePoolDef *def,
                                     virBuffer *failed)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;

    if (virStorageBackendOntapSCSIRefreshPaths(def) < 0)
        return -1;
    virStorageBackendOntapSCSIMissing(def, failed);
    virBufferTrim(failed, ", ");
    if (virBufferUse(failed) == 0)
        return 0;
    if (ontap->degraded == VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': LUN %2$s lacks paths through %3$s"),
                       def->name, ontap->lunWWID, virBufferCurrentContent(failed));
        return -1;
    }
    VIR_WARN("ontap pool '%s' is degraded: LUN %s lacks paths through %s",
             def->name, ontap->lunWWID, virBufferCurrentContent(failed));
    return 0;
}


/* Log in through the portals and scan the LUN behind them (iSCSI), or
 * rescan the FC hosts; @hosts gets the SCSI hosts of the sessions. */
static int
virStorageBackendOntapSCSIConnect(virStoragePoolDef *def,
                                  bool autostart,
                                  virStorageOntapNote *held,
                                  GArray *hosts,
                                  virBuffer *failed)
{
    const char *target = NULL;
    g_autofree char *errbuf = NULL;
    size_t nfc = 0;
    int rc = 0;

    if (!virStorageBackendOntapIsISCSI(def)) {
        if (virStorageOntapSCSIRescanFC(VIR_STORAGE_ONTAP_SYSFS, &nfc) < 0)
            return -1;
        VIR_DEBUG("ontap pool '%s': rescanned %zu FC hosts", def->name, nfc);
        return 0;
    }

    target = def->source.devices[0].path;
    if ((errbuf = virKModLoad("iscsi_tcp")))
        VIR_WARN("cannot load kernel module iscsi_tcp: %s", errbuf);

    VIR_WITH_MUTEX_LOCK_GUARD(&ontapSCSILock) {
        rc = virStorageBackendOntapISCSILoginAll(def, autostart, held, failed);
    }
    if (rc < 0)
        return -1;
    if (virStorageOntapNoteCount(held, ONTAP_SCSI_SESSION) == 0) {
        virBufferTrim(failed, ", ");
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': cannot log in to any portal of iSCSI target %2$s: %3$s"),
                       def->name, target, virBufferCurrentContent(failed));
        return -1;
    }
    if (virBufferUse(failed) > 0 &&
        def->source.ontap->degraded == VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL) {
        virBufferTrim(failed, ", ");
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': cannot log in to every portal of iSCSI target %2$s: %3$s"),
                       def->name, target, virBufferCurrentContent(failed));
        return -1;
    }
    return virStorageBackendOntapISCSIScan(def, held, hosts);
}


/* The block lifecycle's attach: the LUN's multipath map as @device, every
 * path checked; on failure nothing this call connected stays. */
static int
virStorageBackendOntapSCSIAttach(virStoragePoolDef *def,
                                 bool autostart,
                                 virStorageOntapNote *held,
                                 char **device)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    g_auto(virBuffer) failed = VIR_BUFFER_INITIALIZER;
    g_autoptr(GArray) hosts = g_array_new(FALSE, FALSE, sizeof(guint));
    g_autofree char *before = NULL;
    g_autofree char *map = NULL;
    g_autofree char *errbuf = NULL;
    virErrorPtr orig;

    if (!virStorageBackendOntapIsISCSI(def) &&
        virStorageOntapSCSICheckFC(VIR_STORAGE_ONTAP_SYSFS) < 0)
        return -1;
    if ((errbuf = virKModLoad("dm_multipath")))
        VIR_WARN("cannot load kernel module dm_multipath: %s", errbuf);
    if (virStorageOntapMpathFindMap(ontap->lunWWID, &before) < 0)
        return -1;

    if (virStorageBackendOntapSCSIConnect(def, autostart, held, hosts, &failed) < 0)
        goto error;

    /* Noted from here: a map that appears is the pool's to remove. */
    map = g_strdup(before);
    if (virStorageBackendOntapSCSIWaitMap(def, hosts, &map) < 0)
        goto error;
    virStorageOntapNoteAdd(held, ONTAP_SCSI_MAP, before ? 0 : VIR_STORAGE_ONTAP_NOTE_CREATED,
                           map, NULL);

    *device = g_strdup_printf("/dev/mapper/%s", map);
    virWaitForDevices();
    if (!virFileExists(*device)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': multipath map %2$s has no device node %3$s"),
                       def->name, map, *device);
        goto error;
    }

    if (virBufferUse(&failed) > 0)
        virBufferAddLit(&failed, ", ");
    if (virStorageBackendOntapSCSICheckPaths(def, &failed) < 0)
        goto error;
    return 0;

 error:
    virErrorPreserveLast(&orig);
    /* a map that appeared in the meantime is the pool's all the same */
    if (map && !before && !virStorageOntapNoteFind(held, ONTAP_SCSI_MAP, 0))
        virStorageOntapNoteAdd(held, ONTAP_SCSI_MAP, VIR_STORAGE_ONTAP_NOTE_CREATED, map, NULL);
    ignore_value(virStorageBackendOntapSCSIRelease(def, held));
    g_ptr_array_set_size(held->entries, 0);
    virErrorRestore(&orig);
    g_clear_pointer(device, g_free);
    return -1;
}


/* ---- Paths ------------------------------------------------------------ */

/* One path of the pool's XML from its disk and the map's view of it. */
static void
virStorageBackendOntapSCSIFillPath(virStoragePoolOntapPath *path,
                                   const virStorageOntapSCSIDisk *disk,
                                   GPtrArray *mpaths)
{
    size_t i;

    path->disk = g_strdup(disk->name);
    path->hctl = g_strdup(disk->hctl);
    path->diskState = g_strdup(disk->state);
    path->mpathActive = VIR_TRISTATE_BOOL_ABSENT;
    /* no map, no paths */
    for (i = 0; mpaths && i < mpaths->len; i++) {
        const virStorageOntapMpathPath *mp = g_ptr_array_index(mpaths, i);
        const char *gs;

        if (STRNEQ(mp->device, disk->devno))
            continue;
        path->mpathActive = mp->active ? VIR_TRISTATE_BOOL_YES : VIR_TRISTATE_BOOL_NO;
        path->group = mp->group;
        path->failures = mp->failures;
        switch (mp->groupState) {
        case 'A': gs = "active"; break;
        case 'E': gs = "enabled"; break;
        default: gs = "disabled"; break;
        }
        path->groupState = g_strdup(gs);
    }
}


/* iSCSI: one path per portal, with the session through it and its disk. */
static virStoragePoolOntapPath *
virStorageBackendOntapISCSIPaths(virStoragePoolDef *def,
                                 GPtrArray *sessions,
                                 GPtrArray *disks,
                                 GPtrArray *mpaths)
{
    virStoragePoolOntapPath *paths = g_new0(virStoragePoolOntapPath, def->source.nhost);
    size_t i;
    size_t j;

    for (i = 0; i < def->source.nhost; i++) {
        g_autofree char *addr = NULL;
        virStorageOntapISCSISession *s;
        virErrorPtr orig;

        paths[i].address = g_strdup(def->source.hosts[i].name);
        paths[i].port = virStoragePoolOntapHostPort(def->source.ontap, &def->source.hosts[i]);
        /* a name that does not resolve now has no session */
        virErrorPreserveLast(&orig);
        addr = virStorageOntapNumericAddr(def->source.hosts[i].name);
        virErrorRestore(&orig);
        if (!addr ||
            !(s = virStorageOntapISCSIFindSession(sessions, addr, paths[i].port)))
            continue;
        paths[i].session = s->sid;
        paths[i].sessionState = g_strdup(s->state);
        for (j = 0; j < disks->len; j++) {
            const virStorageOntapSCSIDisk *disk = g_ptr_array_index(disks, j);

            if (disk->host == s->host) {
                virStorageBackendOntapSCSIFillPath(&paths[i], disk, mpaths);
                break;
            }
        }
    }
    return paths;
}


/* What an active pool's XML shows: one path per portal (iSCSI) or per
 * disk (FC), each with its disk and the map's view of it. */
static int
virStorageBackendOntapSCSIRefreshPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    bool iscsi = virStorageBackendOntapIsISCSI(def);
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GPtrArray) mpaths = NULL;
    g_autoptr(GPtrArray) sessions = NULL;
    g_autofree char *map = NULL;
    virStoragePoolOntapPath *paths = NULL;
    size_t npaths = 0;
    size_t i;

    if (virStorageOntapSCSIFindDisks(VIR_STORAGE_ONTAP_SYSFS, ontap->lunWWID, &disks) < 0 ||
        virStorageOntapMpathFindMap(ontap->lunWWID, &map) < 0 ||
        (map && virStorageOntapMpathStatus(map, &mpaths) < 0) ||
        (iscsi && virStorageOntapISCSIReadSessions(VIR_STORAGE_ONTAP_SYSFS,
                                                   def->source.devices[0].path,
                                                   &sessions) < 0))
        return -1;

    if (iscsi) {
        npaths = def->source.nhost;
        paths = virStorageBackendOntapISCSIPaths(def, sessions, disks, mpaths);
    } else {
        npaths = disks->len;
        paths = g_new0(virStoragePoolOntapPath, npaths);
        for (i = 0; i < npaths; i++) {
            virStorageOntapSCSIDisk *disk = g_ptr_array_index(disks, i);

            paths[i].address = g_strdup(disk->hctl);
            virStorageBackendOntapSCSIFillPath(&paths[i], disk, mpaths);
        }
    }

    virStoragePoolOntapSourceClearLiveState(ontap);
    ontap->paths = g_steal_pointer(&paths);
    ontap->npaths = npaths;
    if (map)
        ontap->device = g_strdup_printf("/dev/mapper/%s", map);
    return 0;
}


/* find-storage-pool-sources: the targets a sendtargets discovery through
 * each given portal lists, each with every portal it is offered at. */
static char *
virStorageBackendOntapISCSIFindSources(virStoragePoolSource *spec)
{
    g_autoptr(virStoragePoolSourceList) list = virStorageOntapSourcesNew();
    g_autofree bool *reachable = NULL;
    g_auto(virBuffer) failed = VIR_BUFFER_INITIALIZER;
    size_t answered = 0;
    size_t i;

    if (spec->nhost == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("iSCSI discovery needs the address of a portal (<host>)"));
        return NULL;
    }

    reachable = g_new0(bool, spec->nhost);
    virStorageOntapProbeHosts(spec->hosts, spec->nhost, ONTAP_ISCSI_PORT,
                              ONTAP_ISCSI_PROBE_TIMEOUT_MS, reachable);

    for (i = 0; i < spec->nhost; i++) {
        int port = virStoragePoolOntapHostPort(spec->ontap, &spec->hosts[i]);
        g_autoptr(GPtrArray) portals = NULL;

        if (!reachable[i]) {
            virBufferAsprintf(&failed, "%s:%d (unreachable: no answer within %d seconds), ",
                              spec->hosts[i].name, port, ONTAP_ISCSI_PROBE_TIMEOUT_MS / 1000);
            continue;
        }
        if (virStorageOntapISCSIDiscover(spec->hosts[i].name, port, &portals) < 0) {
            virBufferAsprintf(&failed, "%s:%d (%s), ", spec->hosts[i].name, port,
                              virGetLastErrorMessage());
            continue;
        }
        answered++;
        virStorageOntapSourcesAddISCSI(list, portals);
    }

    virBufferTrim(&failed, ", ");
    if (answered == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED, _("iSCSI discovery failed: %1$s"),
                       virBufferCurrentContent(&failed));
        return NULL;
    }
    if (virBufferUse(&failed) > 0)
        VIR_WARN("iSCSI discovery failed at some portals: %s",
                 virBufferCurrentContent(&failed));
    virResetLastError();
    return virStoragePoolSourceListFormat(list);
}


const virStorageBackendOntapMode virStorageBackendOntapISCSIMode = {
    .check = virStorageBackendOntapBlockCheck,
    .build = virStorageBackendOntapBlockBuild,
    .start = virStorageBackendOntapBlockStart,
    .stop = virStorageBackendOntapBlockStop,
    .refreshPaths = virStorageBackendOntapSCSIRefreshPaths,
    .findSources = virStorageBackendOntapISCSIFindSources,
    .note = ONTAP_SCSI_NOTE,
    .attach = virStorageBackendOntapSCSIAttach,
    .release = virStorageBackendOntapSCSIRelease,
};


/* FC: the same, but no discovery of its own (the fabric's zoning says
 * what this host sees). */
const virStorageBackendOntapMode virStorageBackendOntapFCMode = {
    .check = virStorageBackendOntapBlockCheck,
    .build = virStorageBackendOntapBlockBuild,
    .start = virStorageBackendOntapBlockStart,
    .stop = virStorageBackendOntapBlockStop,
    .refreshPaths = virStorageBackendOntapSCSIRefreshPaths,
    .note = ONTAP_SCSI_NOTE,
    .attach = virStorageBackendOntapSCSIAttach,
    .release = virStorageBackendOntapSCSIRelease,
};
