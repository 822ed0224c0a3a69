/*
 * fuzzsysfs.c: fuzz target of the readers of the kernel's sysfs tree: NVMe
 * controllers, subsystems, namespaces and ANA states, iSCSI sessions and
 * SCSI disks (storage_ontap_nvme.c, storage_ontap_iscsi.c,
 * storage_ontap_scsi.c)
 *
 * The input is a tree, laid into a fresh directory: records separated by
 * NUL bytes, each "f<path>\n<content>" for a file or "l<path>\n<target>"
 * for a symbolic link. Paths are relative, without "." or ".."
 * components; a link's target is relative and stays inside the tree.
 * Records that break these rules are skipped, so that the readers never
 * look outside the tree.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "virfile.h"
#include "storage/storage_ontap_iscsi.h"
#include "storage/storage_ontap_nvme.h"
#include "storage/storage_ontap_scsi.h"

/* what the unit tests' trees hold */
#define FUZZ_SUBSYS "nqn.2024-01.org.libvirt-ontap:vm.nvme1"
#define FUZZ_UUID "4f3c2a10-8d1e-4b7a-9c55-0a1b2c3d4e5f"
#define FUZZ_IQN "iqn.2024-01.org.libvirt-ontap:vm.target1"
#define FUZZ_WWID "3600a098038303053453f463045726b32"

#define FUZZ_MAX_DEPTH 12


/* The number of components of @path, or -1 when one is empty, "." or
 * "..". */
static int
fuzzSysfsDepth(const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    size_t i;

    for (i = 0; parts[i]; i++) {
        if (!*parts[i] || STREQ(parts[i], ".") || STREQ(parts[i], ".."))
            return -1;
    }
    return i;
}


/* Whether the relative link @target from a link @depth components deep
 * stays inside the tree: ".." only leads the target (as in sysfs's own
 * "../../devices/..."), and never climbs above the root. Links are made
 * only where no parent is a link, so that a link's directory is where
 * its path says. */
static bool
fuzzSysfsLinkInside(const char *target,
                    int depth)
{
    g_auto(GStrv) parts = g_strsplit(target, "/", -1);
    int up = 0;
    bool down = false;
    size_t i;

    if (*target == '/' || !*target)
        return false;
    for (i = 0; parts[i]; i++) {
        if (STREQ(parts[i], "..")) {
            if (down)
                return false;
            up++;
        } else if (*parts[i]) {
            down = true;
        }
    }
    return up <= depth - 1;
}


/* Whether a directory of @path under @root is a link. */
static bool
fuzzSysfsThroughLink(const char *root,
                     const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    g_autofree char *prefix = g_strdup(root);
    size_t i;

    for (i = 0; parts[i] && parts[i + 1]; i++) {
        g_autofree char *next = g_build_filename(prefix, parts[i], NULL);
        struct stat sb;

        if (lstat(next, &sb) == 0 && S_ISLNK(sb.st_mode))
            return true;
        g_free(prefix);
        prefix = g_steal_pointer(&next);
    }
    return false;
}


static void
fuzzSysfsRecord(const char *root,
                const char *rec,
                size_t len)
{
    g_autofree char *copy = g_strndup(rec, len);
    g_autofree char *path = NULL;
    g_autofree char *dir = NULL;
    char *nl;
    int depth;

    if (len < 2 || (copy[0] != 'f' && copy[0] != 'l') || !(nl = strchr(copy, '\n')))
        return;
    *nl = '\0';
    if ((depth = fuzzSysfsDepth(copy + 1)) < 1 || depth > FUZZ_MAX_DEPTH ||
        fuzzSysfsThroughLink(root, copy + 1))
        return;
    path = g_build_filename(root, copy + 1, NULL);
    dir = g_path_get_dirname(path);
    if (g_mkdir_with_parents(dir, 0700) < 0)
        return;
    if (copy[0] == 'f') {
        ignore_value(g_file_set_contents(path, nl + 1, len - (nl + 1 - copy), NULL));
    } else if (fuzzSysfsLinkInside(nl + 1, depth)) {
        ignore_value(symlink(nl + 1, path));
    }
}


static void
fuzzSysfsRead(const char *root)
{
    g_autoptr(GPtrArray) ctrls = NULL;
    g_autoptr(GPtrArray) sessions = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_autofree char *head = NULL;
    g_autofree char *byUUID = NULL;
    size_t i;

    ignore_value(virStorageOntapNVMeMultipathEnabled(root));
    if (virStorageOntapNVMeFindNamespace(root, FUZZ_SUBSYS, NULL, 1, &head) > 0 &&
        (!head || !*head))
        FUZZ_FAIL("a namespace found without a head");
    ignore_value(virStorageOntapNVMeFindNamespace(root, FUZZ_SUBSYS, FUZZ_UUID, 0, &byUUID));
    if (virStorageOntapNVMeReadCtrls(root, FUZZ_SUBSYS, &ctrls) == 0) {
        for (i = 0; i < ctrls->len; i++) {
            virStorageOntapNVMeCtrl *c = g_ptr_array_index(ctrls, i);
            g_autofree char *ana = NULL;

            if (!c->name || !*c->name)
                FUZZ_FAIL("a controller without a name");
            if (head)
                ana = virStorageOntapNVMePathANAState(root, c->name, head);
        }
    }

    if (virStorageOntapISCSIReadSessions(root, FUZZ_IQN, &sessions) == 0) {
        for (i = 0; i < sessions->len; i++) {
            virStorageOntapISCSISession *s = g_ptr_array_index(sessions, i);

            /* a session with no connection yet has no portal */
            if (!s->state)
                FUZZ_FAIL("session %u without a state", s->sid);
            if (s->address &&
                !virStorageOntapISCSIFindSession(sessions, s->address, s->port))
                FUZZ_FAIL("session %u not found by its own portal", s->sid);
        }
    }

    if (virStorageOntapSCSIFindDisks(root, FUZZ_WWID, &disks) == 0) {
        for (i = 0; i < disks->len; i++) {
            virStorageOntapSCSIDisk *d = g_ptr_array_index(disks, i);

            if (!d->name || !*d->name)
                FUZZ_FAIL("a disk without a name");
        }
    }
    virResetLastError();
}


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autofree char *root = g_strdup("/tmp/fuzz-sysfs-XXXXXX");
    const char *p = (const char *) data;
    const char *end = p + size;

    fuzzInit();
    if (!g_mkdtemp(root))
        abort();
    while (p < end) {
        const char *nul = memchr(p, '\0', end - p);
        size_t len = nul ? (size_t) (nul - p) : (size_t) (end - p);

        fuzzSysfsRecord(root, p, len);
        p += len + 1;
    }
    fuzzSysfsRead(root);
    virFileDeleteTree(root);
    return 0;
}
