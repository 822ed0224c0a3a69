/*
 * storageontappathstatetest.c: how the path monitor of 'ontap' pools
 * tells that a path changed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "storage/storage_ontap_pathstate.h"

#define VIR_FROM_THIS VIR_FROM_NONE


/* Two NFS LIFs; the second one's transports as given. */
static virStoragePoolOntapSource *
testNFS(unsigned int second,
        bool unreachable)
{
    virStoragePoolOntapSource *ontap = g_new0(virStoragePoolOntapSource, 1);

    ontap->npaths = 2;
    ontap->paths = g_new0(virStoragePoolOntapPath, 2);
    ontap->paths[0].address = g_strdup("192.0.2.11");
    ontap->paths[0].transports = 4 - second;
    ontap->paths[0].connected = 4 - second;
    ontap->paths[1].address = g_strdup("192.0.2.12");
    ontap->paths[1].transports = second;
    ontap->paths[1].connected = unreachable ? 0 : second;
    ontap->paths[1].unreachable = unreachable;
    return ontap;
}


static virStoragePoolOntapSource *
testNVMe(const char *state,
         const char *ana)
{
    virStoragePoolOntapSource *ontap = g_new0(virStoragePoolOntapSource, 1);

    ontap->npaths = 1;
    ontap->paths = g_new0(virStoragePoolOntapPath, 1);
    ontap->paths[0].address = g_strdup("192.0.2.21");
    ontap->paths[0].port = 4420;
    ontap->paths[0].controller = g_strdup("nvme1");
    ontap->paths[0].controllerState = g_strdup(state);
    ontap->paths[0].ana = g_strdup(ana);
    return ontap;
}


/* iSCSI: one path, or none once its disk is deleted. */
static virStoragePoolOntapSource *
testISCSI(const char *state,
          virTristateBool active,
          unsigned int failures)
{
    virStoragePoolOntapSource *ontap = g_new0(virStoragePoolOntapSource, 1);

    if (!state)
        return ontap;
    ontap->npaths = 1;
    ontap->paths = g_new0(virStoragePoolOntapPath, 1);
    ontap->paths[0].address = g_strdup("192.0.2.31");
    ontap->paths[0].port = 3260;
    ontap->paths[0].session = 3;
    ontap->paths[0].sessionState = g_strdup(state);
    ontap->paths[0].disk = g_strdup("sdb");
    ontap->paths[0].diskState = g_strdup("running");
    ontap->paths[0].mpathActive = active;
    ontap->paths[0].failures = failures;
    return ontap;
}


static int
testChanges(virStoragePoolOntapSource *before,
            virStoragePoolOntapSource *after,
            const char *expected)
{
    g_autoptr(GPtrArray) changes = virStorageOntapPathStateChanges(before, after);
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autofree char *actual = NULL;
    size_t i;

    for (i = 0; i < changes->len; i++)
        virBufferAsprintf(&buf, "%s\n", (const char *) g_ptr_array_index(changes, i));
    actual = virBufferContentAndReset(&buf);

    virStoragePoolOntapSourceFree(before);
    virStoragePoolOntapSourceFree(after);
    return virTestCompareToString(expected, NULLSTR_EMPTY(actual));
}


static int
testNFSChanges(const void *opaque G_GNUC_UNUSED)
{
    if (testChanges(testNFS(1, false), testNFS(1, false), "") < 0 ||
        /* the LIF stops answering: one change, then its transports move */
        testChanges(testNFS(1, false), testNFS(1, true),
                    "192.0.2.12 changed: 1 transports (1 connected) -> unreachable, 1 transports (0 connected)\n") < 0 ||
        testChanges(testNFS(1, true), testNFS(0, true),
                    "192.0.2.11 changed: 3 transports (3 connected) -> 4 transports (4 connected)\n"
                    "192.0.2.12 changed: unreachable, 1 transports (0 connected) -> unreachable, 0 transports (0 connected)\n") < 0)
        return -1;
    return 0;
}


static int
testNVMeChanges(const void *opaque G_GNUC_UNUSED)
{
    if (testChanges(testNVMe("live", "optimized"), testNVMe("live", "optimized"), "") < 0 ||
        testChanges(testNVMe("live", "optimized"), testNVMe("connecting", "optimized"),
                    "192.0.2.21:4420 changed: controller nvme1 live, ANA optimized -> controller nvme1 connecting, ANA optimized\n") < 0 ||
        testChanges(testNVMe("live", "optimized"), testNVMe("live", "non-optimized"),
                    "192.0.2.21:4420 changed: controller nvme1 live, ANA optimized -> controller nvme1 live, ANA non-optimized\n") < 0)
        return -1;
    return 0;
}


static int
testSCSIChanges(const void *opaque G_GNUC_UNUSED)
{
    /* a failure the map counted and recovered from is no state change */
    if (testChanges(testISCSI("LOGGED_IN", VIR_TRISTATE_BOOL_YES, 0),
                    testISCSI("LOGGED_IN", VIR_TRISTATE_BOOL_YES, 1), "") < 0 ||
        testChanges(testISCSI("LOGGED_IN", VIR_TRISTATE_BOOL_YES, 0),
                    testISCSI("FAILED", VIR_TRISTATE_BOOL_NO, 1),
                    "192.0.2.31:3260 sdb changed: session 3 LOGGED_IN, disk running, multipath active -> session 3 FAILED, disk running, multipath failed\n") < 0 ||
        testChanges(testISCSI("FAILED", VIR_TRISTATE_BOOL_NO, 1),
                    testISCSI(NULL, VIR_TRISTATE_BOOL_ABSENT, 0),
                    "192.0.2.31:3260 sdb is gone\n") < 0 ||
        testChanges(testISCSI(NULL, VIR_TRISTATE_BOOL_ABSENT, 0),
                    testISCSI("LOGGED_IN", VIR_TRISTATE_BOOL_YES, 0),
                    "192.0.2.31:3260 sdb appeared: session 3 LOGGED_IN, disk running, multipath active\n") < 0)
        return -1;
    return 0;
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("NFS LIF changes", testNFSChanges, NULL) < 0)
        ret = -1;
    if (virTestRun("NVMe controller and ANA changes", testNVMeChanges, NULL) < 0)
        ret = -1;
    if (virTestRun("SCSI path changes", testSCSIChanges, NULL) < 0)
        ret = -1;
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
