// SPDX-License-Identifier: MIT
/* The retransmission timeout (kernel/net/rtt.c, RFC 6298): the least before
 * any sample, the first sample's SRTT + 4 x RTTVAR, convergence on a steady
 * round trip, growth with a slow one, Karn's rule, the bounds. */
#include "tests/unit/check.h"
#include "kernel/net/rtt.h"

static void sample(struct rtt *r, uint32_t seq, uint64_t at, uint32_t ms)
{
    rtt_sent(r, seq, at);
    rtt_acked(r, seq + 1, at + ms);
}

TEST(rtt_without_a_sample_waits_the_least)
{
    struct rtt r = { 0 };
    CHECK_EQ(rtt_rto_ms(&r), RTO_MIN_MS);
}

TEST(rtt_first_sample_gives_srtt_plus_four_rttvar)
{
    struct rtt r = { 0 };
    sample(&r, 0, 100, 10);             /* SRTT 10, RTTVAR 5: RTO 10 + 20 */
    CHECK_EQ(rtt_rto_ms(&r), 30);
}

TEST(rtt_steady_round_trips_bring_the_timeout_down_near_srtt)
{
    struct rtt r = { 0 };
    for (uint32_t i = 0; i < 200; i++)
        sample(&r, i, 1000 * i, 20);
    /* RTTVAR x 4 decays by a quarter, rounded down: it rests below 4 */
    CHECK(rtt_rto_ms(&r) >= 21 && rtt_rto_ms(&r) <= 23);
}

TEST(rtt_a_slower_path_raises_the_timeout_past_its_round_trip)
{
    struct rtt r = { 0 };
    for (uint32_t i = 0; i < 50; i++)
        sample(&r, i, 1000 * i, 1);
    CHECK_EQ(rtt_rto_ms(&r), RTO_MIN_MS);
    sample(&r, 50, 60000, 40);          /* one slow trip: the next waits longer than it */
    CHECK(rtt_rto_ms(&r) > 40);
}

TEST(rtt_karn_no_sample_from_a_frame_sent_again)
{
    struct rtt r = { 0 };
    sample(&r, 0, 0, 2);
    uint32_t before = rtt_rto_ms(&r);
    rtt_sent(&r, 1, 10);
    rtt_resent(&r);                     /* its ack may be the copy's */
    CHECK(!rtt_acked(&r, 2, 500));    /* no sample: a backed-off timeout stays */
    CHECK_EQ(rtt_rto_ms(&r), before);
}

TEST(rtt_one_frame_timed_at_once_and_only_acks_past_it_count)
{
    struct rtt r = { 0 };
    rtt_sent(&r, 5, 0);
    rtt_sent(&r, 6, 30);                /* not timed: 5 is */
    rtt_acked(&r, 5, 40);               /* 5 itself not acknowledged yet */
    CHECK_EQ(rtt_rto_ms(&r), RTO_MIN_MS);
    rtt_acked(&r, 7, 8);                /* 8 ms after 5 went */
    CHECK_EQ(rtt_rto_ms(&r), 8 + 4 * 4);
}

TEST(rtt_timeout_stays_within_its_bounds)
{
    struct rtt r = { 0 };
    sample(&r, 0, 0, 0);
    CHECK_EQ(rtt_rto_ms(&r), RTO_MIN_MS);
    sample(&r, 1, 10, 100000);
    CHECK_EQ(rtt_rto_ms(&r), RTO_MAX_MS);
}
