// SPDX-License-Identifier: MIT
/* Migration, with pre-copy. At the source S: offer P to D (2); P runs on.
 * At D: 3 check memory and make an empty process with P's id; 5 pull P's
 * pages in rounds while it runs at S, until S stops it (1) for the last
 * round (kernel/dist/precopy.c); 4 S sends its kernel state after the last
 * pages; D says it is ready. Then S says start, and D starts P (8) and says
 * so (D's side: kernel/dist/migdest.c); only then does S forward the messages that queued for P since it stopped, in order (6),
 * and free P, keeping a forwarding entry (7). Until D has said "started",
 * P can always go on at S: a refusal, a timeout or D going down resumes it
 * there, so it is never lost and never runs twice; and D moves P on only
 * once S has acknowledged STARTED (p->mig.settling), else S, should D die,
 * would resume P while it runs further on. The models of this protocol:
 * tests/model/migration.pml, precopy.pml and locate.pml. */
#include "kernel/dist/migrate.h"
#include "kernel/dist/migration.h"
#include "kernel/dist/migdest.h"
#include "kernel/dist/migstate.h"
#include "kernel/dist/forward.h"
#include "kernel/dist/remote.h"
#include "kernel/net/transport.h"
#include "kernel/net/service.h"
#include "kernel/core/ipc.h"
#include "kernel/core/sched.h"
#include "kernel/net/wire.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"
#include "arch/x86/x86.h"

struct migrate_stats migrate_stats;
static struct migration migs[MIGRATIONS];
static uint32_t attempts;
static uint8_t buf[WIRE_MSG_MAX];

struct migration *mig_free_slot(void)
{
    for (int i = 0; i < MIGRATIONS; i++)
        if (migs[i].state == MIG_FREE)
            return &migs[i];
    return 0;
}

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

void mig_send_to(unsigned node, uint16_t kind, const struct wire_mig *m, const void *extra,
                 uint32_t extra_len, uint32_t note)
{
    uint32_t n = wire_put_mig(buf, kind, m);
    memcpy(buf + n, extra, extra_len);
    transport_send_noted(node, kind, buf, n + extra_len, note);
}

void mig_send_step(struct migration *mg, uint16_t kind, struct wire_mig m)
{
    m.pid = mg->pid;
    m.attempt = mg->id;
    mig_send_to(mg->peer, kind, &m, 0, 0, kind == TM_MIG_STARTED ? MIG_NOTE | mg->pid : 0);
}

void mig_arm(struct migration *mg)
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
        mig_send_step(mg, TM_MIG_ABORT, (struct wire_mig){ .u.status = status });
    migrate_stats.aborted++;
    answer(mg, status);
    mg->state = MIG_FREE;
}

static void offer(struct migration *mg)
{
    struct proc *p = mg->p;
    mg->state = MIG_OFFERED;
    precopy_begin(&mg->pc);
    mig_arm(mg);
    struct wire_mig o = { p->pid, mg->id, .u.offer = { pgdir_user_pages(p->pgdir), mg->epoch } };
    mig_send_to(mg->peer, TM_MIG_OFFER, &o, p->name, PROG_NAME_MAX, 0);     /* step 2 */
}

int migrate_request(struct proc *p, unsigned dest, const struct link *reply)
{
    if (dest == boot_opts.node || p->mig.moving || p->killed)
        return -E_INVAL;
    if (!transport_peer_up(dest))
        return -E_DOWN;
    struct migration *mg = mig_free_slot();
    if (!mg)
        return -E_NOMEM;
    *mg = (struct migration){ .state = MIG_WAITING, .outgoing = true, .pid = p->pid,
                              .id = ++attempts, .peer = dest, .p = p, .epoch = p->mig.epoch + 1,
                              .has_reply = reply != 0 };
    if (reply)
        mg->reply = *reply;
    p->mig.moving = true;       /* it runs on: step 1 comes at the last round */
    if (p->mig.settling)
        mig_arm(mg);            /* the node it came from must know it is here first */
    else
        offer(mg);
    return 0;
}

/* The node P came from now knows it runs here (or is down, or restarted):
 * P may move on, and a move asked for meanwhile goes ahead. */
static void settled(struct proc *p)
{
    p->mig.settling = false;
    for (int i = 0; i < MIGRATIONS; i++) {
        struct migration *mg = &migs[i];
        if (mg->state == MIG_WAITING && mg->p == p) {
            if (transport_peer_up(mg->peer))
                offer(mg);
            else
                abort_out(mg, -E_DOWN);
        }
    }
}

static void migrate_noted(unsigned node, uint32_t note)
{
    struct proc *p = (note & MIG_NOTE) ? proc_find((pid_t)(note & ~MIG_NOTE)) : 0;
    if (p && p->mig.settling && p->mig.came_from == node)
        settled(p);
}

