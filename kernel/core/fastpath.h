/* SPDX-License-Identifier: MIT */
/* The IPC fast path: a message for a local process already blocked in
 * receive on its channel goes straight into that process's struct msg and
 * its receive is finished there and then (Liedtke's direct delivery);
 * ipc.c then switches to it at once or queues it to run. Whatever does not
 * fit falls through to the general path (queue, wake, take), which gives
 * the same results. Inline, in the kernel calls of ipc.c. */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H
#include "kernel/core/proc.h"
#include "kernel/core/ipc.h"
#include "kernel/core/sched.h"
#include "kernel/core/usercopy.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/string.h"
#include "kernel/core/order.h"

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

/* p waits in receive (or for its call's answer) on channel, and nothing
 * else holds it: not stopped, not moving, not being killed. While it so
 * waits no message for channel is queued (delivery would have woken it),
 * so writing this one straight in keeps every sender's order, once
 * order.h says the message is its sender's turn and nothing is held. */
static inline bool waits_for(const struct proc *p, uint32_t channel)
{
    return p->state == P_BLOCKED && p->waiting_on == &p->recvq &&
           (p->recv_mask & CHAN_MASK(channel)) && !p->stopped && !p->mig.moving && !p->killed;
}

/* p's receive is over: it returns len. The kernel call is finished as far
 * as a move is concerned too (eax holds the result, nothing to redo), so p
 * may be stopped or moved before it runs without losing the message. */
static inline __attribute__((always_inline)) void finish(struct proc *p, int32_t len)
{
    sched_unblock(p);               /* off its receive queue and the timers */
    p->wake_result = IPC_DELIVERED;
    p->recv_len = len;
    if (p->recv_mask & CHAN_MASK(CHAN_REPLY))
        p->call_token = 0;          /* its call is answered */
    p->tf->eax = (uint32_t)len;
    p->in_syscall = false;
    p->msgs_received++;
    ipc_stats.msgs_received++;
}

/* Write a message (sender, channel, len bytes of body, the REPLY link
 * `reply` or LINK_NONE) into k, p's waiting struct msg, and finish p's receive. */
static inline __attribute__((always_inline)) void put(struct proc *p, struct msg *k, pid_t sender, uint32_t channel, uint32_t len,
                const void *body, int32_t reply)
{
    k->h.sender = sender;
    k->h.channel = channel;
    k->h.link = LINK_NONE;
    k->h.len = len;
    k->h.status = 0;
    k->h.reply = reply;
    msg_copy_body(k->body, body, len);
    finish(p, (int32_t)len);
}

/* A plain send to p along l, which does not wait for it: into its queue,
 * numbered, when it is its sender's turn (else order.c's to hold). */
static inline __attribute__((always_inline)) enum fastpath_result fastpath_queue(struct proc *p, const struct link *l, const struct msg *um)
{
    struct kmsg *m;
    struct order_tx *number;
    if (p->mq.count >= MSGQ_MAX || !order_fast_take(&current->order, l, current, p, &number))
        return FASTPATH_MISS;       /* full: the general path waits or says so */
    if (!(m = kmsg_alloc())) {
        order_fast_untake(number);
        return FASTPATH_MISS;
    }
    m->sender = current->pid;
    m->origin = (uint16_t)boot_opts.node;
    m->channel = l->channel;
    m->len = um->h.len;
    msg_copy_in(m, um->body, m->len);
    if (number) {
        m->seq = number->next - 1;
        m->stream = number->stream;
        m->sender_inc = current->incarnation;
    }
    ipc_queue(p, m);
    current->msgs_sent++;
    ipc_stats.msgs_sent++;
    fastpath_stats.queued++;
    return FASTPATH_QUEUED;
}

/* The local, live target of um along l, if the fast path may try it: no
 * carried link, a body that fits, not a KERNEL link, a target born on and
 * still found at this node in the link's incarnation. */
static inline __attribute__((always_inline)) struct proc *fastpath_target(const struct link *l,
                                                                         const struct msg *um)
{
    if (um->h.link != LINK_NONE || um->h.len > MSG_BODY_MAX || (l->flags & LINK_KERNEL) ||
        l->node_hint != boot_opts.node || !PID_SERIAL(l->target))
        return 0;
    struct proc *p = proc_find(l->target);
    return p && incarnation_reaches(l->incarnation, p->incarnation) ? p : 0;
}

