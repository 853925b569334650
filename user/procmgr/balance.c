// SPDX-License-Identifier: MIT
/* procmgr's load policy (DEMOS/MP's process manager places and moves work;
 * the kernel only measures, kernel/core/load.c). A check each second moves
 * a CPU-bound process from this node to the least loaded one when this
 * node runs at least GAP more runnable processes; a spawn goes there too.
 * Hysteresis, explicit: a process that moved stays SETTLE_MS; a destination
 * takes one arrival from us at a time (and ARRIVAL_MS after it); a failed
 * destination cools off COOL_MS; system services and SPAWN_STAY never move. */
#include "balance.h"

#define GAP 2                   /* runnable processes over the least loaded node */
#define CPU_BOUND_PCT 50        /* ready or running this share of the last second */
#define YOUNG_MS 1500           /* a new process shows a whole second's share first */
#define SETTLE_MS 10000         /* a process that moved stays put this long */
#define ARRIVAL_MS 1500         /* after an arrival, until the node's report shows it */
#define QUIET_MS 1500           /* after a move ends, until our own report shows it */
#define COOL_MS 15000           /* a destination whose move failed */
#define PENDING_MS 2000         /* a spawn sent to a node counts in its load this long */
#define MOVE_LIMIT_MS 30000     /* a move unanswered this long is given up */
#define NODES 256
#define BEFORE(a, b) ((int32_t)((a) - (b)) < 0)

static struct move {
    bool used;
    pid_t pid;
    unsigned node, here, there;         /* runnable here and there when it started */
    uint32_t since;
} moves[BALANCE_MOVES];
static bool enabled = true;
static uint32_t now_ms, next_check, quiet_until;
static uint32_t cool_until[NODES], arrival_until[NODES], pending_at[NODES];
static uint8_t pending[NODES];
static struct { uint32_t moves, bytes, failed, placed; } done;
static struct msg lm;
static struct kop_load load[KOP_LOAD_MAX];
static uint32_t nload;

/* This node's figures and the up peers' (load[0] is this node). */
static int read_load(void)
{
    uint32_t op = KOP_LOAD;
    struct kop_load_head head;
    msg_set(&lm, &op, sizeof(op));
    int n = call(LINK_KERNEL_SELF, &lm, 0);
    if (n < (int)sizeof(head) || lm.h.status < 0)
        return n < 0 ? n : -E_INVAL;
    memcpy(&head, lm.body, sizeof(head));
    nload = (uint32_t)(n - (int)sizeof(head)) / sizeof(struct kop_load);
    nload = head.count < nload ? head.count : nload;
    memcpy(load, lm.body + sizeof(head), nload * sizeof(struct kop_load));
    now_ms = head.now_ms;
    return nload ? 0 : -E_INVAL;
}

static unsigned runnable(const struct kop_load *l)
{
    unsigned n = (l->runnable_x100 + 50) / 100;
    if (l->node < NODES && pending[l->node] && BEFORE(now_ms, pending_at[l->node] + PENDING_MS))
        n += pending[l->node];
    return n;
}

/* The least loaded other node that may take work now (0: none), with room
 * for pages (0: any). */
static const struct kop_load *least_loaded(uint32_t pages)
{
    const struct kop_load *best = 0;
    for (uint32_t i = 1; i < nload; i++) {
        const struct kop_load *l = &load[i];
        if (l->node >= NODES || BEFORE(now_ms, cool_until[l->node]) ||
            BEFORE(now_ms, arrival_until[l->node]) || l->free_pages < pages)
            continue;
        if (!best || runnable(l) < runnable(best))
            best = l;
    }
    return best;
}

static bool in_flight(pid_t pid)
{
    for (unsigned i = 0; i < BALANCE_MOVES; i++)
        if (moves[i].used && moves[i].pid == pid)
            return true;
    return false;
}

static bool movable(const struct kop_proc *p)
{
    if (p->flags & (KOP_PROC_SERVICE | KOP_PROC_STAY | KOP_PROC_BUSY) || PID_SERIAL(p->pid) <= 1)
        return false;
    if (p->here_ms < ((p->flags & KOP_PROC_MOVED) ? SETTLE_MS : YOUNG_MS))
        return false;
    return p->runnable_pct >= CPU_BOUND_PCT && !in_flight(p->pid);
}

/* Ask our kernel to move pid to node; its answer comes on the slot's channel. */
static int start_move(pid_t pid, unsigned node, unsigned here, unsigned there)
{
    unsigned slot = 0;
    while (slot < BALANCE_MOVES && moves[slot].used)
        slot++;
    if (slot == BALANCE_MOVES)
        return -E_NOMEM;
    struct { uint32_t op; pid_t pid; } preq = { KOP_PROC_LINK, pid };
    struct answer ans;
    int r = call_answer(LINK_KERNEL_SELF, &preq, sizeof(preq), &ans, &lm);
    if (r < 0)
        return r;
    int h = lm.h.link;
    uint32_t req[2] = { KOP_MIGRATE, node };
    msg_set(&lm, req, sizeof(req));
    lm.h.link = link_create(CHAN_MOVE_BASE + slot, 0, 0, 0);
    r = lm.h.link < 0 ? lm.h.link : send(h, &lm, 0);
    link_destroy(h);
    if (r < 0)
        return r;
    moves[slot] = (struct move){ true, pid, node, here, there, now_ms };
    arrival_until[node] = now_ms + MOVE_LIMIT_MS;   /* one arrival at a time */
    return 0;
}

