/*
 * storage_backend_ontap.c: storage backend for NFS, NVMe-oF, iSCSI and FC
 * arrays such as NetApp ONTAP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The backend only orchestrates: it connects every path to the array,
 * mounts the pool's filesystem on the target, and then serves volumes as
 * files through the local-volume helpers of storage_util.c. Protocols
 * arrive one at a time; until one is implemented, starting a pool that
 * uses it fails instead of pretending to work.
 */

#include <config.h>

#include "storage_backend_ontap.h"
#define LIBVIRT_STORAGE_BACKEND_ONTAP_PRIV_H_ALLOW
#include "storage_backend_ontap_priv.h"
#include "storage_backend_ontap_scsi.h"
#include "storage_conf.h"
#include "storage_ontap_clusterfs.h"
#include "storage_ontap_nfs.h"
#include "storage_ontap_nvme.h"
#include "storage_ontap_probe.h"
#include "storage_ontap_sysfs.h"
#include "storage_util.h"
#include "configmake.h"
#include "datatypes.h"
#include "viralloc.h"
#include "driver.h"
#include "viridentity.h"
#include "virerror.h"
#include "virfile.h"
#include "virkmod.h"
#include "virlog.h"
#include "virsecret.h"
#include "virsecureerase.h"
#include "virsocketaddr.h"
#include "virstring.h"
#include "virthread.h"
#include "virtime.h"
#include "virutil.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap");


/* How long start waits for the LIFs to answer, all of them together. */
#define ONTAP_NFS_PROBE_TIMEOUT_MS (15 * 1000)

/* How long refresh waits for them: it runs with the pool locked. */
#define ONTAP_NFS_CHECK_TIMEOUT_MS (3 * 1000)

/* How long start waits for the NVMe/TCP portals to answer, all together. */
#define ONTAP_NVME_PROBE_TIMEOUT_MS (15 * 1000)

/* How long the namespace may take to show up once connected. */
#define ONTAP_NVME_NAMESPACE_TIMEOUT_MS (30 * 1000)


static bool
virStorageBackendOntapIsNFS(virStoragePoolDef *def)
{
    return def->source.ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS;
}


static int
virStorageBackendOntapUnsupported(virStoragePoolDef *def)
{
    virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                   _("ontap pool '%1$s': protocol '%2$s' is not implemented yet"),
                   def->name,
                   virStoragePoolOntapProtocolTypeToString(def->source.ontap->protocol));
    return -1;
}


/* What pool @pool notes as @name, under its state directory. */
char *
virStorageBackendOntapNoteFile(const char *pool,
                               const char *name)
{
    return g_strdup_printf(ONTAP_POOLS_STATE_DIR "/%s/%s", pool, name);
}


/* The lines of a note; none when it does not exist. */
int
virStorageBackendOntapNoteRead(const char *file,
                               GStrv *lines)
{
    g_autofree char *content = NULL;

    if (virFileExists(file) && virFileReadAll(file, 1024 * 1024, &content) < 0)
        return -1;
    *lines = g_strsplit(NULLSTR_EMPTY(content), "\n", 0);
    return 0;
}


/* Replace a note at once (a crash leaves the old one or the new one). */
int
virStorageBackendOntapNoteWrite(const char *file,
                                const char *content)
{
    g_autofree char *dir = g_path_get_dirname(file);

    if (g_mkdir_with_parents(dir, 0700) < 0) {
        virReportSystemError(errno, _("cannot create directory %1$s"), dir);
        return -1;
    }
    return virFileRewriteStr(file, 0600, NULLSTR_EMPTY(content));
}


/* The other pools that note something: those that may share paths. */
GStrv
virStorageBackendOntapOtherPools(const char *pool)
{
    g_auto(GStrv) all = NULL;
    g_autoptr(GPtrArray) others = g_ptr_array_new();
    size_t i;

    if (virStorageOntapSysfsList(ONTAP_POOLS_STATE_DIR, "", &all) < 0) {
        virResetLastError();
        return g_new0(char *, 1);
    }
    for (i = 0; all[i]; i++) {
        if (STRNEQ(all[i], pool))
            g_ptr_array_add(others, g_strdup(all[i]));
    }
    g_ptr_array_add(others, NULL);
    return (GStrv) g_ptr_array_free(g_steal_pointer(&others), FALSE);
}


void
virStorageBackendOntapEraseSecret(char **value)
{
    if (!*value)
        return;
    virSecureEraseString(*value);
    g_clear_pointer(value, g_free);
}


static char *
virStorageBackendOntapSecretString(virConnectPtr conn,
                                   virSecretLookupTypeDef *secret,
                                   virSecretUsageType usage)
{
    uint8_t *raw = NULL;
    size_t len = 0;
    char *value;

    if (virSecretGetSecretString(conn, secret, usage, &raw, &len) < 0)
        return NULL;
    value = g_strndup((char *) raw, len);
    virSecureErase(raw, len);
    g_free(raw);
    return value;
}


/**
 * virStorageBackendOntapAuthSecrets:
 * @auth: a pool's <auth>
 * @usage: the usage type its secrets must have
 * @value: set to the value of its secret
 * @mutualValue: set to the value of its <mutual> secret, if it has one
 *
 * The caller erases the values (virStorageBackendOntapEraseSecret).
 */
int
virStorageBackendOntapAuthSecrets(virStoragePoolOntapAuth *auth,
                                  virSecretUsageType usage,
                                  char **value,
                                  char **mutualValue)
{
    VIR_IDENTITY_AUTORESTORE virIdentity *oldident = NULL;
    g_autoptr(virConnect) conn = NULL;

    if (!(oldident = virIdentityElevateCurrent()) ||
        !(conn = virGetConnectSecret()) ||
        !(*value = virStorageBackendOntapSecretString(conn, &auth->secret, usage)))
        return -1;
    if (auth->mutual &&
        !(*mutualValue = virStorageBackendOntapSecretString(conn, &auth->mutualSecret, usage))) {
        virStorageBackendOntapEraseSecret(value);
        return -1;
    }
    return 0;
}


bool
virStorageBackendOntapDegradedFails(virStoragePoolDef *def)
{
    return def->source.ontap->degraded == VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL;
}


/* Unmount @path if something is mounted there; quiet when nothing is. */
int
virStorageBackendOntapUnmount(const char *path)
{
    g_autoptr(virCommand) cmd = NULL;
    int rc;

    if ((rc = virFileIsMountPoint(path)) <= 0)
        return rc;

    cmd = virCommandNewArgList(UMOUNT, path, NULL);
    return virCommandRun(cmd, NULL);
}


/* The target must exist and have nothing mounted on it yet. */
int
virStorageBackendOntapCheckTarget(virStoragePoolDef *def)
{
    int rc;

    if (!virFileIsDir(def->target.path)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': target directory %2$s does not exist, build the pool first"),
                       def->name, def->target.path);
        return -1;
    }
    if ((rc = virFileIsMountPoint(def->target.path)) != 0) {
        if (rc > 0)
            virReportError(VIR_ERR_OPERATION_INVALID,
                           _("ontap pool '%1$s': something is already mounted on %2$s"),
                           def->name, def->target.path);
        return -1;
    }
    return 0;
}


