// SPDX-License-Identifier: MIT
/* RFC 6479's anti-replay window: a ring of bitmap blocks; a counter newer
 * than the newest clears the blocks it moves past (no bit shifting), an
 * older one is checked and marked in place. */
#include "kernel/net/replay.h"

#define INDEX(n) ((uint32_t)((n) / REPLAY_BLOCK_BITS) & (REPLAY_BLOCKS - 1))
#define BIT(n) (1u << ((n) % REPLAY_BLOCK_BITS))

void replay_reset(struct replay *r, uint64_t seen)
{
    for (unsigned i = 0; i < REPLAY_BLOCKS; i++)
        r->bits[i] = ~0u;
    unsigned above = (unsigned)(seen % REPLAY_BLOCK_BITS) + 1;     /* bits 0..seen%32 taken */
    r->bits[INDEX(seen)] = above == REPLAY_BLOCK_BITS ? ~0u : (1u << above) - 1;
    r->top = seen;
}

bool replay_take(struct replay *r, uint64_t n)
{
    if (r->top > REPLAY_WINDOW && n < r->top - REPLAY_WINDOW)
        return false;                   /* too old to tell */
    if (n > r->top) {
        uint64_t cur = r->top / REPLAY_BLOCK_BITS, next = n / REPLAY_BLOCK_BITS;
        uint64_t diff = next - cur < REPLAY_BLOCKS ? next - cur : REPLAY_BLOCKS;
        for (uint64_t i = 1; i <= diff; i++)
            r->bits[(uint32_t)(cur + i) & (REPLAY_BLOCKS - 1)] = 0;
        r->top = n;
    }
    uint32_t *block = &r->bits[INDEX(n)];
    if (*block & BIT(n))
        return false;
    *block |= BIT(n);
    return true;
}
