/*
 * storage_ontap_mpath.c: the dm-multipath map of a SCSI LUN: found by the
 * device-mapper UUID multipathd gives it (mpath-<WWID>), and its paths read
 * from the target's status, through libdevmapper
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include <libdevmapper.h>

#include "storage_ontap_mpath.h"
#include "virerror.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_mpath");

/* multipathd names the map's device-mapper UUID after the WWID. */
#define ONTAP_MPATH_UUID_PREFIX "mpath-"


void
virStorageOntapMpathPathFree(virStorageOntapMpathPath *path)
{
    if (!path)
        return;
    g_free(path->device);
    g_free(path);
}


/* Read one unsigned number token of @tok at *@i. */
static int
virStorageOntapMpathNumber(char **tok,
                           size_t *i,
                           unsigned int *value)
{
    if (!tok[*i] || virStrToLong_ui(tok[*i], NULL, 10, value) < 0)
        return -1;
    (*i)++;
    return 0;
}


/* Skip a counted list: <count> <count tokens>. */
static int
virStorageOntapMpathSkipCounted(char **tok,
                                size_t *i)
{
    unsigned int n;

    if (virStorageOntapMpathNumber(tok, i, &n) < 0)
        return -1;
    for (; n > 0; n--) {
        if (!tok[*i])
            return -1;
        (*i)++;
    }
    return 0;
}


/**
 * virStorageOntapMpathParseStatus:
 * @status: the status line of a 'multipath' target
 * @paths: set to its paths (virStorageOntapMpathPath), group by group
 *
 * The status is "<#features> <features> <#hwhandler> <hwhandler args>
 * <#groups> <next group>", then per group "<state> <#group args> <args>
 * <#paths> <#selector args>" and per path "<major:minor> <A|F>
 * <failures> <selector args>" (the kernel's dm-mpath.c).
 */
int
virStorageOntapMpathParseStatus(const char *status,
                                GPtrArray **paths)
{
    g_auto(GStrv) tok = g_strsplit_set(status, " \t\n", 0);
    g_autoptr(GPtrArray) list =
        g_ptr_array_new_with_free_func((GDestroyNotify) virStorageOntapMpathPathFree);
    unsigned int ngroups;
    unsigned int next;
    unsigned int g;
    size_t i = 0;
    g_auto(GStrv) compact = NULL;
    size_t n = 0;

    /* drop the empty tokens of repeated separators */
    compact = g_new0(char *, g_strv_length(tok) + 1);
    for (i = 0; tok[i]; i++) {
        if (*tok[i])
            compact[n++] = g_strdup(tok[i]);
    }
    i = 0;

    if (virStorageOntapMpathSkipCounted(compact, &i) < 0 ||
        virStorageOntapMpathSkipCounted(compact, &i) < 0 ||
        virStorageOntapMpathNumber(compact, &i, &ngroups) < 0 ||
        virStorageOntapMpathNumber(compact, &i, &next) < 0)
        goto error;

    for (g = 1; g <= ngroups; g++) {
        unsigned int np;
        unsigned int nsel;
        char state;

        if (!compact[i] || strlen(compact[i]) != 1)
            goto error;
        state = compact[i++][0];
        if (virStorageOntapMpathSkipCounted(compact, &i) < 0 ||
            virStorageOntapMpathNumber(compact, &i, &np) < 0 ||
            virStorageOntapMpathNumber(compact, &i, &nsel) < 0)
            goto error;

        for (; np > 0; np--) {
            g_autoptr(virStorageOntapMpathPath) path = NULL;
            unsigned int s;

            if (!compact[i] || !compact[i + 1])
                goto error;
            path = g_new0(virStorageOntapMpathPath, 1);
            path->device = g_strdup(compact[i++]);
            path->active = STREQ(compact[i++], "A");
            path->group = g;
            path->groupState = state;
            if (virStorageOntapMpathNumber(compact, &i, &path->failures) < 0)
                goto error;
            g_ptr_array_add(list, g_steal_pointer(&path));
            for (s = 0; s < nsel; s++) {
                if (!compact[i++])
                    goto error;
            }
        }
    }

    *paths = g_steal_pointer(&list);
    return 0;

 error:
    virReportError(VIR_ERR_INTERNAL_ERROR,
                   _("cannot parse the multipath status '%1$s'"), status);
    return -1;
}


/* A device-mapper task of @type on the device @name, or NULL. */
static struct dm_task *
virStorageOntapMpathTask(int type,
                         const char *name)
{
    struct dm_task *dmt;

    if (!(dmt = dm_task_create(type)))
        return NULL;
    if (!dm_task_set_name(dmt, name)) {
        dm_task_destroy(dmt);
        return NULL;
    }
    return dmt;
}


