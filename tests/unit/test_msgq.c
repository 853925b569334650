// SPDX-License-Identifier: MIT
/* Unit tests for message queues and buffers (kernel/core/msg.c): FIFO order,
 * taking by channel mask, counts, and reuse of freed message buffers. */
#include "tests/unit/check.h"
#include "kernel/core/msg.h"
#include "kernel/core/mem.h"

/* Not <stdlib.h>: it brings the C library's pid_t, which clashes with ours. */
void *malloc(size_t size);
void free(void *p);

#define MSGS 16
#define CACHE_MAX 64            /* KMSG_CACHE_MAX in kernel/core/msg.c */

/* The kernel heap, over the host's; counts calls and can be made to fail. */
static unsigned kmallocs, kfrees;
static bool kmalloc_fails;

void *kmalloc(size_t size)
{
    kmallocs++;
    return kmalloc_fails ? NULL : malloc(size);
}

void kfree(void *p)
{
    kfrees++;
    free(p);
}

static struct kmsg msgs[MSGS];

/* msgs[i] on channel chan, its token i + 1 to tell it apart. */
static struct kmsg *msg_on(unsigned i, uint32_t chan)
{
    msgs[i].channel = chan;
    msgs[i].token = i + 1;
    return &msgs[i];
}

/* Pops everything; the tokens in order (0-terminated) in out. */
static unsigned drain(struct msgq *q, uint32_t *out)
{
    unsigned n = 0;
    for (struct kmsg *m; (m = msgq_pop(q)) != NULL; n++) {
        CHECK_EQ(m->next, NULL);
        out[n] = m->token;
    }
    out[n] = 0;
    CHECK_EQ(q->count, 0u);
    CHECK_EQ(q->head, NULL);
    CHECK_EQ(q->tail, NULL);
    return n;
}

static void check_order(const uint32_t *got, const uint32_t *want, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        CHECK_EQ(got[i], want[i]);
}

TEST(msgq_pop_and_take_on_an_empty_queue_return_null)
{
    struct msgq q = { 0 };
    CHECK_EQ(msgq_pop(&q), NULL);
    CHECK_EQ(msgq_take(&q, CHAN_ALL), NULL);
    CHECK_EQ(msgq_take(&q, CHAN_MASK(CHAN_REPLY)), NULL);
    CHECK_EQ(q.count, 0u);
}

TEST(msgq_pop_returns_messages_in_the_order_pushed)
{
    struct msgq q = { 0 };
    for (unsigned i = 0; i < MSGS; i++) {
        msgq_push(&q, msg_on(i, i % 3));
        CHECK_EQ(q.count, i + 1);
    }
    uint32_t got[MSGS + 1], want[MSGS];
    for (unsigned i = 0; i < MSGS; i++)
        want[i] = i + 1;
    CHECK_EQ(drain(&q, got), (unsigned)MSGS);
    check_order(got, want, MSGS);
    CHECK_EQ(msgq_pop(&q), NULL);
}

TEST(msgq_push_ignores_whatever_next_the_message_had)
{
    struct msgq q = { 0 };
    struct kmsg *a = msg_on(0, 0), *b = msg_on(1, 0);
    a->next = b;                            /* left over from an earlier queue */
    msgq_push(&q, a);
    CHECK_EQ(q.count, 1u);
    CHECK_EQ(msgq_pop(&q), a);
    CHECK_EQ(msgq_pop(&q), NULL);
}

