// SPDX-License-Identifier: MIT
/* The message calls: send, receive, call and reply_receive, by the fast
 * path (fastpath.h) or the general one (route.c, the queue and a wait).
 * A carried link leaves the sender's table only once the send succeeded. */
#include "kernel/core/ipc.h"
#include "kernel/core/route.h"
#include "kernel/core/fastpath.h"
#include "kernel/core/sched.h"
#include "kernel/core/usercopy.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"

struct ipc_stats ipc_stats;
struct fastpath_stats fastpath_stats;

/* Build a kernel message from the caller's checked struct msg um, whose
 * header is already in *hdr. The carried link is copied, not yet removed. */
static int32_t build_msg(const struct msg *um, const struct msg_hdr *hdr, const struct link *l,
                         struct kmsg **out)
{
    if (hdr->len > MSG_BODY_MAX)
        return -E_TOOBIG;
    struct link *carry = 0;
    if (hdr->link != LINK_NONE && !(carry = link_get(&current->links, hdr->link)))
        return -E_BADLINK;
    if (carry == l)
        return -E_INVAL;        /* a link cannot carry itself */
    struct kmsg *m = kmsg_alloc();
    if (!m)
        return -E_NOMEM;
    msg_copy_in(m, um->body, hdr->len);
    m->len = hdr->len;
    m->sender = current->pid;
    m->origin = (uint16_t)boot_opts.node;
    m->channel = l->channel;
    m->token = (l->flags & LINK_REPLY) ? l->token : 0;
    if (carry) {
        m->has_link = true;
        m->carried = *carry;
    }
    *out = m;
    return 0;
}

/* Route m along the link `handle`, waiting for queue room unless told not
 * to. On success the carried link and a used REPLY link leave the table. */
static int32_t send_built(int32_t handle, struct kmsg *m, int32_t carry, uint32_t flags)
{
    int r;
    struct link *l = link_get(&current->links, handle);
    uint32_t *number = order_number(&current->order, current->incarnation, l, m);
    struct proc *full = 0;
    r = route_send(m, l, &full);
    while (r == -E_WOULDBLOCK && !(flags & SEND_NOWAIT)) {
        r = sched_block(&full->sendq, 0);
        if (r < 0)
            break;
        l = link_get(&current->links, handle);  /* the table may have changed meanwhile */
        full = 0;
        r = route_send(m, l, &full);
    }
    l = link_get(&current->links, handle);
    if (l && (l->flags & LINK_REPLY) && r != -E_WOULDBLOCK)
        link_remove(&current->links, handle, 0);
    if (r < 0) {
        m->has_link = false;    /* the carried link stays with the sender */
        m->has_reply = false;
        kmsg_free(m);
        return r;
    }
    if (number)
        (*number)++;
    if (carry != LINK_NONE)
        link_remove(&current->links, carry, 0);
    current->msgs_sent++;
    ipc_stats.msgs_sent++;
    return 0;
}

int32_t sys_send(int32_t handle, uint32_t umsg, uint32_t flags)
{
    struct kmsg *m;
    struct link *l = link_get(&current->links, handle);
    if (!l)
        return -E_BADLINK;
    const struct msg *um = user_msg(umsg, false);
    if (!um)
        return -E_FAULT;
    struct proc *p;
    enum fastpath_result f = fastpath_send_any(l, handle, um, &p);
    if (f == FASTPATH_DELIVERED) {
        /* Lazy: the sender goes on (to its next receive, most likely: a
         * receiver run at once here got ahead of the sender's own output
         * and of the run queue's order, which the scenarios notice). */
        sched_make_runnable(p);
        return 0;
    }
    if (f == FASTPATH_QUEUED)
        return 0;
    struct msg_hdr hdr = um->h;
    int32_t r = build_msg(um, &hdr, l, &m);
    return r < 0 ? r : send_built(handle, m, hdr.link, flags);
}

/* Hand m to the receiver's struct msg um, checked writable before it
 * waited (the check holds: user pages stay mapped while their process
 * lives). */
static inline __attribute__((always_inline)) int32_t receive_into(struct kmsg *m, struct msg *um)
{
    int32_t link = LINK_NONE, reply = LINK_NONE, status = m->status;
    if (m->has_link) {
        link = link_insert(&current->links, &m->carried, 2);
        if (link < 0) {
            ipc_discard_link(&m->carried);
            link = LINK_NONE;
            status = -E_NOMEM;
        }
    }
    if (m->has_reply) {
        reply = link_insert(&current->links, &m->reply, 2);
        if (reply < 0) {
            ipc_answer_error(&m->reply, -E_NOMEM);
            reply = LINK_NONE;
        }
    }
    int32_t len = (int32_t)m->len;
    um->h.sender = m->sender;
    um->h.channel = m->channel;
    um->h.link = link;
    um->h.len = (uint32_t)len;
    um->h.status = status;
    um->h.reply = reply;
    msg_copy_body(um->body, m->body, (uint32_t)len);
    kmsg_free(m);
    current->msgs_received++;
    ipc_stats.msgs_received++;
    if (current->sendq.head)
        sched_wake(current->sendq.head, 0);
    return len;
}

/* Wait for a message on mask (and, for a call, with the call's token),
 * into umsg. 0: *out is the message. IPC_DELIVERED: a fast path wrote it
 * into umsg already, current->recv_len is the result. next (or NULL) runs
 * at once if this process blocks, else it goes to the run queue. */
static int32_t wait_msg_slow(uint32_t mask, uint32_t timeout_ms, struct proc *next,
                             struct kmsg **out);
