/*
 * storage_backend_ontap_scsi.c: the iSCSI and FC modes of the ontap
 * backend: every portal logged in (iSCSI) or every FC host rescanned, the
 * LUN's dm-multipath map found by WWID, the cluster filesystem on it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a pool connects is noted in ONTAP_POOLS_STATE_DIR/<pool>/scsi, so
 * that stop (even in a later daemon) undoes exactly that: the sessions and
 * node records the pool created and no other pool uses, the map it saw
 * appear and the SCSI disks under it. A session or a map that was there
 * before the pool started is the administrator's and stays.
 */

#include <config.h>

#define LIBVIRT_STORAGE_BACKEND_ONTAP_PRIV_H_ALLOW
#include "storage_backend_ontap_priv.h"
#include "storage_backend_ontap_scsi.h"
#include "storage_ontap_clusterfs.h"
#include "storage_ontap_iscsi.h"
#include "storage_ontap_mpath.h"
#include "storage_ontap_probe.h"
#include "storage_ontap_scsi.h"
#include "storage_util.h"
#include "viralloc.h"
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

/* How long the LUN's disks and its multipath map may take to show up. */
#define ONTAP_SCSI_MAP_TIMEOUT_MS (30 * 1000)

/* How long the map may take to take in every disk once it exists. */
#define ONTAP_SCSI_PATHS_TIMEOUT_MS (10 * 1000)

/* Serializes logins, logouts and map removals among all pools: pools on
 * LUNs of one target share its sessions. */
static virMutex ontapSCSILock = VIR_MUTEX_INITIALIZER;

/* The open-iscsi node records ontap pools created, kept across reboots:
 * with node.startup automatic, iscsid logs in through them at boot, and
 * the pool that starts then finds sessions that are its own. */
#define ONTAP_ISCSI_RECORDS_FILE LOCALSTATEDIR "/lib/libvirt/storage/ontap/iscsi-records"


bool
virStorageBackendOntapIsSCSI(virStoragePoolDef *def)
{
    return def->source.ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI ||
           def->source.ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC;
}


static bool
virStorageBackendOntapIsISCSI(virStoragePoolDef *def)
{
    return def->source.ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI;
}


/* ---- What a pool holds -------------------------------------------- */

typedef struct _virStorageBackendOntapSCSISession virStorageBackendOntapSCSISession;
struct _virStorageBackendOntapSCSISession {
    bool created;       /* logged in by an ontap pool */
    bool newRecord;     /* its node record too */
    char *address;      /* numeric */
    int port;
    int tpgt;
};

typedef struct _virStorageBackendOntapSCSIOwned virStorageBackendOntapSCSIOwned;
struct _virStorageBackendOntapSCSIOwned {
    char *target;       /* iSCSI only */
    char *iface;
    virStorageBackendOntapSCSISession *sessions;
    size_t nsessions;
    bool mapCreated;    /* the map appeared while the pool started */
    char *map;
};


static void
virStorageBackendOntapSCSIOwnedClear(virStorageBackendOntapSCSIOwned *owned)
{
    size_t i;

    for (i = 0; i < owned->nsessions; i++)
        g_free(owned->sessions[i].address);
    g_free(owned->sessions);
    g_free(owned->target);
    g_free(owned->iface);
    g_free(owned->map);
    memset(owned, 0, sizeof(*owned));
}


char *
virStorageBackendOntapSCSIOwnedFile(const char *pool)
{
    return virStorageBackendOntapNoteFile(pool, "scsi");
}


/* Lines: "target <iqn> <iface>", "map created|adopted <name>",
 * "session created|adopted new|kept <address> <port> <tpgt>". */
static int
virStorageBackendOntapSCSIReadOwned(const char *file,
                                    virStorageBackendOntapSCSIOwned *owned)
{
    g_auto(GStrv) lines = NULL;
    size_t i;

    memset(owned, 0, sizeof(*owned));
    if (virStorageBackendOntapNoteRead(file, &lines) < 0)
        return -1;

    for (i = 0; lines[i]; i++) {
        g_auto(GStrv) f = g_strsplit(lines[i], " ", 0);
        size_t n = g_strv_length(f);

        if (n == 3 && STREQ(f[0], "target")) {
            owned->target = g_strdup(f[1]);
            owned->iface = g_strdup(f[2]);
        } else if (n == 3 && STREQ(f[0], "map")) {
            owned->mapCreated = STREQ(f[1], "created");
            owned->map = g_strdup(f[2]);
        } else if (n == 6 && STREQ(f[0], "session")) {
            virStorageBackendOntapSCSISession s = { 0 };

            if (virStrToLong_i(f[4], NULL, 10, &s.port) < 0 ||
                virStrToLong_i(f[5], NULL, 10, &s.tpgt) < 0)
                continue;
            s.created = STREQ(f[1], "created");
            s.newRecord = STREQ(f[2], "new");
            s.address = g_strdup(f[3]);
            VIR_APPEND_ELEMENT(owned->sessions, owned->nsessions, s);
        }
    }
    return 0;
}


static int
virStorageBackendOntapSCSIWriteOwned(const char *file,
                                     const virStorageBackendOntapSCSIOwned *owned)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    size_t i;

    if (owned->target)
        virBufferAsprintf(&buf, "target %s %s\n", owned->target, owned->iface);
    if (owned->map)
        virBufferAsprintf(&buf, "map %s %s\n",
                          owned->mapCreated ? "created" : "adopted", owned->map);
    for (i = 0; i < owned->nsessions; i++) {
        const virStorageBackendOntapSCSISession *s = &owned->sessions[i];

        virBufferAsprintf(&buf, "session %s %s %s %d %d\n",
                          s->created ? "created" : "adopted",
                          s->newRecord ? "new" : "kept",
                          s->address, s->port, s->tpgt);
    }
    return virStorageBackendOntapNoteWrite(file, virBufferCurrentContent(&buf));
}


