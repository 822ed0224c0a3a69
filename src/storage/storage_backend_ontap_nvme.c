/*
 * storage_backend_ontap_nvme.c: the NVMe-oF mode of the ontap backend
 * (nvme-tcp, nvme-rdma): every portal of the subsystem connected through
 * libnvme, native NVMe multipath, the namespace's head as the device
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The pool notes each controller it holds ("controller <flags> <name>
 * <traddr> <trsvcid>"): one it connected is disconnected by the last pool
 * that holds it; one that was connected before any pool started stays.
 */

#include <config.h>

#include "storage_backend_ontap_block.h"
#include "storage_ontap_error.h"
#include "storage_ontap_nvme.h"
#include "storage_ontap_parallel.h"
#include "storage_ontap_probe.h"
#include "storage_ontap_secret.h"
#include "storage_ontap_sources.h"
#include "storage_ontap_sysfs.h"
#include "virerror.h"
#include "virfile.h"
#include "virkmod.h"
#include "virlog.h"
#include "virstring.h"
#include "virthread.h"
#include "virtime.h"
#include "virutil.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_backend_ontap_nvme");

/* How long start waits for the NVMe/TCP portals to answer, all together. */
#define ONTAP_NVME_PROBE_TIMEOUT_MS (15 * 1000)

/* How long the namespace may take to show up once connected, and the
 * first step of the wait. */
#define ONTAP_NVME_NAMESPACE_TIMEOUT_MS (30 * 1000)
#define ONTAP_NVME_NAMESPACE_STEP_MS 50

#define ONTAP_NVME_NOTE "nvme"
#define ONTAP_NVME_CONTROLLER "controller"

/* Serializes deciding which controllers to adopt, connect and disconnect
 * among all pools: two pools may share the controllers of one subsystem. */
static virMutex ontapNVMeLock = VIR_MUTEX_INITIALIZER;


static int
virStorageBackendOntapNVMePort(virStoragePoolDef *def,
                               const virStoragePoolSourceHost *host)
{
    return virStoragePoolOntapHostPort(def->source.ontap, host);
}


/* Is @ctrl the very controller @entry notes? Its name may have been
 * reused by another connection since. */
static bool
virStorageBackendOntapNVMeIsNoted(const virStorageOntapNVMeCtrl *ctrl,
                                  const virStorageOntapNoteEntry *entry)
{
    return STREQ(ctrl->name, entry->fields[0]) &&
           STREQ_NULLABLE(ctrl->traddr, entry->fields[1]) &&
           STREQ_NULLABLE(ctrl->trsvcid, entry->fields[2]);
}


/* Disconnect the controllers @held says the pool connected, but those
 * another pool holds. Keeps the first error and goes on. */
static int
virStorageBackendOntapNVMeRelease(virStoragePoolDef *def,
                                  virStorageOntapNote *held)
{
    VIR_LOCK_GUARD lock = virLockGuardLock(&ontapNVMeLock);
    const char *stateDir = virStorageDriverGetStateDir();
    g_autoptr(GPtrArray) ctrls = NULL;
    virStorageOntapNoteEntry *entry;
    virErrorPtr first = NULL;
    size_t i;
    size_t j;

    if (virStorageOntapNVMeReadCtrls(VIR_STORAGE_ONTAP_SYSFS, def->source.ontap->subsysNQN,
                                     &ctrls) < 0)
        return -1;

    for (i = 0; i < held->entries->len; i++) {
        int rc;

        entry = g_ptr_array_index(held->entries, i);
        if (STRNEQ(entry->kind, ONTAP_NVME_CONTROLLER) || g_strv_length(entry->fields) != 3)
            continue;
        if ((rc = virStorageOntapNoteHandOver(stateDir, def->name, ONTAP_NVME_NOTE, entry)) != 0) {
            if (rc < 0)
                virStorageOntapErrorKeepFirst(&first);
            continue;
        }
        if (!(entry->flags & VIR_STORAGE_ONTAP_NOTE_CREATED))
            continue;

        for (j = 0; j < ctrls->len &&
                    !virStorageBackendOntapNVMeIsNoted(g_ptr_array_index(ctrls, j), entry); j++)
            ;
        if (j == ctrls->len)
            continue;

        VIR_DEBUG("ontap pool '%s': disconnecting NVMe controller %s (%s:%s)",
                  def->name, entry->fields[0], entry->fields[1], entry->fields[2]);
        if (virStorageOntapNVMeDisconnect(entry->fields[0]) < 0)
            virStorageOntapErrorKeepFirst(&first);
    }
    return virStorageOntapErrorRestoreFirst(&first);
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
    if (virStorageOntapSecretGet(auth, VIR_SECRET_USAGE_TYPE_NVME, hostKey, ctrlKey) < 0)
        return -1;
    if (virStorageBackendOntapNVMeCheckKey(def, *hostKey) < 0 ||
        virStorageBackendOntapNVMeCheckKey(def, *ctrlKey) < 0) {
        virStorageOntapSecretErase(hostKey);
        virStorageOntapSecretErase(ctrlKey);
        return -1;
    }
    return 0;
}


