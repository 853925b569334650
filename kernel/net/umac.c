// SPDX-License-Identifier: MIT
/* UMAC-64 as RFC 4418 specifies it: UHASH (section 5) twice, each time
 * L1 = NH over 1024-byte chunks (5.2.1), L2 = the polynomial mod 2^64 - 59
 * over L1's outputs when there is more than one chunk (5.3), L3 = an inner
 * product mod 2^36 - 5 (5.4); then xor the pad (section 4). Messages below
 * 16 MiB only: L2's 128-bit part is never needed for a frame. */
#include "kernel/net/umac.h"
#include "kernel/net/nh.h"
#include "kernel/core/string.h"

#define P36 ((1ull << 36) - 5)
#define P64 (0ull - 59)                 /* 2^64 - 59 */
#define POLY_OFFSET 59                  /* 2^64 - P64 */
#define POLY_MARKER (P64 - 1)
#define POLY_WORD_RANGE (0ull - (1ull << 32))   /* words at or past it are escaped */
#define POLY_KEY_MASK 0x01ffffff01ffffffull

static uint64_t get_be(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* KDF(K, index, numbytes) (section 3.2.1): AES-128 of the counter blocks
 * index || i, i = 1, 2, ... (two 8-byte big-endian numbers). */
static void kdf(const struct aes128 *k, uint8_t index, uint8_t *out, unsigned len)
{
    uint8_t block[AES_BLOCK_LEN], y[AES_BLOCK_LEN];
    for (unsigned i = 1; len; i++) {
        memset(block, 0, sizeof(block));
        block[7] = index;
        block[15] = (uint8_t)i;         /* at most 66 blocks (KDF(K, 1)) */
        aes128_encrypt(k, block, y);
        unsigned n = len < AES_BLOCK_LEN ? len : AES_BLOCK_LEN;
        memcpy(out, y, n);
        out += n;
        len -= n;
    }
}

void umac64_init(struct umac64 *u, const uint8_t key[UMAC_KEY_LEN], bool sse2)
{
    static uint8_t buf[sizeof(u->nh_key)];     /* the largest derived key */
    struct aes128 k;
    aes128_init(&k, key);
    kdf(&k, 0, buf, AES128_KEY_LEN);
    aes128_init(&u->pad_key, buf);
    kdf(&k, 1, buf, sizeof(u->nh_key));
    for (unsigned i = 0; i < sizeof(u->nh_key) / 4; i++)
        u->nh_key[i] = (uint32_t)get_be(buf + 4 * i, 4);
    kdf(&k, 2, buf, 24 * UMAC_ITERS);   /* k64 (8 bytes), then k128 (unused) */
    for (int i = 0; i < UMAC_ITERS; i++)
        u->poly_key[i] = get_be(buf + 24 * i, 8) & POLY_KEY_MASK;
    kdf(&k, 3, buf, 64 * UMAC_ITERS);
    for (int i = 0; i < UMAC_ITERS; i++)
        for (int j = 0; j < 8; j++)
        {
            uint64_t k = get_be(buf + 64 * i + 8 * j, 8) % P36;
            u->ip_lo[i][j] = (uint32_t)k;
            u->ip_hi[i][j] = (uint8_t)(k >> 32);
        }
    kdf(&k, 4, buf, 4 * UMAC_ITERS);
    for (int i = 0; i < UMAC_ITERS; i++)
        u->ip_trans[i] = (uint32_t)get_be(buf + 4 * i, 4);
    memset(buf, 0, sizeof(buf));
    memset(&k, 0, sizeof(k));
    u->sse2 = sse2;
}

/* a * b mod P64 for a masked key (each 32-bit half below 2^25): with
 * 2^64 = 59 mod P64, a * b = 59 * (a1 b1 + mid / 2^32) + (mid mod 2^32) 2^32
 * + a0 b0, where mid = a0 b1 + a1 b0 < 2^58. */
static inline uint64_t mul_mod_p64(uint64_t a, uint64_t b)
{
    uint32_t a0 = (uint32_t)a, a1 = (uint32_t)(a >> 32);
    uint32_t b0 = (uint32_t)b, b1 = (uint32_t)(b >> 32);
    uint64_t mid = (uint64_t)a0 * b1 + (uint64_t)a1 * b0;
    uint64_t high = (uint64_t)a1 * b1 + (mid >> 32);            /* < 2^58: 59 x fits */
    uint64_t r = (uint64_t)a0 * b0, t = mid << 32;
    r += t;
    if (r < t)
        r += POLY_OFFSET;               /* a carry out of 2^64 is 59 */
    t = high * POLY_OFFSET;
    r += t;
    if (r < t)
        r += POLY_OFFSET;
    return r >= P64 ? r - P64 : r;
}

static inline uint64_t add_mod_p64(uint64_t a, uint64_t b)
{
    uint64_t r = a + b;
    if (r < a)
        r += POLY_OFFSET;
    return r >= P64 ? r - P64 : r;
}

/* One step of POLY(64, 2^64 - 2^32, k, M) (section 5.3.1). */
static uint64_t poly_step(uint64_t k, uint64_t y, uint64_t m)
{
    if (m >= POLY_WORD_RANGE) {
        y = add_mod_p64(mul_mod_p64(k, y), POLY_MARKER);
        m -= POLY_OFFSET;
    }
    return add_mod_p64(mul_mod_p64(k, y), m);
}

/* L3-HASH (section 5.4.1) of the 16 bytes zeroes(8) || x: the zero
 * chunks add nothing, so only keys 4..7 meet x's four 16-bit chunks. A key
 * (< 2^36) is kept as its low 32 bits and its high 4, so each term takes a
 * 32 x 32-bit product and a small one. */
static uint32_t l3(const uint32_t lo[8], const uint8_t hi[8], uint32_t trans, uint64_t x)
{
    uint32_t c[4] = { (uint32_t)(x >> 48), (uint32_t)(x >> 32) & 0xffff,
                      (uint32_t)x >> 16, (uint32_t)x & 0xffff };
    uint64_t y = 0;
    uint32_t y_hi = 0;                  /* the sum of chunk * (key >> 32): < 2^22 */
    for (int j = 0; j < 4; j++) {
        y += (uint64_t)c[j] * lo[4 + j];
        y_hi += c[j] * hi[4 + j];
    }
    y += (uint64_t)y_hi << 32;          /* < 2^54 */
    y = (y & ((1ull << 36) - 1)) + (y >> 36) * 5;   /* 2^36 = 5 mod P36 */
    y = (y & ((1ull << 36) - 1)) + (y >> 36) * 5;
    if (y >= P36)
        y -= P36;
    return (uint32_t)y ^ trans;
}

/* PDF (section 4.1) for a 64-bit tag: the nonce's lowest bit picks which
 * half of AES(K', nonce with that bit cleared, zero-padded) is the pad. */
static const uint8_t *pad_of(const struct umac64 *u, const uint8_t *nonce, unsigned len,
                             struct umac_pad *pad)
{
    union { uint8_t b[AES_BLOCK_LEN]; uint32_t w[4]; } in = { .w = { 0 } };
    memcpy(in.b, nonce, len);
    unsigned half = in.b[len - 1] & 1;
    in.b[len - 1] &= 0xfe;
    uint32_t diff = !pad->valid;
    for (int i = 0; i < 4; i++)
        diff |= in.w[i] ^ pad->in[i];
    if (diff) {
        aes128_encrypt(&u->pad_key, in.b, pad->out);
        memcpy(pad->in, in.w, AES_BLOCK_LEN);
        pad->valid = true;
    }
    return pad->out + UMAC_TAG_LEN * half;
}

void umac64(const struct umac64 *u, const void *msg, uint32_t len, const uint8_t *nonce,
            unsigned nonce_len, struct umac_pad *pad, uint8_t tag[UMAC_TAG_LEN])
{
    const uint8_t *m = msg;
    uint64_t y[2], acc[2] = { 1, 1 };
    if (len <= UMAC_L1_KEY_LEN) {
        nh_chunk(u->nh_key, u->sse2, m, len, y);         /* one chunk: L2 is skipped */
    } else {
        for (; len; ) {
            uint32_t n = len < UMAC_L1_KEY_LEN ? len : UMAC_L1_KEY_LEN;
            nh_chunk(u->nh_key, u->sse2, m, n, y);
            for (int i = 0; i < UMAC_ITERS; i++)
                acc[i] = poly_step(u->poly_key[i], acc[i], y[i]);
            m += n;
            len -= n;
        }
        y[0] = acc[0], y[1] = acc[1];
    }
    struct umac_pad local;
    if (!pad) {
        local.valid = false;
        pad = &local;
    }
    const uint8_t *p = pad_of(u, nonce, nonce_len, pad);
    for (int i = 0; i < UMAC_ITERS; i++) {
        uint32_t h = l3(u->ip_lo[i], u->ip_hi[i], u->ip_trans[i], y[i]);
        tag[4 * i] = (uint8_t)(h >> 24) ^ p[4 * i];
        tag[4 * i + 1] = (uint8_t)(h >> 16) ^ p[4 * i + 1];
        tag[4 * i + 2] = (uint8_t)(h >> 8) ^ p[4 * i + 2];
        tag[4 * i + 3] = (uint8_t)h ^ p[4 * i + 3];
    }
}
