// SPDX-License-Identifier: MIT
/* Forwarding (DEMOS/MP's degenerate processes): forward_msg with its
 * LINK_UPDATE to the message's origin, the update's application to the
 * sender's links (link_table_retarget: the newest epoch wins, whatever order
 * updates come in), and the exit notice that reclaims entries along a
 * chain. The model of this protocol is tests/model/migration.pml. */
#include "kernel/dist/forward.h"
#include "kernel/dist/remote.h"
#include "kernel/dist/locate.h"
#include "kernel/net/transport.h"
#include "kernel/net/service.h"
#include "kernel/core/proc.h"
#include "kernel/core/ipc.h"
#include "kernel/net/wire.h"
#include "kernel/core/mem.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"

struct forward_stats forward_stats;

void link_update_apply(pid_t sender, pid_t pid, unsigned node, uint32_t epoch)
{
    struct proc *p = proc_find(sender);
    if (!p)
        return;
    forward_stats.link_updates_applied += link_table_retarget(&p->links, pid, node, epoch) > 0;
    /* A call open to pid now waits on its new node: if that node goes
     * down, the call fails there and then; if it is down already (the
     * update was sent before its sender heard of the death, and the call
     * went down with it: tests/model/locate.pml, locate-calls), now. */
    if (p->call_token && p->call_target == pid) {
        p->call_node = (uint16_t)node;
        if (node != boot_opts.node && transport_peer_known(node) && !transport_peer_up(node)) {
            struct link reply = ipc_link_to(p, CHAN_REPLY, LINK_REPLY);
            reply.token = p->call_token;
            ipc_answer_error(&reply, -E_DOWN);
        }
    }
}

/* Tell origin, the kernel holding u's sender's links, where u's process is. */
static void send_update(unsigned origin, const struct wire_update *u)
{
    if (PID_SERIAL(u->sender) == 0)
        return;                 /* a kernel's answer: no link to correct */
    forward_stats.link_updates_sent++;
    if (origin == boot_opts.node) {
        link_update_apply(u->sender, u->pid, u->node, u->epoch);
        return;
    }
    uint8_t buf[WIRE_UPDATE_LEN];
    wire_put_update(buf, u);
    transport_send(origin, TM_LINK_UPDATE, buf, sizeof(buf));
}

void forward_open_calls(const struct link_table *t, pid_t pid, unsigned node, uint32_t epoch)
{
    for (int i = link_next_used(t, 0); i >= 0; i = link_next_used(t, i + 1))
        if (t->slot[i].flags & LINK_REPLY)
            send_update(t->slot[i].node_hint,
                        &(struct wire_update){ t->slot[i].target, pid, node, epoch });
}

/* Updates held until the node a message was forwarded to has it: sent at
 * once, the sender could send its next message straight there and overtake
 * the forwarded one (tests/model/migration.pml, the async checks). The
 * transport hands back the note the forward was sent with (held_note). */
#define HELD_MAX 64
static struct held {
    bool used;
    uint8_t gen;                /* part of the note: a stale note finds nothing */
    unsigned to;                /* the node the message went on to */
    unsigned origin;
    struct wire_update u;
} held[HELD_MAX];

static uint32_t held_note(const struct held *h)
{
    return (uint32_t)(h - held + 1) | (uint32_t)h->gen << 8;
}

static void forward_noted(unsigned node, uint32_t note)
{
    uint32_t i = (note & 0xFF) - 1;
    if (note >> 16 || i >= HELD_MAX)    /* above 0xFFFF: another user's note */
        return;
    struct held *h = &held[i];
    if (!h->used || h->to != node || held_note(h) != note)
        return;
    h->used = false;
    send_update(h->origin, &h->u);
}

static void forward_peer_down(unsigned node)
{
    for (int i = 0; i < HELD_MAX; i++)
        if (held[i].used && held[i].to == node)
            held[i].used = false;   /* the message is lost with the node */
}

int forward_msg(struct kmsg *m, const struct link *l, const struct fwd *f)
{
    struct link next = *l;
    pid_t sender = m->sender;
    unsigned origin = m->origin;
    next.node_hint = f->node;
    next.epoch = f->epoch;
    /* A call's update goes first: the caller sends nothing more before its
     * answer, which must not beat the update (else its next call comes
     * here again). A sender here uses the same stream to f->node next, in
     * order. A plain send's waits for f->node's ack (forward_acked). */
    struct held *h = 0;
    if (!m->has_reply && origin != boot_opts.node)
        for (int i = 0; i < HELD_MAX && !h; i++)
            if (!held[i].used)
                h = &held[i];
    struct wire_update u = { sender, f->pid, f->node, f->epoch };
    if (!h)     /* (also with no room to hold it: order at risk) */
        send_update(origin, &u);
    else
        *h = (struct held){ false, (uint8_t)(h->gen + 1), f->node, origin, u };
    int r = remote_send_noted(m, &next, h ? held_note(h) : 0);
    if (r < 0)
        return r;
    forward_stats.msgs_forwarded++;
    if (h)
        h->used = true;
    return 0;
}

/* Take pid's entry out (if any) and tell every node in its came-from set
 * and in *also, so that they do the same. */
static void exit_notices(pid_t pid, struct node_set also)
{
    struct fwd *f = fwd_find(pid);
    uint8_t buf[WIRE_EXIT_LEN];
    if (f) {
        for (int i = 0; i < 8; i++)
            also.bits[i] |= f->came_from.bits[i];
        fwd_remove(pid);
    }
    wire_put_exit(buf, &(struct wire_exit){ pid });
    for (unsigned node = 1; node < 256; node++)
        if (node_set_has(&also, node) && node != boot_opts.node)
            transport_send(node, TM_EXIT_NOTICE, buf, sizeof(buf));
}

void forward_proc_exit(pid_t pid, unsigned came_from)
{
    struct node_set set = { { 0 } };
    node_set_add(&set, came_from);
    exit_notices(pid, set);
}

static void forward_receive(unsigned node, uint16_t kind, const uint8_t *data, uint32_t len)
{
    struct wire_update u;
    struct wire_exit e;
    (void)node;
    if (kind == TM_LINK_UPDATE && wire_get_update(data, len, &u) == 0)
        link_update_apply(u.sender, u.pid, u.node, u.epoch);
    else if (kind == TM_EXIT_NOTICE && wire_get_exit(data, len, &e) == 0 && fwd_find(e.pid))
        exit_notices(e.pid, (struct node_set){ { 0 } });
}

int forward_route(struct kmsg *m, const struct link *l)
{
    const struct fwd *f = fwd_find(l->target);
    if (!f || !incarnation_reaches(l->incarnation, f->incarnation))
        return -E_NOPROC;
    /* The next node is down: no update pointing at it (it would fail a
     * caller here at once, link_update_apply), the message is located. */
    if (!transport_peer_up(f->node))
        return locate_hold(m, l);
    return forward_msg(m, l, f);
}

int32_t forward_move(struct link *l, uint32_t offset, uint32_t ubuf, uint32_t len, uint32_t dir)
{
    if (l->node_hint != boot_opts.node)
        return remote_move(l, offset, ubuf, len, dir);
    const struct fwd *f = fwd_find(l->target);
    if (!f || !incarnation_reaches(l->incarnation, f->incarnation))
        return -E_NOPROC;
    l->node_hint = (uint16_t)f->node;
    l->epoch = f->epoch;
    return -E_MOVED;
}

void forward_init(void)
{
    transport_handle(TM_LINK_UPDATE, TM_EXIT_NOTICE, forward_receive);
    transport_on_peer_down(forward_peer_down);
    transport_on_noted(forward_noted);
}
