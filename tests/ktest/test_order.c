// SPDX-License-Identifier: MIT
/* In-kernel tests of the receiver's order (kernel/core/order.c): numbered
 * messages from another node's sender reach a process record here out of
 * turn, through route_send as remote.c hands them in. */
#include "kernel/ktest.h"
#include "kernel/core/proc.h"
#include "kernel/core/route.h"
#include "kernel/core/ipc.h"
#include "kernel/core/cmdline.h"

#define FAR_SENDER PID_MAKE(200, 7)

static int arrive_from(struct proc *p, pid_t sender, uint32_t seq)
{
    struct kmsg *m = kmsg_alloc();
    struct proc *full = 0;
    struct link to = ipc_link_to(p, 0, 0);
    m->sender = sender;
    m->sender_inc = 0x5EED;
    m->stream = 1;
    m->seq = seq;
    m->remote = true;
    m->origin = 200;
    int r = route_send(m, &to, &full);
    if (r < 0)
        kmsg_free(m);
    return r;
}

static int arrive(struct proc *p, uint32_t seq)
{
    return arrive_from(p, FAR_SENDER, seq);
}

/* The numbers in p's queue, head first, as decimal digits (up to 9). */
static uint32_t queued(struct proc *p)
{
    uint32_t v = 0;
    for (struct kmsg *m = p->mq.head; m; m = m->next)
        v = v * 10 + m->seq;
    return v;
}

static void discard(struct proc *p)
{
    struct kmsg *m;
    order_unhold(p);
    while ((m = msgq_pop(&p->mq)))
        kmsg_free(m);
    proc_discard(p);
}

KTEST(order_holds_an_early_message_until_the_missing_one_comes)
{
    struct proc *p = proc_alloc("ordered");
    KEXPECT(p != 0);
    if (!p)
        return;
    KEXPECT_EQ(0, arrive(p, 1));
    KEXPECT_EQ(0, arrive(p, 3));
    KEXPECT_EQ(0, arrive(p, 4));
    KEXPECT_EQ(1, queued(p));           /* 3 and 4 wait for 2 */
    KEXPECT_EQ(2, p->order.held);
    KEXPECT_EQ(0, arrive(p, 2));
    KEXPECT_EQ(1234, queued(p));
    KEXPECT_EQ(0, p->order.held);
    KEXPECT_EQ(-E_DOWN, arrive(p, 3));  /* a number used again is refused */
    discard(p);
}

KTEST(order_hold_from_afar_overflows_by_dropping_the_missing_ones)
{
    struct proc *p = proc_alloc("flooded");
    KEXPECT(p != 0);
    if (!p)
        return;
    KEXPECT_EQ(0, arrive(p, 1));
    for (uint32_t n = 3; n < 3 + ORDER_HOLD_SENDER; n++)
        KEXPECT_EQ(0, arrive(p, n));
    KEXPECT_EQ(ORDER_HOLD_SENDER, p->order.held);
    KEXPECT_EQ(0, arrive(p, 3 + ORDER_HOLD_SENDER));   /* one more: 2 is given up */
    KEXPECT_EQ(0, p->order.held);
    KEXPECT_EQ(2 + ORDER_HOLD_SENDER, p->mq.count);
    KEXPECT_EQ(-E_DOWN, arrive(p, 2));                 /* late: never out of order */
    discard(p);
}

/* A local sender in step with p (order.h's pair) whose record p then gives
 * to a sender from afar takes no number of the newcomer's: its next
 * message goes the general way. */
KTEST(order_pair_ends_when_the_receiver_gives_its_record_away)
{
    struct proc *p = proc_alloc("paired"), *s = proc_alloc("sender");
    KEXPECT(p && s);
    if (!p || !s)
        return;
    struct link l = ipc_link_to(p, 0, 0);
    struct order_tx *t = 0;
    KEXPECT(order_fast_take(&s->order, &l, s, p, &t));
    KEXPECT(t && t->next == 2);
    for (pid_t far = FAR_SENDER; far < FAR_SENDER + ORDER_RX_MAX; far++)
        KEXPECT_EQ(0, arrive_from(p, far, 1));  /* the last takes s's record */
    KEXPECT(!order_fast_take(&s->order, &l, s, p, &t));
    for (unsigned i = 0; i < ORDER_RX_MAX; i++) {
        KEXPECT(p->order.rx[i].sender != s->pid);
        KEXPECT_EQ(2, p->order.rx[i].expected);
    }
    discard(p);
    proc_discard(s);
}

/* A local sender paired with a service that ends and is started again in
 * its place (the same pid) is in step with the newcomer only by the
 * newcomer's own record of it. */
KTEST(order_pair_ends_with_its_receiver)
{
    struct proc *p = proc_alloc("service"), *s = proc_alloc("sender");
    KEXPECT(p && s);
    if (!p || !s)
        return;
    struct link l = ipc_link_to(p, 0, 0);
    uint32_t serial = PID_SERIAL(p->pid);
    struct order_tx *t = 0;
    KEXPECT(order_fast_take(&s->order, &l, s, p, &t));
    discard(p);
    struct proc *q = proc_alloc_at("service", serial);
    KEXPECT(q != 0);
    if (q) {
        q->order.reclaimed = true;      /* as exec.c starts it there */
        KEXPECT(order_fast_take(&s->order, &l, s, q, &t));
        struct order_rx *r = &q->order.rx[q->order.last_rx];
        KEXPECT_EQ(s->pid, r->sender);
        KEXPECT_EQ(3, r->expected);     /* its first number (2) was its turn */
        discard(q);
    }
    proc_discard(s);
}
