/*
 * storagepoolontapxmltest.c: what libvirt writes of 'ontap' pools is valid
 *
 * Every ontap pool document of the source tree is parsed, formatted and
 * the result validated against storagepool.rng; so is the XML of an
 * active pool of each protocol, with the live state of its paths. The
 * documents the schema refuses must be refused by the parser too, and two
 * pools naming one LIF with and without its default port are duplicates.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "testutils.h"
#include "storage_conf.h"
#include "virfile.h"
#include "virstring.h"
#include "virxml.h"

#define VIR_FROM_THIS VIR_FROM_NONE

static virXMLValidator *validator;


/* Format @def, check the result against the schema, and that parsing it
 * again gives the same document. */
static int
testFormatValidate(virStoragePoolDef *def)
{
    g_autofree char *xml = NULL;
    g_autofree char *again = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(virStoragePoolDef) reparsed = NULL;

    if (!(xml = virStoragePoolDefFormat(def)))
        return -1;

    if (!(doc = virXMLParseStringCtxt(xml, "(formatted pool)", NULL)))
        return -1;

    if (virXMLValidatorValidate(validator, doc) < 0) {
        VIR_TEST_VERBOSE("%s\n%s", virGetLastErrorMessage(), xml);
        return -1;
    }

    /* the live state is output only: compare without it */
    virStoragePoolOntapSourceClearLiveState(def->source.ontap);
    g_clear_pointer(&xml, g_free);
    if (!(xml = virStoragePoolDefFormat(def)) ||
        !(reparsed = virStoragePoolDefParse(xml, NULL, 0)) ||
        !(again = virStoragePoolDefFormat(reparsed)))
        return -1;

    if (STRNEQ(xml, again)) {
        VIR_TEST_VERBOSE("the formatted pool reads back differently:\n%s\n%s",
                         xml, again);
        return -1;
    }

    return 0;
}


static int
testDocument(const void *opaque)
{
    const char *path = opaque;
    g_autoptr(virStoragePoolDef) def = NULL;

    /* refused by the schema (virschematest checks that): the parser has
     * to refuse it too */
    if (strstr(path, "-invalid.")) {
        if ((def = virStoragePoolDefParse(NULL, path, 0))) {
            VIR_TEST_VERBOSE("%s: the schema refuses it, the parser accepts it", path);
            return -1;
        }
        virResetLastError();
        return 0;
    }

    if (!(def = virStoragePoolDefParse(NULL, path, 0)))
        return -1;

    return testFormatValidate(def);
}


/* Queue a test for every file of @dir whose name starts with @prefix and
 * ends with @suffix, and which holds a pool. */
static int
testDocumentsIn(const char *dir,
                const char *prefix,
                const char *suffix,
                GPtrArray *paths)
{
    g_autofree char *absdir = g_strdup_printf("%s/%s", abs_top_srcdir, dir);
    g_autoptr(DIR) dh = NULL;
    struct dirent *ent;
    guint before = paths->len;
    int rc;

    if (virDirOpen(&dh, absdir) < 0)
        return -1;

    while ((rc = virDirRead(dh, &ent, absdir)) > 0) {
        g_autofree char *path = NULL;
        g_autofree char *content = NULL;

        if (!STRPREFIX(ent->d_name, prefix) ||
            !virStringHasSuffix(ent->d_name, suffix))
            continue;

        path = g_strdup_printf("%s/%s", absdir, ent->d_name);
        /* virsh's expected outputs also hold error messages */
        if (virTestLoadFile(path, &content) < 0)
            return -1;
        if (!STRPREFIX(content, "<pool type='ontap'"))
            continue;

        g_ptr_array_add(paths, g_steal_pointer(&path));
    }
    if (rc < 0)
        return -1;

    if (paths->len == before) {
        fprintf(stderr, "no ontap pool document in %s\n", absdir);
        return -1;
    }
    return 0;
}


/* ---- Active pools ---------------------------------------------------- */

typedef enum {
    TEST_PATHS_NFS,
    TEST_PATHS_NVME,
    TEST_PATHS_ISCSI,
    TEST_PATHS_FC,
} testPathsKind;

typedef struct {
    const char *file;           /* below tests/ */
    testPathsKind kind;
} testActiveData;


/* Path @i of an active pool as the backend fills it: even paths with every
 * field the protocol has, odd ones as a path that is down. */
