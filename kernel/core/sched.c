// SPDX-License-Identifier: MIT
/* The scheduler: a FIFO run queue, direct process-to-process switches (no
 * trip through a scheduler thread), wait queues, and timeouts kept in a
 * list sorted by wake-up tick. The kernel runs with interrupts off, so
 * nothing here needs a lock. */
#include "kernel/core/sched.h"
#include "kernel/core/printk.h"
#include "arch/x86/gdt.h"
#include "arch/x86/pit.h"
#include "arch/x86/trap.h"

#define SLICE_TICKS 10
/* Idle: no process has run for IDLE_QUIET_MS and no timeout is due sooner,
 * so the timer slows to one interrupt every IDLE_TICK_MS (an idle QEMU
 * guest costs its host mostly its timer interrupts: 64 of them at 1 ms
 * took more than 2 cores); the first process to run brings back 1 ms. */
#define IDLE_QUIET_MS 200       /* 20 slowed calls on a lossy wire: a resend's wait went idle */
#define IDLE_TICK_MS 10

volatile uint64_t ticks;
uint64_t idle_tsc, idle_since;
static struct waitq runq;
static struct proc *timers;         /* sorted by wake_tick */
static uint64_t slice_end;
union exit_work exit_work;
static uint32_t pit_rem;            /* PIT cycles x 1000 not yet a whole tick */
static uint64_t last_busy;          /* tick a process last held the CPU */
static bool tick_slow;

static void q_push(struct waitq *q, struct proc *p)
{
    p->q_next = 0;
    if (q->tail)
        q->tail->q_next = p;
    else
        q->head = p;
    q->tail = p;
}

static struct proc *q_pop(struct waitq *q)
{
    struct proc *p = q->head;
    if (p) {
        q->head = p->q_next;
        if (!q->head)
            q->tail = 0;
        p->q_next = 0;
    }
    return p;
}

static void q_remove(struct waitq *q, struct proc *p)
{
    struct proc *prev = 0;
    for (struct proc *it = q->head; it; prev = it, it = it->q_next) {
        if (it != p)
            continue;
        if (prev)
            prev->q_next = it->q_next;
        else
            q->head = it->q_next;
        if (q->tail == it)
            q->tail = prev;
        it->q_next = 0;
        return;
    }
}

static void timer_remove(struct proc *p)
{
    for (struct proc **pp = &timers; *pp; pp = &(*pp)->timer_next) {
        if (*pp == p) {
            *pp = p->timer_next;
            break;
        }
    }
    p->wake_tick = 0;
}

void sched_stop(struct proc *p)
{
    p->stopped = true;
    if (p->state == P_RUNNABLE) {
        sched_remove(p);
        p->state = P_STOPPED;
    }
}

void sched_resume(struct proc *p)
{
    p->stopped = false;
    if (p->state == P_STOPPED)
        sched_make_runnable(p);
}

void sched_make_runnable(struct proc *p)
{
    if (p->stopped) {
        p->state = P_STOPPED;   /* KOP_RESUME makes it runnable */
        return;
    }
    p->state = P_RUNNABLE;
    q_push(&runq, p);
}

void sched_remove(struct proc *p)
{
    if (p->state == P_RUNNABLE)
        q_remove(&runq, p);
    if (p->waiting_on)
        q_remove(p->waiting_on, p);
    p->waiting_on = 0;
    if (p->wake_tick)
        timer_remove(p);
}

/* A direct switch (fresh_slice false) hands next what is left of prev's
 * slice while others wait in the run queue: a pair that passes messages
 * back and forth shares one slice and the run queue still gets its turn.
 * With nobody waiting the slice starts afresh, as at every switch through
 * the run queue (else a slice inherited since long ago would make the
 * first process to become runnable preempt the pair at once). */
static inline __attribute__((always_inline)) void switch_to(struct proc *prev, struct proc *next,
                                                          bool fresh_slice)
{
    gdt_set_kernel_stack((uint32_t)next->kstack + KSTACK_SIZE);
    pgdir_activate(next->pgdir);
    current = next;
    if (fresh_slice || !runq.head) {
        slice_end = ticks + SLICE_TICKS;
        exit_work.is.resched = false;
    }
    extern void context_switch(struct context **save, struct context *load);
    context_switch(&prev->ctx, next->ctx);
}