static int
virStorageBackendOntapNFSMountTrunk(virStoragePoolDef *def,
                                    size_t host)
{
    g_autofree char *dir = virStorageOntapNFSTrunkDir(ONTAP_STATE_DIR, def, host);
    g_autoptr(virCommand) cmd = NULL;

    if (virStorageBackendOntapUnmount(dir) < 0)
        return -1;
    if (g_mkdir_with_parents(dir, 0700) < 0) {
        virReportSystemError(errno, _("cannot create directory %1$s"), dir);
        return -1;
    }
    cmd = virStorageOntapNFSMountCmd(MOUNT, def, host, dir);
    return virCommandRun(cmd, NULL);
}


/* Where refresh notes the transports it moved away from LIF @host. */
static char *
virStorageBackendOntapNFSMovedFile(virStoragePoolDef *def,
                                   size_t host)
{
    g_autofree char *name = g_strdup_printf("moved-%zu", host);

    return virStorageBackendOntapNoteFile(def->name, name);
}


static void
virStorageBackendOntapNFSUnmountTrunks(virStoragePoolDef *def)
{
    size_t i;

    for (i = 1; i < def->source.nhost; i++) {
        g_autofree char *dir = virStorageOntapNFSTrunkDir(ONTAP_STATE_DIR, def, i);
        g_autofree char *moved = virStorageBackendOntapNFSMovedFile(def, i);

        if (virStorageBackendOntapUnmount(dir) == 0)
            ignore_value(rmdir(dir));
        ignore_value(unlink(moved));
    }
}


/* The numeric form of a LIF address, as sysfs takes it. */
char *
virStorageBackendOntapNumericAddr(const char *name)
{
    virSocketAddr addr;

    if (virSocketAddrParseAny(&addr, name, AF_UNSPEC, true) < 0)
        return NULL;
    return virSocketAddrFormat(&addr);
}


/* A trunked LIF stopped answering: point its transports at a LIF that
 * answers, and note them to point them back later. */
static void
virStorageBackendOntapNFSFailOver(virStoragePoolDef *def,
                                  size_t host,
                                  const bool *reachable)
{
    g_autofree char *file = virStorageBackendOntapNFSMovedFile(def, host);
    g_autofree char *to = NULL;
    g_autofree char *moved = NULL;
    size_t i;

    for (i = 0; i < def->source.nhost && !reachable[i]; i++)
        ;
    if (i == def->source.nhost ||
        !(to = virStorageBackendOntapNumericAddr(def->source.hosts[i].name))) {
        virResetLastError();
        return;
    }

    VIR_WARN("ontap pool '%s': NFS LIF %s does not answer, moving its transports to %s",
             def->name, def->source.hosts[host].name, to);
    if (virStorageOntapNFSMoveTransports(VIR_STORAGE_ONTAP_NFS_SUNRPC_SYSFS, def,
                                         host, to, &moved) > 0 &&
        virStorageBackendOntapNoteWrite(file, moved) < 0) {
        VIR_WARN("%s", virGetLastErrorMessage());
        virResetLastError();
    }
}


/* A trunked LIF answers again and has no transport: move back what was
 * moved away from it, or trunk it anew. */
static void
virStorageBackendOntapNFSFailBack(virStoragePoolDef *def,
                                  size_t host)
{
    g_autofree char *file = virStorageBackendOntapNFSMovedFile(def, host);
    g_autofree char *moved = NULL;
    g_autofree char *addr = NULL;

    VIR_INFO("ontap pool '%s': NFS LIF %s answers again", def->name,
             def->source.hosts[host].name);

    if (virFileReadAllQuiet(file, 64 * 1024, &moved) >= 0 &&
        (addr = virStorageBackendOntapNumericAddr(def->source.hosts[host].name)) &&
        virStorageOntapNFSRestoreTransports(moved, addr) > 0) {
        ignore_value(unlink(file));
        return;
    }
    virResetLastError();
    ignore_value(unlink(file));

    if (virStorageBackendOntapNFSMountTrunk(def, host) < 0) {
        VIR_WARN("ontap pool '%s': trunking over %s failed: %s",
                 def->name, def->source.hosts[host].name, virGetLastErrorMessage());
        virResetLastError();
    }
}


static int
virStorageBackendOntapNFSRefreshPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    virStoragePoolOntapPath *paths = NULL;
    size_t npaths = 0;

    if (virStorageOntapNFSReadPaths(VIR_STORAGE_ONTAP_NFS_SUNRPC_SYSFS, def,
                                    &paths, &npaths) < 0)
        return -1;

    virStoragePoolOntapPathsFree(ontap->paths, ontap->npaths);
    ontap->paths = paths;
    ontap->npaths = npaths;
    return 0;
}


/* What refresh does for an NFS pool: look at every LIF, move the transports
 * of a trunked LIF that stopped answering to one that answers (the kernel
 * would otherwise keep retrying the RPCs queued on them), and bring them
 * back once it answers again. */
static int
virStorageBackendOntapNFSCheckPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    size_t nhost = def->source.nhost;
    g_autofree bool *reachable = g_new0(bool, nhost);
    bool changed = false;
    size_t i;

    virStorageOntapNFSProbeHosts(def, ONTAP_NFS_CHECK_TIMEOUT_MS, reachable);
    if (virStorageBackendOntapNFSRefreshPaths(def) < 0)
        return -1;

    for (i = 1; ontap->trunking == VIR_TRISTATE_BOOL_YES && i < nhost; i++) {
        if (!reachable[i] && ontap->paths[i].transports > 0) {
            virStorageBackendOntapNFSFailOver(def, i, reachable);
            changed = true;
        } else if (reachable[i] && ontap->paths[i].transports == 0) {
            virStorageBackendOntapNFSFailBack(def, i);
            changed = true;
        }
    }

    if (changed && virStorageBackendOntapNFSRefreshPaths(def) < 0)
        return -1;

    for (i = 0; i < ontap->npaths; i++)
        ontap->paths[i].unreachable = !reachable[i];
    return 0;
}


/* Compare what the kernel has with what the XML asks for. */
static int
virStorageBackendOntapNFSVerify(virStoragePoolDef *def,
                                const bool *wanted)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    unsigned int primary = ontap->nconnect ? ontap->nconnect : 1;
    g_auto(virBuffer) missing = VIR_BUFFER_INITIALIZER;
    size_t i;

    if (virStorageBackendOntapNFSRefreshPaths(def) < 0)
        return -1;

    for (i = 0; i < ontap->npaths; i++) {
        virStoragePoolOntapPath *path = &ontap->paths[i];
        unsigned int expected = i == 0 ? primary : 1;

        VIR_DEBUG("pool '%s': %u transports (%u connected) to %s, %u expected",
                  def->name, path->transports, path->connected, path->address,
                  wanted[i] ? expected : 0);
        if (wanted[i] && path->connected < expected)
            virBufferAsprintf(&missing, "%s (%u of %u), ", path->address,
                              path->connected, expected);
    }
    virBufferTrim(&missing, ", ");

    if (virBufferUse(&missing) == 0)
        return 0;

    if (virStorageBackendOntapDegradedFails(def)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': fewer NFS transports than configured to %2$s"),
                       def->name, virBufferCurrentContent(&missing));
        return -1;
    }
    VIR_WARN("ontap pool '%s' started degraded: fewer NFS transports than configured to %s",
             def->name, virBufferCurrentContent(&missing));
    return 0;
}


