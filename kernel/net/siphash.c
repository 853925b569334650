// SPDX-License-Identifier: MIT
/* SipHash-2-4 as the paper specifies it (section 2): four 64-bit words of
 * state, two rounds per 8-byte word of input, four to finish; the 128-bit
 * output variant xors 0xee into v1 at the start and 0xee, then 0xdd, into
 * the finalisation (the reference implementation's outlen 16). */
#include "kernel/net/siphash.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND do { \
    v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
    v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
    v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
    v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
} while (0)

static inline uint64_t get64le(const uint8_t *p)
{
    /* x86 is little-endian and takes unaligned loads */
#if defined(__i386__) || defined(__x86_64__)
    uint64_t v;
    __builtin_memcpy(&v, p, 8);
    return v;
#else
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
#endif
}

static inline void put64le(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void siphash24(const uint8_t key[SIPHASH_KEY_LEN], const void *in, uint32_t len,
               uint8_t *out, unsigned outlen)
{
    const uint8_t *m = in, *end = m + (len & ~7u);
    uint64_t k0 = get64le(key), k1 = get64le(key + 8);
    uint64_t v0 = 0x736f6d6570736575ULL ^ k0;      /* "somepseudorandomlygeneratedbytes" */
    uint64_t v1 = 0x646f72616e646f6dULL ^ k1;
    uint64_t v2 = 0x6c7967656e657261ULL ^ k0;
    uint64_t v3 = 0x7465646279746573ULL ^ k1;
    if (outlen == 16)
        v1 ^= 0xee;
    for (; m != end; m += 8) {
        uint64_t w = get64le(m);
        v3 ^= w;
        SIPROUND;
        SIPROUND;
        v0 ^= w;
    }
    /* the last word: the remaining bytes, and the length's low byte on top */
    uint64_t b = (uint64_t)len << 56;
    for (unsigned i = 0; i < (len & 7); i++)
        b |= (uint64_t)m[i] << (8 * i);
    v3 ^= b;
    SIPROUND;
    SIPROUND;
    v0 ^= b;
    v2 ^= outlen == 16 ? 0xee : 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    put64le(out, v0 ^ v1 ^ v2 ^ v3);
    if (outlen != 16)
        return;
    v1 ^= 0xdd;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    put64le(out + 8, v0 ^ v1 ^ v2 ^ v3);
}
