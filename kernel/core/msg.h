/* SPDX-License-Identifier: MIT */
/* Messages inside the kernel and the per-process message queue. A message
 * owns the link it carries until it is delivered or discarded. */
#ifndef KERNEL_MSG_H
#define KERNEL_MSG_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/core/link.h"
#include "kernel/core/string.h"

struct kmsg {
    struct kmsg *next;
    pid_t sender;
    uint32_t channel;
    uint32_t token;             /* non-zero: an answer to the call with this token */
    int32_t status;             /* 0, or -E_* for an answer made by a kernel */
    bool remote;                /* came from another node: no queue limit wait */
    uint16_t origin;            /* node whose kernel holds the sender's link */
    uint32_t seq;               /* its sender's number for the target (0: none; order.h) */
    uint32_t stream;            /* the numbering seq belongs to */
    uint32_t sender_inc;        /* the sender's incarnation */
    bool has_link;
    struct link carried;        /* the one link a message may carry */
    bool has_reply;
    struct link reply;          /* call(): the REPLY link back to the caller */
    uint32_t len;
    uint8_t body[MSG_BODY_MAX];
};

struct msgq {
    struct kmsg *head, *tail;
    uint32_t count;
};

/* Copy a message body: a few bytes word by word (cheaper than memcpy's
 * set-up, on every message's path), the rest by memcpy. */
#define MSG_SHORT_BODY 16
static inline __attribute__((always_inline)) void msg_copy_body(uint8_t *to, const void *from,
                                                                uint32_t len)
{
    if (len > MSG_SHORT_BODY) {
        memcpy(to, from, len);
        return;
    }
    uint32_t *t = (uint32_t *)to;
    const uint32_t *f = from;
    switch (len / 4) {          /* whole words, unrolled: no loop to set up */
    case 4: t[3] = f[3];        /* fall through */
    case 3: t[2] = f[2];        /* fall through */
    case 2: t[1] = f[1];        /* fall through */
    case 1: t[0] = f[0];        /* fall through */
    default: break;
    }
    for (uint32_t i = len & ~3u; i < len; i++)
        to[i] = ((const uint8_t *)from)[i];
}

/* Copy a sender's body (in its struct msg, all of it checked readable)
 * into a kernel message: a short one as 4 whole words, past len too (the
 * kernel copy keeps only len bytes of it for anyone else to see: out it
 * goes by msg_copy_body or the wire's own length). */
static inline __attribute__((always_inline)) void msg_copy_in(struct kmsg *m, const void *from,
                                                              uint32_t len)
{
    if (len > MSG_SHORT_BODY) {
        memcpy(m->body, from, len);
        return;
    }
    uint32_t *t = (uint32_t *)m->body;
    const uint32_t *f = from;
    t[0] = f[0];
    t[1] = f[1];
    t[2] = f[2];
    t[3] = f[3];
}

/* Message buffers come from a free list refilled from the kernel heap.
 * Inline, with the list: every message takes one and gives it back. */
extern struct kmsg *kmsg_cache;
extern unsigned kmsg_cached;
#define KMSG_CACHE_MAX 64
struct kmsg *kmsg_alloc_heap(void);
void kmsg_free_heap(struct kmsg *m);
static inline void kmsg_init(struct kmsg *m)
{
    m->next = 0;
    m->token = 0;
    m->seq = 0;
    m->status = 0;
    m->has_link = false;
    m->has_reply = false;
    m->remote = false;
    m->len = 0;
}
static inline struct kmsg *kmsg_alloc(void)
{
    struct kmsg *m = kmsg_cache;
    if (!m)
        return kmsg_alloc_heap();
    kmsg_cache = m->next;
    kmsg_cached--;
    kmsg_init(m);
    return m;
}
static inline void kmsg_free(struct kmsg *m)
{
    if (kmsg_cached >= KMSG_CACHE_MAX) {
        kmsg_free_heap(m);
        return;
    }
    m->next = kmsg_cache;
    kmsg_cache = m;
    kmsg_cached++;
}

static inline void msgq_push(struct msgq *q, struct kmsg *m)
{
    m->next = 0;
    if (q->tail)
        q->tail->next = m;
    else
        q->head = m;
    q->tail = m;
    q->count++;
}
/* Unlink and return the first message whose channel is in mask, or NULL. */
struct kmsg *msgq_take(struct msgq *q, uint32_t mask);
/* Unlink and return the first message, or NULL. */
static inline struct kmsg *msgq_pop(struct msgq *q)
{
    struct kmsg *m = q->head;
    if (m) {
        q->head = m->next;
        if (!q->head)
            q->tail = 0;
        q->count--;
        m->next = 0;
    }
    return m;
}

#endif
