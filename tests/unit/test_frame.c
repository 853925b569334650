// SPDX-License-Identifier: MIT
/* Unit tests for the bitmap frame allocator (kernel/core/frame.c). */
#include "tests/unit/check.h"
#include "kernel/core/frame.h"
#include <stdlib.h>
#include <string.h>

#define MIB (1024u * 1024u)

/* A pool of n frames with its own heap bitmap (sanitizers see overruns). */
static struct frame_pool pool_new(uint32_t n)
{
    struct frame_pool p;
    uint32_t *bm = malloc(FRAME_BITMAP_WORDS(n) * sizeof(uint32_t));
    frame_pool_init(&p, bm, n);
    return p;
}

static void pool_delete(struct frame_pool *p)
{
    free(p->bitmap);
}

TEST(frame_pool_starts_with_every_frame_used)
{
    struct frame_pool p = pool_new(100);
    CHECK_EQ(frame_pool_nfree(&p), 0);
    CHECK_EQ(frame_pool_alloc(&p), 0);
    pool_delete(&p);
}

TEST(frame_add_frees_only_whole_frames_inside_the_range)
{
    struct frame_pool p = pool_new(16);
    /* [0x1001, 0x4001) wholly contains frames 2 and 3 only. */
    frame_pool_add(&p, 0x1001, 0x3000);
    CHECK_EQ(frame_pool_nfree(&p), 2);
    CHECK_EQ(frame_pool_alloc(&p), 0x2000);
    CHECK_EQ(frame_pool_alloc(&p), 0x3000);
    CHECK_EQ(frame_pool_alloc(&p), 0);
    /* A range inside one frame frees nothing. */
    frame_pool_add(&p, 0x5001, 0xffe);
    CHECK_EQ(frame_pool_nfree(&p), 0);
    pool_delete(&p);
}

TEST(frame_add_twice_counts_each_frame_once)
{
    struct frame_pool p = pool_new(16);
    frame_pool_add(&p, 0x4000, 0x4000);
    frame_pool_add(&p, 0x6000, 0x4000);
    CHECK_EQ(frame_pool_nfree(&p), 6);   /* frames 4..9 */
    pool_delete(&p);
}

TEST(frame_add_clips_to_the_pool_size)
{
    struct frame_pool p = pool_new(40);
    frame_pool_add(&p, 0, 1ull << 40);
    CHECK_EQ(frame_pool_nfree(&p), 39);  /* frames 1..39 */
    frame_pool_add(&p, 100 * FRAME_SIZE, FRAME_SIZE);
    CHECK_EQ(frame_pool_nfree(&p), 39);
    pool_delete(&p);
}

TEST(frame_add_never_frees_frame_zero)
{
    struct frame_pool p = pool_new(8);
    frame_pool_add(&p, 0, 8 * FRAME_SIZE);
    CHECK_EQ(frame_pool_nfree(&p), 7);
    for (int i = 0; i < 7; i++)
        CHECK(frame_pool_alloc(&p) != 0);
    CHECK_EQ(frame_pool_alloc(&p), 0);
    pool_delete(&p);
}

TEST(frame_ranges_near_the_top_of_64_bits_do_not_wrap)
{
    struct frame_pool p = pool_new(64);
    frame_pool_add(&p, UINT64_MAX - 0x1000, UINT64_MAX);
    CHECK_EQ(frame_pool_nfree(&p), 0);
    frame_pool_add(&p, 0, UINT64_MAX);
    CHECK_EQ(frame_pool_nfree(&p), 63);
    frame_pool_reserve(&p, UINT64_MAX - 0x1000, UINT64_MAX);
    CHECK_EQ(frame_pool_nfree(&p), 63);
    frame_pool_reserve(&p, 10 * FRAME_SIZE, UINT64_MAX);
    CHECK_EQ(frame_pool_nfree(&p), 9);   /* frames 1..9 left */
    frame_pool_reserve(&p, 0, UINT64_MAX);
    CHECK_EQ(frame_pool_nfree(&p), 0);
    frame_pool_add(&p, 5 * FRAME_SIZE, UINT64_MAX);
    CHECK_EQ(frame_pool_nfree(&p), 59);  /* frames 5..63 */
    pool_delete(&p);
}

