/*
 * storageontapnvmetest.c: NVMe-oF helpers of 'ontap' pools: controllers,
 * namespace heads and ANA states read from a fake sysfs tree, discovery
 * log pages, multipath detection
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <libnvme.h>

#include "testutils.h"
#include "storage_conf.h"
#include "storage/storage_ontap_nvme.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define TEST_SUBSYS "nqn.2024-01.org.libvirt-ontap:vm.nvme1"
#define TEST_HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:11111111-2222-3333-4444-555555555555"
#define TEST_SYSFS abs_srcdir "/storageontapnvmedata/sysfs"


/* Everything the pool shows of its paths, as text. */
static int
testPaths(const void *opaque G_GNUC_UNUSED)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autofree char *actual = NULL;
    g_autofree char *head1 = NULL;
    g_autofree char *head2 = NULL;
    g_autofree char *missing = NULL;
    g_autoptr(GPtrArray) ctrls = NULL;
    size_t i;
    int rc;

    if (virStorageOntapNVMeReadCtrls(TEST_SYSFS, TEST_SUBSYS, &ctrls) < 0)
        return -1;

    if (virStorageOntapNVMeFindNamespace(TEST_SYSFS, TEST_SUBSYS, NULL, 1, &head1) != 1 ||
        virStorageOntapNVMeFindNamespace(TEST_SYSFS, TEST_SUBSYS,
                                         "0B9F3E3C-7C52-4B39-A1F4-29D6F1A1D0C2", 0, &head2) != 1)
        return -1;
    if ((rc = virStorageOntapNVMeFindNamespace(TEST_SYSFS, TEST_SUBSYS, NULL, 7, &missing)) != 0) {
        VIR_TEST_DEBUG("nsid 7 should not be found: %d", rc);
        return -1;
    }

    virBufferAsprintf(&buf, "nsid 1: %s\nuuid 0b9f...: %s\n", head1, head2);
    for (i = 0; i < ctrls->len; i++) {
        virStorageOntapNVMeCtrl *c = g_ptr_array_index(ctrls, i);
        g_autofree char *ana1 = virStorageOntapNVMePathANAState(TEST_SYSFS, c->name, head1);
        g_autofree char *ana2 = virStorageOntapNVMePathANAState(TEST_SYSFS, c->name, head2);

        virBufferAsprintf(&buf, "%s %s %s %s:%s host=%s ana(%s)=%s ana(%s)=%s\n",
                          c->name, c->transport, c->state, c->traddr, c->trsvcid,
                          c->hostNQN, head1, NULLSTR(ana1), head2, NULLSTR(ana2));
    }

    if (!virStorageOntapNVMeFindCtrl(ctrls, "tcp", "127.0.20.2", "4420", TEST_HOSTNQN) ||
        virStorageOntapNVMeFindCtrl(ctrls, "tcp", "127.0.20.2", "4421", TEST_HOSTNQN) ||
        virStorageOntapNVMeFindCtrl(ctrls, "tcp", "127.0.20.1", "4420",
                                    "nqn.2014-08.org.nvmexpress:uuid:other") ||
        virStorageOntapNVMeFindCtrl(ctrls, "rdma", "127.0.20.1", "4420", NULL)) {
        VIR_TEST_DEBUG("controller matching is wrong");
        return -1;
    }

    actual = virBufferContentAndReset(&buf);
    return virTestCompareToFile(actual, abs_srcdir "/storageontapnvmedata/paths.txt");
}


static int
testMultipath(const void *opaque G_GNUC_UNUSED)
{
    if (virStorageOntapNVMeMultipathEnabled(TEST_SYSFS) != 1 ||
        virStorageOntapNVMeMultipathEnabled(abs_srcdir "/storageontapnvmedata/sysfs-off") != 0 ||
        virStorageOntapNVMeMultipathEnabled(abs_srcdir "/storageontapnvmedata/nowhere") != 0)
        return -1;
    return 0;
}


static int
testNoControllers(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(GPtrArray) ctrls = NULL;
    g_autofree char *head = NULL;

    /* No nvme class at all (module not loaded): nothing, not an error. */
    if (virStorageOntapNVMeReadCtrls(abs_srcdir "/storageontapnvmedata/sysfs-off",
                                     TEST_SUBSYS, &ctrls) < 0 ||
        ctrls->len != 0 ||
        virStorageOntapNVMeFindNamespace(abs_srcdir "/storageontapnvmedata/sysfs-off",
                                         TEST_SUBSYS, NULL, 1, &head) != 0)
        return -1;
    return 0;
}


