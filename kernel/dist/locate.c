// SPDX-License-Identifier: MIT
/* LOCATE: no residual dependency on a node that is not up. A message whose
 * next node (a link's hint, or a forwarding entry) is down or not heard yet
 * is held; a broadcast asks every node where the process is, its host
 * answers HERE, the links and forwarding entry here are rewritten (the
 * newest epoch wins) and the held messages go on, in order; or they go as
 * sent once that node is heard. */
#include "kernel/dist/locate.h"
#include "kernel/dist/remote.h"
#include "kernel/core/route.h"
#include "kernel/core/ipc.h"
#include "kernel/core/proc.h"
#include "kernel/core/mem.h"
#include "kernel/core/sched.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/incarnation.h"
#include "kernel/dist/fwdtable.h"
#include "kernel/net/transport.h"
#include "kernel/net/service.h"
#include "kernel/net/wire.h"
#include "arch/x86/pit.h"

#define LOCATE_MAX 16           /* processes being located at once */
#define HELD_MAX 64             /* messages held, all locates together */
#define ASK_MS 150              /* the broadcast again, while no answer */
#define DOWN_ASK_MS 600         /* the wait when the node it was at is known down */
#define REMEMBER_MS 5000        /* a failed locate answers at once this long */
#define MS_TICKS(ms) ((uint64_t)(ms) * TICK_HZ / 1000)

struct locate_stats locate_stats;

struct held {
    struct held *next;
    struct kmsg *m;
    struct link l;              /* the link it was sent along */
};

static struct locate {
    pid_t pid;                  /* 0: free */
    uint32_t incarnation;       /* asked for (0: any) */
    int status;                 /* 0: asking; else it failed so, until deadline */
    uint64_t deadline, next_ask;
    struct held *head, *tail;
} locs[LOCATE_MAX];
static unsigned held_count;

static struct locate *find(pid_t pid)
{
    for (int i = 0; i < LOCATE_MAX; i++)
        if (locs[i].pid == pid)
            return &locs[i];
    return 0;
}

static void ask(struct locate *lc)
{
    uint8_t buf[8];
    wire_put_words(buf, (uint32_t[]){ lc->pid, lc->incarnation }, 2);
    transport_broadcast(TM_LOCATE, buf, sizeof(buf));
    locate_stats.asked++;
    lc->next_ask = ticks + MS_TICKS(ASK_MS);
}

/* Every link here to pid, and its forwarding entry, learn (node, epoch);
 * a call open to pid now waits on node. */
static void learn(pid_t pid, unsigned node, uint32_t epoch)
{
    for (struct proc *p = proc_first(); p; p = p->all_next) {
        link_table_retarget(&p->links, pid, node, epoch);
        if (p->call_token && p->call_target == pid)
            p->call_node = (uint16_t)node;
    }
    struct fwd *f = fwd_find(pid);
    if (f && epoch > f->epoch) {
        f->node = node;
        f->epoch = epoch;
    }
}

/* Send h's message on, now that its process is at (node, epoch). */
static void release(struct held *h, unsigned node, uint32_t epoch)
{
    struct proc *full = 0;
    struct link l = h->l;
    h->m->remote = true;                /* its sender no longer waits for room */
    if (l.node_hint != boot_opts.node || !fwd_find(l.target)) {
        l.node_hint = (uint16_t)node;   /* through a forwarding entry here, else direct */
        l.epoch = epoch;
    }
    int r = route_send(h->m, &l, &full);
    if (r < 0) {
        remote_stats.undeliverable++;
        ipc_discard_msg(h->m, r);
    }
    held_count--;
    kfree(h);
}

/* Give up on lc's messages (status to each call's caller); messages for
 * its process fail so at once for a while. */
static void fail(struct locate *lc, int status)
{
    while (lc->head) {
        struct held *h = lc->head;
        lc->head = h->next;
        remote_stats.undeliverable++;
        ipc_discard_msg(h->m, status);
        held_count--;
        kfree(h);
    }
    lc->tail = 0;
    lc->status = status;
    lc->deadline = ticks + MS_TICKS(REMEMBER_MS);
    locate_stats.failed++;
}

