// SPDX-License-Identifier: MIT
/* The IPC fast path: a message for a local process already blocked in
 * receive on its channel goes straight into that process's struct msg and
 * its receive is finished there and then (Liedtke's direct delivery);
 * ipc.c then switches to it at once or queues it to run. Whatever does not
 * fit falls through to the general path, which gives the same results. */
#include "kernel/core/fastpath.h"
#include "kernel/core/ipc.h"
#include "kernel/core/sched.h"
#include "kernel/core/usercopy.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"

struct fastpath_stats fastpath_stats;

/* p waits in receive (or for its call's answer) on channel, and nothing
 * else holds it: not stopped, not moving, not being killed. While it so
 * waits no message for channel is queued (delivery would have woken it),
 * so writing this one straight in keeps every sender's order. */
static bool waits_for(const struct proc *p, uint32_t channel)
{
    return p->state == P_BLOCKED && p->waiting_on == &p->recvq &&
           (p->recv_mask & CHAN_MASK(channel)) && !p->stopped && !p->mig.moving && !p->killed;
}

/* p's receive is over: it returns len. The kernel call is finished as far
 * as a move is concerned too (eax holds the result, nothing to redo), so p
 * may be stopped or moved before it runs without losing the message. */
static void finish(struct proc *p, int32_t len)
{
    sched_remove(p);                /* off its receive queue and the timers */
    p->wake_result = IPC_DELIVERED;
    p->recv_len = len;
    if (p->recv_mask & CHAN_MASK(CHAN_REPLY))
        p->call_token = 0;          /* its call is answered */
    p->tf->eax = (uint32_t)len;
    p->in_syscall = false;
    p->msgs_received++;
    ipc_stats.msgs_received++;
}

struct proc *fastpath_send(int32_t handle, const struct msg *um, const struct msg_hdr *hdr,
                           bool call)
{
    struct proc *me = current, *p = 0;
    struct link *l = link_get(&me->links, handle);
    if (!l || hdr->link != LINK_NONE || hdr->len > MSG_BODY_MAX || (l->flags & LINK_KERNEL) ||
        l->node_hint != boot_opts.node || !PID_SERIAL(l->target))
        goto miss;
    p = proc_find(l->target);
    if (!p || !incarnation_reaches(l->incarnation, p->incarnation) || !waits_for(p, l->channel))
        goto miss;
    uint32_t token = (l->flags & LINK_REPLY) ? l->token : 0;
    if (token ? call || token != p->call_token : p->mq.count >= MSGQ_MAX)
        goto miss;                  /* a stale answer, or no room: the general path's to say */
    struct msg_hdr h = { me->pid, l->channel, LINK_NONE, hdr->len, 0, LINK_NONE };
    struct link reply;
    if (call) {
        reply = ipc_link_to(me, CHAN_REPLY, LINK_REPLY);
        reply.token = me->next_token + 1 ? me->next_token + 1 : 1;
        h.reply = link_insert(&p->links, &reply, 2);
        if (h.reply < 0)
            goto miss;              /* its table is full: the general path says so */
    }
    if (user_msg_put(p, &h, um->body) < 0) {
        if (call)
            link_remove(&p->links, h.reply, 0);
        goto miss;
    }
    if (call) {
        me->next_token = me->call_token = reply.token;
        me->call_node = l->node_hint;
        me->call_target = l->target;
    }
    if (token)
        link_remove(&me->links, handle, 0);     /* a REPLY link is used once */
    me->msgs_sent++;
    ipc_stats.msgs_sent++;
    finish(p, (int32_t)h.len);
    fastpath_stats.hits++;
    return p;
miss:
    fastpath_stats.misses++;
    return 0;
}

bool fastpath_deliver(struct proc *p, struct kmsg *m)
{
    if (m->has_link || m->status != 0 || !waits_for(p, m->channel))
        return false;
    struct msg_hdr h = { m->sender, m->channel, LINK_NONE, m->len, 0, LINK_NONE };
    if (m->has_reply && (h.reply = link_insert(&p->links, &m->reply, 2)) < 0)
        return false;
    if (user_msg_put(p, &h, m->body) < 0) {
        if (m->has_reply)
            link_remove(&p->links, h.reply, 0);
        return false;
    }
    finish(p, (int32_t)h.len);
    sched_make_runnable(p);
    kmsg_free(m);
    fastpath_stats.direct++;
    return true;
}
