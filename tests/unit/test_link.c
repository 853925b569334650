// SPDX-License-Identifier: MIT
/* Unit tests for the link table (kernel/core/link.c): handles with generations,
 * refusal of forged, stale and out-of-range handles, slot filling, fullness. */
#include "tests/unit/check.h"
#include "kernel/core/link.h"

#define CYCLES 100000           /* insert/remove rounds on one slot */

static struct link link_to(pid_t target)
{
    struct link l = { .target = target, .node_hint = PID_NODE(target) };
    return l;
}

static unsigned slot_of(int32_t handle)
{
    return (uint32_t)handle & 0xFF;
}

static uint32_t gen_of(int32_t handle)
{
    return (uint32_t)handle >> 8;
}

TEST(link_table_starts_empty)
{
    static struct link_table t;
    link_table_init(&t);
    CHECK_EQ(link_next_used(&t, 0), -1);
    for (unsigned i = 0; i < LINK_MAX; i++) {
        CHECK_EQ(link_get(&t, LINK_HANDLE(i, 0u)), NULL);   /* 0 is handle 0 */
        CHECK_EQ(link_get(&t, LINK_HANDLE(i, 1u)), NULL);
    }
}

TEST(link_first_link_in_slot_0_is_the_switchboard_handle)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(NAMESVC_PID(1));
    int32_t h = link_insert(&t, &l, 0);
    CHECK_EQ(h, LINK_SWITCHBOARD);
    struct link *got = link_get(&t, h);
    REQUIRE(got != NULL);
    CHECK_EQ(got->target, NAMESVC_PID(1));
    CHECK_EQ(got->node_hint, 1);
}

TEST(link_generation_is_odd_while_used_and_even_while_free)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    for (int round = 0; round < 5; round++) {
        int32_t h = link_insert(&t, &l, 0);
        REQUIRE(h >= 0);
        CHECK_EQ(slot_of(h), 0u);
        CHECK_EQ(gen_of(h) & 1, 1u);
        CHECK_EQ(gen_of(h), t.gen[0]);
        CHECK(LINK_SLOT_USED(&t, 0));
        REQUIRE_EQ(link_remove(&t, h, NULL), 0);
        CHECK_EQ(t.gen[0] & 1, 0u);
        CHECK(!LINK_SLOT_USED(&t, 0));
    }
}

TEST(link_get_refuses_forged_generations)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    int32_t h = link_insert(&t, &l, 3);
    REQUIRE_EQ(h, LINK_HANDLE(3u, 1u));
    CHECK(link_get(&t, h) != NULL);
    CHECK_EQ(link_get(&t, LINK_HANDLE(3u, 0u)), NULL);    /* even: a free slot's */
    CHECK_EQ(link_get(&t, LINK_HANDLE(3u, 2u)), NULL);
    CHECK_EQ(link_get(&t, LINK_HANDLE(3u, 3u)), NULL);    /* odd, but not yet */
    CHECK_EQ(link_get(&t, LINK_HANDLE(4u, 1u)), NULL);    /* right generation, empty slot */
    CHECK_EQ(link_get(&t, LINK_HANDLE(4u, 0u)), NULL);    /* the empty slot's own generation */
    CHECK_EQ(link_remove(&t, LINK_HANDLE(4u, 0u), NULL), -E_BADLINK);
    CHECK_EQ(link_remove(&t, LINK_HANDLE(3u, 3u), NULL), -E_BADLINK);
    CHECK(link_get(&t, h) != NULL);                       /* a refused remove changed nothing */
}

TEST(link_stale_handle_is_refused_after_remove_and_after_reuse)
{
    static struct link_table t;
    link_table_init(&t);
    struct link a = link_to(PID_MAKE(1, 10)), b = link_to(PID_MAKE(1, 11));
    int32_t old = link_insert(&t, &a, 0);
    REQUIRE_EQ(link_remove(&t, old, NULL), 0);
    CHECK_EQ(link_get(&t, old), NULL);
    CHECK_EQ(link_remove(&t, old, NULL), -E_BADLINK);
    CHECK_EQ(link_get(&t, LINK_HANDLE(slot_of(old), t.gen[0])), NULL);  /* free: even */

    int32_t new = link_insert(&t, &b, 0);
    REQUIRE(new >= 0);
    CHECK_EQ(slot_of(new), slot_of(old));
    CHECK(new != old);
    CHECK_EQ(link_get(&t, old), NULL);
    CHECK_EQ(link_remove(&t, old, NULL), -E_BADLINK);
    struct link *got = link_get(&t, new);
    REQUIRE(got != NULL);
    CHECK_EQ(got->target, PID_MAKE(1, 11));
}

