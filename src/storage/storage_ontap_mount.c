/*
 * storage_ontap_mount.c: the target directory of an 'ontap' pool
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <mntent.h>

#include "storage_ontap_mount.h"
#include "storage_ontap_command.h"
#include "vircommand.h"
#include "virerror.h"
#include "virfile.h"
#include "virsocketaddr.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE


/* @path as the kernel names mount points: its parent resolved, not
 * @path itself, whose lookup would reach the mounted filesystem (and
 * block on an NFS server that is gone). A parent that cannot be resolved
 * (not made yet) leaves @path as it is: nothing is mounted under it. */
char *
virStorageOntapMountCanonical(const char *path)
{
    g_autofree char *trimmed = g_strdup(path);
    g_autofree char *parent = NULL;
    g_autofree char *base = NULL;
    g_autofree char *real = NULL;

    while (strlen(trimmed) > 1 && g_str_has_suffix(trimmed, "/"))
        trimmed[strlen(trimmed) - 1] = '\0';
    if (STREQ(trimmed, "/"))
        return g_strdup("/");
    parent = g_path_get_dirname(trimmed);
    base = g_path_get_basename(trimmed);
    if (!(real = virFileCanonicalizePath(parent)))
        return g_steal_pointer(&trimmed);
    return g_build_filename(real, base, NULL);
}


/**
 * virStorageOntapMountFind:
 * @mounts: a mount table as the kernel writes it ("/proc/self/mounts";
 *          the tests give their own)
 * @path: a directory
 * @source: set to the source of the mount on @path (the topmost), or
 *          NULL; may be NULL
 *
 * Whether something is mounted on @path, by the kernel's mount table. It
 * does not stat @path or any mount point: a stat on an NFS mount whose
 * server is gone blocks, and one of a directory whose mount is being
 * replaced can see either filesystem.
 *
 * Returns 1 when something is mounted on @path, 0 when nothing is, -1
 * (error reported) when the table cannot be read.
 */
int
virStorageOntapMountFind(const char *mounts,
                         const char *path,
                         char **source)
{
    g_autoptr(FILE) table = NULL;
    g_autofree char *canonical = NULL;
    struct mntent ent;
    char buf[1024];
    int found = 0;

    if (source)
        *source = NULL;
    canonical = virStorageOntapMountCanonical(path);

    if (!(table = fopen(mounts, "r"))) {
        virReportSystemError(errno, _("cannot read the mount table %1$s"), mounts);
        return -1;
    }
    while (getmntent_r(table, &ent, buf, sizeof(buf)) != NULL) {
        if (STRNEQ(ent.mnt_dir, canonical))
            continue;
        found = 1;
        if (source) {
            g_free(*source);
            *source = g_strdup(ent.mnt_fsname);
        }
    }
    return found;
}


/* Before start mounts: the target exists and has nothing mounted on it. */
int
virStorageOntapMountCheckTarget(virStoragePoolDef *def)
{
    int rc;

    if (!virFileIsDir(def->target.path)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': target directory %2$s does not exist, build the pool first"),
                       def->name, def->target.path);
        return -1;
    }
    if ((rc = virStorageOntapMountFind(VIR_STORAGE_ONTAP_MOUNTS, def->target.path, NULL)) < 0)
        return -1;
    if (rc > 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': something is already mounted on %2$s"),
                       def->name, def->target.path);
        return -1;
    }
    return 0;
}


/* Unmount @path if something is mounted there; quiet when nothing is.
 * A busy filesystem stays mounted: umount(8) says so. */
int
virStorageOntapUnmount(const char *path)
{
    g_autoptr(virCommand) cmd = NULL;
    int rc;

    if ((rc = virStorageOntapMountFind(VIR_STORAGE_ONTAP_MOUNTS, path, NULL)) <= 0)
        return rc;

    cmd = virStorageOntapCommandNew(UMOUNT, path, NULL);
    return virStorageOntapCommandRun(cmd, NULL);
}


/* The file of @link under @path ("" for @path itself), or NULL. */
static const char *
virStorageOntapMountRelative(const char *link,
                             const char *path)
{
    const char *rest = STRSKIP(link, path);

    if (!rest)
        return NULL;
    if (*rest == '\0')
        return rest;
    if (*rest != '/')
        return NULL;
    return rest + 1;
}


