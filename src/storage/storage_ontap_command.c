/*
 * storage_ontap_command.c: the external programs an 'ontap' pool runs,
 * each ended when it takes longer than its bound
 *
 * A program stuck on a dead path (a login, a mount, a map that never
 * comes) would otherwise hold the pool's job, and the pool with it, for
 * as long as the kernel retries. coreutils timeout(1) ends it and its
 * children (it runs them in a process group of their own), and still does
 * when the daemon is gone. A process stuck in the kernel in an
 * uninterruptible wait cannot be ended by any signal: the bound then
 * holds only as far as the kernel's own timeouts do.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <config.h>

#include "storage_ontap_command.h"
#include "virerror.h"
#include "virlog.h"
#include "virstring.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_command");

/* timeout(1)'s exit status when it ended the program with SIGTERM, and
 * when the program needed SIGKILL */
#define ONTAP_COMMAND_TIMED_OUT 124
#define ONTAP_COMMAND_KILLED (128 + 9)

/* Seconds each program may take. A login tries every portal of the node
 * record in turn; a mount of a cluster filesystem waits for its
 * heartbeat or lockspace; mkfs writes the journals of every slot. */
static const struct {
    const char *prog;
    unsigned int seconds;
} virStorageOntapCommandBounds[] = {
    { "iscsiadm", 120 },
    { "multipathd", 30 },
    { "mount", 180 },
    { "umount", 60 },
    { "mkfs.ocfs2", 600 },
    { "mkfs.gfs2", 600 },
    { "mounted.ocfs2", 60 },
    { "corosync-quorumtool", 15 },
    { "corosync-cpgtool", 15 },
    { "corosync-cmapctl", 15 },
};

#define ONTAP_COMMAND_DEFAULT_BOUND 60


/* The bound of @prog (a name or a path), in seconds. */
unsigned int
virStorageOntapCommandBound(const char *prog)
{
    const char *base = strrchr(prog, '/');
    size_t i;

    base = base ? base + 1 : prog;
    for (i = 0; i < G_N_ELEMENTS(virStorageOntapCommandBounds); i++) {
        if (STREQ(base, virStorageOntapCommandBounds[i].prog))
            return virStorageOntapCommandBounds[i].seconds;
    }
    return ONTAP_COMMAND_DEFAULT_BOUND;
}


/**
 * virStorageOntapCommandNew:
 * @prog: the program, then its arguments, NULL-terminated
 *
 * A command that runs @prog under timeout(1) with @prog's bound; run it
 * with virStorageOntapCommandRun, which says when the bound was hit.
 */
virCommand *
virStorageOntapCommandNew(const char *prog, ...)
{
    virCommand *cmd = virCommandNew("timeout");
    const char *arg;
    va_list list;

    virCommandAddArgFormat(cmd, "--kill-after=%u", VIR_STORAGE_ONTAP_COMMAND_KILL_AFTER);
    virCommandAddArgFormat(cmd, "%u", virStorageOntapCommandBound(prog));
    virCommandAddArg(cmd, prog);

    va_start(list, prog);
    while ((arg = va_arg(list, const char *)) != NULL)
        virCommandAddArg(cmd, arg);
    va_end(list);
    return cmd;
}


/**
 * virStorageOntapCommandRun:
 * @cmd: a command of virStorageOntapCommandNew
 * @exitstatus: where to store the program's exit status, or NULL
 *
 * Run @cmd. A program that hit its bound is an error, reported as such.
 * With @exitstatus NULL, any other exit status but 0 is an error too,
 * reported with what the program wrote on its standard error (the
 * command's error buffer is then this function's); otherwise the caller
 * judges the status.
 *
 * Returns 0 on success, -1 (error reported) otherwise.
 */
int
virStorageOntapCommandRun(virCommand *cmd,
                          int *exitstatus)
{
    g_autofree char *errbuf = NULL;
    g_auto(GStrv) args = NULL;
    const char *prog = "?";
    int status = 0;

    if (!exitstatus)
        virCommandSetErrorBuffer(cmd, &errbuf);
    if (virCommandRun(cmd, &status) < 0)
        return -1;

    /* timeout's own arguments come first: --kill-after, the bound */
    if (virCommandGetArgList(cmd, &args) == 0 && g_strv_length(args) > 2)
        prog = args[2];

    if (status == ONTAP_COMMAND_TIMED_OUT || status == ONTAP_COMMAND_KILLED) {
        virReportError(VIR_ERR_OPERATION_TIMEOUT,
                       _("%1$s did not finish within %2$u seconds and was stopped"),
                       prog, virStorageOntapCommandBound(prog));
        return -1;
    }
    if (exitstatus) {
        *exitstatus = status;
        return 0;
    }
    if (status != 0) {
        g_autofree char *line = args ? g_strjoinv(" ", args + 2) : g_strdup(prog);

        if (errbuf)
            g_strstrip(errbuf);
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("'%1$s' exited with status %2$d%3$s%4$s"),
                       line, status,
                       errbuf && *errbuf ? ": " : "", NULLSTR_EMPTY(errbuf));
        return -1;
    }
    return 0;
}