/* Another active pool holds the session to @target through @s: make it
 * the owner (it logs out when it stops last). Returns true if one does. */
static bool
virStorageBackendOntapSCSIHandOver(const char *pool,
                                   const char *target,
                                   const virStorageBackendOntapSCSISession *s)
{
    g_auto(GStrv) pools = virStorageBackendOntapOtherPools(pool);
    size_t p;

    for (p = 0; pools[p]; p++) {
        g_autofree char *file = virStorageBackendOntapSCSIOwnedFile(pools[p]);
        virStorageBackendOntapSCSIOwned other = { 0 };
        bool found = false;
        size_t i;

        if (virStorageBackendOntapSCSIReadOwned(file, &other) < 0) {
            virResetLastError();
            continue;
        }
        for (i = 0; i < other.nsessions && STREQ_NULLABLE(other.target, target); i++) {
            virStorageBackendOntapSCSISession *o = &other.sessions[i];

            if (STREQ(o->address, s->address) && o->port == s->port) {
                o->created |= s->created;
                o->newRecord |= s->newRecord;
                found = true;
                break;
            }
        }
        if (found && virStorageBackendOntapSCSIWriteOwned(file, &other) < 0)
            virResetLastError();
        virStorageBackendOntapSCSIOwnedClear(&other);
        if (found) {
            VIR_DEBUG("iSCSI session to %s:%d stays: ontap pool '%s' uses it",
                      s->address, s->port, pools[p]);
            return true;
        }
    }
    return false;
}


/* The line of ONTAP_ISCSI_RECORDS_FILE naming a record. */
static char *
virStorageBackendOntapISCSIRecordLine(const char *target,
                                      const char *iface,
                                      const virStorageBackendOntapSCSISession *s)
{
    return g_strdup_printf("%s %s %s %d %d", target, iface, s->address, s->port, s->tpgt);
}


static bool
virStorageBackendOntapISCSIRecordIsOurs(const char *target,
                                        const char *iface,
                                        const virStorageBackendOntapSCSISession *s)
{
    g_autofree char *line = virStorageBackendOntapISCSIRecordLine(target, iface, s);
    g_auto(GStrv) lines = NULL;

    if (virStorageBackendOntapNoteRead(ONTAP_ISCSI_RECORDS_FILE, &lines) < 0) {
        virResetLastError();
        return false;
    }
    return g_strv_contains((const char * const *) lines, line);
}


/* Add (@ours) or remove the record from ONTAP_ISCSI_RECORDS_FILE. */
static void
virStorageBackendOntapISCSINoteRecord(const char *target,
                                      const char *iface,
                                      const virStorageBackendOntapSCSISession *s,
                                      bool ours)
{
    g_autofree char *line = virStorageBackendOntapISCSIRecordLine(target, iface, s);
    g_auto(GStrv) lines = NULL;
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    size_t i;

    if (virStorageBackendOntapNoteRead(ONTAP_ISCSI_RECORDS_FILE, &lines) < 0)
        goto error;
    for (i = 0; lines[i]; i++) {
        if (*lines[i] && STRNEQ(lines[i], line))
            virBufferAsprintf(&buf, "%s\n", lines[i]);
    }
    if (ours)
        virBufferAsprintf(&buf, "%s\n", line);
    if (virStorageBackendOntapNoteWrite(ONTAP_ISCSI_RECORDS_FILE,
                                        virBufferCurrentContent(&buf)) == 0)
        return;

 error:
    VIR_WARN("cannot update %s: %s", ONTAP_ISCSI_RECORDS_FILE, virGetLastErrorMessage());
    virResetLastError();
}


/* ---- iscsiadm ------------------------------------------------------ */

/* The node record of session @s of the pool. */
static virStorageOntapISCSINode
virStorageBackendOntapISCSINodeOf(const char *target,
                                  const char *iface,
                                  const virStorageBackendOntapSCSISession *s)
{
    virStorageOntapISCSINode node = {
        .target = target,
        .iface = iface,
        .address = s->address,
        .port = s->port,
        .tpgt = s->tpgt,
    };

    return node;
}


/* CHAP passwords from the pool's secrets; the usernames are in the XML. */
typedef struct _virStorageBackendOntapISCSIAuth virStorageBackendOntapISCSIAuth;
struct _virStorageBackendOntapISCSIAuth {
    char *password;
    char *passwordIn;   /* mutual CHAP: the target's */
};


/* ---- Logging in ---------------------------------------------------- */

typedef struct _virStorageBackendOntapISCSIJob virStorageBackendOntapISCSIJob;
struct _virStorageBackendOntapISCSIJob {
    virStoragePoolDef *def;
    const char *iface;
    const virStorageBackendOntapISCSIAuth *auth;
    bool autostart;
    const char *host;           /* as the XML names it */
    virStorageBackendOntapSCSISession session;
    bool started;
    virThread thread;
    virErrorPtr error;
};


static int
virStorageBackendOntapISCSIPrepareRecord(virStorageBackendOntapISCSIJob *job)
{
    virStorageBackendOntapSCSISession *s = &job->session;
    virStorageOntapISCSINode node = virStorageBackendOntapISCSINodeOf(job->def->source.devices[0].path,
                                                                      job->iface, s);
    virStoragePoolOntapAuth *auth = job->def->source.ontap->auth;
    virStorageOntapISCSIChap chap = { 0 };

    if (auth) {
        chap.username = auth->username;
        chap.password = job->auth->password;
        chap.usernameIn = auth->mutualUsername;
        chap.passwordIn = job->auth->passwordIn;
    }

    if (!virStorageOntapISCSIRecordExists(VIR_STORAGE_ONTAP_ISCSI_NODES, &node)) {
        if (virStorageOntapISCSICreateRecord(&node) < 0)
            return -1;
        s->newRecord = true;
    }
    return virStorageOntapISCSISetRecord(VIR_STORAGE_ONTAP_ISCSI_NODES, &node, job->autostart,
                                         auth ? &chap : NULL);
}


