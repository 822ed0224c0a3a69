/*
 * fuzzpoolxml.c: fuzz target of the storage pool XML parser
 *
 * Any client with write access to the daemon hands it pool documents. A
 * document the parser accepts must format; for an 'ontap' pool the
 * formatted document must parse again to the same output, and pass
 * storagepool.rng: what libvirt writes, it and other tools read back.
 * Other pool types are only run for crashes and sanitizer reports.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "fuzz.h"
#include "storage_conf.h"
#include "virxml.h"

static virXMLValidator *validator;


/* the schema, loaded once */
int
LLVMFuzzerInitialize(int *argc G_GNUC_UNUSED,
                     char ***argv G_GNUC_UNUSED)
{
    g_autofree char *schema = g_strdup_printf("%s/src/conf/schemas/storagepool.rng",
                                              abs_top_srcdir);

    fuzzInit();
    if (!(validator = virXMLValidatorInit(schema)))
        FUZZ_FAIL("cannot load %s", schema);
    return 0;
}


static void
fuzzPoolOntap(const char *xml)
{
    g_autoptr(virStoragePoolDef) again = NULL;
    g_autofree char *xml2 = NULL;
    g_autoptr(xmlDoc) doc = NULL;

    if (!(again = virStoragePoolDefParse(xml, NULL, 0)))
        FUZZ_FAIL("the formatted pool does not parse: %s\n%s",
                  virGetLastErrorMessage(), xml);
    if (!(xml2 = virStoragePoolDefFormat(again)))
        FUZZ_FAIL("the pool parsed again does not format: %s\n%s",
                  virGetLastErrorMessage(), xml);
    if (STRNEQ(xml, xml2))
        FUZZ_FAIL("the formatted pool reads back differently:\n%s\n%s", xml, xml2);

    if (!(doc = virXMLParseStringCtxt(xml, "(formatted pool)", NULL)))
        FUZZ_FAIL("the formatted pool is not XML: %s\n%s",
                  virGetLastErrorMessage(), xml);
    if (virXMLValidatorValidate(validator, doc) < 0)
        FUZZ_FAIL("the schema refuses what the parser accepted: %s\n%s",
                  virGetLastErrorMessage(), xml);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data,
                       size_t size)
{
    g_autofree char *input = fuzzString(data, size);
    g_autoptr(virStoragePoolDef) def = NULL;
    g_autofree char *xml = NULL;

    if (!(def = virStoragePoolDefParse(input, NULL, 0))) {
        virResetLastError();
        return 0;
    }

    if (!(xml = virStoragePoolDefFormat(def)))
        FUZZ_FAIL("a pool the parser accepted does not format: %s\n%s",
                  virGetLastErrorMessage(), input);

    if (def->type == VIR_STORAGE_POOL_ONTAP)
        fuzzPoolOntap(xml);

    virResetLastError();
    return 0;
}
