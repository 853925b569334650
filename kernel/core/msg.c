// SPDX-License-Identifier: MIT
/* Message buffers and FIFO queues. Order is per queue, which keeps every
 * sender's messages in the order it sent them. */
#include "kernel/core/msg.h"
#include "kernel/core/mem.h"

struct kmsg *kmsg_cache;
unsigned kmsg_cached;

struct kmsg *kmsg_alloc_heap(void)
{
    struct kmsg *m = kmalloc(sizeof(*m));
    if (m)
        kmsg_init(m);
    return m;
}

void kmsg_free_heap(struct kmsg *m)
{
    kfree(m);
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
