/*
 * storageontapnotetest.c: what 'ontap' pools note of what they hold, and
 * its hand-over between pools
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "virfile.h"
#include "storage/storage_ontap_note.h"

#define VIR_FROM_THIS VIR_FROM_NONE

static char *stateDir;


static virStorageOntapNote *
testNoteTwoControllers(void)
{
    virStorageOntapNote *note = virStorageOntapNoteNew();

    virStorageOntapNoteAdd(note, "controller", VIR_STORAGE_ONTAP_NOTE_CREATED,
                           "nvme1", "127.0.20.1", "4420", NULL);
    virStorageOntapNoteAdd(note, "controller", 0, "nvme2", "127.0.20.2", "4420", NULL);
    virStorageOntapNoteAdd(note, "session",
                           VIR_STORAGE_ONTAP_NOTE_CREATED | VIR_STORAGE_ONTAP_NOTE_RECORD,
                           "iqn.2003-01.org.example:t1", "default", "127.0.30.1",
                           "3260", "1", NULL);
    return note;
}


static int
testFormatParse(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStorageOntapNote) note = testNoteTwoControllers();
    g_autoptr(virStorageOntapNote) back = NULL;
    g_autofree char *text = NULL;
    g_autofree char *again = NULL;
    const char *expected =
        "controller created nvme1 127.0.20.1 4420\n"
        "controller - nvme2 127.0.20.2 4420\n"
        "session created,record iqn.2003-01.org.example:t1 default 127.0.30.1 3260 1\n";

    if (!(text = virStorageOntapNoteFormat(note)) ||
        virTestCompareToString(expected, text) < 0)
        return -1;
    if (virStorageOntapNoteParse(text, &back) < 0 ||
        !(again = virStorageOntapNoteFormat(back)))
        return -1;
    if (virStorageOntapNoteCount(back, "controller") != 2 ||
        virStorageOntapNoteCount(back, "session") != 1 ||
        virStorageOntapNoteFind(back, "map", 0))
        return -1;
    return virTestCompareToString(expected, again);
}


typedef struct {
    const char *content;
    const char *error;
} testBadNote;


/* A note that is not one of ours is an error naming the line, never a
 * note read as empty: the pool would forget what it holds. */
static int
testParseBad(const void *opaque)
{
    const testBadNote *data = opaque;
    g_autoptr(virStorageOntapNote) note = NULL;

    if (virStorageOntapNoteParse(data->content, &note) == 0) {
        fprintf(stderr, "'%s' was accepted\n", data->content);
        return -1;
    }
    return virTestCompareToString(data->error, virGetLastErrorMessage());
}


/* An entry whose field holds a space would come back as two fields. */
static int
testFormatBad(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStorageOntapNote) note = virStorageOntapNoteNew();
    g_autofree char *text = NULL;

    virStorageOntapNoteAdd(note, "map", 0, "two words", NULL);
    if ((text = virStorageOntapNoteFormat(note)))
        return -1;
    return virTestCompareToString("internal error: invalid field 'two words' of an ontap pool note entry",
                                  virGetLastErrorMessage());
}


static int
testWrite(const char *pool,
          const char *name,
          virStorageOntapNote *note)
{
    g_autofree char *file = virStorageOntapNoteFile(stateDir, pool, name);

    return virStorageOntapNoteWrite(file, note);
}


static int
testReadBack(const char *pool,
             const char *name,
             const char *expected)
{
    g_autofree char *file = virStorageOntapNoteFile(stateDir, pool, name);
    g_autofree char *content = NULL;

    if (virStorageOntapNoteReadRaw(file, &content) < 0)
        return -1;
    return virTestCompareToString(expected, content);
}


/* Pool A connected nvme1; pool B adopted it. A stops first: B becomes the
 * owner (it disconnects nvme1 when it stops), A leaves nvme1 alone. */
static int
testHandOver(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStorageOntapNote) a = testNoteTwoControllers();
    g_autoptr(virStorageOntapNote) b = virStorageOntapNoteNew();
    g_autoptr(virStorageOntapNote) other = virStorageOntapNoteNew();
    virStorageOntapNoteEntry *nvme1 = g_ptr_array_index(a->entries, 0);
    virStorageOntapNoteEntry *nvme2 = g_ptr_array_index(a->entries, 1);

    virStorageOntapNoteAdd(b, "controller", 0, "nvme1", "127.0.20.1", "4420", NULL);
    /* the same name, another connection: not the same controller */
    virStorageOntapNoteAdd(other, "controller", 0, "nvme2", "127.0.20.9", "4420", NULL);

    if (testWrite("a", "nvme", a) < 0 ||
        testWrite("b", "nvme", b) < 0 ||
        testWrite("c", "nvme", other) < 0)
        return -1;

    if (virStorageOntapNoteHandOver(stateDir, "a", "nvme", nvme1) != 1) {
        fprintf(stderr, "nvme1 was not handed over to pool b\n");
        return -1;
    }
    if (testReadBack("b", "nvme", "controller created nvme1 127.0.20.1 4420\n") < 0)
        return -1;
    if (virStorageOntapNoteHandOver(stateDir, "a", "nvme", nvme2) != 0) {
        fprintf(stderr, "nvme2 was handed over, but no other pool holds it\n");
        return -1;
    }
    /* B stops last: nobody else holds nvme1 (A's own note does not count) */
    nvme1 = g_ptr_array_index(b->entries, 0);
    if (virStorageOntapNoteHandOver(stateDir, "b", "nvme", nvme1) != 1)
        return -1;
    virStorageOntapNoteForget(stateDir, "a", "nvme");
    if (virStorageOntapNoteHandOver(stateDir, "b", "nvme", nvme1) != 0)
        return -1;
    return testReadBack("c", "nvme", "controller - nvme2 127.0.20.9 4420\n");
}


