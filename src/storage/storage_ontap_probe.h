/*
 * storage_ontap_probe.h: bounded reachability probes of an array's addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"

int virStorageOntapProbeHosts(const virStoragePoolSourceHost *hosts,
                              size_t nhost,
                              int defaultPort,
                              int timeoutMs,
                              bool *reachable);