/* Connecting the portals of a pool: one job per portal. */
typedef struct _virStorageBackendOntapNVMeJobs virStorageBackendOntapNVMeJobs;
struct _virStorageBackendOntapNVMeJobs {
    virStoragePoolDef *def;
    const virStorageOntapNVMeConnect *base;
    GStrv ports;
    bool *connect;      /* the portals to connect: reachable, not adopted */
    GPtrArray *ctrls;   /* the controller each connect made */
};


static int
virStorageBackendOntapNVMeConnectOne(size_t i,
                                     void *opaque)
{
    virStorageBackendOntapNVMeJobs *jobs = opaque;
    virStorageOntapNVMeConnect args = *jobs->base;

    if (!jobs->connect[i])
        return 0;
    args.traddr = jobs->def->source.hosts[i].name;
    args.trsvcid = jobs->ports[i];
    return virStorageOntapNVMeConnectPortal(&args, (char **) &g_ptr_array_index(jobs->ctrls, i));
}


/* Connect every portal of the pool that is not connected yet, all at once,
 * and adopt those that are. What the pool then holds lands in @held, the
 * portals it could not use (and why) in @failed. */
static int
virStorageBackendOntapNVMeConnectAll(virStoragePoolDef *def,
                                     const virStorageOntapNVMeConnect *base,
                                     const bool *reachable,
                                     virStorageOntapNote *held,
                                     virBuffer *failed)
{
    VIR_LOCK_GUARD lock = virLockGuardLock(&ontapNVMeLock);
    size_t nhost = def->source.nhost;
    g_auto(GStrv) ports = g_new0(char *, nhost + 1);
    g_autofree bool *connect = g_new0(bool, nhost);
    g_autoptr(GPtrArray) ctrlNames = g_ptr_array_new_full(nhost, g_free);
    g_autoptr(GPtrArray) errors = NULL;
    virStorageBackendOntapNVMeJobs jobs = { def, base, NULL, connect, ctrlNames };
    g_autoptr(GPtrArray) ctrls = NULL;
    size_t i;

    if (virStorageOntapNVMeReadCtrls(VIR_STORAGE_ONTAP_SYSFS, base->subsysNQN, &ctrls) < 0)
        return -1;

    for (i = 0; i < nhost; i++) {
        const char *addr = def->source.hosts[i].name;
        virStorageOntapNVMeCtrl *c;

        ports[i] = g_strdup_printf("%d", virStorageBackendOntapNVMePort(def, &def->source.hosts[i]));
        if (!reachable[i]) {
            virBufferAsprintf(failed, "%s:%s (unreachable: no answer within %d seconds), ",
                              addr, ports[i], ONTAP_NVME_PROBE_TIMEOUT_MS / 1000);
            continue;
        }

        c = virStorageOntapNVMeFindCtrl(ctrls, base->transport, addr,
                                        ports[i], base->hostNQN);
        if (c && STRNEQ(c->state, "deleting") && STRNEQ(c->state, "dead")) {
            VIR_DEBUG("ontap pool '%s': adopting NVMe controller %s (%s) to %s:%s",
                      def->name, c->name, c->state, addr, ports[i]);
            virStorageOntapNoteAdd(held, ONTAP_NVME_CONTROLLER, 0,
                                   c->name, addr, ports[i], NULL);
            continue;
        }
        connect[i] = true;
    }

    jobs.ports = ports;
    g_ptr_array_set_size(ctrlNames, nhost);
    errors = virStorageOntapParallel(nhost, virStorageBackendOntapNVMeConnectOne,
                                     &jobs, "ontap-nvme-connect");

    for (i = 0; i < nhost; i++) {
        virErrorPtr err = g_ptr_array_index(errors, i);
        const char *ctrl = g_ptr_array_index(ctrlNames, i);
        const char *addr = def->source.hosts[i].name;

        if (!connect[i])
            continue;
        if (err) {
            virBufferAsprintf(failed, "%s:%s (%s), ", addr, ports[i], err->message);
            continue;
        }
        VIR_DEBUG("ontap pool '%s': connected NVMe controller %s to %s:%s",
                  def->name, ctrl, addr, ports[i]);
        virStorageOntapNoteAdd(held, ONTAP_NVME_CONTROLLER, VIR_STORAGE_ONTAP_NOTE_CREATED,
                               ctrl, addr, ports[i], NULL);
    }
    return 0;
}


