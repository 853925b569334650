/* SPDX-License-Identifier: MIT */
/* The transport's random values (handshake nonces): a pool seeded at boot
 * from RDRAND where the CPU has it, else TSC jitter, mixed with the key. */
#ifndef KERNEL_NET_RANDOM_H
#define KERNEL_NET_RANDOM_H
#include <stdint.h>

/* Seed the pool (after auth_init: the key is mixed in). Returns the source:
 * "RDRAND" or "TSC jitter". */
const char *random_init(void);
/* A fresh 64-bit value, never 0. */
uint64_t random_u64(void);

#endif