static int
virStorageBackendOntapNFSStart(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    virStoragePoolOntapSource *ontap = def->source.ontap;
    size_t nhost = def->source.nhost;
    g_autofree bool *reachable = g_new0(bool, nhost);
    g_autofree bool *trunked = g_new0(bool, nhost);
    bool trunking = ontap->trunking == VIR_TRISTATE_BOOL_YES;
    g_auto(virBuffer) down = VIR_BUFFER_INITIALIZER;
    g_autoptr(virCommand) cmd = NULL;
    size_t i;
    int rc;

    if (virStorageBackendOntapCheckTarget(def) < 0)
        return -1;

    /* Probing and mounting take time: let other calls see the pool list. */
    virObjectUnlock(pool);
    virStorageOntapNFSProbeHosts(def, ONTAP_NFS_PROBE_TIMEOUT_MS, reachable);
    for (i = 0; i < nhost; i++) {
        if (!reachable[i] && (i == 0 || trunking))
            virBufferAsprintf(&down, "%s, ", def->source.hosts[i].name);
    }
    virBufferTrim(&down, ", ");

    if (!reachable[0] ||
        (virBufferUse(&down) > 0 && virStorageBackendOntapDegradedFails(def))) {
        virObjectLock(pool);
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': NFS server unreachable at %2$s (no answer on the NFS port within %3$d seconds)"),
                       def->name, virBufferCurrentContent(&down),
                       ONTAP_NFS_PROBE_TIMEOUT_MS / 1000);
        return -1;
    }
    if (virBufferUse(&down) > 0)
        VIR_WARN("ontap pool '%s': NFS LIFs unreachable, not trunked: %s",
                 def->name, virBufferCurrentContent(&down));

    cmd = virStorageOntapNFSMountCmd(MOUNT, def, 0, def->target.path);
    rc = virCommandRun(cmd, NULL);
    trunked[0] = rc == 0;

    for (i = 1; rc == 0 && trunking && i < nhost; i++) {
        if (!reachable[i])
            continue;
        if (virStorageBackendOntapNFSMountTrunk(def, i) < 0) {
            if (virStorageBackendOntapDegradedFails(def)) {
                rc = -1;
                break;
            }
            VIR_WARN("ontap pool '%s': trunking over %s failed: %s", def->name,
                     def->source.hosts[i].name, virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        trunked[i] = true;
    }
    virObjectLock(pool);

    if (rc == 0 && virStorageBackendOntapNFSVerify(def, trunked) == 0)
        return 0;

    /* Leave nothing mounted behind a failed start. */
    virObjectUnlock(pool);
    virStorageBackendOntapNFSUnmountTrunks(def);
    if (trunked[0])
        ignore_value(virStorageBackendOntapUnmount(def->target.path));
    virObjectLock(pool);
    return -1;
}


/* ---- Block modes: NVMe-oF -------------------------------------------- */

/* The controllers of an active NVMe-oF pool, noted so that stop (even in
 * a later daemon) disconnects exactly those the pool created. */
typedef struct _virStorageBackendOntapNVMeOwned virStorageBackendOntapNVMeOwned;
struct _virStorageBackendOntapNVMeOwned {
    char *ctrl;
    bool created;       /* by an ontap pool, not found already connected */
    char *traddr;
    char *trsvcid;
};

/* Serializes deciding which controllers to adopt, connect and disconnect
 * among all pools: two pools may share the controllers of one subsystem. */
static virMutex ontapNVMeLock = VIR_MUTEX_INITIALIZER;


static void
virStorageBackendOntapNVMeOwnedFree(virStorageBackendOntapNVMeOwned *owned,
                                    size_t nowned)
{
    size_t i;

    for (i = 0; i < nowned; i++) {
        g_free(owned[i].ctrl);
        g_free(owned[i].traddr);
        g_free(owned[i].trsvcid);
    }
    g_free(owned);
}


static char *
virStorageBackendOntapNVMeOwnedFile(const char *pool)
{
    return virStorageBackendOntapNoteFile(pool, "nvme-controllers");
}


/* Lines of "<controller> created|adopted <traddr> <trsvcid>". */
static int
virStorageBackendOntapNVMeReadOwned(const char *file,
                                    virStorageBackendOntapNVMeOwned **owned,
                                    size_t *nowned)
{
    g_auto(GStrv) lines = NULL;
    size_t i;

    *owned = NULL;
    *nowned = 0;
    if (virStorageBackendOntapNoteRead(file, &lines) < 0)
        return -1;

    *owned = g_new0(virStorageBackendOntapNVMeOwned, g_strv_length(lines));
    for (i = 0; lines[i]; i++) {
        g_auto(GStrv) f = g_strsplit(lines[i], " ", 0);
        virStorageBackendOntapNVMeOwned *o = &(*owned)[*nowned];

        if (g_strv_length(f) != 4)
            continue;
        o->ctrl = g_strdup(f[0]);
        o->created = STREQ(f[1], "created");
        o->traddr = g_strdup(f[2]);
        o->trsvcid = g_strdup(f[3]);
        (*nowned)++;
    }
    return 0;
}


static int
virStorageBackendOntapNVMeWriteOwned(const char *file,
                                     const virStorageBackendOntapNVMeOwned *owned,
                                     size_t nowned)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    size_t i;

    for (i = 0; i < nowned; i++)
        virBufferAsprintf(&buf, "%s %s %s %s\n", owned[i].ctrl,
                          owned[i].created ? "created" : "adopted",
                          owned[i].traddr, owned[i].trsvcid);

    return virStorageBackendOntapNoteWrite(file, virBufferCurrentContent(&buf));
}


/* Another active pool uses @o: make it the owner (it disconnects when it
 * stops last). Returns true if one did. */
static bool
virStorageBackendOntapNVMeHandOver(const char *pool,
                                   const virStorageBackendOntapNVMeOwned *o)
{
    g_auto(GStrv) pools = virStorageBackendOntapOtherPools(pool);
    size_t p;

    for (p = 0; pools[p]; p++) {
        g_autofree char *file = virStorageBackendOntapNVMeOwnedFile(pools[p]);
        virStorageBackendOntapNVMeOwned *others = NULL;
        size_t nothers = 0;
        bool found = false;
        size_t i;

        if (virStorageBackendOntapNVMeReadOwned(file, &others, &nothers) < 0) {
            virResetLastError();
            continue;
        }
        for (i = 0; i < nothers && !found; i++) {
            if (STREQ(others[i].ctrl, o->ctrl) && STREQ(others[i].traddr, o->traddr) &&
                STREQ(others[i].trsvcid, o->trsvcid)) {
                others[i].created |= o->created;
                found = true;
            }
        }
        if (found && virStorageBackendOntapNVMeWriteOwned(file, others, nothers) < 0)
            virResetLastError();
        virStorageBackendOntapNVMeOwnedFree(others, nothers);
        if (found) {
            VIR_DEBUG("NVMe controller %s stays: ontap pool '%s' uses it",
                      o->ctrl, pools[p]);
            return true;
        }
    }
    return false;
}


