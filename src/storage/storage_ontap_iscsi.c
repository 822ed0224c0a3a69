/*
 * storage_ontap_iscsi.c: open-iscsi node records of 'ontap' pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * CHAP passwords go into the node record file directly (0600, as
 * iscsiadm keeps it), where iscsiadm reads them at login: "iscsiadm -o
 * update -n node.session.auth.password -v <password>" would put them in
 * the process arguments, which every user of the host can read.
 */

#include <config.h>

#include "storage_ontap_iscsi.h"
#include "virbuffer.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virsecureerase.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_iscsi");

#define ONTAP_ISCSI_AUTH_PREFIX "node.session.auth."


static void
virStorageOntapISCSIAuthLines(virBuffer *buf,
                              const virStorageOntapISCSIChap *chap)
{
    virBufferAddLit(buf, ONTAP_ISCSI_AUTH_PREFIX "authmethod = CHAP\n");
    virBufferAsprintf(buf, ONTAP_ISCSI_AUTH_PREFIX "username = %s\n", chap->username);
    virBufferAsprintf(buf, ONTAP_ISCSI_AUTH_PREFIX "password = %s\n", chap->password);
    if (chap->usernameIn && chap->passwordIn) {
        virBufferAsprintf(buf, ONTAP_ISCSI_AUTH_PREFIX "username_in = %s\n", chap->usernameIn);
        virBufferAsprintf(buf, ONTAP_ISCSI_AUTH_PREFIX "password_in = %s\n", chap->passwordIn);
    }
}


/* The record with its CHAP lines replaced by those of @chap. */
static char *
virStorageOntapISCSIRecordWithAuth(const char *record,
                                   const virStorageOntapISCSIChap *chap)
{
    g_auto(GStrv) lines = g_strsplit(record, "\n", 0);
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    bool written = false;
    size_t i;

    for (i = 0; lines[i]; i++) {
        if (STRPREFIX(lines[i], ONTAP_ISCSI_AUTH_PREFIX) || !*lines[i])
            continue;
        /* inside the record, as iscsiadm writes it */
        if (!written && STRPREFIX(lines[i], "# END RECORD")) {
            virStorageOntapISCSIAuthLines(&buf, chap);
            written = true;
        }
        virBufferAsprintf(&buf, "%s\n", lines[i]);
    }
    if (!written)
        virStorageOntapISCSIAuthLines(&buf, chap);
    for (i = 0; lines[i]; i++)
        virSecureEraseString(lines[i]);

    return virBufferContentAndReset(&buf);
}


static int
virStorageOntapISCSIRewriteRecord(const char *path,
                                  const virStorageOntapISCSIChap *chap)
{
    g_autofree char *record = NULL;
    g_autofree char *updated = NULL;
    int ret;

    if (virFileReadAll(path, 64 * 1024, &record) < 0)
        return -1;
    updated = virStorageOntapISCSIRecordWithAuth(record, chap);
    virSecureEraseString(record);

    ret = virFileRewriteStr(path, 0600, updated);
    virSecureEraseString(updated);
    return ret;
}


/**
 * virStorageOntapISCSISetNodeAuth:
 * @nodesDir: open-iscsi's node records (/etc/iscsi/nodes)
 * @target: the target IQN
 * @address: the portal's address
 * @port: the portal's port
 * @chap: the credentials
 *
 * Set CHAP on every record of @target through the portal (one per target
 * portal group and interface), replacing any CHAP it had.
 *
 * Returns the number of records updated, or -1 on error (none found is an
 * error: discovery creates them).
 */
int
virStorageOntapISCSISetNodeAuth(const char *nodesDir,
                                const char *target,
                                const char *address,
                                int port,
                                const virStorageOntapISCSIChap *chap)
{
    g_autofree char *dir = g_strdup_printf("%s/%s", nodesDir, target);
    g_autofree char *prefix = g_strdup_printf("%s,%d,", address, port);
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    int updated = 0;
    int rc;

    if (virDirOpen(&dh, dir) < 0)
        return -1;

    while ((rc = virDirRead(dh, &ent, dir)) > 0) {
        g_autofree char *portalDir = NULL;
        g_autoptr(DIR) ph = NULL;
        struct dirent *rec;

        if (!STRPREFIX(ent->d_name, prefix))
            continue;
        portalDir = g_strdup_printf("%s/%s", dir, ent->d_name);
        if (virDirOpen(&ph, portalDir) < 0)
            return -1;
        while ((rc = virDirRead(ph, &rec, portalDir)) > 0) {
            g_autofree char *path = g_strdup_printf("%s/%s", portalDir, rec->d_name);

            if (virStorageOntapISCSIRewriteRecord(path, chap) < 0)
                return -1;
            VIR_DEBUG("CHAP set in %s", path);
            updated++;
        }
        if (rc < 0)
            return -1;
    }
    if (rc < 0)
        return -1;

    if (updated == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       _("no open-iscsi record of target %1$s through %2$s:%3$d in %4$s"),
                       target, address, port, nodesDir);
        return -1;
    }
    return updated;
}
