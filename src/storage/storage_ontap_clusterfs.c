/*
 * storage_ontap_clusterfs.c: the shared-disk filesystem of block-mode
 * 'ontap' pools: what a device holds (libblkid), wiping it, the mkfs and
 * mount commands for OCFS2 and GFS2, and whether the cluster stack they
 * need is online
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <fcntl.h>
#include <blkid.h>

#include "storage_ontap_clusterfs.h"
#include "storage_ontap_command.h"
#include "storage_ontap_corosync.h"
#include "storage_util.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_clusterfs");

/* Limits of mkfs.ocfs2 (-L) and mkfs.gfs2 (-t <cluster>:<fsname>). */
#define ONTAP_OCFS2_LABEL_MAX 63
#define ONTAP_GFS2_FSNAME_MAX 30


static blkid_probe
virStorageOntapClusterFSNewProbe(const char *device,
                                 int fd)
{
    blkid_probe probe;

    if (!(probe = blkid_new_probe())) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot create a filesystem probe for %1$s"), device);
        return NULL;
    }
    if (blkid_probe_set_device(probe, fd, 0, 0) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot probe %1$s"), device);
        blkid_free_probe(probe);
        return NULL;
    }

    /* Filesystems and partition tables alike: both mean "not empty". */
    blkid_probe_enable_superblocks(probe, 1);
    blkid_probe_set_superblocks_flags(probe, BLKID_SUBLKS_TYPE |
                                      BLKID_SUBLKS_LABEL | BLKID_SUBLKS_MAGIC);
    blkid_probe_enable_partitions(probe, 1);
    blkid_probe_set_partitions_flags(probe, BLKID_PARTS_MAGIC);
    return probe;
}


/**
 * virStorageOntapClusterFSProbe:
 * @device: the block device
 * @found: set to what it holds ("ocfs2", "ext4", "dos partition table"...)
 *
 * Returns 0 when the device holds no signature libblkid knows, 1 when it
 * holds something (@found says what), -1 on error.
 */
int
virStorageOntapClusterFSProbe(const char *device,
                              char **found)
{
    VIR_AUTOCLOSE fd = -1;
    blkid_probe probe;
    const char *value = NULL;
    int rc;

    if ((fd = open(device, O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, _("cannot open %1$s"), device);
        return -1;
    }
    if (!(probe = virStorageOntapClusterFSNewProbe(device, fd)))
        return -1;

    rc = blkid_do_safeprobe(probe);
    if (rc == 1) {
        blkid_free_probe(probe);
        return 0;
    }

    if (rc == -2) {
        *found = g_strdup("several signatures");
    } else if (rc == 0 && blkid_probe_lookup_value(probe, "TYPE", &value, NULL) == 0) {
        *found = g_strdup(value);
    } else if (rc == 0 && blkid_probe_lookup_value(probe, "PTTYPE", &value, NULL) == 0) {
        *found = g_strdup_printf("%s partition table", value);
    } else if (rc == 0) {
        *found = g_strdup("an unknown signature");
    } else {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot probe what %1$s holds"), device);
        blkid_free_probe(probe);
        return -1;
    }

    VIR_DEBUG("%s holds %s", device, *found);
    blkid_free_probe(probe);
    return 1;
}


/**
 * virStorageOntapClusterFSWipe:
 * @device: the block device
 *
 * Erase every filesystem and partition-table signature on @device (as
 * wipefs -a does): mkfs.ocfs2 asks before overwriting an OCFS2 volume even
 * when forced, and a wiped device is what "overwrite" promises.
 */
int
virStorageOntapClusterFSWipe(const char *device)
{
    VIR_AUTOCLOSE fd = -1;
    blkid_probe probe;
    int ret = -1;

    if ((fd = open(device, O_RDWR | O_CLOEXEC | O_EXCL)) < 0) {
        virReportSystemError(errno, _("cannot open %1$s to wipe it"), device);
        return -1;
    }
    if (!(probe = virStorageOntapClusterFSNewProbe(device, fd)))
        return -1;

    while (blkid_do_probe(probe) == 0) {
        if (blkid_do_wipe(probe, 0) < 0) {
            virReportSystemError(errno, _("cannot wipe a signature of %1$s"), device);
            goto cleanup;
        }
    }
    if (fsync(fd) < 0) {
        virReportSystemError(errno, _("cannot flush %1$s"), device);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    blkid_free_probe(probe);
    return ret;
}


/**
 * virStorageOntapClusterFSParseMounted:
 * @output: what "mounted.ocfs2 -f DEVICE" printed
 * @nodes: set to the nodes that have it mounted ("host-a, host-b"), or
 *         NULL when none has
 *
 * The columns are aligned under a header whose last column is "Nodes";
 * the flags column before it may be blank, so the nodes are read from
 * the header's offset.
 *
 * Returns 0 on success, -1 (error reported) when @output is not that table.
 */
int
virStorageOntapClusterFSParseMounted(const char *output,
                                     char **nodes)
{
    g_auto(GStrv) lines = g_strsplit(output, "\n", 0);
    const char *col;
    size_t off;
    size_t i;

    *nodes = NULL;
    if (!lines[0] || !(col = strstr(lines[0], "Nodes")) ||
        !STRPREFIX(lines[0], "Device")) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot read which nodes have the OCFS2 filesystem mounted from '%1$s'"),
                       output);
        return -1;
    }
    off = col - lines[0];

    for (i = 1; lines[i]; i++) {
        g_autofree char *value = NULL;

        if (strlen(lines[i]) <= off)
            continue;
        value = g_strstrip(g_strdup(lines[i] + off));
        if (*value && STRNEQ(value, "Not mounted")) {
            *nodes = g_steal_pointer(&value);
            break;
        }
    }
    return 0;
}


