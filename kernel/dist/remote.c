// SPDX-License-Identifier: MIT
/* The remote end of route_send and move_data. A message arriving from a
 * peer is routed again here, as if sent locally; if it cannot be delivered
 * and it is a call, the caller gets the error as its answer. A peer going
 * down fails every call and move that waits on it. */
#include "kernel/dist/remote.h"
#include "kernel/core/route.h"
#include "kernel/core/ipc.h"
#include "kernel/net/transport.h"
#include "kernel/net/wire.h"
#include "kernel/core/mem.h"
#include "kernel/core/sched.h"
#include "kernel/core/usercopy.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/core/order.h"
#include "kernel/core/string.h"
#include "kernel/dist/fwdtable.h"
#include "kernel/dist/locate.h"
#include "kernel/dist/seal.h"
#include "kernel/net/service.h"

#define MOVE_CHUNK (256 * 1024)         /* data per request, under WIRE_MSG_MAX */
#define MOVE_TIMEOUT_MS 5000

struct remote_stats remote_stats;

/* Both senders below are this, inlined: no extra call on the message path. */
static inline int send_msg(struct kmsg *m, const struct link *l, uint32_t note)
{
    static uint8_t buf[WIRE_MSG_LEN + MSG_BODY_MAX];
    struct wire_msg w = { 0 };
    w.to = *l;
    if (boot_opts.lie == LIE_KERNEL && (l->flags & LINK_KERNEL))
        w.to.token ^= 1;        /* a test: a KERNEL link no kernel issued */
    w.sender = m->sender;
    w.channel = m->channel;
    w.token = m->token;
    w.status = m->status;
    w.has_link = m->has_link;
    w.has_reply = m->has_reply;
    if (m->has_link)
        w.carried = m->carried;
    if (m->has_reply)
        w.reply = m->reply;
    w.origin = m->origin;
    w.len = m->len;
    w.sender_inc = m->sender_inc;
    w.stream = m->stream;
    w.seq = m->seq;
    wire_put_msg(buf, &w);
    memcpy(buf + WIRE_MSG_LEN, m->body, m->len);
    int r = transport_send_noted(l->node_hint, TM_MSG, buf, WIRE_MSG_LEN + m->len, note);
    if (r == -E_DOWN)
        return locate_hold(m, l);       /* the node is not up: where is its process? */
    if (r < 0)
        return r;
    remote_stats.msgs_out++;
    kmsg_free(m);
    return 0;
}

int remote_send(struct kmsg *m, const struct link *l)
{
    return send_msg(m, l, 0);
}

int remote_send_noted(struct kmsg *m, const struct link *l, uint32_t note)
{
    return send_msg(m, l, note);
}

static void receive_msg(const uint8_t *data, uint32_t len)
{
    struct wire_msg w;
    struct link to;
    struct proc *full = 0;
    if (wire_get_msg(data, len, &w) != 0 || w.len > MSG_BODY_MAX || w.to.node_hint != boot_opts.node)
        return;
    struct kmsg *m = kmsg_alloc();
    if (!m)
        return;
    to = w.to;
    m->sender = w.sender;
    m->channel = w.channel;
    m->token = w.token;
    m->status = w.status;
    m->has_link = w.has_link != 0;
    m->has_reply = w.has_reply != 0;
    m->carried = w.carried;
    m->reply = w.reply;
    m->origin = (uint16_t)w.origin;
    m->len = w.len;
    m->sender_inc = w.sender_inc;
    m->stream = w.stream;
    m->seq = w.seq;
    m->remote = true;
    memcpy(m->body, data + WIRE_MSG_LEN, w.len);
    remote_stats.msgs_in++;
    int r = route_send(m, &to, &full);
    if (r < 0) {
        remote_stats.undeliverable++;
        ipc_discard_msg(m, r);
    }
}

