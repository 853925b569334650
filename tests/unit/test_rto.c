// SPDX-License-Identifier: MIT
/* The retransmission timer's wait (kernel/net/rto.c): doubled at each
 * run-out up to its maximum; after an acknowledgement of resent frames
 * back at 3 ms, unless the receiver took every copy (it was late, not the
 * wire lossy): then it stays at the last wait that ran out, halved by each
 * quick acknowledgement after, so a peer that answers late is not
 * sent every frame anew from 3 ms. */
#include "tests/unit/check.h"
#include "kernel/net/rto.h"

TEST(rto_doubles_at_each_run_out_up_to_the_maximum)
{
    CHECK_EQ(rto_backoff(RTO_MIN_MS), 2 * RTO_MIN_MS);
    uint32_t w = RTO_MIN_MS;
    for (int i = 0; i < 20; i++)
        w = rto_backoff(w);
    CHECK_EQ(w, RTO_MAX_MS);
}

TEST(rto_acknowledgement_without_resends_halves_the_wait_to_the_minimum)
{
    CHECK_EQ(rto_after_ack(RTO_MIN_MS, 0, 0), RTO_MIN_MS);
    CHECK_EQ(rto_after_ack(96, 0, 0), 48);
    uint32_t w = RTO_MAX_MS;
    for (int i = 0; i < 10; i++)
        w = rto_after_ack(w, 0, 0);
    CHECK_EQ(w, RTO_MIN_MS);
}

TEST(rto_resends_some_lost_on_the_wire_bring_the_minimum_back)
{
    CHECK_EQ(rto_after_ack(96, 5, 0), RTO_MIN_MS);     /* no copy taken twice */
    CHECK_EQ(rto_after_ack(96, 5, 3), RTO_MIN_MS);     /* one of them lost */
}

TEST(rto_every_resent_copy_taken_keeps_the_last_wait_that_ran_out)
{
    CHECK_EQ(rto_after_ack(96, 5, 5), 48);
    CHECK_EQ(rto_after_ack(96, 5, 4), 48);              /* the first moved it on */
    CHECK_EQ(rto_after_ack(RTO_MAX_MS, 9, 12), RTO_MAX_MS / 2);
    CHECK_EQ(rto_after_ack(2 * RTO_MIN_MS, 1, 1), RTO_MIN_MS);
}

/* A receiver that takes every frame and acknowledges it 100 ms after it
 * was sent, and each copy taken twice at once: from the third frame on at
 * most one resend a frame (from 3 ms every frame: 5, at 3, 9 ... 93 ms). */
TEST(rto_peer_acknowledging_in_100_ms_gets_at_most_one_resend_a_frame)
{
    uint32_t w = RTO_MIN_MS;
    for (int frame = 0; frame < 20; frame++) {
        uint32_t waited = 0, n = 0;
        while (waited + w <= 100) {     /* the timer runs out before the ack */
            waited += w;
            w = rto_backoff(w);
            n++;
        }
        w = rto_after_ack(w, n, n ? n - 1 : 0);        /* the first moved it on */
        CHECK(frame < 2 || n <= 1);
    }
}
