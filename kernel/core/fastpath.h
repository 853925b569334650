/* SPDX-License-Identifier: MIT */
/* The IPC fast path: a message written straight into the struct msg of a
 * local process already waiting for it, its receive finished for it,
 * beside the general path (queue, wake, take) that it must agree with.
 * The send side is inline, kernel/core/fastsend.h. */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H
#include "kernel/core/proc.h"

/* The wake result of a process whose receive a fast path finished: its
 * wait returns p->recv_len. */
#define IPC_DELIVERED 1

struct fastpath_stats {
    uint32_t hits, misses;      /* send, call, reply_receive: straight in, or the general path */
    uint32_t queued;            /* plain sends put straight in a busy receiver's queue */
    uint32_t direct;            /* messages from the general path written straight in */
};

enum fastpath_result { FASTPATH_MISS, FASTPATH_DELIVERED, FASTPATH_QUEUED };
extern struct fastpath_stats fastpath_stats;

/* Write m straight into p if p waits for it (no carried link, no error
 * status), and make p runnable: true when m was taken (and freed). */
bool fastpath_deliver(struct proc *p, struct kmsg *m);

#endif
