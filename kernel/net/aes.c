// SPDX-License-Identifier: MIT
/* AES-128 encryption as FIPS-197 specifies it, table-driven: the S-box is
 * computed (section 5.1.1: the inverse in GF(2^8), then the affine map), and
 * SubBytes, ShiftRows and MixColumns of one round are four lookups a column
 * in tables made from it. The state is four big-endian column words. */
#include "kernel/net/aes.h"
#include <stdbool.h>

static uint8_t sbox[256];
static uint32_t te[4][256];     /* te[r][x]: S(x) times MixColumns column r */
static bool tables_ready;

static uint8_t xtime(uint8_t b)         /* b * x in GF(2^8) mod x^8+x^4+x^3+x+1 */
{
    return (uint8_t)(b << 1 ^ (b & 0x80 ? 0x1b : 0));
}

static uint8_t rotl8(uint8_t b, unsigned n)
{
    return (uint8_t)(b << n | b >> (8 - n));
}

static uint32_t rotr32(uint32_t w, unsigned n)
{
    return w >> n | w << ((32 - n) & 31);      /* n = 0 too */
}

static void build_tables(void)
{
    uint8_t exp[255], log[256] = { 0 };
    uint8_t p = 1;
    for (int i = 0; i < 255; i++) {     /* 3 generates the multiplicative group */
        exp[i] = p;
        log[p] = (uint8_t)i;
        p ^= xtime(p);
    }
    for (int x = 0; x < 256; x++) {
        uint8_t inv = x ? exp[(255 - log[x]) % 255] : 0;
        sbox[x] = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
        uint8_t s = sbox[x], s2 = xtime(s), s3 = s2 ^ s;
        /* MixColumns' matrix column {02, 01, 01, 03}, then rotated per row */
        uint32_t w = (uint32_t)s2 << 24 | (uint32_t)s << 16 | (uint32_t)s << 8 | s3;
        for (int r = 0; r < 4; r++)
            te[r][x] = rotr32(w, 8 * r);
    }
    tables_ready = true;
}

static uint32_t get32be(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32be(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t sub_word(uint32_t w)
{
    return (uint32_t)sbox[w >> 24] << 24 | (uint32_t)sbox[w >> 16 & 0xff] << 16 |
           (uint32_t)sbox[w >> 8 & 0xff] << 8 | sbox[w & 0xff];
}

void aes128_init(struct aes128 *a, const uint8_t key[AES128_KEY_LEN])
{
    if (!tables_ready)
        build_tables();
    uint32_t rcon = 0x01;
    for (int i = 0; i < 4; i++)
        a->rk[i] = get32be(key + 4 * i);
    for (int i = 4; i < 4 * (AES128_ROUNDS + 1); i++) {
        uint32_t t = a->rk[i - 1];
        if (i % 4 == 0) {               /* SubWord(RotWord(t)) xor Rcon[i/4] */
            t = sub_word(t << 8 | t >> 24) ^ rcon << 24;
            rcon = xtime((uint8_t)rcon);
        }
        a->rk[i] = a->rk[i - 4] ^ t;
    }
}

/* One column of a middle round: row r of the new column c comes from the
 * byte of row r in column c + r (ShiftRows). */
#define ROUND_COL(a, b, c, d, k) \
    (te[0][(a) >> 24] ^ te[1][(b) >> 16 & 0xff] ^ te[2][(c) >> 8 & 0xff] ^ \
     te[3][(d) & 0xff] ^ (k))

/* The last round has no MixColumns: the S-box bytes themselves. */
#define LAST_COL(a, b, c, d, k) \
    (((uint32_t)sbox[(a) >> 24] << 24 | (uint32_t)sbox[(b) >> 16 & 0xff] << 16 | \
      (uint32_t)sbox[(c) >> 8 & 0xff] << 8 | sbox[(d) & 0xff]) ^ (k))

void aes128_encrypt(const struct aes128 *a, const uint8_t in[AES_BLOCK_LEN],
                    uint8_t out[AES_BLOCK_LEN])
{
    const uint32_t *k = a->rk;
    uint32_t s0 = get32be(in) ^ k[0], s1 = get32be(in + 4) ^ k[1];
    uint32_t s2 = get32be(in + 8) ^ k[2], s3 = get32be(in + 12) ^ k[3];
    for (int r = 1; r < AES128_ROUNDS; r++) {
        k += 4;
        uint32_t t0 = ROUND_COL(s0, s1, s2, s3, k[0]);
        uint32_t t1 = ROUND_COL(s1, s2, s3, s0, k[1]);
        uint32_t t2 = ROUND_COL(s2, s3, s0, s1, k[2]);
        uint32_t t3 = ROUND_COL(s3, s0, s1, s2, k[3]);
        s0 = t0, s1 = t1, s2 = t2, s3 = t3;
    }
    k += 4;
    put32be(out, LAST_COL(s0, s1, s2, s3, k[0]));
    put32be(out + 4, LAST_COL(s1, s2, s3, s0, k[1]));
    put32be(out + 8, LAST_COL(s2, s3, s0, s1, k[2]));
    put32be(out + 12, LAST_COL(s3, s0, s1, s2, k[3]));
}
