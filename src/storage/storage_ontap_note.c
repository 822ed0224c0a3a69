/*
 * storage_ontap_note.c: what an active 'ontap' pool holds, noted on disk
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A note is a file of lines "<kind> <flags> <field>...", flags being
 * "created", "record" joined by ',' or "-". Notes live in one directory
 * per pool under the storage driver's state directory; several pools may
 * hold the same thing (two pools on LUNs of one iSCSI target share its
 * sessions), and the last one to stop undoes what an ontap pool created.
 */

#include <config.h>

#include "storage_ontap_note.h"
#include "storage_ontap_sysfs.h"
#include "virbuffer.h"
#include "virerror.h"
#include "virfile.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_note");

/* A note lists a few paths: anything larger is not one of ours. */
#define VIR_STORAGE_ONTAP_NOTE_MAX (1024 * 1024)

static const struct {
    unsigned int flag;
    const char *name;
} ontapNoteFlags[] = {
    { VIR_STORAGE_ONTAP_NOTE_CREATED, "created" },
    { VIR_STORAGE_ONTAP_NOTE_RECORD, "record" },
};


static void
virStorageOntapNoteEntryFree(void *opaque)
{
    virStorageOntapNoteEntry *entry = opaque;

    g_free(entry->kind);
    g_strfreev(entry->fields);
    g_free(entry);
}


virStorageOntapNote *
virStorageOntapNoteNew(void)
{
    virStorageOntapNote *note = g_new0(virStorageOntapNote, 1);

    note->entries = g_ptr_array_new_with_free_func(virStorageOntapNoteEntryFree);
    return note;
}


void
virStorageOntapNoteFree(virStorageOntapNote *note)
{
    if (!note)
        return;
    g_ptr_array_unref(note->entries);
    g_free(note->journal);
    g_free(note);
}


static virStorageOntapNoteEntry *
virStorageOntapNoteAddFields(virStorageOntapNote *note,
                             const char *kind,
                             unsigned int flags,
                             GStrv fields)
{
    virStorageOntapNoteEntry *entry = g_new0(virStorageOntapNoteEntry, 1);

    entry->kind = g_strdup(kind);
    entry->flags = flags;
    entry->fields = fields;
    g_ptr_array_add(note->entries, entry);

    /* a daemon killed in the middle of a start finds what it held */
    if (note->journal && virStorageOntapNoteWrite(note->journal, note) < 0) {
        VIR_WARN("cannot note what an ontap pool holds in %s: %s",
                 note->journal, virGetLastErrorMessage());
        virResetLastError();
    }
    return entry;
}


/**
 * virStorageOntapNoteJournal:
 * @note: a note
 * @file: where it is kept
 *
 * Write @note to @file at once and again each time an entry is added, so
 * that what a start or a build has connected so far is on disk even when
 * the daemon dies before it ends.
 */
void
virStorageOntapNoteJournal(virStorageOntapNote *note,
                           const char *file)
{
    g_free(note->journal);
    note->journal = g_strdup(file);
}


/**
 * virStorageOntapNoteAdd:
 * @note: a note
 * @kind: what the entry is ("controller", "session", "map")
 * @flags: virStorageOntapNoteFlags
 * @...: the fields that name it, NULL-terminated
 *
 * Returns the new entry, owned by @note.
 */
virStorageOntapNoteEntry *
virStorageOntapNoteAdd(virStorageOntapNote *note,
                       const char *kind,
                       unsigned int flags,
                       ...)
{
    g_autoptr(GPtrArray) fields = g_ptr_array_new();
    const char *field;
    va_list ap;

    va_start(ap, flags);
    while ((field = va_arg(ap, const char *)))
        g_ptr_array_add(fields, g_strdup(field));
    va_end(ap);
    g_ptr_array_add(fields, NULL);

    return virStorageOntapNoteAddFields(note, kind, flags,
                                        (GStrv) g_ptr_array_free(g_steal_pointer(&fields),
                                                                 FALSE));
}


/* The first entry of @kind at index @start or after, or NULL. */
virStorageOntapNoteEntry *
virStorageOntapNoteFind(virStorageOntapNote *note,
                        const char *kind,
                        size_t start)
{
    size_t i;

    for (i = start; i < note->entries->len; i++) {
        virStorageOntapNoteEntry *entry = g_ptr_array_index(note->entries, i);

        if (STREQ(entry->kind, kind))
            return entry;
    }
    return NULL;
}