static void move_ended(struct move *mv, int status, uint32_t bytes)
{
    if (status == 0) {
        done.moves++;
        done.bytes += bytes;
        arrival_until[mv->node] = now_ms + ARRIVAL_MS;
        printf("balance: moved %u.%u to node %u (%u bytes; runnable %u here, %u there)\n",
               PID_NODE(mv->pid), PID_SERIAL(mv->pid), mv->node, bytes, mv->here, mv->there);
    } else {
        done.failed++;
        arrival_until[mv->node] = 0;
        cool_until[mv->node] = now_ms + COOL_MS;
        printf("balance: moving %u.%u to node %u failed (%s): it stays; node %u cools off\n",
               PID_NODE(mv->pid), PID_SERIAL(mv->pid), mv->node, err_name(status), mv->node);
    }
    quiet_until = now_ms + QUIET_MS;
    mv->used = false;
}

void balance_answer(unsigned slot, const struct msg *m)
{
    struct migrate_answer a = { -E_INVAL, 0, 0, 0, 0 };
    memcpy(&a, m->body, m->h.len < sizeof(a) ? m->h.len : sizeof(a));
    if (slot >= BALANCE_MOVES || !moves[slot].used)
        return;
    read_load();
    move_ended(&moves[slot], m->h.status < 0 ? m->h.status : a.status, a.bytes);
}

void balance_check(void)
{
    static struct kop_proc procs[KOP_PROCS_MAX];
    if (read_load() < 0)
        return;
    for (unsigned i = 0; i < BALANCE_MOVES; i++)
        if (moves[i].used && !BEFORE(now_ms, moves[i].since + MOVE_LIMIT_MS))
            move_ended(&moves[i], -E_TIMEOUT, 0);
    if (!enabled || BEFORE(now_ms, next_check) || BEFORE(now_ms, quiet_until) || nload < 2)
        return;
    next_check = now_ms + BALANCE_CHECK_MS;
    uint32_t op = KOP_PROCS;
    msg_set(&lm, &op, sizeof(op));
    int n = call(LINK_KERNEL_SELF, &lm, 0);
    if (n < 0 || lm.h.status < 0)
        return;
    uint32_t nprocs = (uint32_t)n / sizeof(struct kop_proc);
    memcpy(procs, lm.body, nprocs * sizeof(struct kop_proc));
    unsigned here = runnable(&load[0]);
    for (uint32_t i = 0; i < nprocs; i++) {
        const struct kop_load *to = least_loaded(0);
        if (!to || here < runnable(to) + GAP)
            return;
        if (movable(&procs[i]) && start_move(procs[i].pid, to->node, here, runnable(to)) == 0)
            here--;             /* as it will be: the next goes elsewhere or not at all */
    }
}

unsigned balance_place(uint32_t pages)
{
    if (!enabled || read_load() < 0 || nload < 2)
        return 0;
    /* Spawns come faster than a second's figures: what is ready now counts. */
    unsigned here = runnable(&load[0]);
    here = load[0].runnable_now > here ? load[0].runnable_now : here;
    const struct kop_load *to = least_loaded(pages);
    if (!to || here < runnable(to) + GAP)
        return 0;
    if (!BEFORE(now_ms, pending_at[to->node] + PENDING_MS))
        pending[to->node] = 0;
    pending[to->node]++;
    pending_at[to->node] = now_ms;
    done.placed++;
    return to->node;
}

int balance_spawn_elsewhere(struct pm_req *req, int pages, int reply_to)
{
    unsigned node = pages < 0 ? 0 : balance_place((uint32_t)pages);
    char name[NAME_MAX];
    snprintf(name, sizeof(name), "procmgr.%u", node);
    int h = node ? name_lookup(name) : -E_NOENT;
    if (h < 0)
        return h;
    req->flags |= PMF_HERE;     /* there it is spawned, not placed again */
    msg_set(&lm, req, sizeof(*req));
    lm.h.link = reply_to;
    int r = send(h, &lm, 0);
    link_destroy(h);
    return r;
}

void balance_enable(bool on)
{
    enabled = on;
}

uint32_t balance_report(uint32_t report, char *buf, uint32_t size)
{
    uint32_t len = 0;
#define ADD(...) (len += (uint32_t)snprintf(buf + len, size - len, __VA_ARGS__), \
                  len = len < size ? len : size - 1)
    read_load();
    if (report == REPORT_LOAD) {
        for (uint32_t i = 0; i < nload; i++) {
            const struct kop_load *l = &load[i];
            ADD("node %u: runnable %u.%02u, busy %u%%, free %u KiB", l->node,
                l->runnable_x100 / 100, l->runnable_x100 % 100, l->busy_pct, l->free_pages * 4);
            if (i == 0)
                ADD(" (this node)\n");
            else
                ADD(", heard %u ms ago\n", l->age_ms);
        }
        return len;
    }
    ADD("balance %s: %u moves (%u bytes), %u failed, %u spawns placed elsewhere\n",
        enabled ? "on" : "off", done.moves, done.bytes, done.failed, done.placed);
    for (unsigned n = 1; n < NODES; n++)
        if (BEFORE(now_ms, cool_until[n]))
            ADD("node %u cools off for %u ms more\n", n, cool_until[n] - now_ms);
    for (unsigned i = 0; i < BALANCE_MOVES; i++)
        if (moves[i].used)
            ADD("moving %u.%u to node %u\n", PID_NODE(moves[i].pid), PID_SERIAL(moves[i].pid),
                moves[i].node);
    return len;
#undef ADD
}
