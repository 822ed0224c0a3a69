/*
 * storage_ontap_secret.h: the values of an 'ontap' pool's secrets (CHAP
 * passwords, DH-HMAC-CHAP keys), read from libvirt's secret driver
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"

void virStorageOntapSecretErase(char **value);

int virStorageOntapSecretRead(virConnectPtr conn,
                              virStoragePoolOntapAuth *auth,
                              virSecretUsageType usage,
                              char **value,
                              char **mutualValue);

int virStorageOntapSecretGet(virStoragePoolOntapAuth *auth,
                             virSecretUsageType usage,
                             char **value,
                             char **mutualValue);