TEST(msgq_take_picks_the_first_match_and_keeps_the_rest_in_order)
{
    struct msgq q = { 0 };
    const uint32_t chans[] = { 0, 1, 2, 1, 3 };
    for (unsigned i = 0; i < 5; i++)
        msgq_push(&q, msg_on(i, chans[i]));
    struct kmsg *m = msgq_take(&q, CHAN_MASK(1));
    REQUIRE(m != NULL);
    CHECK_EQ(m->token, 2u);
    CHECK_EQ(m->next, NULL);
    CHECK_EQ(q.count, 4u);
    m = msgq_take(&q, CHAN_MASK(3) | CHAN_MASK(2));
    REQUIRE(m != NULL);
    CHECK_EQ(m->token, 3u);
    CHECK_EQ(q.count, 3u);
    uint32_t got[6], want[] = { 1, 4, 5 };
    CHECK_EQ(drain(&q, got), 3u);
    check_order(got, want, 3);
}

TEST(msgq_take_with_no_match_returns_null_and_changes_nothing)
{
    struct msgq q = { 0 };
    for (unsigned i = 0; i < 4; i++)
        msgq_push(&q, msg_on(i, i));
    CHECK_EQ(msgq_take(&q, CHAN_MASK(4) | CHAN_MASK(CHAN_REPLY)), NULL);
    CHECK_EQ(msgq_take(&q, 0), NULL);
    CHECK_EQ(q.count, 4u);
    uint32_t got[5], want[] = { 1, 2, 3, 4 };
    CHECK_EQ(drain(&q, got), 4u);
    check_order(got, want, 4);
}

TEST(msgq_chan_all_leaves_answers_on_the_reply_channel_queued)
{
    struct msgq q = { 0 };
    msgq_push(&q, msg_on(0, CHAN_REPLY));
    msgq_push(&q, msg_on(1, 5));
    struct kmsg *m = msgq_take(&q, CHAN_ALL);
    REQUIRE(m != NULL);
    CHECK_EQ(m->token, 2u);
    CHECK_EQ(msgq_take(&q, CHAN_ALL), NULL);
    m = msgq_take(&q, CHAN_MASK(CHAN_REPLY));
    REQUIRE(m != NULL);
    CHECK_EQ(m->token, 1u);
    CHECK_EQ(q.count, 0u);
}

TEST(msgq_push_after_taking_the_tail_appends_at_the_new_tail)
{
    struct msgq q = { 0 };
    msgq_push(&q, msg_on(0, 0));
    msgq_push(&q, msg_on(1, 0));
    msgq_push(&q, msg_on(2, 7));
    struct kmsg *m = msgq_take(&q, CHAN_MASK(7));
    REQUIRE(m != NULL);
    CHECK_EQ(m->token, 3u);
    CHECK_EQ(q.tail, &msgs[1]);
    msgq_push(&q, msg_on(3, 0));
    uint32_t got[4], want[] = { 1, 2, 4 };
    CHECK_EQ(drain(&q, got), 3u);
    check_order(got, want, 3);
}

TEST(msgq_taking_the_only_message_empties_the_queue_for_reuse)
{
    struct msgq q = { 0 };
    msgq_push(&q, msg_on(0, 9));
    CHECK_EQ(msgq_take(&q, CHAN_MASK(9)), &msgs[0]);
    CHECK_EQ(q.head, NULL);
    CHECK_EQ(q.tail, NULL);
    CHECK_EQ(q.count, 0u);
    msgq_push(&q, msg_on(1, 2));
    msgq_push(&q, msg_on(2, 2));
    uint32_t got[3], want[] = { 2, 3 };
    CHECK_EQ(drain(&q, got), 2u);
    check_order(got, want, 2);
}

