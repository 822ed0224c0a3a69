/*
 * storageontapnfstest.c: NFS transports of 'ontap' pools, read from fake
 * sunrpc sysfs trees
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "storage_conf.h"
#include "storage/storage_ontap_nfs.h"

#define VIR_FROM_THIS VIR_FROM_NONE

static const char *poolXML =
    "<pool type='ontap'>"
    "  <name>trunked</name>"
    "  <source>"
    "    <protocol name='nfs' ver='4.2'/>"
    "    <host name='127.0.10.1'/>"
    "    <host name='127.0.10.2'/>"
    "    <host name='127.0.10.3'/>"
    "    <dir path='/srv/export'/>"
    "    <connections nconnect='2' trunking='yes'/>"
    "  </source>"
    "  <target><path>/var/lib/libvirt/ontap/trunked</path></target>"
    "</pool>";


static int
testReadPaths(const void *opaque)
{
    const char *name = opaque;
    g_autoptr(virStoragePoolDef) def = NULL;
    g_autofree char *sysfs = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *actual = NULL;
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    virStoragePoolOntapPath *paths = NULL;
    size_t npaths = 0;
    size_t i;

    if (!(def = virStoragePoolDefParse(poolXML, NULL, 0)))
        return -1;

    sysfs = g_strdup_printf("%s/storageontapnfsdata/%s", abs_srcdir, name);
    expected = g_strdup_printf("%s/storageontapnfsdata/%s.txt", abs_srcdir, name);

    if (virStorageOntapNFSReadPaths(sysfs, def, &paths, &npaths) < 0)
        return -1;

    for (i = 0; i < npaths; i++)
        virBufferAsprintf(&buf, "%s transports=%u connected=%u\n", paths[i].address,
                          paths[i].transports, paths[i].connected);
    virStoragePoolOntapPathsFree(paths, npaths);

    actual = virBufferContentAndReset(&buf);
    return virTestCompareToFile(actual, expected);
}


static int
testNoSysfs(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStoragePoolDef) def = NULL;
    virStoragePoolOntapPath *paths = NULL;
    size_t npaths = 0;

    if (!(def = virStoragePoolDefParse(poolXML, NULL, 0)))
        return -1;

    /* A kernel without sunrpc sysfs: an error, never made-up counts. */
    if (virStorageOntapNFSReadPaths(abs_srcdir "/storageontapnfsdata/missing",
                                    def, &paths, &npaths) == 0) {
        virStoragePoolOntapPathsFree(paths, npaths);
        return -1;
    }
    virResetLastError();
    return 0;
}


static int
mymain(void)
{
    int ret = 0;

#define DO_TEST(name) \
    if (virTestRun("ontap NFS transports " name, testReadPaths, name) < 0) \
        ret = -1

    DO_TEST("trunk");
    DO_TEST("other");
    DO_TEST("none");

    if (virTestRun("ontap NFS transports without sysfs", testNoSysfs, NULL) < 0)
        ret = -1;

    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
