/*
 * storage_ontap_nvme.c: NVMe over Fabrics for 'ontap' pools: host identity,
 * discovery, connection of a portal with the pool's fabrics parameters and
 * DH-HMAC-CHAP keys (through libnvme), and the controllers, namespace heads
 * and ANA states the kernel shows in sysfs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libnvme connects and discovers; the state of what is connected is read
 * from sysfs directly, under a root directory the tests can replace.
 * Secrets only travel through libnvme to /dev/nvme-fabrics: libnvme logs
 * the connect string (with the keys) at debug level, so its log level is
 * kept at errors.
 */

#include <config.h>

#include <syslog.h>
#include <libnvme.h>

#include "storage_ontap_nvme.h"
#include "storage_ontap_sysfs.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_nvme");

/* What ONTAP recommends: never give up reconnecting a lost path, so that a
 * long outage does not remove the path and turn the filesystem read-only. */
#define ONTAP_NVME_DEFAULT_CTRL_LOSS_TMO -1

#define ONTAP_NVME_DISC_RETRIES 4


void
virStorageOntapNVMeCtrlFree(virStorageOntapNVMeCtrl *ctrl)
{
    if (!ctrl)
        return;
    g_free(ctrl->name);
    g_free(ctrl->subsysNQN);
    g_free(ctrl->transport);
    g_free(ctrl->traddr);
    g_free(ctrl->trsvcid);
    g_free(ctrl->hostNQN);
    g_free(ctrl->state);
    g_free(ctrl);
}


void
virStorageOntapNVMeDiscEntryFree(virStorageOntapNVMeDiscEntry *entry)
{
    if (!entry)
        return;
    g_free(entry->subsysNQN);
    g_free(entry->transport);
    g_free(entry->traddr);
    g_free(entry->trsvcid);
    g_free(entry);
}


/* The transport name the kernel and libnvme use for a pool protocol. */
const char *
virStorageOntapNVMeTransport(virStoragePoolOntapProtocol protocol)
{
    switch (protocol) {
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP:
        return "tcp";
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA:
        return "rdma";
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_FC:
        return "fc";
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS:
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI:
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC:
    case VIR_STORAGE_POOL_ONTAP_PROTOCOL_LAST:
        break;
    }
    return NULL;
}


/* The pool's fabrics parameters over libnvme's defaults. */
static void
virStorageOntapNVMeFabricsConfig(const virStoragePoolOntapFabric *fabric,
                                 struct nvme_fabrics_config *cfg)
{
    nvmf_default_config(cfg);

    cfg->ctrl_loss_tmo = fabric->ctrlLossTmoSet ? fabric->ctrlLossTmo :
                         ONTAP_NVME_DEFAULT_CTRL_LOSS_TMO;
    if (fabric->reconnectDelay)
        cfg->reconnect_delay = fabric->reconnectDelay;
    if (fabric->keepAliveTmo)
        cfg->keep_alive_tmo = fabric->keepAliveTmo;
    if (fabric->nrIOQueues)
        cfg->nr_io_queues = fabric->nrIOQueues;
    cfg->hdr_digest = fabric->hdrDigest == VIR_TRISTATE_BOOL_YES;
    cfg->data_digest = fabric->dataDigest == VIR_TRISTATE_BOOL_YES;
}


/**
 * virStorageOntapNVMeFabricsOptions:
 * @fabric: the pool's fabrics parameters
 *
 * The connection tunables the pool asks the kernel for, in the kernel's
 * option syntax (what libnvme sends besides addresses, NQNs and keys);
 * a value of 0 leaves the kernel's default, as libnvme does.
 */
