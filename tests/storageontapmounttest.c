/*
 * storageontapmounttest.c: what is mounted on an ontap pool's target, what
 * keeps it busy, and what still mounts on it, read from fake kernel files
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


/* The kernel's mount table: a pool's target found by name (escapes
 * decoded, a trailing slash and a path through a symlinked parent
 * resolved), the topmost of two stacked mounts, and nothing else. */
static int
testFind(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *dir = g_strdup_printf("%s/storageontapmountfind-XXXXXX", abs_builddir);
    g_autofree char *table = NULL;
    g_autofree char *link = NULL;
    g_autofree char *real = NULL;
    g_autofree char *viaLink = NULL;
    g_autofree char *content = NULL;
    g_autofree char *source = NULL;
    int ret = -1;

    if (!g_mkdtemp(dir))
        return -1;
    real = g_strdup_printf("%s/real", dir);
    link = g_strdup_printf("%s/link", dir);
    table = g_strdup_printf("%s/mounts", dir);
    viaLink = g_strdup_printf("%s/ds/", link);
    content = g_strdup_printf("/dev/vda / ext4 rw 0 0\n"
                              "/dev/nvme0n1 %1$s/ds ocfs2 rw 0 0\n"
                              "/dev/dm-3 %1$s/ds ocfs2 rw 0 0\n"
                              "192.0.2.11:/vm\\040store %1$s/with\\040space nfs4 rw 0 0\n"
                              "/dev/sdb %1$s/ds-old xfs rw 0 0\n",
                              real);
    if (g_mkdir_with_parents(real, 0700) < 0 || symlink(real, link) < 0 ||
        virFileWriteStr(table, content, 0600) < 0)
        goto cleanup;

    if (virStorageOntapMountFind(table, viaLink, &source) != 1 ||
        STRNEQ_NULLABLE(source, "/dev/dm-3")) {
        VIR_TEST_DEBUG("%s: found %s", viaLink, NULLSTR(source));
        goto cleanup;
    }
    g_clear_pointer(&source, g_free);
    g_free(viaLink);
    viaLink = g_strdup_printf("%s/with space", real);
    if (virStorageOntapMountFind(table, viaLink, &source) != 1 ||
        STRNEQ_NULLABLE(source, "192.0.2.11:/vm store")) {
        VIR_TEST_DEBUG("%s: found %s", viaLink, NULLSTR(source));
        goto cleanup;
    }
    g_free(viaLink);
    viaLink = g_strdup_printf("%s/d", real);
    if (virStorageOntapMountFind(table, viaLink, &source) != 0 || source) {
        VIR_TEST_DEBUG("%s: a prefix of a mount point is not one", viaLink);
        goto cleanup;
    }
    /* a directory not made yet has nothing mounted on it, and is no error */
    if (virStorageOntapMountFind(table, "/nonexistent/trunks/1", NULL) != 0)
        goto cleanup;
    if (virStorageOntapMountFind("/nonexistent/mounts", real, NULL) != -1)
        goto cleanup;
    virResetLastError();
    ret = 0;

 cleanup:
    virFileDeleteTree(dir);
    return ret;
}


static int
testCmdline(const char *proc,
            const char *pid,
            const char *args,
            size_t len)
{
    g_autofree char *dir = g_strdup_printf("%s/%s", proc, pid);
    g_autofree char *path = g_strdup_printf("%s/cmdline", dir);

    if (g_mkdir_with_parents(dir, 0700) < 0 ||
        !g_file_set_contents(path, args, len, NULL)) {
        fprintf(stderr, "cannot create %s\n", path);
        return -1;
    }
    return 0;
}


/* A mount still running on the target is seen by its arguments; one on
 * another target, or a path only starting the same, is not. */
static int
testPending(const void *opaque G_GNUC_UNUSED)
{
    g_autofree char *proc = g_strdup_printf("%s/storageontapmountpending-XXXXXX", abs_builddir);
    static const char mount[] = "mount.ocfs2\0/dev/nvme0n1\0" TARGET "\0-o\0rw";
    static const char other[] = "mount\0-t\0ocfs2\0/dev/sdb\0" TARGET "-old";
    static const char shell[] = "bash";
    int ret = -1;

    if (!g_mkdtemp(proc))
        return -1;
    if (testCmdline(proc, "31", shell, sizeof(shell)) < 0 ||
        testCmdline(proc, "77", other, sizeof(other)) < 0 ||
        testCmdline(proc, "self", mount, sizeof(mount)) < 0)
        goto cleanup;
    if (virStorageOntapMountPending(proc, TARGET) != 0)
        goto cleanup;
    if (testCmdline(proc, "4711", mount, sizeof(mount)) < 0 ||
        virStorageOntapMountPending(proc, TARGET) != 4711)
        goto cleanup;
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
    if (virTestRun("a target in the mount table", testFind, NULL) < 0)
        ret = -1;
    if (virTestRun("a mount still running on a target", testPending, NULL) < 0)
        ret = -1;
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
