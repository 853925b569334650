// SPDX-License-Identifier: MIT
/* NH, UMAC's first-level hash (RFC 4418 section 5.2.1), for UMAC-64's two
 * iterations: the hot loop of the frame tag. */
#include "kernel/net/nh.h"
#include "kernel/core/string.h"

static uint32_t get32le(const uint8_t *p)   /* message words are little-endian */
{
#if defined(__i386__) || defined(__x86_64__)
    uint32_t v;
    __builtin_memcpy(&v, p, 4);
    return v;
#else
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
#endif
}

/* NH of one iteration over whole 32-byte blocks m[0..32 * blocks) under key
 * words k, added to y; the sums written out. */
#define NH_PAIR(i) \
    y += (uint64_t)(get32le(m + 4 * (i)) + k[i]) * (get32le(m + 4 * (i) + 16) + k[(i) + 4])

static uint64_t nh(const uint32_t *k, const uint8_t *m, uint32_t blocks, uint64_t y)
{
    for (; blocks; blocks--, m += 32, k += 8) {
        NH_PAIR(0);
        NH_PAIR(1);
        NH_PAIR(2);
        NH_PAIR(3);
    }
    return y;
}

void nh_chunk(const uint32_t *key, const uint8_t *m, uint32_t len, uint64_t y[2])
{
    uint32_t whole = len / 32, n = len % 32;
    uint8_t last[32];
    y[0] = y[1] = (uint64_t)len * 8;
    if (n || !len) {
        memcpy(last, m + 32 * whole, n);
        memset(last + n, 0, 32 - n);
    }
    for (int i = 0; i < 2; i++) {       /* UMAC-64: two iterations */
        y[i] = nh(key + 4 * i, m, whole, y[i]);
        if (n || !len)
            y[i] = nh(key + 4 * i + 8 * whole, last, 1, y[i]);
    }
}
