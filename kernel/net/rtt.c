// SPDX-License-Identifier: MIT
/* The retransmission timeout from measured round trips: RFC 6298 section 2
 * in the scaled integers of 4.3BSD (SRTT x 8, RTTVAR x 4), so each update
 * is a few adds and shifts. Without a sample yet the timeout is the least. */
#include "kernel/net/rtt.h"

bool rtt_acked(struct rtt *r, uint32_t ack, uint64_t now)
{
    if (!r->timing || ack <= r->seq)
        return false;
    r->timing = false;
    uint32_t m = now - r->sent_at > RTO_MAX_MS ? RTO_MAX_MS : (uint32_t)(now - r->sent_at);
    if (!r->srtt8) {                    /* the first: SRTT = R, RTTVAR = R / 2 */
        r->srtt8 = (m << 3) | 1;        /* | 1: a sample of 0 ms is a sample too */
        r->rttvar4 = m << 1;
        return true;
    }
    int32_t delta = (int32_t)m - (int32_t)(r->srtt8 >> 3);
    r->srtt8 = (uint32_t)((int32_t)r->srtt8 + delta) | 1;     /* 7/8 SRTT + 1/8 R */
    uint32_t d = delta < 0 ? (uint32_t)-delta : (uint32_t)delta;
    r->rttvar4 += d - (r->rttvar4 >> 2);                    /* 3/4 RTTVAR + 1/4 |delta| */
    return true;
}

uint32_t rtt_rto_ms(const struct rtt *r)
{
    uint32_t rto = (r->srtt8 >> 3) + (r->rttvar4 > 1 ? r->rttvar4 : 1);
    return rto < RTO_MIN_MS ? RTO_MIN_MS : rto > RTO_MAX_MS ? RTO_MAX_MS : rto;
}
