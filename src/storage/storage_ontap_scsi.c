/*
 * storage_ontap_scsi.c: SCSI disks of a LUN, found by WWID in sysfs, and
 * the rescan of FC hosts (the block modes' SCSI side: iSCSI and FC)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The WWID is the one multipath and udev use: the SCSI designator type
 * digit followed by the identifier (3 + NAA hex for an ONTAP LUN:
 * 3600a0980...), while sysfs' device/wwid shows "naa.600a0980...".
 */

#include <config.h>

#include "storage_ontap_scsi.h"
#include "storage_ontap_sysfs.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_scsi");


void
virStorageOntapSCSIDiskFree(virStorageOntapSCSIDisk *disk)
{
    if (!disk)
        return;
    g_free(disk->name);
    g_free(disk->hctl);
    g_free(disk->state);
    g_free(disk->devno);
    g_free(disk);
}


/**
 * virStorageOntapSCSIWWIDFromSysfs:
 * @wwid: the content of sysfs' device/wwid ("naa.600A0980...")
 *
 * The WWID as multipath names it (designator type digit + identifier in
 * lower case: "3600a0980..."), or NULL for designators it does not use.
 */
char *
virStorageOntapSCSIWWIDFromSysfs(const char *wwid)
{
    static const struct {
        const char *prefix;
        char type;
    } types[] = {
        { "naa.", '3' },
        { "eui.", '2' },
        { "t10.", '1' },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(types); i++) {
        if (STRPREFIX(wwid, types[i].prefix)) {
            g_autofree char *id = g_ascii_strdown(wwid + strlen(types[i].prefix), -1);

            /* t10 identifiers keep their spaces as multipath's '_' */
            g_strdelimit(id, " ", '_');
            return g_strdup_printf("%c%s", types[i].type, id);
        }
    }
    return NULL;
}


static int
virStorageOntapSCSIReadDisk(const char *blockDir,
                            const char *name,
                            const char *wanted,
                            virStorageOntapSCSIDisk *disk)
{
    g_autofree char *raw = NULL;
    g_autofree char *wwid = NULL;
    g_autofree char *link = NULL;
    g_autofree char *target = NULL;
    char *end = NULL;

    if (virFileReadValueString(&raw, "%s/%s/device/wwid", blockDir, name) < 0) {
        virResetLastError();
        return 0;
    }
    if (!(wwid = virStorageOntapSCSIWWIDFromSysfs(raw)) || STRNEQ(wwid, wanted))
        return 0;

    /* device is a link to .../host2/target2:0:0/2:0:0:0 */
    link = g_strdup_printf("%s/%s/device", blockDir, name);
    if (virFileResolveLink(link, &target) < 0) {
        virReportSystemError(errno, _("cannot resolve %1$s"), link);
        return -1;
    }

    disk->name = g_strdup(name);
    disk->hctl = g_path_get_basename(target);
    if (virStrToLong_ui(disk->hctl, &end, 10, &disk->host) < 0 || *end != ':') {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("unexpected SCSI address '%1$s' of %2$s"), disk->hctl, name);
        return -1;
    }
    if (virFileReadValueString(&disk->devno, "%s/%s/dev", blockDir, name) < 0)
        return -1;
    if (virFileReadValueString(&disk->state, "%s/%s/device/state", blockDir, name) < 0) {
        virResetLastError();
        disk->state = g_strdup("unknown");
    }
    return 1;
}


/**
 * virStorageOntapSCSIFindDisks:
 * @sysfs: where sysfs is mounted
 * @wwid: the LUN's WWID, as multipath names it
 * @disks: set to the SCSI disks showing that LUN (virStorageOntapSCSIDisk),
 *         sorted by name
 *
 * Returns 0 on success (none found too), -1 on error.
 */
int
virStorageOntapSCSIFindDisks(const char *sysfs,
                             const char *wwid,
                             GPtrArray **disks)
{
    g_autofree char *dir = g_strdup_printf("%s/block", sysfs);
    g_autofree char *wanted = g_ascii_strdown(wwid, -1);
    g_auto(GStrv) names = NULL;
    g_autoptr(GPtrArray) list = NULL;
    size_t i;
    int rc;

    if (virStorageOntapSysfsList(dir, "sd", &names) < 0)
        return -1;

    list = g_ptr_array_new_with_free_func((GDestroyNotify) virStorageOntapSCSIDiskFree);
    for (i = 0; names[i]; i++) {
        g_autoptr(virStorageOntapSCSIDisk) disk = g_new0(virStorageOntapSCSIDisk, 1);

        if ((rc = virStorageOntapSCSIReadDisk(dir, names[i], wanted, disk)) < 0)
            return -1;
        if (rc > 0)
            g_ptr_array_add(list, g_steal_pointer(&disk));
    }

    *disks = g_steal_pointer(&list);
    return 0;
}


