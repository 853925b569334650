// SPDX-License-Identifier: MIT
/* UMAC-64 (kernel/net/umac.c, nh.c) against RFC 4418's own test vectors
 * (appendix, key "abcdefghijklmnop", nonce "bcdefghi"): one NH chunk, a
 * chunk boundary, and many chunks through L2's polynomial. The 'a' * 2^25
 * row needs L2's 128-bit part, which frames never do, so it is left out. */
#include "tests/unit/check.h"
#include "kernel/net/umac.h"
#include <stdlib.h>
#include <string.h>

static struct umac64 u;

static void tag_with(bool sse2, const char *unit, unsigned unit_len, unsigned times,
                     uint8_t tag[8])
{
    uint8_t *m = malloc(unit_len * times + 1);
    for (unsigned i = 0; i < times; i++)
        memcpy(m + i * unit_len, unit, unit_len);
    umac64_init(&u, (const uint8_t *)"abcdefghijklmnop", sse2);
    umac64(&u, m, unit_len * times, (const uint8_t *)"bcdefghi", 8, NULL, tag);
    free(m);
}

static uint64_t be64(const uint8_t t[8])
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | t[i];
    return v;
}

/* The RFC's rows. */
static const struct { const char *unit; unsigned times; uint64_t tag; } rows[] = {
    { "", 1, 0x6E155FAD26900BE1ull },
    { "a", 3, 0x44B5CB542F220104ull },
    { "abc", 1, 0xD4D7B9F6BD4FBFCFull },
    { "a", 1 << 10, 0x26BF2F5D60118BD9ull },    /* one whole chunk: L2 skipped */
    { "abc", 500, 0xD4CF26DDEFD5C01Aull },      /* 1500 bytes, a frame: two chunks, L2 */
    { "a", 1 << 15, 0x27F8EF643B0D118Dull },
    { "a", 1 << 20, 0xA4477E87E9F55853ull },
};

static uint64_t rfc(unsigned row, bool sse2)
{
    uint8_t tag[8];
    tag_with(sse2, rows[row].unit, (unsigned)strlen(rows[row].unit), rows[row].times, tag);
    return be64(tag);
}

/* Each row with the portable NH and with the SSE2 one (kernel/net/nh.c). */
#define RFC_ROW(name, row) \
    TEST(umac64_rfc4418_##name) { CHECK_EQ(rfc(row, false), rows[row].tag); } \
    TEST(umac64_rfc4418_##name##_sse2) { CHECK_EQ(rfc(row, true), rows[row].tag); }

RFC_ROW(empty_message, 0)
RFC_ROW(a_times_3, 1)
RFC_ROW(abc_once, 2)
RFC_ROW(a_times_2_10_one_whole_chunk, 3)
RFC_ROW(abc_times_500_two_chunks_through_l2, 4)
RFC_ROW(a_times_2_15, 5)
RFC_ROW(a_times_2_20, 6)

/* The pad cache must give what a fresh AES call gives, for both halves,
 * and never the other nonce's pad. */
TEST(umac64_pad_cache_gives_the_uncached_tag)
{
    umac64_init(&u, (const uint8_t *)"abcdefghijklmnop", false);
    struct umac_pad pad = { 0 };
    uint8_t n[8], plain[8], cached[8];
    memcpy(n, "bcdefghi", 8);
    for (int round = 0; round < 4; round++) {
        n[7] = (uint8_t)('h' + round);          /* h, i share a block; j, k another */
        umac64(&u, "abc", 3, n, 8, NULL, plain);
        umac64(&u, "abc", 3, n, 8, &pad, cached);
        CHECK_EQ(be64(cached), be64(plain));
    }
    n[7] = 'i';
    umac64(&u, "abc", 3, n, 8, &pad, cached);
    CHECK_EQ(be64(cached), 0xD4D7B9F6BD4FBFCFull);
}

TEST(umac64_tag_changes_with_every_nonce_and_message_bit)
{
    umac64_init(&u, (const uint8_t *)"abcdefghijklmnop", false);
    uint8_t m[100] = { 0 }, n[13] = { 0 }, t0[8], t1[8];
    umac64(&u, m, sizeof(m), n, sizeof(n), NULL, t0);
    for (unsigned bit = 0; bit < 8 * sizeof(n); bit++) {
        n[bit / 8] ^= (uint8_t)(1 << bit % 8);
        umac64(&u, m, sizeof(m), n, sizeof(n), NULL, t1);
        CHECK(be64(t1) != be64(t0));
        n[bit / 8] ^= (uint8_t)(1 << bit % 8);
    }
    for (unsigned bit = 0; bit < 8 * sizeof(m); bit += 7) {
        m[bit / 8] ^= (uint8_t)(1 << bit % 8);
        umac64(&u, m, sizeof(m), n, sizeof(n), NULL, t1);
        CHECK(be64(t1) != be64(t0));
        m[bit / 8] ^= (uint8_t)(1 << bit % 8);
    }
}