/* Does the portal of @s offer @target? Sets its portal group tag. */
static int
virStorageBackendOntapISCSIOffers(const char *host,
                                  virStorageBackendOntapSCSISession *s,
                                  const char *target)
{
    virStorageOntapISCSIPortal *portals = NULL;
    size_t nportals = 0;
    size_t i;
    int ret = -1;

    if (virStorageOntapISCSIDiscover(s->address, s->port, &portals, &nportals) < 0)
        return -1;
    for (i = 0; i < nportals; i++) {
        if (STREQ(portals[i].target, target) && STREQ(portals[i].address, s->address) &&
            portals[i].port == s->port) {
            s->tpgt = portals[i].tpgt;
            ret = 0;
            break;
        }
    }
    if (ret < 0)
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("portal %1$s:%2$d does not offer target %3$s"),
                       host, s->port, target);
    virStorageOntapISCSIPortalsFree(portals, nportals);
    return ret;
}


/* Set up the node record of one portal, and log in through it. */
static void
virStorageBackendOntapISCSILoginThread(void *opaque)
{
    virStorageBackendOntapISCSIJob *job = opaque;
    virStorageBackendOntapSCSISession *s = &job->session;
    virStorageOntapISCSINode node;

    if (virStorageBackendOntapISCSIPrepareRecord(job) < 0)
        goto error;
    node = virStorageBackendOntapISCSINodeOf(job->def->source.devices[0].path, job->iface, s);
    if (virStorageOntapISCSILogin(&node, !!job->auth->password) < 0)
        goto error;
    s->created = true;
    return;

 error:
    job->error = virSaveLastError();
}


/* The record a failed login created goes: once every login is done, since
 * a login walks the records of every portal of the target. */
static void
virStorageBackendOntapISCSIDeleteRecord(const char *target,
                                        const char *iface,
                                        const virStorageBackendOntapSCSISession *s)
{
    virStorageOntapISCSINode node = virStorageBackendOntapISCSINodeOf(target, iface, s);

    if (virStorageOntapISCSIDeleteRecord(&node) < 0) {
        VIR_WARN("%s", virGetLastErrorMessage());
        virResetLastError();
    }
}


static void
virStorageBackendOntapISCSILogout(const char *target,
                                  const char *iface,
                                  const virStorageBackendOntapSCSISession *s)
{
    virStorageOntapISCSINode node = virStorageBackendOntapISCSINodeOf(target, iface, s);

    VIR_DEBUG("logging out of %s at %s:%d", target, s->address, s->port);
    if (virStorageOntapISCSILogout(&node) < 0) {
        VIR_WARN("%s", virGetLastErrorMessage());
        virResetLastError();
    }
    if (s->newRecord) {
        virStorageBackendOntapISCSIDeleteRecord(target, iface, s);
        virStorageBackendOntapISCSINoteRecord(target, iface, s, false);
    }
}


/* Log in through every reachable portal that has no session yet, all at
 * once; adopt the sessions that exist. What the pool holds lands in
 * @owned, the portals it could not use (and why) in @failed. */
static int
virStorageBackendOntapISCSILoginAll(virStoragePoolDef *def,
                                    bool autostart,
                                    virStorageBackendOntapSCSIOwned *owned,
                                    virBuffer *failed)
{
    size_t nhost = def->source.nhost;
    const char *target = def->source.devices[0].path;
    g_autofree bool *reachable = g_new0(bool, nhost);
    g_autofree virStorageBackendOntapISCSIJob *jobs = g_new0(virStorageBackendOntapISCSIJob, nhost);
    virStorageBackendOntapISCSIAuth auth = { 0 };
    virStorageOntapISCSISession *sessions = NULL;
    size_t nsessions = 0;
    size_t i;
    int ret = -1;

    owned->target = g_strdup(target);
    if (!(owned->iface = virStorageOntapISCSIIface(VIR_STORAGE_ONTAP_ISCSI_IFACES,
                                                   def->source.initiator.iqn)) ||
        (def->source.ontap->auth &&
         virStorageBackendOntapAuthSecrets(def->source.ontap->auth, VIR_SECRET_USAGE_TYPE_ISCSI,
                                           &auth.password, &auth.passwordIn) < 0))
        goto cleanup;

    virStorageOntapProbeHosts(def->source.hosts, nhost, VIR_STORAGE_ONTAP_ISCSI_PORT,
                              ONTAP_ISCSI_PROBE_TIMEOUT_MS, reachable);

    if (virStorageOntapISCSIReadSessions(VIR_STORAGE_ONTAP_ISCSI_SYSFS, target,
                                         &sessions, &nsessions) < 0)
        goto cleanup;

    for (i = 0; i < nhost; i++) {
        virStorageBackendOntapISCSIJob *job = &jobs[i];
        virStorageOntapISCSISession *live;
        int port = def->source.hosts[i].port > 0 ? def->source.hosts[i].port :
                   VIR_STORAGE_ONTAP_ISCSI_PORT;

        job->host = def->source.hosts[i].name;
        if (!reachable[i]) {
            virBufferAsprintf(failed, "%s:%d (unreachable: no answer within %d seconds), ",
                              job->host, port, ONTAP_ISCSI_PROBE_TIMEOUT_MS / 1000);
            continue;
        }
        job->session.port = port;
        if (!(job->session.address = virStorageBackendOntapNumericAddr(job->host))) {
            virBufferAsprintf(failed, "%s:%d (%s), ", job->host, port,
                              virGetLastErrorMessage());
            virResetLastError();
            continue;
        }

        if ((live = virStorageOntapISCSIFindSession(sessions, nsessions,
                                                    job->session.address, port))) {
            job->session.tpgt = live->tpgt;
            /* logged in at boot through a record a pool created */
            if (virStorageBackendOntapISCSIRecordIsOurs(target, owned->iface, &job->session)) {
                job->session.created = true;
                job->session.newRecord = true;
            }
            VIR_DEBUG("ontap pool '%s': adopting iSCSI session %u to %s:%d (%s)",
                      def->name, live->sid, job->host, port,
                      job->session.created ? "through a pool's record" : "not the pool's");
            continue;
        }

        /* One at a time: discoveries at once through the same target
         * are cut short ("Connection to Discovery Address closed"). */
        if (virStorageBackendOntapISCSIOffers(job->host, &job->session, target) < 0) {
            virBufferAsprintf(failed, "%s:%d (%s), ", job->host, port,
                              virGetLastErrorMessage());
            virResetLastError();
            g_clear_pointer(&job->session.address, g_free);
            continue;
        }

        job->def = def;
        job->iface = owned->iface;
        job->auth = &auth;
        job->autostart = autostart;
        if (virThreadCreateFull(&job->thread, true, virStorageBackendOntapISCSILoginThread,
                                "ontap-iscsi-login", false, job) < 0)
            goto cleanup;
        job->started = true;
    }
    ret = 0;

 cleanup:
    for (i = 0; i < nhost; i++) {
        if (jobs[i].started)
            virThreadJoin(&jobs[i].thread);
    }
    for (i = 0; i < nhost; i++) {
        virStorageBackendOntapISCSIJob *job = &jobs[i];

        bool ok = !job->error;

        if (job->error) {
            virBufferAsprintf(failed, "%s:%d (%s), ", job->host, job->session.port,
                              job->error->message);
            g_clear_pointer(&job->error, virFreeError);
            if (job->session.newRecord)
                virStorageBackendOntapISCSIDeleteRecord(target, owned->iface, &job->session);
        }
        if (job->session.address && ok) {
            if (job->started && job->session.newRecord)
                virStorageBackendOntapISCSINoteRecord(target, owned->iface, &job->session, true);
            VIR_APPEND_ELEMENT(owned->sessions, owned->nsessions, job->session);
        } else {
            g_free(job->session.address);
        }
    }
    virStorageBackendOntapEraseSecret(&auth.password);
    virStorageBackendOntapEraseSecret(&auth.passwordIn);
    virStorageOntapISCSISessionsFree(sessions, nsessions);
    return ret;
}


