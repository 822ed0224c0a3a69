/*
 * storage_ontap_mount.c: the target directory of an 'ontap' pool
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "storage_ontap_mount.h"
#include "vircommand.h"
#include "virerror.h"
#include "virfile.h"
#include "virsocketaddr.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE


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
    if ((rc = virFileIsMountPoint(def->target.path)) < 0)
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

    if ((rc = virFileIsMountPoint(path)) <= 0)
        return rc;

    cmd = virCommandNewArgList(UMOUNT, path, NULL);
    return virCommandRun(cmd, NULL);
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