/* How many entries of @kind @note holds. */
size_t
virStorageOntapNoteCount(virStorageOntapNote *note,
                         const char *kind)
{
    size_t count = 0;
    size_t i;

    for (i = 0; i < note->entries->len; i++) {
        virStorageOntapNoteEntry *entry = g_ptr_array_index(note->entries, i);

        if (STREQ(entry->kind, kind))
            count++;
    }
    return count;
}


static bool
virStorageOntapNoteEntryIs(const virStorageOntapNoteEntry *a,
                           const virStorageOntapNoteEntry *b)
{
    return STREQ(a->kind, b->kind) &&
           g_strv_equal((const char * const *) a->fields,
                        (const char * const *) b->fields);
}


/* Does @note hold an entry of @entry's kind and fields? */
bool
virStorageOntapNoteHas(virStorageOntapNote *note,
                       const virStorageOntapNoteEntry *entry)
{
    size_t i;

    for (i = 0; i < note->entries->len; i++) {
        if (virStorageOntapNoteEntryIs(g_ptr_array_index(note->entries, i), entry))
            return true;
    }
    return false;
}


/* A field holds no space: it is one word of a line. */
static bool
virStorageOntapNoteWordIsValid(const char *word)
{
    return *word && !strpbrk(word, " \t\n");
}


char *
virStorageOntapNoteFormat(const virStorageOntapNote *note)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    size_t i;
    size_t j;

    for (i = 0; i < note->entries->len; i++) {
        const virStorageOntapNoteEntry *entry = g_ptr_array_index(note->entries, i);
        g_auto(virBuffer) flags = VIR_BUFFER_INITIALIZER;

        for (j = 0; j < G_N_ELEMENTS(ontapNoteFlags); j++) {
            if (entry->flags & ontapNoteFlags[j].flag)
                virBufferAsprintf(&flags, "%s,", ontapNoteFlags[j].name);
        }
        virBufferTrim(&flags, ",");
        if (virBufferUse(&flags) == 0)
            virBufferAddChar(&flags, '-');

        if (!virStorageOntapNoteWordIsValid(entry->kind)) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("invalid kind '%1$s' of an ontap pool note entry"), entry->kind);
            return NULL;
        }
        virBufferAsprintf(&buf, "%s %s", entry->kind, virBufferCurrentContent(&flags));
        for (j = 0; entry->fields[j]; j++) {
            if (!virStorageOntapNoteWordIsValid(entry->fields[j])) {
                virReportError(VIR_ERR_INTERNAL_ERROR,
                               _("invalid field '%1$s' of an ontap pool note entry"),
                               entry->fields[j]);
                return NULL;
            }
            virBufferAsprintf(&buf, " %s", entry->fields[j]);
        }
        virBufferAddChar(&buf, '\n');
    }
    return virBufferContentAndReset(&buf);
}


static int
virStorageOntapNoteParseFlags(const char *word,
                              unsigned int *flags)
{
    g_auto(GStrv) names = NULL;
    size_t i;
    size_t j;

    *flags = 0;
    if (STREQ(word, "-"))
        return 0;

    names = g_strsplit(word, ",", 0);
    for (i = 0; names[i]; i++) {
        for (j = 0; j < G_N_ELEMENTS(ontapNoteFlags); j++) {
            if (STREQ(names[i], ontapNoteFlags[j].name))
                break;
        }
        if (j == G_N_ELEMENTS(ontapNoteFlags))
            return -1;
        *flags |= ontapNoteFlags[j].flag;
    }
    return 0;
}


/**
 * virStorageOntapNoteParse:
 * @content: what virStorageOntapNoteFormat wrote
 * @note: set to the note it holds
 *
 * Returns 0 on success, -1 (with an error naming the line) when a line
 * is not one of ours.
 */
int
virStorageOntapNoteParse(const char *content,
                         virStorageOntapNote **note)
{
    g_autoptr(virStorageOntapNote) ret = virStorageOntapNoteNew();
    g_auto(GStrv) lines = g_strsplit(content, "\n", 0);
    size_t i;

    for (i = 0; lines[i]; i++) {
        g_auto(GStrv) words = NULL;
        unsigned int flags;

        if (!*lines[i])
            continue;
        words = g_strsplit(lines[i], " ", 0);
        if (g_strv_length(words) < 3 ||
            !virStorageOntapNoteWordIsValid(words[0]) ||
            virStorageOntapNoteParseFlags(words[1], &flags) < 0 ||
            g_strv_contains((const char * const *) words, "")) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           _("malformed line %1$zu of an ontap pool note: '%2$s'"),
                           i + 1, lines[i]);
            return -1;
        }
        virStorageOntapNoteAddFields(ret, words[0], flags, g_strdupv(words + 2));
    }

    *note = g_steal_pointer(&ret);
    return 0;
}