/**
 * virStorageOntapSCSIScanHost:
 * @sysfs: where sysfs is mounted
 * @host: a SCSI host (an iSCSI session's, an FC HBA's)
 * @lun: the LUN to scan for, or -1 for all of them
 *
 * Ask the SCSI host to scan for one LUN on every channel and target, so
 * that no other LUN the array maps to this host turns into a disk here.
 */
int
virStorageOntapSCSIScanHost(const char *sysfs,
                            unsigned int host,
                            int lun)
{
    g_autofree char *scan = g_strdup_printf("%s/class/scsi_host/host%u/scan",
                                            sysfs, host);
    g_autofree char *what = NULL;

    if (lun >= 0)
        what = g_strdup_printf("- - %d", lun);
    else
        what = g_strdup("- - -");

    VIR_DEBUG("scanning SCSI host %u for '%s'", host, what);
    if (virFileWriteStr(scan, what, 0) < 0) {
        virReportSystemError(errno, _("cannot scan SCSI host %1$u"), host);
        return -1;
    }
    return 0;
}


/**
 * virStorageOntapSCSIDeleteDisk:
 * @sysfs: where sysfs is mounted
 * @name: a SCSI disk (sdb)
 *
 * Remove the disk from the kernel (its I/O is done: the multipath map on
 * it is gone), as the LUN it showed is no longer used here.
 */
int
virStorageOntapSCSIDeleteDisk(const char *sysfs,
                              const char *name)
{
    g_autofree char *del = g_strdup_printf("%s/block/%s/device/delete", sysfs, name);

    VIR_DEBUG("deleting SCSI disk %s", name);
    if (virFileWriteStr(del, "1", 0) < 0) {
        virReportSystemError(errno, _("cannot delete SCSI disk %1$s"), name);
        return -1;
    }
    return 0;
}


/**
 * virStorageOntapSCSICheckFC:
 * @sysfs: where sysfs is mounted
 *
 * Returns 0 when the host has an FC HBA, -1 with an error saying it has
 * none.
 */
int
virStorageOntapSCSICheckFC(const char *sysfs)
{
    g_autofree char *dir = g_strdup_printf("%s/class/fc_host", sysfs);
    g_auto(GStrv) hosts = NULL;

    if (virStorageOntapSysfsList(dir, "host", &hosts) < 0)
        return -1;
    if (!hosts[0]) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       _("this host has no Fibre Channel HBA (no fc_host in sysfs)"));
        return -1;
    }
    return 0;
}


/**
 * virStorageOntapSCSIRescanFC:
 * @sysfs: where sysfs is mounted
 * @nhosts: set to the number of FC hosts rescanned
 *
 * Ask every FC host to scan for new targets and LUNs ("- - -" to its SCSI
 * host's scan). Never a LIP (issue_lip): that resets the link under the
 * I/O of every other LUN.
 */
int
virStorageOntapSCSIRescanFC(const char *sysfs,
                            size_t *nhosts)
{
    g_autofree char *dir = g_strdup_printf("%s/class/fc_host", sysfs);
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    int rc;

    *nhosts = 0;
    if (virStorageOntapSCSICheckFC(sysfs) < 0 ||
        virDirOpen(&dh, dir) < 0)
        return -1;

    while ((rc = virDirRead(dh, &ent, dir)) > 0) {
        g_autofree char *scan = g_strdup_printf("%s/class/scsi_host/%s/scan",
                                                sysfs, ent->d_name);

        VIR_DEBUG("rescanning FC host %s", ent->d_name);
        if (virFileWriteStr(scan, "- - -", 0) < 0) {
            virReportSystemError(errno, _("cannot rescan FC host %1$s"), ent->d_name);
            return -1;
        }
        (*nhosts)++;
    }
    return rc < 0 ? -1 : 0;
}
