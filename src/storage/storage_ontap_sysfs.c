/*
 * storage_ontap_sysfs.c: listing sysfs directories for 'ontap' pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "storage_ontap_sysfs.h"
#include "virfile.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE


/**
 * virStorageOntapSysfsList:
 * @dir: a sysfs directory (/sys/class/nvme, /sys/block...)
 * @prefix: what the wanted entries' names start with
 * @names: set to those names, sorted, in a NULL-terminated list
 *
 * A directory that does not exist (its driver is not loaded) has none.
 * Sorted, so that what the pool shows does not depend on readdir's order.
 *
 * Returns 0 on success, -1 on error.
 */
int
virStorageOntapSysfsList(const char *dir,
                         const char *prefix,
                         GStrv *names)
{
    g_autoptr(DIR) dh = NULL;
    g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func(g_free);
    struct dirent *ent;
    int rc;

    if ((rc = virDirOpenIfExists(&dh, dir)) < 0)
        return -1;
    while (rc > 0 && (rc = virDirRead(dh, &ent, dir)) > 0) {
        if (STRPREFIX(ent->d_name, prefix))
            g_ptr_array_add(list, g_strdup(ent->d_name));
    }
    if (rc < 0)
        return -1;

    g_ptr_array_sort(list, (GCompareFunc) virStringSortCompare);
    g_ptr_array_add(list, NULL);
    *names = (GStrv) g_ptr_array_free(g_steal_pointer(&list), FALSE);
    return 0;
}