/* The current process's message went straight into p: count it. */
static inline __attribute__((always_inline)) enum fastpath_result
delivered(struct proc *me, struct proc *p, struct proc **to)
{
    me->msgs_sent++;
    ipc_stats.msgs_sent++;
    fastpath_stats.hits++;
    *to = p;
    return FASTPATH_DELIVERED;
}

static inline enum fastpath_result missed(void)
{
    fastpath_stats.misses++;
    return FASTPATH_MISS;
}

/* Send the current process's message um on its link l, not a REPLY link,
 * straight into the target, if the fast path applies:
 * fastpath_target's, waiting in receive on the link's channel, room in its
 * queue, its buffer's used part in one page, the pair in step (order.h).
 * call: it is a call, a fresh REPLY link goes with it. DELIVERED: *to is
 * the receiver, its receive done, off every queue and not yet runnable (the
 * caller runs it or queues it). A plain send to a live local process that
 * does not wait for it (busy, or on another channel), with room in its
 * queue, is QUEUED there as the general path would. MISS: nothing
 * happened, take the general path. */
static inline __attribute__((always_inline)) enum fastpath_result
fastpath_send(struct link *l, const struct msg *um, bool call, struct proc **to)
{
    struct proc *me = current, *p = fastpath_target(l, um);
    uint32_t len = um->h.len;
    struct msg *k;
    if (!p)
        return missed();
    if (!waits_for(p, l->channel))
        return call ? missed() : fastpath_queue(p, l, um);
    if (!(k = user_msg_waiting(p, len)) || p->mq.count >= MSGQ_MAX)
        return missed();            /* no room: the general path's to say */
    struct order_tx *number;
    if (!order_fast_take(&me->order, l, me, p, &number))
        return missed();            /* not in step (or p has no record of me): order.c */
    int32_t reply = LINK_NONE;
    if (call) {
        struct link *r = link_claim(&p->links, 2, &reply);
        if (!r) {
            order_fast_untake(number);
            return missed();        /* its table is full: the general path says so */
        }
        uint32_t t = me->next_token + 1 ? me->next_token + 1 : 1;
        ipc_link_set(r, me, CHAN_REPLY, LINK_REPLY);
        r->token = me->next_token = me->call_token = t;
        me->call_node = l->node_hint;
        me->call_target = l->target;
    }
    put(p, k, me->pid, l->channel, len, um->body, reply);
    return delivered(me, p, to);
}

/* The answer um along REPLY link l (handle `handle`), straight into the
 * caller waiting for it, as fastpath_send; the link is used once. A stale
 * answer (another token than the caller waits for) misses. */
static inline __attribute__((always_inline)) enum fastpath_result
fastpath_answer(struct link *l, int32_t handle, const struct msg *um, struct proc **to)
{
    struct proc *me = current, *p = fastpath_target(l, um);
    uint32_t len = um->h.len, token = l->token;
    struct msg *k;
    if (!p || !waits_for(p, l->channel) || !(k = user_msg_waiting(p, len)) ||
        (token ? token != p->call_token : p->mq.count >= MSGQ_MAX))
        return missed();
    put(p, k, me->pid, l->channel, len, um->body, LINK_NONE);
    if (token)
        link_drop(&me->links, handle);
    return delivered(me, p, to);
}

/* A send along l, either kind. */
static inline __attribute__((always_inline)) enum fastpath_result
fastpath_send_any(struct link *l, int32_t handle, const struct msg *um, struct proc **to)
{
    return (l->flags & LINK_REPLY) ? fastpath_answer(l, handle, um, to)
                                   : fastpath_send(l, um, false, to);
}

/* Write m straight into p if p waits for it (no carried link, no error
 * status), and make p runnable: true when m was taken (and freed). */
static inline bool fastpath_deliver(struct proc *p, struct kmsg *m)
{
    struct msg *k;
    int32_t reply = LINK_NONE;
    if (m->has_link || m->status != 0 || !waits_for(p, m->channel) ||
        !(k = user_msg_waiting(p, m->len)))
        return false;
    if (m->has_reply) {
        struct link *r = link_claim(&p->links, 2, &reply);
        if (!r)
            return false;
        *r = m->reply;
    }
    put(p, k, m->sender, m->channel, m->len, m->body, reply);
    sched_make_runnable(p);
    kmsg_free(m);
    fastpath_stats.direct++;
    return true;
}

#endif