char *
virStorageOntapNVMeFabricsOptions(const virStoragePoolOntapFabric *fabric)
{
    struct nvme_fabrics_config cfg;
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virStorageOntapNVMeFabricsConfig(fabric, &cfg);

    if (cfg.nr_io_queues)
        virBufferAsprintf(&buf, "nr_io_queues=%d,", cfg.nr_io_queues);
    if (cfg.queue_size)
        virBufferAsprintf(&buf, "queue_size=%d,", cfg.queue_size);
    if (cfg.keep_alive_tmo)
        virBufferAsprintf(&buf, "keep_alive_tmo=%d,", cfg.keep_alive_tmo);
    if (cfg.reconnect_delay)
        virBufferAsprintf(&buf, "reconnect_delay=%d,", cfg.reconnect_delay);
    if (cfg.ctrl_loss_tmo)
        virBufferAsprintf(&buf, "ctrl_loss_tmo=%d,", cfg.ctrl_loss_tmo);
    if (cfg.fast_io_fail_tmo)
        virBufferAsprintf(&buf, "fast_io_fail_tmo=%d,", cfg.fast_io_fail_tmo);
    if (cfg.hdr_digest)
        virBufferAddLit(&buf, "hdr_digest,");
    if (cfg.data_digest)
        virBufferAddLit(&buf, "data_digest,");
    virBufferTrim(&buf, ",");

    return virBufferContentAndReset(&buf);
}


/**
 * virStorageOntapNVMeHostIdentity:
 *
 * The host NQN and host ID the pool connects as: those of its <initiator>,
 * else the host's /etc/nvme/hostnqn and /etc/nvme/hostid (as nvme-cli
 * uses them). The host ID may be NULL: the kernel then derives one.
 */
int
virStorageOntapNVMeHostIdentity(const virStoragePoolOntapSource *ontap,
                                char **hostNQN,
                                char **hostID)
{
    g_autofree char *nqn = NULL;
    g_autofree char *id = NULL;

    if (ontap->hostNQN) {
        *hostNQN = g_strdup(ontap->hostNQN);
        *hostID = g_strdup(ontap->hostID);
        return 0;
    }

    /* libnvme allocates with malloc() */
    if ((nqn = nvmf_hostnqn_from_file()))
        *hostNQN = g_strdup(nqn);
    if ((id = nvmf_hostid_from_file()))
        *hostID = g_strdup(id);

    if (!*hostNQN) {
        g_clear_pointer(hostID, g_free);
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("no NVMe host NQN: give one in the pool's <initiator><nqn name=.../></initiator>, or create /etc/nvme/hostnqn (nvme gen-hostnqn)"));
        return -1;
    }
    return 0;
}


/**
 * virStorageOntapNVMeMultipathEnabled:
 *
 * Returns 1 if the kernel's native NVMe multipath is on, 0 if it is off or
 * nvme_core is not loaded, -1 on error.
 */
int
virStorageOntapNVMeMultipathEnabled(const char *sysfs)
{
    g_autofree char *path = g_strdup_printf("%s/module/nvme_core/parameters/multipath", sysfs);
    g_autofree char *value = NULL;

    if (!virFileExists(path))
        return 0;
    if (virFileReadValueString(&value, "%s", path) < 0)
        return -1;
    return STREQ(value, "Y") ? 1 : 0;
}


/* "traddr=192.0.2.1,trsvcid=4420,src_addr=..." as sysfs 'address' has it */
static char *
virStorageOntapNVMeAddressField(const char *address,
                                const char *field)
{
    g_auto(GStrv) parts = g_strsplit(address, ",", 0);
    size_t len = strlen(field);
    size_t i;

    for (i = 0; parts[i]; i++) {
        if (STREQLEN(parts[i], field, len) && parts[i][len] == '=')
            return g_strdup(parts[i] + len + 1);
    }
    return NULL;
}


static int
virStorageOntapNVMeReadCtrl(const char *dir,
                            const char *name,
                            virStorageOntapNVMeCtrl *ctrl)
{
    g_autofree char *address = NULL;

    if (virFileReadValueString(&ctrl->subsysNQN, "%s/%s/subsysnqn", dir, name) < 0 ||
        virFileReadValueString(&ctrl->transport, "%s/%s/transport", dir, name) < 0 ||
        virFileReadValueString(&ctrl->state, "%s/%s/state", dir, name) < 0 ||
        virFileReadValueString(&address, "%s/%s/address", dir, name) < 0)
        return -1;

    /* Not every kernel has it: a controller without one matches any host. */
    if (virFileReadValueString(&ctrl->hostNQN, "%s/%s/hostnqn", dir, name) < 0)
        virResetLastError();

    ctrl->name = g_strdup(name);
    ctrl->traddr = virStorageOntapNVMeAddressField(address, "traddr");
    ctrl->trsvcid = virStorageOntapNVMeAddressField(address, "trsvcid");
    return 0;
}


