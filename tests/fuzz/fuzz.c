/*
 * fuzz.c: what the fuzz targets of tests/fuzz share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "fuzz.h"


static void
fuzzQuiet(void *opaque G_GNUC_UNUSED,
          virErrorPtr err G_GNUC_UNUSED)
{
}


void
fuzzInit(void)
{
    static bool done;

    if (done)
        return;
    done = true;
    if (virErrorInitialize() < 0)
        abort();
    virSetErrorFunc(NULL, fuzzQuiet);
}