/* Wait for the namespace's head to show up behind the controllers. */
static char *
virStorageBackendOntapNVMeWaitNamespace(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    g_autofree char *head = NULL;
    virTimeBackOffVar timeout;

    if (virTimeBackOffStart(&timeout, ONTAP_NVME_NAMESPACE_STEP_MS,
                            ONTAP_NVME_NAMESPACE_TIMEOUT_MS) < 0)
        return NULL;

    while (virTimeBackOffWait(&timeout)) {
        g_autofree char *device = NULL;

        if (!head &&
            virStorageOntapNVMeFindNamespace(VIR_STORAGE_ONTAP_SYSFS, ontap->subsysNQN,
                                             ontap->nsUUID, ontap->nsid, &head) < 0)
            return NULL;
        if (!head)
            continue;
        virWaitForDevices();
        device = g_strdup_printf("/dev/%s", head);
        if (virFileExists(device))
            return g_steal_pointer(&device);
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


/* The transport's kernel module; not fatal: the driver may be built in. */
static void
virStorageBackendOntapNVMeLoadModule(const char *transport)
{
    g_autofree char *module = g_strdup_printf("nvme-%s", transport);
    g_autofree char *errbuf = NULL;

    if ((errbuf = virKModLoad(module)))
        VIR_WARN("cannot load kernel module %s: %s", module, errbuf);
}


/* The kernel side the pool needs: the transport's module and native NVMe
 * multipath (without it every path would be a namespace of its own). */
static int
virStorageBackendOntapNVMePrepareKernel(virStoragePoolDef *def,
                                        const char *transport)
{
    int rc;

    virStorageBackendOntapNVMeLoadModule(transport);

    if ((rc = virStorageOntapNVMeMultipathEnabled(VIR_STORAGE_ONTAP_SYSFS)) < 0)
        return -1;
    if (rc == 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       _("ontap pool '%1$s': native NVMe multipath is off (nvme_core multipath=N): boot with nvme_core.multipath=Y"),
                       def->name);
        return -1;
    }
    return 0;
}


/* Connect the portals (keys erased as soon as they are sent) and judge
 * what came up against the pool's 'degraded' policy. */
static int
virStorageBackendOntapNVMeConnectPortals(virStoragePoolDef *def,
                                         virStorageOntapNote *held)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    size_t nhost = def->source.nhost;
    g_autofree bool *reachable = g_new0(bool, nhost);
    g_autofree char *hostNQN = NULL;
    g_autofree char *hostID = NULL;
    g_autofree char *options = virStorageOntapNVMeFabricsOptions(&ontap->fabric);
    g_auto(virBuffer) failed = VIR_BUFFER_INITIALIZER;
    char *hostKey = NULL;
    char *ctrlKey = NULL;
    virStorageOntapNVMeConnect base = { 0 };
    size_t i;
    int rc;

    base.transport = virStorageOntapNVMeTransport(ontap->protocol);
    if (virStorageBackendOntapNVMePrepareKernel(def, base.transport) < 0 ||
        virStorageOntapNVMeHostIdentity(ontap, &hostNQN, &hostID) < 0)
        return -1;

    /* Only TCP portals can be probed from here. */
    if (ontap->protocol == VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP) {
        virStorageOntapProbeHosts(def->source.hosts, nhost,
                                  virStoragePoolOntapProtocolDefaultPort(ontap->protocol),
                                  ONTAP_NVME_PROBE_TIMEOUT_MS, reachable);
    } else {
        for (i = 0; i < nhost; i++)
            reachable[i] = true;
    }

    if (virStorageBackendOntapNVMeKeys(def, &hostKey, &ctrlKey) < 0)
        return -1;
    base.subsysNQN = ontap->subsysNQN;
    base.hostNQN = hostNQN;
    base.hostID = hostID;
    base.hostKey = hostKey;
    base.ctrlKey = ctrlKey;
    base.fabric = &ontap->fabric;
    VIR_DEBUG("ontap pool '%s': connecting %zu portals of %s as %s with %s",
              def->name, nhost, ontap->subsysNQN, hostNQN, options);

    rc = virStorageBackendOntapNVMeConnectAll(def, &base, reachable, held, &failed);
    virStorageOntapSecretErase(&hostKey);
    virStorageOntapSecretErase(&ctrlKey);
    if (rc < 0)
        return -1;

    virBufferTrim(&failed, ", ");
    if (held->entries->len == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': cannot connect to any portal of NVMe subsystem %2$s: %3$s"),
                       def->name, ontap->subsysNQN, virBufferCurrentContent(&failed));
        return -1;
    }
    if (virBufferUse(&failed) == 0)
        return 0;
    if (ontap->degraded == VIR_STORAGE_POOL_ONTAP_DEGRADED_FAIL) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("ontap pool '%1$s': cannot connect to every portal of NVMe subsystem %2$s: %3$s"),
                       def->name, ontap->subsysNQN, virBufferCurrentContent(&failed));
        return -1;
    }
    VIR_WARN("ontap pool '%s' is degraded: not connected to %s",
             def->name, virBufferCurrentContent(&failed));
    return 0;
}