int locate_hold(struct kmsg *m, const struct link *l)
{
    struct proc *here = proc_find(l->target);
    if (here && incarnation_reaches(l->incarnation, here->incarnation)) {
        struct link at = *l;            /* it came here meanwhile */
        struct proc *full = 0;
        at.node_hint = (uint16_t)boot_opts.node;
        at.epoch = here->mig.epoch;
        learn(l->target, boot_opts.node, here->mig.epoch);
        int r = route_send(m, &at, &full);
        return r == -E_WOULDBLOCK ? -E_NOMEM : r;  /* a full queue: none to wait on here */
    }
    struct locate *lc = find(l->target);
    if (lc && lc->status)
        return lc->status;              /* it failed a moment ago */
    for (int i = 0; i < LOCATE_MAX && !lc; i++)
        if (!locs[i].pid)
            lc = &locs[i];
    if (!lc || held_count >= HELD_MAX)
        return -E_DOWN;                 /* no room to wait: as before, at once */
    struct held *h = kmalloc(sizeof(*h));
    if (!h)
        return -E_NOMEM;
    *h = (struct held){ 0, m, *l };
    held_count++;
    if (!lc->pid) {
        /* A node not heard yet may be booting: wait as long as a death
         * takes to see. One known down: live hosts answer at once. */
        uint32_t ms = transport_peer_known(l->node_hint) ? DOWN_ASK_MS : LOCATE_MS;
        *lc = (struct locate){ l->target, l->incarnation, 0, ticks + MS_TICKS(ms), 0, 0, 0 };
        ask(lc);
    }
    if (lc->tail)
        lc->tail->next = h;
    else
        lc->head = h;
    lc->tail = h;
    locate_stats.held++;
    return 0;
}

/* Someone asks where pid is: its host says so; its birth node, in the
 * incarnation asked for, says it has ended if it knows nothing of it. */
static void answer(unsigned node, const uint8_t *data, uint32_t len)
{
    uint32_t w[2];
    if (wire_get_words(data, len, w, 2) != 0)
        return;
    pid_t pid = w[0];
    struct proc *p = proc_find(pid);
    uint32_t here[4] = { pid, 0, boot_opts.node, 0 };
    if (p && incarnation_reaches(w[1], p->incarnation)) {
        here[1] = p->incarnation;
        here[3] = p->mig.epoch;
    } else if (PID_NODE(pid) != boot_opts.node || !incarnation_reaches(w[1], node_incarnation)) {
        return;                         /* not here, and not ours to know */
    } else if (PID_SERIAL(pid) == 0) {
        here[1] = node_incarnation;     /* this kernel itself */
    } else if (!p && !fwd_find(pid)) {
        here[2] = 0;                    /* born here, gone from here: ended */
    } else {
        return;                         /* it moved on: its host answers */
    }
    uint8_t buf[16];
    wire_put_words(buf, here, 4);
    transport_send(node, TM_HERE, buf, sizeof(buf));
}

static void heard(unsigned from, const uint8_t *data, uint32_t len)
{
    uint32_t w[4];
    struct locate *lc;
    if (wire_get_words(data, len, w, 4) != 0 || !(lc = find(w[0])) || lc->status)
        return;
    if (w[2] == 0) {                    /* ended: only its birth node may say so */
        if (from == PID_NODE(w[0]))
            fail(lc, -E_NOPROC);
        return;
    }
    if (w[2] != from || !incarnation_reaches(lc->incarnation, w[1]))
        return;
    locate_stats.found++;
    learn(w[0], w[2], w[3]);
    struct held *h = lc->head;
    lc->head = lc->tail = 0;
    lc->pid = 0;                        /* a release that fails again starts anew */
    while (h) {
        struct held *next = h->next;
        release(h, w[2], w[3]);
        h = next;
    }
}

/* The node lc's first message was sent to is up now (it was not heard
 * yet, or came back): its messages go as they were sent. */
static void release_as_sent(struct locate *lc)
{
    struct held *h = lc->head;
    lc->head = lc->tail = 0;
    lc->pid = 0;
    locate_stats.heard++;
    while (h) {
        struct held *next = h->next;
        release(h, h->l.node_hint, h->l.epoch);
        h = next;
    }
}

static void locate_receive(unsigned node, uint16_t kind, const uint8_t *data, uint32_t len)
{
    if (kind == TM_LOCATE)
        answer(node, data, len);
    else
        heard(node, data, len);
}

static void locate_tick(void)
{
    for (int i = 0; i < LOCATE_MAX; i++) {
        struct locate *lc = &locs[i];
        if (!lc->pid)
            continue;
        if (lc->status && ticks >= lc->deadline)
            lc->pid = 0;                /* forgotten: the next message asks again */
        else if (!lc->status && transport_peer_up(lc->head->l.node_hint))
            release_as_sent(lc);
        else if (!lc->status && ticks >= lc->deadline)
            fail(lc, -E_DOWN);
        else if (ticks >= lc->next_ask)
            ask(lc);
    }
}

void locate_init(void)
{
    transport_handle(TM_LOCATE, TM_HERE, locate_receive);
    sched_on_tick(locate_tick);
}
