/* SPDX-License-Identifier: MIT */
/* The retransmission timer's wait for one peer: doubled at each run-out,
 * back at the minimum after an acknowledgement, except when the peer's
 * acknowledgements show it took every copy we resent (it was late, not the
 * wire lossy): then the wait that ran out last, halved by each quick
 * acknowledgement after. Pure:
 * kernel/net/transport.c keeps the wait and the counts per peer
 * (docs/protocol.md, "Streams"). */
#ifndef KERNEL_NET_RTO_H
#define KERNEL_NET_RTO_H
#include <stdint.h>
#include <stdbool.h>

#define RTO_MIN_MS 3            /* the first wait after a quick acknowledgement */
#define RTO_MAX_MS 640          /* the doubling stops here */

/* The wait after the timer ran out while it was rto_ms. */
uint32_t rto_backoff(uint32_t rto_ms);
/* After an acknowledgement that moved the stream on, for frames resent
 * `resent` times while the wait grew to was_ms, and `again` more
 * acknowledgements of the same point since (each a copy it took twice;
 * again + 1 >= resent: it took them all): the wait for the frames that
 * follow. */
uint32_t rto_after_ack(uint32_t was_ms, uint32_t resent, uint32_t again);

#endif