/* Disconnect the controllers @pool created that no other pool uses. */
static void
virStorageBackendOntapNVMeRelease(virStoragePoolDef *def,
                                  const virStorageBackendOntapNVMeOwned *owned,
                                  size_t nowned)
{
    VIR_LOCK_GUARD lock = virLockGuardLock(&ontapNVMeLock);
    virStorageOntapNVMeCtrl *ctrls = NULL;
    size_t nctrls = 0;
    size_t i;

    if (virStorageOntapNVMeReadCtrls(VIR_STORAGE_ONTAP_NVME_SYSFS,
                                     def->source.ontap->subsysNQN,
                                     &ctrls, &nctrls) < 0) {
        VIR_WARN("ontap pool '%s': cannot list NVMe controllers: %s",
                 def->name, virGetLastErrorMessage());
        virResetLastError();
        return;
    }

    for (i = 0; i < nowned; i++) {
        const virStorageBackendOntapNVMeOwned *o = &owned[i];
        size_t j;

        if (virStorageBackendOntapNVMeHandOver(def->name, o) || !o->created)
            continue;

        /* Only the very controller noted: its name may have been reused. */
        for (j = 0; j < nctrls; j++) {
            if (STREQ(ctrls[j].name, o->ctrl) &&
                STREQ_NULLABLE(ctrls[j].traddr, o->traddr) &&
                STREQ_NULLABLE(ctrls[j].trsvcid, o->trsvcid))
                break;
        }
        if (j == nctrls)
            continue;

        VIR_DEBUG("ontap pool '%s': disconnecting NVMe controller %s (%s:%s)",
                  def->name, o->ctrl, o->traddr, o->trsvcid);
        if (virStorageOntapNVMeDisconnect(o->ctrl) < 0) {
            VIR_WARN("ontap pool '%s': %s", def->name, virGetLastErrorMessage());
            virResetLastError();
        }
    }
    virStorageOntapNVMeCtrlsFree(ctrls, nctrls);
}


/* A DH-HMAC-CHAP key from a secret, without the newline a key file
 * written by nvme gen-dhchap-key ends with. */
static int
virStorageBackendOntapNVMeCheckKey(virStoragePoolDef *def,
                                   char *key)
{
    if (!key)
        return 0;
    g_strchomp(key);
    if (STRPREFIX(key, "DHHC-1:"))
        return 0;
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("ontap pool '%1$s': the secret of its <auth> does not hold a DH-HMAC-CHAP key in 'DHHC-1:...' form"),
                   def->name);
    return -1;
}


/* The DH-HMAC-CHAP keys of the pool, from libvirt secrets. */
static int
virStorageBackendOntapNVMeKeys(virStoragePoolDef *def,
                               char **hostKey,
                               char **ctrlKey)
{
    virStoragePoolOntapAuth *auth = def->source.ontap->auth;

    if (!auth)
        return 0;
    if (virStorageBackendOntapAuthSecrets(auth, VIR_SECRET_USAGE_TYPE_NVME,
                                          hostKey, ctrlKey) < 0)
        return -1;
    if (virStorageBackendOntapNVMeCheckKey(def, *hostKey) < 0 ||
        virStorageBackendOntapNVMeCheckKey(def, *ctrlKey) < 0) {
        virStorageBackendOntapEraseSecret(hostKey);
        virStorageBackendOntapEraseSecret(ctrlKey);
        return -1;
    }
    return 0;
}


typedef struct _virStorageBackendOntapNVMeJob virStorageBackendOntapNVMeJob;
struct _virStorageBackendOntapNVMeJob {
    virStorageOntapNVMeConnect args;
    virThread thread;
    char *ctrl;
    virErrorPtr error;
};


static void
virStorageBackendOntapNVMeConnectThread(void *opaque)
{
    virStorageBackendOntapNVMeJob *job = opaque;

    if (virStorageOntapNVMeConnectPortal(&job->args, &job->ctrl) < 0)
        job->error = virSaveLastError();
}


static int
virStorageBackendOntapNVMePort(const virStoragePoolSourceHost *host)
{
    return host->port > 0 ? host->port : VIR_STORAGE_ONTAP_NVME_PORT;
}


/* Connect every portal of the pool that is not connected yet, all at once.
 * What is connected (or adopted) lands in @owned; what could not be, with
 * why, in @failed. */
static void
virStorageBackendOntapNVMeConnectAll(virStoragePoolDef *def,
                                     const virStorageOntapNVMeConnect *base,
                                     const bool *reachable,
                                     virStorageBackendOntapNVMeOwned **owned,
                                     size_t *nowned,
                                     virBuffer *failed)
{
    VIR_LOCK_GUARD lock = virLockGuardLock(&ontapNVMeLock);
    size_t nhost = def->source.nhost;
    g_autofree virStorageBackendOntapNVMeJob *jobs = g_new0(virStorageBackendOntapNVMeJob, nhost);
    g_auto(GStrv) ports = g_new0(char *, nhost + 1);
    virStorageOntapNVMeCtrl *ctrls = NULL;
    size_t nctrls = 0;
    size_t i;

    *owned = g_new0(virStorageBackendOntapNVMeOwned, nhost);
    *nowned = 0;

    if (virStorageOntapNVMeReadCtrls(VIR_STORAGE_ONTAP_NVME_SYSFS, base->subsysNQN,
                                     &ctrls, &nctrls) < 0) {
        virBufferAsprintf(failed, "%s, ", virGetLastErrorMessage());
        virResetLastError();
        return;
    }

    for (i = 0; i < nhost; i++) {
        const char *addr = def->source.hosts[i].name;
        virStorageOntapNVMeCtrl *c;

        ports[i] = g_strdup_printf("%d", virStorageBackendOntapNVMePort(&def->source.hosts[i]));
        if (!reachable[i]) {
            virBufferAsprintf(failed, "%s:%s (unreachable: no answer within %d seconds), ",
                              addr, ports[i], ONTAP_NVME_PROBE_TIMEOUT_MS / 1000);
            continue;
        }

        c = virStorageOntapNVMeFindCtrl(ctrls, nctrls, base->transport, addr,
                                        ports[i], base->hostNQN);
        if (c && STRNEQ(c->state, "deleting") && STRNEQ(c->state, "dead")) {
            virStorageBackendOntapNVMeOwned *o = &(*owned)[(*nowned)++];

            VIR_DEBUG("ontap pool '%s': adopting NVMe controller %s (%s) to %s:%s",
                      def->name, c->name, c->state, addr, ports[i]);
            o->ctrl = g_strdup(c->name);
            o->traddr = g_strdup(addr);
            o->trsvcid = g_strdup(ports[i]);
            continue;
        }

        jobs[i].args = *base;
        jobs[i].args.traddr = addr;
        jobs[i].args.trsvcid = ports[i];
        if (virThreadCreateFull(&jobs[i].thread, true,
                                virStorageBackendOntapNVMeConnectThread,
                                "ontap-nvme-connect", false, &jobs[i]) < 0) {
            virBufferAsprintf(failed, "%s:%s (%s), ", addr, ports[i],
                              virGetLastErrorMessage());
            virResetLastError();
            jobs[i].args.traddr = NULL;
        }
    }
    virStorageOntapNVMeCtrlsFree(ctrls, nctrls);

    for (i = 0; i < nhost; i++) {
        virStorageBackendOntapNVMeJob *job = &jobs[i];

        if (!job->args.traddr)
            continue;
        virThreadJoin(&job->thread);

        if (job->error) {
            virBufferAsprintf(failed, "%s:%s (%s), ", job->args.traddr, ports[i],
                              job->error->message);
            virFreeError(job->error);
            continue;
        }

        VIR_DEBUG("ontap pool '%s': connected NVMe controller %s to %s:%s",
                  def->name, job->ctrl, job->args.traddr, ports[i]);
        (*owned)[*nowned].ctrl = g_steal_pointer(&job->ctrl);
        (*owned)[*nowned].created = true;
        (*owned)[*nowned].traddr = g_strdup(job->args.traddr);
        (*owned)[*nowned].trsvcid = g_strdup(ports[i]);
        (*nowned)++;
    }
}


