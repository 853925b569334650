// SPDX-License-Identifier: MIT
/* Migration, with pre-copy. At the source S: offer P to D (2); P runs on.
 * At D: 3 check memory and make an empty process with P's id; 5 pull P's
 * pages in rounds while it runs at S, until S stops it (1) for the last
 * round (kernel/dist/precopy.c); 4 pull its kernel state; tell S it is
 * ready. Then S says start, and D starts P (8) and says so; only then does
 * S forward the messages that queued for P since it stopped, in order (6),
 * and free P, keeping a forwarding entry (7). Until D has said "started",
 * P can always go on at S: a refusal, a timeout or D going down resumes it
 * there, so it is never lost and never runs twice. The models of this
 * protocol: tests/model/migration.pml and tests/model/precopy.pml. */
#include "kernel/dist/migrate.h"
#include "kernel/dist/migstate.h"
#include "kernel/dist/migpages.h"
#include "kernel/dist/precopy.h"
#include "kernel/dist/forward.h"
#include "kernel/dist/remote.h"
#include "kernel/net/transport.h"
#include "kernel/net/service.h"
#include "kernel/core/ipc.h"
#include "kernel/core/sched.h"
#include "kernel/net/wire.h"
#include "kernel/core/mem.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"
#include "arch/x86/x86.h"

#define MIGRATIONS 4
#define STEP_TIMEOUT_MS 3000
#define FREE_FRAMES_KEPT 64     /* never let an arrival take the last frames */

/* MIG_HELD: D got START and holds it (the hold_start= test option);
 * MIG_PULL_HELD: D holds a pull of pages (hold_pull=). */
enum mig_state { MIG_FREE, MIG_OFFERED, MIG_PULLING, MIG_STARTING, MIG_HELD, MIG_PULL_HELD };

/* One move in progress, at either end. */
struct migration {
    enum mig_state state;
    bool outgoing;
    pid_t pid;
    uint32_t id;                /* the attempt: S numbers them, every message names one */
    unsigned peer;
    struct proc *p;
    uint32_t epoch;             /* P's epoch at D */
    uint64_t deadline;
    uint32_t bytes;
    struct precopy pc;          /* S: the rounds */
    uint32_t held_from;         /* D, MIG_PULL_HELD: the pull it holds */
    bool pages_seen;            /* D: a pages message came (hold_pull= holds the pull after it) */
    bool has_reply;
    struct link reply;          /* S: the KOP_MIGRATE caller */
};

struct migrate_stats migrate_stats;
uint32_t mem_budget_pages;
static struct migration migs[MIGRATIONS];
static uint32_t attempts;
static uint8_t buf[WIRE_MSG_MAX];

/* A message left over from an attempt that ended (a timeout, an abort)
 * names another id, so it is never taken for a step of the next one. */
static struct migration *find(pid_t pid, uint32_t id, unsigned peer, bool outgoing)
{
    for (int i = 0; i < MIGRATIONS; i++)
        if (migs[i].state != MIG_FREE && migs[i].pid == pid && migs[i].id == id &&
            migs[i].peer == peer && migs[i].outgoing == outgoing)
            return &migs[i];
    return 0;
}

/* Every migration message: struct wire_mig (pid, attempt, the step's
 * fields), then extra bytes. */
static void send_to(unsigned node, uint16_t kind, const struct wire_mig *m, const void *extra,
                    uint32_t extra_len)
{
    uint32_t n = wire_put_mig(buf, kind, m);
    memcpy(buf + n, extra, extra_len);
    transport_send(node, kind, buf, n + extra_len);
}

/* Step kind of mg's attempt, with m's own fields. */
static void send_step(struct migration *mg, uint16_t kind, struct wire_mig m)
{
    m.pid = mg->pid;
    m.attempt = mg->id;
    send_to(mg->peer, kind, &m, 0, 0);
}

static struct wire_mig status_of(int status)
{
    return (struct wire_mig){ .u.status = status };
}

static void arm(struct migration *mg)
{
    mg->deadline = ticks + (uint64_t)STEP_TIMEOUT_MS * TICK_HZ / 1000;
}

/* The figures: request to STARTED back here, and stop to STARTED back
 * here (an upper bound of the freeze by one trip of STARTED). */
