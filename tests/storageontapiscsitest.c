/*
 * storageontapiscsitest.c: CHAP written into open-iscsi node records,
 * sendtargets discovery output, iSCSI sessions in a fake sysfs tree
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virfile.h"
#include "storage/storage_ontap_iscsi.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define TEST_IQN "iqn.2024-01.org.libvirt-ontap:vm.target1"
#define TEST_DATA abs_srcdir "/storageontapiscsidata"


/* A nodes directory with the record behind two portals of the target. */
static char *
testMakeNodes(const char *record)
{
    g_autofree char *tmp = g_strdup("/tmp/storageontapiscsitest-XXXXXX");
    const char *portals[] = { "127.0.30.1,3260,1", "127.0.30.2,3260,1" };
    size_t i;

    if (!g_mkdtemp(tmp))
        return NULL;
    for (i = 0; i < G_N_ELEMENTS(portals); i++) {
        g_autofree char *dir = g_strdup_printf("%s/%s/%s", tmp, TEST_IQN, portals[i]);
        g_autofree char *file = g_strdup_printf("%s/default", dir);

        if (g_mkdir_with_parents(dir, 0700) < 0 ||
            virFileWriteStr(file, record, 0600) < 0)
            return NULL;
    }
    return g_steal_pointer(&tmp);
}


static int
testSetNodeAuth(const void *opaque G_GNUC_UNUSED)
{
    virStorageOntapISCSIChap chap = {
        .username = "host1", .password = "s3cret-out",
        .usernameIn = "array1", .passwordIn = "s3cret-in",
    };
    g_autofree char *record = NULL;
    g_autofree char *nodes = NULL;
    g_autofree char *path1 = NULL;
    g_autofree char *path2 = NULL;
    g_autofree char *got1 = NULL;
    g_autofree char *got2 = NULL;
    int ret = -1;

    if (virFileReadAll(abs_srcdir "/storageontapiscsidata/record", 4096, &record) < 0 ||
        !(nodes = testMakeNodes(record)))
        return -1;
    path1 = g_strdup_printf("%s/%s/127.0.30.1,3260,1/default", nodes, TEST_IQN);
    path2 = g_strdup_printf("%s/%s/127.0.30.2,3260,1/default", nodes, TEST_IQN);

    if (virStorageOntapISCSISetNodeAuth(nodes, TEST_IQN, "127.0.30.1", 3260, &chap) != 1 ||
        virFileReadAll(path1, 4096, &got1) < 0 ||
        virFileReadAll(path2, 4096, &got2) < 0)
        goto cleanup;

    /* The other portal's record is left as it was. */
    if (STRNEQ(got2, record) ||
        virTestCompareToFile(got1, abs_srcdir "/storageontapiscsidata/record-chap") < 0)
        goto cleanup;

    /* A portal without a record: discovery did not run. */
    if (virStorageOntapISCSISetNodeAuth(nodes, TEST_IQN, "127.0.30.9", 3260, &chap) >= 0)
        goto cleanup;
    virResetLastError();
    ret = 0;

 cleanup:
    virFileDeleteTree(nodes);
    return ret;
}


static int
testParseDiscovery(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *output = NULL;
    g_autofree char *actual = NULL;
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    virStorageOntapISCSIPortal *portals = NULL;
    size_t nportals = 0;
    size_t i;

    if (virFileReadAll(TEST_DATA "/discovery.txt", 64 * 1024, &output) < 0 ||
        virStorageOntapISCSIParseDiscovery(output, &portals, &nportals) < 0)
        return -1;
    for (i = 0; i < nportals; i++)
        virBufferAsprintf(&buf, "%s %d %d %s\n", portals[i].address, portals[i].port,
                          portals[i].tpgt, portals[i].target);
    virStorageOntapISCSIPortalsFree(portals, nportals);

    /* a line that is no portal is an error, not skipped */
    if (virStorageOntapISCSIParseDiscovery("iscsiadm: No portals found\n",
                                           &portals, &nportals) == 0)
        return -1;
    virResetLastError();

    actual = virBufferContentAndReset(&buf);
    return virTestCompareToFile(actual, TEST_DATA "/discovery-parsed.txt");
}


static int
testReadSessions(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *actual = NULL;
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    virStorageOntapISCSISession *sessions = NULL;
    size_t nsessions = 0;
    size_t i;
    bool found;

    if (virStorageOntapISCSIReadSessions(TEST_DATA "/sysfs", TEST_IQN,
                                         &sessions, &nsessions) < 0)
        return -1;
    for (i = 0; i < nsessions; i++)
        virBufferAsprintf(&buf, "%u %s:%d,%d host%u %s\n", sessions[i].sid,
                          sessions[i].address, sessions[i].port, sessions[i].tpgt,
                          sessions[i].host, sessions[i].state);
    found = virStorageOntapISCSIFindSession(sessions, nsessions, "127.0.30.2", 3260) == &sessions[1] &&
            !virStorageOntapISCSIFindSession(sessions, nsessions, "127.0.30.2", 3261);
    virStorageOntapISCSISessionsFree(sessions, nsessions);
    if (!found)
        return -1;

    actual = virBufferContentAndReset(&buf);
    return virTestCompareToFile(actual, TEST_DATA "/sessions.txt");
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("CHAP in a node record", testSetNodeAuth, NULL) < 0)
        ret = -1;
    if (virTestRun("sendtargets discovery output", testParseDiscovery, NULL) < 0)
        ret = -1;
    if (virTestRun("iSCSI sessions in sysfs", testReadSessions, NULL) < 0)
        ret = -1;

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
