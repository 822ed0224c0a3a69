/*
 * fuzzreplay.c: run a fuzz target once on every file of the given
 * directories (or on the given files), without libFuzzer
 *
 * This makes each target an ordinary test of the suite: its seeds and the
 * inputs that crashed it once (tests/fuzz/crashes/TARGET) are replayed by
 * every build, whatever the compiler.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "fuzz.h"
#include "virfile.h"

static int
fuzzReplayFile(const char *path)
{
    g_autofree char *content = NULL;
    gsize len;
    g_autoptr(GError) err = NULL;

    if (!g_file_get_contents(path, &content, &len, &err)) {
        fprintf(stderr, "cannot read %s: %s\n", path, err->message);
        return -1;
    }
    if (getenv("VIR_TEST_DEBUG"))
        fprintf(stderr, "replaying %s\n", path);
    LLVMFuzzerTestOneInput((const uint8_t *) content, len);
    return 0;
}


static int
fuzzReplayPath(const char *path,
               size_t *count)
{
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    int rc;

    if (!virFileIsDir(path)) {
        (*count)++;
        return fuzzReplayFile(path);
    }

    if (virDirOpen(&dh, path) < 0)
        return -1;
    while ((rc = virDirRead(dh, &ent, path)) > 0) {
        g_autofree char *file = g_strdup_printf("%s/%s", path, ent->d_name);

        if (virFileIsDir(file))
            continue;
        (*count)++;
        if (fuzzReplayFile(file) < 0)
            return -1;
    }
    return rc;
}


int
main(int argc,
     char **argv)
{
    size_t count = 0;
    size_t i;

    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);

    for (i = 1; i < (size_t) argc; i++) {
        if (fuzzReplayPath(argv[i], &count) < 0)
            return EXIT_FAILURE;
    }

    /* a corpus gone missing would make this test pass on nothing */
    if (count == 0) {
        fprintf(stderr, "no input to replay\n");
        return EXIT_FAILURE;
    }
    if (getenv("VIR_TEST_DEBUG"))
        fprintf(stderr, "%zu inputs replayed\n", count);
    return EXIT_SUCCESS;
}