/* The block lifecycle's attach: every portal connected, the namespace's
 * head as @device; on failure nothing this call connected stays. */
static int
virStorageBackendOntapNVMeAttach(virStoragePoolDef *def,
                                 bool autostart G_GNUC_UNUSED,
                                 virStorageOntapNote *held,
                                 char **device)
{
    virErrorPtr orig;

    if (virStorageBackendOntapNVMeConnectPortals(def, held) == 0 &&
        (*device = virStorageBackendOntapNVMeWaitNamespace(def)))
        return 0;

    virErrorPreserveLast(&orig);
    ignore_value(virStorageBackendOntapNVMeRelease(def, held));
    g_ptr_array_set_size(held->entries, 0);
    virErrorRestore(&orig);
    return -1;
}


/* What an active pool's XML shows: one path per portal, and the device. */
static int
virStorageBackendOntapNVMeRefreshPaths(virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    const char *transport = virStorageOntapNVMeTransport(ontap->protocol);
    g_autofree char *hostNQN = NULL;
    g_autofree char *hostID = NULL;
    g_autofree char *head = NULL;
    g_autoptr(GPtrArray) ctrls = NULL;
    virStoragePoolOntapPath *paths;
    size_t i;

    if (virStorageOntapNVMeHostIdentity(ontap, &hostNQN, &hostID) < 0 ||
        virStorageOntapNVMeFindNamespace(VIR_STORAGE_ONTAP_SYSFS, ontap->subsysNQN,
                                         ontap->nsUUID, ontap->nsid, &head) < 0 ||
        virStorageOntapNVMeReadCtrls(VIR_STORAGE_ONTAP_SYSFS, ontap->subsysNQN, &ctrls) < 0)
        return -1;

    paths = g_new0(virStoragePoolOntapPath, def->source.nhost);
    for (i = 0; i < def->source.nhost; i++) {
        g_autofree char *port = NULL;
        virStorageOntapNVMeCtrl *c;

        paths[i].address = g_strdup(def->source.hosts[i].name);
        paths[i].port = virStorageBackendOntapNVMePort(def, &def->source.hosts[i]);
        port = g_strdup_printf("%d", paths[i].port);
        if (!(c = virStorageOntapNVMeFindCtrl(ctrls, transport,
                                              paths[i].address, port, hostNQN)))
            continue;
        paths[i].controller = g_strdup(c->name);
        paths[i].controllerState = g_strdup(c->state);
        if (head)
            paths[i].ana = virStorageOntapNVMePathANAState(VIR_STORAGE_ONTAP_SYSFS,
                                                           c->name, head);
    }

    virStoragePoolOntapSourceClearLiveState(ontap);
    ontap->paths = paths;
    ontap->npaths = def->source.nhost;
    if (head)
        ontap->device = g_strdup_printf("/dev/%s", head);
    return 0;
}


