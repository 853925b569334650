/* SPDX-License-Identifier: MIT */
/* NH (RFC 4418 section 5.2.1) of one L1 chunk for UMAC-64 (kernel/net/umac.c). */
#ifndef KERNEL_NET_NH_H
#define KERNEL_NET_NH_H
#include <stdint.h>
#include <stdbool.h>

/* y[i] = NH of iteration i over m[0..len) (len <= 1024, zero-padded to a
 * positive multiple of 32 bytes) plus its bit length, i = 0, 1: key holds
 * the 1024 + 16 bytes of L1 key as words, iteration 2's starting 16 bytes
 * on (section 5.1's Toeplitz extension). sse2: the CPU runs SSE2 and its
 * xmm registers are free for this code. */
void nh_chunk(const uint32_t *key, bool sse2, const uint8_t *m, uint32_t len, uint64_t y[2]);

#endif
