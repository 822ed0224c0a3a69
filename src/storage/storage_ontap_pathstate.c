/*
 * storage_ontap_pathstate.c: telling how the paths of an 'ontap' pool
 * changed between two looks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "storage_ontap_pathstate.h"
#include "virbuffer.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE


/* What identifies a path: its address (and port), and for SCSI the disk
 * through it. */
static char *
virStorageOntapPathKey(const virStoragePoolOntapPath *path)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virBufferAdd(&buf, path->address, -1);
    if (path->port > 0)
        virBufferAsprintf(&buf, ":%d", path->port);
    if (path->disk)
        virBufferAsprintf(&buf, " %s", path->disk);
    return virBufferContentAndReset(&buf);
}


/* The state of a path as the pool XML shows it; counters (the map's
 * failures) are not state. */
static char *
virStorageOntapPathState(const virStoragePoolOntapPath *path)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    if (path->unreachable)
        virBufferAddLit(&buf, "unreachable, ");
    if (!path->controller && !path->session && !path->disk)
        virBufferAsprintf(&buf, "%u transports (%u connected), ",
                          path->transports, path->connected);
    if (path->controller)
        virBufferAsprintf(&buf, "controller %s %s, ANA %s, ", path->controller,
                          NULLSTR(path->controllerState), NULLSTR(path->ana));
    if (path->session)
        virBufferAsprintf(&buf, "session %u %s, ", path->session,
                          NULLSTR(path->sessionState));
    if (path->disk)
        virBufferAsprintf(&buf, "disk %s, ", NULLSTR(path->diskState));
    if (path->mpathActive != VIR_TRISTATE_BOOL_ABSENT)
        virBufferAsprintf(&buf, "multipath %s, ",
                          path->mpathActive == VIR_TRISTATE_BOOL_YES ? "active" : "failed");
    if (path->groupState)
        virBufferAsprintf(&buf, "group %u %s, ", path->group, path->groupState);
    virBufferTrim(&buf, ", ");
    return virBufferContentAndReset(&buf);
}


static const virStoragePoolOntapPath *
virStorageOntapPathFind(const virStoragePoolOntapSource *ontap,
                        const char *key)
{
    size_t i;

    for (i = 0; i < ontap->npaths; i++) {
        g_autofree char *other = virStorageOntapPathKey(&ontap->paths[i]);

        if (STREQ(other, key))
            return &ontap->paths[i];
    }
    return NULL;
}


/**
 * virStorageOntapPathStateChanges:
 * @before: the live state of a pool
 * @after: its state at a later look
 *
 * Returns one line per path that appeared, changed or is gone, naming
 * the path by its address ("192.0.2.12 changed: 1 transports (1
 * connected) -> 0 transports (0 connected)"); none when nothing changed.
 */
GPtrArray *
virStorageOntapPathStateChanges(const virStoragePoolOntapSource *before,
                                const virStoragePoolOntapSource *after)
{
    GPtrArray *changes = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    for (i = 0; i < after->npaths; i++) {
        g_autofree char *key = virStorageOntapPathKey(&after->paths[i]);
        g_autofree char *now = virStorageOntapPathState(&after->paths[i]);
        const virStoragePoolOntapPath *old = virStorageOntapPathFind(before, key);
        g_autofree char *was = NULL;

        if (!old) {
            g_ptr_array_add(changes, g_strdup_printf("%s appeared: %s", key, now));
            continue;
        }
        was = virStorageOntapPathState(old);
        if (STRNEQ(was, now))
            g_ptr_array_add(changes, g_strdup_printf("%s changed: %s -> %s",
                                                     key, was, now));
    }

    for (i = 0; i < before->npaths; i++) {
        g_autofree char *key = virStorageOntapPathKey(&before->paths[i]);

        if (!virStorageOntapPathFind(after, key))
            g_ptr_array_add(changes, g_strdup_printf("%s is gone", key));
    }
    return changes;
}
