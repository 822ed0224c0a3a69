/*
 * storage_ontap_nfs.c: NFS mode of 'ontap' pools: mount commands for the
 * primary data LIF and the trunked ones, reachability probes, and the
 * transports the kernel really has
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Session trunking is set up the way that works with every NFSv4.1 server
 * and every kernel since 5.15: the first mount (primary LIF, on the pool
 * target) carries max_connect, then the same export is mounted from each
 * further LIF on a helper directory; the kernel finds it is the same server
 * and adds the LIF as one more transport of the first mount's client.
 * 'trunkdiscovery' would need fs_locations from the server (ONTAP 9.16.1+)
 * and kernel 5.18+, so it is not relied upon.
 */

#include <config.h>

#include <mntent.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <fcntl.h>

#include "storage_ontap_nfs.h"
#include "storage_ontap_mount.h"
#include "storage_ontap_command.h"
#include "storage_util.h"
#include "storage_ontap_probe.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virstring.h"
#include "virsocketaddr.h"
#include "virtime.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_nfs");



/**
 * virStorageOntapNFSSource:
 *
 * The "server:/export" string mount(8) takes and /proc/mounts shows; IPv6
 * addresses go in brackets.
 */
char *
virStorageOntapNFSSource(const virStoragePoolSourceHost *host,
                         const char *dir)
{
    if (strchr(host->name, ':'))
        return g_strdup_printf("[%s]:%s", host->name, dir);
    return g_strdup_printf("%s:%s", host->name, dir);
}


/**
 * virStorageOntapNFSTrunkDir:
 *
 * The helper directory on which the export is mounted from trunk LIF
 * @host (>= 1): the mount only exists to add a transport to the session.
 */
char *
virStorageOntapNFSTrunkDir(const char *stateDir,
                           virStoragePoolDef *def,
                           size_t host)
{
    return g_strdup_printf("%s/ontap/%s/trunk-%zu", stateDir, def->name, host);
}


static bool
virStorageOntapNFSIsV4(virStoragePoolDef *def)
{
    return !def->source.protocolVer || STRNEQ(def->source.protocolVer, "3");
}


/**
 * virStorageOntapNFSMountCmd:
 * @mountProg: path of mount(8)
 * @def: an 'ontap' pool of protocol nfs
 * @host: index of the LIF to mount from (0: the primary)
 * @mountpoint: where to mount (the pool target for the primary)
 *
 * Every mount of the pool carries the same options: the kernel only adds a
 * trunked transport when protocol, version and security match the first
 * mount, and it takes max_connect from the first mount.
 */
virCommand *
virStorageOntapNFSMountCmd(const char *mountProg,
                           virStoragePoolDef *def,
                           size_t host,
                           const char *mountpoint)
{
    const virStoragePoolOntapSource *ontap = def->source.ontap;
    const virStoragePoolSourceHost *h = &def->source.hosts[host];
    bool rdma = ontap->transport == VIR_STORAGE_POOL_ONTAP_TRANSPORT_RDMA;
    unsigned int maxConnect = ontap->maxConnect;
    g_autoptr(virCommand) cmd = virStorageOntapCommandNew(mountProg, NULL);
    g_auto(virBuffer) opts = VIR_BUFFER_INITIALIZER;
    g_autofree char *src = virStorageOntapNFSSource(h, def->source.dir);

    virBufferAddStr(&opts, virStorageBackendFileSystemDefaultMountOpts());
    if (def->source.protocolVer)
        virBufferAsprintf(&opts, ",vers=%s", def->source.protocolVer);
    if (rdma)
        virBufferAddLit(&opts, ",proto=rdma");
    if (h->port > 0 || rdma)
        virBufferAsprintf(&opts, ",port=%d", virStoragePoolOntapHostPort(ontap, h));
    if (ontap->nconnect)
        virBufferAsprintf(&opts, ",nconnect=%u", ontap->nconnect);
    /* Without max_connect on the first mount no trunk is ever added. The
     * kernel's limit, as NetApp recommends: the LIFs make the count, and a
     * LIF trunked again after a failure still finds room (6.1 keeps
     * counting a removed transport). */
    if (ontap->trunking == VIR_TRISTATE_BOOL_YES && maxConnect == 0)
        maxConnect = VIR_STORAGE_POOL_ONTAP_NFS_MAX_CONNECT;
    if (maxConnect)
        virBufferAsprintf(&opts, ",max_connect=%u", maxConnect);
    if (ontap->sec)
        virBufferAsprintf(&opts, ",sec=%s", virStoragePoolOntapSecTypeToString(ontap->sec));
    if (ontap->tls == VIR_STORAGE_POOL_ONTAP_TLS_YES)
        virBufferAddLit(&opts, ",xprtsec=tls");
    else if (ontap->tls == VIR_STORAGE_POOL_ONTAP_TLS_MUTUAL)
        virBufferAddLit(&opts, ",xprtsec=mtls");
    /* One attempt: start reports an unreachable server instead of mount(8)
     * retrying in the foreground for two minutes. */
    virBufferAddLit(&opts, ",retry=0");

    virCommandAddArgList(cmd, "-t", virStorageOntapNFSIsV4(def) ? "nfs4" : "nfs",
                         "-o", virBufferCurrentContent(&opts), src, mountpoint, NULL);
    return g_steal_pointer(&cmd);
}


