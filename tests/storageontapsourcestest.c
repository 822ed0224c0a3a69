/*
 * storageontapsourcestest.c: what find-storage-pool-sources answers for
 * 'ontap' pools, from the answers of several discoveries
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "storage/storage_ontap_sources.h"

#define VIR_FROM_THIS VIR_FROM_NONE


/* Two discovery controllers of one array: each lists the portals it
 * knows, and they overlap. */
static const virStorageOntapNVMeDiscEntry testNVMeFirst[] = {
    { (char *) "nqn.1992-08.com.netapp:sn.1:subsystem.a", (char *) "tcp",
      (char *) "127.0.20.1", (char *) "4420", false },
    { (char *) "nqn.1992-08.com.netapp:sn.1:subsystem.a", (char *) "tcp",
      (char *) "127.0.20.2", (char *) "4420", false },
    { (char *) "nqn.2014-08.org.nvmexpress.discovery", (char *) "tcp",
      (char *) "127.0.20.3", (char *) "8009", true },
    { (char *) "nqn.1992-08.com.netapp:sn.1:subsystem.rdma", (char *) "rdma",
      (char *) "127.0.20.4", (char *) "4420", false },
};

static const virStorageOntapNVMeDiscEntry testNVMeSecond[] = {
    { (char *) "nqn.1992-08.com.netapp:sn.1:subsystem.a", (char *) "tcp",
      (char *) "127.0.20.2", (char *) "4420", false },
    { (char *) "nqn.1992-08.com.netapp:sn.1:subsystem.b", (char *) "tcp",
      (char *) "127.0.20.2", (char *) "4421", false },
};

static const virStorageOntapISCSIPortal testISCSIFirst[] = {
    { (char *) "127.0.30.1", 3260, 1, (char *) "iqn.2003-01.org.example:t1" },
    { (char *) "127.0.30.2", 3260, 2, (char *) "iqn.2003-01.org.example:t1" },
    { (char *) "127.0.30.1", 3260, 1, (char *) "iqn.2003-01.org.example:t2" },
};

static const virStorageOntapISCSIPortal testISCSISecond[] = {
    { (char *) "127.0.30.2", 3260, 2, (char *) "iqn.2003-01.org.example:t1" },
    { (char *) "::1", 3261, 3, (char *) "iqn.2003-01.org.example:t2" },
};


/* The elements of a static array, as a discovery hands them over; they
 * stay the test's. */
static GPtrArray *
testList(const void *elems,
         size_t size,
         size_t n)
{
    GPtrArray *list = g_ptr_array_new();
    size_t i;

    for (i = 0; i < n; i++)
        g_ptr_array_add(list, (void *) ((const char *) elems + i * size));
    return list;
}

#define TEST_LIST(array) testList(array, sizeof(array[0]), G_N_ELEMENTS(array))


static int
testCompare(virStoragePoolSourceList *list,
            const char *name)
{
    g_autofree char *file = g_strdup_printf("%s/storageontapsourcesdata/%s.xml",
                                            abs_srcdir, name);
    g_autofree char *xml = virStoragePoolSourceListFormat(list);

    if (!xml)
        return -1;
    return virTestCompareToFile(xml, file);
}


/* One source per subsystem, each portal once; referrals and portals of
 * another transport are not sources. */
static int
testNVMe(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStoragePoolSourceList) list = virStorageOntapSourcesNew();
    g_autoptr(GPtrArray) first = TEST_LIST(testNVMeFirst);
    g_autoptr(GPtrArray) second = TEST_LIST(testNVMeSecond);

    virStorageOntapSourcesAddNVMe(list, VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP, first);
    virStorageOntapSourcesAddNVMe(list, VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP, second);
    return testCompare(list, "nvme-tcp");
}


static int
testISCSI(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStoragePoolSourceList) list = virStorageOntapSourcesNew();
    g_autoptr(GPtrArray) first = TEST_LIST(testISCSIFirst);
    g_autoptr(GPtrArray) second = TEST_LIST(testISCSISecond);

    virStorageOntapSourcesAddISCSI(list, first);
    virStorageOntapSourcesAddISCSI(list, second);
    return testCompare(list, "iscsi");
}


static int
testEmpty(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStoragePoolSourceList) list = virStorageOntapSourcesNew();
    g_autoptr(GPtrArray) entries = TEST_LIST(testNVMeSecond);

    virStorageOntapSourcesAddNVMe(list, VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA, entries);
    return testCompare(list, "empty");
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("NVMe discoveries merged", testNVMe, NULL) < 0)
        ret = -1;
    if (virTestRun("iSCSI discoveries merged", testISCSI, NULL) < 0)
        ret = -1;
    if (virTestRun("no source of the transport", testEmpty, NULL) < 0)
        ret = -1;
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