/* Another pool's note that cannot be read: the thing must stay (that pool
 * may hold it), and the caller gets the error. */
static int
testHandOverUnreadable(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStorageOntapNote) a = testNoteTwoControllers();
    g_autofree char *file = virStorageOntapNoteFile(stateDir, "broken", "nvme");
    virStorageOntapNoteEntry *nvme2 = g_ptr_array_index(a->entries, 1);
    g_autofree char *expected = NULL;

    if (virStorageOntapNoteWriteRaw(file, "controller sometimes nvme1\n") < 0)
        return -1;
    if (virStorageOntapNoteHandOver(stateDir, "a", "nvme", nvme2) != -1) {
        fprintf(stderr, "an unreadable note did not stop the hand-over\n");
        return -1;
    }
    expected = g_strdup_printf("internal error: cannot read the ontap pool note %s: internal error: malformed line 1 of an ontap pool note: 'controller sometimes nvme1'",
                               file);
    if (virTestCompareToString(expected, virGetLastErrorMessage()) < 0)
        return -1;
    virStorageOntapNoteForget(stateDir, "broken", "nvme");
    return 0;
}


/* A missing note is an empty one; forgetting the last note of a pool
 * removes its directory, but not while it holds something else. */
static int
testForget(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStorageOntapNote) note = testNoteTwoControllers();
    g_autoptr(virStorageOntapNote) none = NULL;
    g_autofree char *dir = virStorageOntapNotePoolDir(stateDir, "gone");
    g_autofree char *missing = virStorageOntapNoteFile(stateDir, "gone", "never");

    if (virStorageOntapNoteRead(missing, &none) < 0 || none->entries->len != 0)
        return -1;
    if (testWrite("gone", "nvme", note) < 0 ||
        testWrite("gone", "scsi", note) < 0)
        return -1;
    virStorageOntapNoteForget(stateDir, "gone", "nvme");
    if (!virFileIsDir(dir)) {
        fprintf(stderr, "%s went while it still holds a note\n", dir);
        return -1;
    }
    virStorageOntapNoteForget(stateDir, "gone", "scsi");
    if (virFileExists(dir)) {
        fprintf(stderr, "%s stayed behind\n", dir);
        return -1;
    }
    return 0;
}


/* A journaled note is on disk after each entry, as a restarted daemon
 * would read it. */
static int
testJournal(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(virStorageOntapNote) note = virStorageOntapNoteNew();
    g_autoptr(virStorageOntapNote) read = NULL;
    g_autoptr(virStorageOntapNote) after = NULL;
    g_autofree char *file = virStorageOntapNoteFile(stateDir, "starting", "scsi");

    virStorageOntapNoteJournal(note, file);
    virStorageOntapNoteAdd(note, "session", VIR_STORAGE_ONTAP_NOTE_CREATED,
                           "iqn.2003-01.org.example:t1", "default", "127.0.30.1",
                           "3260", "1", NULL);
    if (virStorageOntapNoteRead(file, &read) < 0 || read->entries->len != 1) {
        fprintf(stderr, "%s does not hold the first entry\n", file);
        return -1;
    }
    virStorageOntapNoteAdd(note, "map", VIR_STORAGE_ONTAP_NOTE_CREATED,
                           "3600a098038303053453f463045726b32", NULL);
    if (virStorageOntapNoteRead(file, &after) < 0 || after->entries->len != 2 ||
        !virStorageOntapNoteHas(after, g_ptr_array_index(note->entries, 1))) {
        fprintf(stderr, "%s does not hold the second entry\n", file);
        return -1;
    }
    virStorageOntapNoteForget(stateDir, "starting", "scsi");
    return 0;
}


static int
mymain(void)
{
    int ret = 0;
    static const testBadNote bad[] = {
        { "controller sometimes nvme1 127.0.20.1 4420\n",
          "internal error: malformed line 1 of an ontap pool note: 'controller sometimes nvme1 127.0.20.1 4420'" },
        { "map created\n",
          "internal error: malformed line 1 of an ontap pool note: 'map created'" },
        { "map created one\nmap  created two\n",
          "internal error: malformed line 2 of an ontap pool note: 'map  created two'" },
    };
    size_t i;

    stateDir = g_strdup_printf("%s/storageontapnotedata-XXXXXX", abs_builddir);
    if (!g_mkdtemp(stateDir)) {
        fprintf(stderr, "cannot create %s\n", stateDir);
        return EXIT_FAILURE;
    }

    if (virTestRun("note format and parse", testFormatParse, NULL) < 0)
        ret = -1;
    for (i = 0; i < G_N_ELEMENTS(bad); i++) {
        if (virTestRun("malformed note", testParseBad, &bad[i]) < 0)
            ret = -1;
    }
    if (virTestRun("field with a space", testFormatBad, NULL) < 0)
        ret = -1;
    if (virTestRun("hand-over between two pools", testHandOver, NULL) < 0)
        ret = -1;
    if (virTestRun("hand-over with an unreadable note", testHandOverUnreadable, NULL) < 0)
        ret = -1;
    if (virTestRun("forget a pool's notes", testForget, NULL) < 0)
        ret = -1;
    if (virTestRun("a journaled note", testJournal, NULL) < 0)
        ret = -1;

    virFileDeleteTree(stateDir);
    g_free(stateDir);
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
