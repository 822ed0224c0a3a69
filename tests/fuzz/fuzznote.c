/*
 * fuzznote.c: fuzz target of the reader of an ontap pool's ownership note
 * (virStorageOntapNoteParse), the file that says what the pool created
 * and may remove
 *
 * A note it reads formats to a note that reads back the same: a daemon
 * restarted twice must not lose or gain an entry.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "fuzz.h"
#include "storage/storage_ontap_note.h"


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autofree char *content = fuzzString(data, size);
    g_autoptr(virStorageOntapNote) note = NULL;
    g_autoptr(virStorageOntapNote) again = NULL;
    g_autofree char *text = NULL;
    g_autofree char *text2 = NULL;

    fuzzInit();
    if (virStorageOntapNoteParse(content, &note) < 0) {
        virResetLastError();
        return 0;
    }

    /* an empty note formats to NULL */
    text = virStorageOntapNoteFormat(note);
    if (virStorageOntapNoteParse(NULLSTR_EMPTY(text), &again) < 0)
        FUZZ_FAIL("a formatted note does not read back: %s\n%s",
                  virGetLastErrorMessage(), NULLSTR(text));
    text2 = virStorageOntapNoteFormat(again);
    if (STRNEQ_NULLABLE(text, text2))
        FUZZ_FAIL("a formatted note reads back differently:\n%s\n%s",
                  NULLSTR(text), NULLSTR(text2));
    return 0;
}
