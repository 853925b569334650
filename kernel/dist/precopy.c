// SPDX-License-Identifier: MIT
/* Pre-copy (V, Theimer, Lantz & Cheriton, SOSP 1985): the source's side of
 * a move's rounds and the stop rule, and the TSC clock for its figures.
 * The process runs during every round but the last; the page-table dirty
 * bits (arch/x86/paging.c) say what it wrote since a page was sent. */
#include "kernel/dist/precopy.h"
#include "kernel/dist/migpages.h"
#include "kernel/core/sched.h"
#include "arch/x86/pit.h"
#include "arch/x86/x86.h"

static uint64_t tsc0, ticks0;

void precopy_init(void)
{
    tsc0 = rdtsc();
    ticks0 = ticks;
}

uint32_t precopy_micros(uint64_t from, uint64_t to)
{
    /* TSC per microsecond from all the time since boot: a move comes
     * seconds after it, so one tick's jitter is a fraction of a percent. */
    uint64_t us = (ticks - ticks0) * 1000000 / TICK_HZ, tsc = rdtsc() - tsc0;
    if (us == 0 || tsc < us)
        return (uint32_t)((to - from) / 1000);     /* the first tick: guess 1 GHz */
    return (uint32_t)((to - from) * us / tsc);
}

void precopy_begin(struct precopy *pc)
{
    *pc = (struct precopy){ 1, 0, 0, false, rdtsc(), 0 };
}

/* Another round while it runs, or stop it now? Another one only while the
 * rounds are few, the dirty set is not small, and it is under 3/4 of what
 * this round sent (else a process that writes fast would never move). */
static bool another_round(const struct precopy *pc, uint32_t dirty)
{
    return pc->round < PRECOPY_ROUNDS_MAX && dirty > PRECOPY_STOP_PAGES &&
           dirty * 4 < pc->sent * 3;
}

uint32_t precopy_pack(struct precopy *pc, struct proc *p, uint32_t from, uint8_t *out,
                      uint32_t *count, uint32_t *next)
{
    uint32_t n = migpages_pack(p->pgdir, from, pc->round > 1, out, count, next);
    if (*count && pc->sent == 0)
        pc->rounds_sent++;
    pc->sent += *count;
    if (*next || pc->stopped)
        return n;
    uint32_t pte, dirty = pgdir_dirty_pages(p->pgdir);
    if (!another_round(pc, dirty)) {
        sched_stop(p);          /* its last instruction here */
        pc->stop_tsc = rdtsc();
        pc->stopped = true;
    }
    pc->round++;
    pc->sent = 0;
    *next = dirty ? pgdir_next_dirty_page(p->pgdir, USER_BASE, &pte) : 0;
    return n;
}
