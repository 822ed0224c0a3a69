/*
 * storage_ontap_sysfs.h: listing sysfs directories for 'ontap' pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Where the kernel shows its devices; tests pass a fake tree instead. */
#define VIR_STORAGE_ONTAP_SYSFS "/sys"

int virStorageOntapSysfsList(const char *dir,
                             const char *prefix,
                             GStrv *names);
