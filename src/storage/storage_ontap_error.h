/*
 * storage_ontap_error.h: the first error of a best-effort sequence
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "virerror.h"

void virStorageOntapErrorKeepFirst(virErrorPtr *first);

int virStorageOntapErrorRestoreFirst(virErrorPtr *first);
