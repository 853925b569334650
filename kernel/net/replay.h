/* SPDX-License-Identifier: MIT */
/* The sliding replay window of RFC 6479 (as WireGuard keeps one per
 * session): which of a peer's 64-bit frame counters were taken already.
 * Pure: kernel/net/session.c holds one per peer. */
#ifndef KERNEL_NET_REPLAY_H
#define KERNEL_NET_REPLAY_H
#include <stdint.h>
#include <stdbool.h>

#define REPLAY_BLOCK_BITS 32
#define REPLAY_BLOCKS 32        /* a power of two */
/* Counters up to this far below the newest are still told apart; older ones
 * are refused as too old (RFC 6479: one block kept as slack). */
#define REPLAY_WINDOW ((REPLAY_BLOCKS - 1) * REPLAY_BLOCK_BITS)     /* 992 */

struct replay {
    uint64_t top;                       /* the newest counter taken */
    uint32_t bits[REPLAY_BLOCKS];       /* counter n is bit n % 32 of block n / 32 */
};

/* A new window in which every counter up to seen counts as taken. */
void replay_reset(struct replay *r, uint64_t seen);
/* true, and n is recorded: n was never taken and is not too old; false:
 * a replay (or too old to tell), nothing changes. */
bool replay_take(struct replay *r, uint64_t n);

#endif