/* The directory of what pool @pool notes. */
char *
virStorageOntapNotePoolDir(const char *stateDir,
                           const char *pool)
{
    return g_strdup_printf("%s/ontap/%s", stateDir, pool);
}


/* What pool @pool notes as @name. */
char *
virStorageOntapNoteFile(const char *stateDir,
                        const char *pool,
                        const char *name)
{
    return g_strdup_printf("%s/ontap/%s/%s", stateDir, pool, name);
}


/* The content of a note; "" when there is none. */
int
virStorageOntapNoteReadRaw(const char *file,
                           char **content)
{
    *content = NULL;
    if (virFileExists(file) &&
        virFileReadAll(file, VIR_STORAGE_ONTAP_NOTE_MAX, content) < 0)
        return -1;
    if (!*content)
        *content = g_strdup("");
    return 0;
}


/* Replace a note at once: a crash leaves the old one or the new one. */
int
virStorageOntapNoteWriteRaw(const char *file,
                            const char *content)
{
    g_autofree char *dir = g_path_get_dirname(file);

    if (g_mkdir_with_parents(dir, 0700) < 0) {
        virReportSystemError(errno, _("cannot create directory %1$s"), dir);
        return -1;
    }
    return virFileRewriteStr(file, 0600, content);
}


/* A note; an empty one when the file does not exist. */
int
virStorageOntapNoteRead(const char *file,
                        virStorageOntapNote **note)
{
    g_autofree char *content = NULL;

    if (virStorageOntapNoteReadRaw(file, &content) < 0)
        return -1;
    if (virStorageOntapNoteParse(content, note) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot read the ontap pool note %1$s: %2$s"),
                       file, virGetLastErrorMessage());
        return -1;
    }
    return 0;
}


int
virStorageOntapNoteWrite(const char *file,
                         const virStorageOntapNote *note)
{
    g_autofree char *content = virStorageOntapNoteFormat(note);

    if (!content)
        return -1;
    return virStorageOntapNoteWriteRaw(file, content);
}


/* Drop the note @name of @pool, and the pool's directory once it holds
 * nothing more: an inactive pool leaves nothing behind. */
void
virStorageOntapNoteForget(const char *stateDir,
                          const char *pool,
                          const char *name)
{
    g_autofree char *file = virStorageOntapNoteFile(stateDir, pool, name);
    g_autofree char *dir = virStorageOntapNotePoolDir(stateDir, pool);

    if (unlink(file) < 0 && errno != ENOENT)
        VIR_DEBUG("cannot remove %s: %s", file, g_strerror(errno));
    if (rmdir(dir) < 0 && errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST)
        VIR_DEBUG("cannot remove %s: %s", dir, g_strerror(errno));
}


/**
 * virStorageOntapNoteHandOver:
 * @stateDir: the storage driver's state directory
 * @pool: the pool letting go of @entry
 * @name: the note that holds such entries ("nvme", "scsi")
 * @entry: what @pool holds
 *
 * When another pool notes @entry too, it becomes the owner of what
 * @pool's entry says an ontap pool created (it undoes that when it stops
 * last), and @pool must leave the thing in place.
 *
 * Returns 1 when another pool holds @entry, 0 when none does, -1 when a
 * note cannot be read or written (the caller must then leave it in place:
 * another pool may use it).
 */
int
virStorageOntapNoteHandOver(const char *stateDir,
                            const char *pool,
                            const char *name,
                            const virStorageOntapNoteEntry *entry)
{
    g_autofree char *root = g_strdup_printf("%s/ontap", stateDir);
    g_auto(GStrv) pools = NULL;
    size_t p;
    size_t i;

    if (virStorageOntapSysfsList(root, "", &pools) < 0)
        return -1;

    for (p = 0; pools[p]; p++) {
        g_autofree char *file = NULL;
        g_autoptr(virStorageOntapNote) other = NULL;

        if (STREQ(pools[p], pool))
            continue;
        file = virStorageOntapNoteFile(stateDir, pools[p], name);
        if (virStorageOntapNoteRead(file, &other) < 0)
            return -1;

        for (i = 0; i < other->entries->len; i++) {
            virStorageOntapNoteEntry *held = g_ptr_array_index(other->entries, i);

            if (!virStorageOntapNoteEntryIs(held, entry))
                continue;
            held->flags |= entry->flags;
            if (virStorageOntapNoteWrite(file, other) < 0)
                return -1;
            VIR_DEBUG("%s %s stays: ontap pool '%s' holds it",
                      entry->kind, entry->fields[0], pools[p]);
            return 1;
        }
    }
    return 0;
}
