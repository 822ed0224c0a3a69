/*
 * storage_ontap_iscsi.h: open-iscsi node records of 'ontap' pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

#define VIR_STORAGE_ONTAP_ISCSI_NODES "/etc/iscsi/nodes"

/* CHAP credentials; the passwords are secrets. */
typedef struct _virStorageOntapISCSIChap virStorageOntapISCSIChap;
struct _virStorageOntapISCSIChap {
    const char *username;
    const char *password;
    const char *usernameIn;     /* mutual CHAP: the target's */
    const char *passwordIn;
};

int virStorageOntapISCSISetNodeAuth(const char *nodesDir,
                                    const char *target,
                                    const char *address,
                                    int port,
                                    const virStorageOntapISCSIChap *chap);