/* Moves in flight from this node: the waiting process and its buffer. */
#define MOVES_MAX 16
static struct pending_move {
    uint32_t id;                /* 0: free */
    struct proc *p;
    unsigned node;
    uint8_t *buf;
    uint32_t len;
    int status;
    uint32_t moved_node, moved_epoch;   /* with -E_MOVED: where it went */
    struct waitq wait;
} moves[MOVES_MAX];
static uint32_t next_move_id;

static int32_t move_chunk(struct link *l, uint32_t va, uint32_t ubuf, uint32_t n, uint32_t dir)
{
    struct pending_move *pm = 0;
    for (int i = 0; i < MOVES_MAX && !pm; i++)
        if (!moves[i].id)
            pm = &moves[i];
    uint8_t *req = kmalloc(WIRE_MOVE_LEN + n);
    if (!pm || !req) {
        kfree(req);
        return -E_NOMEM;
    }
    struct wire_move w = { ++next_move_id, l->target, va, n, (uint8_t)dir, 0, l->incarnation,
                           l->data_base, l->data_len, l->flags, l->token };
    if (boot_opts.lie == LIE_AREA)
        w.va -= 16;             /* a test: before the area granted */
    else if (boot_opts.lie == LIE_SEAL)
        w.token ^= 1;
    wire_put_move(req, &w);
    int r = dir == MOVE_WRITE ? copy_from_user(req + WIRE_MOVE_LEN, ubuf, n) : 0;
    *pm = (struct pending_move){ w.id, current, l->node_hint, req, n, 1, 0, 0, { 0, 0 } };
    if (r == 0)
        r = transport_send(l->node_hint, TM_MOVE_REQ, req, WIRE_MOVE_LEN + (dir == MOVE_WRITE ? n : 0));
    if (r == 0)
        r = sched_block(&pm->wait, MOVE_TIMEOUT_MS);
    if (r == 0)
        r = pm->status;
    if (r >= 0 && dir == MOVE_READ)
        r = copy_to_user(ubuf, req, n) < 0 ? -E_FAULT : r;
    if (r == -E_MOVED) {        /* the DATA link learns where its target went */
        l->node_hint = (uint16_t)pm->moved_node;
        l->epoch = pm->moved_epoch;
    }
    pm->id = 0;
    kfree(req);
    return r;
}

int32_t remote_move(struct link *l, uint32_t offset, uint32_t ubuf, uint32_t len, uint32_t dir)
{
    uint32_t done = 0;
    while (done < len) {
        uint32_t n = len - done < MOVE_CHUNK ? len - done : MOVE_CHUNK;
        int32_t r = move_chunk(l, l->data_base + offset + done, ubuf + done, n, dir);
        if (r < 0)
            return r;
        done += n;
    }
    remote_stats.moves_out++;
    return (int32_t)len;
}

/* A move request names the DATA link it uses: its seal must be right, and
 * the area asked for inside the one sealed, with the right sealed. */
static bool grant_ok(const struct wire_move *w)
{
    struct link l = { 0 };
    l.target = w->target;
    l.incarnation = w->incarnation;
    l.flags = w->link_flags;
    l.data_base = w->link_base;
    l.data_len = w->link_len;
    l.token = w->token;
    uint32_t right = w->dir == MOVE_WRITE ? LINK_WRITE : LINK_READ;
    return (l.flags & LINK_DATA) && (l.flags & right) && seal_ok(&l) &&
           w->va >= l.data_base && w->len <= l.data_len && w->va - l.data_base <= l.data_len - w->len;
}

/* The other end of a move: check the grant and the area in the target's
 * memory, copy. */