static void
testFillPath(virStoragePoolOntapPath *path,
             size_t i,
             const char *address,
             int port,
             testPathsKind kind)
{
    bool up = i % 2 == 0;

    path->address = g_strdup(address);
    if (kind != TEST_PATHS_NFS)
        path->port = port;

    switch (kind) {
    case TEST_PATHS_NFS:
        path->transports = up ? 4 : 1;
        path->connected = up ? 4 : 0;
        path->unreachable = !up;
        break;

    case TEST_PATHS_NVME:
        if (!up)
            break;
        path->controller = g_strdup_printf("nvme%zu", i);
        path->controllerState = g_strdup("live");
        path->ana = g_strdup(i == 0 ? "optimized" : "non-optimized");
        break;

    case TEST_PATHS_ISCSI:
    case TEST_PATHS_FC:
        if (kind == TEST_PATHS_ISCSI) {
            path->session = i + 1;
            path->sessionState = g_strdup(up ? "LOGGED_IN" : "FAILED");
        }
        path->disk = g_strdup_printf("sd%c", (char) ('b' + i));
        path->hctl = g_strdup_printf("%zu:0:0:3", i + 2);
        path->diskState = g_strdup(up ? "running" : "transport-offline");
        path->mpathActive = up ? VIR_TRISTATE_BOOL_YES : VIR_TRISTATE_BOOL_NO;
        path->group = i + 1;
        path->groupState = g_strdup(up ? "active" : "enabled");
        path->failures = up ? 0 : 3;
        break;
    }
}


static int
testActive(const void *opaque)
{
    const testActiveData *data = opaque;
    g_autofree char *path = g_strdup_printf("%s/%s", abs_srcdir, data->file);
    g_autoptr(virStoragePoolDef) def = NULL;
    virStoragePoolOntapSource *ontap;
    size_t npaths;
    size_t i;

    if (!(def = virStoragePoolDefParse(NULL, path, 0)))
        return -1;
    ontap = def->source.ontap;

    /* an FC pool has no hosts: its paths are the SCSI disks of the LUN */
    npaths = data->kind == TEST_PATHS_FC ? 2 : def->source.nhost;
    ontap->paths = g_new0(virStoragePoolOntapPath, npaths);
    ontap->npaths = npaths;

    for (i = 0; i < npaths; i++) {
        g_autofree char *hctl = g_strdup_printf("%zu:0:0:3", i + 2);
        const char *address = data->kind == TEST_PATHS_FC ? hctl : def->source.hosts[i].name;

        testFillPath(&ontap->paths[i], i, address,
                     virStoragePoolOntapProtocolDefaultPort(ontap->protocol),
                     data->kind);
    }

    if (data->kind == TEST_PATHS_NVME)
        ontap->device = g_strdup("/dev/nvme0n1");
    else if (data->kind != TEST_PATHS_NFS)
        ontap->device = g_strdup_printf("/dev/mapper/%s", ontap->lunWWID);

    return testFormatValidate(def);
}


/* ---- Values at the edges ----------------------------------------------
 *
 * What the parser accepts, the schema must accept once formatted: values
 * the parser reads loosely (UUIDs, names, addresses) are the ones a
 * formatter may write back in a form the schema refuses. */

typedef struct {
    const char *source;         /* <source> contents */
    const char *target;
    bool valid;                 /* what the parser says */
} testValueData;


static int
testValue(const void *opaque)
{
    const testValueData *data = opaque;
    g_autofree char *xml = NULL;
    g_autoptr(virStoragePoolDef) def = NULL;

    xml = g_strdup_printf("<pool type='ontap'><name>edge</name>"
                          "<source>%s</source>"
                          "<target><path>%s</path></target></pool>",
                          data->source,
                          data->target ? data->target : "/var/lib/libvirt/ontap/edge");

    def = virStoragePoolDefParse(xml, NULL, 0);
    if (!data->valid) {
        if (def) {
            VIR_TEST_VERBOSE("the parser accepts %s", data->source);
            return -1;
        }
        virResetLastError();
        return 0;
    }

    if (!def)
        return -1;
    return testFormatValidate(def);
}


/* ---- Duplicate pools ------------------------------------------------- */

typedef struct {
    const char *a;              /* <source> contents */
    const char *b;
    bool duplicate;
} testDuplicateData;


static virStoragePoolDef *
testPoolFromSource(const char *name,
                   const char *source)
{
    g_autofree char *xml = NULL;

    xml = g_strdup_printf("<pool type='ontap'><name>%s</name>"
                          "<source>%s</source>"
                          "<target><path>/var/lib/libvirt/ontap/%s</path></target>"
                          "</pool>", name, source, name);
    return virStoragePoolDefParse(xml, NULL, 0);
}


