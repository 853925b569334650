// SPDX-License-Identifier: MIT
/* Ordering state of processes (order.h): sender-side counters per target
 * and receiver-side expected numbers with a bounded hold of early messages.
 * A hold is released only by the missing message, a known loss (a number
 * this kernel dropped, a node going down, the sender ending), or overflow
 * from another node (the missing numbers are then dropped as late). */
#include "kernel/core/order.h"
#include "kernel/core/proc.h"
#include "kernel/core/ipc.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"

#define MSGQ_REMOTE_MAX (4 * MSGQ_MAX)  /* as route.c: no one waits for room */

struct order_stats order_stats;
uint32_t order_epoch = 1;

/* The record for the target l names, made anew (a fresh numbering) if
 * there is none; when all are used, the one switched to least recently is
 * reclaimed (its target sees a new stream and starts it at 1). */
struct order_tx *order_tx_find(struct order_state *o, const struct link *l)
{
    if ((l->flags & (LINK_REPLY | LINK_KERNEL)) || PID_SERIAL(l->target) == 0)
        return 0;
    unsigned victim = 0;
    for (unsigned i = 0; i < ORDER_TX_MAX; i++) {
        struct order_tx *t = &o->tx[i];
        if (t->target == l->target && t->incarnation == l->incarnation) {
            t->used = ++o->clock;
            o->last_tx = (uint8_t)i;
            return t;
        }
        if (!o->tx[victim].target)
            continue;
        if (!t->target || t->used < o->tx[victim].used)
            victim = i;
    }
    struct order_tx *t = &o->tx[victim];
    *t = (struct order_tx){ l->target, l->incarnation, ++o->streams, 1, ++o->clock, 0, 0 };
    o->last_tx = (uint8_t)victim;
    return t;
}

static void wake_senders(struct proc *p)
{
    if (waitq_first(&p->sendq))
        waitq_wake_all(&p->sendq, 0);
}

/* Held messages of r that are now in turn go into the queue. */
static void release(struct proc *p, struct order_rx *r)
{
    bool any = false;
    while (r->hold && r->hold->seq == r->expected) {
        struct kmsg *m = r->hold;
        r->hold = m->next;
        r->held--;
        p->order.held--;
        r->expected++;
        order_stats.released++;
        ipc_deliver(p, m);
        any = true;
    }
    if (any)
        wake_senders(p);
}

/* Give up on r's missing numbers (a known loss): the first held one is in
 * turn now. */
static void skip_gap(struct proc *p, struct order_rx *r)
{
    if (!r->hold)
        return;
    order_stats.gaps_skipped++;
    r->expected = r->hold->seq;
    release(p, r);
}

/* Drop r, letting what it holds go in, in order. */
static void drop_record(struct proc *p, struct order_rx *r)
{
    while (r->hold)
        skip_gap(p, r);
    r->sender = 0;
    order_unpair_all();
}

static struct order_rx *find_rx(struct proc *p, const struct kmsg *m)
{
    struct order_state *o = &p->order;
    unsigned victim = 0;
    for (unsigned i = 0; i < ORDER_RX_MAX; i++) {
        struct order_rx *r = &o->rx[i];
        if (r->sender == m->sender) {
            r->used = ++o->clock;
            o->last_rx = (uint8_t)i;
            return r;
        }
        if (!o->rx[victim].sender)
            continue;
        if (!r->sender || r->used < o->rx[victim].used)
            victim = i;
    }
    struct order_rx *r = &o->rx[victim];
    if (r->sender) {
        drop_record(p, r);
        o->reclaimed = true;
    }
    /* A sender never seen starts at 1; after a reclaim, this one may have
     * been the one forgotten: its number is taken as its turn. */
    uint32_t start = o->reclaimed && m->seq != 1 ? m->seq : 1;
    if (start != 1)
        order_stats.resyncs++;
    *r = (struct order_rx){ m->sender, m->sender_inc, m->stream, start, ++o->clock, 0, 0, 0 };
    o->last_rx = (uint8_t)victim;
    return r;
}

static struct order_rx *order_rx_of(struct order_state *o, pid_t sender, uint32_t incarnation,
                                    uint32_t stream, uint32_t seq)
{
    unsigned i, free = ORDER_RX_MAX;
    for (i = 0; i < ORDER_RX_MAX; i++) {
        if (o->rx[i].sender == sender) {
            o->last_rx = (uint8_t)i;
            return &o->rx[i];
        }
        if (!o->rx[i].sender && free == ORDER_RX_MAX)
            free = i;
    }
    if (free == ORDER_RX_MAX)
        return 0;               /* a reclaim may release a hold: find_rx's to do */
    /* As find_rx: a sender never seen starts at 1, or after a reclaim at
     * the number it brings. */
    uint32_t start = o->reclaimed && seq != 1 ? seq : 1;
    if (start != 1)
        order_stats.resyncs++;
    o->rx[free] = (struct order_rx){ sender, incarnation, stream, start, ++o->clock, 0, 0, 0 };
    o->last_rx = (uint8_t)free;
    return &o->rx[free];
}

