// SPDX-License-Identifier: MIT
/* AES-128 encryption as FIPS-197 specifies it, table-driven: the S-box is
 * computed (section 5.1.1: the inverse in GF(2^8), then the affine map), and
 * SubBytes, ShiftRows and MixColumns of one round are four lookups a column
 * in tables made from it. The state is 16 bytes in the standard's order
 * (column by column), read as four little-endian words: row r of a column
 * is bits 8r..8r+7 of its word, in the tables as in the round keys. */
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

static uint32_t rotl32(uint32_t w, unsigned n)
{
    return w << n | w >> ((32 - n) & 31);      /* n = 0 too */
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
        /* MixColumns' matrix column {02, 01, 01, 03} (rows 0..3), and the
         * next columns of the matrix are it rotated down a row each */
        uint32_t w = (uint32_t)s3 << 24 | (uint32_t)s << 16 | (uint32_t)s << 8 | s2;
        for (int r = 0; r < 4; r++)
            te[r][x] = rotl32(w, 8 * r);
    }
    tables_ready = true;
}

static uint32_t get32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* SubWord (section 5.2) of a little-endian word: each byte through the S-box. */
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
        a->rk[i] = get32le(key + 4 * i);
    for (int i = 4; i < 4 * (AES128_ROUNDS + 1); i++) {
        uint32_t t = a->rk[i - 1];
        if (i % 4 == 0) {               /* SubWord(RotWord(t)) xor Rcon[i/4] */
            t = sub_word(t >> 8 | t << 24) ^ rcon;
            rcon = xtime((uint8_t)rcon);
        }
        a->rk[i] = a->rk[i - 4] ^ t;
    }
}

union aes_state {
    uint32_t w[4];
    uint8_t b[AES_BLOCK_LEN];
};

/* Column c of a middle round: row r comes from column c + r (ShiftRows),
 * byte 4 * ((c + r) % 4) + r of the state. */
#define ROUND_COL(s, c, k) \
    (te[0][(s)->b[4 * (c)]] ^ te[1][(s)->b[4 * (((c) + 1) % 4) + 1]] ^ \
     te[2][(s)->b[4 * (((c) + 2) % 4) + 2]] ^ te[3][(s)->b[4 * (((c) + 3) % 4) + 3]] ^ (k))

/* The last round has no MixColumns: the S-box bytes themselves. */
#define LAST_COL(s, c, k) \
    (((uint32_t)sbox[(s)->b[4 * (c)]] | (uint32_t)sbox[(s)->b[4 * (((c) + 1) % 4) + 1]] << 8 | \
      (uint32_t)sbox[(s)->b[4 * (((c) + 2) % 4) + 2]] << 16 | \
      (uint32_t)sbox[(s)->b[4 * (((c) + 3) % 4) + 3]] << 24) ^ (k))

void aes128_encrypt(const struct aes128 *a, const uint8_t in[AES_BLOCK_LEN],
                    uint8_t out[AES_BLOCK_LEN])
{
    const uint32_t *k = a->rk;
    union aes_state x, y;
    __builtin_memcpy(x.b, in, AES_BLOCK_LEN);
    for (int c = 0; c < 4; c++)
        x.w[c] ^= k[c];
    for (int r = 1; r < AES128_ROUNDS; r += 2) {    /* two rounds a turn: x to y, y to x */
        y.w[0] = ROUND_COL(&x, 0, k[4]);
        y.w[1] = ROUND_COL(&x, 1, k[5]);
        y.w[2] = ROUND_COL(&x, 2, k[6]);
        y.w[3] = ROUND_COL(&x, 3, k[7]);
        if (r + 1 == AES128_ROUNDS)
            break;
        x.w[0] = ROUND_COL(&y, 0, k[8]);
        x.w[1] = ROUND_COL(&y, 1, k[9]);
        x.w[2] = ROUND_COL(&y, 2, k[10]);
        x.w[3] = ROUND_COL(&y, 3, k[11]);
        k += 8;
    }
    k = a->rk + 4 * AES128_ROUNDS;
    x.w[0] = LAST_COL(&y, 0, k[0]);
    x.w[1] = LAST_COL(&y, 1, k[1]);
    x.w[2] = LAST_COL(&y, 2, k[2]);
    x.w[3] = LAST_COL(&y, 3, k[3]);
    __builtin_memcpy(out, x.b, AES_BLOCK_LEN);
}