/* find-storage-pool-sources: the subsystems the discovery controllers at
 * the given addresses list (an array lists its portals per address, as
 * 'nvme connect-all' to each address finds them), each with its portals. */
static char *
virStorageBackendOntapNVMeFindSources(virStoragePoolSource *spec)
{
    g_autoptr(virStoragePoolSourceList) list = virStorageOntapSourcesNew();
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

    virStorageBackendOntapNVMeLoadModule(virStorageOntapNVMeTransport(spec->ontap->protocol));

    for (i = 0; i < spec->nhost; i++) {
        virStorageOntapNVMeConnect args = { 0 };
        g_autofree char *port = g_strdup_printf("%d", spec->hosts[i].port > 0 ?
                                                spec->hosts[i].port :
                                                VIR_STORAGE_POOL_ONTAP_NVME_DISCOVERY_PORT);
        g_autoptr(GPtrArray) entries = NULL;

        args.transport = virStorageOntapNVMeTransport(spec->ontap->protocol);
        args.traddr = spec->hosts[i].name;
        args.trsvcid = port;
        args.hostNQN = hostNQN;
        args.hostID = hostID;

        if (virStorageOntapNVMeDiscover(&args, &entries) < 0) {
            virBufferAsprintf(&failed, "%s, ", virGetLastErrorMessage());
            continue;
        }
        answered++;
        virStorageOntapSourcesAddNVMe(list, spec->ontap->protocol, entries);
    }

    virBufferTrim(&failed, ", ");
    if (answered == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED, _("NVMe discovery failed: %1$s"),
                       virBufferCurrentContent(&failed));
        return NULL;
    }
    if (virBufferUse(&failed) > 0)
        VIR_WARN("NVMe discovery failed at some addresses: %s",
                 virBufferCurrentContent(&failed));
    virResetLastError();
    return virStoragePoolSourceListFormat(list);
}


const virStorageBackendOntapMode virStorageBackendOntapNVMeMode = {
    .check = virStorageBackendOntapBlockCheck,
    .build = virStorageBackendOntapBlockBuild,
    .start = virStorageBackendOntapBlockStart,
    .stop = virStorageBackendOntapBlockStop,
    .refreshPaths = virStorageBackendOntapNVMeRefreshPaths,
    .findSources = virStorageBackendOntapNVMeFindSources,
    .note = ONTAP_NVME_NOTE,
    .attach = virStorageBackendOntapNVMeAttach,
    .release = virStorageBackendOntapNVMeRelease,
};