/**
 * virStorageOntapNVMeReadCtrls:
 * @sysfs: where sysfs is mounted
 * @subsysNQN: the subsystem whose controllers are wanted
 * @ctrls: set to them (virStorageOntapNVMeCtrl), sorted by name
 *
 * Returns 0 on success (a subsystem without controllers too), -1 on error.
 */
int
virStorageOntapNVMeReadCtrls(const char *sysfs,
                             const char *subsysNQN,
                             GPtrArray **ctrls)
{
    g_autofree char *dir = g_strdup_printf("%s/class/nvme", sysfs);
    g_auto(GStrv) names = NULL;
    g_autoptr(GPtrArray) list = NULL;
    size_t i;

    if (virStorageOntapSysfsList(dir, "nvme", &names) < 0)
        return -1;

    list = g_ptr_array_new_with_free_func((GDestroyNotify) virStorageOntapNVMeCtrlFree);
    for (i = 0; names[i]; i++) {
        g_autoptr(virStorageOntapNVMeCtrl) ctrl = g_new0(virStorageOntapNVMeCtrl, 1);

        /* A controller being deleted may vanish while it is read. */
        if (virStorageOntapNVMeReadCtrl(dir, names[i], ctrl) < 0) {
            virResetLastError();
            continue;
        }
        if (STRNEQ(ctrl->subsysNQN, subsysNQN))
            continue;
        g_ptr_array_add(list, g_steal_pointer(&ctrl));
    }

    *ctrls = g_steal_pointer(&list);
    return 0;
}


/* The controller of @ctrls reaching a portal as @hostNQN, or NULL. */
virStorageOntapNVMeCtrl *
virStorageOntapNVMeFindCtrl(GPtrArray *ctrls,
                            const char *transport,
                            const char *traddr,
                            const char *trsvcid,
                            const char *hostNQN)
{
    size_t i;

    for (i = 0; i < ctrls->len; i++) {
        virStorageOntapNVMeCtrl *c = g_ptr_array_index(ctrls, i);

        if (STREQ(c->transport, transport) &&
            STREQ_NULLABLE(c->traddr, traddr) &&
            (!trsvcid || !c->trsvcid || STREQ(c->trsvcid, trsvcid)) &&
            (!hostNQN || !c->hostNQN || STREQ(c->hostNQN, hostNQN)))
            return c;
    }
    return NULL;
}


/* Is @name a namespace head, nvme<subsystem>n<namespace>? (Paths are
 * nvme<subsystem>c<controller>n<namespace>, controllers nvme<n>.) */
static bool
virStorageOntapNVMeIsHead(const char *name)
{
    const char *p;

    if (!STRPREFIX(name, "nvme"))
        return false;
    p = name + 4;
    if (!g_ascii_isdigit(*p))
        return false;
    while (g_ascii_isdigit(*p))
        p++;
    if (*p++ != 'n' || !g_ascii_isdigit(*p))
        return false;
    while (g_ascii_isdigit(*p))
        p++;
    return *p == '\0';
}


static bool
virStorageOntapNVMeNamespaceMatches(const char *dir,
                                    const char *uuid,
                                    unsigned int nsid)
{
    g_autofree char *value = NULL;
    unsigned int id;

    if (uuid) {
        if (virFileReadValueString(&value, "%s/uuid", dir) < 0) {
            virResetLastError();
            return false;
        }
        return STRCASEEQ(value, uuid);
    }

    if (virFileReadValueUint(&id, "%s/nsid", dir) < 0) {
        virResetLastError();
        return false;
    }
    return id == nsid;
}


/**
 * virStorageOntapNVMeFindNamespace:
 * @sysfs: where sysfs is mounted
 * @subsysNQN: the subsystem
 * @uuid: the namespace's UUID, or NULL to look for @nsid
 * @nsid: the namespace ID
 * @head: set to the multipath head's block device name (nvme0n1) if found
 *
 * Returns 1 if found, 0 if not (yet), -1 on error.
 */