/* Wait for the namespace head to show up behind the new controllers. */
static char *
virStorageBackendOntapNVMeWaitNamespace(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    g_autofree char *head = NULL;
    g_autofree char *device = NULL;
    unsigned long long deadline;
    unsigned long long now;
    int rc = 0;

    if (virTimeMillisNow(&now) < 0)
        return NULL;
    deadline = now + ONTAP_NVME_NAMESPACE_TIMEOUT_MS;

    while (now < deadline) {
        if (!head &&
            (rc = virStorageOntapNVMeFindNamespace(VIR_STORAGE_ONTAP_NVME_SYSFS,
                                                   ontap->subsysNQN, ontap->nsUUID,
                                                   ontap->nsid, &head)) < 0)
            return NULL;
        if (head) {
            virWaitForDevices();
            device = g_strdup_printf("/dev/%s", head);
            if (virFileExists(device))
                return g_steal_pointer(&device);
            g_clear_pointer(&device, g_free);
        }
        g_usleep(200 * 1000);
        if (virTimeMillisNow(&now) < 0)
            return NULL;
    }

    if (ontap->nsUUID)
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': namespace %2$s of subsystem %3$s did not appear within %4$d seconds (is it mapped to this host?)"),
                       def->name, ontap->nsUUID, ontap->subsysNQN,
                       ONTAP_NVME_NAMESPACE_TIMEOUT_MS / 1000);
    else
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': namespace ID %2$u of subsystem %3$s did not appear within %4$d seconds (is it mapped to this host?)"),
                       def->name, ontap->nsid, ontap->subsysNQN,
                       ONTAP_NVME_NAMESPACE_TIMEOUT_MS / 1000);
    return NULL;
}


/* The kernel side the pool needs: the transport's module and native NVMe
 * multipath (without it every path would be a namespace of its own). */
static void
virStorageBackendOntapNVMeLoadModule(const char *transport)
{
    g_autofree char *module = g_strdup_printf("nvme-%s", transport);
    g_autofree char *errbuf = NULL;

    /* Not fatal: the driver may be built in. */
    if ((errbuf = virKModLoad(module)))
        VIR_WARN("cannot load kernel module %s: %s", module, errbuf);
}


static int
virStorageBackendOntapNVMePrepareKernel(virStoragePoolDef *def,
                                        const char *transport)
{
    int rc;

    virStorageBackendOntapNVMeLoadModule(transport);

    if ((rc = virStorageOntapNVMeMultipathEnabled(VIR_STORAGE_ONTAP_NVME_SYSFS)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("ontap pool '%1$s': native NVMe multipath is off (nvme_core multipath=N): boot with nvme_core.multipath=Y"),
                       def->name);
        return -1;
    }
    return 0;
}


/**
 * Connect the pool's portals and find its namespace: what build and start
 * share. On success @device is the namespace head and @owned what the
 * pool holds; on failure nothing the call connected stays connected.
 */
static int
virStorageBackendOntapNVMeAttach(virStoragePoolDef *def,
                                 virStorageBackendOntapNVMeOwned **owned,
                                 size_t *nowned,
                                 char **device)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    size_t nhost = def->source.nhost;
    const char *transport = virStorageOntapNVMeTransport(ontap->protocol);
    g_autofree bool *reachable = g_new0(bool, nhost);
    g_autofree char *hostNQN = NULL;
    g_autofree char *hostID = NULL;
    g_autofree char *hostKey = NULL;
    g_autofree char *ctrlKey = NULL;
    g_autofree char *options = virStorageOntapNVMeFabricsOptions(&ontap->fabric);
    g_auto(virBuffer) failed = VIR_BUFFER_INITIALIZER;
    virStorageOntapNVMeConnect base = { 0 };
    size_t i;
    int ret = -1;

    *owned = NULL;
    *nowned = 0;

    if (virStorageBackendOntapNVMePrepareKernel(def, transport) < 0 ||
        virStorageOntapNVMeHostIdentity(ontap, &hostNQN, &hostID) < 0 ||
        virStorageBackendOntapNVMeKeys(def, &hostKey, &ctrlKey) < 0)
        goto cleanup;

    /* Only TCP portals can be probed from here. */
    if (ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP) {
        virStorageOntapProbeHosts(def->source.hosts, nhost, VIR_STORAGE_ONTAP_NVME_PORT,
                                  ONTAP_NVME_PROBE_TIMEOUT_MS, reachable);
    } else {
        for (i = 0; i < nhost; i++)
            reachable[i] = true;
    }

    base.transport = transport;
    base.subsysNQN = ontap->subsysNQN;
    base.hostNQN = hostNQN;
    base.hostID = hostID;
    base.hostKey = hostKey;
    base.ctrlKey = ctrlKey;
    base.fabric = &ontap->fabric;
    VIR_DEBUG("ontap pool '%s': connecting %zu portals of %s as %s with %s",
              def->name, nhost, ontap->subsysNQN, hostNQN, options);

    virStorageBackendOntapNVMeConnectAll(def, &base, reachable, owned, nowned, &failed);
    virBufferTrim(&failed, ", ");

    if (*nowned == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': cannot connect to any portal of NVMe subsystem %2$s: %3$s"),
                       def->name, ontap->subsysNQN, virBufferCurrentContent(&failed));
        goto cleanup;
    }
    if (virBufferUse(&failed) > 0) {
        if (virStorageBackendOntapDegradedFails(def)) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("ontap pool '%1$s': cannot connect to every portal of NVMe subsystem %2$s: %3$s"),
                           def->name, ontap->subsysNQN, virBufferCurrentContent(&failed));
            goto cleanup;
        }
        VIR_WARN("ontap pool '%s' is degraded: not connected to %s",
                 def->name, virBufferCurrentContent(&failed));
    }

    if (!(*device = virStorageBackendOntapNVMeWaitNamespace(def)))
        goto cleanup;
    ret = 0;

 cleanup:
    virStorageBackendOntapEraseSecret(&hostKey);
    virStorageBackendOntapEraseSecret(&ctrlKey);
    if (ret < 0) {
        virErrorPtr saved;

        virErrorPreserveLast(&saved);
        virStorageBackendOntapNVMeRelease(def, *owned, *nowned);
        virErrorRestore(&saved);
        virStorageBackendOntapNVMeOwnedFree(*owned, *nowned);
        *owned = NULL;
        *nowned = 0;
    }
    return ret;
}


