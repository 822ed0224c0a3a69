/*
 * storage_ontap_corosync.c: what corosync says of the cluster of a GFS2
 * 'ontap' pool: whether this host's partition is quorate, and which nodes
 * have joined a DLM lockspace (a GFS2 filesystem mounted there)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * dlm_controld joins one corosync process group per lockspace, named
 * "dlm:ls:<lockspace>", on every node that uses it; GFS2 names its
 * lockspace after the filesystem part of its lock table. Corosync lists
 * every group of the cluster with its members on every node, so a host
 * sees who has a GFS2 filesystem mounted before it mounts it itself.
 */

#include <config.h>

#include "storage_ontap_corosync.h"
#include "storage_ontap_command.h"
#include "vircommand.h"
#include "virerror.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_corosync");

/* corosync-quorumtool -s: 0 quorate, 2 not quorate, else no answer. */
#define ONTAP_QUORUMTOOL_NOT_QUORATE 2


/**
 * virStorageOntapCorosyncCheckQuorate:
 * @pool: the pool's name, for messages
 * @cluster: the cluster the pool names, for messages
 *
 * A GFS2 mount on a host whose partition is not quorate waits for quorum
 * without end; this fails at once instead, saying so.
 *
 * Returns 0 when this host's corosync partition is quorate, -1 (error
 * reported) otherwise.
 */
int
virStorageOntapCorosyncCheckQuorate(const char *pool,
                                    const char *cluster)
{
    g_autoptr(virCommand) cmd = virStorageOntapCommandNew("corosync-quorumtool",
                                                     "-s", NULL);
    g_autofree char *output = NULL;
    g_autofree char *errors = NULL;
    int status = 0;

    virCommandSetOutputBuffer(cmd, &output);
    virCommandSetErrorBuffer(cmd, &errors);
    if (virStorageOntapCommandRun(cmd, &status) < 0)
        return -1;
    VIR_DEBUG("corosync-quorumtool -s: status %d: %s%s",
              status, NULLSTR(output), NULLSTR(errors));

    if (status == ONTAP_QUORUMTOOL_NOT_QUORATE) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': this host's partition of corosync cluster '%2$s' is not quorate, and a GFS2 mount would wait for quorum (see 'corosync-quorumtool -s')"),
                       pool, cluster);
        return -1;
    }
    if (status != 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("ontap pool '%1$s': corosync of cluster '%2$s' does not answer (corosync-quorumtool -s exited with status %3$d): start corosync first"),
                       pool, cluster, status);
        return -1;
    }
    return 0;
}


/* The name of node @nodeid in "corosync-cmapctl -b nodelist.node" output:
 * its "name", else its ring0_addr, else NULL. */
static char *
virStorageOntapCorosyncNodeName(const char *cmap,
                                const char *nodeid)
{
    g_auto(GStrv) lines = g_strsplit(cmap, "\n", 0);
    g_autofree char *index = NULL;
    g_autofree char *addr = NULL;
    size_t i;

    /* "nodelist.node.<index>.<key> (<type>) = <value>" */
    for (i = 0; lines[i] && !index; i++) {
        const char *rest;
        const char *eq;

        if (!(rest = STRSKIP(lines[i], "nodelist.node.")) ||
            !(eq = strstr(rest, " = ")) ||
            STRNEQ(eq + 3, nodeid) ||
            !strstr(rest, ".nodeid ("))
            continue;
        index = g_strndup(rest, strchr(rest, '.') - rest);
    }
    if (!index)
        return NULL;

    for (i = 0; lines[i]; i++) {
        g_autofree char *prefix = g_strdup_printf("nodelist.node.%s.", index);
        const char *rest;
        const char *eq;

        if (!(rest = STRSKIP(lines[i], prefix)) || !(eq = strstr(rest, " = ")))
            continue;
        if (!eq[3])
            continue;
        if (STRPREFIX(rest, "name ("))
            return g_strdup(eq + 3);
        if (STRPREFIX(rest, "ring0_addr (") && !addr)
            addr = g_strdup(eq + 3);
    }
    return g_steal_pointer(&addr);
}


