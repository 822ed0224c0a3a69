/*
 * storageontapiscsitest.c: CHAP written into open-iscsi node records,
 * sendtargets discovery output, iSCSI sessions in a fake sysfs tree, and
 * the iscsiadm commands of a pool's life (golden file)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virfile.h"
#include "storage/storage_ontap_iscsi.h"

#define LIBVIRT_VIRCOMMANDPRIV_H_ALLOW
#include "vircommandpriv.h"

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
    g_autoptr(GPtrArray) portals = NULL;
    g_autoptr(GPtrArray) none = NULL;
    size_t i;

    if (virFileReadAll(TEST_DATA "/discovery.txt", 64 * 1024, &output) < 0 ||
        virStorageOntapISCSIParseDiscovery(output, &portals) < 0)
        return -1;
    for (i = 0; i < portals->len; i++) {
        virStorageOntapISCSIPortal *p = g_ptr_array_index(portals, i);

        virBufferAsprintf(&buf, "%s %d %d %s\n", p->address, p->port, p->tpgt, p->target);
    }

    /* a line that is no portal is an error, not skipped */
    if (virStorageOntapISCSIParseDiscovery("iscsiadm: No portals found\n", &none) == 0)
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
    g_autoptr(GPtrArray) sessions = NULL;
    size_t i;
    bool found;

    if (virStorageOntapISCSIReadSessions(TEST_DATA "/sysfs", TEST_IQN, &sessions) < 0)
        return -1;
    for (i = 0; i < sessions->len; i++) {
        virStorageOntapISCSISession *s = g_ptr_array_index(sessions, i);

        virBufferAsprintf(&buf, "%u %s:%d,%d host%u %s\n", s->sid,
                          s->address, s->port, s->tpgt, s->host, s->state);
    }
    found = sessions->len > 1 &&
            virStorageOntapISCSIFindSession(sessions, "127.0.30.2", 3260) == g_ptr_array_index(sessions, 1) &&
            !virStorageOntapISCSIFindSession(sessions, "127.0.30.2", 3261);
    if (!found)
        return -1;

    actual = virBufferContentAndReset(&buf);
    return virTestCompareToFile(actual, TEST_DATA "/sessions.txt");
}


/* iscsiadm as the tests fake it: discovery lists discovery.txt, a login
 * through 127.0.30.2 is refused for its credentials (exit status 24), one
 * through 127.0.30.3 hangs until timeout(1) ends it. */
static void
testISCSIAdm(const char *const*args,
             const char *const*env G_GNUC_UNUSED,
             const char *input G_GNUC_UNUSED,
             char **output,
             char **error,
             int *status,
             void *opaque G_GNUC_UNUSED)
{
    bool discovery = g_strv_contains(args, "discovery");
    bool login = g_strv_contains(args, "--login");

    *status = 0;
    *output = g_strdup("");
    *error = g_strdup("");
    if (discovery) {
        g_free(*output);
        ignore_value(virFileReadAll(TEST_DATA "/discovery.txt", 64 * 1024, output));
    }
    if (login && g_strv_contains(args, "127.0.30.2:3260,1")) {
        g_free(*error);
        *error = g_strdup("iscsiadm: initiator reported error (24 - iSCSI login failed due to authorization failure)\n");
        *status = 24;
    }
    /* timeout(1)'s status when it ended the program */
    if (login && g_strv_contains(args, "127.0.30.3:3260,1"))
        *status = 124;
}


static int
testCommands(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virCommandDryRunToken) dryRunToken = virCommandDryRunTokenNew();
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autofree char *actual = NULL;
    g_autofree char *nodes = NULL;
    g_autofree char *iface = NULL;
    g_autoptr(GPtrArray) portals = NULL;
    virStorageOntapISCSIChap chap = {
        .username = "kvm01", .password = "not-in-any-argv",
    };
    virStorageOntapISCSINode node = {
        .target = TEST_IQN, .iface = "default", .address = "127.0.30.1", .port = 3260, .tpgt = 1,
    };
    virStorageOntapISCSINode refused = node;
    virStorageOntapISCSINode hung = node;
    g_autofree char *content = NULL;
    /* the pool's replacement timeout, the NOP-Out interval, the record's timeout */
    virStoragePoolOntapSession timers = { .replacementTimeout = 3, .noopOutInterval = 2 };
    int ret = -1;

    refused.address = "127.0.30.2";
    hung.address = "127.0.30.3";
    if (!(nodes = testMakeNodes("node.name = " TEST_IQN "\n# END RECORD\n")))
        return -1;

    virCommandSetDryRun(dryRunToken, &buf, true, true, testISCSIAdm, NULL);

    if (virStorageOntapISCSIDiscover("127.0.30.1", 3260, &portals) < 0 ||
        portals->len != 4)
        goto cleanup;
    if (!(iface = virStorageOntapISCSIIface("/nonexistent", "iqn.1993-08.org.debian:01:kvm01")) ||
        !STRPREFIX(iface, "libvirt-ontap-"))
        goto cleanup;
    if (virStorageOntapISCSICreateRecord(&node) < 0 ||
        virStorageOntapISCSISetRecord(nodes, &node, true, NULL, &chap) < 0 ||
        virStorageOntapISCSISetRecord(nodes, &node, false, &timers, NULL) < 0 ||
        virStorageOntapISCSILogin(&node, true) < 0)
        goto cleanup;

    /* a refused login says why */
    if (virStorageOntapISCSILogin(&refused, true) == 0 ||
        !strstr(virGetLastErrorMessage(), "CHAP authentication failed"))
        goto cleanup;
    virResetLastError();

    if (virStorageOntapISCSILogout(&node) < 0 ||
        virStorageOntapISCSIDeleteRecord(&node) < 0)
        goto cleanup;

    /* a login that hangs is ended at iscsiadm's bound, and says so */
    if (virStorageOntapISCSILogin(&hung, true) == 0 ||
        !strstr(virGetLastErrorMessage(), "did not finish within 120 seconds")) {
        VIR_TEST_DEBUG("a hung login: %s", virGetLastErrorMessage());
        goto cleanup;
    }
    virResetLastError();

    /* where configure found iscsiadm is not the tests' business */
    content = virBufferContentAndReset(&buf);
    actual = virStringReplace(content, ISCSIADM, "iscsiadm");
    if (strstr(actual, chap.password)) {
        VIR_TEST_DEBUG("the CHAP password is in a command line");
        goto cleanup;
    }
    ret = virTestCompareToFileFull(actual, TEST_DATA "/commands.txt", false);

 cleanup:
    virFileDeleteTree(nodes);
    return ret;
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
    if (virTestRun("iscsiadm commands", testCommands, NULL) < 0)
        ret = -1;

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
