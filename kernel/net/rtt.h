/* SPDX-License-Identifier: MIT */
/* The retransmission timeout of a stream, from its measured round trips
 * (RFC 6298: smoothed RTT and its variation, Karn's rule). Ticks are ms. */
#ifndef NET_RTT_H
#define NET_RTT_H
#include <stdbool.h>
#include <stdint.h>

#define RTO_MIN_MS 3
#define RTO_MAX_MS 640

struct rtt {
    uint32_t srtt8;             /* smoothed round trip, ms x 8 (0: no sample yet) */
    uint32_t rttvar4;           /* its mean deviation, ms x 4 */
    bool timing;                /* a frame is being timed: */
    uint32_t seq;               /* its seq, */
    uint64_t sent_at;           /* the tick it went */
};

/* A frame sent for the first time: timed unless one is already. */
static inline void rtt_sent(struct rtt *r, uint32_t seq, uint64_t now)
{
    if (!r->timing) {
        r->timing = true;
        r->seq = seq;
        r->sent_at = now;
    }
}

/* Frames are sent again: no sample from the one timed (Karn's rule). */
static inline void rtt_resent(struct rtt *r) { r->timing = false; }

/* Everything below ack is acknowledged at tick now: a sample if it covers
 * the frame timed (true). Without one, a timeout backed off stays (Karn). */
bool rtt_acked(struct rtt *r, uint32_t ack, uint64_t now);

/* The timeout to wait: SRTT + max(1 tick, 4 RTTVAR), within the bounds. */
uint32_t rtt_rto_ms(const struct rtt *r);

#endif
