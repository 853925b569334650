/* SPDX-License-Identifier: MIT */
/* Per (sender, receiver) FIFO across moves: the numbers a sender's kernel
 * gives the messages it sends to each process, and the receiver's expected
 * numbers with the early messages it holds back until their turn. */
#ifndef KERNEL_ORDER_H
#define KERNEL_ORDER_H
#include <stdint.h>
#include <stdbool.h>
#include "kernel/core/msg.h"
#include "kernel/core/link.h"

/* tools/bench builds a kernel with -DORDER_UNNUMBERED=1, whose messages
 * go unnumbered, to measure what the numbering costs. */
#ifndef ORDER_UNNUMBERED
#define ORDER_UNNUMBERED 0
#endif

#define ORDER_TX_MAX 16         /* processes a sender numbers its messages for */
#define ORDER_RX_MAX 16         /* senders a receiver keeps the order of */
#define ORDER_HOLD_SENDER 16    /* early messages held for one sender */
#define ORDER_HOLD_MAX 32       /* early messages held for one receiver */

struct order_rx;

/* The sender side, one per target: the next number and its numbering. */
struct order_tx {
    pid_t target;               /* 0: free */
    uint32_t incarnation;       /* the link's (0: any) */
    uint32_t stream;            /* this numbering (a new one after a reclaim) */
    uint32_t next;              /* number of the next message, from 1 */
    uint32_t used;              /* last switched to (reclaim order) */
    struct order_rx *pair;      /* the local target's record of us, in step... */
    uint32_t pair_epoch;        /* ...while this is order_epoch (0: never) */
} __attribute__((aligned(32)));  /* 32 bytes: the caches' index is a shift */

/* The receiver side, one per sender. */
struct order_rx {
    pid_t sender;               /* 0: free */
    uint32_t incarnation;       /* the sender's */
    uint32_t stream;
    uint32_t expected;          /* the next number to go into the queue */
    uint32_t used;
    uint16_t held;              /* early messages in hold */
    uint16_t origin;            /* node the last message came from */
    struct kmsg *hold;          /* early messages, by number */
} __attribute__((aligned(32)));

struct order_state {
    struct order_tx tx[ORDER_TX_MAX];
    struct order_rx rx[ORDER_RX_MAX];
    uint32_t streams;           /* numberings this process started (travels with it) */
    uint32_t clock;             /* stamps for used */
    uint16_t held;              /* all senders' */
    uint8_t last_tx, last_rx;   /* one-entry caches */
    bool reclaimed;             /* an rx record was reclaimed: unknown senders resync */
};

struct order_stats {
    uint32_t held, released, late, gaps_skipped, resyncs, waits;
};
extern struct order_stats order_stats;

/* A pair (a sender's order_tx and its local target's order_rx) is in step
 * when every number the sender gave is taken and nothing is held; then the
 * fast path puts the sender's next message into the target with no test
 * but the pair's. A pair holds until order_epoch moves on, which happens
 * when a record may end or change hands: a receiver's record dropped or
 * reclaimed, a process leaving or ending (its records leave or end, and a
 * service started again in its place has the same pid), a node down (the
 * numbering of its processes starts again). A numbered send on the general
 * path unpairs its own counter: it may go afar (by a link whose node is
 * another) and leave the pair out of step. Only the sender's own sends
 * move a pair's numbers, so nothing else can put it out of step. */
extern uint32_t order_epoch;
static inline void order_unpair_all(void)
{
    if (!++order_epoch)
        order_epoch = 1;
}

struct proc;

/* The slow side of order_number: p's counter for l's target (made or
 * reclaimed as needed), or NULL if l's messages are not numbered. */
struct order_tx *order_tx_find(struct order_state *o, const struct link *l);

/* o's counter for l's target: the one used last, else order_tx_find's. */
static inline struct order_tx *order_tx_of(struct order_state *o, const struct link *l)
{
    struct order_tx *t = &o->tx[o->last_tx];
    if (t->target != l->target || t->incarnation != l->incarnation)
        t = order_tx_find(o, l);
    return t;
}

