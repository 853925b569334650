// SPDX-License-Identifier: MIT
/* Message buffers and FIFO queues. Order is per queue, which keeps every
 * sender's messages in the order it sent them. */
#include "kernel/core/msg.h"
#include "kernel/core/mem.h"

#define KMSG_CACHE_MAX 64

static struct kmsg *cache;
static unsigned cached;

struct kmsg *kmsg_alloc(void)
{
    struct kmsg *m = cache;
    if (m) {
        cache = m->next;
        cached--;
    } else {
        m = kmalloc(sizeof(*m));
        if (!m)
            return 0;
    }
    m->next = 0;
    m->token = 0;
    m->seq = 0;
    m->status = 0;
    m->has_link = false;
    m->has_reply = false;
    m->remote = false;
    m->len = 0;
    return m;
}

void kmsg_free(struct kmsg *m)
{
    if (cached >= KMSG_CACHE_MAX) {
        kfree(m);
        return;
    }
    m->next = cache;
    cache = m;
    cached++;
}

void msgq_push(struct msgq *q, struct kmsg *m)
{
    m->next = 0;
    if (q->tail)
        q->tail->next = m;
    else
        q->head = m;
    q->tail = m;
    q->count++;
}

struct kmsg *msgq_take(struct msgq *q, uint32_t mask)
{
    struct kmsg *prev = 0;
    for (struct kmsg *m = q->head; m; prev = m, m = m->next) {
        if (!(mask & CHAN_MASK(m->channel)))
            continue;
        if (prev)
            prev->next = m->next;
        else
            q->head = m->next;
        if (q->tail == m)
            q->tail = prev;
        q->count--;
        m->next = 0;
        return m;
    }
    return 0;
}

struct kmsg *msgq_pop(struct msgq *q)
{
    return msgq_take(q, 0xFFFFFFFFu);
}
