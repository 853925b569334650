// SPDX-License-Identifier: MIT
/* Encoding of a process's kernel state for migration, as big-endian words
 * and wire links: the header words below (its birth incarnation among
 * them: it travels with it), the exit watchers, the link table slot
 * by slot (slot, generation, link), then its ordering state (order.h). A
 * link to the name service is made to point at the arriving node's own. */
#include "kernel/dist/migstate.h"
#include "kernel/net/wire.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/string.h"
#include "arch/x86/trap.h"

/* The ordering state: {streams, tx count, rx count, reclaimed}, then per target
 * {target, incarnation, stream, next} and per sender {sender,
 * incarnation, stream, first number not taken}. What is queued or held
 * for P at S follows it to D, numbered, and D orders it again. */
#define ORDER_REC_WORDS 4

static uint8_t *put_order(const struct proc *p, uint8_t *o)
{
    const struct order_state *s = &p->order;
    uint32_t head[4] = { s->streams, 0, 0, s->reclaimed };
    for (unsigned i = 0; i < ORDER_TX_MAX; i++)
        head[1] += s->tx[i].target != 0;
    for (unsigned i = 0; i < ORDER_RX_MAX; i++)
        head[2] += s->rx[i].sender != 0;
    o = wire_put_words(o, head, 4);
    for (unsigned i = 0; i < ORDER_TX_MAX; i++) {
        const struct order_tx *t = &s->tx[i];
        if (t->target)
            o = wire_put_words(o, (uint32_t[]){ t->target, t->incarnation, t->stream, t->next },
                               ORDER_REC_WORDS);
    }
    for (unsigned i = 0; i < ORDER_RX_MAX; i++) {
        const struct order_rx *r = &s->rx[i];
        if (r->sender)
            o = wire_put_words(o, (uint32_t[]){ r->sender, r->incarnation, r->stream,
                                                order_first_untaken(p, r) }, ORDER_REC_WORDS);
    }
    return o;
}

static int get_order(struct proc *p, const uint8_t *in, uint32_t len)
{
    uint32_t head[4], w[ORDER_REC_WORDS];
    struct order_state *s = &p->order;
    if (wire_get_words(in, len, head, 4) != 0 || head[1] > ORDER_TX_MAX || head[2] > ORDER_RX_MAX ||
        len - 16 < (head[1] + head[2]) * ORDER_REC_WORDS * 4)
        return -E_INVAL;
    in += 16;
    *s = (struct order_state){ .streams = head[0], .reclaimed = head[3] != 0 };
    for (uint32_t i = 0; i < head[1]; i++, in += ORDER_REC_WORDS * 4) {
        wire_get_words(in, ORDER_REC_WORDS * 4, w, ORDER_REC_WORDS);
        s->tx[i] = (struct order_tx){ w[0], w[1], w[2], w[3], 0, 0, 0 };
    }
    for (uint32_t i = 0; i < head[2]; i++, in += ORDER_REC_WORDS * 4) {
        wire_get_words(in, ORDER_REC_WORDS * 4, w, ORDER_REC_WORDS);
        s->rx[i] = (struct order_rx){ w[0], w[1], w[2], w[3], 0, 0, 0, 0 };
    }
    return 0;
}

#define MIGSTATE_VERSION 3      /* 2: the incarnation; links carry theirs. 3: order */
#define INT80_LEN 2             /* "int $0x80" is CD 80 */
#define TF_WORDS (sizeof(struct trapframe) / 4)

enum { W_VERSION, W_INCARNATION, W_STACK_LO, W_RESUME, W_NEXT_TOKEN, W_CALL_NODE,
       W_CALL_TARGET, W_SENT, W_RECEIVED, W_WATCHERS, W_LINKS, W_HEADER };

uint32_t migstate_capture(const struct proc *p, uint8_t *out)
{
    struct trapframe tf = *p->tf;
    uint32_t w[W_HEADER] = { MIGSTATE_VERSION, p->incarnation, p->stack_lo, p->resume_token,
                             p->next_token, p->call_node, p->call_target, p->msgs_sent,
                             p->msgs_received, p->nwatchers, 0 };
    if (p->in_syscall) {
        /* Blocked in a kernel call: redo it there, from the same registers. */
        tf.eip -= INT80_LEN;
        if (tf.eax == SYS_CALL && p->call_token)
            w[W_RESUME] = p->call_token;
    }
    for (int i = link_next_used(&p->links, 0); i >= 0; i = link_next_used(&p->links, i + 1))
        w[W_LINKS]++;
    uint8_t *o = wire_put_words(out, w, W_HEADER);
    o = wire_put_words(o, (const uint32_t *)&tf, TF_WORDS);
    for (uint32_t i = 0; i < p->nwatchers; i++) {
        o = wire_put_link(o, &p->watchers[i]);
    }
    for (int i = link_next_used(&p->links, 0); i >= 0; i = link_next_used(&p->links, i + 1)) {
        uint32_t sg[2] = { (uint32_t)i, p->links.gen[i] };
        o = wire_put_words(o, sg, 2);
        o = wire_put_link(o, &p->links.slot[i]);
    }
    o = put_order(p, o);
    return (uint32_t)(o - out);
}

int migstate_restore(struct proc *p, const uint8_t *in, uint32_t len)
{
    uint32_t w[W_HEADER];
    struct trapframe tf;
    const uint8_t *end = in + len;
    if (wire_get_words(in, len, w, W_HEADER) != 0 || w[W_VERSION] != MIGSTATE_VERSION ||
        w[W_WATCHERS] > EXIT_WATCHERS || w[W_LINKS] > LINK_MAX)
        return -E_INVAL;
    in += W_HEADER * 4;
    if (wire_get_words(in, (uint32_t)(end - in), (uint32_t *)&tf, TF_WORDS) != 0)
        return -E_INVAL;
    in += TF_WORDS * 4;
    if ((uint32_t)(end - in) < w[W_WATCHERS] * WIRE_LINK_LEN + w[W_LINKS] * (8 + WIRE_LINK_LEN))
        return -E_INVAL;
    for (uint32_t i = 0; i < w[W_WATCHERS]; i++) {
        in = wire_get_link(in, &p->watchers[i]);
    }
    p->nwatchers = w[W_WATCHERS];
    link_table_init(&p->links);
    for (uint32_t i = 0; i < w[W_LINKS]; i++) {
        uint32_t sg[2];
        struct link l;
        wire_get_words(in, 8, sg, 2);
        in = wire_get_link(in + 8, &l);
        if (sg[0] >= LINK_MAX || !(sg[1] & 1))
            return -E_INVAL;
        if (l.flags & LINK_NAMESVC) {   /* names are asked where one runs */
            l.target = NAMESVC_PID(boot_opts.node);
            l.node_hint = (uint16_t)boot_opts.node;
            l.epoch = 0;
            l.incarnation = INCARNATION_ANY;
        }
        p->links.slot[sg[0]] = l;
        p->links.gen[sg[0]] = sg[1];
    }
    if (get_order(p, in, (uint32_t)(end - in)) < 0)
        return -E_INVAL;
    p->incarnation = w[W_INCARNATION];
    p->stack_lo = w[W_STACK_LO];
    p->resume_token = w[W_RESUME];
    p->call_token = p->resume_token;    /* its answer may come before it runs again */
    p->next_token = w[W_NEXT_TOKEN];
    p->call_node = (uint16_t)w[W_CALL_NODE];
    p->call_target = w[W_CALL_TARGET];
    p->msgs_sent = w[W_SENT];
    p->msgs_received = w[W_RECEIVED];
    proc_set_frame(p, &tf);
    return 0;
}