/* Who has the OCFS2 on @device mounted, as its heartbeat area shows:
 * mounted.ocfs2's full detection reads it twice and names the nodes whose
 * heartbeat moved, this host included. */
static int
virStorageOntapClusterFSMountedOCFS2(const char *device,
                                     char **nodes)
{
    g_autoptr(virCommand) cmd = virStorageOntapCommandNew("mounted.ocfs2", "-f",
                                                     device, NULL);
    g_autofree char *output = NULL;

    virCommandSetOutputBuffer(cmd, &output);
    if (virStorageOntapCommandRun(cmd, NULL) < 0)
        return -1;
    return virStorageOntapClusterFSParseMounted(output, nodes);
}


/* The label libblkid reads on @device (a GFS2 filesystem's lock table),
 * or NULL when it has none. */
static int
virStorageOntapClusterFSLabel(const char *device,
                              char **label)
{
    VIR_AUTOCLOSE fd = -1;
    blkid_probe probe;
    const char *value = NULL;

    *label = NULL;
    if ((fd = open(device, O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, _("cannot open %1$s"), device);
        return -1;
    }
    if (!(probe = virStorageOntapClusterFSNewProbe(device, fd)))
        return -1;
    if (blkid_do_safeprobe(probe) == 0 &&
        blkid_probe_lookup_value(probe, "LABEL", &value, NULL) == 0)
        *label = g_strdup(value);
    blkid_free_probe(probe);
    return 0;
}


/* Who has the GFS2 on @device mounted: the nodes in the DLM lockspace of
 * its lock table ("<cluster>:<fsname>"). A lock_nolock filesystem has no
 * lock table and no cluster to ask (docs/storage.rst). */
static int
virStorageOntapClusterFSMountedGFS2(const char *device,
                                    char **nodes)
{
    g_autofree char *table = NULL;
    const char *fsname;

    if (virStorageOntapClusterFSLabel(device, &table) < 0)
        return -1;
    if (!table || !(fsname = strchr(table, ':'))) {
        VIR_DEBUG("%s: GFS2 without a lock table", device);
        return 0;
    }
    return virStorageOntapCorosyncLockspaceNodes(fsname + 1, nodes);
}


/**
 * virStorageOntapClusterFSMountedNodes:
 * @device: a block device
 * @found: the filesystem it holds, as virStorageOntapClusterFSProbe says
 * @nodes: set to the cluster nodes that have it mounted ("host-a,
 *         host-b"), this host included, or NULL when none has or @found
 *         is no cluster filesystem
 *
 * Returns 0 on success, -1 on error (then nobody can tell).
 */
int
virStorageOntapClusterFSMountedNodes(const char *device,
                                     const char *found,
                                     char **nodes)
{
    int format = virStoragePoolOntapFormatTypeFromString(found);
    int rc = 0;

    *nodes = NULL;
    if (format == VIR_STORAGE_POOL_ONTAP_FORMAT_OCFS2)
        rc = virStorageOntapClusterFSMountedOCFS2(device, nodes);
    else if (format == VIR_STORAGE_POOL_ONTAP_FORMAT_GFS2)
        rc = virStorageOntapClusterFSMountedGFS2(device, nodes);
    if (rc < 0)
        return -1;
    VIR_DEBUG("%s (%s) is mounted on %s", device, found, NULLSTR(*nodes));
    return 0;
}


/* A GFS2 filesystem name from the pool name: letters, digits, - and _. */
static char *
virStorageOntapClusterFSGFS2Name(const char *pool)
{
    g_autofree char *name = g_strndup(pool, ONTAP_GFS2_FSNAME_MAX);
    char *p;

    for (p = name; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
            *p = '_';
    }
    return g_steal_pointer(&name);
}


/**
 * virStorageOntapClusterFSMkfsCmd:
 * @def: a block-mode 'ontap' pool
 * @device: the LUN or namespace
 *
 * The command that creates the pool's filesystem, without any question
 * asked (the caller has checked and wiped the device).
 */
virCommand *
virStorageOntapClusterFSMkfsCmd(virStoragePoolDef *def,
                                const char *device)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;
    virStoragePoolOntapCluster *cluster = &ontap->cluster;
    bool local = cluster->local == VIR_TRISTATE_BOOL_YES;
    g_autoptr(virCommand) cmd = NULL;

    switch (ontap->format) {
    case VIR_STORAGE_POOL_ONTAP_FORMAT_OCFS2: {
        g_autofree char *label = g_strndup(def->name, ONTAP_OCFS2_LABEL_MAX);

        /* 4 KiB blocks: the default below 1 GiB (2 KiB) cannot be written
         * to a namespace or LUN of 4 KiB logical blocks. */
        cmd = virStorageOntapCommandNew("mkfs.ocfs2", "-q", "-F", "-b", "4K",
                                   "-L", label, NULL);
        /* refcount trees make reflinks (FICLONE) possible */
        virCommandAddArg(cmd, "--fs-features=refcount,xattr");
        if (cluster->slots) {
            virCommandAddArg(cmd, "-N");
            virCommandAddArgFormat(cmd, "%u", cluster->slots);
        }
        if (local)
            virCommandAddArgList(cmd, "-M", "local", NULL);
        else
            virCommandAddArgList(cmd, "--cluster-stack=o2cb", NULL);
        if (!local && cluster->name)
            virCommandAddArgFormat(cmd, "--cluster-name=%s", cluster->name);
        break;
    }

    case VIR_STORAGE_POOL_ONTAP_FORMAT_GFS2: {
        g_autofree char *fsname = virStorageOntapClusterFSGFS2Name(def->name);

        cmd = virStorageOntapCommandNew("mkfs.gfs2", "-O", "-p",
                                   local ? "lock_nolock" : "lock_dlm", NULL);
        if (cluster->name) {
            virCommandAddArg(cmd, "-t");
            virCommandAddArgFormat(cmd, "%s:%s", cluster->name, fsname);
        }
        if (cluster->journals) {
            virCommandAddArg(cmd, "-j");
            virCommandAddArgFormat(cmd, "%u", cluster->journals);
        }
        break;
    }

    case VIR_STORAGE_POOL_ONTAP_FORMAT_NONE:
    case VIR_STORAGE_POOL_ONTAP_FORMAT_LAST:
    default:
        virReportEnumRangeError(virStoragePoolOntapFormat, ontap->format);
        return NULL;
    }

    virCommandAddArg(cmd, device);
    return g_steal_pointer(&cmd);
}


