/*
 * storage_ontap_pathstate.h: telling how the paths of an 'ontap' pool
 * changed between two looks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "storage_conf.h"

GPtrArray *virStorageOntapPathStateChanges(const virStoragePoolOntapSource *before,
                                           const virStoragePoolOntapSource *after);