static int
testDuplicate(const void *opaque)
{
    const testDuplicateData *data = opaque;
    g_autoptr(virStoragePoolDef) a = NULL;
    g_autoptr(virStoragePoolDef) b = NULL;

    if (!(a = testPoolFromSource("a", data->a)) ||
        !(b = testPoolFromSource("b", data->b)))
        return -1;

    if (virStoragePoolOntapSourceIsDuplicate(&a->source, &b->source) != data->duplicate ||
        virStoragePoolOntapSourceIsDuplicate(&b->source, &a->source) != data->duplicate) {
        VIR_TEST_VERBOSE("expected the pools %sto be duplicates",
                         data->duplicate ? "" : "not ");
        return -1;
    }
    return 0;
}


#define NFS_SOURCE(hosts, dir) \
    "<protocol name='nfs'/>" hosts "<dir path='" dir "'/>"
#define NVME_SOURCE(hosts, ns) \
    "<protocol name='nvme-tcp'/>" hosts \
    "<subsystem nqn='nqn.1992-08.com.netapp:sn.1:subsystem.kvm'/>" ns \
    "<format type='ocfs2'/><cluster local='yes'/>"
#define ISCSI_SOURCE(extra) \
    "<protocol name='iscsi'/><host name='192.0.2.31'/>" \
    "<device path='iqn.1992-08.com.netapp:sn.1:vs.3'/>" \
    "<lun wwid='3600a098038303053453f463045726b32'/>" \
    "<format type='gfs2'/><cluster name='kvmcl01'/>" extra