TEST(link_negative_handles_are_refused)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    for (int i = 0; i < LINK_MAX; i++)
        REQUIRE(link_insert(&t, &l, 0) >= 0);
    const int32_t bad[] = { LINK_NONE, -E_BADLINK, -LINK_SWITCHBOARD, INT32_MIN,
                            (int32_t)(0x80000000u | LINK_SWITCHBOARD) };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_EQ(link_get(&t, bad[i]), NULL);
        CHECK_EQ(link_remove(&t, bad[i], NULL), -E_BADLINK);
    }
    CHECK_EQ(link_next_used(&t, 0), 0);
}

TEST(link_out_of_range_slots_are_refused)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    for (int i = 0; i < LINK_MAX; i++)
        REQUIRE(link_insert(&t, &l, 0) >= 0);
    for (unsigned slot = LINK_MAX; slot <= 0xFF; slot++) {
        CHECK_EQ(link_get(&t, LINK_HANDLE(slot, 1u)), NULL);
        CHECK_EQ(link_remove(&t, LINK_HANDLE(slot, 1u), NULL), -E_BADLINK);
    }
    CHECK_EQ(link_insert_at(&t, LINK_MAX, &l), -E_INVAL);
    CHECK_EQ(link_insert_at(&t, 0xFFFFFFFFu, &l), -E_INVAL);
}

TEST(link_insert_fills_the_first_free_slot_from_the_given_one)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    CHECK_EQ(slot_of(link_insert(&t, &l, 2)), 2u);        /* 0 and 1 stay free */
    CHECK_EQ(slot_of(link_insert(&t, &l, 0)), 0u);
    CHECK_EQ(slot_of(link_insert(&t, &l, 0)), 1u);
    CHECK_EQ(slot_of(link_insert(&t, &l, 0)), 3u);
    int32_t h4 = link_insert(&t, &l, 0);
    CHECK_EQ(slot_of(h4), 4u);
    CHECK_EQ(slot_of(link_insert(&t, &l, 0)), 5u);
    REQUIRE_EQ(link_remove(&t, LINK_HANDLE(1u, 1u), NULL), 0);
    REQUIRE_EQ(link_remove(&t, h4, NULL), 0);
    CHECK_EQ(slot_of(link_insert(&t, &l, 2)), 4u);        /* 1 is free but before 2 */
    CHECK_EQ(slot_of(link_insert(&t, &l, 0)), 1u);
    CHECK_EQ(slot_of(link_insert(&t, &l, 0)), 6u);
}

TEST(link_insert_at_a_used_slot_is_refused_and_keeps_the_link)
{
    static struct link_table t;
    link_table_init(&t);
    struct link a = link_to(PID_MAKE(1, 10)), b = link_to(PID_MAKE(1, 11));
    int32_t h = link_insert_at(&t, 5, &a);
    CHECK_EQ(h, LINK_HANDLE(5u, 1u));
    CHECK_EQ(link_insert_at(&t, 5, &b), -E_INVAL);
    struct link *got = link_get(&t, h);
    REQUIRE(got != NULL);
    CHECK_EQ(got->target, PID_MAKE(1, 10));
    CHECK_EQ(t.gen[5], 1u);
}

