/*
 * storageontapsecrettest.c: the values of an 'ontap' pool's secrets, read
 * from a fake secret driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "datatypes.h"
#include "driver.h"
#include "viruuid.h"
#include "storage/storage_ontap_secret.h"

#define VIR_FROM_THIS VIR_FROM_NONE

/* The fake driver's secrets: usage ID, usage type, value. */
static const struct {
    const char *uuid;
    const char *usage;
    int type;
    const char *value;
} testSecrets[] = {
    { "1b1a8d56-1f2e-4b8e-9f3a-0123456789ab", "pool-chap", VIR_SECRET_USAGE_TYPE_ISCSI, "chap-password" },
    { "2b1a8d56-1f2e-4b8e-9f3a-0123456789ab", "pool-target", VIR_SECRET_USAGE_TYPE_ISCSI, "target-password" },
    { "3b1a8d56-1f2e-4b8e-9f3a-0123456789ab", "pool-key", VIR_SECRET_USAGE_TYPE_NVME,
      "DHHC-1:00:ia6zGodOr5SEG2sI7dTpBI3FTt8kdWp4QLjT9s6UBSBBLwBt:" },
};


static virSecretPtr
testLookupByUUID(virConnectPtr conn,
                 const unsigned char *uuid)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(testSecrets); i++) {
        unsigned char raw[VIR_UUID_BUFLEN];

        ignore_value(virUUIDParse(testSecrets[i].uuid, raw));
        if (memcmp(raw, uuid, VIR_UUID_BUFLEN) == 0)
            return virGetSecret(conn, raw, testSecrets[i].type, testSecrets[i].usage);
    }
    virReportError(VIR_ERR_NO_SECRET, "%s", "no secret with this uuid");
    return NULL;
}


static virSecretPtr
testLookupByUsage(virConnectPtr conn,
                  int usageType,
                  const char *usageID)
{
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(testSecrets); i++) {
        unsigned char raw[VIR_UUID_BUFLEN];

        if (testSecrets[i].type != usageType || STRNEQ(testSecrets[i].usage, usageID))
            continue;
        ignore_value(virUUIDParse(testSecrets[i].uuid, raw));
        return virGetSecret(conn, raw, usageType, usageID);
    }
    virReportError(VIR_ERR_NO_SECRET, "no secret with matching usage '%s'", usageID);
    return NULL;
}


static unsigned char *
testGetValue(virSecretPtr secret,
             size_t *size,
             unsigned int flags)
{
    size_t i;

    virCheckFlags(0, NULL);

    for (i = 0; i < G_N_ELEMENTS(testSecrets); i++) {
        if (STREQ(testSecrets[i].usage, secret->usageID)) {
            *size = strlen(testSecrets[i].value);
            return (unsigned char *) g_strdup(testSecrets[i].value);
        }
    }
    return NULL;
}


static virSecretDriver testSecretDriver = {
    .secretLookupByUUID = testLookupByUUID,
    .secretLookupByUsage = testLookupByUsage,
    .secretGetValue = testGetValue,
};


typedef struct {
    const char *name;
    const char *secret;         /* usage ID, or uuid when it parses as one */
    const char *mutual;
    virSecretUsageType usage;
    const char *value;
    const char *mutualValue;
    const char *error;
} testSecretData;


static void
testLookup(virSecretLookupTypeDef *def,
           const char *what)
{
    if (virUUIDParse(what, def->u.uuid) == 0) {
        def->type = VIR_SECRET_LOOKUP_TYPE_UUID;
    } else {
        def->type = VIR_SECRET_LOOKUP_TYPE_USAGE;
        def->u.usage = g_strdup(what);
    }
}


static int
testSecretRead(const void *opaque)
{
    const testSecretData *data = opaque;
    g_autoptr(virConnect) conn = virGetConnect();
    virStoragePoolOntapAuth auth = { 0 };
    char *value = NULL;
    char *mutualValue = NULL;
    int rc;
    int ret = -1;

    conn->secretDriver = &testSecretDriver;
    testLookup(&auth.secret, data->secret);
    if (data->mutual) {
        auth.mutual = true;
        testLookup(&auth.mutualSecret, data->mutual);
    }

    rc = virStorageOntapSecretRead(conn, &auth, data->usage, &value, &mutualValue);
    if (data->error) {
        if (rc == 0) {
            fprintf(stderr, "%s: read, should have failed\n", data->name);
            goto cleanup;
        }
        /* nothing is left behind on failure */
        if (value || mutualValue) {
            fprintf(stderr, "%s: a value stayed after the failure\n", data->name);
            goto cleanup;
        }
        ret = virTestCompareToString(data->error, virGetLastErrorMessage());
        goto cleanup;
    }
    if (rc < 0 ||
        virTestCompareToString(data->value, value) < 0 ||
        virTestCompareToString(NULLSTR(data->mutualValue), NULLSTR(mutualValue)) < 0)
        goto cleanup;

    virStorageOntapSecretErase(&value);
    virStorageOntapSecretErase(&mutualValue);
    if (value || mutualValue)
        goto cleanup;
    ret = 0;

 cleanup:
    virStorageOntapSecretErase(&value);
    virStorageOntapSecretErase(&mutualValue);
    virSecretLookupDefClear(&auth.secret);
    virSecretLookupDefClear(&auth.mutualSecret);
    conn->secretDriver = NULL;
    return ret;
}


static int
mymain(void)
{
    int ret = 0;
    static const testSecretData cases[] = {
        { "CHAP by usage", "pool-chap", NULL, VIR_SECRET_USAGE_TYPE_ISCSI,
          "chap-password", NULL, NULL },
        { "mutual CHAP by uuid", "1b1a8d56-1f2e-4b8e-9f3a-0123456789ab",
          "2b1a8d56-1f2e-4b8e-9f3a-0123456789ab", VIR_SECRET_USAGE_TYPE_ISCSI,
          "chap-password", "target-password", NULL },
        { "DH-HMAC-CHAP key", "pool-key", NULL, VIR_SECRET_USAGE_TYPE_NVME,
          "DHHC-1:00:ia6zGodOr5SEG2sI7dTpBI3FTt8kdWp4QLjT9s6UBSBBLwBt:", NULL, NULL },
        { "secret of the wrong type", "3b1a8d56-1f2e-4b8e-9f3a-0123456789ab", NULL,
          VIR_SECRET_USAGE_TYPE_ISCSI, NULL, NULL,
          "invalid argument: secret with uuid 3b1a8d56-1f2e-4b8e-9f3a-0123456789ab is of type 'nvme' not expected 'iscsi' type" },
        { "mutual secret of the wrong type", "pool-chap", "3b1a8d56-1f2e-4b8e-9f3a-0123456789ab",
          VIR_SECRET_USAGE_TYPE_ISCSI, NULL, NULL,
          "invalid argument: secret with uuid 3b1a8d56-1f2e-4b8e-9f3a-0123456789ab is of type 'nvme' not expected 'iscsi' type" },
        { "no such secret", "pool-none", NULL, VIR_SECRET_USAGE_TYPE_NVME, NULL, NULL,
          "Secret not found: no secret with matching usage 'pool-none'" },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (virTestRun(cases[i].name, testSecretRead, &cases[i]) < 0)
            ret = -1;
    }
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