/* What an active pool's XML shows: one path per portal, and the device. */
static void
virStorageBackendOntapNVMeRefreshPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    const char *transport = virStorageOntapNVMeTransport(ontap->protocol);
    g_autofree char *hostNQN = NULL;
    g_autofree char *hostID = NULL;
    g_autofree char *head = NULL;
    virStorageOntapNVMeCtrl *ctrls = NULL;
    size_t nctrls = 0;
    virStoragePoolOntapPath *paths;
    size_t i;

    if (virStorageOntapNVMeHostIdentity(ontap, &hostNQN, &hostID) < 0 ||
        virStorageOntapNVMeReadCtrls(VIR_STORAGE_ONTAP_NVME_SYSFS, ontap->subsysNQN,
                                     &ctrls, &nctrls) < 0 ||
        virStorageOntapNVMeFindNamespace(VIR_STORAGE_ONTAP_NVME_SYSFS, ontap->subsysNQN,
                                         ontap->nsUUID, ontap->nsid, &head) < 0) {
        VIR_WARN("ontap pool '%s': cannot read the NVMe paths: %s",
                 def->name, virGetLastErrorMessage());
        virResetLastError();
        virStorageOntapNVMeCtrlsFree(ctrls, nctrls);
        return;
    }

    paths = g_new0(virStoragePoolOntapPath, def->source.nhost);
    for (i = 0; i < def->source.nhost; i++) {
        g_autofree char *port = NULL;
        virStorageOntapNVMeCtrl *c;

        paths[i].address = g_strdup(def->source.hosts[i].name);
        paths[i].port = virStorageBackendOntapNVMePort(&def->source.hosts[i]);
        port = g_strdup_printf("%d", paths[i].port);
        if (!(c = virStorageOntapNVMeFindCtrl(ctrls, nctrls, transport,
                                              paths[i].address, port, hostNQN)))
            continue;
        paths[i].controller = g_strdup(c->name);
        paths[i].controllerState = g_strdup(c->state);
        if (head)
            paths[i].ana = virStorageOntapNVMePathANAState(VIR_STORAGE_ONTAP_NVME_SYSFS,
                                                           c->name, head);
    }
    virStorageOntapNVMeCtrlsFree(ctrls, nctrls);

    virStoragePoolOntapSourceClearLiveState(ontap);
    ontap->paths = paths;
    ontap->npaths = def->source.nhost;
    if (head)
        ontap->device = g_strdup_printf("/dev/%s", head);
}


/* Format the namespace when build may: see docs/storage.rst. */
int
virStorageBackendOntapBlockFormat(virStoragePoolDef *def,
                                  const char *device,
                                  unsigned int flags)
{
    const char *format = virStoragePoolOntapFormatTypeToString(def->source.ontap->format);
    g_autofree char *found = NULL;
    g_autoptr(virCommand) cmd = NULL;
    int rc;

    if ((rc = virStorageOntapClusterFSProbe(device, &found)) < 0)
        return -1;

    if (rc > 0 && (flags & VIR_STORAGE_POOL_BUILD_OVERWRITE)) {
        VIR_INFO("ontap pool '%s': erasing %s on %s as asked", def->name, found, device);
        if (virStorageOntapClusterFSWipe(device) < 0)
            return -1;
    } else if (rc > 0 && STREQ(found, format) &&
               !(flags & VIR_STORAGE_POOL_BUILD_NO_OVERWRITE)) {
        VIR_INFO("ontap pool '%s': %s already holds %s, left as it is",
                 def->name, device, format);
        return 0;
    } else if (rc > 0 && STREQ(found, format)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': %2$s already holds an %3$s filesystem, not formatting it again (--no-overwrite)"),
                       def->name, device, format);
        return -1;
    } else if (rc > 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': %2$s holds %3$s, not %4$s: refusing to format it (build with --overwrite to erase it)"),
                       def->name, device, found, format);
        return -1;
    }

    if (!(cmd = virStorageOntapClusterFSMkfsCmd(def, device)))
        return -1;
    return virCommandRun(cmd, NULL);
}


/* The namespace must hold the pool's filesystem before it is mounted. */
int
virStorageBackendOntapBlockMount(virStoragePoolDef *def,
                                 const char *device)
{
    const char *format = virStoragePoolOntapFormatTypeToString(def->source.ontap->format);
    g_autofree char *found = NULL;
    g_autoptr(virCommand) cmd = NULL;
    int rc;

    if ((rc = virStorageOntapClusterFSProbe(device, &found)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': %2$s holds no filesystem: build the pool first"),
                       def->name, device);
        return -1;
    }
    if (STRNEQ(found, format)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': %2$s holds %3$s, not %4$s"),
                       def->name, device, found, format);
        return -1;
    }

    cmd = virStorageOntapClusterFSMountCmd(MOUNT, def, device);
    return virCommandRun(cmd, NULL);
}


static int
virStorageBackendOntapNVMeBuild(virStoragePoolObj *pool,
                                unsigned int flags)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    virStorageBackendOntapNVMeOwned *owned = NULL;
    size_t nowned = 0;
    g_autofree char *device = NULL;
    int ret;

    if (virStorageBackendBuildLocal(pool) < 0 ||
        virStorageBackendOntapNVMeAttach(def, &owned, &nowned, &device) < 0)
        return -1;

    ret = virStorageBackendOntapBlockFormat(def, device, flags);

    /* Build leaves the pool inactive: connected only for the while. */
    virStorageBackendOntapNVMeRelease(def, owned, nowned);
    virStorageBackendOntapNVMeOwnedFree(owned, nowned);
    return ret;
}


static int
virStorageBackendOntapNVMeStart(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    g_autofree char *file = virStorageBackendOntapNVMeOwnedFile(def->name);
    virStorageBackendOntapNVMeOwned *owned = NULL;
    size_t nowned = 0;
    g_autofree char *device = NULL;
    int ret = -1;

    if (virStorageBackendOntapCheckTarget(def) < 0 ||
        virStorageOntapClusterFSCheckStack(VIR_STORAGE_ONTAP_NVME_SYSFS, def) < 0)
        return -1;

    virObjectUnlock(pool);
    if (virStorageBackendOntapNVMeAttach(def, &owned, &nowned, &device) == 0) {
        if (virStorageBackendOntapNVMeWriteOwned(file, owned, nowned) == 0 &&
            virStorageBackendOntapBlockMount(def, device) == 0)
            ret = 0;

        if (ret < 0) {
            virErrorPtr saved;

            virErrorPreserveLast(&saved);
            ignore_value(unlink(file));
            virStorageBackendOntapNVMeRelease(def, owned, nowned);
            virErrorRestore(&saved);
        }
    }
    virObjectLock(pool);

    virStorageBackendOntapNVMeOwnedFree(owned, nowned);
    if (ret == 0)
        virStorageBackendOntapNVMeRefreshPaths(def);
    return ret;
}


/* Disconnect what the pool noted in @file, and forget it. */
static int
virStorageBackendOntapNVMeStopPaths(virStoragePoolDef *def,
                                    const char *file)
{
    virStorageBackendOntapNVMeOwned *owned = NULL;
    size_t nowned = 0;

    if (virStorageBackendOntapNVMeReadOwned(file, &owned, &nowned) < 0)
        return -1;
    virStorageBackendOntapNVMeRelease(def, owned, nowned);
    virStorageBackendOntapNVMeOwnedFree(owned, nowned);
    ignore_value(unlink(file));
    return 0;
}


/* Adopt what a previous daemon started, for the block modes: the paths
 * the pool holds noted, its target mounted. */