/* Add what process @pid of @procDir holds under @path to @buf. */
static void
virStorageOntapMountUsersOf(const char *procDir,
                            const char *pid,
                            const char *path,
                            virBuffer *buf,
                            size_t *count)
{
    g_autofree char *fdDir = g_strdup_printf("%s/%s/fd", procDir, pid);
    g_autofree char *commFile = g_strdup_printf("%s/%s/comm", procDir, pid);
    g_autofree char *cwdLink = g_strdup_printf("%s/%s/cwd", procDir, pid);
    g_autofree char *comm = NULL;
    g_autofree char *cwd = NULL;
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    const char *rel;
    size_t i;

    if (virDirOpenQuiet(&dh, fdDir) >= 0) {
        while (virDirRead(dh, &ent, NULL) > 0) {
            g_autofree char *fd = g_strdup_printf("%s/%s", fdDir, ent->d_name);
            g_autofree char *target = g_file_read_link(fd, NULL);

            if (target && (rel = virStorageOntapMountRelative(target, path)) && *rel &&
                !g_ptr_array_find_with_equal_func(files, rel, g_str_equal, NULL))
                g_ptr_array_add(files, g_strdup(rel));
        }
    }
    cwd = g_file_read_link(cwdLink, NULL);
    if (files->len == 0 && !(cwd && virStorageOntapMountRelative(cwd, path)))
        return;
    g_ptr_array_sort(files, (GCompareFunc) virStringSortCompare);

    if (virFileReadAllQuiet(commFile, 256, &comm) >= 0)
        g_strchomp(comm);

    if ((*count)++ > 0)
        virBufferAddLit(buf, "; ");
    virBufferAsprintf(buf, "process %s (%s) ", pid, NULLSTR(comm));
    if (files->len == 0) {
        virBufferAddLit(buf, "works in it");
        return;
    }
    virBufferAddLit(buf, "has ");
    for (i = 0; i < files->len; i++)
        virBufferAsprintf(buf, "%s'%s'", i > 0 ? ", " : "",
                          (const char *) g_ptr_array_index(files, i));
    virBufferAddLit(buf, " open");
}


static gint
virStorageOntapMountComparePid(gconstpointer a,
                               gconstpointer b)
{
    pid_t pa = *(const pid_t *) a;
    pid_t pb = *(const pid_t *) b;

    return pa < pb ? -1 : pa > pb;
}


/**
 * virStorageOntapMountUsers:
 * @procDir: the proc filesystem ("/proc"; the tests give a fake one)
 * @path: a pool's target directory
 *
 * What keeps @path busy: the processes that have files under it open, or
 * their working directory in it, with the files, as in "process 1234
 * (qemu-system-x86) has 'vm1.qcow2' open". Processes that cannot be read
 * are left out.
 *
 * Returns the description, or NULL when nothing is seen using @path.
 */
char *
virStorageOntapMountUsers(const char *procDir,
                          const char *path)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autoptr(GArray) pids = g_array_new(FALSE, FALSE, sizeof(pid_t));
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    size_t count = 0;
    size_t i;

    if (virDirOpenQuiet(&dh, procDir) < 0)
        return NULL;
    while (virDirRead(dh, &ent, NULL) > 0) {
        int num;

        if (virStrToLong_i(ent->d_name, NULL, 10, &num) == 0 && num > 0) {
            pid_t pid = num;

            g_array_append_val(pids, pid);
        }
    }
    g_array_sort(pids, virStorageOntapMountComparePid);

    for (i = 0; i < pids->len; i++) {
        g_autofree char *pid = g_strdup_printf("%lld", (long long) g_array_index(pids, pid_t, i));

        virStorageOntapMountUsersOf(procDir, pid, path, &buf, &count);
    }
    return virBufferContentAndReset(&buf);
}


/**
 * virStorageOntapMountPending:
 * @procDir: the proc filesystem ("/proc"; the tests give a fake one)
 * @path: a pool's target directory
 *
 * A process that names @path in its arguments, as mount(8) and its
 * helpers do while they mount on it: a daemon killed in the middle of a
 * pool-start leaves its mount running, and what that mount uses must not
 * be let go of under it.
 *
 * Returns the process's pid, or 0 when none is seen.
 */
pid_t
virStorageOntapMountPending(const char *procDir,
                            const char *path)
{
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;

    if (virDirOpenQuiet(&dh, procDir) < 0)
        return 0;
    while (virDirRead(dh, &ent, NULL) > 0) {
        g_autofree char *file = NULL;
        g_autofree char *args = NULL;
        const char *arg;
        int num;
        int len;

        if (virStrToLong_i(ent->d_name, NULL, 10, &num) < 0 || num <= 0)
            continue;
        file = g_strdup_printf("%s/%s/cmdline", procDir, ent->d_name);
        if ((len = virFileReadAllQuiet(file, 64 * 1024, &args)) <= 0)
            continue;
        /* NUL-separated arguments */
        for (arg = args; arg < args + len; arg += strlen(arg) + 1) {
            if (STREQ(arg, path))
                return num;
        }
    }
    return 0;
}


/* The numeric form of an address, as sysfs and iscsiadm show it. */
char *
virStorageOntapNumericAddr(const char *name)
{
    virSocketAddr addr;

    if (virSocketAddrParseAny(&addr, name, AF_UNSPEC, true) < 0)
        return NULL;
    return virSocketAddrFormat(&addr);
}