/* Random pushes, pops and takes against a plain array as the model. */
TEST(msgq_count_and_order_match_a_model_over_random_operations)
{
    static struct kmsg pool[MSGS];
    struct msgq q = { 0 };
    struct kmsg *model[MSGS];
    unsigned n = 0, next_token = 1;
    bool queued[MSGS] = { false };
    uint32_t seed = 12345;
    for (int step = 0; step < 20000; step++) {
        uint32_t r = check_rand(&seed);
        if (r % 3 == 0 && n < MSGS) {
            unsigned i = 0;
            while (queued[i])
                i++;
            pool[i].channel = check_rand(&seed) % CHAN_COUNT;
            pool[i].token = next_token++;
            queued[i] = true;
            msgq_push(&q, &pool[i]);
            model[n++] = &pool[i];
        } else {
            uint32_t mask = r % 3 == 1 ? 0xFFFFFFFFu : check_rand(&seed);
            unsigned want = 0;
            while (want < n && !(mask & CHAN_MASK(model[want]->channel)))
                want++;
            struct kmsg *m = mask == 0xFFFFFFFFu ? msgq_pop(&q) : msgq_take(&q, mask);
            if (want == n) {
                REQUIRE_EQ(m, NULL);
            } else {
                REQUIRE_EQ(m, model[want]);
                queued[m - pool] = false;
                for (unsigned j = want; j + 1 < n; j++)
                    model[j] = model[j + 1];
                n--;
            }
        }
        REQUIRE_EQ(q.count, n);
        REQUIRE_EQ(q.head, n ? model[0] : NULL);
        REQUIRE_EQ(q.tail, n ? model[n - 1] : NULL);
    }
}

TEST(kmsg_alloc_reuses_a_freed_buffer_with_its_header_cleared)
{
    struct kmsg *m = kmsg_alloc();
    REQUIRE(m != NULL);
    CHECK_EQ(kmallocs, 1u);
    m->token = 7;
    m->status = -E_NOPROC;
    m->has_link = true;
    m->has_reply = true;
    m->len = 100;
    m->next = m;
    kmsg_free(m);
    struct kmsg *again = kmsg_alloc();
    CHECK_EQ(again, m);
    CHECK_EQ(kmallocs, 1u);
    CHECK_EQ(kfrees, 0u);
    CHECK_EQ(again->next, NULL);
    CHECK_EQ(again->token, 0u);
    CHECK_EQ(again->status, 0);
    CHECK_EQ(again->has_link, false);
    CHECK_EQ(again->has_reply, false);
    CHECK_EQ(again->len, 0u);
    struct kmsg *other = kmsg_alloc();
    kmsg_free(other);
    kmsg_free(again);                       /* the free list is again -> other */
    CHECK_EQ(kmsg_alloc(), again);
    CHECK_EQ(again->next, NULL);
    CHECK_EQ(kmsg_alloc(), other);
    CHECK_EQ(kmallocs, 2u);
    kmsg_free(other);
    kmsg_free(again);
}

TEST(kmsg_alloc_returns_null_when_the_heap_is_out_of_memory)
{
    kmalloc_fails = true;
    CHECK_EQ(kmsg_alloc(), NULL);
    CHECK_EQ(kmallocs, 1u);
    kmalloc_fails = false;
    struct kmsg *m = kmsg_alloc();
    CHECK(m != NULL);
    kmsg_free(m);
    kmalloc_fails = true;                   /* a cached buffer needs no heap */
    CHECK_EQ(kmsg_alloc(), m);
    kmsg_free(m);
}

TEST(kmsg_free_keeps_at_most_64_buffers_and_gives_the_rest_back)
{
    enum { N = CACHE_MAX + 36 };
    static struct kmsg *m[N];
    for (int i = 0; i < N; i++) {
        m[i] = kmsg_alloc();
        REQUIRE(m[i] != NULL);
    }
    CHECK_EQ(kmallocs, (unsigned)N);
    for (int i = 0; i < N; i++)
        kmsg_free(m[i]);
    CHECK_EQ(kfrees, (unsigned)(N - CACHE_MAX));
    for (int i = 0; i < N; i++) {
        m[i] = kmsg_alloc();
        REQUIRE(m[i] != NULL);
    }
    CHECK_EQ(kmallocs, (unsigned)(N + N - CACHE_MAX));
    for (int i = 0; i < N; i++)
        kmsg_free(m[i]);
    CHECK_EQ(kfrees, (unsigned)(2 * (N - CACHE_MAX)));   /* the cache had emptied */
}