extern struct proc idle_proc;

/* cycles more PIT input cycles have gone by: ticks goes on by whole ms. */
static void pit_gone(uint32_t cycles)
{
    pit_rem += cycles * 1000;
    while (pit_rem >= PIT_INPUT_HZ) {
        pit_rem -= PIT_INPUT_HZ;
        ticks++;
    }
}

static void tick_set_slow(bool slow)
{
    pit_gone(pit_set_period_ms(slow ? IDLE_TICK_MS : 1000 / TICK_HZ));
    tick_slow = slow;
}

void schedule(void)
{
    struct proc *prev = current;
    struct proc *next = q_pop(&runq);
    if (prev->state == P_RUNNING && prev->stopped)
        prev->state = P_STOPPED;
    if (!next) {
        exit_work.is.resched = false;      /* nobody to switch to: the tick asks again */
        if (prev->state == P_RUNNING)
            return;
        next = &idle_proc;
    } else if (prev->state == P_RUNNING && prev != &idle_proc) {
        sched_make_runnable(prev);
    }
    next->state = P_RUNNING;
    if (tick_slow && next != &idle_proc)
        tick_set_slow(false);
    if (next != prev)
        switch_to(prev, next, true);
    proc_reap();
}

int sched_block(struct waitq *q, uint32_t timeout_ms)
{
    return sched_block_to(q, timeout_ms, 0);
}

/* next's kernel call is over: it resumes right in user mode, through
 * trapret, as a new process starts; the frames it left on its kernel
 * stack are dropped (their work is done). It gets what is left of the
 * slice. */
static void run_finished(struct proc *prev, struct proc *next)
{
    next->ctx = (struct context *)((uint8_t *)next->tf - sizeof(struct context));
    next->ctx->eip = (uint32_t)trapret;
    next->state = P_RUNNING;
    switch_to(prev, next, false);
    proc_reap();
}

int sched_block_to(struct waitq *q, uint32_t timeout_ms, struct proc *next)
{
    struct proc *p = current;
    if (p->killed) {
        if (next)
            sched_make_runnable(next);
        return -E_NOPROC;
    }
    p->state = P_BLOCKED;
    p->wake_result = 0;
    p->waiting_on = q;
    if (q)
        q_push(q, p);
    if (timeout_ms) {
        p->wake_tick = ticks + (uint64_t)timeout_ms * TICK_HZ / 1000 + 1;
        struct proc **pp = &timers;
        while (*pp && (*pp)->wake_tick <= p->wake_tick)
            pp = &(*pp)->timer_next;
        p->timer_next = *pp;
        *pp = p;
    }
    if (next)
        run_finished(p, next);
    else
        schedule();
    return p->killed ? -E_NOPROC : p->wake_result;
}

void sched_wake(struct proc *p, int result)
{
    if (p->state != P_BLOCKED)
        return;
    sched_remove(p);
    p->wake_result = result;
    sched_make_runnable(p);
}

struct proc *waitq_first(struct waitq *q)
{
    return q->head;
}

void waitq_wake_all(struct waitq *q, int result)
{
    while (q->head)
        sched_wake(q->head, result);
}

/* What runs at every tick, in the order registered (the transport, then
 * migration's step timeouts). */
#define TICKERS 6
static void (*tickers[TICKERS])(void);

void sched_on_tick(void (*fn)(void))
{
    for (int i = 0; i < TICKERS; i++) {
        if (!tickers[i]) {
            tickers[i] = fn;
            return;
        }
    }
    panic("sched: more than %d tick handlers", TICKERS);
}

void sched_tick(void)
{
    pit_gone(pit_period());
    for (int i = 0; i < TICKERS && tickers[i]; i++)
        tickers[i]();
    while (timers && timers->wake_tick <= ticks)
        sched_wake(timers, -E_TIMEOUT);
    exit_work.is.resched = ticks >= slice_end && runq.head;
    bool due = timers && timers->wake_tick <= ticks + IDLE_TICK_MS;
    if (current != &idle_proc || runq.head)
        last_busy = ticks;
    else if (!tick_slow && !due && ticks - last_busy >= IDLE_QUIET_MS)
        tick_set_slow(true);
    else if (tick_slow && due)
        tick_set_slow(false);
}