static void serve_move(unsigned node, const uint8_t *data, uint32_t len)
{
    struct wire_move w;
    if (wire_get_move(data, len, &w) != 0 || w.len > MOVE_CHUNK ||
        (w.dir == MOVE_WRITE && len - WIRE_MOVE_LEN < w.len))
        return;
    uint8_t *resp = kmalloc(WIRE_MOVE_LEN + w.len);
    if (!resp)
        return;
    struct proc *p = proc_find(w.target);
    if (p && !incarnation_reaches(w.incarnation, p->incarnation))
        p = 0;                  /* another incarnation's process with that id */
    const struct fwd *f = p ? 0 : fwd_find(w.target);
    if (f && !incarnation_reaches(w.incarnation, f->incarnation))
        f = 0;
    int32_t status = (int32_t)w.len;
    if (!grant_ok(&w)) {
        status = -E_PERM;       /* not what a DATA link of the cluster grants */
        seal_stats.refused++;
    } else if (f) {
        status = -E_MOVED;
        w.va = f->node;
        w.len = f->epoch;
    } else if (!p) {
        status = -E_NOPROC;
    }
    else if (!pgdir_user_range_ok(p->pgdir, w.va, w.len, w.dir == MOVE_WRITE))
        status = -E_FAULT;
    else if (w.dir == MOVE_WRITE)
        pgdir_copy_in(p->pgdir, w.va, data + WIRE_MOVE_LEN, w.len);
    else
        pgdir_copy_out(p->pgdir, w.va, resp + WIRE_MOVE_LEN, w.len);
    uint32_t back = status >= 0 && w.dir == MOVE_READ ? w.len : 0;
    w.status = status;
    wire_put_move(resp, &w);
    transport_send(node, TM_MOVE_RESP, resp, WIRE_MOVE_LEN + back);
    remote_stats.moves_in++;
    kfree(resp);
}

static void finish_move(unsigned node, const uint8_t *data, uint32_t len)
{
    struct wire_move w;
    if (wire_get_move(data, len, &w) != 0)
        return;
    for (int i = 0; i < MOVES_MAX; i++) {
        struct pending_move *pm = &moves[i];
        if (pm->id != w.id || pm->node != node || pm->status != 1)
            continue;
        if (w.status >= 0 && w.dir == MOVE_READ) {
            if (len - WIRE_MOVE_LEN < pm->len) {
                w.status = -E_FAULT;
            } else {
                memcpy(pm->buf, data + WIRE_MOVE_LEN, pm->len);
            }
        }
        pm->status = w.status;
        pm->moved_node = w.va;
        pm->moved_epoch = w.len;
        if (waitq_first(&pm->wait))
            sched_wake(waitq_first(&pm->wait), 0);
    }
}

void remote_forget(struct proc *p)
{
    for (int i = 0; i < MOVES_MAX; i++)
        if (moves[i].id && moves[i].p == p)
            moves[i].id = 0;
}

static void remote_receive(unsigned node, uint16_t kind, const uint8_t *data, uint32_t len)
{
    if (kind == TM_MSG)
        receive_msg(data, len);
    else if (kind == TM_MOVE_REQ)
        serve_move(node, data, len);
    else if (kind == TM_MOVE_RESP)
        finish_move(node, data, len);
}

static void remote_peer_down(unsigned node)
{
    order_node_down(node);      /* what a hold waits for may be lost with it */
    for (int i = 0; i < MOVES_MAX; i++) {
        struct pending_move *pm = &moves[i];
        if (pm->id && pm->node == node && pm->status == 1) {
            pm->status = -E_DOWN;
            if (waitq_first(&pm->wait))
                sched_wake(waitq_first(&pm->wait), 0);
        }
    }
    for (struct proc *p = proc_first(); p; p = p->all_next) {
        if (!p->call_token || p->call_node != node)
            continue;
        struct link reply = ipc_link_to(p, CHAN_REPLY, LINK_REPLY);
        reply.token = p->call_token;
        ipc_answer_error(&reply, -E_DOWN);
    }
}

void remote_init(void)
{
    transport_handle(TM_MSG, TM_MOVE_RESP, remote_receive);
    transport_on_peer_down(remote_peer_down);
}