/**
 * virStorageOntapMpathFindMap:
 * @wwid: the LUN's WWID (3600a0980...)
 * @name: set to the name of its multipath map
 *
 * Returns 1 if the map exists, 0 if not, -1 on error.
 */
int
virStorageOntapMpathFindMap(const char *wwid,
                            char **name)
{
    g_autofree char *uuid = g_strdup_printf(ONTAP_MPATH_UUID_PREFIX "%s", wwid);
    struct dm_task *list;
    struct dm_names *names;
    unsigned int next = 0;
    int ret = -1;

    if (!(list = dm_task_create(DM_DEVICE_LIST)) || !dm_task_run(list)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("cannot list device-mapper devices"));
        goto cleanup;
    }
    if (!(names = dm_task_get_names(list))) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       _("cannot list device-mapper devices"));
        goto cleanup;
    }

    ret = 0;
    if (!names->dev)
        goto cleanup;

    do {
        struct dm_task *info;
        const char *u;

        names = (void *)((char *) names + next);
        next = names->next;

        if (!(info = virStorageOntapMpathTask(DM_DEVICE_INFO, names->name)))
            continue;
        if (dm_task_run(info) &&
            (u = dm_task_get_uuid(info)) && STREQ(u, uuid)) {
            *name = g_strdup(names->name);
            ret = 1;
        }
        dm_task_destroy(info);
    } while (next && ret == 0);

 cleanup:
    if (list)
        dm_task_destroy(list);
    return ret;
}


/* The paths of map @name, from its device-mapper status. */
int
virStorageOntapMpathStatus(const char *name,
                           GPtrArray **paths)
{
    struct dm_task *dmt;
    uint64_t start;
    uint64_t length;
    char *type = NULL;
    char *params = NULL;
    int ret = -1;

    if (!(dmt = virStorageOntapMpathTask(DM_DEVICE_STATUS, name)) || !dm_task_run(dmt)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot read the status of multipath map %1$s"), name);
        goto cleanup;
    }

    dm_get_next_target(dmt, NULL, &start, &length, &type, &params);
    if (STRNEQ_NULLABLE(type, "multipath") || !params) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("device-mapper device %1$s is not a multipath map"), name);
        goto cleanup;
    }
    ret = virStorageOntapMpathParseStatus(params, paths);

 cleanup:
    if (dmt)
        dm_task_destroy(dmt);
    return ret;
}


/**
 * virStorageOntapMpathDisableQueueing:
 * @name: a multipath map
 *
 * Make I/O fail instead of queueing when the map has no path left
 * (multipathd's "disablequeueing map"): with "no_path_retry queue",
 * flushing a map whose paths are gone would otherwise hang.
 */
int
virStorageOntapMpathDisableQueueing(const char *name)
{
    struct dm_task *dmt;
    int ret = -1;

    if (!(dmt = virStorageOntapMpathTask(DM_DEVICE_TARGET_MSG, name)) ||
        !dm_task_set_sector(dmt, 0) ||
        !dm_task_set_message(dmt, "fail_if_no_path") ||
        !dm_task_run(dmt)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot disable queueing on multipath map %1$s"), name);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    if (dmt)
        dm_task_destroy(dmt);
    return ret;
}


/**
 * virStorageOntapMpathRemove:
 * @name: a multipath map nothing has open
 *
 * Remove the map from device-mapper (what "multipath -f <map>" does for
 * one map; never all of them). libdevmapper retries a few times while
 * udev still holds the device after an unmount.
 */
int
virStorageOntapMpathRemove(const char *name)
{
    struct dm_task *dmt;
    struct dm_info info = { 0 };
    int ret = -1;

    if (!(dmt = virStorageOntapMpathTask(DM_DEVICE_INFO, name)) || !dm_task_run(dmt) ||
        !dm_task_get_info(dmt, &info)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot read multipath map %1$s"), name);
        goto cleanup;
    }
    if (!info.exists) {
        ret = 0;
        goto cleanup;
    }
    if (info.open_count > 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("multipath map %1$s is in use (open %2$d times), not removing it"),
                       name, info.open_count);
        goto cleanup;
    }
    dm_task_destroy(dmt);

    if (!(dmt = virStorageOntapMpathTask(DM_DEVICE_REMOVE, name)) ||
        !dm_task_retry_remove(dmt) ||
        !dm_task_run(dmt)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("cannot remove multipath map %1$s"), name);
        goto cleanup;
    }
    VIR_DEBUG("multipath map %s removed", name);
    ret = 0;

 cleanup:
    if (dmt)
        dm_task_destroy(dmt);
    return ret;
}
