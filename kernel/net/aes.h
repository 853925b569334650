/* SPDX-License-Identifier: MIT */
/* AES-128 encryption (FIPS-197), the block cipher UMAC (RFC 4418) is built
 * on: its key derivation and its pad. Encryption only; pure. */
#ifndef KERNEL_NET_AES_H
#define KERNEL_NET_AES_H
#include <stdint.h>

#define AES_BLOCK_LEN 16
#define AES128_KEY_LEN 16
#define AES128_ROUNDS 10

/* The expanded key (FIPS-197 section 5.2): 4 words per round and one more. */
struct aes128 {
    uint32_t rk[4 * (AES128_ROUNDS + 1)];
};

/* Expand key into a (once per key; the first call also builds the tables). */
void aes128_init(struct aes128 *a, const uint8_t key[AES128_KEY_LEN]);
/* out = AES-128(a's key, in); in and out may be the same block. */
void aes128_encrypt(const struct aes128 *a, const uint8_t in[AES_BLOCK_LEN],
                    uint8_t out[AES_BLOCK_LEN]);

#endif