static int
mymain(void)
{
    g_autofree char *schema = g_strdup_printf("%s/src/conf/schemas/storagepool.rng",
                                              abs_top_srcdir);
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
    int ret = 0;
    size_t i;

    if (!(validator = virXMLValidatorInit(schema)))
        return EXIT_FAILURE;

    if (testDocumentsIn("tests/storagepoolxml2xmlin", "pool-ontap-", ".xml", paths) < 0 ||
        testDocumentsIn("tests/storagepoolxml2xmlout", "pool-ontap-", ".xml", paths) < 0 ||
        testDocumentsIn("tests/storagepoolschemadata", "pool-ontap-", ".xml", paths) < 0 ||
        testDocumentsIn("examples/xml/storage", "pool-ontap-", ".xml", paths) < 0 ||
        testDocumentsIn("tests/virshtestdata", "pool-define-as-ontap-", ".out", paths) < 0)
        ret = -1;

    g_ptr_array_sort(paths, (GCompareFunc) virStringSortCompare);

    for (i = 0; i < paths->len; i++) {
        const char *path = g_ptr_array_index(paths, i);
        g_autofree char *title = g_strdup_printf("dump validates %s",
                                                 path + strlen(abs_top_srcdir) + 1);

        if (virTestRun(title, testDocument, path) < 0)
            ret = -1;
    }

#define DO_TEST_ACTIVE(file, kind) \
    do { \
        static testActiveData data = { file, kind }; \
        if (virTestRun("active pool validates " file, testActive, &data) < 0) \
            ret = -1; \
    } while (0)

    DO_TEST_ACTIVE("storagepoolxml2xmlin/pool-ontap-nfs-trunk.xml", TEST_PATHS_NFS);
    DO_TEST_ACTIVE("storagepoolxml2xmlin/pool-ontap-nfs-rdma.xml", TEST_PATHS_NFS);
    DO_TEST_ACTIVE("storagepoolxml2xmlin/pool-ontap-nvme-tcp-full.xml", TEST_PATHS_NVME);
    DO_TEST_ACTIVE("storagepoolschemadata/pool-ontap-nvme-rdma-schema.xml", TEST_PATHS_NVME);
    DO_TEST_ACTIVE("storagepoolxml2xmlin/pool-ontap-nvme-fc.xml", TEST_PATHS_NVME);
    DO_TEST_ACTIVE("storagepoolxml2xmlin/pool-ontap-iscsi-full.xml", TEST_PATHS_ISCSI);
    DO_TEST_ACTIVE("storagepoolxml2xmlin/pool-ontap-fc.xml", TEST_PATHS_FC);

#define DO_TEST_VALUE(name, source, target, valid) \
    do { \
        static testValueData data = { source, target, valid }; \
        if (virTestRun("value " name, testValue, &data) < 0) \
            ret = -1; \
    } while (0)
#define NFS_HOST(name) \
    NFS_SOURCE("<host name='" name "'/>", "/vmstore")

    DO_TEST_VALUE("host ipv4", NFS_HOST("192.0.2.1"), NULL, true);
    DO_TEST_VALUE("host ipv4 leading zero", NFS_HOST("192.0.2.01"), NULL, false);
    DO_TEST_VALUE("host ipv4 short", NFS_HOST("192.2"), NULL, false);
    DO_TEST_VALUE("host ipv6", NFS_HOST("2001:DB8::1"), NULL, true);
    DO_TEST_VALUE("host ipv6 mapped", NFS_HOST("::ffff:192.0.2.1"), NULL, true);
    DO_TEST_VALUE("host ipv6 seven groups", NFS_HOST("1::2:3:4:5:6:7"), NULL, true);
    DO_TEST_VALUE("host ipv6 bad", NFS_HOST("2001:db8:::1"), NULL, false);
    DO_TEST_VALUE("host dns", NFS_HOST("svm1-lif2.Example.com"), NULL, true);
    DO_TEST_VALUE("host dns one letter", NFS_HOST("a"), NULL, true);
    DO_TEST_VALUE("host dns digit first", NFS_HOST("1a.example.com"), NULL, true);
    DO_TEST_VALUE("host dns empty label", NFS_HOST("svm1..example.com"), NULL, false);
    DO_TEST_VALUE("host dns underscore", NFS_HOST("svm_1.example.com"), NULL, false);
    DO_TEST_VALUE("host dns trailing dash", NFS_HOST("svm1-"), NULL, false);
    DO_TEST_VALUE("dir with comma", NFS_SOURCE("<host name='192.0.2.1'/>", "/vm,store"), NULL, true);
    DO_TEST_VALUE("dir root", NFS_SOURCE("<host name='192.0.2.1'/>", "/"), NULL, true);
    DO_TEST_VALUE("target doubled slash", NFS_HOST("192.0.2.1"), "//srv//ontap/", true);
    DO_TEST_VALUE("target only slashes", NFS_HOST("192.0.2.1"), "//", false);
    DO_TEST_VALUE("nvme hostid spelt loosely",
                  NVME_SOURCE("<host name='192.0.2.21'/>", "<namespace nsid='1'/>")
                  "<initiator><nqn name='nqn.2014-08.org.nvmexpress:uuid:6c1e2f3a-5b4d-4e6f-8a9b-0c1d2e3f4a5b'"
                  " hostid=' 6C1E2F3A5B4D4E6F8A9B0C1D2E3F4A5B'/></initiator>",
                  NULL, true);
    DO_TEST_VALUE("nvme hostid malformed",
                  NVME_SOURCE("<host name='192.0.2.21'/>", "<namespace nsid='1'/>")
                  "<initiator><nqn name='nqn.2014-08.org.nvmexpress:uuid:6c1e2f3a-5b4d-4e6f-8a9b-0c1d2e3f4a5b'"
                  " hostid='6c1e2f3a'/></initiator>",
                  NULL, false);
    DO_TEST_VALUE("nvme uuid nqn with space",
                  NVME_SOURCE("<host name='192.0.2.21'/>", "<namespace nsid='1'/>")
                  "<initiator><nqn name='nqn.2014-08.org.nvmexpress:uuid: 6c1e2f3a-5b4d-4e6f-8a9b-0c1d2e3f4a5b'/></initiator>",
                  NULL, false);
    DO_TEST_VALUE("nvme namespace uuid spelt loosely",
                  NVME_SOURCE("<host name='192.0.2.21'/>", "<namespace uuid='4F3C2A108D1E4B7A9C550A1B2C3D4E5F'/>"),
                  NULL, true);
    DO_TEST_VALUE("nvme nsid highest",
                  NVME_SOURCE("<host name='192.0.2.21'/>", "<namespace nsid='4294967294'/>"),
                  NULL, true);
    DO_TEST_VALUE("nvme fabric highest",
                  NVME_SOURCE("<host name='192.0.2.21' port='65535'/>", "<namespace nsid='1'/>")
                  "<fabric ctrl_loss_tmo='2147483647' reconnect_delay='2147483647'"
                  " keep_alive_tmo='65535' nr_io_queues='65535'/>",
                  NULL, true);
    DO_TEST_VALUE("nvme fabric ctrl_loss_tmo zero",
                  NVME_SOURCE("<host name='192.0.2.21'/>", "<namespace nsid='1'/>")
                  "<fabric ctrl_loss_tmo='0'/>",
                  NULL, true);
    DO_TEST_VALUE("iscsi chap user with C1 control",
                  ISCSI_SOURCE("<auth type='chap' username='kvm&#x85;01'><secret usage='chap'/></auth>"),
                  NULL, false);
    DO_TEST_VALUE("iscsi chap user non-ascii",
                  ISCSI_SOURCE("<auth type='chap' username='kvm-&#xe9;t&#xe9;'><secret usage='chap'/></auth>"),
                  NULL, true);
    DO_TEST_VALUE("iscsi lun id highest",
                  "<protocol name='iscsi'/><host name='192.0.2.31'/>"
                  "<device path='eui.0123456789ABCDEF'/>"
                  "<lun wwid='3600A098038303053453F463045726B32' id='2147483647'/>"
                  "<format type='gfs2'/><cluster local='yes'/>",
                  NULL, true);
    DO_TEST_VALUE("iscsi target with underscore",
                  "<protocol name='iscsi'/><host name='192.0.2.31'/>"
                  "<device path='iqn.2003-01.org.linux-iscsi.host:sn_1'/>"
                  "<lun wwid='3600a098038303053453f463045726b32'/>"
                  "<format type='gfs2'/><cluster local='yes'/>",
                  NULL, true);

#define DO_TEST_DUPLICATE(name, a, b, duplicate) \
    do { \
        static testDuplicateData data = { a, b, duplicate }; \
        if (virTestRun("duplicate " name, testDuplicate, &data) < 0) \
            ret = -1; \
    } while (0)

    DO_TEST_DUPLICATE("nfs default port",
                      NFS_SOURCE("<host name='192.0.2.11'/>", "/vmstore"),
                      NFS_SOURCE("<host name='192.0.2.11' port='2049'/>", "/vmstore"),
                      true);
    DO_TEST_DUPLICATE("nfs rdma default port",
                      "<protocol name='nfs' transport='rdma'/><host name='192.0.2.11'/><dir path='/vmstore'/>",
                      "<protocol name='nfs' transport='rdma'/><host name='192.0.2.11' port='20049'/><dir path='/vmstore'/>",
                      true);
    DO_TEST_DUPLICATE("nfs one common LIF",
                      NFS_SOURCE("<host name='192.0.2.11'/><host name='192.0.2.12'/>", "/vmstore"),
                      NFS_SOURCE("<host name='192.0.2.13'/><host name='192.0.2.12' port='2049'/>", "/vmstore/"),
                      true);
    DO_TEST_DUPLICATE("nfs IPv6 spelt differently",
                      NFS_SOURCE("<host name='2001:db8::11'/>", "/vmstore"),
                      NFS_SOURCE("<host name='2001:DB8:0::11' port='2049'/>", "/vmstore"),
                      true);
    DO_TEST_DUPLICATE("nfs DNS name case",
                      NFS_SOURCE("<host name='svm1.example.com'/>", "/vmstore"),
                      NFS_SOURCE("<host name='SVM1.example.com'/>", "/vmstore"),
                      true);
    DO_TEST_DUPLICATE("nfs other export",
                      NFS_SOURCE("<host name='192.0.2.11'/>", "/vmstore"),
                      NFS_SOURCE("<host name='192.0.2.11' port='2049'/>", "/other"),
                      false);
    DO_TEST_DUPLICATE("nfs other LIFs",
                      NFS_SOURCE("<host name='192.0.2.11'/>", "/vmstore"),
                      NFS_SOURCE("<host name='192.0.2.12'/>", "/vmstore"),
                      false);
    DO_TEST_DUPLICATE("nvme same namespace",
                      NVME_SOURCE("<host name='192.0.2.21'/>", "<namespace nsid='1'/>"),
                      NVME_SOURCE("<host name='192.0.2.22' port='4420'/>", "<namespace nsid='1'/>"),
                      true);
    DO_TEST_DUPLICATE("nvme other namespace",
                      NVME_SOURCE("<host name='192.0.2.21'/>", "<namespace nsid='1'/>"),
                      NVME_SOURCE("<host name='192.0.2.21' port='4420'/>", "<namespace nsid='2'/>"),
                      false);

    if (virStoragePoolOntapProtocolDefaultPort(VIR_STORAGE_POOL_ONTAP_PROTOCOL_NFS) != 2049 ||
        virStoragePoolOntapProtocolDefaultPort(VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_TCP) != 4420 ||
        virStoragePoolOntapProtocolDefaultPort(VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_RDMA) != 4420 ||
        virStoragePoolOntapProtocolDefaultPort(VIR_STORAGE_POOL_ONTAP_PROTOCOL_ISCSI) != 3260 ||
        virStoragePoolOntapProtocolDefaultPort(VIR_STORAGE_POOL_ONTAP_PROTOCOL_NVME_FC) != 0 ||
        virStoragePoolOntapProtocolDefaultPort(VIR_STORAGE_POOL_ONTAP_PROTOCOL_FC) != 0) {
        fprintf(stderr, "unexpected default port\n");
        ret = -1;
    }

    virXMLValidatorFree(validator);
    return ret == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

VIR_TEST_MAIN(mymain)