static int
virStorageBackendOntapBlockCheck(virStoragePoolObj *pool,
                                 bool *isActive)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    bool scsi = virStorageBackendOntapIsSCSI(def);
    g_autofree char *file = scsi ? virStorageBackendOntapSCSIOwnedFile(def->name) :
                                   virStorageBackendOntapNVMeOwnedFile(def->name);
    int rc;

    *isActive = false;
    if (!virFileExists(file))
        return 0;
    if ((rc = virFileIsMountPoint(def->target.path)) < 0)
        return -1;
    if (rc > 0) {
        *isActive = true;
        if (scsi)
            virStorageBackendOntapSCSIRefreshPaths(def);
        else
            virStorageBackendOntapNVMeRefreshPaths(def);
        return 0;
    }

    /* Noted but no longer mounted (unmounted by hand, or a start cut
     * short): the pool is inactive, so let go of what it connected. */
    VIR_WARN("ontap pool '%s': %s is not mounted any more, letting go of what the pool connected",
             def->name, def->target.path);
    if ((scsi ? virStorageBackendOntapSCSIStopPaths(def) :
                virStorageBackendOntapNVMeStopPaths(def, file)) < 0) {
        VIR_WARN("ontap pool '%s': %s", def->name, virGetLastErrorMessage());
        virResetLastError();
    }
    return 0;
}


/* A new, empty source of @protocol at the end of @list. */
virStoragePoolSource *
virStorageBackendOntapSourcesAppend(virStoragePoolSourceList *list,
                                    virStoragePoolOntapProtocol protocol)
{
    virStoragePoolSource *src;

    list->sources = g_renew(virStoragePoolSource, list->sources, list->nsources + 1);
    src = &list->sources[list->nsources++];
    memset(src, 0, sizeof(*src));
    src->ontap = g_new0(virStoragePoolOntapSource, 1);
    src->ontap->protocol = protocol;
    src->ontap->lunID = -1;
    return src;
}


/* Give @src the host @name:@port, once. */
void
virStorageBackendOntapSourceAddHost(virStoragePoolSource *src,
                                    const char *name,
                                    int port)
{
    virStoragePoolSourceHost host = { 0 };
    size_t i;

    for (i = 0; i < src->nhost; i++) {
        if (STREQ(src->hosts[i].name, name) && src->hosts[i].port == port)
            return;
    }
    host.name = g_strdup(name);
    host.port = port;
    VIR_APPEND_ELEMENT(src->hosts, src->nhost, host);
}


/**
 * virStorageBackendOntapSourcesFormat:
 * @list: what the discoveries found (freed here)
 * @answered: how many discoveries answered
 * @failed: why the others did not, "..., ..."
 * @what: "NVMe discovery", "iSCSI discovery"
 *
 * find-storage-pool-sources' answer: the sources found, or, when no
 * discovery answered, an error saying why.
 */
char *
virStorageBackendOntapSourcesFormat(virStoragePoolSourceList *list,
                                    size_t answered,
                                    virBuffer *failed,
                                    const char *what)
{
    char *ret = NULL;
    size_t i;

    virBufferTrim(failed, ", ");
    if (answered == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED, _("%1$s failed: %2$s"),
                       what, virBufferCurrentContent(failed));
    } else {
        if (virBufferUse(failed) > 0)
            VIR_WARN("%s: %s", what, virBufferCurrentContent(failed));
        ret = virStoragePoolSourceListFormat(list);
    }

    for (i = 0; i < list->nsources; i++)
        virStoragePoolSourceClear(&list->sources[i]);
    g_clear_pointer(&list->sources, g_free);
    list->nsources = 0;
    return ret;
}


/* Add the subsystem portals of a discovery log to @list, once each. */
static void
virStorageBackendOntapNVMeAddSources(virStoragePoolSourceList *list,
                                     virStoragePoolOntapProtocol protocol,
                                     const char *transport,
                                     const virStorageOntapNVMeDiscEntry *entries,
                                     size_t nentries)
{
    size_t i;
    size_t j;

    for (i = 0; i < nentries; i++) {
        virStoragePoolSource *src = NULL;
        int port = 0;

        if (entries[i].referral || STRNEQ(entries[i].transport, transport))
            continue;
        for (j = 0; j < list->nsources && !src; j++) {
            if (STREQ(list->sources[j].ontap->subsysNQN, entries[i].subsysNQN))
                src = &list->sources[j];
        }
        if (!src) {
            src = virStorageBackendOntapSourcesAppend(list, protocol);
            src->ontap->subsysNQN = g_strdup(entries[i].subsysNQN);
        }

        ignore_value(virStrToLong_i(entries[i].trsvcid, NULL, 10, &port));
        virStorageBackendOntapSourceAddHost(src, entries[i].traddr, port);
    }
}


/* find-storage-pool-sources: the subsystems the discovery controllers at
 * the given addresses list (an array lists its portals per address, as
 * 'nvme connect-all' to each address finds them), each with its portals,
 * as sources a pool can take. */
static char *
virStorageBackendOntapNVMeFindSources(virStoragePoolSource *spec)
{
    virStoragePoolSourceList list = { .type = VIR_STORAGE_POOL_ONTAP };
    const char *transport = virStorageOntapNVMeTransport(spec->ontap->protocol);
    g_autofree char *hostNQN = NULL;
    g_autofree char *hostID = NULL;
    g_auto(virBuffer) failed = VIR_BUFFER_INITIALIZER;
    size_t answered = 0;
    size_t i;

    if (spec->nhost == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       _("NVMe discovery needs the address of a discovery controller (<host>)"));
        return NULL;
    }
    if (virStorageOntapNVMeHostIdentity(spec->ontap, &hostNQN, &hostID) < 0)
        return NULL;

    virStorageBackendOntapNVMeLoadModule(transport);

    for (i = 0; i < spec->nhost; i++) {
        virStorageOntapNVMeConnect args = { 0 };
        g_autofree char *port = g_strdup_printf("%d", spec->hosts[i].port > 0 ?
                                                spec->hosts[i].port :
                                                VIR_STORAGE_ONTAP_NVME_DISC_PORT);
        virStorageOntapNVMeDiscEntry *entries = NULL;
        size_t nentries = 0;

        args.transport = transport;
        args.traddr = spec->hosts[i].name;
        args.trsvcid = port;
        args.hostNQN = hostNQN;
        args.hostID = hostID;

        if (virStorageOntapNVMeDiscover(&args, &entries, &nentries) < 0) {
            virBufferAsprintf(&failed, "%s, ", virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        answered++;
        virStorageBackendOntapNVMeAddSources(&list, spec->ontap->protocol, transport,
                                             entries, nentries);
        virStorageOntapNVMeDiscEntriesFree(entries, nentries);
    }
    return virStorageBackendOntapSourcesFormat(&list, answered, &failed,
                                               _("NVMe discovery"));
}


static bool
virStorageBackendOntapIsNVMe(virStoragePoolDef *def)
{
    return def->source.ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP ||
           def->source.ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA;
}


static int
virStorageBackendOntapCheck(virStoragePoolObj *pool,
                            bool *isActive)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    int rc;

    *isActive = false;
    if (virStorageBackendOntapIsNVMe(def) || virStorageBackendOntapIsSCSI(def))
        return virStorageBackendOntapBlockCheck(pool, isActive);
    if (!virStorageBackendOntapIsNFS(def))
        return 0;

    /* Adopt what a previous daemon mounted: no remount, no second trunk. */
    if ((rc = virStorageOntapNFSIsMounted(def)) < 0)
        return -1;
    *isActive = rc > 0;
    return 0;
}