static void answer(struct migration *mg, int status)
{
    uint64_t now = rdtsc();
    struct precopy *pc = &mg->pc;
    struct migrate_answer a = { status, precopy_micros(pc->start_tsc, now), mg->bytes,
                                pc->stopped ? precopy_micros(pc->stop_tsc, now) : 0,
                                pc->rounds_sent };
    if (mg->has_reply)
        ipc_answer(&mg->reply, status < 0 ? status : 0, &a, sizeof(a), 0);
    mg->has_reply = false;
}

/* S: give up; P goes on here. */
static void abort_out(struct migration *mg, int status)
{
    struct proc *p = proc_find(mg->pid);
    if (p) {
        p->mig.moving = false;
        if (mg->pc.stopped)
            sched_resume(p);
    }
    if (transport_peer_up(mg->peer))
        send_step(mg, TM_MIG_ABORT, status_of(status));
    migrate_stats.aborted++;
    answer(mg, status);
    mg->state = MIG_FREE;
}

/* D: give up; the half-made process goes. tell: S does not know yet (it
 * would otherwise wait for START's answer for good). */
static void abort_in(struct migration *mg, bool tell, int status)
{
    if (tell && transport_peer_up(mg->peer))
        send_step(mg, TM_MIG_ABORT, status_of(status));
    if (mg->p)
        proc_discard(mg->p);
    migrate_stats.aborted++;
    mg->state = MIG_FREE;
}

int migrate_request(struct proc *p, unsigned dest, const struct link *reply)
{
    if (dest == boot_opts.node || p->mig.moving || p->killed)
        return -E_INVAL;
    if (!transport_peer_up(dest))
        return -E_DOWN;
    struct migration *mg = 0;
    for (int i = 0; i < MIGRATIONS && !mg; i++)
        if (migs[i].state == MIG_FREE)
            mg = &migs[i];
    if (!mg)
        return -E_NOMEM;
    *mg = (struct migration){ .state = MIG_OFFERED, .outgoing = true, .pid = p->pid,
                              .id = ++attempts, .peer = dest, .p = p, .epoch = p->mig.epoch + 1,
                              .has_reply = reply != 0 };
    if (reply)
        mg->reply = *reply;
    precopy_begin(&mg->pc);
    arm(mg);
    p->mig.moving = true;       /* it runs on: step 1 comes at the last round */
    struct wire_mig offer = { p->pid, mg->id, .u.offer = { pgdir_user_pages(p->pgdir), mg->epoch } };
    send_to(dest, TM_MIG_OFFER, &offer, p->name, PROG_NAME_MAX);       /* step 2 */
    return 0;
}

/* D, step 3: room for P? Then an empty process with its id. */
static void on_offer(unsigned node, const struct wire_mig *offer, const uint8_t *name)
{
    pid_t pid = offer->pid;
    uint32_t pages = offer->u.offer.pages;
    int status = 0;
    struct migration *mg = 0;
    for (int i = 0; i < MIGRATIONS && !mg; i++)
        if (migs[i].state == MIG_FREE)
            mg = &migs[i];
    char pname[PROG_NAME_MAX];
    memcpy(pname, name, PROG_NAME_MAX);
    pname[PROG_NAME_MAX - 1] = 0;
    struct proc *p = 0;
    if (proc_find_record(pid) || !mg)
        status = -E_INVAL;
    else if ((mem_budget_pages && proc_user_pages() + pages > mem_budget_pages) ||
             frames_free() < pages + pages / 1024 + FREE_FRAMES_KEPT)
        status = -E_NOMEM;
    else if (!(p = proc_alloc_as(pname, pid)))
        status = -E_NOMEM;
    struct wire_mig accept = { pid, offer->attempt, .u.status = status };
    send_to(node, TM_MIG_ACCEPT, &accept, 0, 0);
    if (!p) {
        migrate_stats.refused++;
        return;
    }
    p->mig.moving = p->mig.arriving = true;
    p->stopped = true;                  /* a record in no queue yet: stopped as it is */
    p->state = P_STOPPED;
    *mg = (struct migration){ .state = MIG_PULLING, .pid = pid, .id = offer->attempt,
                              .peer = node, .p = p, .epoch = offer->u.offer.epoch };
    arm(mg);
    send_step(mg, TM_MIG_PULL_PAGES, (struct wire_mig){ .u.from_va = USER_BASE });  /* step 5 */
}

