/*
 * storage_ontap_probe.c: bounded reachability probes of an array's addresses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The kernel's own connection attempts (an NFS mount, an NVMe/TCP or iSCSI
 * login) to an address that does not answer wait for minutes in places
 * that cannot be interrupted. A TCP connection opened to every address at
 * once, with one deadline for all, tells which ones answer first.
 */

#include <config.h>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include "storage_ontap_probe.h"
#include "virfile.h"
#include "virlog.h"
#include "virtime.h"

#define VIR_FROM_THIS VIR_FROM_STORAGE

VIR_LOG_INIT("storage.storage_ontap_probe");


static int
virStorageOntapProbeOpen(const virStoragePoolSourceHost *host,
                         int defaultPort)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_ADDRCONFIG };
    struct addrinfo *res = NULL;
    g_autofree char *port = NULL;
    int fd = -1;
    int rc;

    port = g_strdup_printf("%d", host->port > 0 ? host->port : defaultPort);

    if ((rc = getaddrinfo(host->name, port, &hints, &res)) != 0) {
        VIR_DEBUG("cannot resolve '%s': %s", host->name, gai_strerror(rc));
        return -1;
    }

    if ((fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                     res->ai_protocol)) < 0 ||
        (connect(fd, res->ai_addr, res->ai_addrlen) < 0 && errno != EINPROGRESS)) {
        VIR_DEBUG("cannot connect to '%s' port %s: %s",
                  host->name, port, g_strerror(errno));
        VIR_FORCE_CLOSE(fd);
    }
    freeaddrinfo(res);
    return fd;
}


/**
 * virStorageOntapProbeHosts:
 * @hosts: the addresses
 * @nhost: how many
 * @defaultPort: TCP port of those that name none
 * @timeoutMs: how long to wait for all of them together
 * @reachable: array of @nhost, filled in
 *
 * Open a TCP connection to every address at once and wait at most
 * @timeoutMs for them to be accepted.
 *
 * Returns the number of reachable addresses, or -1 on error.
 */
int
virStorageOntapProbeHosts(const virStoragePoolSourceHost *hosts,
                          size_t nhost,
                          int defaultPort,
                          int timeoutMs,
                          bool *reachable)
{
    g_autofree struct pollfd *fds = g_new0(struct pollfd, nhost);
    unsigned long long deadline;
    unsigned long long now;
    size_t pending = 0;
    size_t i;
    int nreachable = 0;

    if (virTimeMillisNow(&now) < 0)
        return -1;
    deadline = now + timeoutMs;

    for (i = 0; i < nhost; i++) {
        reachable[i] = false;
        fds[i].fd = virStorageOntapProbeOpen(&hosts[i], defaultPort);
        fds[i].events = POLLOUT;
        if (fds[i].fd >= 0)
            pending++;
    }

    while (pending > 0 && virTimeMillisNow(&now) == 0 && now < deadline) {
        int rc = poll(fds, nhost, deadline - now);

        if (rc < 0 && errno == EINTR)
            continue;
        if (rc <= 0)
            break;

        for (i = 0; i < nhost; i++) {
            int err = 0;
            socklen_t len = sizeof(err);

            if (fds[i].fd < 0 || fds[i].revents == 0)
                continue;
            if (getsockopt(fds[i].fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
                reachable[i] = true;
            VIR_FORCE_CLOSE(fds[i].fd);
            pending--;
        }
    }

    for (i = 0; i < nhost; i++) {
        VIR_FORCE_CLOSE(fds[i].fd);
        if (reachable[i])
            nreachable++;
        VIR_DEBUG("'%s' port %d: %s", hosts[i].name,
                  hosts[i].port > 0 ? hosts[i].port : defaultPort,
                  reachable[i] ? "reachable" : "unreachable");
    }

    return nreachable;
}
