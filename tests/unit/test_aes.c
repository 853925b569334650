// SPDX-License-Identifier: MIT
/* AES-128 (kernel/net/aes.c) against FIPS-197's own examples: the cipher
 * example of appendix B and the AES-128 example of appendix C.1, and the
 * key expansion's last word of appendix A.1. */
#include "tests/unit/check.h"
#include "kernel/net/aes.h"
#include <string.h>

static void check_block(const uint8_t key[16], const uint8_t in[16], const uint8_t want[16])
{
    struct aes128 a;
    uint8_t out[16];
    aes128_init(&a, key);
    aes128_encrypt(&a, in, out);
    for (int i = 0; i < 16; i++)
        CHECK_EQ(out[i], want[i]);
}

TEST(aes128_fips197_appendix_b_cipher_example)
{
    static const uint8_t key[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
    static const uint8_t in[16] = { 0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d,
                                    0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34 };
    static const uint8_t want[16] = { 0x39, 0x25, 0x84, 0x1d, 0x02, 0xdc, 0x09, 0xfb,
                                      0xdc, 0x11, 0x85, 0x97, 0x19, 0x6a, 0x0b, 0x32 };
    check_block(key, in, want);
}

TEST(aes128_fips197_appendix_c1_example)
{
    uint8_t key[16], in[16];
    for (int i = 0; i < 16; i++) {
        key[i] = (uint8_t)i;                    /* 000102..0f */
        in[i] = (uint8_t)(i * 0x11);            /* 00112233..ff */
    }
    static const uint8_t want[16] = { 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                      0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a };
    check_block(key, in, want);
}

TEST(aes128_key_expansion_ends_as_fips197_appendix_a1_says)
{
    static const uint8_t key[16] = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                     0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };
    struct aes128 a;
    aes128_init(&a, key);
    /* words hold their bytes in the standard's order, little-endian */
    CHECK_EQ(a.rk[4], 0x17fefaa0u);             /* w[4] = a0fafe17 */
    CHECK_EQ(a.rk[43], 0xa60c63b6u);            /* w[43] = b6630ca6 */
}

TEST(aes128_encrypts_in_place)
{
    uint8_t key[16], buf[16];
    for (int i = 0; i < 16; i++) {
        key[i] = (uint8_t)i;
        buf[i] = (uint8_t)(i * 0x11);
    }
    struct aes128 a;
    aes128_init(&a, key);
    aes128_encrypt(&a, buf, buf);
    CHECK_EQ(buf[0], 0x69);
    CHECK_EQ(buf[15], 0x5a);
}
