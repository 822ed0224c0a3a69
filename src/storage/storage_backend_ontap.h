/*
 * storage_backend_ontap.h: storage backend for NFS, NVMe-oF, iSCSI and FC
 * arrays such as NetApp ONTAP
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

int virStorageBackendOntapRegister(void);