static int
virStorageBackendOntapBuild(virStoragePoolObj *pool,
                            unsigned int flags)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    virCheckFlags(VIR_STORAGE_POOL_BUILD_OVERWRITE |
                  VIR_STORAGE_POOL_BUILD_NO_OVERWRITE, -1);

    VIR_EXCLUSIVE_FLAGS_RET(VIR_STORAGE_POOL_BUILD_OVERWRITE,
                            VIR_STORAGE_POOL_BUILD_NO_OVERWRITE, -1);

    if (virStorageBackendOntapIsNVMe(def))
        return virStorageBackendOntapNVMeBuild(pool, flags);
    if (virStorageBackendOntapIsSCSI(def))
        return virStorageBackendOntapSCSIBuild(pool, flags);

    if (flags != 0) {
        if (virStorageBackendOntapIsNFS(def)) {
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                           _("ontap NFS pools have no filesystem to format: build them without --overwrite or --no-overwrite"));
            return -1;
        }
        /* nvme-fc, whose connection is not implemented yet */
        return virStorageBackendOntapUnsupported(def);
    }

    return virStorageBackendBuildLocal(pool);
}


static int
virStorageBackendOntapStart(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    VIR_DEBUG("starting ontap pool '%s'", def->name);

    if (virStorageBackendOntapIsNFS(def))
        return virStorageBackendOntapNFSStart(pool);
    if (virStorageBackendOntapIsNVMe(def))
        return virStorageBackendOntapNVMeStart(pool);
    if (virStorageBackendOntapIsSCSI(def))
        return virStorageBackendOntapSCSIStart(pool);

    return virStorageBackendOntapUnsupported(def);
}


static int
virStorageBackendOntapRefresh(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);

    /* Paths first: listing volumes needs a working session. Live state is
     * information: a kernel without the sunrpc sysfs must not make the pool
     * unusable. */
    if (virStorageBackendOntapIsNFS(def) &&
        virStorageBackendOntapNFSCheckPaths(def) < 0) {
        VIR_WARN("ontap pool '%s': cannot read NFS transports: %s",
                 def->name, virGetLastErrorMessage());
        virResetLastError();
    }
    if (virStorageBackendOntapIsNVMe(def))
        virStorageBackendOntapNVMeRefreshPaths(def);
    if (virStorageBackendOntapIsSCSI(def))
        virStorageBackendOntapSCSIRefreshPaths(def);

    return virStorageBackendRefreshLocal(pool);
}


/* Unmount the target first: when it is busy, nothing changes. Then let go
 * of the paths: the trunk mounts of NFS, the NVMe controllers the pool
 * holds. */
static int
virStorageBackendOntapStop(virStoragePoolObj *pool)
{
    virStoragePoolDef *def = virStoragePoolObjGetDef(pool);
    g_autofree char *nvmeFile = virStorageBackendOntapNVMeOwnedFile(def->name);
    bool nfs = virStorageBackendOntapIsNFS(def);
    int rc;

    if (!nfs && !virStorageBackendOntapIsNVMe(def) && !virStorageBackendOntapIsSCSI(def))
        return virStorageBackendOntapUnsupported(def);

    virObjectUnlock(pool);
    if ((rc = virStorageBackendOntapUnmount(def->target.path)) < 0) {
        virObjectLock(pool);
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': cannot unmount %2$s: %3$s"),
                       def->name, def->target.path, virGetLastErrorMessage());
        return -1;
    }

    if (nfs) {
        virStorageBackendOntapNFSUnmountTrunks(def);
    } else if (virStorageBackendOntapIsSCSI(def)) {
        if (virStorageBackendOntapSCSIStopPaths(def) < 0) {
            /* stopped all the same; what stays is noted for the next stop */
            VIR_WARN("ontap pool '%s': %s", def->name, virGetLastErrorMessage());
            virResetLastError();
        }
    } else if (virStorageBackendOntapNVMeStopPaths(def, nvmeFile) < 0) {
        /* The pool is stopped all the same: its filesystem is unmounted. */
        VIR_WARN("ontap pool '%s': cannot read what it connected: %s",
                 def->name, virGetLastErrorMessage());
        virResetLastError();
    }
    virObjectLock(pool);

    virStoragePoolOntapSourceClearLiveState(def->source.ontap);
    return 0;
}


static char *
virStorageBackendOntapFindSources(const char *srcSpec,
                                  unsigned int flags)
{
    g_autoptr(virStoragePoolSource) spec = NULL;

    virCheckFlags(0, NULL);

    if (!srcSpec) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       _("ontap pool sources are found from a <source> with a <protocol> and a <host>"));
        return NULL;
    }
    if (!(spec = virStoragePoolDefParseSourceString(srcSpec, VIR_STORAGE_POOL_ONTAP)))
        return NULL;

    if (spec->ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI)
        return virStorageBackendOntapISCSIFindSources(spec);
    if (spec->ontap->protocol != VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP &&
        spec->ontap->protocol != VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("finding ontap pool sources is not implemented for protocol '%1$s'"),
                       virStoragePoolOntapProtocolTypeToString(spec->ontap->protocol));
        return NULL;
    }
    return virStorageBackendOntapNVMeFindSources(spec);
}


/* Clones of raw files share their extents with the original where the
 * filesystem can (OCFS2, XFS, NFSv4.2 with CLONE): O(1) in time and
 * space. Where it cannot (GFS2...), the bytes are copied. */
static int
virStorageBackendOntapVolBuildFrom(virStoragePoolObj *pool,
                                   virStorageVolDef *vol,
                                   virStorageVolDef *inputvol,
                                   unsigned int flags)
{
    if (!(flags & VIR_STORAGE_VOL_CREATE_REFLINK) &&
        vol->target.format == VIR_STORAGE_FILE_RAW &&
        inputvol->type == VIR_STORAGE_VOL_FILE &&
        inputvol->target.format == VIR_STORAGE_FILE_RAW) {
        if (virStorageBackendVolBuildFromLocal(pool, vol, inputvol,
                                               flags | VIR_STORAGE_VOL_CREATE_REFLINK) == 0) {
            VIR_DEBUG("volume '%s' is a reflink of '%s'", vol->name, inputvol->name);
            return 0;
        }
        VIR_DEBUG("no reflink of '%s' (%s): copying its bytes",
                  inputvol->name, virGetLastErrorMessage());
        virResetLastError();
    }

    return virStorageBackendVolBuildFromLocal(pool, vol, inputvol, flags);
}


virStorageBackend virStorageBackendOntap = {
    .type = VIR_STORAGE_POOL_ONTAP,

    .checkPool = virStorageBackendOntapCheck,
    .buildPool = virStorageBackendOntapBuild,
    .startPool = virStorageBackendOntapStart,
    .stopPool = virStorageBackendOntapStop,
    .deletePool = virStorageBackendDeleteLocal,
    .refreshPool = virStorageBackendOntapRefresh,
    .findPoolSources = virStorageBackendOntapFindSources,
    .buildVol = virStorageBackendVolBuildLocal,
    .buildVolFrom = virStorageBackendOntapVolBuildFrom,
    .createVol = virStorageBackendVolCreateLocal,
    .refreshVol = virStorageBackendVolRefreshLocal,
    .deleteVol = virStorageBackendVolDeleteLocal,
    .resizeVol = virStorageBackendVolResizeLocal,
    .uploadVol = virStorageBackendVolUploadLocal,
    .downloadVol = virStorageBackendVolDownloadLocal,
    .wipeVol = virStorageBackendVolWipeLocal,
};


int
virStorageBackendOntapRegister(void)
{
    return virStorageBackendRegister(&virStorageBackendOntap);
}