/* The SCSI hosts of the pool's sessions, and the LUN scanned on each. */
static int
virStorageBackendOntapISCSIScan(virStoragePoolDef *def,
                                const virStorageBackendOntapSCSIOwned *owned,
                                unsigned int **hosts,
                                size_t *nhosts)
{
    virStorageOntapISCSISession *sessions = NULL;
    size_t nsessions = 0;
    size_t i;
    int ret = -1;

    *hosts = NULL;
    *nhosts = 0;
    if (virStorageOntapISCSIReadSessions(VIR_STORAGE_ONTAP_ISCSI_SYSFS, owned->target,
                                         &sessions, &nsessions) < 0)
        return -1;

    for (i = 0; i < owned->nsessions; i++) {
        const virStorageBackendOntapSCSISession *s = &owned->sessions[i];
        virStorageOntapISCSISession *live;

        if (!(live = virStorageOntapISCSIFindSession(sessions, nsessions, s->address, s->port))) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("ontap pool '%1$s': no iSCSI session to %2$s:%3$d after login"),
                           def->name, s->address, s->port);
            goto cleanup;
        }
        if (virStorageOntapSCSIScanHost(VIR_STORAGE_ONTAP_SCSI_SYSFS, live->host,
                                        def->source.ontap->lunID) < 0)
            goto cleanup;
        VIR_APPEND_ELEMENT(*hosts, *nhosts, live->host);
    }
    ret = 0;

 cleanup:
    virStorageOntapISCSISessionsFree(sessions, nsessions);
    return ret;
}


/* ---- The multipath map --------------------------------------------- */

static bool
virStorageBackendOntapSCSIHostIn(unsigned int host,
                                 const unsigned int *hosts,
                                 size_t nhosts)
{
    size_t i;

    for (i = 0; i < nhosts; i++) {
        if (hosts[i] == host)
            return true;
    }
    return false;
}


