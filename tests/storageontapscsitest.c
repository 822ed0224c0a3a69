/*
 * storageontapscsitest.c: SCSI disks of a LUN found by WWID in a fake
 * sysfs tree, WWID forms, and the FC rescan
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virfile.h"
#include "storage/storage_ontap_scsi.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define TEST_SYSFS abs_srcdir "/storageontapscsidata/sysfs"


static int
testFindDisks(const void *opaque G_GNUC_UNUSED)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autofree char *actual = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GPtrArray) none = NULL;
    size_t i;

    /* Upper case in sysfs, lower case in the WWID: the same LUN. */
    if (virStorageOntapSCSIFindDisks(TEST_SYSFS, "3600A098038303053453f463045726b32",
                                     &disks) < 0)
        return -1;
    for (i = 0; i < disks->len; i++) {
        virStorageOntapSCSIDisk *d = g_ptr_array_index(disks, i);

        virBufferAsprintf(&buf, "%s %s %s %s host%u\n", d->name, d->hctl,
                          d->state, d->devno, d->host);
    }

    if (virStorageOntapSCSIFindDisks(TEST_SYSFS, "3600a0980ffffffffffffffffffffffff",
                                     &none) < 0 || none->len != 0)
        return -1;

    actual = virBufferContentAndReset(&buf);
    return virTestCompareToFile(actual, abs_srcdir "/storageontapscsidata/disks.txt");
}


static int
testWWID(const void *opaque G_GNUC_UNUSED)
{
    static const char *cases[][2] = {
        { "naa.600A098038303053453F463045726B32", "3600a098038303053453f463045726b32" },
        { "eui.0025388B71B5A3F1", "20025388b71b5a3f1" },
        { "t10.ATA     QEMU HARDDISK", "1ata_____qemu_harddisk" },
        { "xyz.1234", NULL },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *wwid = virStorageOntapSCSIWWIDFromSysfs(cases[i][0]);

        if (STRNEQ_NULLABLE(wwid, cases[i][1])) {
            VIR_TEST_DEBUG("'%s': expected '%s', got '%s'", cases[i][0],
                           NULLSTR(cases[i][1]), NULLSTR(wwid));
            return -1;
        }
    }
    return 0;
}


/* The rescan writes "- - -" to the SCSI host of each FC host, and only to
 * those: a fresh tree in a temporary directory, since it is written to. */
static int
testRescanFC(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *tmp = g_strdup("/tmp/storageontapscsitest-XXXXXX");
    g_autofree char *scan0 = NULL;
    g_autofree char *path0 = NULL;
    g_autofree char *path2 = NULL;
    g_autofree char *path3 = NULL;
    g_autofree char *scan2 = NULL;
    g_autofree char *scan3 = NULL;
    g_autofree char *none = NULL;
    size_t nhosts = 0;
    const char *hosts[] = { "class/fc_host/host2", "class/fc_host/host3",
                            "class/scsi_host/host0", "class/scsi_host/host2",
                            "class/scsi_host/host3" };
    size_t i;
    int ret = -1;

    if (!g_mkdtemp(tmp))
        return -1;
    for (i = 0; i < G_N_ELEMENTS(hosts); i++) {
        g_autofree char *d = g_strdup_printf("%s/%s", tmp, hosts[i]);

        g_autofree char *scan = g_strdup_printf("%s/scan", d);

        if (g_mkdir_with_parents(d, 0700) < 0)
            goto cleanup;
        /* sysfs attributes exist before they are written */
        if (STRPREFIX(hosts[i], "class/scsi_host") && virFileWriteStr(scan, "", 0600) < 0)
            goto cleanup;
    }

    if (virStorageOntapSCSIRescanFC(tmp, &nhosts) < 0 || nhosts != 2)
        goto cleanup;
    path2 = g_strdup_printf("%s/class/scsi_host/host2/scan", tmp);
    path3 = g_strdup_printf("%s/class/scsi_host/host3/scan", tmp);
    if (virFileReadAll(path2, 64, &scan2) < 0 || virFileReadAll(path3, 64, &scan3) < 0)
        goto cleanup;
    path0 = g_strdup_printf("%s/class/scsi_host/host0/scan", tmp);
    if (virFileReadAll(path0, 64, &scan0) < 0 ||
        STRNEQ(scan2, "- - -") || STRNEQ(scan3, "- - -") || STRNEQ(scan0, ""))
        goto cleanup;

    /* No FC HBA at all: a clear error, nothing written. */
    none = g_strdup_printf("%s/class/fc_host", tmp);
    virFileDeleteTree(none);
    if (virStorageOntapSCSIRescanFC(tmp, &nhosts) == 0)
        goto cleanup;
    virResetLastError();
    ret = 0;

 cleanup:
    virFileDeleteTree(tmp);
    return ret;
}


/* An empty sysfs attribute @rel under @tmp, as sysfs has it before it is
 * written to. */
static int
testMakeAttr(const char *tmp,
             const char *rel)
{
    g_autofree char *path = g_strdup_printf("%s/%s", tmp, rel);
    g_autofree char *dir = g_path_get_dirname(path);

    if (g_mkdir_with_parents(dir, 0700) < 0)
        return -1;
    return virFileWriteStr(path, "", 0600);
}


/* Does the attribute @rel under @tmp hold @want? */
static bool
testAttrIs(const char *tmp,
           const char *rel,
           const char *want)
{
    g_autofree char *path = g_strdup_printf("%s/%s", tmp, rel);
    g_autofree char *got = NULL;

    if (virFileReadAll(path, 64, &got) < 0)
        return false;
    if (STRNEQ(got, want)) {
        VIR_TEST_DEBUG("%s: expected '%s', got '%s'", rel, want, got);
        return false;
    }
    return true;
}


/* The scan of one LUN on one host, and the deletion of a disk, write what
 * the kernel expects where it expects it. */
static int
testScanAndDelete(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *tmp = g_strdup("/tmp/storageontapscsitest-XXXXXX");
    int ret = -1;

    if (!g_mkdtemp(tmp))
        return -1;
    if (testMakeAttr(tmp, "class/scsi_host/host5/scan") < 0 ||
        testMakeAttr(tmp, "block/sdq/device/delete") < 0)
        goto cleanup;

    if (virStorageOntapSCSIScanHost(tmp, 5, 3) < 0 ||
        !testAttrIs(tmp, "class/scsi_host/host5/scan", "- - 3") ||
        virStorageOntapSCSIScanHost(tmp, 5, -1) < 0 ||
        !testAttrIs(tmp, "class/scsi_host/host5/scan", "- - -") ||
        virStorageOntapSCSIDeleteDisk(tmp, "sdq") < 0 ||
        !testAttrIs(tmp, "block/sdq/device/delete", "1"))
        goto cleanup;

    /* a host that is not there is an error */
    if (virStorageOntapSCSIScanHost(tmp, 6, 0) == 0)
        goto cleanup;
    virResetLastError();

    /* no FC HBA */
    if (virStorageOntapSCSICheckFC(tmp) == 0)
        goto cleanup;
    virResetLastError();
    ret = 0;

 cleanup:
    virFileDeleteTree(tmp);
    return ret;
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("disks of a WWID", testFindDisks, NULL) < 0)
        ret = -1;
    if (virTestRun("WWID forms", testWWID, NULL) < 0)
        ret = -1;
    if (virTestRun("FC rescan", testRescanFC, NULL) < 0)
        ret = -1;
    if (virTestRun("LUN scan and disk deletion", testScanAndDelete, NULL) < 0)
        ret = -1;

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
