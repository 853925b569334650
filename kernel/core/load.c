// SPDX-License-Identifier: MIT
/* Load measurement: at every tick, count the processes ready or running and
 * whether one (not idle) holds the CPU; at each whole second, turn the counts
 * into the node's figures and each process's runnable share. */
#include "kernel/core/load.h"
#include "kernel/core/sched.h"
#include "kernel/core/mem.h"
#include "arch/x86/pit.h"

#define WINDOW_TICKS ((uint64_t)LOAD_WINDOW_MS * TICK_HZ / 1000)

extern struct proc idle_proc;
static uint64_t window_start;
static uint32_t runnable_samples, busy_ticks;
static struct node_load last;

uint32_t load_free_pages(void)
{
    uint32_t frames = frames_free();
    uint32_t free = frames > LOAD_FREE_KEPT ? frames - LOAD_FREE_KEPT : 0;
    if (mem_budget_pages) {
        uint32_t used = proc_user_pages();
        uint32_t left = used < mem_budget_pages ? mem_budget_pages - used : 0;
        free = left < free ? left : free;
    }
    return free;
}

static void end_window(uint64_t len)
{
    last.runnable_x100 = (uint32_t)(runnable_samples * 100 / len);
    last.busy_pct = (uint32_t)(busy_ticks * 100 / len);
    last.free_pages = load_free_pages();    /* walks page tables: once a second */
    for (struct proc *p = proc_first(); p; p = p->all_next) {
        p->load.runnable_pct = (uint32_t)(p->load.samples * 100 / len);
        p->load.samples = 0;
    }
    runnable_samples = busy_ticks = 0;
    window_start = ticks;
}

/* A stopped or moving process is not counted: it cannot run here. */
static void load_tick(void)
{
    if (current != &idle_proc)
        busy_ticks++;
    for (struct proc *p = proc_first(); p; p = p->all_next) {
        if (p == &idle_proc || p->mig.moving)
            continue;
        if (p->state == P_RUNNABLE || p->state == P_RUNNING) {
            p->load.samples++;
            runnable_samples++;
        }
    }
    if (ticks - window_start >= WINDOW_TICKS)
        end_window(ticks - window_start);
}

struct node_load load_now(void)
{
    struct node_load l = last;
    l.runnable_now = 0;
    for (struct proc *p = proc_first(); p; p = p->all_next)
        if (p != current && p != &idle_proc && !p->mig.moving &&
            (p->state == P_RUNNABLE || p->state == P_RUNNING))
            l.runnable_now++;
    return l;
}

void load_init(void)
{
    window_start = ticks;
    last.free_pages = load_free_pages();
    sched_on_tick(load_tick);
}