static void
virStorageBackendOntapSCSIMultipathd(const char *arg1,
                                     const char *arg2,
                                     const char *arg3)
{
    g_autoptr(virCommand) cmd = virCommandNewArgList("multipathd", arg1, arg2, arg3, NULL);
    g_autofree char *output = NULL;
    g_autofree char *errbuf = NULL;
    int status = 0;

    virCommandSetOutputBuffer(cmd, &output);
    virCommandSetErrorBuffer(cmd, &errbuf);
    if (virCommandRun(cmd, &status) < 0) {
        VIR_WARN("multipathd %s %s %s: %s", arg1, arg2, arg3, virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    VIR_DEBUG("multipathd %s %s %s: status %d: %s%s", arg1, arg2, arg3, status,
              NULLSTR_EMPTY(output), NULLSTR_EMPTY(errbuf));
}


/* Does the map hold @disk (by major:minor)? */
static bool
virStorageBackendOntapSCSIMapHas(const virStorageOntapMpathPath *paths,
                                 size_t npaths,
                                 const char *devno)
{
    size_t i;

    for (i = 0; i < npaths; i++) {
        if (STREQ(paths[i].device, devno))
            return true;
    }
    return false;
}


/* The LUN's disks behind @hosts (any of them for FC, which gives none). */
static int
virStorageBackendOntapSCSIOurDisks(const char *wwid,
                                   const unsigned int *hosts,
                                   size_t nhosts,
                                   virStorageOntapSCSIDisk **disks,
                                   size_t *ndisks)
{
    virStorageOntapSCSIDisk *all = NULL;
    size_t nall = 0;
    size_t i;

    *disks = NULL;
    *ndisks = 0;
    if (virStorageOntapSCSIFindDisks(VIR_STORAGE_ONTAP_SCSI_SYSFS, wwid, &all, &nall) < 0)
        return -1;
    for (i = 0; i < nall; i++) {
        if (nhosts == 0 || virStorageBackendOntapSCSIHostIn(all[i].host, hosts, nhosts))
            VIR_APPEND_ELEMENT(*disks, *ndisks, all[i]);
    }
    virStorageOntapSCSIDisksFree(all, nall);
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
                                  const unsigned int *hosts,
                                  size_t nhosts,
                                  char **map)
{
    const char *wwid = def->source.ontap->lunWWID;
    unsigned long long now;
    unsigned long long deadline;
    unsigned long long asked = 0;
    unsigned long long mapSeen = 0;
    bool pathsAsked = false;
    size_t ndisks = 0;
    size_t nmapped = 0;

    if (virTimeMillisNow(&now) < 0)
        return -1;
    deadline = now + ONTAP_SCSI_MAP_TIMEOUT_MS;

    while (now < deadline) {
        virStorageOntapSCSIDisk *disks = NULL;
        virStorageOntapMpathPath *paths = NULL;
        size_t npaths = 0;
        size_t i;

        if (virStorageBackendOntapSCSIOurDisks(wwid, hosts, nhosts, &disks, &ndisks) < 0)
            return -1;

        if (ndisks > 0 && !*map) {
            if (virStorageOntapMpathFindMap(wwid, map) < 0) {
                virStorageOntapSCSIDisksFree(disks, ndisks);
                return -1;
            }
            if (!*map && now >= asked + 5000) {
                VIR_DEBUG("ontap pool '%s': asking multipathd for a map of %s",
                          def->name, wwid);
                virStorageBackendOntapSCSIMultipathd("add", "map", wwid);
                asked = now;
            }
        }

        if (*map && !mapSeen) {
            mapSeen = now;
            deadline = MIN(deadline, now + ONTAP_SCSI_PATHS_TIMEOUT_MS);
        }

        if (*map && virStorageOntapMpathStatus(*map, &paths, &npaths) == 0) {
            nmapped = 0;
            for (i = 0; i < ndisks; i++) {
                if (virStorageBackendOntapSCSIMapHas(paths, npaths, disks[i].devno))
                    nmapped++;
                else if (!pathsAsked && now >= mapSeen + 3000)
                    virStorageBackendOntapSCSIMultipathd("add", "path", disks[i].name);
            }
            if (now >= mapSeen + 3000)
                pathsAsked = true;
            virStorageOntapMpathPathsFree(paths, npaths);
            if (nmapped == ndisks && ndisks >= MAX(nhosts, 1)) {
                virStorageOntapSCSIDisksFree(disks, ndisks);
                return 0;
            }
        }
        virResetLastError();
        virStorageOntapSCSIDisksFree(disks, ndisks);

        g_usleep(250 * 1000);
        if (virTimeMillisNow(&now) < 0)
            return -1;
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


/* Delete the LUN's SCSI disks behind @hosts (all of them when none is
 * given): the map above them is gone. */
static void
virStorageBackendOntapSCSIDeleteDisks(virStoragePoolDef *def,
                                      const unsigned int *hosts,
                                      size_t nhosts)
{
    virStorageOntapSCSIDisk *disks = NULL;
    size_t ndisks = 0;
    size_t i;

    if (virStorageOntapSCSIFindDisks(VIR_STORAGE_ONTAP_SCSI_SYSFS,
                                     def->source.ontap->lunWWID, &disks, &ndisks) < 0) {
        VIR_WARN("%s", virGetLastErrorMessage());
        virResetLastError();
        return;
    }
    for (i = 0; i < ndisks; i++) {
        if (nhosts > 0 && !virStorageBackendOntapSCSIHostIn(disks[i].host, hosts, nhosts))
            continue;
        /* without the map, udev would hand the disk to multipathd again */
        if (virStorageOntapSCSIDeleteDisk(VIR_STORAGE_ONTAP_SCSI_SYSFS, disks[i].name) < 0) {
            VIR_WARN("%s", virGetLastErrorMessage());
            virResetLastError();
        }
    }
    virStorageOntapSCSIDisksFree(disks, ndisks);
}


/* The map the pool created: queueing off (a flush of a map without paths
 * would hang), removed, its disks deleted. */
static int
virStorageBackendOntapSCSIRemoveMap(virStoragePoolDef *def,
                                    const char *map,
                                    const unsigned int *hosts,
                                    size_t nhosts)
{
    g_autofree char *found = NULL;
    /* iSCSI: the disks behind the pool's sessions; FC: every disk */
    bool disks = nhosts > 0 || !virStorageBackendOntapIsISCSI(def);
    int rc;

    if ((rc = virStorageOntapMpathFindMap(def->source.ontap->lunWWID, &found)) < 0)
        return -1;
    if (rc == 0 || STRNEQ(found, map)) {
        VIR_DEBUG("ontap pool '%s': multipath map %s is already gone", def->name, map);
        if (disks)
            virStorageBackendOntapSCSIDeleteDisks(def, hosts, nhosts);
        return 0;
    }

    VIR_DEBUG("ontap pool '%s': removing multipath map %s", def->name, map);
    if (virStorageOntapMpathDisableQueueing(map) < 0) {
        VIR_WARN("%s", virGetLastErrorMessage());
        virResetLastError();
    }
    /* through multipathd, which would otherwise keep (and restore) it;
     * then device-mapper directly if it is still there */
    virStorageBackendOntapSCSIMultipathd("del", "map", map);
    g_clear_pointer(&found, g_free);
    if ((rc = virStorageOntapMpathFindMap(def->source.ontap->lunWWID, &found)) < 0)
        return -1;
    if (rc > 0 && virStorageOntapMpathRemove(map) < 0)
        return -1;

    if (disks)
        virStorageBackendOntapSCSIDeleteDisks(def, hosts, nhosts);
    return 0;
}


/* ---- Attach and release ---------------------------------------------- */

/* The SCSI hosts of the sessions the pool logged in. */
static void
virStorageBackendOntapSCSIOwnedHosts(const virStorageBackendOntapSCSIOwned *owned,
                                     unsigned int **hosts,
                                     size_t *nhosts)
{
    virStorageOntapISCSISession *sessions = NULL;
    size_t nsessions = 0;
    size_t i;

    *hosts = NULL;
    *nhosts = 0;
    if (!owned->target)
        return;
    if (virStorageOntapISCSIReadSessions(VIR_STORAGE_ONTAP_ISCSI_SYSFS, owned->target,
                                         &sessions, &nsessions) < 0) {
        virResetLastError();
        return;
    }
    for (i = 0; i < owned->nsessions; i++) {
        virStorageOntapISCSISession *live;

        if (owned->sessions[i].created &&
            (live = virStorageOntapISCSIFindSession(sessions, nsessions,
                                                    owned->sessions[i].address,
                                                    owned->sessions[i].port)))
            VIR_APPEND_ELEMENT(*hosts, *nhosts, live->host);
    }
    virStorageOntapISCSISessionsFree(sessions, nsessions);
}


/* Undo what @owned says the pool did, but what other pools still use: the
 * map if it appeared with the pool, the LUN's disks behind the sessions it
 * logged in (for FC, all of them when the map was the pool's), those
 * sessions. */
static int
virStorageBackendOntapSCSIRelease(virStoragePoolDef *def,
                                  const virStorageBackendOntapSCSIOwned *owned)
{
    VIR_LOCK_GUARD lock = virLockGuardLock(&ontapSCSILock);
    g_autofree unsigned int *hosts = NULL;
    size_t nhosts = 0;
    size_t i;

    virStorageBackendOntapSCSIOwnedHosts(owned, &hosts, &nhosts);

    if (owned->mapCreated && owned->map) {
        /* a map that stays keeps its disks and sessions */
        if (virStorageBackendOntapSCSIRemoveMap(def, owned->map, hosts, nhosts) < 0)
            return -1;
    } else if (!owned->map && nhosts > 0) {
        virStorageBackendOntapSCSIDeleteDisks(def, hosts, nhosts);
    }

    for (i = 0; i < owned->nsessions; i++) {
        const virStorageBackendOntapSCSISession *s = &owned->sessions[i];

        if (virStorageBackendOntapSCSIHandOver(def->name, owned->target, s) || !s->created)
            continue;
        virStorageBackendOntapISCSILogout(owned->target, owned->iface, s);
    }
    return 0;
}


/* Portals the map has no path through, as "address:port, ...". */
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
                          p->disk ? _("not in the multipath map") : _("no disk"));
    }
}


/**
 * Connect the pool's LUN: what build and start share. On success
 * @device is the multipath device and @owned what the pool holds; on
 * failure nothing the call connected stays connected.
 */
static int
virStorageBackendOntapSCSIAttach(virStoragePoolDef *def,
                                 bool autostart,
                                 virStorageBackendOntapSCSIOwned *owned,
                                 char **device)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    g_auto(virBuffer) failed = VIR_BUFFER_INITIALIZER;
    g_autofree unsigned int *hosts = NULL;
    size_t nhosts = 0;
    g_autofree char *before = NULL;
    g_autofree char *errbuf = NULL;
    size_t nfc = 0;
    int rc;

    memset(owned, 0, sizeof(*owned));
    if (!virStorageBackendOntapIsISCSI(def) &&
        virStorageOntapSCSICheckFC(VIR_STORAGE_ONTAP_SCSI_SYSFS) < 0)
        return -1;
    if ((errbuf = virKModLoad("dm_multipath")))
        VIR_WARN("cannot load kernel module dm_multipath: %s", errbuf);

    if ((rc = virStorageOntapMpathFindMap(ontap->lunWWID, &before)) < 0)
        return -1;

    if (virStorageBackendOntapIsISCSI(def)) {
        g_autofree char *e = NULL;

        if ((e = virKModLoad("iscsi_tcp")))
            VIR_WARN("cannot load kernel module iscsi_tcp: %s", e);

        VIR_WITH_MUTEX_LOCK_GUARD(&ontapSCSILock) {
            rc = virStorageBackendOntapISCSILoginAll(def, autostart, owned, &failed);
        }
        virBufferTrim(&failed, ", ");
        if (rc < 0)
            goto error;
        if (owned->nsessions == 0) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("ontap pool '%1$s': cannot log in to any portal of iSCSI target %2$s: %3$s"),
                           def->name, owned->target, virBufferCurrentContent(&failed));
            goto error;
        }
        if (virBufferUse(&failed) > 0 && virStorageBackendOntapDegradedFails(def)) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("ontap pool '%1$s': cannot log in to every portal of iSCSI target %2$s: %3$s"),
                           def->name, owned->target, virBufferCurrentContent(&failed));
            goto error;
        }
        if (virStorageBackendOntapISCSIScan(def, owned, &hosts, &nhosts) < 0)
            goto error;
    } else {
        if (virStorageOntapSCSIRescanFC(VIR_STORAGE_ONTAP_SCSI_SYSFS, &nfc) < 0)
            goto error;
        VIR_DEBUG("ontap pool '%s': rescanned %zu FC hosts", def->name, nfc);
    }

    /* Noted from here: a map that appears is the pool's to remove. */
    owned->mapCreated = !before;
    if (before)
        owned->map = g_strdup(before);
    if (virStorageBackendOntapSCSIWaitMap(def, hosts, nhosts, &owned->map) < 0)
        goto error;

    *device = g_strdup_printf("/dev/mapper/%s", owned->map);
    virWaitForDevices();
    if (!virFileExists(*device)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': multipath map %2$s has no device node %3$s"),
                       def->name, owned->map, *device);
        goto error;
    }

    /* Every portal logged in must be a path of the map. */
    virStorageBackendOntapSCSIRefreshPaths(def);
    if (virBufferUse(&failed) > 0)
        virBufferAddLit(&failed, ", ");
    virStorageBackendOntapSCSIMissing(def, &failed);
    virBufferTrim(&failed, ", ");
    if (virBufferUse(&failed) > 0) {
        if (virStorageBackendOntapDegradedFails(def)) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("ontap pool '%1$s': LUN %2$s lacks paths through %3$s"),
                           def->name, ontap->lunWWID, virBufferCurrentContent(&failed));
            goto error;
        }
        VIR_WARN("ontap pool '%s' is degraded: LUN %s lacks paths through %s",
                 def->name, ontap->lunWWID, virBufferCurrentContent(&failed));
    }
    return 0;

 error:
    {
        virErrorPtr saved;

        virErrorPreserveLast(&saved);
        ignore_value(virStorageBackendOntapSCSIRelease(def, owned));
        virErrorRestore(&saved);
    }
    virStoragePoolOntapSourceClearLiveState(ontap);
    virStorageBackendOntapSCSIOwnedClear(owned);
    g_clear_pointer(device, g_free);
    return -1;
}


