// SPDX-License-Identifier: MIT
/* SipHash-2-4 (kernel/net/siphash.c) against the algorithm's own vectors:
 * the paper's worked example (appendix A) and rows of the reference
 * implementation's vectors.h (key 00..0f, message 00..len-1), for the
 * 64-bit and the 128-bit output the frame MAC uses. */
#include "tests/unit/check.h"
#include "kernel/net/siphash.h"
#include <string.h>

static uint8_t key[16], msg[64];

static void setup(void)
{
    for (int i = 0; i < 16; i++)
        key[i] = (uint8_t)i;
    for (int i = 0; i < 64; i++)
        msg[i] = (uint8_t)i;
}

static int same(const uint8_t *a, const uint8_t *b, unsigned n)
{
    return memcmp(a, b, n) == 0;
}

TEST(siphash_paper_appendix_a_example)
{
    setup();
    uint8_t out[8];
    siphash24(key, msg, 15, out, 8);
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | out[i];
    CHECK_EQ(v, 0xa129ca6149be45e5ULL);     /* the paper's result, as a 64-bit word */
}

static const struct { unsigned len; uint8_t out[8]; } sip64[] = {
    { 0, { 0x31, 0x0e, 0x0e, 0xdd, 0x47, 0xdb, 0x6f, 0x72 } },
    { 1, { 0xfd, 0x67, 0xdc, 0x93, 0xc5, 0x39, 0xf8, 0x74 } },
    { 7, { 0x37, 0xd1, 0x01, 0x8b, 0xf5, 0x00, 0x02, 0xab } },
    { 8, { 0x62, 0x24, 0x93, 0x9a, 0x79, 0xf5, 0xf5, 0x93 } },
    { 16, { 0xdb, 0x9b, 0xc2, 0x57, 0x7f, 0xcc, 0x2a, 0x3f } },
    { 63, { 0x72, 0x45, 0x06, 0xeb, 0x4c, 0x32, 0x8a, 0x95 } },
};

TEST(siphash_64_bit_output_matches_the_reference_vectors)
{
    setup();
    for (unsigned i = 0; i < sizeof(sip64) / sizeof(sip64[0]); i++) {
        uint8_t out[8];
        siphash24(key, msg, sip64[i].len, out, 8);
        CHECK_EQ(same(out, sip64[i].out, 8) ? sip64[i].len : 1000, sip64[i].len);
    }
}

static const struct { unsigned len; uint8_t out[16]; } sip128[] = {
    { 0, { 0xa3, 0x81, 0x7f, 0x04, 0xba, 0x25, 0xa8, 0xe6,
           0x6d, 0xf6, 0x72, 0x14, 0xc7, 0x55, 0x02, 0x93 } },
    { 1, { 0xda, 0x87, 0xc1, 0xd8, 0x6b, 0x99, 0xaf, 0x44,
           0x34, 0x76, 0x59, 0x11, 0x9b, 0x22, 0xfc, 0x45 } },
    { 7, { 0xa1, 0xf1, 0xeb, 0xbe, 0xd8, 0xdb, 0xc1, 0x53,
           0xc0, 0xb8, 0x4a, 0xa6, 0x1f, 0xf0, 0x82, 0x39 } },
    { 8, { 0x3b, 0x62, 0xa9, 0xba, 0x62, 0x58, 0xf5, 0x61,
           0x0f, 0x83, 0xe2, 0x64, 0xf3, 0x14, 0x97, 0xb4 } },
    { 15, { 0x54, 0x93, 0xe9, 0x99, 0x33, 0xb0, 0xa8, 0x11,
            0x7e, 0x08, 0xec, 0x0f, 0x97, 0xcf, 0xc3, 0xd9 } },
    { 16, { 0x6e, 0xe2, 0xa4, 0xca, 0x67, 0xb0, 0x54, 0xbb,
            0xfd, 0x33, 0x15, 0xbf, 0x85, 0x23, 0x05, 0x77 } },
    { 63, { 0x51, 0x50, 0xd1, 0x77, 0x2f, 0x50, 0x83, 0x4a,
            0x50, 0x3e, 0x06, 0x9a, 0x97, 0x3f, 0xbd, 0x7c } },
};

TEST(siphash_128_bit_output_matches_the_reference_vectors)
{
    setup();
    for (unsigned i = 0; i < sizeof(sip128) / sizeof(sip128[0]); i++) {
        uint8_t out[16];
        siphash24(key, msg, sip128[i].len, out, 16);
        CHECK_EQ(same(out, sip128[i].out, 16) ? sip128[i].len : 1000, sip128[i].len);
    }
}

TEST(siphash_any_flipped_bit_of_key_or_message_changes_the_tag)
{
    setup();
    uint8_t base[16], out[16];
    siphash24(key, msg, 60, base, 16);
    for (unsigned bit = 0; bit < 60 * 8; bit += 7) {
        msg[bit / 8] ^= (uint8_t)(1 << bit % 8);
        siphash24(key, msg, 60, out, 16);
        msg[bit / 8] ^= (uint8_t)(1 << bit % 8);
        CHECK(!same(out, base, 16));
    }
    key[5] ^= 0x10;
    siphash24(key, msg, 60, out, 16);
    CHECK(!same(out, base, 16));
}