static void
testDiscEntry(struct nvmf_disc_log_entry *e,
              uint8_t subtype,
              uint8_t trtype,
              const char *nqn,
              const char *traddr,
              const char *trsvcid)
{
    /* The log page pads its strings with spaces. */
    memset(e->subnqn, ' ', sizeof(e->subnqn));
    memset(e->traddr, ' ', sizeof(e->traddr));
    memset(e->trsvcid, ' ', sizeof(e->trsvcid));
    memcpy(e->subnqn, nqn, strlen(nqn));
    memcpy(e->traddr, traddr, strlen(traddr));
    memcpy(e->trsvcid, trsvcid, strlen(trsvcid));
    e->subtype = subtype;
    e->trtype = trtype;
    e->adrfam = NVMF_ADDR_FAMILY_IP4;
}


static int
testDiscoveryLog(const void *opaque G_GNUC_UNUSED)
{
    size_t n = 5;
    size_t logSize = sizeof(struct nvmf_discovery_log) + n * sizeof(struct nvmf_disc_log_entry);
    g_autofree struct nvmf_discovery_log *log = g_malloc0(logSize);
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autofree char *actual = NULL;
    g_autoptr(GPtrArray) entries = NULL;
    size_t i;

    log->numrec = htole64(n);
    log->genctr = htole64(3);
    testDiscEntry(&log->entries[0], NVME_NQN_CURR, NVMF_TRTYPE_TCP,
                  "nqn.1992-08.com.netapp:sn.0123:discovery", "192.0.2.21", "8009");
    testDiscEntry(&log->entries[1], NVME_NQN_NVME, NVMF_TRTYPE_TCP,
                  "nqn.1992-08.com.netapp:sn.0123:subsystem.kvm", "192.0.2.21", "4420");
    testDiscEntry(&log->entries[2], NVME_NQN_NVME, NVMF_TRTYPE_TCP,
                  "nqn.1992-08.com.netapp:sn.0123:subsystem.kvm", "192.0.2.22", "4420");
    testDiscEntry(&log->entries[3], NVME_NQN_NVME, NVMF_TRTYPE_TCP,
                  "nqn.1992-08.com.netapp:sn.0123:subsystem.db", "192.0.2.22", "4420");
    testDiscEntry(&log->entries[4], NVME_NQN_DISC, NVMF_TRTYPE_TCP,
                  "nqn.2014-08.org.nvmexpress.discovery", "192.0.2.99", "8009");

    if (virStorageOntapNVMeParseDiscoveryLog(log, logSize, &entries) < 0)
        return -1;

    for (i = 0; i < entries->len; i++) {
        virStorageOntapNVMeDiscEntry *e = g_ptr_array_index(entries, i);

        virBufferAsprintf(&buf, "%s %s %s:%s%s\n", e->subsysNQN, e->transport,
                          e->traddr, e->trsvcid, e->referral ? " referral" : "");
    }

    actual = virBufferContentAndReset(&buf);
    return virTestCompareToFile(actual, abs_srcdir "/storageontapnvmedata/discovery.txt");
}


/* The record count comes from the network: one past the page is refused. */
static int
testDiscoveryLogShort(const void *opaque G_GNUC_UNUSED)
{
    size_t logSize = sizeof(struct nvmf_discovery_log) + 2 * sizeof(struct nvmf_disc_log_entry);
    g_autofree struct nvmf_discovery_log *log = g_malloc0(logSize);
    g_autoptr(GPtrArray) entries = NULL;

    log->numrec = htole64(3);
    if (virStorageOntapNVMeParseDiscoveryLog(log, logSize, &entries) == 0)
        return -1;
    if (virTestCompareToString("internal error: NVMe discovery log page says it holds 3 records, its 3072 bytes hold 2",
                               virGetLastErrorMessage()) < 0)
        return -1;
    virResetLastError();

    if (virStorageOntapNVMeParseDiscoveryLog(log, 16, &entries) == 0)
        return -1;
    virResetLastError();
    return 0;
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("controllers, namespaces and ANA states", testPaths, NULL) < 0)
        ret = -1;
    if (virTestRun("native multipath", testMultipath, NULL) < 0)
        ret = -1;
    if (virTestRun("no controllers", testNoControllers, NULL) < 0)
        ret = -1;
    if (virTestRun("discovery log page", testDiscoveryLog, NULL) < 0)
        ret = -1;
    if (virTestRun("discovery log page shorter than its count", testDiscoveryLogShort, NULL) < 0)
        ret = -1;

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