/* S, step 4: P's kernel state, once it stopped. */
static void send_state(struct migration *mg)
{
    struct wire_mig m = { mg->pid, mg->id, .u.status = 0 };
    uint32_t state_at = wire_put_mig(buf, TM_MIG_STATE, &m);
    uint32_t n = state_at + migstate_capture(mg->p, buf + state_at);
    transport_send(mg->peer, TM_MIG_STATE, buf, n);
    mg->bytes += n;
}

/* S, step 5: the next pages of the round from `from` on; after the last
 * ones (P stopped), its state at once (step 4): no trip for a pull. */
static void on_pull_pages(struct migration *mg, uint32_t from)
{
    struct wire_mig m = { mg->pid, mg->id, .u.pages = { 0, 0 } };
    uint32_t head = wire_mig_len(TM_MIG_PAGES);
    uint32_t n = head + precopy_pack(&mg->pc, mg->p, from, buf + head, &m.u.pages.count,
                                     &m.u.pages.next_va);
    wire_put_mig(buf, TM_MIG_PAGES, &m);
    transport_send(mg->peer, TM_MIG_PAGES, buf, n);
    mg->bytes += n;
    if (!m.u.pages.next_va)
        send_state(mg);
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
    order_unhold(p);                    /* held ones too: D orders them again */
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
            migdest_offer(node, &m, data + head);
        return;
    }
    bool at_source = kind == TM_MIG_ACCEPT || kind == TM_MIG_PULL_PAGES || kind == TM_MIG_READY ||
                     kind == TM_MIG_STARTED;
    struct migration *mg = find(m.pid, m.attempt, node, at_source);
    if (kind == TM_MIG_ABORT) {
        if ((mg = find(m.pid, m.attempt, node, true)))
            abort_out(mg, m.u.status < 0 ? m.u.status : -E_INVAL);
        else if ((mg = find(m.pid, m.attempt, node, false)))
            migdest_abort(mg, false, 0);
        return;
    }
    if (!mg)
        return;
    if (mg->outgoing && proc_find(mg->pid) != mg->p) {
        abort_out(mg, -E_NOPROC);   /* it ended meanwhile */
        return;
    }
    mig_arm(mg);
    switch (kind) {
    case TM_MIG_ACCEPT:
        if (m.u.status < 0)
            abort_out(mg, m.u.status);
        else
            mg->state = MIG_PULLING;
        break;
    case TM_MIG_STATE: migdest_state(mg, data + head, len - head); break;
    case TM_MIG_PULL_PAGES:
        on_pull_pages(mg, m.u.from_va);
        break;
    case TM_MIG_PAGES: migdest_pages(mg, &m, data, len); break;
    case TM_MIG_READY:
        mg->state = MIG_STARTING;
        mig_send_step(mg, TM_MIG_START, (struct wire_mig){ 0 });
        break;
    case TM_MIG_START: migdest_start(mg); break;
    case TM_MIG_STARTED: on_started(mg); break;
    }
}

static void migrate_peer_down(unsigned node)
{
    for (struct proc *p = proc_first(), *next; p; p = next) {
        next = p->all_next;     /* settled() may abort a move, never free p */
        if (p->mig.settling && p->mig.came_from == node)
            settled(p);         /* a node that is down resumes nothing */
    }
    for (int i = 0; i < MIGRATIONS; i++) {
        if (migs[i].state == MIG_FREE || migs[i].peer != node)
            continue;
        if (migs[i].outgoing)
            abort_out(&migs[i], -E_DOWN);
        else
            migdest_abort(&migs[i], false, 0);
    }
}

static void migrate_tick(void)
{
    for (int i = 0; i < MIGRATIONS; i++) {
        if (migs[i].state == MIG_FREE || ticks < migs[i].deadline)
            continue;
        if (migs[i].state == MIG_HELD || migs[i].state == MIG_PULL_HELD) {
            migdest_held(&migs[i]);
            continue;
        }
        /* Once START went out, D may be running P: only STARTED, ABORT or
         * D's death ends the move, never the clock (else P could run twice;
         * the model, tests/model, found this). */
        if (migs[i].outgoing && migs[i].state == MIG_STARTING)
            continue;
        if (migs[i].state == MIG_WAITING && !proc_find(migs[i].pid)) {
            abort_out(&migs[i], -E_NOPROC);     /* it ended while it waited */
            continue;
        }
        if (migs[i].outgoing)
            abort_out(&migs[i], -E_TIMEOUT);
        else
            migdest_abort(&migs[i], true, -E_TIMEOUT);   /* S must hear it (the model) */
    }
}

void migrate_init(void)
{
    precopy_init();
    transport_handle(TM_MIG_OFFER, TM_MIG_ABORT, migrate_receive);
    transport_on_peer_down(migrate_peer_down);
    transport_on_noted(migrate_noted);
    sched_on_tick(migrate_tick);
}