static inline __attribute__((always_inline)) int32_t wait_msg(uint32_t mask, uint32_t umsg,
                                                              uint32_t timeout_ms,
                                                              struct proc *next,
                                                              struct kmsg **out)
{
    current->recv_umsg = umsg;
    struct kmsg *first = current->mq.head;
    if (first && (mask & CHAN_MASK(first->channel))) {
        *out = msgq_pop(&current->mq);      /* the usual case: the first one is for us */
        if (next)
            sched_make_runnable(next);
        return 0;
    }
    if (!first && next && !timeout_ms) {    /* a call's or an answer's hand-off: run next */
        current->recv_mask = mask;
        int32_t r = sched_block_to(&current->recvq, 0, next);
        if (r != 0)
            return r;                       /* written straight in, or an error */
        return wait_msg_slow(mask, 0, 0, out);  /* woken by a message in the queue */
    }
    return wait_msg_slow(mask, timeout_ms, next, out);
}

static int32_t wait_msg_slow(uint32_t mask, uint32_t timeout_ms, struct proc *next,
                             struct kmsg **out)
{
    uint64_t end = 0;
    int32_t r;
    if (timeout_ms)
        end = ticks + (uint64_t)timeout_ms * TICK_HZ / 1000;
    for (;;) {
        struct kmsg *m = current->mq.head ? msgq_take(&current->mq, mask) : 0;
        if (m) {
            *out = m;
            r = 0;
            break;
        }
        uint32_t left = 0;
        if (timeout_ms) {
            if (ticks >= end) {
                r = -E_TIMEOUT;
                break;
            }
            left = (uint32_t)((end - ticks) * 1000 / TICK_HZ) + 1;
        }
        current->recv_mask = mask;
        r = sched_block_to(&current->recvq, left, next);
        next = 0;
        if (r != 0)
            return r;
    }
    if (next)
        sched_make_runnable(next);
    return r;
}

int32_t sys_receive(uint32_t mask, uint32_t umsg, uint32_t timeout_ms)
{
    struct kmsg *m;
    struct msg *um = user_msg(umsg, true);
    if (!um)
        return -E_FAULT;
    if (mask == 0 && timeout_ms == 0)
        return -E_INVAL;        /* would wait forever for nothing */
    int32_t r = wait_msg(mask & ~CHAN_MASK(CHAN_REPLY), umsg, timeout_ms, 0, &m);
    if (r == IPC_DELIVERED)
        return current->recv_len;
    return r < 0 ? r : receive_into(m, um);
}

static int32_t finish_call(int32_t r, struct kmsg *m, struct msg *um)
{
    current->call_token = 0;
    if (r == IPC_DELIVERED)
        return current->recv_len;
    if (r == 0 && m->status < 0) {
        r = m->status;
        ipc_discard_msg(m, -E_NOPROC);
    }
    if (r < 0) {
        ipc_stats.calls_failed++;
        return r;
    }
    return receive_into(m, um);
}

int32_t sys_call(int32_t handle, uint32_t umsg, uint32_t timeout_ms)
{
    struct kmsg *m = 0;
    struct msg *um = user_msg(umsg, true);
    if (!um)
        return -E_FAULT;
    if (current->resume_token) {
        /* The call was sent before this process moved here: only wait. */
        current->call_token = current->resume_token;
        current->resume_token = 0;
        int32_t r = wait_msg(CHAN_MASK(CHAN_REPLY), umsg, timeout_ms, 0, &m);
        return finish_call(r, m, um);
    }
    struct link *l = link_get(&current->links, handle);
    if (!l)
        return -E_BADLINK;
    struct proc *p;
    if (!(l->flags & LINK_REPLY) && fastpath_send(l, um, true, &p) == FASTPATH_DELIVERED) {
        /* it took the call: run it now, wait for the answer meanwhile */
        int32_t r = wait_msg(CHAN_MASK(CHAN_REPLY), umsg, timeout_ms, p, &m);
        return finish_call(r, m, um);
    }
    struct msg_hdr hdr = um->h;
    int32_t r = build_msg(um, &hdr, l, &m);
    if (r < 0)
        return r;
    if (++current->next_token == 0)
        current->next_token = 1;
    m->has_reply = true;
    m->reply = ipc_link_to(current, CHAN_REPLY, LINK_REPLY);
    m->reply.token = current->next_token;
    current->call_token = current->next_token;
    current->call_node = l->node_hint;
    current->call_target = l->target;
    r = send_built(handle, m, hdr.link, 0);
    if (r == 0)
        r = wait_msg(CHAN_MASK(CHAN_REPLY), umsg, timeout_ms, 0, &m);
    return finish_call(r, m, um);
}

int32_t sys_reply_receive(uint32_t mask, uint32_t umsg, uint32_t timeout_ms, int32_t handle)
{
    struct kmsg *m = 0;
    struct proc *p = 0;
    struct msg *um = user_msg(umsg, true);
    if (!um)
        return -E_FAULT;
    if (mask == 0 && timeout_ms == 0)
        return -E_INVAL;
    if (handle != LINK_NONE) {
        struct link *l = link_get(&current->links, handle);
        if (!l)
            return -E_BADLINK;
        if (fastpath_send_any(l, handle, um, &p) == FASTPATH_MISS) {
            p = 0;
            struct msg_hdr hdr = um->h;
            int32_t r = build_msg(um, &hdr, l, &m);
            if (r == 0)
                r = send_built(handle, m, hdr.link, 0);
            if (r < 0)
                return r;
        }
        /* Answered: a move from here on redoes only the receive (its
         * arguments are receive's, in the same registers). */
        current->tf->eax = SYS_RECEIVE;
    }
    int32_t r = wait_msg(mask & ~CHAN_MASK(CHAN_REPLY), umsg, timeout_ms, p, &m);
    if (r == IPC_DELIVERED)
        return current->recv_len;
    return r < 0 ? r : receive_into(m, um);
}
