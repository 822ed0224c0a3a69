/*
 * storageontapmounttest.c: what keeps an ontap pool's target busy, read
 * from a fake proc tree
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <unistd.h>

#include "testutils.h"
#include "virfile.h"
#include "storage/storage_ontap_mount.h"

#define VIR_FROM_THIS VIR_FROM_NONE

#define TARGET "/var/lib/libvirt/ontap/nfs-ds"


static int
testLink(const char *proc,
         const char *rel,
         const char *target)
{
    g_autofree char *path = g_strdup_printf("%s/%s", proc, rel);
    g_autofree char *dir = g_path_get_dirname(path);

    if (g_mkdir_with_parents(dir, 0700) < 0 || symlink(target, path) < 0) {
        fprintf(stderr, "cannot create %s: %s\n", path, g_strerror(errno));
        return -1;
    }
    return 0;
}


static int
testComm(const char *proc,
         const char *pid,
         const char *comm)
{
    g_autofree char *path = g_strdup_printf("%s/%s/comm", proc, pid);

    return virFileWriteStr(path, comm, 0600);
}


static int
testUsers(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *proc = g_strdup_printf("%s/storageontapmountdata-XXXXXX", abs_builddir);
    g_autofree char *users = NULL;
    g_autofree char *none = NULL;
    int ret = -1;

    if (!g_mkdtemp(proc))
        return -1;

    /* a guest with two volumes open, one of them twice; a shell working
     * in the pool; a process of another pool whose name starts the same;
     * one with nothing there; and what is not a process */
    if (testLink(proc, "4242/fd/0", "/dev/null") < 0 ||
        testLink(proc, "4242/fd/17", TARGET "/vm1.qcow2") < 0 ||
        testLink(proc, "4242/fd/18", TARGET "/base/vm-base.raw") < 0 ||
        testLink(proc, "4242/fd/19", TARGET "/vm1.qcow2") < 0 ||
        testLink(proc, "4242/cwd", "/") < 0 ||
        testComm(proc, "4242", "qemu-system-x86\n") < 0 ||
        testLink(proc, "977/cwd", TARGET) < 0 ||
        testLink(proc, "977/fd/0", "/dev/pts/0") < 0 ||
        testComm(proc, "977", "bash\n") < 0 ||
        testLink(proc, "5000/fd/3", TARGET "-old/x.raw") < 0 ||
        testLink(proc, "5000/cwd", TARGET "-old") < 0 ||
        testComm(proc, "5000", "cp\n") < 0 ||
        testLink(proc, "1/fd/3", "socket:[1234]") < 0 ||
        testLink(proc, "1/cwd", "/") < 0 ||
        testLink(proc, "self", "4242") < 0)
        goto cleanup;

    users = virStorageOntapMountUsers(proc, TARGET);
    if (virTestCompareToString("process 977 (bash) works in it; "
                               "process 4242 (qemu-system-x86) has 'base/vm-base.raw', 'vm1.qcow2' open",
                               users) < 0)
        goto cleanup;

    if ((none = virStorageOntapMountUsers(proc, "/var/lib/libvirt/ontap/idle"))) {
        fprintf(stderr, "an idle target is in use by: %s\n", none);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    virFileDeleteTree(proc);
    return ret;
}


static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("processes using a target", testUsers, NULL) < 0)
        ret = -1;
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