/**
 * virStorageOntapNFSProbeHosts:
 * @def: an 'ontap' pool of protocol nfs
 * @timeoutMs: how long to wait for all of them together
 * @reachable: array of def->source.nhost, filled in
 *
 * Probe the NFS port of every LIF at once. RDMA LIFs are not probed (they
 * listen on RDMA): they count as reachable.
 *
 * Returns the number of reachable LIFs.
 */
int
virStorageOntapNFSProbeHosts(virStoragePoolDef *def,
                             int timeoutMs,
                             bool *reachable)
{
    size_t i;

    if (def->source.ontap->transport == VIR_STORAGE_POOL_ONTAP_TRANSPORT_RDMA) {
        for (i = 0; i < def->source.nhost; i++)
            reachable[i] = true;
        return def->source.nhost;
    }

    return virStorageOntapProbeHosts(def->source.hosts, def->source.nhost,
                                     virStoragePoolOntapProtocolDefaultPort(VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS),
                                     timeoutMs, reachable);
}


/**
 * virStorageOntapNFSIsMounted:
 *
 * Returns 1 if the pool target is mounted from the pool's export (through
 * any of its LIFs: the kernel may show the first one it met), 0 if not,
 * -1 on error.
 */
int
virStorageOntapNFSIsMounted(virStoragePoolDef *def)
{
    g_autoptr(FILE) mtab = NULL;
    g_autofree char *target = NULL;
    struct mntent ent;
    char buf[1024];
    size_t i;

    target = virStorageOntapMountCanonical(def->target.path);
    if (!(mtab = fopen("/proc/self/mounts", "r"))) {
        virReportSystemError(errno, "%s", _("cannot read /proc/self/mounts"));
        return -1;
    }

    while (getmntent_r(mtab, &ent, buf, sizeof(buf)) != NULL) {
        if (!STRPREFIX(ent.mnt_type, "nfs") ||
            STRNEQ(ent.mnt_dir, target))
            continue;

        for (i = 0; i < def->source.nhost; i++) {
            g_autofree char *src = virStorageOntapNFSSource(&def->source.hosts[i],
                                                            def->source.dir);
            if (STREQ(ent.mnt_fsname, src))
                return 1;
        }
    }

    return 0;
}


/* Transports the kernel took out of service (sysfs "offline" / "remove")
 * do not count. */
static bool
virStorageOntapNFSXprtInService(const char *state)
{
    return !state || (!strstr(state, "REMOVE") && !strstr(state, "OFFLINE"));
}


/* Index of the pool LIF whose address is @dst, or -1. */
static ssize_t
virStorageOntapNFSHostIndex(virStoragePoolDef *def,
                            const char *dst)
{
    size_t i;

    /* sysfs also lists local transports, such as rpcbind's socket */
    if (*dst == '/')
        return -1;

    for (i = 0; i < def->source.nhost; i++) {
        virSocketAddr a;
        virSocketAddr b;

        if (STREQ(dst, def->source.hosts[i].name))
            return i;
        if (virSocketAddrParseAny(&a, dst, AF_UNSPEC, false) < 0 ||
            virSocketAddrParseAny(&b, def->source.hosts[i].name, AF_UNSPEC, false) < 0)
            continue;
        if (virSocketAddrEqual(&a, &b))
            return i;
    }
    return -1;
}