TEST(link_table_fills_at_link_max_and_then_refuses_with_e_nomem)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    int32_t handles[LINK_MAX];
    for (int i = 0; i < LINK_MAX; i++) {
        handles[i] = link_insert(&t, &l, 0);
        REQUIRE_EQ(handles[i], LINK_HANDLE((unsigned)i, 1u));
    }
    CHECK_EQ(link_insert(&t, &l, 0), -E_NOMEM);
    CHECK_EQ(link_insert(&t, &l, LINK_MAX - 1), -E_NOMEM);
    CHECK_EQ(link_insert(&t, &l, LINK_MAX), -E_NOMEM);
    CHECK_EQ(link_insert(&t, &l, 1000), -E_NOMEM);
    REQUIRE_EQ(link_remove(&t, handles[17], NULL), 0);
    CHECK_EQ(link_insert(&t, &l, 18), -E_NOMEM);         /* the free slot is before 18 */
    CHECK_EQ(link_insert(&t, &l, 0), LINK_HANDLE(17u, 3u));
    CHECK_EQ(link_insert(&t, &l, 0), -E_NOMEM);
}

TEST(link_remove_hands_back_the_link)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = { .target = PID_MAKE(2, 7), .node_hint = 3, .flags = LINK_REPLY,
                      .epoch = 4, .channel = CHAN_REPLY, .token = 99 };
    int32_t h = link_insert(&t, &l, 0);
    REQUIRE(h >= 0);
    struct link out = { 0 };
    REQUIRE_EQ(link_remove(&t, h, &out), 0);
    CHECK_EQ(out.target, PID_MAKE(2, 7));
    CHECK_EQ(out.node_hint, 3);
    CHECK_EQ(out.flags, LINK_REPLY);
    CHECK_EQ(out.epoch, 4u);
    CHECK_EQ(out.channel, (uint32_t)CHAN_REPLY);
    CHECK_EQ(out.token, 99u);
    CHECK_EQ(link_get(&t, h), NULL);
}

TEST(link_handles_never_repeat_for_a_slot_over_many_cycles)
{
    static struct link_table t;
    static uint8_t seen[(CYCLES * 2 + 8) / 8];             /* by generation */
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    int32_t prev = LINK_NONE;
    for (uint32_t i = 0; i < CYCLES; i++) {
        int32_t h = link_insert(&t, &l, 0);
        REQUIRE(h > 0);
        REQUIRE_EQ(slot_of(h), 0u);
        uint32_t g = gen_of(h);
        REQUIRE(g < CYCLES * 2 + 8);
        REQUIRE_EQ(seen[g / 8] >> (g % 8) & 1, 0);           /* a repeat */
        seen[g / 8] |= (uint8_t)(1u << (g % 8));
        if (prev != LINK_NONE)
            REQUIRE_EQ(link_get(&t, prev), NULL);
        REQUIRE_EQ(link_remove(&t, h, NULL), 0);
        prev = h;
    }
}

TEST(link_handles_stay_positive_when_the_generation_wraps)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    t.gen[LINK_MAX - 1] = 0x7FFFFE;                        /* free, at the last generation */
    int32_t last = link_insert_at(&t, LINK_MAX - 1, &l);
    CHECK(last > 0);
    CHECK_EQ(gen_of(last), 0x7FFFFFu);
    CHECK(link_get(&t, last) != NULL);
    REQUIRE_EQ(link_remove(&t, last, NULL), 0);
    int32_t next = link_insert_at(&t, LINK_MAX - 1, &l);
    CHECK(next > 0);
    CHECK_EQ(gen_of(next) & 1, 1u);
    CHECK(next != last);
    CHECK_EQ(link_get(&t, last), NULL);
}

TEST(link_next_used_walks_the_used_slots_in_order)
{
    static struct link_table t;
    link_table_init(&t);
    struct link l = link_to(PID_MAKE(1, 9));
    REQUIRE(link_insert_at(&t, 2, &l) >= 0);
    int32_t h = link_insert_at(&t, 7, &l);
    REQUIRE(link_insert_at(&t, LINK_MAX - 1, &l) >= 0);
    CHECK_EQ(link_next_used(&t, 0), 2);
    CHECK_EQ(link_next_used(&t, 3), 7);
    CHECK_EQ(link_next_used(&t, 8), LINK_MAX - 1);
    CHECK_EQ(link_next_used(&t, LINK_MAX), -1);
    REQUIRE_EQ(link_remove(&t, h, NULL), 0);
    CHECK_EQ(link_next_used(&t, 3), LINK_MAX - 1);
}