/* o2cb registers every node of the cluster and marks the one whose name
 * is this host's: without it, a mount fails only after its heartbeat
 * starts. */
static bool
virStorageOntapClusterFSO2CBIsNode(const char *registered)
{
    g_autofree char *nodes = g_strdup_printf("%s/node", registered);
    g_autoptr(DIR) dir = NULL;
    struct dirent *ent;

    if (virDirOpenQuiet(&dir, nodes) < 0)
        return false;
    while (virDirRead(dir, &ent, NULL) > 0) {
        g_autofree char *local = NULL;

        if (virFileReadValueString(&local, "%s/%s/local", nodes, ent->d_name) < 0) {
            virResetLastError();
            continue;
        }
        if (STREQ(local, "1"))
            return true;
    }
    return false;
}


static int
virStorageOntapClusterFSCheckO2CB(const char *sysfs,
                                  virStoragePoolDef *def)
{
    const char *name = def->source.ontap->cluster.name;
    g_autofree char *stack = NULL;
    g_autofree char *registered = NULL;

    if (virFileReadValueString(&stack, "%s/fs/ocfs2/cluster_stack", sysfs) < 0) {
        virResetLastError();
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': the OCFS2 cluster stack is not loaded (no %2$s/fs/ocfs2/cluster_stack): bring the o2cb cluster '%3$s' online first"),
                       def->name, sysfs, name);
        return -1;
    }
    if (STRNEQ(stack, "o2cb")) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': the active OCFS2 cluster stack is '%2$s', the pool needs o2cb"),
                       def->name, stack);
        return -1;
    }

    registered = g_strdup_printf("%s/kernel/config/cluster/%s", sysfs, name);
    if (!virFileIsDir(registered)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': o2cb cluster '%2$s' is not online (run 'o2cb register-cluster %3$s' or start the o2cb service)"),
                       def->name, name, name);
        return -1;
    }
    if (!virStorageOntapClusterFSO2CBIsNode(registered)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': this host is not a node of o2cb cluster '%2$s' (add it with 'o2cb add-node %3$s <hostname> --ip <address>' on every node, then run 'o2cb register-cluster %4$s')"),
                       def->name, name, name, name);
        return -1;
    }
    return 0;
}


