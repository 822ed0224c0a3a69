/*
 * storageontapvolumestest.c: the volumes of an 'ontap' pool's target, read
 * by several workers at once, are what one worker reads
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <unistd.h>

#include "testutils.h"
#include "virerror.h"
#include "virfile.h"
#include "storage/storage_ontap_volumes.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define TEST_RAW 60
#define TEST_QCOW2 20


/* A qcow2 (version 2) header of @size virtual bytes, no backing file. */
static int
testWriteQcow2(const char *path,
               unsigned long long size)
{
    unsigned char hdr[512] = { 'Q', 'F', 'I', 0xfb, 0, 0, 0, 2 };
    size_t i;

    hdr[23] = 16;                       /* cluster_bits */
    for (i = 0; i < 8; i++)
        hdr[24 + i] = (size >> (56 - 8 * i)) & 0xff;
    return g_file_set_contents(path, (const char *) hdr, sizeof(hdr), NULL) ? 0 : -1;
}


/* raw-N.img of N KiB, disk-N.qcow2 of N GiB, a directory (a volume of
 * type dir, as in a 'dir' pool) and a dangling link (none). */
static int
testFillDir(const char *dir)
{
    g_autofree char *sub = g_build_filename(dir, "lost+found", NULL);
    g_autofree char *link = g_build_filename(dir, "dangling", NULL);
    size_t i;

    for (i = 1; i <= TEST_RAW; i++) {
        g_autofree char *path = g_strdup_printf("%s/raw-%zu.img", dir, i);
        g_autofree char *data = g_strnfill(i * 1024, 'x');

        if (!g_file_set_contents(path, data, i * 1024, NULL))
            return -1;
    }
    for (i = 1; i <= TEST_QCOW2; i++) {
        g_autofree char *path = g_strdup_printf("%s/disk-%zu.qcow2", dir, i);

        if (testWriteQcow2(path, i * 1024ULL * 1024 * 1024) < 0)
            return -1;
    }
    if (g_mkdir(sub, 0700) < 0 || symlink("/nonexistent/ontap", link) < 0)
        return -1;
    return 0;
}


/* "name format capacity" per volume, sorted. */
static char *
testDescribe(virStorageOntapVolumes *volumes)
{
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    for (i = 0; i < volumes->vols->len; i++) {
        virStorageVolDef *vol = g_ptr_array_index(volumes->vols, i);

        g_ptr_array_add(lines, g_strdup_printf("%s %d %llu", vol->name,
                                               vol->target.format,
                                               vol->target.capacity));
    }
    g_ptr_array_sort(lines, (GCompareFunc) virStringSortCompare);
    g_ptr_array_add(lines, NULL);
    return g_strjoinv("\n", (char **) lines->pdata);
}


static int
testReadVolumes(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_strdup("/tmp/ontap-volumes-XXXXXX");
    g_autoptr(virStorageOntapVolumes) one = NULL;
    g_autoptr(virStorageOntapVolumes) many = NULL;
    g_autofree char *oneText = NULL;
    g_autofree char *manyText = NULL;
    g_autofree char *qcow2 = NULL;
    g_autofree char *expected = NULL;
    int ret = -1;
    size_t i;

    if (!g_mkdtemp(dir))
        return -1;
    if (testFillDir(dir) < 0 ||
        !(one = virStorageOntapVolumesRead(dir, 1)) ||
        !(many = virStorageOntapVolumesRead(dir, 16)))
        goto cleanup;

    oneText = testDescribe(one);
    manyText = testDescribe(many);
    if (one->vols->len != TEST_RAW + TEST_QCOW2 + 1) {
        VIR_TEST_DEBUG("%u volumes, expected %d", one->vols->len, TEST_RAW + TEST_QCOW2 + 1);
        goto cleanup;
    }
    if (virTestCompareToString(oneText, manyText) < 0)
        goto cleanup;

    for (i = 0; i < many->vols->len; i++) {
        virStorageVolDef *vol = g_ptr_array_index(many->vols, i);

        if (STREQ(vol->name, "disk-7.qcow2"))
            qcow2 = g_strdup_printf("%d %llu", vol->target.format, vol->target.capacity);
    }
    expected = g_strdup_printf("%d %llu", VIR_STORAGE_FILE_QCOW2,
                               7ULL * 1024 * 1024 * 1024);
    if (virTestCompareToString(expected, qcow2) < 0)
        goto cleanup;
    if (many->capacity == 0 || many->capacity < many->available)
        goto cleanup;
    ret = 0;

 cleanup:
    virFileDeleteTree(dir);
    return ret;
}


static int
testReadMissing(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStorageOntapVolumes) volumes = virStorageOntapVolumesRead("/nonexistent/ontap", 4);

    if (volumes)
        return -1;
    return virTestCompareToString("cannot open directory '/nonexistent/ontap': No such file or directory",
                                  virGetLastErrorMessage());
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("volumes read by 1 and by 16 workers", testReadVolumes, NULL) < 0)
        ret = -1;
    if (virTestRun("a missing target", testReadMissing, NULL) < 0)
        ret = -1;
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
