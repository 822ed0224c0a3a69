/*
 * storage_ontap_command.h: the external programs an 'ontap' pool runs,
 * each ended when it takes longer than its bound
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "vircommand.h"

/* coreutils timeout(1) sends SIGTERM at the bound, SIGKILL this much later */
#define VIR_STORAGE_ONTAP_COMMAND_KILL_AFTER 5

unsigned int virStorageOntapCommandBound(const char *prog);

virCommand *virStorageOntapCommandNew(const char *prog, ...)
    G_GNUC_NULL_TERMINATED;

int virStorageOntapCommandRun(virCommand *cmd,
                              int *exitstatus);
