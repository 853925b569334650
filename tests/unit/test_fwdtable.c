// SPDX-License-Identifier: MIT
/* Unit tests for the forwarding table (kernel/dist/fwdtable.c): entries by pid,
 * updates along a chain, the came-from set an exit notice walks back, and
 * reclaim, with memory from a counting stand-in for the kernel heap. */
#include "tests/unit/check.h"
#include "kernel/dist/fwdtable.h"

/* The heap's stand-in: a pool of entry-sized blocks (the kernel's pid_t
 * and libc's clash, so no malloc here). */
#define POOL 256
static struct fwd pool[POOL];
static bool pool_used[POOL];
static int live_blocks, fail_next_alloc;

void *kmalloc(size_t size)
{
    if (fail_next_alloc || size > sizeof(struct fwd)) {
        fail_next_alloc = 0;
        return NULL;
    }
    for (int i = 0; i < POOL; i++) {
        if (!pool_used[i]) {
            pool_used[i] = true;
            live_blocks++;
            return &pool[i];
        }
    }
    return NULL;
}

void kfree(void *p)
{
    int i = (int)((struct fwd *)p - pool);
    REQUIRE(i >= 0 && i < POOL && pool_used[i]);
    pool_used[i] = false;
    live_blocks--;
}

/* Two pids in one bucket, and one in another. */
#define P1 PID_MAKE(1, 6)
#define P2 (P1 + FWD_BUCKETS)
#define P3 (P1 + 1)

TEST(fwd_table_starts_empty_and_finds_nothing)
{
    CHECK_EQ(fwd_count(), 0u);
    CHECK_EQ(fwd_find(P1), NULL);
    for (unsigned b = 0; b < FWD_BUCKETS; b++)
        CHECK_EQ(fwd_first_in_bucket(b), NULL);
    CHECK_EQ(fwd_first_in_bucket(FWD_BUCKETS), NULL);
}

TEST(fwd_entry_says_where_the_process_went_with_its_epoch)
{
    REQUIRE_EQ(fwd_add(P1, 3, 0, 1), 0);
    struct fwd *f = fwd_find(P1);
    REQUIRE(f != NULL);
    CHECK_EQ(f->pid, P1);
    CHECK_EQ(f->node, 3u);
    CHECK_EQ(f->epoch, 1u);
    CHECK_EQ(fwd_count(), 1u);
    CHECK_EQ(fwd_find(P2), NULL);           /* same bucket, another pid */
}

TEST(fwd_entries_sharing_a_bucket_are_found_and_removed_apart)
{
    REQUIRE_EQ(fwd_add(P1, 3, 0, 1), 0);
    REQUIRE_EQ(fwd_add(P2, 4, 0, 2), 0);
    REQUIRE_EQ(fwd_add(P3, 5, 0, 3), 0);
    CHECK_EQ(fwd_count(), 3u);
    CHECK_EQ(fwd_find(P1)->node, 3u);
    CHECK_EQ(fwd_find(P2)->node, 4u);
    fwd_remove(P1);
    CHECK_EQ(fwd_find(P1), NULL);
    REQUIRE(fwd_find(P2) != NULL);
    CHECK_EQ(fwd_find(P2)->node, 4u);
    CHECK_EQ(fwd_find(P3)->node, 5u);
    CHECK_EQ(fwd_count(), 2u);
    fwd_remove(P1);                         /* again: nothing happens */
    CHECK_EQ(fwd_count(), 2u);
}

TEST(fwd_process_that_returns_and_leaves_again_has_one_entry_with_the_new_place)
{
    /* P was born here, went to 2, came back from 2, went to 4 */
    REQUIRE_EQ(fwd_add(P1, 2, 0, 1), 0);
    REQUIRE_EQ(fwd_add(P1, 4, 2, 3), 0);
    struct fwd *f = fwd_find(P1);
    REQUIRE(f != NULL);
    CHECK_EQ(f->node, 4u);
    CHECK_EQ(f->epoch, 3u);
    CHECK_EQ(fwd_count(), 1u);
    CHECK(node_set_has(&f->came_from, 2));
    CHECK(!node_set_has(&f->came_from, 4));
}

TEST(fwd_came_from_keeps_every_node_of_every_stay)
{
    REQUIRE_EQ(fwd_add(P1, 5, 3, 2), 0);
    REQUIRE_EQ(fwd_add(P1, 6, 254, 4), 0);
    REQUIRE_EQ(fwd_add(P1, 7, 1, 6), 0);
    const struct fwd *f = fwd_find(P1);
    REQUIRE(f != NULL);
    for (unsigned n = 0; n < 256; n++)
        CHECK_EQ(node_set_has(&f->came_from, n), n == 3 || n == 254 || n == 1);
}

TEST(fwd_node_set_ignores_node_0_and_numbers_past_255)
{
    struct node_set s = { { 0 } };
    node_set_add(&s, 0);
    node_set_add(&s, 256);
    node_set_add(&s, 1000);
    for (int i = 0; i < 8; i++)
        CHECK_EQ(s.bits[i], 0u);
    CHECK(!node_set_has(&s, 256));
    node_set_add(&s, 255);
    CHECK(node_set_has(&s, 255));
}

TEST(fwd_remove_gives_the_memory_back)
{
    int before = live_blocks;
    for (unsigned i = 0; i < 200; i++)
        REQUIRE_EQ(fwd_add(P1 + i, 2, 0, 1), 0);
    CHECK_EQ(fwd_count(), 200u);
    CHECK_EQ(live_blocks, before + 200);
    for (unsigned i = 0; i < 200; i++)
        fwd_remove(P1 + i);
    CHECK_EQ(fwd_count(), 0u);
    CHECK_EQ(live_blocks, before);
    for (unsigned b = 0; b < FWD_BUCKETS; b++)
        CHECK_EQ(fwd_first_in_bucket(b), NULL);
}

TEST(fwd_add_without_memory_says_e_nomem_and_keeps_the_rest)
{
    REQUIRE_EQ(fwd_add(P1, 2, 0, 1), 0);
    fail_next_alloc = 1;
    CHECK_EQ(fwd_add(P2, 3, 0, 1), -E_NOMEM);
    CHECK_EQ(fwd_find(P2), NULL);
    CHECK_EQ(fwd_count(), 1u);
    REQUIRE_EQ(fwd_add(P1, 3, 0, 2), 0);    /* an update needs no memory */
    CHECK_EQ(fwd_find(P1)->node, 3u);
}