/* S, step 5: the next pages of the round from `from` on. */
static void on_pull_pages(struct migration *mg, uint32_t from)
{
    struct wire_mig m = { mg->pid, mg->id, .u.pages = { 0, 0 } };
    uint32_t head = wire_mig_len(TM_MIG_PAGES);
    uint32_t n = head + precopy_pack(&mg->pc, mg->p, from, buf + head, &m.u.pages.count,
                                     &m.u.pages.next_va);
    wire_put_mig(buf, TM_MIG_PAGES, &m);
    transport_send(mg->peer, TM_MIG_PAGES, buf, n);
    mg->bytes += n;
}

/* D: ask for the next pages, then map and fill these while S reads them
 * (the two overlap); once the last round is in (P stopped at S), pull its
 * kernel state (step 4). */
static int on_pages(struct migration *mg, const struct wire_mig *m, const uint8_t *data,
                    uint32_t len)
{
    uint32_t head = wire_mig_len(TM_MIG_PAGES), next = m->u.pages.next_va;
    if (m->u.pages.count > PAGES_PER_MSG)
        return -E_INVAL;
    if (next && boot_opts.hold_pull_ms && !mg->pages_seen) {
        mg->state = MIG_PULL_HELD;
        mg->held_from = next;
        mg->deadline = ticks + (uint64_t)boot_opts.hold_pull_ms * TICK_HZ / 1000;
        printk("demos: migrate %u.%u: pull held %u ms (hold_pull)\n", PID_NODE(mg->pid),
               PID_SERIAL(mg->pid), boot_opts.hold_pull_ms);
    } else if (next) {
        send_step(mg, TM_MIG_PULL_PAGES, (struct wire_mig){ .u.from_va = next });
    }
    mg->pages_seen = true;
    int r = migpages_unpack(mg->p->pgdir, data + head, len - head, m->u.pages.count);
    if (r == 0 && !next)
        send_step(mg, TM_MIG_PULL_STATE, (struct wire_mig){ 0 });
    return r;
}

/* D, step 8: P runs here now. */
static void on_start(struct migration *mg)
{
    struct proc *p = mg->p;
    p->mig = (struct proc_mig){ false, false, (uint16_t)mg->peer, mg->epoch };
    sched_resume(p);
    send_step(mg, TM_MIG_STARTED, (struct wire_mig){ 0 });
    migrate_stats.migrations_in++;
    mg->state = MIG_FREE;
}

/* S, steps 6 and 7: forward what queued for P, in order; keep only a
 * forwarding entry. */
static void on_started(struct migration *mg)
{
    struct proc *p = mg->p;
    struct kmsg *m;
    fwd_add(p->pid, mg->peer, p->mig.came_from, mg->epoch);
    struct fwd *f = fwd_find(p->pid);
    if (f)
        f->incarnation = p->incarnation;
    while ((m = msgq_pop(&p->mq))) {
        struct link to = ipc_link_to(p, m->channel, 0);
        if (!f || forward_msg(m, &to, f) < 0)
            ipc_discard_msg(m, -E_DOWN);
    }
    waitq_wake_all(&p->sendq, 0);       /* its blocked senders now take the forwarding path */
    forward_open_calls(&p->links, p->pid, mg->peer, mg->epoch);
    remote_forget(p);
    proc_discard(p);
    migrate_stats.migrations_out++;
    answer(mg, 0);
    mg->state = MIG_FREE;
}

