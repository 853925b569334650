/* SPDX-License-Identifier: MIT */
/* The message kernel calls (send, receive, call) and the last stop of every
 * message: delivery into a local receiver's queue. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H
#include "kernel/core/proc.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/sched.h"

struct ipc_stats {
    uint32_t msgs_sent, msgs_received, msgs_queued_max, calls_failed, stale_replies;
};
extern struct ipc_stats ipc_stats;

int32_t sys_send(int32_t handle, uint32_t umsg, uint32_t flags);
int32_t sys_receive(uint32_t mask, uint32_t umsg, uint32_t timeout_ms);
int32_t sys_call(int32_t handle, uint32_t umsg, uint32_t timeout_ms);
int32_t sys_reply_receive(uint32_t mask, uint32_t umsg, uint32_t timeout_ms, int32_t handle);

/* Hand m to p: straight into its waiting receive (the fast path) or into
 * its queue. Takes m. A numbered m (order.h) must be in its turn:
 * route_send and order.c are the only callers that decide so. */
void ipc_deliver(struct proc *p, struct kmsg *m);
/* Put m in p's queue and wake p if it waits for m's channel. Takes m.
 * Inline: the fast path's queueing ends here too. */
static inline void ipc_queue(struct proc *p, struct kmsg *m)
{
    msgq_push(&p->mq, m);
    if (p->mq.count > ipc_stats.msgs_queued_max)
        ipc_stats.msgs_queued_max = p->mq.count;
    if (p->state == P_BLOCKED && p->waiting_on == &p->recvq &&
        (p->recv_mask & CHAN_MASK(m->channel)))
        sched_wake(p, 0);
}
/* Answer the call behind a REPLY link in the kernel's name: a status, a
 * body, and optionally a link to carry (copied). */
void ipc_answer(const struct link *reply, int status, const void *body, uint32_t len,
                const struct link *carry);
/* Answer the call behind a REPLY link with an error and no body. */
void ipc_answer_error(const struct link *reply, int status);
/* m cannot be delivered: its caller (if a call) gets status as the answer,
 * its carried link is dropped, m is freed. */
void ipc_discard_msg(struct kmsg *m, int status);
/* A link is being dropped: a REPLY link's caller is told, nobody waits forever. */
void ipc_discard_link(const struct link *l);
/* p is ending: fail what was queued for it, answer calls it held, wake senders. */
void ipc_proc_exit(struct proc *p);
/* Make *l a link to p itself (channel, flags), as link_create and spawn
 * make them, field by field (every call makes one: no struct copies). */
static inline void ipc_link_set(struct link *l, const struct proc *p, uint32_t channel,
                                uint32_t flags)
{
    l->target = p->pid;
    l->node_hint = (uint16_t)boot_opts.node;
    l->flags = (uint16_t)flags;
    l->epoch = p->mig.epoch;
    l->channel = channel;
    l->token = 0;
    l->data_base = l->data_len = 0;
    l->incarnation = p->incarnation;
}
static inline struct link ipc_link_to(const struct proc *p, uint32_t channel, uint32_t flags)
{
    struct link l;
    ipc_link_set(&l, p, channel, flags);
    return l;
}

#endif
