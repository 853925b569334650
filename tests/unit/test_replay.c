// SPDX-License-Identifier: MIT
/* The replay window (kernel/net/replay.c, RFC 6479): counters taken in
 * order, reordered within the window, duplicated, too old, and far jumps. */
#include "tests/unit/check.h"
#include "kernel/net/replay.h"

TEST(replay_counters_in_order_are_each_taken_once)
{
    struct replay r;
    replay_reset(&r, 0);
    for (uint64_t n = 1; n <= 5000; n++)
        CHECK(replay_take(&r, n));
    for (uint64_t n = 5000 - REPLAY_WINDOW; n <= 5000; n++)
        CHECK(!replay_take(&r, n));
}

TEST(replay_reordered_within_the_window_are_taken_then_refused)
{
    struct replay r;
    replay_reset(&r, 100);
    CHECK(replay_take(&r, 2000));
    for (uint64_t n = 1999; n >= 2000 - REPLAY_WINDOW; n -= 3)
        CHECK(replay_take(&r, n));
    for (uint64_t n = 1999; n >= 2000 - REPLAY_WINDOW; n -= 3)
        CHECK(!replay_take(&r, n));
    CHECK(replay_take(&r, 1998));       /* never taken: still fresh */
}

TEST(replay_duplicate_of_the_newest_is_refused)
{
    struct replay r;
    replay_reset(&r, 7);
    CHECK(replay_take(&r, 8));
    CHECK(!replay_take(&r, 8));
    CHECK(replay_take(&r, 9));
    CHECK(!replay_take(&r, 8));
}

TEST(replay_too_old_is_refused_even_if_never_seen)
{
    struct replay r;
    replay_reset(&r, 0);
    CHECK(replay_take(&r, 10000));
    CHECK(!replay_take(&r, 10000 - REPLAY_WINDOW - 1));
    CHECK(replay_take(&r, 10000 - REPLAY_WINDOW));     /* the oldest still told apart */
    CHECK(!replay_take(&r, 5));
}

TEST(replay_reset_refuses_everything_up_to_what_was_seen)
{
    for (uint64_t seen = 60; seen < 70; seen++) {
        struct replay r;
        replay_reset(&r, seen);
        for (uint64_t n = 0; n <= seen; n++)
            CHECK(!replay_take(&r, n));
        CHECK(replay_take(&r, seen + 1));
        CHECK(replay_take(&r, seen + 2));
    }
}

TEST(replay_a_far_jump_clears_the_whole_window)
{
    struct replay r;
    replay_reset(&r, 0);
    for (uint64_t n = 1; n < 300; n++)
        CHECK(replay_take(&r, n));
    uint64_t far = 1ULL << 40;
    CHECK(replay_take(&r, far));
    for (uint64_t n = far - 200; n < far; n += 7)     /* the cleared blocks: fresh */
        CHECK(replay_take(&r, n));
    CHECK(!replay_take(&r, far));
    CHECK(!replay_take(&r, 299));
}

TEST(replay_counters_near_2_to_the_64_work)
{
    struct replay r;
    replay_reset(&r, ~0ULL - 2000);
    CHECK(replay_take(&r, ~0ULL - 1));
    CHECK(replay_take(&r, ~0ULL - 500));
    CHECK(!replay_take(&r, ~0ULL - 500));
    CHECK(replay_take(&r, ~0ULL));
}
