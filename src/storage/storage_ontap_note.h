/*
 * storage_ontap_note.h: what an active 'ontap' pool holds (NVMe
 * controllers, iSCSI sessions and records, multipath maps), noted on disk
 * so that its stop, even in a later daemon, undoes exactly that
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"

typedef enum {
    /* an ontap pool created it: the last pool that holds it undoes it */
    VIR_STORAGE_ONTAP_NOTE_CREATED = 1 << 0,
    /* iSCSI: an ontap pool created its node record too */
    VIR_STORAGE_ONTAP_NOTE_RECORD = 1 << 1,
} virStorageOntapNoteFlags;

/* One thing a pool holds: its kind ("controller", "session", "map") and
 * the fields that name it; two entries with the same kind and fields are
 * the same thing, held by two pools. */
typedef struct _virStorageOntapNoteEntry virStorageOntapNoteEntry;
struct _virStorageOntapNoteEntry {
    char *kind;
    unsigned int flags;     /* virStorageOntapNoteFlags */
    GStrv fields;
};

typedef struct _virStorageOntapNote virStorageOntapNote;
struct _virStorageOntapNote {
    GPtrArray *entries;     /* of virStorageOntapNoteEntry */
    char *journal;          /* written again at each entry added, or NULL */
};

virStorageOntapNote *virStorageOntapNoteNew(void);
void virStorageOntapNoteFree(virStorageOntapNote *note);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virStorageOntapNote, virStorageOntapNoteFree);

void virStorageOntapNoteJournal(virStorageOntapNote *note,
                                const char *file);

virStorageOntapNoteEntry *
virStorageOntapNoteAdd(virStorageOntapNote *note,
                       const char *kind,
                       unsigned int flags,
                       ...)
    G_GNUC_NULL_TERMINATED;

virStorageOntapNoteEntry *
virStorageOntapNoteFind(virStorageOntapNote *note,
                        const char *kind,
                        size_t start);

bool virStorageOntapNoteHas(virStorageOntapNote *note,
                            const virStorageOntapNoteEntry *entry);

size_t virStorageOntapNoteCount(virStorageOntapNote *note,
                                const char *kind);

char *virStorageOntapNoteFormat(const virStorageOntapNote *note);

int virStorageOntapNoteParse(const char *content,
                             virStorageOntapNote **note);

char *virStorageOntapNotePoolDir(const char *stateDir,
                                 const char *pool);

char *virStorageOntapNoteFile(const char *stateDir,
                              const char *pool,
                              const char *name);

int virStorageOntapNoteRead(const char *file,
                            virStorageOntapNote **note);

int virStorageOntapNoteWrite(const char *file,
                             const virStorageOntapNote *note);

int virStorageOntapNoteReadRaw(const char *file,
                               char **content);

int virStorageOntapNoteWriteRaw(const char *file,
                                const char *content);

void virStorageOntapNoteForget(const char *stateDir,
                               const char *pool,
                               const char *name);

int virStorageOntapNoteHandOver(const char *stateDir,
                                const char *pool,
                                const char *name,
                                const virStorageOntapNoteEntry *entry);