/* Call @cb for each transport of the switch directory @switchDir. */
typedef void (*virStorageOntapNFSXprtCallback)(const char *xprtDir,
                                               const char *dst,
                                               const char *state,
                                               void *opaque);

static void
virStorageOntapNFSForEachXprt(const char *switchDir,
                              virStorageOntapNFSXprtCallback cb,
                              void *opaque)
{
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;

    if (virDirOpenQuiet(&dh, switchDir) < 0)
        return;

    while (virDirRead(dh, &ent, NULL) > 0) {
        g_autofree char *xprt = NULL;
        g_autofree char *dst = NULL;
        g_autofree char *state = NULL;

        if (!STRPREFIX(ent->d_name, "xprt-"))
            continue;
        xprt = g_strdup_printf("%s/%s", switchDir, ent->d_name);
        if (virFileReadValueString(&dst, "%s/dstaddr", xprt) < 0)
            continue;
        ignore_value(virFileReadValueString(&state, "%s/xprt_state", xprt));
        cb(xprt, dst, state, opaque);
    }
}


struct virStorageOntapNFSCount {
    virStoragePoolDef *def;
    virStoragePoolOntapPath *paths;
    unsigned int foreign;
};

static void
virStorageOntapNFSCountXprt(const char *xprtDir G_GNUC_UNUSED,
                            const char *dst,
                            const char *state,
                            void *opaque)
{
    struct virStorageOntapNFSCount *data = opaque;
    ssize_t i = virStorageOntapNFSHostIndex(data->def, dst);

    if (i < 0) {
        data->foreign++;
        return;
    }
    if (!virStorageOntapNFSXprtInService(state))
        return;
    data->paths[i].transports++;
    if (state && strstr(state, "CONNECTED"))
        data->paths[i].connected++;
}


/* The RPC transport switch of the pool's NFS client: the one that reaches
 * the primary LIF and holds no transport to any other address (knfsd's
 * callback clients, other servers), with the most transports. Fills
 * @paths (def->source.nhost entries) with its counts. Returns the switch
 * directory, NULL when there is none, or -1 in @rc when sysfs is missing. */
static char *
virStorageOntapNFSFindSwitch(const char *sysfsDir,
                             virStoragePoolDef *def,
                             virStoragePoolOntapPath *paths,
                             int *rc)
{
    g_autofree char *switches = g_strdup_printf("%s/xprt-switches", sysfsDir);
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    char *best = NULL;
    unsigned int bestCount = 0;
    size_t nhost = def->source.nhost;
    size_t i;

    *rc = 0;
    if ((*rc = virDirOpenIfExists(&dh, switches)) <= 0) {
        if (*rc == 0)
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                           _("the kernel has no %1$s: cannot verify NFS transports"),
                           switches);
        *rc = -1;
        return NULL;
    }
    *rc = 0;

    while (virDirRead(dh, &ent, switches) > 0) {
        g_autofree virStoragePoolOntapPath *cur = g_new0(virStoragePoolOntapPath, nhost);
        struct virStorageOntapNFSCount data = { def, cur, 0 };
        g_autofree char *dir = NULL;
        unsigned int total = 0;

        if (!STRPREFIX(ent->d_name, "switch-"))
            continue;
        dir = g_strdup_printf("%s/%s", switches, ent->d_name);
        virStorageOntapNFSForEachXprt(dir, virStorageOntapNFSCountXprt, &data);
        for (i = 0; i < nhost; i++)
            total += cur[i].transports;

        if (data.foreign == 0 && cur[0].transports > 0 && total > bestCount) {
            g_free(best);
            best = g_steal_pointer(&dir);
            bestCount = total;
            memcpy(paths, cur, sizeof(*cur) * nhost);
        }
    }

    return best;
}


/**
 * virStorageOntapNFSReadPaths:
 * @sysfsDir: the sunrpc sysfs directory (VIR_STORAGE_ONTAP_NFS_SUNRPC_SYSFS)
 * @def: an 'ontap' pool of protocol nfs
 * @paths, @npaths: filled with one entry per LIF of the pool
 *
 * Count the transports in service to each LIF of the pool, and how many of
 * them are connected, in the RPC transport switch of its NFS client.
 * mountstats cannot tell: its xprt lines carry no server address.
 *
 * Returns 0 on success (a pool with no transports gets counts of 0), -1 if
 * the kernel has no sunrpc sysfs.
 */
