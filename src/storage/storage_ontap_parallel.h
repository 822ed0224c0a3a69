/*
 * storage_ontap_parallel.h: one connection per path of an 'ontap' pool,
 * all at once
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

/* Does job @i of @opaque; reports an error and returns -1 when it fails. */
typedef int (*virStorageOntapParallelFunc)(size_t i,
                                           void *opaque);

GPtrArray *virStorageOntapParallel(size_t njobs,
                                   virStorageOntapParallelFunc func,
                                   void *opaque,
                                   const char *name);