int
virStorageOntapNVMeFindNamespace(const char *sysfs,
                                 const char *subsysNQN,
                                 const char *uuid,
                                 unsigned int nsid,
                                 char **head)
{
    g_autofree char *dir = g_strdup_printf("%s/class/nvme-subsystem", sysfs);
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    int rc;

    if ((rc = virDirOpenIfExists(&dh, dir)) <= 0)
        return rc;

    while ((rc = virDirRead(dh, &ent, dir)) > 0) {
        g_autofree char *subsys = g_strdup_printf("%s/%s", dir, ent->d_name);
        g_autofree char *nqn = NULL;
        g_autoptr(DIR) sh = NULL;
        struct dirent *nent;

        if (virFileReadValueString(&nqn, "%s/subsysnqn", subsys) < 0) {
            virResetLastError();
            continue;
        }
        if (STRNEQ(nqn, subsysNQN) || virDirOpenQuiet(&sh, subsys) < 0)
            continue;

        while (virDirRead(sh, &nent, NULL) > 0) {
            g_autofree char *nsdir = NULL;

            if (!virStorageOntapNVMeIsHead(nent->d_name))
                continue;
            nsdir = g_strdup_printf("%s/%s", subsys, nent->d_name);
            if (virStorageOntapNVMeNamespaceMatches(nsdir, uuid, nsid)) {
                *head = g_strdup(nent->d_name);
                return 1;
            }
        }
    }
    return rc < 0 ? -1 : 0;
}


/**
 * virStorageOntapNVMePathANAState:
 * @sysfs: where sysfs is mounted
 * @ctrl: a controller (nvme3)
 * @head: the namespace head (nvme1n2)
 *
 * The ANA state of the path to @head through @ctrl (optimized,
 * non-optimized, inaccessible, persistent-loss, change), or NULL when the
 * controller has no such path or reports no ANA state.
 */
char *
virStorageOntapNVMePathANAState(const char *sysfs,
                                const char *ctrl,
                                const char *head)
{
    const char *ns = strrchr(head, 'n');
    g_autofree char *subsys = NULL;
    char *state = NULL;

    if (!ns || ns == head || !STRPREFIX(ctrl, "nvme"))
        return NULL;

    /* The path of head nvme<S>n<N> through nvme<C> is nvme<S>c<C>n<N>. */
    subsys = g_strndup(head, ns - head);
    if (virFileReadValueString(&state, "%s/class/nvme/%s/%sc%s%s/ana_state",
                               sysfs, ctrl, subsys, ctrl + 4, ns) < 0) {
        virResetLastError();
        return NULL;
    }
    return state;
}


/* A libnvme context whose messages land in memory: libnvme replaces the
 * kernel's errno by its own codes on connect failures, and only its notice
 * ("Failed to write to /dev/nvme-fabrics: Key was rejected by service")
 * says what happened. Notices never carry the connect string (with its
 * keys): that is logged at debug level. */
typedef struct _virStorageOntapNVMeContext virStorageOntapNVMeContext;
struct _virStorageOntapNVMeContext {
    nvme_root_t root;
    FILE *log;
    char *logbuf;
    size_t loglen;
};


static int
virStorageOntapNVMeContextOpen(virStorageOntapNVMeContext *ctx)
{
    if (!(ctx->log = open_memstream(&ctx->logbuf, &ctx->loglen))) {
        virReportSystemError(errno, "%s", _("cannot initialize libnvme"));
        return -1;
    }
    if (!(ctx->root = nvme_create_root(ctx->log, LOG_NOTICE))) {
        virReportSystemError(errno, "%s", _("cannot initialize libnvme"));
        return -1;
    }
    return 0;
}


static void
virStorageOntapNVMeContextClose(virStorageOntapNVMeContext *ctx)
{
    if (ctx->root)
        nvme_free_tree(ctx->root);
    if (ctx->log)
        VIR_FORCE_FCLOSE(ctx->log);
    if (ctx->logbuf && *ctx->logbuf)
        VIR_DEBUG("libnvme: %s", ctx->logbuf);
    g_free(ctx->logbuf); /* from open_memstream; g_free is the C library release */
}


/* Why a connection failed: libnvme's last notice, else its error code. */
static char *
virStorageOntapNVMeContextError(virStorageOntapNVMeContext *ctx,
                                int err)
{
    g_auto(GStrv) lines = NULL;
    size_t n;

    fflush(ctx->log);
    if (ctx->logbuf) {
        lines = g_strsplit(g_strstrip(ctx->logbuf), "\n", 0);
        if ((n = g_strv_length(lines)) > 0 && *lines[n - 1])
            return g_strdup(lines[n - 1]);
    }
    return g_strdup(err >= ENVME_CONNECT_RESOLVE ? nvme_errno_to_string(err) :
                    g_strerror(err));
}