static void migrate_receive(unsigned node, uint16_t kind, const uint8_t *data, uint32_t len)
{
    struct wire_mig m;
    if (wire_get_mig(data, len, kind, &m) != 0)
        return;                 /* short for its kind: dropped */
    uint32_t head = wire_mig_len(kind);
    if (kind == TM_MIG_OFFER) {
        if (len >= head + PROG_NAME_MAX)
            on_offer(node, &m, data + head);
        return;
    }
    bool at_source = kind == TM_MIG_ACCEPT || kind == TM_MIG_PULL_STATE ||
                     kind == TM_MIG_PULL_PAGES || kind == TM_MIG_READY || kind == TM_MIG_STARTED;
    struct migration *mg = find(m.pid, m.attempt, node, at_source);
    if (kind == TM_MIG_ABORT) {
        if ((mg = find(m.pid, m.attempt, node, true)))
            abort_out(mg, m.u.status < 0 ? m.u.status : -E_INVAL);
        else if ((mg = find(m.pid, m.attempt, node, false)))
            abort_in(mg, false, 0);
        return;
    }
    if (!mg)
        return;
    if (mg->outgoing && proc_find(mg->pid) != mg->p) {
        abort_out(mg, -E_NOPROC);   /* it ended meanwhile */
        return;
    }
    arm(mg);
    switch (kind) {
    case TM_MIG_ACCEPT:
        if (m.u.status < 0)
            abort_out(mg, m.u.status);
        else
            mg->state = MIG_PULLING;
        break;
    case TM_MIG_PULL_STATE: {
        if (!mg->pc.stopped) {
            abort_out(mg, -E_INVAL);    /* out of turn: P still runs here */
            break;
        }
        uint32_t state_at = wire_put_mig(buf, TM_MIG_STATE, &m);
        uint32_t n = state_at + migstate_capture(mg->p, buf + state_at);
        transport_send(node, TM_MIG_STATE, buf, n);
        mg->bytes += n;
        break;
    }
    case TM_MIG_STATE:
        if (migstate_restore(mg->p, data + head, len - head) < 0)
            abort_in(mg, true, -E_INVAL);
        else
            send_step(mg, TM_MIG_READY, (struct wire_mig){ 0 });
        break;
    case TM_MIG_PULL_PAGES:
        on_pull_pages(mg, m.u.from_va);
        break;
    case TM_MIG_PAGES: {
        int r = on_pages(mg, &m, data, len);
        if (r < 0)
            abort_in(mg, true, r);
        break;
    }
    case TM_MIG_READY:
        mg->state = MIG_STARTING;
        send_step(mg, TM_MIG_START, (struct wire_mig){ 0 });
        break;
    case TM_MIG_START:
        if (boot_opts.hold_start_ms) {
            mg->state = MIG_HELD;
            mg->deadline = ticks + (uint64_t)boot_opts.hold_start_ms * TICK_HZ / 1000;
            printk("demos: migrate %u.%u: START held %u ms (hold_start)\n", PID_NODE(mg->pid),
                   PID_SERIAL(mg->pid), boot_opts.hold_start_ms);
        } else {
            on_start(mg);
        }
        break;
    case TM_MIG_STARTED: on_started(mg); break;
    }
}

static void migrate_peer_down(unsigned node)
{
    for (int i = 0; i < MIGRATIONS; i++) {
        if (migs[i].state == MIG_FREE || migs[i].peer != node)
            continue;
        if (migs[i].outgoing)
            abort_out(&migs[i], -E_DOWN);
        else
            abort_in(&migs[i], false, 0);
    }
}

static void migrate_tick(void)
{
    for (int i = 0; i < MIGRATIONS; i++) {
        if (migs[i].state == MIG_FREE || ticks < migs[i].deadline)
            continue;
        if (migs[i].state == MIG_HELD) {
            on_start(&migs[i]);
            continue;
        }
        if (migs[i].state == MIG_PULL_HELD) {
            migs[i].state = MIG_PULLING;
            arm(&migs[i]);
            send_step(&migs[i], TM_MIG_PULL_PAGES,
                      (struct wire_mig){ .u.from_va = migs[i].held_from });
            continue;
        }
        /* Once START went out, D may be running P: only STARTED, ABORT or
         * D's death ends the move, never the clock (else P could run twice;
         * the model, tests/model, found this). */
        if (migs[i].outgoing && migs[i].state == MIG_STARTING)
            continue;
        if (migs[i].outgoing)
            abort_out(&migs[i], -E_TIMEOUT);
        else
            abort_in(&migs[i], true, -E_TIMEOUT);   /* S must hear it (the model) */
    }
}

void migrate_init(void)
{
    precopy_init();
    transport_handle(TM_MIG_OFFER, TM_MIG_ABORT, migrate_receive);
    transport_on_peer_down(migrate_peer_down);
    sched_on_tick(migrate_tick);
}
