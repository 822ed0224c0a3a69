/*
 * storage_backend_ontap_priv.h: what the parts of the ontap backend
 * module share (the NFS and NVMe-oF modes in storage_backend_ontap.c, the
 * iSCSI and FC modes in storage_backend_ontap_scsi.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef LIBVIRT_STORAGE_BACKEND_ONTAP_PRIV_H_ALLOW
# error "storage_backend_ontap_priv.h may only be included by the ontap backend"
#endif /* LIBVIRT_STORAGE_BACKEND_ONTAP_PRIV_H_ALLOW */

#pragma once

#include "storage_conf.h"
#include "configmake.h"

/* What a pool notes of its paths (trunk mounts, moved transports, NVMe
 * controllers, iSCSI sessions, multipath maps) lives under the driver's
 * state directory, one directory per pool. */
#define ONTAP_STATE_DIR RUNSTATEDIR "/libvirt/storage"
#define ONTAP_POOLS_STATE_DIR ONTAP_STATE_DIR "/ontap"

char *virStorageBackendOntapNoteFile(const char *pool,
                                     const char *name);

int virStorageBackendOntapNoteRead(const char *file,
                                   GStrv *lines);

int virStorageBackendOntapNoteWrite(const char *file,
                                    const char *content);

GStrv virStorageBackendOntapOtherPools(const char *pool);

void virStorageBackendOntapEraseSecret(char **value);

int virStorageBackendOntapAuthSecrets(virStoragePoolOntapAuth *auth,
                                      virSecretUsageType usage,
                                      char **value,
                                      char **mutualValue);

virStoragePoolSource *
virStorageBackendOntapSourcesAppend(virStoragePoolSourceList *list,
                                    virStoragePoolOntapProtocol protocol);

void virStorageBackendOntapSourceAddHost(virStoragePoolSource *src,
                                         const char *name,
                                         int port);

char *virStorageBackendOntapSourcesFormat(virStoragePoolSourceList *list,
                                          size_t answered,
                                          virBuffer *failed,
                                          const char *what);

bool virStorageBackendOntapDegradedFails(virStoragePoolDef *def);

int virStorageBackendOntapUnmount(const char *path);

int virStorageBackendOntapCheckTarget(virStoragePoolDef *def);

char *virStorageBackendOntapNumericAddr(const char *name);

int virStorageBackendOntapBlockFormat(virStoragePoolDef *def,
                                      const char *device,
                                      unsigned int flags);

int virStorageBackendOntapBlockMount(virStoragePoolDef *def,
                                     const char *device);