static int
virStorageOntapClusterFSCheckDLM(const char *sysfs,
                                 virStoragePoolDef *def)
{
    const char *name = def->source.ontap->cluster.name;
    g_autofree char *running = NULL;

    /* dlm_controld writes the corosync cluster's name there. */
    if (virFileReadValueString(&running, "%s/kernel/config/dlm/cluster/cluster_name",
                               sysfs) < 0) {
        virResetLastError();
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': the DLM is not running (start corosync and dlm_controld of cluster '%2$s')"),
                       def->name, name);
        return -1;
    }
    if (STRNEQ(running, name)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': the DLM runs for cluster '%2$s', the pool needs '%3$s'"),
                       def->name, running, name);
        return -1;
    }
    return virStorageOntapCorosyncCheckQuorate(def->name, name);
}


/**
 * virStorageOntapClusterFSCheckStack:
 * @sysfs: where sysfs is mounted (configfs being under it)
 * @def: a block-mode 'ontap' pool
 *
 * Check that the cluster stack the pool's filesystem needs is online with
 * the pool's cluster name; single-node filesystems need none.
 */
int
virStorageOntapClusterFSCheckStack(const char *sysfs,
                                   virStoragePoolDef *def)
{
    virStoragePoolOntapSource *ontap = def->source.ontap;

    if (ontap->cluster.local == VIR_TRISTATE_BOOL_YES)
        return 0;

    if (ontap->format == VIR_STORAGE_POOL_ONTAP_FORMAT_OCFS2)
        return virStorageOntapClusterFSCheckO2CB(sysfs, def);
    return virStorageOntapClusterFSCheckDLM(sysfs, def);
}


virCommand *
virStorageOntapClusterFSMountCmd(const char *mountProg,
                                 virStoragePoolDef *def,
                                 const char *device)
{
    return virStorageOntapCommandNew(mountProg, "-t",
                                virStoragePoolOntapFormatTypeToString(def->source.ontap->format),
                                "-o", virStorageBackendFileSystemDefaultMountOpts(),
                                device, def->target.path, NULL);
}