/* ---- Backend callbacks ------------------------------------------------ */

int
virStorageBackendOntapSCSIBuild(virStoragePoolObj *pool,
                                unsigned int flags)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    virStorageBackendOntapSCSIOwned owned = { 0 };
    g_autofree char *device = NULL;
    int ret;

    if (virStorageBackendBuildLocal(pool) < 0 ||
        virStorageBackendOntapSCSIAttach(def, false, &owned, &device) < 0)
        return -1;

    ret = virStorageBackendOntapBlockFormat(def, device, flags);

    /* Build leaves the pool inactive: connected only for the while. */
    if (virStorageBackendOntapSCSIRelease(def, &owned) < 0) {
        VIR_WARN("ontap pool '%s': %s", def->name, virGetLastErrorMessage());
        virResetLastError();
    }
    virStoragePoolOntapSourceClearLiveState(def->source.ontap);
    virStorageBackendOntapSCSIOwnedClear(&owned);
    return ret;
}


int
virStorageBackendOntapSCSIStart(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    g_autofree char *file = virStorageBackendOntapSCSIOwnedFile(def->name);
    bool autostart = virStoragePoolObjIsAutostart(pool);
    virStorageBackendOntapSCSIOwned owned = { 0 };
    g_autofree char *device = NULL;
    int ret = -1;

    if (virStorageBackendOntapCheckTarget(def) < 0 ||
        virStorageOntapClusterFSCheckStack(VIR_STORAGE_ONTAP_SCSI_SYSFS, def) < 0)
        return -1;

    virObjectUnlock(pool);
    if (virStorageBackendOntapSCSIAttach(def, autostart, &owned, &device) == 0) {
        if (virStorageBackendOntapSCSIWriteOwned(file, &owned) == 0 &&
            virStorageBackendOntapBlockMount(def, device) == 0)
            ret = 0;

        if (ret < 0) {
            virErrorPtr saved;

            virErrorPreserveLast(&saved);
            ignore_value(virStorageBackendOntapSCSIRelease(def, &owned));
            ignore_value(unlink(file));
            virErrorRestore(&saved);
            virStoragePoolOntapSourceClearLiveState(def->source.ontap);
        }
    }
    virObjectLock(pool);

    virStorageBackendOntapSCSIOwnedClear(&owned);
    return ret;
}