/* The kernel's answers to a DH-HMAC-CHAP failure, in their C library wording. */
static bool
virStorageOntapNVMeIsAuthFailure(const char *reason)
{
    return strstr(reason, g_strerror(EKEYREJECTED)) ||
           strstr(reason, g_strerror(ENOKEY)) ||
           strstr(reason, g_strerror(EKEYEXPIRED));
}


/**
 * virStorageOntapNVMeConnectPortal:
 * @args: what to connect and how
 * @ctrl: set to the new controller's name (nvme3)
 *
 * Connect one I/O controller of @args->subsysNQN through one portal.
 *
 * Returns 0 on success, -1 with an error reported.
 */
int
virStorageOntapNVMeConnectPortal(const virStorageOntapNVMeConnect *args,
                                 char **ctrl)
{
    virStorageOntapNVMeContext ctx = { 0 };
    struct nvme_fabrics_config cfg;
    nvme_host_t host;
    nvme_ctrl_t c;
    int ret = -1;

    virStorageOntapNVMeFabricsConfig(args->fabric, &cfg);

    if (virStorageOntapNVMeContextOpen(&ctx) < 0)
        goto cleanup;

    if (!(host = nvme_lookup_host(ctx.root, args->hostNQN, args->hostID)) ||
        !(c = nvme_create_ctrl(ctx.root, args->subsysNQN, args->transport, args->traddr,
                               NULL, NULL, args->trsvcid))) {
        virReportSystemError(errno, "%s", _("cannot prepare an NVMe controller"));
        goto cleanup;
    }
    if (args->hostKey)
        nvme_ctrl_set_dhchap_host_key(c, args->hostKey);
    if (args->ctrlKey)
        nvme_ctrl_set_dhchap_key(c, args->ctrlKey);

    if (nvmf_add_ctrl(host, c, &cfg) < 0) {
        g_autofree char *reason = virStorageOntapNVMeContextError(&ctx, errno);

        if (virStorageOntapNVMeIsAuthFailure(reason))
            virReportError(VIR_ERR_AUTH_FAILED,
                           _("DH-HMAC-CHAP authentication with NVMe subsystem %1$s at %2$s:%3$s failed: %4$s"),
                           args->subsysNQN, args->traddr, args->trsvcid, reason);
        else
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("cannot connect to NVMe subsystem %1$s at %2$s:%3$s: %4$s"),
                           args->subsysNQN, args->traddr, args->trsvcid, reason);
        nvme_free_ctrl(c);
        goto cleanup;
    }

    *ctrl = g_strdup(nvme_ctrl_get_name(c));
    ret = 0;

 cleanup:
    virStorageOntapNVMeContextClose(&ctx);
    return ret;
}


/**
 * virStorageOntapNVMeDisconnect:
 * @ctrl: the controller's name (nvme3)
 *
 * Delete the controller: its paths go away with it.
 */