/**
 * virStorageOntapCorosyncParseLockspace:
 * @cpg: what "corosync-cpgtool -d ," printed
 * @cmap: what "corosync-cmapctl -b nodelist.node" printed
 * @lockspace: a DLM lockspace name
 * @nodes: set to the names of the nodes in it ("host-a, host-b"), or NULL
 *         when no node is
 *
 * Returns 0 on success, -1 (error reported) when @cpg is not that table.
 */
int
virStorageOntapCorosyncParseLockspace(const char *cpg,
                                      const char *cmap,
                                      const char *lockspace,
                                      char **nodes)
{
    g_auto(GStrv) lines = g_strsplit(cpg, "\n", 0);
    g_autofree char *group = g_strdup_printf("dlm:ls:%s", lockspace);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    *nodes = NULL;
    if (!lines[0] || !STRPREFIX(lines[0], "GRP_NAME,")) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot read the corosync process groups from '%1$s'"),
                       cpg);
        return -1;
    }

    /* "<group>,<pid>,<nodeid>"; the group name as dlm_controld sent it,
     * its closing NUL escaped. */
    for (i = 1; lines[i]; i++) {
        g_autofree char *name = NULL;
        g_autofree char *member = NULL;
        char *nodeid = strrchr(lines[i], ',');
        char *pid;
        size_t j;

        if (!nodeid || !nodeid[1])
            continue;
        *nodeid++ = '\0';
        if (!(pid = strrchr(lines[i], ',')))
            continue;
        *pid = '\0';
        name = g_strdup(lines[i]);
        if (g_str_has_suffix(name, "\\x00"))
            name[strlen(name) - 4] = '\0';
        if (STRNEQ(name, group))
            continue;

        if (!(member = virStorageOntapCorosyncNodeName(cmap, nodeid)))
            member = g_strdup_printf("node %s", nodeid);
        for (j = 0; j < names->len; j++) {
            if (STREQ(g_ptr_array_index(names, j), member))
                break;
        }
        if (j == names->len)
            g_ptr_array_add(names, g_steal_pointer(&member));
    }

    if (names->len > 0) {
        g_ptr_array_add(names, NULL);
        *nodes = g_strjoinv(", ", (char **) names->pdata);
    }
    return 0;
}


/**
 * virStorageOntapCorosyncLockspaceNodes:
 * @lockspace: a DLM lockspace name (a GFS2 filesystem's name)
 * @nodes: set as virStorageOntapCorosyncParseLockspace does
 *
 * Returns 0 on success, -1 (error reported) when corosync does not answer.
 */
int
virStorageOntapCorosyncLockspaceNodes(const char *lockspace,
                                      char **nodes)
{
    g_autoptr(virCommand) cpgCmd = virStorageOntapCommandNew("corosync-cpgtool",
                                                        "-d", ",", NULL);
    g_autoptr(virCommand) cmapCmd = virStorageOntapCommandNew("corosync-cmapctl",
                                                         "-b", "nodelist.node",
                                                         NULL);
    g_autofree char *cpg = NULL;
    g_autofree char *cmap = NULL;
    int status = 0;

    virCommandSetOutputBuffer(cpgCmd, &cpg);
    if (virStorageOntapCommandRun(cpgCmd, &status) < 0)
        return -1;
    if (status != 0) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       _("cannot tell which nodes have the GFS2 filesystem '%1$s' mounted: corosync does not answer (corosync-cpgtool exited with status %2$d), start it first"),
                       lockspace, status);
        return -1;
    }
    virCommandSetOutputBuffer(cmapCmd, &cmap);
    if (virStorageOntapCommandRun(cmapCmd, NULL) < 0)
        return -1;
    if (virStorageOntapCorosyncParseLockspace(cpg, cmap, lockspace, nodes) < 0)
        return -1;
    VIR_DEBUG("lockspace %s has %s", lockspace, NULLSTR(*nodes));
    return 0;
}