/* Let go of what the pool noted, and forget it. */
int
virStorageBackendOntapSCSIStopPaths(virStoragePoolDef *def)
{
    g_autofree char *file = virStorageBackendOntapSCSIOwnedFile(def->name);
    virStorageBackendOntapSCSIOwned owned = { 0 };
    int ret;

    if (virStorageBackendOntapSCSIReadOwned(file, &owned) < 0)
        return -1;
    ret = virStorageBackendOntapSCSIRelease(def, &owned);
    if (ret == 0)
        ignore_value(unlink(file));
    virStorageBackendOntapSCSIOwnedClear(&owned);
    return ret;
}


/* One path of the pool's XML from its disk and the map's view of it. */
static void
virStorageBackendOntapSCSIFillPath(virStoragePoolOntapPath *path,
                                   const virStorageOntapSCSIDisk *disk,
                                   const virStorageOntapMpathPath *mpaths,
                                   size_t nmpaths)
{
    size_t i;

    path->disk = g_strdup(disk->name);
    path->hctl = g_strdup(disk->hctl);
    path->diskState = g_strdup(disk->state);
    path->mpathActive = VIR_TRISTATE_BOOL_ABSENT;
    for (i = 0; i < nmpaths; i++) {
        const char *gs;

        if (STRNEQ(mpaths[i].device, disk->devno))
            continue;
        path->mpathActive = mpaths[i].active ? VIR_TRISTATE_BOOL_YES : VIR_TRISTATE_BOOL_NO;
        path->group = mpaths[i].group;
        path->failures = mpaths[i].failures;
        switch (mpaths[i].groupState) {
        case 'A': gs = "active"; break;
        case 'E': gs = "enabled"; break;
        default: gs = "disabled"; break;
        }
        path->groupState = g_strdup(gs);
    }
}