/* -- link_table_retarget: a LINK_UPDATE applied to one sender's links -- */

#define MOVER PID_MAKE(1, 6)    /* the process that moves */

/* Links to MOVER in slots 1, 4 and 9 (one carried in, a copy, a REPLY),
 * and one to another process in slot 2; all with epoch 0 at node 1. */
static void sender_with_three_links(struct link_table *t)
{
    link_table_init(t);
    struct link l = link_to(MOVER), other = link_to(PID_MAKE(1, 7)), reply = l;
    reply.flags = LINK_REPLY;
    REQUIRE(link_insert_at(t, 1, &l) >= 0);
    REQUIRE(link_insert_at(t, 2, &other) >= 0);
    REQUIRE(link_insert_at(t, 4, &l) >= 0);
    REQUIRE(link_insert_at(t, 9, &reply) >= 0);
}

static void check_at(const struct link_table *t, unsigned slot, unsigned node, uint32_t epoch)
{
    CHECK_EQ(t->slot[slot].node_hint, node);
    CHECK_EQ(t->slot[slot].epoch, epoch);
}

TEST(link_update_rewrites_every_link_of_the_sender_to_the_process)
{
    static struct link_table t;
    sender_with_three_links(&t);
    CHECK_EQ(link_table_retarget(&t, MOVER, 3, 1), 3);
    check_at(&t, 1, 3, 1);
    check_at(&t, 4, 3, 1);
    check_at(&t, 9, 3, 1);
    check_at(&t, 2, 1, 0);                  /* another process's link stays */
    CHECK_EQ(t.slot[9].flags, LINK_REPLY);  /* only place and epoch change */
}

TEST(link_update_newest_epoch_wins_in_any_arrival_order)
{
    static struct link_table t;
    /* a chain 1 -> 2 -> 3 -> 4: updates with epochs 1, 2, 3, every order */
    static const uint32_t orders[6][3] = { { 1, 2, 3 }, { 1, 3, 2 }, { 2, 1, 3 },
                                           { 2, 3, 1 }, { 3, 1, 2 }, { 3, 2, 1 } };
    for (int o = 0; o < 6; o++) {
        sender_with_three_links(&t);
        for (int k = 0; k < 3; k++)
            link_table_retarget(&t, MOVER, orders[o][k] + 1, orders[o][k]);
        check_at(&t, 1, 4, 3);
        check_at(&t, 4, 4, 3);
        check_at(&t, 9, 4, 3);
    }
}

TEST(link_update_older_or_equal_epoch_changes_nothing)
{
    static struct link_table t;
    sender_with_three_links(&t);
    CHECK_EQ(link_table_retarget(&t, MOVER, 4, 3), 3);
    CHECK_EQ(link_table_retarget(&t, MOVER, 2, 1), 0);   /* a stale update */
    CHECK_EQ(link_table_retarget(&t, MOVER, 5, 3), 0);   /* the same epoch again */
    check_at(&t, 1, 4, 3);
    check_at(&t, 4, 4, 3);
}

TEST(link_update_reaches_a_link_made_after_an_earlier_update)
{
    static struct link_table t;
    sender_with_three_links(&t);
    CHECK_EQ(link_table_retarget(&t, MOVER, 2, 1), 3);
    struct link fresh = link_to(MOVER);        /* e.g. a lookup's stale answer */
    REQUIRE(link_insert_at(&t, 12, &fresh) >= 0);
    CHECK_EQ(link_table_retarget(&t, MOVER, 3, 2), 4);
    check_at(&t, 12, 3, 2);
    check_at(&t, 1, 3, 2);
}

TEST(link_update_skips_removed_links_and_touches_no_free_slot)
{
    static struct link_table t;
    sender_with_three_links(&t);
    struct link gone;
    REQUIRE_EQ(link_remove(&t, LINK_HANDLE(4, t.gen[4]), &gone), 0);
    CHECK_EQ(link_table_retarget(&t, MOVER, 3, 1), 2);
    check_at(&t, 4, 1, 0);                  /* the removed one's bytes stay */
}