int
virStorageOntapNVMeDisconnect(const char *ctrl)
{
    virStorageOntapNVMeContext ctx = { 0 };
    nvme_ctrl_t c;
    int ret = -1;

    if (virStorageOntapNVMeContextOpen(&ctx) < 0)
        goto cleanup;

    if (!(c = nvme_scan_ctrl(ctx.root, ctrl))) {
        virReportSystemError(errno, _("cannot find NVMe controller %1$s"), ctrl);
        goto cleanup;
    }
    if (nvme_disconnect_ctrl(c) < 0) {
        virReportSystemError(errno, _("cannot disconnect NVMe controller %1$s"), ctrl);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    virStorageOntapNVMeContextClose(&ctx);
    return ret;
}


/* Discovery log fields are fixed-size and space-padded. */
static char *
virStorageOntapNVMeLogString(const char *field,
                             size_t size)
{
    g_autofree char *s = g_strndup(field, size);

    return g_strdup(g_strstrip(s));
}


/**
 * virStorageOntapNVMeParseDiscoveryLog:
 * @log: a discovery log page
 * @size: its size in bytes
 * @entries: set to its records (virStorageOntapNVMeDiscEntry)
 *
 * The records of a discovery log page; "current discovery subsystem"
 * records (the discovery controller describing itself) are left out.
 * The record count comes from the network: a page shorter than it says is
 * refused.
 */
int
virStorageOntapNVMeParseDiscoveryLog(const struct nvmf_discovery_log *log,
                                     size_t size,
                                     GPtrArray **entries)
{
    uint64_t numrec;
    uint64_t fit;
    g_autoptr(GPtrArray) list =
        g_ptr_array_new_with_free_func((GDestroyNotify) virStorageOntapNVMeDiscEntryFree);
    uint64_t i;

    if (size < sizeof(*log)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("NVMe discovery log page of %1$zu bytes is shorter than its header"),
                       size);
        return -1;
    }
    numrec = le64toh(log->numrec);
    fit = (size - sizeof(*log)) / sizeof(log->entries[0]);
    if (numrec > fit) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("NVMe discovery log page says it holds %1$llu records, its %2$zu bytes hold %3$llu"),
                       (unsigned long long) numrec, size, (unsigned long long) fit);
        return -1;
    }

    for (i = 0; i < numrec; i++) {
        const struct nvmf_disc_log_entry *e = &log->entries[i];
        g_autoptr(virStorageOntapNVMeDiscEntry) entry = NULL;

        if (e->subtype == NVME_NQN_CURR)
            continue;

        entry = g_new0(virStorageOntapNVMeDiscEntry, 1);
        entry->referral = e->subtype == NVME_NQN_DISC;
        entry->subsysNQN = virStorageOntapNVMeLogString(e->subnqn, sizeof(e->subnqn));
        entry->transport = g_strdup(nvmf_trtype_str(e->trtype));
        entry->traddr = virStorageOntapNVMeLogString(e->traddr, sizeof(e->traddr));
        entry->trsvcid = virStorageOntapNVMeLogString(e->trsvcid, sizeof(e->trsvcid));
        g_ptr_array_add(list, g_steal_pointer(&entry));
    }

    *entries = g_steal_pointer(&list);
    return 0;
}


/**
 * virStorageOntapNVMeDiscover:
 * @args: the discovery controller's address (subsysNQN is ignored)
 * @entries: set to the records of its discovery log
 *
 * Connect a discovery controller, read its log page and disconnect it.
 */
int
virStorageOntapNVMeDiscover(const virStorageOntapNVMeConnect *args,
                            GPtrArray **entries)
{
    virStorageOntapNVMeContext ctx = { 0 };
    struct nvme_fabrics_config cfg;
    struct nvmf_discovery_log *log = NULL;
    nvme_host_t host;
    nvme_ctrl_t c;
    int ret = -1;

    nvmf_default_config(&cfg);

    if (virStorageOntapNVMeContextOpen(&ctx) < 0)
        goto cleanup;

    if (!(host = nvme_lookup_host(ctx.root, args->hostNQN, args->hostID)) ||
        !(c = nvme_create_ctrl(ctx.root, NVME_DISC_SUBSYS_NAME, args->transport,
                               args->traddr, NULL, NULL, args->trsvcid))) {
        virReportSystemError(errno, "%s", _("cannot prepare an NVMe discovery controller"));
        goto cleanup;
    }

    if (nvmf_add_ctrl(host, c, &cfg) < 0) {
        g_autofree char *reason = virStorageOntapNVMeContextError(&ctx, errno);

        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot connect to the NVMe discovery controller at %1$s:%2$s: %3$s"),
                       args->traddr, args->trsvcid, reason);
        nvme_free_ctrl(c);
        goto cleanup;
    }

    if (nvmf_get_discovery_log(c, &log, ONTAP_NVME_DISC_RETRIES) < 0) {
        virReportSystemError(errno,
                             _("cannot read the discovery log of %1$s:%2$s"),
                             args->traddr, args->trsvcid);
    } else {
        /* libnvme sized the page for the record count it read */
        size_t size = sizeof(*log) + le64toh(log->numrec) * sizeof(log->entries[0]);

        ret = virStorageOntapNVMeParseDiscoveryLog(log, size, entries);
    }

    g_free(log); /* from libnvme; g_free is the C library release */
    if (nvme_disconnect_ctrl(c) < 0)
        VIR_WARN("cannot disconnect NVMe discovery controller %s: %s",
                 nvme_ctrl_get_name(c), g_strerror(errno));

 cleanup:
    virStorageOntapNVMeContextClose(&ctx);
    return ret;
}
