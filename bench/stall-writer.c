/*
 * stall-writer.c: copy a file in 1 MiB writes, each made durable
 * (fdatasync) before the next, and report the longest time between two
 * completed writes: the I/O stall an application sees when a path dies.
 *
 * Usage: stall-writer SRC DST
 * Prints "bytes=N seconds=T max_gap=G errors=E"; exits 1 on any error.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (1024 * 1024)

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
    static char buf[CHUNK];
    long long bytes = 0;
    double start, last, gap = 0;
    int errors = 0;
    int in, out;
    ssize_t n;

    if (argc != 3) {
        fprintf(stderr, "usage: %s SRC DST\n", argv[0]);
        return 2;
    }
    if ((in = open(argv[1], O_RDONLY)) < 0 ||
        (out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
        fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
        return 1;
    }

    start = last = now();
    while ((n = read(in, buf, sizeof(buf))) > 0) {
        double t;

        if (write(out, buf, n) != n || fdatasync(out) < 0) {
            fprintf(stderr, "%s: write at %lld: %s\n", argv[0], bytes, strerror(errno));
            errors++;
            break;
        }
        bytes += n;
        t = now();
        if (t - last > gap)
            gap = t - last;
        last = t;
    }
    if (n < 0)
        errors++;
    if (close(out) < 0)
        errors++;

    printf("bytes=%lld seconds=%.2f max_gap=%.2f errors=%d\n",
           bytes, now() - start, gap, errors);
    return errors ? 1 : 0;
}
