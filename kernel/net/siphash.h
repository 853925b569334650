/* SPDX-License-Identifier: MIT */
/* SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF",
 * 2012), with the 64-bit output of the paper and the 128-bit output of the
 * reference code: the frame MAC and the transport's keyed PRF. Pure. */
#ifndef KERNEL_NET_SIPHASH_H
#define KERNEL_NET_SIPHASH_H
#include <stdint.h>

#define SIPHASH_KEY_LEN 16

/* out gets outlen (8 or 16) bytes: SipHash-2-4 of in[0..len) under key. */
void siphash24(const uint8_t key[SIPHASH_KEY_LEN], const void *in, uint32_t len,
               uint8_t *out, unsigned outlen);

#endif
