/*
 * storage_ontap_error.c: the first error of a best-effort sequence
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Letting go of what a pool holds goes on past a failure (a controller
 * that cannot be disconnected must not keep the others connected), and
 * the caller reports the first failure, not the last.
 */

#include <config.h>

#include "storage_ontap_error.h"


/* Keep the last error in @first unless it already holds one. */
void
virStorageOntapErrorKeepFirst(virErrorPtr *first)
{
    if (!*first)
        virErrorPreserveLast(first);
}


/* Make @first the last error again: returns -1 if there was one, else 0. */
int
virStorageOntapErrorRestoreFirst(virErrorPtr *first)
{
    if (!*first)
        return 0;
    virErrorRestore(first);
    return -1;
}
