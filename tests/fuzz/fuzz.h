/*
 * fuzz.h: what the fuzz targets of tests/fuzz share
 *
 * Each target defines LLVMFuzzerTestOneInput, which calls fuzzInit()
 * first, and LLVMFuzzerInitialize when it needs more. Built with clang and
 * -fsanitize=fuzzer it is a libFuzzer binary (meson option ontap_fuzz,
 * scripts/fuzz); linked with fuzzreplay.c it is an ordinary test
 * replaying the target's seeds and the inputs that once broke it.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "internal.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NONE

/* weak: libFuzzer and fuzzreplay.c call it only when a target has one */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property of the code under test does not hold: print why and abort,
 * which libFuzzer records as a crash with its input. */
#define FUZZ_FAIL(...) \
    do { \
        fprintf(stderr, "fuzz: " __VA_ARGS__); \
        fprintf(stderr, "\n"); \
        abort(); \
    } while (0)


/* Errors of refused inputs are expected by the thousand: keep them off
 * stderr. Only the first call does something. */
void fuzzInit(void);


/* The input as a string: up to its first NUL, as a tool's output read
 * into memory would be. */
static inline char *
fuzzString(const uint8_t *data,
           size_t size)
{
    return g_strndup((const char *) data, size);
}