TEST(frame_reserve_marks_every_frame_the_range_touches)
{
    struct frame_pool p = pool_new(16);
    frame_pool_add(&p, 0, 16 * FRAME_SIZE);
    /* Two bytes straddling the 1/2 boundary touch frames 1 and 2. */
    frame_pool_reserve(&p, 0x1fff, 2);
    CHECK_EQ(frame_pool_nfree(&p), 13);
    for (int i = 0; i < 13; i++) {
        uint32_t a = frame_pool_alloc(&p);
        CHECK(a != 0x1000 && a != 0x2000 && a != 0);
    }
    CHECK_EQ(frame_pool_alloc(&p), 0);
    pool_delete(&p);
}

TEST(frame_reserve_of_zero_length_changes_nothing)
{
    struct frame_pool p = pool_new(16);
    frame_pool_add(&p, 0, 16 * FRAME_SIZE);
    frame_pool_reserve(&p, 0x3000, 0);
    CHECK_EQ(frame_pool_nfree(&p), 15);
    frame_pool_reserve(&p, 0x3000, 1);
    frame_pool_reserve(&p, 0x3000, 1);  /* already used: counted once */
    CHECK_EQ(frame_pool_nfree(&p), 14);
    pool_delete(&p);
}

TEST(frame_alloc_hands_out_distinct_aligned_frames_until_exhausted)
{
    enum { N = 200 };
    struct frame_pool p = pool_new(N);
    static uint8_t seen[N];
    frame_pool_add(&p, 0, N * FRAME_SIZE);
    for (int i = 1; i < N; i++) {
        uint32_t a = frame_pool_alloc(&p);
        REQUIRE(a != 0);
        CHECK_EQ(a % FRAME_SIZE, 0);
        CHECK(a / FRAME_SIZE < N);
        CHECK_EQ(seen[a / FRAME_SIZE], 0);
        seen[a / FRAME_SIZE] = 1;
    }
    CHECK_EQ(frame_pool_nfree(&p), 0);
    CHECK_EQ(frame_pool_alloc(&p), 0);
    pool_delete(&p);
}

TEST(frame_alloc_never_hands_out_bits_past_nframes)
{
    /* 33 frames: the second bitmap word has one real bit, 31 padding. */
    struct frame_pool p = pool_new(33);
    frame_pool_add(&p, 0, 1ull << 32);
    CHECK_EQ(frame_pool_nfree(&p), 32);
    for (int i = 0; i < 32; i++)
        CHECK(frame_pool_alloc(&p) <= 32 * FRAME_SIZE);
    CHECK_EQ(frame_pool_alloc(&p), 0);
    pool_delete(&p);
}

TEST(frame_freed_frame_is_reused)
{
    struct frame_pool p = pool_new(64);
    frame_pool_add(&p, 0, 64 * FRAME_SIZE);
    uint32_t all[63];
    for (int i = 0; i < 63; i++)
        all[i] = frame_pool_alloc(&p);
    CHECK_EQ(frame_pool_alloc(&p), 0);
    CHECK_EQ(frame_pool_free(&p, all[40]), 0);
    CHECK_EQ(frame_pool_nfree(&p), 1);
    CHECK_EQ(frame_pool_alloc(&p), all[40]);
    CHECK_EQ(frame_pool_nfree(&p), 0);
    pool_delete(&p);
}