bool order_take(struct proc *me, const struct link *l, struct proc *p, struct order_tx **tp)
{
    struct order_tx *t = *tp = order_tx_of(&me->order, l);
    if (!t)
        return true;
    if (t->pair_epoch == order_epoch) {
        t->next++;
        t->pair->expected++;
        return true;
    }
    struct order_state *o = &p->order;
    struct order_rx *r = &o->rx[o->last_rx];
    if (r->sender != me->pid)
        r = order_rx_of(o, me->pid, me->incarnation, t->stream, t->next);
    if (!r || r->incarnation != me->incarnation || r->stream != t->stream ||
        r->expected != t->next || r->held)
        return false;
    t->pair = r;
    t->pair_epoch = order_epoch;
    t->next++;
    r->expected++;
    return true;
}

static void hold(struct proc *p, struct order_rx *r, struct kmsg *m)
{
    struct kmsg **at = &r->hold;
    while (*at && (*at)->seq < m->seq)
        at = &(*at)->next;
    m->next = *at;
    *at = m;
    r->held++;
    p->order.held++;
    order_stats.held++;
}

/* The record holding most, to make room in p's hold. */
static struct order_rx *fullest(struct proc *p)
{
    struct order_rx *best = &p->order.rx[0];
    for (unsigned i = 1; i < ORDER_RX_MAX; i++)
        if (p->order.rx[i].held > best->held)
            best = &p->order.rx[i];
    return best;
}

int order_deliver(struct proc *p, struct kmsg *m, struct proc **full)
{
    struct order_rx *r = find_rx(p, m);
    if (r->incarnation != m->sender_inc || m->stream > r->stream) {
        /* Its sender restarted (another incarnation), or started a new
         * numbering after reclaiming ours: the old one is over. */
        drop_record(p, r);
        *r = (struct order_rx){ m->sender, m->sender_inc, m->stream, 1, ++p->order.clock, 0, 0, 0 };
    }
    r->origin = m->origin;
    if (m->stream < r->stream || m->seq < r->expected) {
        order_stats.late++;
        return -E_DOWN;         /* its turn was given up: never out of order */
    }
    if (m->seq == r->expected) {
        if (p->mq.count >= (m->remote ? MSGQ_REMOTE_MAX : MSGQ_MAX)) {
            if (!m->remote) {
                *full = p;
                return -E_WOULDBLOCK;   /* the sender waits; its number stays unused */
            }
            r->expected++;              /* dropped here, so known lost: skip it */
            order_stats.gaps_skipped++;
            release(p, r);
            return -E_WOULDBLOCK;
        }
        r->expected++;
        ipc_deliver(p, m);
        release(p, r);
        return 0;
    }
    /* Early: hold it, within the bounds. */
    if (r->held >= ORDER_HOLD_SENDER || p->order.held >= ORDER_HOLD_MAX) {
        if (!m->remote) {
            *full = p;
            order_stats.waits++;
            return -E_WOULDBLOCK;       /* a local sender waits for its gap to fill */
        }
        /* From afar nobody can wait: the missing ones are dropped (they
         * fail as late if they come), as a full queue drops. */
        skip_gap(p, r->held ? r : fullest(p));
        return order_deliver(p, m, full);
    }
    hold(p, r, m);
    return 0;
}

void order_unhold(struct proc *p)
{
    for (unsigned i = 0; i < ORDER_RX_MAX; i++) {
        struct order_rx *r = &p->order.rx[i];
        while (r->hold) {
            struct kmsg *m = r->hold;
            r->hold = m->next;
            msgq_push(&p->mq, m);
        }
        r->held = 0;
    }
    p->order.held = 0;
    order_unpair_all();         /* its records leave with it, or end */
}

void order_sender_gone(pid_t sender)
{
    for (struct proc *p = proc_first(); p; p = p->all_next)
        for (unsigned i = 0; i < ORDER_RX_MAX; i++)
            if (p->order.rx[i].sender == sender)
                drop_record(p, &p->order.rx[i]);
}

void order_node_down(unsigned node)
{
    order_unpair_all();
    for (struct proc *p = proc_first(); p; p = p->all_next) {
        /* Any node may have carried a missing one. */
        for (unsigned i = 0; p->order.held && i < ORDER_RX_MAX; i++)
            while (p->order.rx[i].hold)
                skip_gap(p, &p->order.rx[i]);
        /* A process born there may be of its next boot when it is back (a
         * link of any incarnation, as to a name service, reaches it): what
         * p sends it starts a new numbering, at 1, which such a newcomer
         * takes as a sender never seen; an old one ends the old numbering. */
        for (unsigned i = 0; i < ORDER_TX_MAX; i++) {
            struct order_tx *t = &p->order.tx[i];
            if (t->target && PID_NODE(t->target) == node) {
                t->stream = ++p->order.streams;
                t->next = 1;
            }
        }
    }
}

uint32_t order_first_untaken(const struct proc *p, const struct order_rx *r)
{
    for (const struct kmsg *m = p->mq.head; m; m = m->next)
        if (m->seq && m->sender == r->sender && m->stream == r->stream &&
            m->sender_inc == r->incarnation)
            return m->seq < r->expected ? m->seq : r->expected;
    return r->expected;
}
