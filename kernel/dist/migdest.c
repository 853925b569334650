// SPDX-License-Identifier: MIT
/* A move at its destination D: step 3 (memory, an empty process with P's
 * id), the pulls of P's pages round after round while P still runs at S,
 * its state once S stopped it, and step 8 (P starts here); the test holds
 * (hold_pull=, hold_start=). */
#include "kernel/dist/migdest.h"
#include "kernel/dist/migrate.h"
#include "kernel/dist/migstate.h"
#include "kernel/dist/migpages.h"
#include "kernel/net/transport.h"
#include "kernel/core/sched.h"
#include "kernel/core/mem.h"
#include "kernel/core/cmdline.h"
#include "kernel/core/printk.h"
#include "kernel/core/string.h"
#include "arch/x86/pit.h"

#define FREE_FRAMES_KEPT 64     /* never let an arrival take the last frames */

void migdest_abort(struct migration *mg, bool tell, int status)
{
    /* Told, S stops waiting (it would otherwise wait for START's answer
     * for good). */
    if (tell && transport_peer_up(mg->peer))
        mig_send_step(mg, TM_MIG_ABORT, (struct wire_mig){ .u.status = status });
    if (mg->p)
        proc_discard(mg->p);
    migrate_stats.aborted++;
    mg->state = MIG_FREE;
}

void migdest_offer(unsigned node, const struct wire_mig *offer, const uint8_t *name)
{
    pid_t pid = offer->pid;
    uint32_t pages = offer->u.offer.pages;
    int status = 0;
    struct migration *mg = mig_free_slot();
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
    mig_send_to(node, TM_MIG_ACCEPT, &accept, 0, 0, 0);
    if (!p) {
        migrate_stats.refused++;
        return;
    }
    p->mig.moving = p->mig.arriving = true;
    p->stopped = true;                  /* a record in no queue yet: stopped as it is */
    p->state = P_STOPPED;
    *mg = (struct migration){ .state = MIG_PULLING, .pid = pid, .id = offer->attempt,
                              .peer = node, .p = p, .epoch = offer->u.offer.epoch };
    mig_arm(mg);
    mig_send_step(mg, TM_MIG_PULL_PAGES, (struct wire_mig){ .u.from_va = USER_BASE });  /* step 5 */
}

/* Ask for the next pages first, then map and fill these while S reads
 * them (the two overlap). After the last round (P stopped at S), S sends
 * P's state unasked. */
void migdest_pages(struct migration *mg, const struct wire_mig *m, const uint8_t *data,
                   uint32_t len)
{
    uint32_t head = wire_mig_len(TM_MIG_PAGES), next = m->u.pages.next_va;
    if (m->u.pages.count > PAGES_PER_MSG) {
        migdest_abort(mg, true, -E_INVAL);
        return;
    }
    if (next && boot_opts.hold_pull_ms && !mg->pages_seen) {
        mg->state = MIG_PULL_HELD;
        mg->held_from = next;
        mg->deadline = ticks + (uint64_t)boot_opts.hold_pull_ms * TICK_HZ / 1000;
        printk("demos: migrate %u.%u: pull held %u ms (hold_pull)\n", PID_NODE(mg->pid),
               PID_SERIAL(mg->pid), boot_opts.hold_pull_ms);
    } else if (next) {
        mig_send_step(mg, TM_MIG_PULL_PAGES, (struct wire_mig){ .u.from_va = next });
    }
    mg->pages_seen = true;
    int r = migpages_unpack(mg->p->pgdir, data + head, len - head, m->u.pages.count);
    if (r < 0)
        migdest_abort(mg, true, r);
}

void migdest_state(struct migration *mg, const uint8_t *state, uint32_t len)
{
    if (migstate_restore(mg->p, state, len) < 0)
        migdest_abort(mg, true, -E_INVAL);
    else
        mig_send_step(mg, TM_MIG_READY, (struct wire_mig){ 0 });
}

/* Step 8: P runs here now. */
static void run_here(struct migration *mg)
{
    struct proc *p = mg->p;
    p->mig = (struct proc_mig){ false, false, (uint16_t)mg->peer, mg->epoch, true };
    p->load.placed_tick = ticks;        /* the load policy lets it settle here */
    sched_resume(p);
    mig_send_step(mg, TM_MIG_STARTED, (struct wire_mig){ 0 });
    migrate_stats.migrations_in++;
    mg->state = MIG_FREE;
}

void migdest_start(struct migration *mg)
{
    if (!boot_opts.hold_start_ms) {
        run_here(mg);
        return;
    }
    mg->state = MIG_HELD;
    mg->deadline = ticks + (uint64_t)boot_opts.hold_start_ms * TICK_HZ / 1000;
    printk("demos: migrate %u.%u: START held %u ms (hold_start)\n", PID_NODE(mg->pid),
           PID_SERIAL(mg->pid), boot_opts.hold_start_ms);
}

void migdest_held(struct migration *mg)
{
    if (mg->state == MIG_HELD) {
        run_here(mg);
        return;
    }
    mg->state = MIG_PULLING;
    mig_arm(mg);
    mig_send_step(mg, TM_MIG_PULL_PAGES, (struct wire_mig){ .u.from_va = mg->held_from });
}