TEST(frame_double_free_is_refused)
{
    struct frame_pool p = pool_new(16);
    frame_pool_add(&p, 0, 16 * FRAME_SIZE);
    uint32_t a = frame_pool_alloc(&p);
    CHECK_EQ(frame_pool_free(&p, a), 0);
    CHECK_EQ(frame_pool_free(&p, a), -1);
    CHECK_EQ(frame_pool_nfree(&p), 15);
    pool_delete(&p);
}

TEST(frame_free_refuses_unaligned_out_of_range_and_zero_addresses)
{
    struct frame_pool p = pool_new(16);
    frame_pool_add(&p, 0, 16 * FRAME_SIZE);
    uint32_t a = frame_pool_alloc(&p);
    CHECK_EQ(frame_pool_free(&p, a + 1), -1);
    CHECK_EQ(frame_pool_free(&p, a + FRAME_SIZE / 2), -1);
    CHECK_EQ(frame_pool_free(&p, 16 * FRAME_SIZE), -1);
    CHECK_EQ(frame_pool_free(&p, 0xfffff000u), -1);
    CHECK_EQ(frame_pool_free(&p, 0), -1);
    CHECK_EQ(frame_pool_nfree(&p), 14);
    CHECK_EQ(frame_pool_free(&p, a), 0);
    CHECK_EQ(frame_pool_nfree(&p), 15);
    pool_delete(&p);
}

TEST(frame_allocating_a_whole_4gib_pool_takes_linear_time)
{
    /* 2^20 frames: a scan from word 0 on every call would be ~10^10 word
     * reads and trip the case timeout; the hint keeps it linear. */
    uint32_t n = 1u << 20;
    struct frame_pool p = pool_new(n);
    frame_pool_add(&p, 0, 1ull << 32);
    uint32_t count = 0, last = 0;
    bool ordered = true;
    for (uint32_t a; (a = frame_pool_alloc(&p)) != 0; count++) {
        ordered &= a > last;
        last = a;
    }
    CHECK_EQ(count, n - 1);
    CHECK(ordered);
    CHECK_EQ(last, 0xfffff000u);
    pool_delete(&p);
}

TEST(frame_random_alloc_and_free_match_a_shadow_model)
{
    enum { N = 1000, STEPS = 200000 };
    struct frame_pool p = pool_new(N);
    static uint8_t used[N];     /* shadow: 1 = allocated by the test */
    static uint32_t live[N];
    uint32_t nlive = 0, seed = 12345;

    frame_pool_add(&p, 3 * FRAME_SIZE, (N - 3) * (uint64_t)FRAME_SIZE);
    frame_pool_reserve(&p, 500 * FRAME_SIZE, 10 * FRAME_SIZE);
    const uint32_t avail = N - 3 - 10;
    for (int step = 0; step < STEPS; step++) {
        uint32_t r = check_rand(&seed);
        /* Phases lean towards alloc, then free, to visit full and empty. */
        bool filling = (step / 5000) % 2 == 0;
        bool alloc = (r % 4 != 0) == filling;
        if (nlive == avail) {
            REQUIRE_EQ(frame_pool_alloc(&p), 0);
            alloc = false;
        }
        if (nlive == 0)
            alloc = true;
        if (alloc) {
            uint32_t a = frame_pool_alloc(&p);
            uint32_t f = a / FRAME_SIZE;
            REQUIRE(a != 0 && a % FRAME_SIZE == 0);
            REQUIRE(f >= 3 && f < N && (f < 500 || f >= 510));
            REQUIRE_EQ(used[f], 0);
            used[f] = 1;
            live[nlive++] = a;
        } else {
            uint32_t i = (r >> 8) % nlive;
            uint32_t a = live[i];
            REQUIRE_EQ(frame_pool_free(&p, a), 0);
            REQUIRE_EQ(frame_pool_free(&p, a), -1);
            used[a / FRAME_SIZE] = 0;
            live[i] = live[--nlive];
        }
        REQUIRE_EQ(frame_pool_nfree(&p), avail - nlive);
    }
    pool_delete(&p);
}