/* What an active pool's XML shows: one path per portal (iSCSI) or per
 * disk (FC), each with its disk and the map's view of it. */
void
virStorageBackendOntapSCSIRefreshPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    virStorageOntapSCSIDisk *disks = NULL;
    size_t ndisks = 0;
    virStorageOntapMpathPath *mpaths = NULL;
    size_t nmpaths = 0;
    virStorageOntapISCSISession *sessions = NULL;
    size_t nsessions = 0;
    g_autofree char *map = NULL;
    virStoragePoolOntapPath *paths = NULL;
    size_t npaths = 0;
    size_t i;
    size_t j;

    if (virStorageOntapSCSIFindDisks(VIR_STORAGE_ONTAP_SCSI_SYSFS, ontap->lunWWID,
                                     &disks, &ndisks) < 0 ||
        virStorageOntapMpathFindMap(ontap->lunWWID, &map) < 0 ||
        (map && virStorageOntapMpathStatus(map, &mpaths, &nmpaths) < 0) ||
        (virStorageBackendOntapIsISCSI(def) &&
         virStorageOntapISCSIReadSessions(VIR_STORAGE_ONTAP_ISCSI_SYSFS,
                                          def->source.devices[0].path,
                                          &sessions, &nsessions) < 0)) {
        VIR_WARN("ontap pool '%s': cannot read the SCSI paths: %s",
                 def->name, virGetLastErrorMessage());
        virResetLastError();
        goto cleanup;
    }

    if (virStorageBackendOntapIsISCSI(def)) {
        npaths = def->source.nhost;
        paths = g_new0(virStoragePoolOntapPath, npaths);
        for (i = 0; i < npaths; i++) {
            g_autofree char *addr = virStorageBackendOntapNumericAddr(def->source.hosts[i].name);
            virStorageOntapISCSISession *s;

            virResetLastError();
            paths[i].address = g_strdup(def->source.hosts[i].name);
            paths[i].port = def->source.hosts[i].port > 0 ? def->source.hosts[i].port :
                            VIR_STORAGE_ONTAP_ISCSI_PORT;
            if (!addr ||
                !(s = virStorageOntapISCSIFindSession(sessions, nsessions, addr, paths[i].port)))
                continue;
            paths[i].session = s->sid;
            paths[i].sessionState = g_strdup(s->state);
            for (j = 0; j < ndisks; j++) {
                if (disks[j].host == s->host) {
                    virStorageBackendOntapSCSIFillPath(&paths[i], &disks[j], mpaths, nmpaths);
                    break;
                }
            }
        }
    } else {
        npaths = ndisks;
        paths = g_new0(virStoragePoolOntapPath, npaths);
        for (i = 0; i < npaths; i++) {
            paths[i].address = g_strdup(disks[i].hctl);
            virStorageBackendOntapSCSIFillPath(&paths[i], &disks[i], mpaths, nmpaths);
        }
    }

    virStoragePoolOntapSourceClearLiveState(ontap);
    ontap->paths = g_steal_pointer(&paths);
    ontap->npaths = npaths;
    npaths = 0;
    if (map)
        ontap->device = g_strdup_printf("/dev/mapper/%s", map);

 cleanup:
    virStoragePoolOntapPathsFree(paths, npaths);
    virStorageOntapSCSIDisksFree(disks, ndisks);
    virStorageOntapMpathPathsFree(mpaths, nmpaths);
    virStorageOntapISCSISessionsFree(sessions, nsessions);
}


/* Add the portals of a discovery to @list, one source per target. */
static void
virStorageBackendOntapISCSIAddSources(virStoragePoolSourceList *list,
                                      const virStorageOntapISCSIPortal *portals,
                                      size_t nportals)
{
    size_t i;
    size_t j;

    for (i = 0; i < nportals; i++) {
        virStoragePoolSource *src = NULL;

        for (j = 0; j < list->nsources && !src; j++) {
            if (STREQ(list->sources[j].devices[0].path, portals[i].target))
                src = &list->sources[j];
        }
        if (!src) {
            virStoragePoolSourceDevice dev = { .path = g_strdup(portals[i].target) };

            src = virStorageBackendOntapSourcesAppend(list, VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI);
            VIR_APPEND_ELEMENT(src->devices, src->ndevice, dev);
        }
        virStorageBackendOntapSourceAddHost(src, portals[i].address, portals[i].port);
    }
}


/* find-storage-pool-sources: the targets a sendtargets discovery through
 * each given portal lists, each with every portal it is offered at. */
char *
virStorageBackendOntapISCSIFindSources(virStoragePoolSource *spec)
{
    virStoragePoolSourceList list = { .type = VIR_STORAGE_POOL_ONTAP };
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
    virStorageOntapProbeHosts(spec->hosts, spec->nhost, VIR_STORAGE_ONTAP_ISCSI_PORT,
                              ONTAP_ISCSI_PROBE_TIMEOUT_MS, reachable);

    for (i = 0; i < spec->nhost; i++) {
        int port = spec->hosts[i].port > 0 ? spec->hosts[i].port : VIR_STORAGE_ONTAP_ISCSI_PORT;
        virStorageOntapISCSIPortal *portals = NULL;
        size_t nportals = 0;

        if (!reachable[i]) {
            virBufferAsprintf(&failed, _("%1$s:%2$d does not answer, "),
                              spec->hosts[i].name, port);
            continue;
        }
        if (virStorageOntapISCSIDiscover(spec->hosts[i].name, port,
                                         &portals, &nportals) < 0) {
            virBufferAsprintf(&failed, "%s, ", virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        answered++;
        virStorageBackendOntapISCSIAddSources(&list, portals, nportals);
        virStorageOntapISCSIPortalsFree(portals, nportals);
    }
    return virStorageBackendOntapSourcesFormat(&list, answered, &failed,
                                               _("iSCSI discovery"));
}