int
virStorageOntapNFSReadPaths(const char *sysfsDir,
                            virStoragePoolDef *def,
                            virStoragePoolOntapPath **paths,
                            size_t *npaths)
{
    size_t nhost = def->source.nhost;
    g_autofree virStoragePoolOntapPath *found = g_new0(virStoragePoolOntapPath, nhost);
    g_autofree char *sw = NULL;
    size_t i;
    int rc;

    sw = virStorageOntapNFSFindSwitch(sysfsDir, def, found, &rc);
    if (rc < 0)
        return -1;

    for (i = 0; i < nhost; i++)
        found[i].address = g_strdup(def->source.hosts[i].name);

    *paths = g_steal_pointer(&found);
    *npaths = nhost;
    return 0;
}


struct virStorageOntapNFSMove {
    virStoragePoolDef *def;
    size_t from;
    const char *to;
    GString *moved;
    int count;
};

static void
virStorageOntapNFSMoveXprt(const char *xprtDir,
                           const char *dst,
                           const char *state,
                           void *opaque)
{
    struct virStorageOntapNFSMove *data = opaque;
    g_autofree char *path = NULL;

    if (virStorageOntapNFSHostIndex(data->def, dst) != (ssize_t) data->from ||
        !virStorageOntapNFSXprtInService(state))
        return;

    path = g_strdup_printf("%s/dstaddr", xprtDir);
    if (virFileWriteStr(path, data->to, 0) < 0) {
        VIR_WARN("cannot move NFS transport %s to %s: %s",
                 xprtDir, data->to, g_strerror(errno));
        return;
    }
    g_string_append_printf(data->moved, "%s\n", xprtDir);
    data->count++;
}


/**
 * virStorageOntapNFSMoveTransports:
 * @sysfsDir: the sunrpc sysfs directory
 * @def: an 'ontap' pool of protocol nfs
 * @from: index of the LIF whose transports move (>= 1)
 * @to: numeric address to move them to
 * @moved: filled with the sysfs directories of the moved transports, one
 *         a line, to move them back later
 *
 * Point the transports to a trunked LIF that stopped answering at another
 * LIF of the same server: the kernel reconnects them there and resends the
 * requests queued on them, instead of retrying a dead address forever.
 * Neither "offline" (queued requests stay) nor "remove" (the address can
 * never be trunked again while the transport lingers) does that.
 *
 * Returns the number of transports moved.
 */
int
virStorageOntapNFSMoveTransports(const char *sysfsDir,
                                 virStoragePoolDef *def,
                                 size_t from,
                                 const char *to,
                                 char **moved)
{
    g_autofree virStoragePoolOntapPath *counts = g_new0(virStoragePoolOntapPath,
                                                        def->source.nhost);
    g_autoptr(GString) list = g_string_new(NULL);
    struct virStorageOntapNFSMove data = { def, from, to, list, 0 };
    g_autofree char *sw = NULL;
    int rc;

    *moved = NULL;
    if (from == 0 || !(sw = virStorageOntapNFSFindSwitch(sysfsDir, def, counts, &rc)))
        return 0;

    virStorageOntapNFSForEachXprt(sw, virStorageOntapNFSMoveXprt, &data);
    VIR_DEBUG("pool '%s': moved %d transports from %s to %s", def->name,
              data.count, def->source.hosts[from].name, to);
    *moved = g_string_free(g_steal_pointer(&list), FALSE);
    return data.count;
}


/**
 * virStorageOntapNFSRestoreTransports:
 * @moved: what virStorageOntapNFSMoveTransports() returned
 * @to: the address of the LIF they belong to
 *
 * Point transports moved away from a LIF back at it, once it answers.
 * Returns the number of transports moved back.
 */
int
virStorageOntapNFSRestoreTransports(const char *moved,
                                    const char *to)
{
    g_auto(GStrv) dirs = g_strsplit(moved, "\n", 0);
    GStrv dir;
    int n = 0;

    for (dir = dirs; *dir; dir++) {
        g_autofree char *path = NULL;

        if (!**dir)
            continue;
        path = g_strdup_printf("%s/dstaddr", *dir);
        if (virFileWriteStr(path, to, 0) < 0) {
            VIR_WARN("cannot move NFS transport %s back to %s: %s",
                     *dir, to, g_strerror(errno));
            continue;
        }
        n++;
    }
    return n;
}
