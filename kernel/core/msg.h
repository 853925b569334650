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
    if (len <= MSG_SHORT_BODY) {
        uint32_t i = 0;
        for (; i < len / 4; i++)
            ((uint32_t *)to)[i] = ((const uint32_t *)from)[i];
        for (i *= 4; i < len; i++)
            to[i] = ((const uint8_t *)from)[i];
    } else {
        memcpy(to, from, len);
    }
}

/* Message buffers come from a free list refilled from the kernel heap. */
struct kmsg *kmsg_alloc(void);
void kmsg_free(struct kmsg *m);

void msgq_push(struct msgq *q, struct kmsg *m);
/* Unlink and return the first message whose channel is in mask, or NULL. */
struct kmsg *msgq_take(struct msgq *q, uint32_t mask);
/* Unlink and return the first message, or NULL. */
struct kmsg *msgq_pop(struct msgq *q);

#endif
