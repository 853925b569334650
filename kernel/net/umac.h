/* SPDX-License-Identifier: MIT */
/* UMAC-64 (RFC 4418): a 64-bit tag, Wegman-Carter style, from a universal
 * hash (NH, then a polynomial, then an inner product) xored with a pad that
 * AES-128 makes from the nonce. The frame MAC (kernel/net/auth.c). Pure. */
#ifndef KERNEL_NET_UMAC_H
#define KERNEL_NET_UMAC_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/net/aes.h"

#define UMAC_KEY_LEN 16
#define UMAC_TAG_LEN 8
#define UMAC_NONCE_MAX 16
#define UMAC_ITERS (UMAC_TAG_LEN / 4)   /* two 32-bit hashes make a 64-bit tag */
#define UMAC_L1_KEY_LEN 1024            /* bytes of message one NH takes */
#define UMAC_MSG_MAX (1u << 24)         /* past it L2 needs its 128-bit part */

/* The keys RFC 4418 derives from K (section 3.2.1's KDF), kept as the
 * numbers the hashes use. */
struct umac64 {
    struct aes128 pad_key;              /* K' = KDF(K, 0, 16) */
    uint32_t nh_key[(UMAC_L1_KEY_LEN + 16 * (UMAC_ITERS - 1)) / 4];    /* KDF(K, 1) */
    uint64_t poly_key[UMAC_ITERS];      /* KDF(K, 2): k64, masked */
    uint32_t ip_lo[UMAC_ITERS][8];      /* KDF(K, 3), each mod p36: low 32 bits */
    uint8_t ip_hi[UMAC_ITERS][8];       /* and the high 4 */
    uint32_t ip_trans[UMAC_ITERS];      /* KDF(K, 4) */
    bool sse2;                          /* NH with SSE2 (same hash, fewer instructions) */
};

/* The last pad block made (RFC 4418 section 4.1): nonces that differ only
 * in their lowest bit share one AES call. Zero it before its first use. */
struct umac_pad {
    bool valid;
    uint32_t in[AES_BLOCK_LEN / 4];     /* the nonce block, as words */
    uint8_t out[AES_BLOCK_LEN];
};

/* sse2: the CPU runs SSE2 for the kernel (arch/x86/simd.h). */
void umac64_init(struct umac64 *u, const uint8_t key[UMAC_KEY_LEN], bool sse2);
/* tag = UMAC-64(u's key, msg[0..len), nonce[0..nonce_len)) for len below
 * UMAC_MSG_MAX and nonce_len 1..UMAC_NONCE_MAX; pad (or NULL) caches. */
void umac64(const struct umac64 *u, const void *msg, uint32_t len, const uint8_t *nonce,
            unsigned nonce_len, struct umac_pad *pad, uint8_t tag[UMAC_TAG_LEN]);

#endif
