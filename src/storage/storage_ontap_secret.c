/*
 * storage_ontap_secret.c: the values of an 'ontap' pool's secrets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A value lives in memory only while a connection needs it: the caller
 * erases it (virStorageOntapSecretErase). It never reaches a command line,
 * the environment or a log.
 */

#include <config.h>

#include "storage_ontap_secret.h"
#include "datatypes.h"
#include "driver.h"
#include "viridentity.h"
#include "virerror.h"
#include "virsecret.h"
#include "virsecureerase.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE


/* Overwrite and free a secret's value. */
void
virStorageOntapSecretErase(char **value)
{
    if (!*value)
        return;
    virSecureEraseString(*value);
    g_clear_pointer(value, g_free);
}


static char *
virStorageOntapSecretString(virConnectPtr conn,
                            virSecretLookupTypeDef *secret,
                            virSecretUsageType usage)
{
    uint8_t *raw = NULL;
    size_t len = 0;
    char *value;

    if (virSecretGetSecretString(conn, secret, usage, &raw, &len) < 0)
        return NULL;
    value = g_strndup((char *) raw, len);
    virSecureErase(raw, len);
    g_free(raw);
    return value;
}


/**
 * virStorageOntapSecretRead:
 * @conn: a connection to the secret driver
 * @auth: a pool's <auth>
 * @usage: the usage type its secrets must have
 * @value: set to the value of its secret
 * @mutualValue: set to the value of its <mutual> secret, if it has one
 *
 * A secret of another usage type is refused (virSecretGetSecretString).
 * On failure nothing is left in @value or @mutualValue.
 */
int
virStorageOntapSecretRead(virConnectPtr conn,
                          virStoragePoolOntapAuth *auth,
                          virSecretUsageType usage,
                          char **value,
                          char **mutualValue)
{
    if (!(*value = virStorageOntapSecretString(conn, &auth->secret, usage)))
        return -1;
    if (auth->mutual &&
        !(*mutualValue = virStorageOntapSecretString(conn, &auth->mutualSecret, usage))) {
        virStorageOntapSecretErase(value);
        return -1;
    }
    return 0;
}


/* As virStorageOntapSecretRead, from the daemon's secret driver. */
int
virStorageOntapSecretGet(virStoragePoolOntapAuth *auth,
                         virSecretUsageType usage,
                         char **value,
                         char **mutualValue)
{
    VIR_IDENTITY_AUTORESTORE virIdentity *oldident = NULL;
    g_autoptr(virConnect) conn = NULL;

    if (!(oldident = virIdentityElevateCurrent()) ||
        !(conn = virGetConnectSecret()))
        return -1;
    return virStorageOntapSecretRead(conn, auth, usage, value, mutualValue);
}