/* Number m, which p sends along l: m gets the number, and the caller adds
 * one to *returned counter once the send succeeded (a refused send uses no
 * number). NULL: m stays unnumbered (answers, KERNEL links). */
static inline uint32_t *order_number(struct order_state *o, uint32_t incarnation,
                                     const struct link *l, struct kmsg *m)
{
    if (ORDER_UNNUMBERED || (l->flags & (LINK_REPLY | LINK_KERNEL)))
        return 0;
    struct order_tx *t = order_tx_of(o, l);
    if (!t)
        return 0;
    t->pair_epoch = 0;          /* it may go afar, or be held: out of step */
    m->seq = t->next;
    m->stream = t->stream;
    m->sender_inc = incarnation;
    return &t->next;
}

/* route_send's test for a numbered message: it is the one the receiver
 * expects from its last sender and nothing is held for that sender
 * (counted as delivered: the caller puts it in the queue). */
static inline bool order_in_turn(struct order_state *o, const struct kmsg *m)
{
    struct order_rx *r = &o->rx[o->last_rx];
    if (r->sender != m->sender || r->expected != m->seq || r->stream != m->stream ||
        r->incarnation != m->sender_inc || r->held)
        return false;
    r->expected++;
    return true;
}

/* The slow side of order_fast_take, on its arguments: me's counter for
 * l's target (made if there is none) and p's record of me (made in a free
 * slot if there is none, numbered as order_deliver would) are paired if
 * they are in step, and then one number is taken in both. */
bool order_take(struct proc *me, const struct link *l, struct proc *p, struct order_tx **t);

/* The fast path's test, before it puts a message of `me` along l (not a
 * REPLY link) straight into local p (mo is me's order state): true if it
 * may, with *t me's counter for l's target, whose number (t->next - 1) it
 * has taken in both, or NULL when the message goes unnumbered; false when
 * they are not in step (the general path numbers, holds or refuses it). */
static inline bool order_fast_take(struct order_state *mo, const struct link *l,
                                   struct proc *me, struct proc *p, struct order_tx **t)
{
    if (ORDER_UNNUMBERED) {
        *t = 0;
        return true;
    }
    struct order_tx *x = &mo->tx[mo->last_tx];
    if (x->target != l->target || x->incarnation != l->incarnation ||
        x->pair_epoch != order_epoch)
        return order_take(me, l, p, t);
    x->next++;
    x->pair->expected++;
    *t = x;
    return true;
}

/* Give back the number order_fast_take took (the send failed after all). */
static inline void order_fast_untake(struct order_tx *t)
{
    if (t) {
        t->next--;
        t->pair->expected--;
    }
}

/* Deliver numbered m to p in its turn: into the queue (with what it
 * releases), into the hold, or refused. 0: taken. -E_WOULDBLOCK: a local
 * sender waits (*full = p); from another node, a full queue drops it and
 * its number is skipped. -E_DOWN: its turn has passed (a skipped number). */
int order_deliver(struct proc *p, struct kmsg *m, struct proc **full);
/* p leaves or ends: its held messages go into its queue (after the rest;
 * a move forwards them and the next host orders them again). */
void order_unhold(struct proc *p);
/* A sender ended here: every receiver here drops its record (what it held
 * for it goes in, in order). */
void order_sender_gone(pid_t sender);
/* A node went down (or restarted): messages missing before a hold may be
 * lost with it, so every hold here is released in order (later arrivals of
 * the missing numbers fail as late); and what processes here send to ones
 * born there is numbered anew, from 1 (a new boot's process may answer). */
void order_node_down(unsigned node);
/* For migration: the first number of r's sender that p has not taken yet
 * (the head of its queue, else r->expected). */
uint32_t order_first_untaken(const struct proc *p, const struct order_rx *r);

#endif
